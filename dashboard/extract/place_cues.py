"""Cues in the words around a name that it names a place or a site, whatever spaCy's label: "the town of
X", "the X detention centre", "spread to X in South Kivu", and that it does not: "the X-based ...".
Pure functions of a parsed document; `places.PlaceFinder` applies them.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

from dashboard.extract.doc_index import entity_starting_at
from dashboard.extract.place_context import name_start_after, without_the
from dashboard.extract.place_kinds import unlabelled_name_before
from dashboard.extract.syntax import first_conjunct
from dashboard.geocode.query import SITE_WORDS, TOPONYM_HEADS, NameSense

_ORIGIN_WORDS = {
    "based", "born", "registered", "headquartered", "made", "built", "manufactured", "produced", "designed",
    "supplied", "owned", "flagged",
}  # fmt: skip


def says_origin(span: Span) -> bool:
    """ "the Tripoli-based Audit Bureau", "a Russian-built jet": the name only says where someone or something
    is from; nothing happened there, and no one acted ("Turkish-backed forces" still name Turkey: backing is
    an act)."""
    doc = span.doc
    end = span.end
    return (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and doc[end + 1].lower_ in _ORIGIN_WORDS
    )


SETTLEMENTS_OF = {"cities", "towns", "villages", "city", "town", "village", "port", "ports", "oasis", "oases"}


def named_as_place(doc: Doc, ent: Span) -> bool:
    """ "Ras Lanuf", "Marsa el Hariga", "the eastern cities of Bin Jawad, Ras Lanuf and Brega": a name
    spaCy read as a person or group that its own first word or the words before its list call a place."""
    words = without_the(ent.text).split()
    if len(words) >= 2 and words[0].lower() in TOPONYM_HEADS and any(ch.isupper() for ch in "".join(words[1:])):
        return True
    root = first_conjunct(ent.root)  # the list's first item
    first = root.left_edge.i
    while first < root.i and not doc[first].is_title:  # past "the eastern" to the name
        first += 1
    return first >= 2 and doc[first - 1].lower_ == "of" and doc[first - 2].lower_ in SETTLEMENTS_OF


# Nouns between a name and the place the words put it near that leave it the name of a place ("the Zamzam
# displacement camp south of El Fasher").
PLACE_LIKE_NOUNS = {
    "camp", "camps", "displacement", "refugee", "village", "town", "settlement", "neighbourhood", "neighborhood",
    "area", "district", "base", "airbase", "crossing", "checkpoint", "field", "oilfield", "refinery", "dam",
    "valley", "mountain", "mountains", "oasis", "well", "wells", "junction", "farm", "farms", "market", "port",
    "complex",
}  # fmt: skip
# Lower-case nouns after a name that make it a site's: "the Kerem Shalom crossing", "the Sharara oilfield".
SITE_NOUNS = {
    "crossing", "checkpoint", "refinery", "oilfield", "terminal", "dam", "prison", "hospital", "border", "basin",
    "oasis",
}  # fmt: skip


_BODY_WORDS = {
    "police", "army", "forces", "guard", "guards", "ministry", "company", "corporation", "authority", "brigade",
    "battalion", "militia", "group", "council", "service", "agency", "department", "office", "committee",
}  # fmt: skip


# Sites named by a noun and the word before it: "the Ganfouda detention centre", "the Sharara oil field".
_SITE_MODIFIERS = {"detention", "displacement", "refugee", "migrant", "military", "army", "oil", "power"}
MODIFIED_SITES = {"centre", "center", "camp", "station", "plant", "field", "compound", "base"}


def site_phrase_end(doc: Doc, i: int) -> int:
    """The end of the site nouns starting at token i ("crossing", "detention centre", "oil field"), or 0."""
    if i >= len(doc) or not doc[i].is_lower:
        return 0
    modified = doc[i].lower_ in _SITE_MODIFIERS and i + 1 < len(doc) and doc[i + 1].is_lower
    if modified and doc[i + 1].lower_ in MODIFIED_SITES | SITE_NOUNS:
        return i + 2
    if doc[i].lower_ == "gas" and i + 1 < len(doc) and doc[i + 1].lower_ == "field":
        return i + 2  # "the Khor Mor gas field" (not "an Exxon gas station")
    return i + 1 if doc[i].lower_ in SITE_NOUNS else 0


def site_nouns_end(doc: Doc, ent: Span) -> int:
    """The end of the site nouns after a name ("the Kerem Shalom crossing", "the Ganfouda detention
    centre"), or 0: not after "a Border Police checkpoint" (a body's site, not a named one)."""
    if not ent[-1].is_title or ent[-1].lower_ in _BODY_WORDS:
        return 0
    return site_phrase_end(doc, ent.end)


_IN_WORDS = {"in", "inside", "within"}


def site_name_before(doc: Doc, noun: int) -> tuple[int, int] | None:
    """(start, end) of an unlabelled name before the site nouns that end at token `noun` ("the Ras Isa oil
    terminal"; "the Sharara oil field", not "the Biden camp"), or None."""
    for phrase in (noun - 1, noun):  # with a modifier first, so that the name leaves it out
        if phrase >= 0 and site_phrase_end(doc, phrase) == noun + 1:
            start = unlabelled_name_before(doc, phrase)
            return (start, phrase) if start < phrase else None
    return None


def said_in_a_place(doc: Doc, ent: Span, sense: Callable[[str], NameSense]) -> bool:
    """ "the fighting spread to Minova in neighbouring South Kivu", "a research centre in Barzeh in northern
    Damascus": a short organisation's name, the goal of a movement or itself "in" somewhere, that the words
    put in a known area (or, after "in", a known town) is a place spaCy misread. Not a site's ("taken to
    Duke University Medical Center in North Carolina"), nor one sent to a town ("shopped at Walmart in
    Mesquite"): those are bodies, where the gazetteer has no place of the name."""
    root = ent.root
    if ent.label_ != "ORG" or len(without_the(ent.text).split()) > 2 or SITE_WORDS.search(ent.text):
        return False
    if root.dep_ != "pobj" or root.head.lower_ not in ("to", "into", "towards", "toward", "in"):
        return False
    i = ent.end
    if i >= len(doc) or doc[i].lower_ not in _IN_WORDS:
        return False
    after = entity_starting_at(doc).get(name_start_after(doc, i + 1))
    if after is None or after.label_ not in ("GPE", "LOC"):
        return False
    known = sense(after.text)
    return known.area or (root.head.lower_ == "in" and known.known)


_CREDIT_DASHES = {"-", "–", "—", "--", ":"}
_CREDIT_REACH = 4  # words of a credit in brackets


def in_dateline_credit(doc: Doc, span: Span) -> bool:
    """ "Sabha, 16 November 2026 (Fezzan Libya) – ...": a name inside the brackets after a dateline's date,
    closed by a dash, is the outlet credited with the report, not a place it reports on."""
    opening = next(
        (k for k in range(span.start - 1, max(span.start - _CREDIT_REACH, 0) - 1, -1) if doc[k].text in "()"), -1
    )
    closing = next((k for k in range(span.end, min(span.end + _CREDIT_REACH, len(doc))) if doc[k].text in "()"), -1)
    if opening < 1 or closing < 0 or doc[opening].text != "(" or doc[closing].text != ")":
        return False
    after = doc[closing + 1] if closing + 1 < len(doc) else None
    return after is not None and after.text in _CREDIT_DASHES and doc[opening - 1].ent_type_ == "DATE"


# People a name after "from" gives the origin of: "migrants from Eritrea".
_PEOPLE_NOUNS = {
    "migrant", "refugee", "people", "national", "worker", "fighter", "mercenary", "immigrant", "citizen",
    "pilgrim", "tourist", "delegation", "asylum", "seeker", "survivor", "victim",
}  # fmt: skip


def people_from(span: Span) -> bool:
    """ "The migrants, mostly from Bangladesh, Egypt and Sudan, ...": a name (or a list) after "from" that
    hangs on a noun for people says where they come from; it is neither where something happened nor an
    actor. ("fled from Sudan" hangs on the verb: a movement's origin, a place.)"""
    root = span.root
    while root.dep_ in ("conj", "appos", "compound") and root.head is not root:
        root = root.head
    prep = root.head
    return (
        root.dep_ == "pobj"
        and prep.lower_ == "from"
        and prep.head.pos_ == "NOUN"
        and prep.head.lemma_.lower() in _PEOPLE_NOUNS
    )
