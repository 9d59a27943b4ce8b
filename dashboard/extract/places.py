"""Where: place mentions in a parsed report, with what the words around them ask for.

Besides spaCy's GPE/LOC/FAC entities this finds facility phrases ("Jufra base", "Banina air
base" -> an airfield), capitals named by demonym ("the Algerian capital city" -> Algiers) and
directional regions ("eastern Libya", "the east of Libya", "the eastern region"). Each mention
carries its syntactic role: a country that acts ("Russia built...") is an actor, not a location.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from dashboard.extract.actors import ActorRegistry
from dashboard.extract.coref import ROLE_GROUPS, TITLES
from dashboard.extract.doc_index import (
    capitalised_tokens,
    doc_memo,
    doc_text,
    entities,
    entity_starting_at,
    tokens_lower_in,
)
from dashboard.extract.place_context import (
    DISTANCE_UNITS,
    HONORIFICS,
    an_institution,
    group_named,
    list_hints,
    located_in,
    names_a_disease,
    near_and_distance,
    organisation_names,
    person_words,
    qualifier,
    town_of_district,
    town_of_part,
    without_the,
)
from dashboard.extract.place_cues import (
    MODIFIED_SITES,
    PLACE_LIKE_NOUNS,
    SETTLEMENTS_OF,
    SITE_NOUNS,
    in_dateline_credit,
    named_as_place,
    people_from,
    said_in_a_place,
    says_origin,
    site_name_before,
    site_nouns_end,
)
from dashboard.extract.place_kinds import (
    AREA_PLURALS,
    FIRST_LEVEL_NOUNS,
    area_level,
    area_noun_kind,
    followed_by_area,
    kind_around,
    list_items_before,
    listed_kind,
    unlabelled_before_area_noun,
)
from dashboard.extract.syntax import first_conjunct
from dashboard.geocode.admin import bare_area_name
from dashboard.geocode.countries import by_demonym, by_name
from dashboard.geocode.query import TOPONYM_HEADS, NameSense, PlaceQuery
from dashboard.model import Actor

PLACE_LABELS = {"GPE", "LOC", "FAC"}
FACILITY_NOUNS = {
    "base": "airport",
    "airbase": "airport",
    "airport": "airport",
    "airfield": "airport",
    "airstrip": "airport",
    "port": "port",
    "harbour": "port",
    "harbor": "port",
}
DIRECTION_ADJECTIVES = {
    "eastern": "east",
    "western": "west",
    "southern": "south",
    "northern": "north",
    "central": "central",
    "northeastern": "northeast",
    "north-eastern": "northeast",
    "northwestern": "northwest",
    "north-western": "northwest",
    "southeastern": "southeast",
    "south-eastern": "southeast",
    "southwestern": "southwest",
    "south-western": "southwest",
}
DIRECTION_NOUNS = {
    "east": "east",
    "west": "west",
    "south": "south",
    "north": "north",
    "centre": "central",
    "center": "central",
    "northeast": "northeast",
    "north-east": "northeast",
    "northwest": "northwest",
    "north-west": "northwest",
    "southeast": "southeast",
    "south-east": "southeast",
    "southwest": "southwest",
    "south-west": "southwest",
}
_DIRECTION_WORDS = {*DIRECTION_ADJECTIVES, *DIRECTION_NOUNS}
# Words for a relative or a post: a name in apposition to one is a person ("another brother, Belgassem,").
_PERSON_NOUNS = {
    "brother", "sister", "son", "daughter", "wife", "husband", "father", "mother", "cousin", "nephew", "niece",
    "uncle", "aunt", "grandson", "granddaughter", "widow", *ROLE_GROUPS,
}  # fmt: skip
# Prepositions that put a name's bearer in a place ("fled from Zamzam"), not before people ("a gesture to Abbas").
_PLACED_BY = {"in", "at", "into", "from", "inside", "near", "around", "outside", "through", "across", "within", "off"}
LOCATIVE_PREPOSITIONS = {
    "between",  # "between Kidal and Tessalit" (not for countries: "talks between Egypt and Libya")
    "in",
    "to",
    "at",
    "into",
    "from",
    "inside",
    "near",
    "across",
    "toward",
    "towards",
    "within",
    "throughout",
    "around",
    "outside",
    "via",
    "through",
    "over",
    "on",
    "onto",
    "off",
    "along",
}


@dataclass(frozen=True)
class PlaceMention:
    """A place span of the document, the query to resolve it, and whether it is used as a location."""

    start: int  # character offsets in the document
    end: int
    text: str
    sentence_start: int  # character offset of its sentence
    query: PlaceQuery
    label: str
    is_location: bool  # False: the name acts ("Russia attempts to ..."), it does not say where
    role: str = "place"  # place: where something is | adjective: "Russian" | embedded: "Washington" in a name
    # | origin: "Tripoli" in "the Tripoli-based ..."


def _country_named(mention: PlaceMention) -> str:
    """The country a mention names by its name or demonym ("Egypt", "Egyptian"), or ""."""
    key = mention.query.name.lower()
    country = by_name().get(key) or by_demonym().get(key)
    return country.code if country else ""


BESIDE_MAX = 4  # other places of a sentence a mention keeps, in order


def with_sentence_countries(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Each mention with what the other names of its sentence say about where it is:

    - `PlaceQuery.sentence_countries`: the countries they name as places ("during their stay in Egypt",
      not "the US ambassador" or "the U.S. prepares", which say who acts, not where);
    - `PlaceQuery.beside`: the other places they name, in order ("the ports of Ras Lanuf and Zueitina"):
      where a name no gazetteer has most likely lies, before the article's main town."""
    named = [(m, _country_named(m) if m.is_location else "") for m in mentions]
    by_sentence: dict[int, list[tuple[PlaceMention, str]]] = {}
    for m, code in named:
        if m.role == "place":
            by_sentence.setdefault(m.sentence_start, []).append((m, code))
    out = []
    for m in mentions:
        others = [(o, code) for o, code in by_sentence.get(m.sentence_start, []) if o is not m]
        codes = tuple(sorted({code for _, code in others if code}))
        beside = tuple(dict.fromkeys(o.query.name for o, code in others if not code))[:BESIDE_MAX]
        if (codes, beside) != (m.query.sentence_countries, m.query.beside):
            m = replace(m, query=replace(m.query, sentence_countries=codes, beside=beside))
        out.append(m)
    return out


def _no_sense(name: str) -> NameSense:
    return NameSense()


PERSON_NAME_TOWN = 100_000  # a word of a person's name that is a town this large is still the town
PERSON_ALONE_TOWN = 5_000  # ... and a one-word person (spaCy's reading) the name of a town this large
EMBEDDING_LABELS = {"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}


# Verbs whose object (or "on" object) is someone addressed, not somewhere: "called on the United States
# and France to press Israel".
_ADDRESS_VERBS = {
    "urge", "press", "pressure", "ask", "call", "accuse", "blame", "condemn", "criticize", "criticise", "warn",
    "thank", "praise", "lobby", "persuade", "convince", "sanction", "threaten", "rely", "depend", "count",
    "prevail", "insist",
}  # fmt: skip


_ODD_LABELS = {"PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
_NAME_LABELS = {"ORG", "PERSON", "NORP", *_ODD_LABELS}  # a compass word inside these is part of a name
_LISTED_LABELS = {"ORG", "PERSON", *_ODD_LABELS}  # list items, not a people's name ("the Shiite and Sunni regions")
_LIST_HEADS = {*LOCATIVE_PREPOSITIONS, "including"}  # "to Obari and Sabha", "including Ghat, Murzuq and Ubari"
_NAMED_SITES = {"oilfield", "field", "refinery", "terminal", "crossing", "oasis"}  # ("field": "oil field")
_PART_NOUNS = {"coast", "coasts", "shore", "shores", "waters", "centre", "center", "heart", "edge", "streets"}
_BEARING_NOUNS = {*DIRECTION_NOUNS, "outskirts", "north-east", "south-east", "north-west", "south-west"}


def _listed_with_a_place_label(ent: Span) -> bool:
    """ "mayors of Sabha, Awbari and Wadi Ataba": one of the name's list partners is labelled a place."""
    return any(t.ent_type_ in ("GPE", "LOC") for t in ent.root.conjuncts)


_FACILITY_HINTS = frozenset(FACILITY_NOUNS.values())
_GANG_NOUNS = {"gang", "gangs", "cartel", "cartels"}


def _title_abbreviation(doc: Doc, ent: Span) -> bool:
    """A one-word name that is a title cut short before a full stop and a name ("Brig. Gen.", "Col. Ali")."""
    if len(ent) != 1 or ent.end + 1 >= len(doc) or ent.text.lower().rstrip(".") not in TITLES:
        return False
    dot = ent.text.endswith(".") or doc[ent.end].text == "."
    following = doc[ent.end] if ent.text.endswith(".") else doc[ent.end + 1]
    return dot and following.text[:1].isupper()


def _is_location(span: Span) -> bool:
    """A name governed by a locative preposition ("in Cairo", "south of Manbij") says where; a subject or
    possessor acts, and so does one a verb addresses ("urged Egypt", "called on France")."""
    root = span.root
    while root.dep_ in ("conj", "appos", "compound") and root.head is not root:
        root = root.head
    if root.dep_ == "pobj":
        prep = root.head
        if prep.lower_ == "on" and prep.head.pos_ == "VERB" and prep.head.lemma_ in _ADDRESS_VERBS:
            return False
        if prep.lower_ == "of" and prep.head.lower_ in _BEARING_NOUNS:
            return True  # "south of Manbij", "the outskirts of El Fasher"
        if prep.lower_ == "of" and prep.head.lower_ in _PART_NOUNS:  # "off the coast of Zuwara"
            part = prep.head
            return part.dep_ == "pobj" and part.head.lower_ in LOCATIVE_PREPOSITIONS
        if prep.lower_ == "between" and without_the(span.text).lower() in by_name():
            return False  # "relations between Egypt and Libya": the countries act
        if people_from(span):
            return False  # "The migrants, from Eritrea and Somalia, had been held ...": where people come from
        return prep.lower_ in LOCATIVE_PREPOSITIONS
    if root.dep_ == "dobj" and root.head.lemma_ in _ADDRESS_VERBS:
        return False
    return root.dep_ not in ("nsubj", "nsubjpass", "poss", "agent")


# A compass word alone ("Central" in "Central High", "West" in "West Side") names no place by itself;
# "the north" of a text about one country does, and comes with a region hint.
_BARE_DIRECTION = re.compile(
    r"(?:the )?(?:north|south|east|west|central|northern|southern|eastern|western|north-?east|north-?west|"
    r"south-?east|south-?west|northeastern|northwestern|southeastern|southwestern|metro|downtown|uptown)",
    re.IGNORECASE,
)
_NAMED_AREA = re.compile(r"\b((?:[A-Z][\w'’.-]+ ){1,3}(?:County|Parish|Borough))\b")
_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"(?:^|\n|[.!?]\s)\s*([A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+){0,3})\s*(?:,|\(|—|–| - )"
    r"|(?:^|\n)[ \t]*([A-Z][a-z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}) [–—-] (?=[A-Z])"  # "Misrata – The ..."
    # "Misrata, 21 August 2025 (LANA) –", "Tripoli, Nov. 3 -"
    rf"|(?:^|\n)[ \t]*([A-Z][a-z][\w'’-]+(?: [A-Z][\w'’-]+){{0,2}}),\s+(?=\d{{1,2}}\s+{_MONTH_WORD}|{_MONTH_WORD}\s+\d)"
)


def _near_fields(doc: Doc, span: Span) -> dict:
    close, km = near_and_distance(doc, span)
    return {"near": close, "near_km": km}


def _datelines_in(doc: Doc) -> tuple[re.Match[str], ...]:
    """The report's dateline matches, found once per document (the name is group 1, 2 or 3)."""
    memo = doc_memo(doc)
    if "datelines" not in memo:
        memo["datelines"] = tuple(_DATELINE.finditer(doc_text(doc)))
    return memo["datelines"]


def _is_dateline(doc: Doc, span: Span) -> bool:
    """ "WASHINGTON (AP) -", "BEIRUT, Lebanon —": a capitalised name opening a report or paragraph."""
    return any(m.start(m.lastindex or 1) == span.start_char for m in _datelines_in(doc))


def _facility_after(doc: Doc, end: int) -> tuple[int, str]:
    """(new end, hint) when the tokens after a name make it a facility: "air base", "airport"."""
    i = end
    if i < len(doc) and doc[i].lower_ in ("air", "naval", "military", "airforce") and i + 1 < len(doc):
        i += 1
    if i < len(doc) and doc[i].lower_ in FACILITY_NOUNS:
        hint = FACILITY_NOUNS[doc[i].lower_]
        if doc[end].lower_ == "naval":
            hint = "port"
        return i + 1, hint
    return end, ""


class PlaceFinder:
    """Finds place mentions in parsed documents.

    `sense` tells what the gazetteer knows about a name. A PERSON or ORG entity that the registry
    does not know is a place spaCy mislabelled when it is governed by a locative preposition
    ("drones to Misrata") and known to the gazetteer, or when it names an area or a sizeable town
    (in the article's countries) and is no one's surname in the article.
    """

    def __init__(self, registry: ActorRegistry, sense: Callable[[str], NameSense] = _no_sense) -> None:
        self.registry = registry
        self.sense = sense

    def is_place_name(self, name: str) -> bool:
        return self.sense(name).known

    def _country_code(self, text: str) -> str:
        country = by_name().get(text.lower())
        return country.code if country else ""

    def _demonym_code(self, text: str) -> str:
        actor = self.registry.match(text)
        return actor.country if actor and actor.kind == "state" else ""

    def find(self, doc: Doc) -> list[PlaceMention]:
        found: list[PlaceMention] = []
        taken: set[int] = set()  # token indices already inside a mention

        def add(start_tok: int, end_tok: int, query: PlaceQuery, label: str, is_location: bool = True) -> None:
            if any(i in taken for i in range(start_tok, end_tok)):
                return
            taken.update(range(start_tok, end_tok))
            span = doc[start_tok:end_tok]
            found.append(
                PlaceMention(span.start_char, span.end_char, span.text, span.sent.start_char, query, label, is_location)
            )

        self._capitals(doc, add)
        self._regions(doc, add)
        focus, actor_focus = self.focus_codes(doc)
        surnames = {ent[-1].lower_ for ent in entities(doc) if ent.label_ == "PERSON" and len(ent) > 1}
        people = person_words(doc)
        listed = list_hints(doc, self.sense)
        organisations = organisation_names(doc, self.sense)
        # a name the words once call a town is one each time spaCy reads it as a product ("abandon Mirebalais")
        odd_towns = {e.text for e in entities(doc) if e.label_ in _ODD_LABELS and named_as_place(doc, e)}
        # a known place name spaCy labels a place elsewhere in the report, at least as often as not ("near
        # Kidal" ... "between Kidal [NORP]"; not "Kristina", a person nine times and a place once)
        labels = Counter((e.text, e.label_ in ("GPE", "LOC")) for e in entities(doc))
        labelled_places = {text for (text, place), n in labels.items() if place and n >= labels[(text, False)]}
        for ent in entities(doc):
            ent = self._with_rest_of_name(doc, self._with_compass_word(doc, ent))
            end, hint = _facility_after(doc, ent.end)
            if not hint and ent.label_ == "ORG" and len(ent) > 1 and ent[-1].is_title:
                hint = FACILITY_NOUNS.get(ent[-1].lower_, "")  # "the Mitiga International Airport will reopen"
            elif not hint and len(ent) > 1 and ent[-1].is_lower and ent[-2].is_title:
                hint = FACILITY_NOUNS.get(ent[-1].lower_, "")  # "Mitiga airport suspended flights" (a person), "Bor
                # airstrip was submerged" (a town)
            if (ent.text in organisations and not hint) or names_a_disease(doc, ent):
                continue  # "the Ministry of Defence (MoD)": every "MoD" is the ministry; "West Nile virus"
            if says_origin(ent):
                continue  # a toponym (see `toponyms`), no event place
            if group_named(doc, ent) and not self.sense(ent.text).known:
                continue  # "M23 rebels" are a group, not the M23 motorway ("Misrata rebels" keep Misrata)
            named_place = named_as_place(doc, ent)
            actor = self.registry.match(ent.text)
            seat = self._seat(ent, actor)
            if seat and not hint and ent.root.dep_ == "pobj" and ent.root.head.lower_ in LOCATIVE_PREPOSITIONS:
                add(ent.start, ent.end, PlaceQuery(ent.text, without_the(ent.text), "capital", seat), ent.label_)
                continue  # "talks at the Kremlin": in Moscow
            said_where = _is_location(ent) and ent.root.dep_ == "pobj" and self.is_place_name(ent.text)
            site_end = site_nouns_end(doc, ent)
            said_in = said_in_a_place(doc, ent, self.sense) and not self.is_place_name(ent.text)
            relabelled = (
                actor is None
                and not hint
                and not self._institution(doc, ent)
                and (
                    (
                        ent.label_ in ("PERSON", "ORG")
                        and (
                            said_where
                            or self._mislabelled(doc, ent, focus, surnames, actor_focus)
                            or named_place
                            or self._listed_with_place(doc, ent)
                            or (area_noun_kind(doc, ent) in ("admin", "city") and self._not_a_nickname(ent))
                            or followed_by_area(doc, ent)  # "raided Kolofata, Mayo-Sava department"
                            or self._put_near_a_place(doc, ent, people)  # "the Zamzam camp south of El Fasher"
                            or bool(site_end)  # "through the Kerem Shalom crossing"
                            or said_in  # "spread to Minova in South Kivu", "in Barzeh in northern Damascus"
                        )
                    )
                    # "south of Manbij", "the town of Mirebalais" read as products
                    or (ent.label_ in _ODD_LABELS and (said_where or ent.text in odd_towns))
                    or (ent.text in labelled_places and self._placed_elsewhere(ent, surnames, people))
                    or (ent.label_ in _LISTED_LABELS and bool(listed_kind(doc, ent)))  # "the Kursk and Orel regions"
                    # "Aleppo [NORP] province", "western Niger's Tillaberi [PRODUCT] region"
                    or (ent.label_ in ("NORP", *_ODD_LABELS) and self._area_by_its_noun(doc, ent))
                    or (ent.label_ == "NORP" and self._part_of_a_town(doc, ent))  # "the Tajoura [NORP] district of"
                    or (ent.label_ == "NORP" and named_place and not self.sense(ent.text).adjective)  # "city of Kufra"
                    or (ent.label_ == "NORP" and said_where and self.sense(ent.text).sizeable_place())  # "in Tunis"
                )
            )
            if ent.label_ not in PLACE_LABELS and not hint and not relabelled:
                continue
            if not hint and not relabelled and (self._a_person(ent, people) or self._named_as_a_person(ent)):
                continue
            if actor and actor.kind != "state" and ent.label_ not in PLACE_LABELS:
                continue  # a person, organisation or medium the lists know
            if ent.label_ == "NORP" and not hint and not relabelled:
                continue
            name = self._without_possessive(without_the(ent.text))
            if actor and actor.kind == "state" and name.lower() not in by_name() and not hint:
                continue  # a demonym ("Russian") or a seat of government ("the Kremlin said") names an actor
            if in_dateline_credit(doc, ent):
                continue  # "Sabha, 16 November 2026 (Fezzan Libya) –": the outlet
            if _title_abbreviation(doc, ent):
                continue  # "according to Brig. Gen. Yahya al-Zubaidi": a rank, not Brig, Switzerland
            if self._names_a_gang(doc, ent) or self._cut_from_a_longer_name(doc, ent):
                continue
            if self._common_noun(doc, ent) or not any(t.text[:1].isupper() for t in ent):
                continue  # "ABUJA (AP) — Gunmen abducted ...", "on the coast east of Macomia" (no name)
            hint = hint or kind_around(doc, ent)
            located = _is_location(ent) or bool(hint) or named_place or _is_dateline(doc, ent)  # (not a list's hint)
            of_a_town = end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].text[:1].isupper()
            if hint == "port" and of_a_town and ent.label_ == "LOC" and "city" not in self.sense(name).kinds:
                located = False  # "the Black Sea port of Odesa": the sea says where Odesa is; the port is Odesa
            # with its facility word or site nouns: "Ghardabiya airbase in Sirte", "the Ganfouda detention centre"
            whole = doc[ent.start : max(end, site_end if relabelled else 0)]
            query = PlaceQuery(
                whole.text,
                name,
                hint or listed.get(ent.start, ""),
                level=area_level(doc, whole) if hint == "admin" else "",
                qualifier=qualifier(doc, whole),
                located_in=located_in(doc, whole, facility=end > ent.end or said_in)
                or town_of_part(doc, whole, self.sense)
                or town_of_district(doc, whole),
                **_near_fields(doc, whole),
            )
            add(ent.start, end, query, "GPE" if relabelled else ent.label_, is_location=located)
        self._unlabelled_facilities(doc, add)
        self._unlabelled_settlements(doc, add, taken)
        self._unlabelled_towns(doc, add, focus | actor_focus, people)
        self._datelines(doc, add)
        self._same_name_again(doc, add, found, taken, people)
        self._unlabelled_again(doc, add, found, taken)
        return sorted(found, key=lambda m: m.start)

    def _without_possessive(self, name: str) -> str:
        """ "South Kordofan's acting governor": the name without the possessive the NER kept, unless the
        name with it is the place's own ("St. John's")."""
        bare = re.sub(r"\s*['’]s$", "", name)
        return bare if bare != name and bare and not self.sense(name).known else name

    @staticmethod
    def _names_a_gang(doc: Doc, ent: Span) -> bool:
        """ "the Los Lobos gang", "Sinaloa cartel infighting": the name of a gang, not where anything is."""
        return ent.end < len(doc) and doc[ent.end].is_lower and doc[ent.end].lower_ in _GANG_NOUNS

    def _cut_from_a_longer_name(self, doc: Doc, ent: Span) -> bool:
        """ "as families gathered for Day [GPE] of the Dead": one word the NER cut from a name that goes on
        with "of (the)" and a capitalised word, and that is no area or sizeable town by itself (a Dayton
        also called Day is not what is meant)."""
        i = ent.end
        if len(ent) != 1 or i + 1 >= len(doc) or doc[i].lower_ != "of":
            return False
        following = doc[i + 2] if doc[i + 1].lower_ == "the" and i + 2 < len(doc) else doc[i + 1]
        return following.is_title and not following.ent_type_ and not self.sense(ent.text).sizeable_place()

    def _common_noun(self, doc: Doc, ent: Span) -> bool:
        """ "ABUJA (AP) — Gunmen abducted ...": a one-word entity spaCy tags a common noun, capitalised after a
        dash or inflected ("Gunmen" is "gunman"), that no gazetteer knows. Not an unknown name tagged a noun
        ("Shifouneih", "the city of al- Qaryatain"): those stay, unresolved and listed."""
        root = ent.root
        if len(ent) != 1 or root.pos_ != "NOUN" or not root.is_title or self.is_place_name(ent.text):
            return False
        after_dash = ent.start > 0 and doc[ent.start - 1].text in ("—", "–", "-", "--")
        return after_dash or root.lemma_.lower() != root.lower_

    def _unlabelled_again(self, doc: Doc, add, found: list[PlaceMention], taken: set[int]) -> None:
        """ "Libya: Sirte municipal elections postponed" (spaCy labels no Sirte; the report's body does): a
        run of capitalised words no entity holds that is a known place the report names elsewhere (spaCy's
        place there) is that place, in a sentence that names countries and no other place (a country would
        otherwise be where it happened). Beside another place it only says whose a thing is ("the Misrata
        municipal council met ... in Tripoli")."""
        named = {}  # by its words, also without "the" or its area noun ("Khyber Pakhtunkhwa province")
        for m in found:
            if m.is_location and m.role == "place" and m.label in ("GPE", "LOC"):
                for form in (m.text, without_the(m.text), bare_area_name(without_the(m.text))):
                    if self.is_place_name(form):
                        named.setdefault(form, m)
        if not named:
            return
        countries_by_name = by_name()
        firsts = {form.split()[0].lower() for form in named if form}
        for i in tokens_lower_in(doc, firsts):  # where a named place's first word stands (an array lookup)
            before = doc[i - 1] if i > 0 else None
            if before is not None and before.is_title and before.pos_ == "PROPN" and not before.ent_type_:
                continue  # inside a longer run of unlabelled names
            end = i
            while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN" and not doc[end].ent_type_:
                end += 1
            earlier = named.get(doc[i:end].text) if end > i else None
            if earlier is not None and not any(k in taken for k in range(i, end)):
                sentence = doc[i].sent
                others = [m for m in found if sentence.start_char <= m.start < sentence.end_char]
                if others and all(without_the(m.text).lower() in countries_by_name for m in others):
                    add(i, end, PlaceQuery(earlier.text, earlier.query.name, earlier.query.hint), "SETTLEMENT")

    def _same_name_again(
        self, doc: Doc, add, found: list[PlaceMention], taken: set[int], people: tuple[set[str], set[str]]
    ) -> None:
        """One name, one sense in a report: "the Zamzam displacement camp south of El Fasher" ... "seized the
        Zamzam camp". A name the words made a place where spaCy called it a person, group or people is that
        place where spaCy calls it so again, unless it is a word of a person's full name
        ("Jackson" beside "Jesse Jackson") or an actor of the lists, and where the words put it in a place
        (not "the credibility of Fatah", "the Misrata municipal council")."""
        located = [m for m in found if m.is_location and m.role == "place"]
        places = {}  # only names placed against spaCy's label: "Hartmann" a place to spaCy once is no town
        for ent in entities(doc):
            if ent.label_ in ("PERSON", "ORG", "NORP"):
                placed = next((m for m in located if m.start <= ent.start_char < m.end), None)
                if placed is not None:
                    places.setdefault(without_the(ent.text).lower(), placed)
        for ent in entities(doc):
            name = without_the(ent.text)
            if ent.label_ not in ("PERSON", "ORG", "NORP") or any(i in taken for i in range(ent.start, ent.end)):
                continue
            earlier = places.get(name.lower())
            if earlier is None or any(t.lower_ in people[0] for t in ent) or self.registry.match(name):
                continue  # (a listed actor named like a place is the actor: "Mali" that acts)
            after = doc[ent.end].lower_ if ent.end < len(doc) else ""
            root = ent.root
            said_where = root.dep_ == "pobj" and root.head.lower_ in _PLACED_BY
            if after in PLACE_LIKE_NOUNS or said_where:  # "seized the Zamzam camp", "fled from Zamzam"
                # (the town, not the facility its name was placed with: "Kufra airport" ... "arrivals in Kufra")
                hint = "" if earlier.query.hint in _FACILITY_HINTS else earlier.query.hint
                add(ent.start, ent.end, PlaceQuery(ent.text, name, hint), ent.label_)

    def toponyms(self, doc: Doc) -> list[PlaceMention]:
        """Every place name of the text: the places of `find`, plus names that are not where anything
        happens: demonyms ("Russian officials") and names inside other names ("The Washington Post").

        The extra ones have `is_location=False` and a role other than "place"; they inform the
        resolution of the others (focus countries) and count as toponyms, but make no event.
        """
        places = self.find(doc)
        taken = {i for m in places for i in range(m.start, m.end)}
        extra: list[PlaceMention] = []

        def free(span: Span) -> bool:
            return not any(i in taken for i in range(span.start_char, span.end_char))

        def add(span: Span, role: str) -> None:
            taken.update(range(span.start_char, span.end_char))
            query = PlaceQuery(span.text, span.text)
            extra.append(
                PlaceMention(
                    span.start_char, span.end_char, span.text, span.sent.start_char, query, role.upper(), False, role
                )
            )

        for ent in entities(doc):
            if not free(ent) or names_a_disease(doc, ent):
                continue
            bare = doc[ent.start + 1 : ent.end] if ent[0].lower_ == "the" and len(ent) > 1 else ent
            sense = self.sense(bare.text)
            if sense.adjective and len(bare) <= 3:
                add(bare, "adjective")
            elif says_origin(ent) and sense.known:
                add(ent, "origin")
            elif ent.label_ in EMBEDDING_LABELS or ent.label_ == "NORP":
                for span in self._embedded(doc, ent):
                    if free(span):
                        add(span, "embedded")
        for span in self._named_areas(doc):
            if free(span):
                add(span, "embedded")
        kept = [m for m in [*places, *extra] if m.query.hint == "region" or not _BARE_DIRECTION.fullmatch(m.text)]
        return with_sentence_countries(sorted(kept, key=lambda m: m.start))

    def _named_areas(self, doc: Doc) -> list[Span]:
        """ "Laurel County" in "the Laurel County Fiscal Court" or "Anderson County Sheriff Greg Taylor":
        a capitalised name followed by County/Parish/Borough is a place wherever it stands, when the
        gazetteer knows the area."""
        found = []
        for match in _NAMED_AREA.finditer(doc_text(doc)):
            words = match.group(1).split()
            for skip in range(len(words) - 1):  # "Miss Butler County" -> "Butler County"
                name = " ".join(words[skip:])
                if self.sense(name).known:
                    start = match.start(1) + match.group(1).index(name)
                    span = doc.char_span(start, match.end(1), alignment_mode="expand")
                    if span is not None:
                        found.append(span)
                    break
        return found

    def _embedded(self, doc: Doc, ent: Span) -> list[Span]:
        """Names of areas, demonyms and large towns inside an organisation's or event's name, longest first."""
        found: list[Span] = []
        i = ent.start
        while i < ent.end:
            for length in (3, 2, 1):
                span = doc[i : i + length]
                if span.end > ent.end or not (span[0].is_title or span[0].is_upper) or span[0].lower_ == "the":
                    continue
                if not (span[-1].is_title or span[-1].is_upper):
                    continue
                sense = self.sense(span.text)
                if sense.area or sense.adjective or sense.population >= 100_000:
                    found.append(span)
                    i = span.end - 1
                    break
            i += 1
        return found

    def focus_codes(self, doc: Doc) -> tuple[set[str], set[str]]:
        """Where a mislabelled town may be: the countries the text's unambiguous GPE names lie in, and
        those of the listed actors it names ("the Government of National Unity": Libya)."""
        memo = doc_memo(doc)
        if "focus_codes" in memo:
            return memo["focus_codes"]
        codes: set[str] = set()
        actors: set[str] = set()
        for ent in entities(doc):
            if ent.label_ == "GPE":
                sense = self.sense(ent.text)
                if len(sense.countries) == 1:
                    codes |= sense.countries
            elif ent.label_ in ("ORG", "PERSON", "NORP"):
                actor = self.registry.match(ent.text)
                if actor is not None and actor.country:
                    actors.add(actor.country)
        memo["focus_codes"] = (codes, actors)
        return codes, actors

    def _seat(self, ent: Span, actor: Actor | None) -> str:
        """The country whose government a name stands for by its seat ("the Kremlin", "the White House"):
        a registry alias of a state that is no country's name, demonym or large town ("" otherwise)."""
        if actor is None or actor.kind != "state" or not actor.country or ent.label_ not in ("FAC", "ORG", "GPE"):
            return ""
        bare = without_the(ent.text)
        sense = self.sense(bare)
        if bare.lower() in by_name() or sense.area or sense.adjective or sense.population >= PERSON_NAME_TOWN:
            return ""
        return actor.country

    def _a_person(self, ent: Span, people: tuple[set[str], set[str]]) -> bool:
        """ "Yulia" after "Yulia Skripal", "Modi" after "Narendra Modi": a one-word name that is part of a
        person's name in the report is that person, unless it names an area or a town of 100,000 or
        more, or a locative preposition governs it ("flew to Tyler"). A name spaCy reads as a person
        only elsewhere in the report ("said Guhdar") counts so only when no town of 5,000 has it: spaCy
        often reads a town as a person."""
        word = ent[0]
        if len(ent) != 1 or (word.is_upper and len(word) <= 3):
            return False
        in_names, alone = people
        if word.lower_ not in in_names and word.lower_ not in alone:
            return False
        if ent.root.dep_ == "pobj" and ent.root.head.lower_ in LOCATIVE_PREPOSITIONS:
            return False
        sense = self.sense(ent.text)
        largest = PERSON_NAME_TOWN if word.lower_ in in_names else PERSON_ALONE_TOWN
        return not (sense.area or sense.adjective) and sense.population < largest

    def _named_as_a_person(self, ent: Span) -> bool:
        """ "another brother, Belgassem, runs the fund", "the spokesman, Mismari,": a one-word name in apposition
        to a word for a relative or a post is that person, unless it names an area or a town of 5,000."""
        root = ent.root
        if len(ent) != 1 or root.dep_ != "appos" or root.head.lemma_.lower() not in _PERSON_NOUNS:
            return False
        sense = self.sense(ent.text)
        return not (sense.area or sense.adjective) and sense.population < PERSON_ALONE_TOWN

    @staticmethod
    def _put_near_a_place(doc: Doc, ent: Span, people: tuple[set[str], set[str]]) -> bool:
        """ "the Zamzam displacement camp south of El Fasher": a capitalised name the words put near a place
        is a place, unless it is a word of a person's full name in the report ("Umoja Iddi Bakari ... caught
        Bakari near Atlanta")."""
        words = ent[1:] if ent[0].lower_ == "the" else ent
        if not words or not words[0].is_title or any(t.lower_ in people[0] for t in words):
            return False
        i = ent.end
        while i < len(doc) and doc[i].is_lower and doc[i].pos_ == "NOUN" and doc[i].lower_ in PLACE_LIKE_NOUNS:
            i += 1
        if i < len(doc) and doc[i].is_lower and doc[i].pos_ == "NOUN" and doc[i].lower_ not in _BEARING_NOUNS:
            return False  # "Houthi targets near Sanaa": the targets are near, the name only says whose
        return bool(near_and_distance(doc, ent)[0])

    def _placed_elsewhere(self, ent: Span, surnames: set[str], people: tuple[set[str], set[str]]) -> bool:
        """A name spaCy labels a place elsewhere in the report, that the gazetteer knows and no person of the
        report is called, is that place here too, whatever spaCy calls it ("Kidal" a nationality)."""
        words = {t.lower_ for t in ent}
        return not (words & surnames or words & people[0]) and self.is_place_name(ent.text)

    def _area_by_its_noun(self, doc: Doc, ent: Span) -> bool:
        """A name (or a list item) before an area noun that names an area or a sizeable town and no people
        ("the Belgorod and Kursk regions", "Aleppo province"; not "the Shiite and Sunni regions")."""
        called = listed_kind(doc, ent) or area_noun_kind(doc, ent) in ("admin", "city")
        return bool(called) and self.sense(ent.text).sizeable_place()

    def _not_a_nickname(self, ent: Span) -> bool:
        """ "the Tariq al-Sikka district", "Jonglei State", "Borno State": an area. Not "Columbia State" (a
        college): a town's name with a capitalised "State", "Region" or "Province" that, whole, names no area."""
        noun = ent[-1]
        if noun.is_lower or noun.lower_ not in ("state", "region", "province"):
            return True
        bare = self.sense(without_the(ent[:-1].text))
        return self.sense(without_the(ent.text)).area or bare.area or not bare.known

    def _part_of_a_town(self, doc: Doc, ent: Span) -> bool:
        """ "the Tajoura district of Tripoli", "the Abu Salim and Salah al-Din neighbourhoods of Tripoli" (spaCy:
        nationalities): a name before a noun for a part of a town, "of" a town, and no demonym ("the Kurdish
        quarter of ..."). The town is where it lies (`town_of_part`)."""
        return bool(town_of_part(doc, ent, self.sense)) and not self.sense(ent.text).adjective

    def _institution(self, doc: Doc, ent: Span) -> bool:
        """ "the Army", "the Senate" (not "the Bronx" or "the Hague" when spaCy calls them organisations:
        an area or a town of 100,000 keeps its claim)."""
        if not an_institution(doc, ent):
            return False
        sense = self.sense(ent.text)
        return not (sense.area or sense.population >= PERSON_NAME_TOWN)

    def _with_compass_word(self, doc: Doc, ent: Span) -> Span:
        """ "North Darfur", "West Kordofan": spaCy often leaves the compass word of an area's name out of
        the entity; it belongs to the name when the gazetteer knows the whole."""
        i = ent.start
        if i == 0 or not doc[i - 1].is_title or doc[i - 1].lower_ not in _DIRECTION_WORDS or doc[i - 1].ent_type_:
            return ent
        if not self.sense(f"{doc[i - 1].text} {without_the(ent.text)}").known:
            return ent
        return Span(doc, i - 1, ent.end, label=ent.label_)

    def _with_rest_of_name(self, doc: Doc, ent: Span) -> Span:
        """ "Deir" + "ez-Zor": an entity that is only a geographic noun ("Deir", "Ras", "Wadi") names
        nothing by itself; with the words after it that no entity holds it may be a name the gazetteer
        knows. The same noun left just outside the entity belongs to it: "Souq" + "al-Juma" (alone, an
        alternate name of Yuma, Arizona)."""
        i = ent.start
        if i > 0 and doc[i - 1].is_title and not doc[i - 1].ent_type_ and doc[i - 1].lower_ in TOPONYM_HEADS:
            return Span(doc, i - 1, ent.end, label=ent.label_)
        if len(ent) != 1 or ent[0].lower_ not in TOPONYM_HEADS:
            return ent
        for end in range(min(len(doc), ent.end + 4), ent.end, -1):
            free = not any(t.ent_type_ or (t.is_punct and t.text != "-") for t in doc[ent.end : end])
            if free and self.sense(doc[ent.start : end].text).known:
                return Span(doc, ent.start, end, label=ent.label_)
        return ent

    def _listed_with_place(self, doc: Doc, ent: Span) -> bool:
        """ "troops to Obari and Sabha", "including Murzuq and Ubari": an unknown name in one list with a
        known place, the list the object of a locative preposition (or "including"), is a place too
        (spaCy often reads a town it does not know as an organisation or a person)."""
        if len(ent) > 3 or not ent[0].is_title:
            return False
        first = first_conjunct(ent.root)
        if first.dep_ != "pobj" or first.head.lower_ not in _LIST_HEADS:
            return False
        starts = {e.root.i: e for e in entities(doc)}
        others = [starts[t.i] for t in (first, *first.conjuncts) if t.i in starts and starts[t.i].start != ent.start]
        places = [o.label_ in PLACE_LABELS or self.is_place_name(o.text) for o in others]
        if first.head.lower_ == "including":  # "including Trader Joe's and ...": only in a list of places only
            return bool(places) and all(places)
        return any(places)

    def _mislabelled(
        self, doc: Doc, ent: Span, focus: set[str], surnames: set[str], actor_focus: set[str] | None = None
    ) -> bool:
        """A PERSON/ORG span that is a place: an area, a large town, or a town of the article's countries.
        The countries of its actors count only for a name a verb or preposition takes as its object
        ("entered Gharyan"), not for a modifier or a subject ("the Clinton administration")."""
        if len(ent) > 3 or not ent[0].is_title and not ent[0].is_upper:
            return False
        if len(ent) == 1 and ent[0].lower_ in surnames:
            return False  # "Houston" after "Sam Houston" is the man
        if ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in HONORIFICS:
            return False
        first = first_conjunct(ent.root)  # "to Ghat and Murzuq": the list is the object
        if first.dep_ in ("dobj", "pobj") and actor_focus:
            focus = focus | actor_focus
        sense = self.sense(ent.text)
        # a town of the article's countries spelled another way: "Misrata"; and "Awbari" listed with places
        respelt = sense.respelt | sense.towns_aka if _listed_with_a_place_label(ent) else sense.respelt
        if sense.area or sense.population >= 100_000 or focus & respelt:
            return True
        if ent.label_ == "ORG" and first.dep_ in ("dobj", "pobj") and focus & sense.towns_aka:
            return True  # "taken control of Babanusa" (GeoNames' Babanūsah): no body the lists know takes objects so
        smallest = 20_000 if ent.label_ == "PERSON" else 1_000  # a town's name is often someone's surname
        return bool(focus & sense.countries) and sense.population >= smallest

    def _datelines(self, doc: Doc, add) -> None:
        """ "MANSFIELD, Ohio —", "BEIRUT (Reuters) -": the capitalised place that opens a report or paragraph;
        "Misrata – The ..." opening a paragraph too, when the name is a town of 5,000 or more (not an area)."""
        for match in _datelines_in(doc):
            group = match.lastindex or 1
            span = doc.char_span(match.start(group), match.end(group), alignment_mode="expand")
            if span is None or not self.is_place_name(match.group(group)):
                continue
            sense = self.sense(span.text)
            town = sense.population >= 5_000 or sense.towns_aka or sense.respelt
            if group >= 2 and (sense.area or not town):
                continue  # a title-case dateline ("Misrata –") names a sizeable town ("Mali – Sahel:" is a topic)
            name = match.group(group).title()
            query = PlaceQuery(span.text, name, "city", qualifier=qualifier(doc, span))  # a dateline names a town
            add(span.start, span.end, query, "DATELINE")

    def _capitals(self, doc: Doc, add) -> None:
        """ "the Algerian capital (city)", "the capital of Algeria"."""
        for i in tokens_lower_in(doc, ("capital",)):
            tok = doc[i]
            prev = doc[tok.i - 1] if tok.i > 0 else None
            end = tok.i + 1
            if end < len(doc) and doc[end].lower_ == "city":
                end += 1
            if prev is not None and tok.i >= 2 and doc[tok.i - 2].lower_ == "the":
                code = self._demonym_code(prev.text) or self._country_code(prev.text)
                if code:
                    add(tok.i - 2, end, PlaceQuery(doc[tok.i - 2 : end].text, prev.text, "capital", code), "CAPITAL")
                    continue
            if prev is not None and prev.lower_ == "the" and end + 1 < len(doc) and doc[end].lower_ == "of":
                ent = entity_starting_at(doc).get(end + 1)
                code = self._country_code(ent.text) if ent is not None else ""
                if code:
                    query = PlaceQuery(doc[prev.i : ent.end].text, ent.text, "capital", code)
                    add(prev.i, ent.end, query, "CAPITAL")

    def _regions(self, doc: Doc, add) -> None:
        """ "eastern Libya", "the east of Libya", and, with no country, "the eastern region", "the east";
        "Northeast Syria" tagged as one name, when the gazetteer has no place of the whole name ("South
        Sudan" and "Northern Ireland" are names, not compass regions)."""
        ents_at = entity_starting_at(doc)
        for ent in entities(doc):
            lower = ent[0].lower_
            if len(ent) < 2 or ent.label_ not in PLACE_LABELS or lower not in _DIRECTION_WORDS:
                continue
            rest = doc[ent.start + 1 : ent.end]
            code = self._country_code(rest.text)
            if code and not self.sense(ent.text).known:
                direction = DIRECTION_ADJECTIVES.get(lower) or DIRECTION_NOUNS[lower]
                add(ent.start, ent.end, PlaceQuery(ent.text, rest.text, "region", code, direction), "REGION")
        for i in tokens_lower_in(doc, _DIRECTION_WORDS):
            tok = doc[i]
            lower = tok.lower_
            after = ents_at.get(tok.i + 1)
            # "northeast Syria" (not "North Korea", not "the north of Libya")
            bare = lower in DIRECTION_NOUNS and tok.is_lower and after is not None and self._country_code(after.text)
            if (lower in DIRECTION_ADJECTIVES or bare) and tok.i + 1 < len(doc):
                code = self._country_code(after.text) if after is not None else ""
                if after is not None and code:
                    span = doc[tok.i : after.end]
                    direction = DIRECTION_ADJECTIVES.get(lower) or DIRECTION_NOUNS[lower]
                    add(tok.i, after.end, PlaceQuery(span.text, after.text, "region", code, direction), "REGION")
                elif (
                    doc[tok.i + 1].lower_ in ("region", "regions", "part", "parts")
                    and tok.ent_type_ not in _NAME_LABELS  # not "the Western Region Military Zone"
                    and tok.i > 0
                    and doc[tok.i - 1].lower_ == "the"
                    and not (tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ == "of")
                ):
                    span = doc[tok.i - 1 : tok.i + 2]
                    add(
                        span.start,
                        span.end,
                        PlaceQuery(span.text, span.text, "region", "", DIRECTION_ADJECTIVES[lower]),
                        "REGION",
                    )
            elif (
                lower in DIRECTION_NOUNS
                and tok.i > 1
                and doc[tok.i - 1].lower_ == "the"
                and doc[tok.i - 2].lower_ in LOCATIVE_PREPOSITIONS
                and tok.text.islower()
                and not (tok.i > 2 and doc[tok.i - 3].lower_ in DISTANCE_UNITS)  # "60 km to the west": a bearing
            ):
                last, direction = tok.i, DIRECTION_NOUNS[lower]
                hyphened = lower in ("north", "south") and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-"
                if hyphened and doc[tok.i + 2].lower_ in ("east", "west"):  # "the south-west": three tokens
                    last, direction = tok.i + 2, lower + doc[tok.i + 2].lower_
                if last + 2 < len(doc) and doc[last + 1].lower_ == "of":
                    ent = ents_at.get(last + 2)
                    code = self._country_code(ent.text) if ent is not None else ""
                    if ent is not None and code:
                        span = doc[tok.i - 1 : ent.end]
                        add(span.start, span.end, PlaceQuery(span.text, ent.text, "region", code, direction), "REGION")
                    continue
                if direction == "central":
                    continue  # "in the center" is the middle of anything, not a region
                span = doc[tok.i - 1 : last + 1]
                add(span.start, span.end, PlaceQuery(span.text, span.text, "region", "", direction), "REGION")

    def _unlabelled_facilities(self, doc: Doc, add) -> None:
        """Proper nouns spaCy left unlabelled but a facility word follows: "Mitiga airport"."""
        for i in tokens_lower_in(doc, FACILITY_NOUNS):
            tok = doc[i]
            if tok.ent_type_:
                continue
            first = tok.i - 1
            if first >= 0 and doc[first].lower_ in ("air", "naval", "military"):
                first -= 1
            last = first + 1
            while first >= 0 and doc[first].pos_ == "PROPN" and not doc[first].ent_type_:
                first -= 1
            first += 1
            if first < last and not self.registry.match(doc[first:last].text):
                name = doc[first:last].text
                hint = "port" if doc[tok.i - 1].lower_ == "naval" or FACILITY_NOUNS[tok.lower_] == "port" else "airport"
                whole = doc[first : tok.i + 1]
                query = PlaceQuery(
                    whole.text, name, hint, located_in=located_in(doc, whole, facility=True), **_near_fields(doc, whole)
                )
                add(first, tok.i + 1, query, "FACILITY")

    def _unlabelled_settlements(self, doc: Doc, add, taken: set[int]) -> None:
        """Proper nouns spaCy left unlabelled that the words call places: "the port city of Hodeidah",
        "including Ghat, Murzuq and Ubari", "the Kharkiv, Odesa and Dnipropetrovsk regions"."""
        for i in tokens_lower_in(doc, SETTLEMENTS_OF):
            if i + 2 < len(doc) and doc[i].is_lower and doc[i + 1].lower_ == "of":
                end = i + 2
                while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN" and not doc[end].ent_type_:
                    end += 1
                if end > i + 2 and not self.registry.match(doc[i + 2 : end].text):
                    name = doc[i + 2 : end].text
                    add(i + 2, end, PlaceQuery(name, name, "city"), "SETTLEMENT")
        for i in tokens_lower_in(doc, AREA_PLURALS):  # "across Sagaing, Magway and Mandalay regions" (first: the kind)
            if not doc[i].is_lower:
                continue
            for start, end in list_items_before(doc, i):
                if any(doc[k].ent_type_ for k in range(start, end)) or self.registry.match(doc[start:end].text):
                    continue
                name = doc[start:end].text
                level = "admin1" if doc[i].lower_ in FIRST_LEVEL_NOUNS else ""
                add(start, end, PlaceQuery(name, name, AREA_PLURALS[doc[i].lower_], level=level), "SETTLEMENT")
        for ent in entities(doc):  # "including Ghat, Murzuq and Ubari": an unlabelled item of a list of places
            if (ent.label_ not in ("GPE", "LOC") and ent.start not in taken) or not self.is_place_name(ent.text):
                continue  # (a place spaCy called something else counts: "between Kidal [NORP] and Tessalit")
            for tok in ent.root.conjuncts:
                alone = len(tok) > 2 and not any(t.dep_ in ("compound", "amod", "poss") for t in tok.children)
                if (
                    alone
                    and tok.is_title
                    and tok.pos_ == "PROPN"
                    and not tok.ent_type_
                    and not self.registry.match(tok.text)
                ):
                    add(tok.i, tok.i + 1, PlaceQuery(tok.text, tok.text), "SETTLEMENT")
        for start, end, kind in unlabelled_before_area_noun(doc):  # "in the Dera Ismail Khan district"
            name = doc[start:end].text
            if self.is_place_name(name) and not self.registry.match(name):
                town = town_of_district(doc, doc[start:end])  # "In Kharkiv, ... in the Kyivskyi district"
                level = area_level(doc, doc[start:end]) if kind == "admin" else ""
                add(start, end, PlaceQuery(name, name, kind, level=level, located_in=town), "SETTLEMENT")
        for i in tokens_lower_in(doc, SITE_NOUNS | MODIFIED_SITES):  # "the Ras Isa oil terminal"
            found = site_name_before(doc, i)
            name = doc[found[0] : found[1]].text if found else ""
            if not found or self.registry.match(name):
                continue
            start = found[0]
            # a name no gazetteer has names a place before words for oil and border sites ("the El Feel
            # oilfield"); before others it may name an owner ("the Mountaineer power plant", "the Site C dam")
            unknown_ok = doc[i].lower_ in _NAMED_SITES
            if doc[start].lower_ in TOPONYM_HEADS or unknown_ok or self.is_place_name(name):
                whole = doc[start : i + 1]
                query = PlaceQuery(whole.text, name, located_in=located_in(doc, whole, facility=True))
                add(start, i + 1, query, "SITE")

    def _unlabelled_towns(self, doc: Doc, add, focus: set[str], people: tuple[set[str], set[str]]) -> None:
        """ "Residents of Derna on Wednesday marked ...", "rebels seize Zlitan": a proper noun spaCy left
        unlabelled, the object of a preposition or a verb, that is an area or a town of 20,000 or more in the
        article's countries (its places' and its listed actors', as for any object), the threshold a
        name spaCy calls a person must pass, by its own name or an alternate one ("Derna" is GeoNames'
        Darnah), and no word of a person's name in the report."""
        if not focus:
            return
        person_words = people[0] | people[1]
        for i in capitalised_tokens(doc):
            tok = doc[i]
            if (
                tok.dep_ not in ("pobj", "dobj")
                or tok.pos_ != "PROPN"
                or not tok.is_title
                or tok.ent_type_
                or tok.lower_ in person_words
                or any(child.dep_ in ("compound", "amod", "det", "nummod") for child in tok.children)
                or (tok.i + 1 < len(doc) and doc[tok.i + 1].like_num)  # "Bridge 136"
                or (tok.i > 0 and doc[tok.i - 1].lower_ == "the")  # "the Act", "the Durango" (a car)
                or self._cut_from_a_longer_name(doc, doc[tok.i : tok.i + 1])  # "for Day of the Dead"
            ):
                continue
            sense = self.sense(tok.text)
            large = sense.countries if sense.population >= 20_000 or sense.area else frozenset()
            if focus & (large | sense.towns_aka) and not self.registry.match(tok.text):
                add(tok.i, tok.i + 1, PlaceQuery(tok.text, tok.text), "TOWN")

    def mention_for_span(self, doc: Doc, start: int, end: int) -> PlaceMention:
        """The mention for a span given from outside (e.g. a gold annotation), with the hints its words give."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            text = doc_text(doc)[start:end]
            return PlaceMention(start, end, text, start, PlaceQuery(text, text), "GIVEN", True)
        after, hint = _facility_after(doc, span.end)
        text = doc_text(doc)[start:end]
        name = without_the(text)
        hint = hint or kind_around(doc, span) or ("city" if _is_dateline(doc, span) else "")
        hint = hint or list_hints(doc, self.sense).get(span.start, "")
        starts = entity_starting_at(doc)
        after_the = span.start > 0 and doc[span.start - 1].lower_ == "the"
        ent = starts.get(span.start) or (starts.get(span.start - 1) if after_the else None)
        seat = self._seat(ent, self.registry.match(ent.text)) if ent is not None and ent.end == span.end else ""
        if seat and not hint:
            query = PlaceQuery(doc[span.start : after].text, name, "capital", seat)
            return PlaceMention(start, end, text, span.sent.start_char, query, "GIVEN", _is_location(span))
        query = PlaceQuery(
            doc[span.start : after].text,
            name,
            hint,
            level=area_level(doc, span) if hint == "admin" else "",
            qualifier=qualifier(doc, span),
            located_in=located_in(doc, span),
            **_near_fields(doc, span),
        )
        return PlaceMention(start, end, text, span.sent.start_char, query, "GIVEN", _is_location(span))
