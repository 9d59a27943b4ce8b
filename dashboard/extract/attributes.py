"""The model's attribute ruler and lemmatizer as table lookups: same annotations, a fraction of the time.

Attribute ruler (tag -> part of speech, morphology, some lemmas):

spaCy's `AttributeRuler` runs a Matcher with ~180 patterns over every token and then sets each
match's attributes in Python, one Span per match: about an eighth of the small model's parse time.
Its single-token patterns look at a token's TAG, LOWER, DEP and IS_SPACE only, so what they do to a
token depends on (lower, tag, dep) alone. `TableAttributeRuler` works that out once per distinct
triple by running the ruler's own matcher on a one-token probe, remembers it, and sets a whole
document's attributes with one array write. The few multi-token patterns ("there is", "gonna") are
matched with arrays (or the Matcher, for a regular expression, when the document holds their
words) and applied on top in the ruler's order, so every token ends up exactly as the ruler leaves it.

Lemmatizer: in its "rule" and "lookup" modes a lemma is a function of the token's text, part of speech
and morphology; spaCy's lemmatizer works it out per token in Python (and does not remember base forms).
`TableLemmatizer` asks it once per distinct (text, pos, morph) and writes a document's lemmas at once.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_WRITTEN = (POS, TAG, MORPH, LEMMA)  # set with one array write per document; any other attribute per token
_READ = {"TAG", "LOWER", "DEP", "IS_SPACE"}  # what single-token patterns may look at for the table to be exact
_COLUMNS = {"LOWER": 0, "TAG": 1, "DEP": 2}  # columns of the key array
_OTHER_DEP = "dep"  # stands for every dependency label that no pattern asks for


def _allowed(value) -> list[str] | None:
    """The values a token constraint accepts, when it is a plain value or {"IN": [...]}; else None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
        return list(value["IN"])
    return None


class _MultiPattern:
    """One multi-token pattern: matched with arrays when its constraints are plain values, else by a Matcher."""

    def __init__(self, vocab, attr_id: int, tokens: list[dict]) -> None:
        self.attr_id = attr_id
        self.length = len(tokens)
        self.checks: list[tuple[int, int, numpy.ndarray]] = []  # (offset, column, allowed hashes)
        self.matcher: Matcher | None = None
        for offset, token in enumerate(tokens):
            for key, value in token.items():
                allowed = _allowed(value)
                if key in _COLUMNS and allowed is not None:
                    hashes = numpy.array([vocab.strings.add(v) for v in allowed], dtype=numpy.uint64)
                    self.checks.append((offset, _COLUMNS[key], hashes))
                elif self.matcher is None:
                    self.matcher = Matcher(vocab)
                    self.matcher.add(str(attr_id), [tokens])

    def starts(self, doc: Doc, keys: numpy.ndarray) -> list[int]:
        """Token indices where the pattern matches."""
        n = len(keys) - self.length + 1
        if n <= 0:
            return []
        hit = numpy.ones(n, dtype=bool)
        for offset, column, hashes in self.checks:
            hit &= numpy.isin(keys[offset : offset + n, column], hashes)
        if not hit.any():
            return []
        if self.matcher is None:
            return numpy.flatnonzero(hit).tolist()
        return [start for _, start, _ in self.matcher(doc) if start < n and hit[start]]


class TableAttributeRuler:
    """Does what a loaded `AttributeRuler` does to a document, by table lookup instead of a Matcher per token."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.multi: list[_MultiPattern] = []
        deps: set[str] = set()
        self.exact = True
        for attr_id, pattern in enumerate(ruler.patterns):
            for tokens in pattern["patterns"]:
                if len(tokens) > 1:
                    self.multi.append(_MultiPattern(self.vocab, attr_id, tokens))
                elif any(key not in _READ for key in tokens[0]):
                    self.exact = False  # a pattern reads something else: leave every document to the ruler
                for token in tokens:
                    wanted = token.get("DEP")
                    if isinstance(wanted, dict) and set(wanted) == {"NOT_IN"}:
                        wanted = {"IN": wanted["NOT_IN"]}
                    if wanted is not None:
                        allowed = _allowed(wanted)
                        if allowed is None:
                            self.exact = False
                        else:
                            deps.update(allowed)
        if _OTHER_DEP in deps:
            self.exact = False
        strings = self.vocab.strings
        self.dep_ids = numpy.array(sorted(strings.add(d) for d in deps), dtype=numpy.uint64)
        self.other_dep = strings.add(_OTHER_DEP)
        # (lower, tag, dep) -> (values, which are set, the rules that match in order, sets other attributes)
        self.table: dict[tuple[int, int, int], tuple[tuple[int, ...], tuple[bool, ...], list[int], bool]] = {}

    def _learn(self, keys: list[tuple[int, int, int]]) -> None:
        """Table entries for unseen (lower, tag, dep) keys, from one probe document of one token per key."""
        strings = self.vocab.strings
        words = [strings[k[0]] for k in keys]
        probe = Doc(
            self.vocab,
            words=words,
            spaces=[False] * len(words),
            tags=[strings[k[1]] for k in keys],
            deps=[strings[k[2]] for k in keys],
            heads=list(range(len(words))),
        )
        matched: list[list[int]] = [[] for _ in keys]
        for attr_id, _, start, end in self.ruler.match(probe):  # sorted in the ruler's order: later rules win
            if end - start == 1:
                matched[start].append(attr_id)
        for key, ids in zip(keys, matched, strict=True):
            attrs: dict = {}
            for attr_id in ids:
                attrs.update(self.ruler.attrs[attr_id])
            values = tuple(int(attrs.get(a, 0)) for a in _WRITTEN)
            others = any(a not in _WRITTEN for a in attrs)
            self.table[key] = (values, tuple(a in attrs for a in _WRITTEN), ids, others)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0 or not self.exact:
            return self.ruler(doc) if len(doc) else doc
        keys = doc.to_array([LOWER, TAG, DEP])
        table_keys = keys.copy()
        table_keys[~numpy.isin(keys[:, 2], self.dep_ids), 2] = self.other_dep
        unique, inverse = numpy.unique(table_keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        rows = len(unique)
        table_values = numpy.zeros((rows, len(_WRITTEN)), dtype=numpy.uint64)
        table_set = numpy.zeros((rows, len(_WRITTEN)), dtype=bool)
        row_keys = list(map(tuple, unique.tolist()))
        unseen = [key for key in row_keys if key not in self.table]
        if unseen:
            self._learn(unseen)
        entries = [self.table[key] for key in row_keys]
        for row, entry in enumerate(entries):
            table_values[row], table_set[row] = entry[0], entry[1]
        current = doc.to_array(list(_WRITTEN))
        doc.from_array(list(_WRITTEN), numpy.where(table_set[inverse], table_values[inverse], current))
        others = [row for row, entry in enumerate(entries) if entry[3]]  # e.g. DEP of whitespace tokens
        touched: dict[int, list[int]] = {i: [] for i in numpy.flatnonzero(numpy.isin(inverse, others)).tolist()}
        for pattern in self.multi:
            for start in pattern.starts(doc, keys):
                i = range(start, start + pattern.length)[self.ruler.indices[pattern.attr_id]]
                touched.setdefault(i, []).append(pattern.attr_id)
        for i, multi in touched.items():
            attrs: dict = {}
            for attr_id in sorted([*entries[inverse[i]][2], *multi]):
                attrs.update(self.ruler.attrs[attr_id])
            set_token_attrs(doc[i], attrs)
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


class TableLemmatizer:
    """Does what a rule or lookup `Lemmatizer` does to a document, asking it once per distinct token."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.exact = lemmatizer.mode in ("rule", "lookup")
        self.table: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0 or not self.exact:
            return self.lemmatizer(doc) if len(doc) else doc
        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:  # spaCy checks its tables on the first document: let it
            return lemmatizer(doc)
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = numpy.ones(len(doc), dtype=bool) if lemmatizer.overwrite else values[:, 3] == 0
        if not todo.any():
            return doc
        unique, first, inverse = numpy.unique(values[todo, :3], axis=0, return_index=True, return_inverse=True)
        where = numpy.flatnonzero(todo)
        strings = self.vocab.strings
        lemmas = numpy.empty(len(unique), dtype=numpy.uint64)
        for row, key in enumerate(map(tuple, unique.tolist())):
            lemma = self.table.get(key)
            if lemma is None:  # the first such token of the document, as the lemmatizer would meet it
                lemma = self.table[key] = strings.add(lemmatizer.lemmatize(doc[int(where[first[row]])])[0])
            lemmas[row] = lemma
        result = values[:, 3].copy()
        result[where] = lemmas[inverse.reshape(-1)]
        doc.from_array([LEMMA], result)
        return doc

    @property
    def vocab(self):
        return self.lemmatizer.vocab

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


@Language.factory("table_lemmatizer")
def make_table_lemmatizer(nlp: Language, name: str) -> TableLemmatizer:
    return TableLemmatizer(Lemmatizer(nlp.vocab, None, name, mode="lookup"))


def use_table_lemmatizer(nlp: Language) -> None:
    """Wrap the model's `lemmatizer` (kept as it is, under the same name) in its table version."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if isinstance(lemmatizer, TableLemmatizer):
        return
    table = nlp.replace_pipe("lemmatizer", "table_lemmatizer")
    table.__init__(lemmatizer)


@Language.factory("table_attribute_ruler")
def make_table_attribute_ruler(nlp: Language, name: str) -> TableAttributeRuler:
    return TableAttributeRuler(AttributeRuler(nlp.vocab, name))


def use_table_attribute_ruler(nlp: Language) -> None:
    """Put the table version in place of the model's `attribute_ruler`, with the same patterns and name."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    patterns = nlp.get_pipe("attribute_ruler").patterns
    table = nlp.replace_pipe("attribute_ruler", "table_attribute_ruler")
    table.ruler.add_patterns(patterns)
    table.__init__(table.ruler)  # read the patterns it now has
