"""Lookups over a parsed document that several extractors need, each computed once per document.

Walking a Doc token by token in Python creates a Token object per step, and `doc.ents` builds new
Span objects on every access; the extractors did both many times per report. These helpers read
token attributes as arrays and remember what they found in `doc.user_data`, so each question costs
one pass. A document's entities and annotations must not change after the pipeline has run (the
extractors never change them).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import numpy
from spacy.attrs import IDX, LEMMA, LENGTH, LOWER, ORTH, SENT_START
from spacy.tokens import Doc, Span

_KEY = "dashboard.doc_index"


def doc_memo(doc: Doc) -> dict:
    """Values derived once per parsed document (kept in its `user_data`, so they go when it goes)."""
    memo = doc.user_data.get(_KEY)
    if memo is None:
        memo = doc.user_data[_KEY] = {}
    return memo


def _array(doc: Doc, attr: int) -> numpy.ndarray:
    memo = doc_memo(doc)
    if attr not in memo:
        memo[attr] = doc.to_array(attr) if len(doc) else numpy.zeros(0, dtype=numpy.uint64)
    return memo[attr]


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once (spaCy joins every token's text on each access)."""
    memo = doc_memo(doc)
    if "text" not in memo:
        memo["text"] = doc.text
    return memo["text"]


def remember_text(doc: Doc, text: str) -> None:
    """Tell the index the text the document was made from (spaCy keeps every character: it is `doc.text`)."""
    doc_memo(doc)["text"] = text


def entities(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, built once."""
    memo = doc_memo(doc)
    if "ents" not in memo:
        memo["ents"] = tuple(doc.ents)
    return memo["ents"]


def entity_starting_at(doc: Doc) -> dict[int, Span]:
    """Each entity by the index of its first token."""
    memo = doc_memo(doc)
    if "ent_at" not in memo:
        memo["ent_at"] = {ent.start: ent for ent in entities(doc)}
    return memo["ent_at"]


def _string_test(doc: Doc, attr: int, name: str, test: Callable[[str], bool]) -> list[int]:
    """Indices of the tokens whose `attr` string passes `test`, asking once per distinct string."""
    memo = doc_memo(doc)
    if name not in memo:
        values = _array(doc, attr)
        unique, inverse = numpy.unique(values, return_inverse=True)
        strings = doc.vocab.strings
        passed = numpy.fromiter((test(strings[int(v)]) for v in unique), dtype=bool, count=len(unique))
        memo[name] = numpy.flatnonzero(passed[inverse.reshape(-1)]).tolist()
    return memo[name]


def tokens_lower_in(doc: Doc, words: Collection[str]) -> list[int]:
    """Indices of the tokens whose lower-case form is one of `words`."""
    hashes = numpy.array([doc.vocab.strings.add(w) for w in words], dtype=numpy.uint64)
    return numpy.flatnonzero(numpy.isin(_array(doc, LOWER), hashes)).tolist()


def tokens_lemma_lower_in(doc: Doc, words: frozenset[str], name: str) -> list[int]:
    """Indices of the tokens whose lemma, lower-cased, is one of `words` (`name` keys the memo)."""
    return _string_test(doc, LEMMA, f"lemma:{name}", lambda lemma: lemma.lower() in words)


def capitalised_tokens(doc: Doc) -> list[int]:
    """Indices of the tokens whose text begins with an upper-case letter."""
    return _string_test(doc, ORTH, "capitalised", lambda text: text[:1].isupper())


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences, as `doc.sents` gives them."""
    memo = doc_memo(doc)
    if "sents" not in memo:
        values = doc.to_array([SENT_START, IDX, LENGTH]).astype(numpy.int64) if len(doc) > 1 else None
        if values is None or not values[1:, 0].any():  # no sentence annotation: let spaCy say so (or cope)
            memo["sents"] = [(s.start_char, s.end_char) for s in doc.sents]
        else:
            starts = [0, *(numpy.flatnonzero(values[1:, 0] == 1) + 1).tolist()]
            ends = [*starts[1:], len(doc)]
            idx, length = values[:, 1].tolist(), values[:, 2].tolist()
            memo["sents"] = [(idx[a], idx[b - 1] + length[b - 1]) for a, b in zip(starts, ends, strict=True)]
    return memo["sents"]
