"""What the words around a place name say about it, beyond the name itself.

"Paris, Texas" (a qualifier after a comma), "Oregon, Utah, Washington and Wisconsin" (a list whose
items are one kind of place), "Loyola University in Los Angeles" (the town a site is said to be in),
and the words of the report's names of people ("Yulia" after "Yulia Skripal"). Pure functions of a
parsed document; `places.PlaceFinder` turns them into query fields.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from spacy.tokens import Doc, Span

from dashboard.extract.coref import acronym_after
from dashboard.extract.doc_index import doc_memo, entities, entity_starting_at, tokens_lower_in
from dashboard.extract.place_kinds import TOWN_PARTS, part_noun_after
from dashboard.geocode.countries import by_name
from dashboard.geocode.query import LARGE_TOWN, SITE_WORDS, NameSense

HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "saint", "st", "president", "gov", "sen", "rep"}


GROUP_NOUNS = {
    "rebels", "militants", "fighters", "militiamen", "insurgents", "gunmen", "guerrillas", "gang", "gangs", "militia",
    "militias",
}  # fmt: skip


def group_named(doc: Doc, ent: Span) -> bool:
    """ "M23 rebels" (or "the M23" after them), "the Viv Ansanm gang coalition": a name the report puts right
    before a word for armed men names their group, wherever it stands."""
    memo = doc_memo(doc)
    if "group_names" not in memo:
        memo["group_names"] = frozenset(
            e.text for e in entities(doc) if e.end < len(doc) and doc[e.end].lower_ in GROUP_NOUNS
        )
    return ent.text in memo["group_names"]


def without_the(text: str) -> str:
    """ "the Kremlin" -> "Kremlin": the name without a leading article."""
    return text[4:] if text.lower().startswith("the ") else text


_AREA_KINDS = {
    "region", "province", "state", "district", "governorate", "county", "prefecture", "oblast", "countryside",
}  # fmt: skip


def qualifier(doc: Doc, span: Span) -> str:
    """ "Paris, Texas" / "Dublin, Ohio": the place name right after a comma, which says where this one is;
    or the area after "in" that the words call one ("the town of Mahas in Hiiraan region", "Beit Jinn in
    the Quneitra countryside"); or the place whose possessive comes first ("Libya's Tripoli")."""
    owner = _possessor_place(doc, span)
    if owner:
        return owner
    i = span.end
    if i + 1 < len(doc) and doc[i].text == ",":
        nxt = doc[i + 1]
        if nxt.ent_type_ in ("GPE", "LOC") and nxt.ent_iob_ == "B":
            ent = entity_starting_at(doc).get(nxt.i)
            return ent.text if ent is not None and not _continues_list(doc, ent.end) else ""
        country = _capital_of_country(doc, i + 1)
        if country:
            return country
    if i + 2 < len(doc) and doc[i].lower_ == "in":
        starts = entity_starting_at(doc)  # "in the Middle Shabelle region", "in the eastern Hama countryside"
        ent = starts.get(i + 1) or starts.get(name_start_after(doc, i + 1))
        if ent is not None and ent.end + 1 < len(doc) and doc[ent.end].lower_ in ("'s", "’s"):
            ent = starts.get(ent.end + 1)  # "in western Niger's Tillaberi region"
        if ent is not None and ent.end < len(doc) and doc[ent.end].lower_ in _AREA_KINDS:
            return ent.text
    return ""


_CAPITAL_WORDS = {"capital", "seat"}


def _capital_of_country(doc: Doc, i: int) -> str:
    """ "Victoria, the capital of the Seychelles": the country an appositive from token i says a town is the
    capital of ("the interim capital of", "capital of"), or ""."""
    j = i
    while j < len(doc) and j < i + 4 and doc[j].is_lower and doc[j].lower_ not in _CAPITAL_WORDS:
        j += 1  # "the", "interim", "administrative"
    if j + 2 >= len(doc) or doc[j].lower_ not in _CAPITAL_WORDS or doc[j + 1].lower_ != "of":
        return ""
    k = j + 3 if doc[j + 2].lower_ == "the" else j + 2
    end = k
    while end < len(doc) and end < k + 4 and doc[end].is_title:
        end += 1  # (spaCy may label no entity: "the capital of the Seychelles")
    name = doc[k:end].text
    return name if end > k and name.lower() in by_name() else ""


_LIST_GLUE = ((",",), ("and",), ("or",), (",", "and"), (",", "or"))
LIST_SHARE = 0.75
LIST_KINDS = {"admin1": "admin", "city": "city"}  # the kind a list's other items share -> the hint it gives


def place_lists(doc: Doc) -> list[list[Span]]:
    """Runs of three or more place entities joined by commas and "and"/"or" ("Alberta, Manitoba, Ontario
    and New Brunswick")."""
    runs: list[list[Span]] = []
    run: list[Span] = []
    for ent in entities(doc):
        if ent.label_ not in ("GPE", "LOC"):
            continue
        glue = tuple(t.lower_ for t in doc[run[-1].end : ent.start]) if run else None
        if run and glue in _LIST_GLUE:
            run.append(ent)
        else:
            if len(run) >= 3:
                runs.append(run)
            run = [ent]
    if len(run) >= 3:
        runs.append(run)
    return runs


def _list_kind(kinds: frozenset[str], population: int = 0) -> str:
    """What a list item most likely is: a country, else a first-level area, else a town ("": unknown). A
    large town that is also an area of its name ("Amman", "Aden", "Geneva") may be either: it tells nothing
    about its list ("available in Geneva, Amman and Aden" are towns; "Oregon, Idaho and Washington" states)."""
    if "admin1" in kinds and "city" in kinds and population >= LARGE_TOWN:
        return ""
    for kind in ("country", "admin1", "city"):
        if kind in kinds:
            return kind if kind in LIST_KINDS else ""
    return ""


def _continues_list(doc: Doc, i: int) -> bool:
    """ "Washington, Pennsylvania and California": the name after the comma is one more item of a list
    of places, not where the first one lies."""
    glue = i
    if glue < len(doc) and doc[glue].text == ",":
        glue += 1
    if glue < len(doc) and doc[glue].lower_ in ("and", "or"):
        glue += 1
    return i < glue < len(doc) and doc[glue].ent_type_ in ("GPE", "LOC")


def list_hints(doc: Doc, sense: Callable[[str], NameSense]) -> dict[int, str]:
    """Per entity start token, the kind its list asks for: "Washington" among "Oregon, Idaho and
    Wisconsin" is the state; "New York" among "Miami, Detroit and Boston" is the city. An item takes
    the kind three in four of the other items of its list most likely are (two at least), when it can be one."""
    memo = doc_memo(doc)
    if "list_hints" not in memo:
        hints: dict[int, str] = {}
        for run in place_lists(doc):
            senses = [sense(ent.text) for ent in run]
            kinds = [n.kinds for n in senses]
            only = [_list_kind(n.kinds, n.population) for n in senses]
            for i, ent in enumerate(run):
                others = Counter(k for j, k in enumerate(only) if j != i)
                kind, count = others.most_common(1)[0]
                if count >= 2 and count >= LIST_SHARE * others.total() and kind and kind in kinds[i]:
                    hints[ent.start] = LIST_KINDS[kind]
        for first, second in _between_pairs(doc, sense):  # "between Tillaberi and Ayorou": two of a kind
            for ent, other in ((first, second), (second, first)):
                kinds = sense(other.text).kinds  # (only one: "between Washington and Moscow" are capitals)
                kind = _list_kind(kinds) if len(kinds) == 1 else ""
                if kind and kind in sense(ent.text).kinds:
                    hints.setdefault(ent.start, LIST_KINDS[kind])
        memo["list_hints"] = hints
    return memo["list_hints"]


def _between_pairs(doc: Doc, sense: Callable[[str], NameSense]) -> list[tuple[Span, Span]]:
    """The two places of "between X and Y" ("a road between Tillaberi and Ayorou"), whatever spaCy calls them."""
    if not tokens_lower_in(doc, ("between",)):
        return []
    places = {e.root.i: e for e in entities(doc) if e.label_ in ("GPE", "LOC") or sense(e.text).known}
    pairs = []
    for ent in places.values():
        root = ent.root
        if root.dep_ == "pobj" and root.head.lower_ == "between":
            pairs += [(ent, places[c.i]) for c in root.conjuncts if c.i in places]
    return pairs


def person_words(doc: Doc) -> tuple[set[str], set[str]]:
    """The words of the report's names of people ("yulia", "skripal"), and its one-word names of people."""
    in_names, alone = set(), set()
    for ent in entities(doc):
        if ent.label_ == "PERSON":
            words = {t.lower_ for t in ent if t.is_title or t.is_upper} - HONORIFICS
            (in_names if len(words) > 1 else alone).update(words)
    return in_names, alone


def located_in(doc: Doc, span: Span, facility: bool = False) -> str:
    """ "Loyola University in Los Angeles", "the New Bilibid Prison (NBP) in Muntinlupa", "the Farmers
    Service Centre, in Goodlands", "Oulton Park, Cheshire": the place a site's name is said to be in.
    Any name after a place's possessive lies there: "London's Heathrow", "Tripoli's Mitiga airport"."""
    owner = _possessor_place(doc, span)
    if owner:
        return owner
    if not facility and not SITE_WORDS.search(span.text):
        return ""  # (an airport or base is a site too: "the Ghardabiya airbase in Sirte")
    i = span.end
    if i < len(doc) and doc[i].text == "(":
        close = next((j for j in range(i + 1, min(i + 8, len(doc))) if doc[j].text == ")"), None)
        i = close + 1 if close is not None else i
    if (
        i + 1 < len(doc)
        and doc[i].text == ","
        and doc[i + 1].ent_type_ in ("GPE", "LOC")
        and doc[i + 1].ent_iob_ == "B"
    ):
        ent = entity_starting_at(doc).get(i + 1)  # "the University of California, Los Angeles"
        return ent.text if ent is not None else ""
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i + 1 < len(doc) and doc[i].lower_ in ("in", "at"):
        ent = entity_starting_at(doc).get(name_start_after(doc, i + 1))
        if ent is not None and ent.label_ in ("GPE", "LOC"):
            return ent.text
        return _compass_part(doc, i + 1)  # "the El Feel oilfield in the south-west"
    return ""


def _compass_part(doc: Doc, i: int) -> str:
    """ "the south-west", "the east" starting at token i (the words of a compass region), or ""."""
    if i + 1 >= len(doc) or doc[i].lower_ != "the" or not doc[i + 1].is_lower:
        return ""
    end = i + 2
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in ("east", "west"):
        end += 2  # "south" "-" "west"
    words = doc[i + 1 : end].text.lower()
    return doc[i:end].text if words in _BEARINGS else ""


def town_of_part(doc: Doc, span: Span, sense: Callable[[str], NameSense]) -> str:
    """ "the Abu Salim and Salah al-Din neighbourhoods of Tripoli": the town a name no gazetteer has is a
    part of; also a name the gazetteer has only as an area or a town smaller than the one after "of" ("the
    Atalaya neighbourhood of Cúcuta": Atalaya, Peru is no part of it). Not "the Cincinnati suburb of West
    Chester": a known name larger than the place after the noun is the town."""
    part = part_noun_after(doc, span.end)
    if part < 0:
        return ""
    ent = entity_starting_at(doc).get(part + 2)
    if ent is None:
        return ""
    town = sense(without_the(ent.text))  # (spaCy may call the town an organisation: "of Cúcuta, killing")
    if ent.label_ not in ("GPE", "LOC") and not town.sizeable_place():
        return ""
    own = sense(without_the(span.text))
    if own.known and (own.area or own.population >= town.population):
        return ""
    return ent.text


def town_of_district(doc: Doc, span: Span) -> str:
    """ "In Kharkiv, Mayor Ihor Terekhov said a drone hit a building in the Kyivskyi district": a district
    of the town its sentence put something in before it (the last such name that is no country's), or "".
    A reading of the name far from that town gives way to it (GeoNames' Kyivskyi is a village 200 km off)."""
    if span.end >= len(doc) or not doc[span.end].is_lower or doc[span.end].lower_ not in TOWN_PARTS:
        return ""
    if span.end + 1 < len(doc) and doc[span.end + 1].lower_ == "of":
        return ""  # "the Abu Salim district of Tripoli": `town_of_part`
    start = span.sent.start
    countries = by_name()
    towns = [
        e
        for e in entities(doc)
        if e.label_ in ("GPE", "LOC")
        and start <= e.start
        and e.end <= span.start
        and without_the(e.text).lower() not in countries
        and e.root.head.lower_ in ("in", "at")  # "In Kharkiv, ...", not "a delegation from Zintan"
    ]
    return towns[-1].text if towns else ""


def name_start_after(doc: Doc, i: int) -> int:
    """Token i, or the first after "the" and lower-case modifiers: "in the restive", "in neighbouring"."""
    while i < len(doc) and (doc[i].lower_ == "the" or doc[i].is_lower and doc[i].pos_ in ("ADJ", "VERB")):
        i += 1
    return i


_NEAR_WORDS = {"near", "outside", "nearby"}
_BEARINGS = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "north-east", "north-west", "south-east", "south-west",
}  # fmt: skip
DISTANCE_UNITS = {"km", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mi"}
_ABOUT = {"about", "some", "around", "roughly", "nearly", "approximately", "almost"}
_NEAR_SKIP = 3  # lower-case nouns between the name and the relation: "displacement camp", "oil field"


def near_and_distance(doc: Doc, span: Span) -> tuple[str, float]:
    """ "the Abu Shouk camp on the outskirts of El Fasher", "Rajma, east of Benghazi", "a village near
    Nyala", "El Amra, about 30 km north of Sfax": the place the words put this one close to ("" if none),
    and the distance in km they give (0 if none). Where the name itself is known to no gazetteer it is
    placed there; a namesake far farther off than the words say is not the place meant."""
    i = span.end
    while i < len(doc) and i - span.end < _NEAR_SKIP and doc[i].is_lower and doc[i].pos_ == "NOUN":
        if doc[i].lower_ in _BEARINGS or doc[i].lower_ in _NEAR_WORDS:
            break  # "airbase east of Benghazi": the bearing is no part of the name
        i += 1  # "camp", "displacement camp", "oilfield"
    if i < len(doc) and doc[i].text == ",":
        i += 1
    words = [t.lower_ for t in doc[i : i + 8]]
    at = None
    km = 0.0
    if words[:1] and words[0] in _NEAR_WORDS:
        at = i + 1
    elif words[:2] == ["close", "to"]:
        at = i + 2
    elif len(words) >= 4 and words[0] in ("on", "in", "at") and words[1] == "the" and words[2:4] == ["outskirts", "of"]:
        at = i + 4
    else:
        j = 1 if words[:1] and words[0] in _ABOUT else 0
        if len(words) >= j + 2 and _number(words[j]) and words[j + 1] in DISTANCE_UNITS:
            km = _number(words[j]) * (1.609 if words[j + 1] in ("miles", "mi") else 1.0)
            j += 2  # "(about) 60 km south of Tripoli"
        if len(words) > j + 1 and words[j] in _BEARINGS and words[j + 1] == "of":
            at = i + j + 2
    if at is None or at >= len(doc):
        return "", 0.0
    if doc[at].lower_ == "the" and at + 1 < len(doc):
        at += 1
    ent = entity_starting_at(doc).get(at)  # any label: the resolver uses it only if it is a place it placed
    if ent is None:  # "east of Timbuktu" with no entity there: the capitalised words (a town found unlabelled)
        end = at
        while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN" and end - at < _NEAR_SKIP:
            end += 1
        ent = doc[at:end] if end > at else None
    return (ent.text, km) if ent is not None and ent.sent.start == span.sent.start else ("", 0.0)


def _number(word: str) -> float:
    """ "30", "1,200", "2.5" as a number; 0 for anything else."""
    return float(word.replace(",", "")) if re.fullmatch(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?", word) else 0.0


def _possessor_place(doc: Doc, span: Span) -> str:
    """ "London's Heathrow", "Paris' iconic Champs-Elysees": the place name whose possessive stands right
    before the span (an adjective or two between), or ""; for "the city's", the town last named."""
    i = span.start - (1 if span.start > 0 and doc[span.start - 1].lower_ == "the" else 0)
    while i > span.start - 3 and i > 0 and doc[i - 1].pos_ == "ADJ":
        i -= 1
    if (
        i < 2
        or doc[i - 1].lower_ not in ("'s", "’s", "'", "’")
        or not doc[i - 2].lower_.endswith(("s", "x", "z"))
        and doc[i - 1].lower_ in ("'", "’")
    ):
        return ""
    owner = doc[i - 2]
    if owner.lower_ in ("city", "town") and i >= 3 and doc[i - 3].lower_ == "the":
        return _town_before(doc, i - 3)  # "the city's Hawari district": the town the report just named
    if owner.ent_type_ not in ("GPE", "LOC"):
        return ""
    starts = entity_starting_at(doc)
    ent = next((starts[j] for j in range(owner.i, max(-1, owner.i - 4), -1) if j in starts), None)
    return ent.text if ent is not None and ent.end == owner.i + 1 else ""


_TOWN_BACK = 80  # tokens "the city" may look back for its town


def _town_before(doc: Doc, i: int) -> str:
    """The last GPE entity before token i (within `_TOWN_BACK` tokens) that is no country's name, or "";
    also one spaCy calls a language ("struck a building in Zaporizhzhia [LANGUAGE] ... the city's
    Shevchenkivskyi district")."""
    countries = by_name()
    found = [
        e
        for e in entities(doc)
        if e.label_ in ("GPE", "LANGUAGE")
        and i - _TOWN_BACK <= e.start
        and e.end <= i
        and without_the(e.text).lower() not in countries
    ]
    return found[-1].text if found else ""


def organisation_names(doc: Doc, sense: Callable[[str], NameSense]) -> frozenset[str]:
    """Short names the report gives organisations: "the Ministry of Defence (MoD)" makes every "MoD" the
    ministry, never a town of that name. (Not a place's: "the United Arab Emirates (UAE)".)"""
    memo = doc_memo(doc)
    if "organisation_names" not in memo:
        found = set()
        for ent in entities(doc):
            acronym = acronym_after(doc, ent.end) if ent.label_ == "ORG" else None
            if acronym and not sense(without_the(ent.text)).known:
                found.add(acronym)
        memo["organisation_names"] = frozenset(found)
    return memo["organisation_names"]


def an_institution(doc: Doc, ent: Span) -> bool:
    """ "the Army", "the Senate": one capitalised word after "the" that spaCy calls an organisation is the
    institution, not a town named so (unless a noun follows that it names: "the Mellitah complex")."""
    if ent.label_ != "ORG" or len(ent) != 1 or ent.start == 0 or doc[ent.start - 1].lower_ != "the":
        return False
    after = doc[ent.end] if ent.end < len(doc) else None
    return not (after is not None and after.is_lower and after.pos_ == "NOUN")


DISEASE_WORDS = {"virus", "viruses", "fever", "flu", "influenza", "disease", "syndrome", "encephalitis"}


def names_a_disease(doc: Doc, span: Span) -> bool:
    """ "West Nile virus", "Marburg fever", "the Spanish flu": a place a disease is named after is not
    where anything happens (the report's outbreak is wherever its other places say)."""
    return span.end < len(doc) and doc[span.end].lower_ in DISEASE_WORDS
