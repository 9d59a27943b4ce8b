"""Repairs of the model's sentence breaks and entities, run as spaCy pipeline components.

Each mends one way `en_core_web_sm` (or our entity ruler before it) reliably gets a name wrong in
news text: a headline run into its byline, a name ending in the blank line after it or cut at a
hyphen, a person's hyphenated surname left out, a date opening a timeline's line missed, an
organisation cut in two by a curated place or before its acronym, a body's remit left out, a country's
name in pieces, a first name left outside a listed surname. `nlp.build_pipeline` adds them unless asked
for spaCy as shipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc, Span

from dashboard.extract.coref import TITLES
from dashboard.extract.date_parse import MONTHS
from dashboard.extract.doc_index import doc_text, tokens_lower_in
from dashboard.extract.places import DIRECTION_ADJECTIVES, DIRECTION_NOUNS
from dashboard.geocode.query import NameSense


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: a headline, a byline ("The Libya Observer | 22 November 2026") and
    the report's first sentence are three, which the parser alone often runs together (then the
    headline's places take the byline's date and the first sentence's actors)."""
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist() if len(doc) > 1 else ():
        text = doc[i].text  # (only the space tokens: a Token object per token costs more than the test)
        if text.count("\n") >= 2 or "\n" in text and _starts_an_item(doc, i + 1):
            doc[i + 1].is_sent_start = True
    return doc


_MONTH_WORD = "|".join(sorted({*MONTHS, *(m[:3] for m in MONTHS), "sept"}, key=len, reverse=True))
# A line that opens an item of a list: a bullet, a number, or a date ("12 Nov — Drone strike hits ...").
# (A date only before a dash or colon: "November 12 the army ..." may be a hard-wrapped sentence going on.)
_ITEM_START = re.compile(
    rf"(?:[-•*–—▪·]\s|\(?\d{{1,2}}[.)]\s|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_WORD})\.?|"
    rf"(?:{_MONTH_WORD})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{4}}-\d{{2}}-\d{{2}})(?:,?\s+\d{{4}})?\s*[-–—:|])",
    re.IGNORECASE,
)


def _starts_an_item(doc: Doc, i: int) -> bool:
    """Whether token i begins a line that is an item of a list: each item is a sentence of its own (a
    pasted list of dated headlines has no full stops)."""
    start = doc[i].idx
    return bool(_ITEM_START.match(doc_text(doc), start, start + 40))


@Language.component("names_without_spaces")
def names_without_spaces(doc: Doc) -> Doc:
    """ "Baghlan" + the blank line after a headline: the NER may end a name with a whitespace token; the
    mention (its text shown on the map, its offsets) ends at the last word. A span of spaces only goes."""
    ents = []
    changed = False
    for ent in doc.ents:
        start, end = ent.start, ent.end
        while end > start and doc[end - 1].is_space:
            end -= 1
        while start < end and doc[start].is_space:
            start += 1
        if (start, end) == (ent.start, ent.end):
            ents.append(ent)
            continue
        changed = True
        if start < end:
            ents.append(Span(doc, start, end, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_))
    if changed:
        doc.ents = ents
    return doc


_LINKS = {"e", "i", "ye", "al", "el", "es", "ul", "ad", "ar", "as", "ash", "at", "az", "ud", "ur", "ibn", "bin"}


def _hyphen_runs(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of each word run joined by hyphens with no space, holding a linking particle and ending
    in a capitalised word: "Mazar-i-Sharif", "Bandar-e-Abbas" (not "Russia-backed", "Syria-Iraq"). Found
    from the report's hyphens (an array lookup), not by walking every token."""
    glued = [
        h
        for h in tokens_lower_in(doc, ("-",))
        if 0 < h < len(doc) - 1 and not doc[h - 1].whitespace_ and not doc[h].whitespace_
    ]
    runs: list[tuple[int, int]] = []
    k = 0
    while k < len(glued):
        start = last = glued[k]
        while k + 1 < len(glued) and glued[k + 1] == last + 2:  # "Mazar" - "i" - "Sharif"
            k += 1
            last = glued[k]
        words = [doc[i] for i in range(start - 1, last + 2, 2)]
        if (
            len(words) >= 3
            and words[0].is_title
            and words[-1].is_title
            and any(w.lower_ in _LINKS for w in words[1:-1])
        ):
            runs.append((start - 1, last + 2))
        k += 1
    return runs


@Language.factory("hyphenated_names")
def make_hyphenated_names(nlp: Language, name: str) -> HyphenatedNames:
    return HyphenatedNames()


class HyphenatedNames:
    """ "Mazar-i-Sharif": the NER often keeps only the piece before the first hyphen ("Mazar"), reads the
    pieces as people ("Bandar", "Abbas") or leaves the name out. An entity inside a hyphenated name with a
    linking particle covers the whole name, with the label of its first piece that has one: a place's when
    that is a person's (people's names with such particles are written apart: "Saif al-Islam"). A name no
    entity touches becomes a place when the gazetteer knows it (`sense`, set by whoever builds the
    pipeline)."""

    def __init__(self) -> None:
        self.sense: Callable[[str], NameSense] | None = None

    def __call__(self, doc: Doc) -> Doc:
        runs = _hyphen_runs(doc)
        if not runs:
            return doc
        ents = list(doc.ents)
        for start, end in runs:
            inside = [e for e in ents if e.start < end and start < e.end]
            if not inside:
                if self.sense is not None and self.sense(doc[start:end].text).known:
                    ents.append(Span(doc, start, end, label="GPE"))
            elif all(start <= e.start and e.end <= end for e in inside):
                label = "GPE" if inside[0].label_ == "PERSON" else inside[0].label_
                ents = [e for e in ents if e not in inside] + [Span(doc, start, end, label=label)]
        doc.ents = sorted(ents, key=lambda e: e.start)
        return doc


@Language.component("double_barrelled_surnames")
def double_barrelled_surnames(doc: Doc) -> Doc:
    """ "Prime Minister Alix Didier Fils-Aimé": the NER ends the person before a hyphenated surname and
    calls the surname an organisation (two actors). A person's name of two words or more followed at once
    by an entity that is one capitalised hyphenated word ("Fils-Aimé") is one person."""
    ents = list(doc.ents)
    out: list[Span] = []
    for ent in ents:
        last = out[-1] if out else None
        if (
            last is not None
            and last.label_ == "PERSON"
            and len(last) >= 2
            and last.end == ent.start
            and len(ent) == 3
            and ent[1].text == "-"
            and ent[0].is_title
            and ent[2].is_title
            and not (ent[0].whitespace_ or ent[1].whitespace_)
        ):
            out[-1] = Span(doc, last.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    if len(out) != len(ents):
        doc.ents = out
    return doc


_MONTH_FORMS = {*MONTHS, *(m[:3] for m in MONTHS), *(m[:3] + "." for m in MONTHS), "sept", "sept."}
_LINE_DASHES = {"-", "–", "—", ":"}


def _opens_a_line(doc: Doc, i: int) -> bool:
    """Whether token i starts a line (after a line break, or a bullet that does)."""
    if i > 0 and doc[i - 1].text in ("-", "*", "•"):
        i -= 1
    return i == 0 or (doc[i - 1].is_space and "\n" in doc[i - 1].text)


def _line_date_end(doc: Doc, i: int) -> int:
    """The end of "Nov 3", "November 3, 2026", "3 November" or "3 November 2026" from token i when a dash
    or colon follows it; -1 otherwise."""
    j = i
    if doc[j].lower_ in _MONTH_FORMS and j + 1 < len(doc) and doc[j + 1].like_num:
        j += 2
        if j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].like_num:
            j += 2
    elif doc[j].like_num and j + 1 < len(doc) and doc[j + 1].lower_ in _MONTH_FORMS:
        j += 2
        if j < len(doc) and doc[j].like_num and len(doc[j]) == 4:
            j += 1
    else:
        return -1
    return j if j < len(doc) and doc[j].text in _LINE_DASHES else -1


@Language.component("timeline_dates")
def timeline_dates(doc: Doc) -> Doc:
    """ "Nov 3 - Protesters shut the Sharara oilfield": the NER often misses a date that opens a line of a
    timeline (and so every line took the report's date); such a date is a date entity, over whatever the
    NER put there. Looked for at the report's month names only."""
    added = []
    for month in tokens_lower_in(doc, _MONTH_FORMS):
        for start in (month, month - 1):  # "Nov 3 -", "3 November -"
            if start >= 0 and _opens_a_line(doc, start):
                end = _line_date_end(doc, start)
                if end > start:
                    added.append(Span(doc, start, end, label="DATE"))
                    break
    if added:
        kept = [e for e in doc.ents if not any(e.start < a.end and a.start < e.end for a in added)]
        doc.ents = sorted([*kept, *added], key=lambda e: e.start)
    return doc


@Language.component("no_names_inside_words")
def no_names_inside_words(doc: Doc) -> Doc:
    """ "PORT-AU-PRINCE": a capitalised name between two hyphens that touch it and capitalised words is a
    piece of a longer word, not the name (the ruler's "AU", the African Union, made it an actor of every
    Port-au-Prince dateline). Not "AU-led", nor "the Syria-Iraq-Turkey border"."""

    def inside(ent: Span) -> bool:
        if not (ent.text.isupper() and ent.start > 1 and ent.end + 1 < len(doc)):
            return False
        before, after = doc[ent.start - 1], doc[ent.end]
        hyphens = before.text == after.text == "-" and not (before.whitespace_ or doc[ent.end - 1].whitespace_)
        return hyphens and doc[ent.start - 2].is_upper and doc[ent.end + 1].is_upper and not after.whitespace_

    kept = [e for e in doc.ents if not inside(e)]
    if len(kept) != len(doc.ents):
        doc.ents = kept
    return doc


_JOINING_WORDS = {"of", "for", "in", "on"}


@Language.component("rejoin_split_organisations")
def rejoin_split_organisations(doc: Doc) -> Doc:
    """ "the Alliance of Sahel States": a curated place the ruler labels first ("Sahel") can cut an
    organisation's name in two ("the Alliance of" + "Sahel"); the statistical NER then leaves a stub
    that names no one. Such a stub, the place and the capitalised words after it are one organisation.
    A stub before a listed organisation ("the Ministry of Defence of the" + "Government of National
    Unity") is its own body, without the dangling "of the". An entity the NER ended on a hyphen ("the
    Souq al-") goes on into a listed actor's alias the ruler labelled right after it ("Khamis")."""
    ents = list(doc.ents)
    out: list[Span] = []
    hyphened: list[Span] = []
    changed = False
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        joined = len(ent) > 1 and ent[-1].lower_ in _JOINING_WORDS
        with_the = len(ent) > 2 and ent[-1].lower_ == "the" and ent[-2].lower_ in _JOINING_WORDS
        hyphen = len(ent) > 1 and ent[-1].text == "-" and not ent[-2].whitespace_ and any(t.is_title for t in ent[:-2])
        if hyphen and nxt is not None and nxt.start == ent.end and nxt.ent_id_:
            out.append(Span(doc, ent.start, nxt.end, label=ent.label_))  # "the Souq al-" + "Khamis" (listed alias)
            hyphened.append(out[-1])
            changed = True
            i += 2
            continue
        if ent.label_ == "ORG" and (joined or with_the) and nxt is not None and nxt.start == ent.end:
            changed = True
            if nxt.label_ in ("LOC", "GPE"):
                end = nxt.end
                while end < len(doc) and doc[end].is_title and not doc[end].ent_type_:
                    end += 1
                out.append(Span(doc, ent.start, end, label="ORG"))
                i += 2
                continue
            # "the Ministry of Defence of the" + "Government of National Unity": two bodies, the first
            # without its dangling words
            out.append(Span(doc, ent.start, ent.end - (2 if with_the else 1), label="ORG"))
            i += 1
            continue
        glued = _pieces_before_acronym(doc, ents, i)
        if glued is not None:
            out.append(glued[0])
            i = glued[1]
            changed = True
            continue
        longer = _with_its_remit(doc, ent) if ent.label_ == "ORG" else ent
        changed = changed or longer is not ent
        out.append(longer)
        i += 1
    if changed:
        doc.ents = out
        for span in hyphened:  # the ruler's id for the glued word ("Khamis": Khamis Gaddafi) no longer holds
            for tok in span:
                tok.ent_id = 0
    return doc


_REMIT_WORDS = {"of", "for", "and", "the", "on"}
_NAME_GLUE = {"of", "for", "to", "and", "the", "in", "on"}


def _pieces_before_acronym(doc: Doc, ents: list[Span], i: int) -> tuple[Span, int] | None:
    """ "Group to Support Islam and Muslims (JNIM)": the NER cuts an organisation whose name holds
    other kinds of words (a religion, a people) into pieces (ORG "Group", NORP "Islam", NORP "Muslims").
    Capitalised words and joining words from an ORG up to a bracketed acronym, taking in three or more
    entities whole (two when the acronym spells their words' initials: "UN Office for the Coordination of
    Humanitarian Affairs (OCHA)"), are one organisation. Returns (the span, index of the next entity) or None."""
    first = ents[i]
    if first.label_ != "ORG":
        return None
    end = first.end
    k = i + 1
    while end < len(doc) and end - first.start < 12:
        tok = doc[end]
        if tok.text == "(":
            break
        if k < len(ents) and ents[k].start == end:
            end = ents[k].end
            k += 1
            continue
        if tok.ent_type_ or not (tok.is_title or tok.lower_ in _NAME_GLUE):
            return None
        end += 1
    taken = k - i
    if taken < 2 or end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
        return None
    acronym = doc[end + 1].text
    if not (acronym.isupper() and acronym.isalpha() and 2 <= len(acronym) <= 8) or not doc[end - 1].is_title:
        return None
    if taken == 2 and not _spelt_across(acronym, doc[first.start : end], ents[i + 1].start):
        return None  # two pieces only when the acronym spells across them: "UN" + "Office for the ... (OCHA)"
    return Span(doc, first.start, end, label="ORG"), k


def _spelt_across(acronym: str, span: Span, second: int) -> bool:
    """Whether the acronym is the initials of the span's last capitalised words, starting before token
    `second` (the second piece): "Office ... Coordination of Humanitarian Affairs (OCHA)" yes; "the army and
    the Rapid Support Forces (RSF)" no, the second piece alone spells it."""
    words = [t for t in span if t.text[:1].isupper()]
    for k in range(len(words)):
        if "".join(t.text[0] for t in words[k:]) == acronym:
            return words[k].i < second
    return False


def _with_its_remit(doc: Doc, ent: Span) -> Span:
    """ "The General Authority" + "for the Search and Identification of Missing Persons": the NER often
    stops a body's name before its capitalised remit. The words after "for"/"of" up to the last
    capitalised one, all capitalised or joining words and none in another entity, belong to it."""
    end = ent.end
    if end >= len(doc) or doc[end].lower_ not in ("for", "of") or not ent[-1].is_title:
        return ent
    last = None
    i = end
    while i < len(doc) and not doc[i].ent_type_ and (doc[i].lower_ in _REMIT_WORDS or doc[i].is_title):
        if doc[i].is_title and doc[i].pos_ in ("PROPN", "NOUN"):
            last = i
        i += 1
    if last is None or i < len(doc) and doc[i].ent_type_:
        return ent  # "the Ministry of Defence of" + "Russia": the body of a named state stays apart
    return Span(doc, ent.start, last + 1, label="ORG")


@Language.component("person_first_names")
def person_first_names(doc: Doc) -> Doc:
    """ "headed by Belgassem Haftar": the ruler labels a listed surname ("Haftar", Khalifa Haftar's alias)
    before the NER runs, so the NER cannot take in a first name the lists lack, and the surname alone
    names another person. The one or two capitalised proper nouns right before such a surname that no
    entity holds and that are no title ("General", "President") belong to the name."""
    ents = list(doc.ents)
    grown = []
    for k, ent in enumerate(ents):
        if ent.label_ != "PERSON" or not ent.ent_id_ or len(ent) > 1:  # a listed surname alone
            continue
        start = ent.start
        while (
            start > 0
            and start > ent.start - 2
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].is_title
            and not doc[start - 1].ent_type_
            and doc[start - 1].lower_.strip(".") not in TITLES
        ):
            start -= 1
        if start < ent.start:
            ents[k] = Span(doc, start, ent.end, label="PERSON")
            grown.append(ents[k])
    if grown:
        doc.ents = ents
        for span in grown:  # the ruler's id for the surname ("Haftar" is Khalifa Haftar) no longer holds
            for tok in span:
                tok.ent_id = 0
    return doc


_REACH = 3  # tokens a split name may have lost on either side of an entity ("Guinea" + "-" + "Bissau")


@Language.factory("rejoin_split_names", default_config={"names": []})
def make_rejoin_split_names(nlp: Language, name: str, names: list[str]) -> RejoinSplitNames:
    return RejoinSplitNames(names)


class RejoinSplitNames:
    """ "DR Congo", "Guinea-Bissau", "Timor-Leste": the NER often tags a country's name in pieces
    ("DR" + "Congo") or only its head ("Guinea"); the head then resolves to another country and the
    rest to nothing. An entity that, with up to three neighbouring tokens, spells a listed name
    exactly becomes that name, as a GPE. Only adds words to an entity (never cuts one), and only
    words no other entity holds, or whole entities."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)
        self.first_words = frozenset(n.replace("-", " - ").split()[0] for n in self.names)

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        if not ents:
            return doc
        grown: list[Span] = []
        for ent in ents:
            if ent.label_ not in ("GPE", "LOC", "ORG", "NORP", "PERSON"):
                continue
            best = None
            for left in range(_REACH + 1):
                start = ent.start - left
                if start < 0 or doc[start].text not in self.first_words:
                    continue
                for right in range(_REACH + 1):
                    end = ent.end + right
                    longer = best is None or end - start > len(best)
                    if (left or right) and longer and end <= len(doc) and doc[start:end].text in self.names:
                        best = Span(doc, start, end, label="GPE")
            if best is not None and self._cuts_nothing(best, ents):
                grown.append(best)
        if grown:
            kept = [e for e in ents if not any(g.start <= e.start and e.end <= g.end for g in grown)]
            doc.ents = sorted({(s.start, s.end): s for s in kept + grown}.values(), key=lambda s: s.start)
        return doc

    @staticmethod
    def _cuts_nothing(span: Span, ents: list[Span]) -> bool:
        return all(
            e.end <= span.start or e.start >= span.end or (span.start <= e.start and e.end <= span.end) for e in ents
        )


_LIST_LABELS = ("ORG", "FAC", "PRODUCT", "GPE", "LOC", "NORP")
_DIRECTION_WORDS = {*DIRECTION_ADJECTIVES, *DIRECTION_NOUNS}
_PLACE_NOUNS = {"town", "city", "village", "island", "port", "oasis", "district", "province", "region"}


@Language.factory("split_place_lists")
def make_split_place_lists(nlp: Language, name: str) -> SplitPlaceLists:
    return SplitPlaceLists()


class SplitPlaceLists:
    """ "in Ukraine's Kharkiv and Odesa", "the island of Lampedusa, National Guard spokesman ...": the NER
    sometimes tags a list of places, or a place and the body after its comma, as one organisation; the
    places then make no point and the whole becomes an actor. An entity (not a person's) cut at its
    commas and "and" into pieces that are each a place is those places; one cut at a comma whose first
    piece is a place is that place and the rest. A place here is a name the gazetteer knows as an area or
    a town of 20,000 or more (by any of its names), and no demonym, or any town the words before call one
    ("the island of"); a whole the gazetteer knows ("Trinidad and Tobago") stays, and two entities that
    are one such whole together are joined ("Sistan" and "Baluchestan province").

    `sense` (what the gazetteer knows of a name) is set by whoever builds the pipeline; without it the
    component changes nothing."""

    def __init__(self) -> None:
        self.sense: Callable[[str], NameSense] | None = None

    def _a_place(self, span: Span, called_one: bool = False) -> bool:
        if not span or not span[0].is_title and not span[0].is_upper:
            return False
        if len(span) == 1 and span[0].lower_ in _DIRECTION_WORDS:
            return False  # "Central" of "Central and South America" is half a name
        sense = self.sense(span.text)  # type: ignore[misc]
        if sense.adjective:
            return False
        # (GeoNames' alternate names of such towns count: "Zuwara and Sabratha" are its Zuwarah and Sabratah)
        return sense.sizeable_place() or bool(sense.towns_aka) or (called_one and sense.known)

    def __call__(self, doc: Doc) -> Doc:
        if self.sense is None:
            return doc
        out: list[Span] = []
        changed = False
        for ent in doc.ents:
            pieces = self._pieces(doc, ent) if ent.label_ in _LIST_LABELS else None
            if pieces is None:
                out.append(ent)
                continue
            out.extend(pieces)
            changed = True
        joined = self._joined(doc, out)
        if changed or joined != out:
            doc.ents = joined
        return doc

    def _joined(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """ "Sistan" + "and" + "Baluchestan province": two entities that are, with the "and" between them,
        the name of an area the gazetteer has ("Sistan and Baluchestan") are that area; not two areas by
        themselves ("Australia and New Zealand" is also a UN subregion's name). Two entities side by side
        that together name an area or a town of 20,000 or more are that place: "Dera" + "Ismail Khan" [PERSON]
        is Dera Ismail Khan."""
        out: list[Span] = []
        for ent in ents:
            last = out[-1] if out else None
            if last is not None and ent.start == last.end and last[-1].whitespace_:
                whole = self.sense(doc[last.start : ent.end].text)  # type: ignore[misc]
                if whole.sizeable_place():
                    out[-1] = Span(doc, last.start, ent.end, label="GPE")
                    continue
            if last is not None and ent.start == last.end + 1 and doc[last.end].lower_ == "and":
                whole = doc[last.start : ent.end]
                name = whole[:-1] if whole[-1].is_lower and whole[-1].lower_ in _PLACE_NOUNS else whole
                apart = self.sense(last.text).area and self.sense(ent.text).area  # type: ignore[misc]
                if not apart and self.sense(name.text).area:  # type: ignore[misc]
                    out[-1] = Span(doc, last.start, ent.end, label="GPE")
                    continue
            out.append(ent)
        return out

    def _pieces(self, doc: Doc, ent: Span) -> list[Span] | None:
        cuts = [t.i for t in ent[1:-1] if t.text == "," or t.lower_ == "and"]
        if not cuts or self.sense(ent.text).known:  # type: ignore[misc]
            return None
        end = ent.end
        while end > ent.start + 1 and doc[end - 1].is_space:
            end -= 1  # "Zuwara and Sabratha" + the blank line after a headline
        bounds = [ent.start, *cuts, end]
        pieces = [doc[a + (a != ent.start) : b] for a, b in zip(bounds, bounds[1:], strict=False)]
        if all(self._a_place(p) for p in pieces):
            return [Span(doc, p.start, p.end, label="GPE") for p in pieces]
        first, rest = pieces[0], doc[cuts[0] + 1 : end]
        start = ent.start + (ent[0].lower_ == "the")
        called = start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _PLACE_NOUNS
        if doc[cuts[0]].text == "," and self._a_place(first, called) and rest and rest[0].is_title:
            return [Span(doc, first.start, first.end, label="GPE"), Span(doc, rest.start, rest.end, label=ent.label_)]
        return None
