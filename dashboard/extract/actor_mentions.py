"""Who, in one parsed report: actor mentions resolved to canonical names.

Within a report a surname refers back to the full name ("Haftar" -> "Khalifa Haftar"), an
acronym to the body it was introduced with, a role to the person it was given to ("the head of
the HoR" -> the person named beside it); a country or a capital used as an agent ("Moscow has the
key") is the state; people and organisations nobody listed become actors of their own, with a
kind taken from spaCy's label and their words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from dashboard.extract.actors import LABEL_KIND, ActorRegistry, lookup_forms
from dashboard.extract.coref import (
    TITLES,
    ReportNames,
    acronym_after,
    linked_person,
    role_key,
    role_nouns,
    role_phrase,
    strip_titles,
    surname_key,
)
from dashboard.extract.doc_index import capitalised_tokens, entities
from dashboard.extract.place_context import GROUP_NOUNS, group_named, without_the
from dashboard.extract.place_cues import PLACE_LIKE_NOUNS, in_dateline_credit, people_from, says_origin
from dashboard.extract.places import PlaceMention
from dashboard.extract.syntax import first_conjunct
from dashboard.geocode.countries import countries
from dashboard.geocode.query import SITE_WORDS
from dashboard.model import ACTOR, Actor, Mention

ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
# What happens to a place rather than what a place does: "Tripoli fell", "Sirte witnessed clashes".
PLACE_VERBS = {
    "fall",
    "shake",
    "burn",
    "lie",
    "sit",
    "remain",
    "stand",
    "become",
    "witness",
    "see",
    "experience",
    "suffer",
    "host",
    "border",
    "be",
    "come",
    "flood",
    "rock",
    "hit",
}
ARMED_WORDS = {
    "brigade",
    "brigades",
    "battalion",
    "battalions",
    "militia",
    "militias",
    "army",
    "forces",
    "force",
    "front",
    "corps",
    "regiment",
    "division",
    "guard",
    "guards",
    "rebels",
    "mujahideen",
    "fighters",
    "legion",
    "jihadists",
    "insurgents",
    "apparatus",
    "jaish",  # Arabic "army", "brigade", "battalion", "companies": "Jaish al-Adl", "Kataib Hezbollah"
    "liwa",
    "katiba",
    "kataib",
    "saraya",
}
MEDIA_WORDS = {
    "news",
    "tv",
    "television",
    "radio",
    "times",
    "post",
    "herald",
    "observer",
    "tribune",
    "gazette",
    "newspaper",
    "channel",
    "broadcasting",
    "press",
    "daily",
    "magazine",
    "journal",
}


def clean_name(text: str, label: str = "") -> str:
    """A name as the filter shows it: no leading "the", possessive, titles or brackets. An
    organisation keeps the words that look like titles before its kind ("Interior Ministry", "the
    General Authority for ...", "the General Command"); a person spaCy calls one loses them
    ("Chairman Mustafa Abdel Jalil")."""
    words = lookup_forms(text)[-1].split()
    if len(words) > 1 and words[0].lower() in ("a", "an"):
        words = words[1:]
    rest = strip_titles(words)
    if label == "ORG" and rest != words and (len(rest) == 1 or rest[0].lower() in _BODY_NOUNS):
        rest = words
    return " ".join(rest).strip(" ()[]\"'“”,.;:-‐–")


_BODY_NOUNS = {
    "ministry", "authority", "command", "council", "committee", "commission", "agency", "office", "department",
    "directorate", "administration", "staff", "court", "assembly", "secretariat", "service", "bureau", "corps",
    "forces", "army", "navy", "guard", "headquarters", "government", "cabinet", "chamber", "board", "prosecutor",
}  # fmt: skip


def kind_of_new(label: str, name: str) -> str:
    """The kind of an actor nobody listed, from spaCy's label and the words of its name."""
    words = {w.lower() for w in name.split()}
    if label == "ORG" and words & MEDIA_WORDS:
        return "media"
    if label in ("ORG", "NORP") and words & ARMED_WORDS:
        return "armed group"
    if label == "PERSON" and len(words) > 1:  # no one's name: "Tigray People's Liberation Front", "Nepal Police"
        if words & ARMED_WORDS:
            return "armed group"
        if words & (_BODY_NOUNS | _BODY_WORDS):
            return "organisation"
    return LABEL_KIND.get(label, "organisation")


_WAY_NAME = re.compile(
    r"\b(?:highway|road|street|avenue|bridge|motorway|expressway|anillo|ring road|avenida|rua|calle|corridor)\b",
    re.IGNORECASE,
)
_BODY_WORDS = {"police", "defence", "defense", "ministry", "agency", "institute", "university", "hospital", "union"}


def _plausible_name(name: str, label: str) -> bool:
    if len(name) < 2 or not any(ch.isalpha() for ch in name) or not any(ch.isupper() for ch in name):
        return False
    words = name.split()
    if all(w.lower().strip(".") in TITLES for w in words):
        return False
    if words[0].lower() in _WEATHER or (words[0].lower() == "tropical" and len(words) > 2):
        return False  # "Storm Daniel", "Hurricane Katrina": weather, not anyone
    if len(words) == 1 and words[0].lower() in _BODY_NOUNS | {"police", "military"}:
        return False  # "Army chief Abdel Fattah al-Burhan": a body's kind alone names no one
    if label == "PERSON" and any(ch.isdigit() for ch in name):
        return False  # "Ilyushin Il-76", "Su-24": a model number, not a person's name
    return not (label == "PERSON" and len(words) > 5)


_WEATHER = {"storm", "hurricane", "cyclone", "typhoon", "tornado"}


SETTLEMENTS = {
    "city",
    "town",
    "village",
    "port",
    "oasis",
    "area",
    "region",
    "province",
    "district",
    "suburb",
    "outskirts",
    "neighbourhood",
    "neighborhood",
    "capital",
    "stronghold",
    "enclave",
}
MEDIA_HEADS = {"television", "tv", "station", "channel", "newspaper", "website", "radio", "daily", "agency"}


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital (lower case) -> its country's name: the same for every report."""
    return {c.capital.lower(): c.name for c in countries() if c.capital}


_DASHES = {"-", "–", "—", "--", ":"}


def _dateline_credit(doc: Doc, ent: Span) -> bool:
    """ "BEIRUT, Nov 21 (Reuters) - Israeli warplanes struck...": the agency credited in a dateline's
    brackets wrote the report; it did not take part in what it reports."""
    i, j = ent.start - 1, ent.end
    bracketed = i >= 0 and doc[i].text == "(" and j + 1 < len(doc) and doc[j].text == ")"
    return bracketed and doc[j + 1].text in _DASHES or in_dateline_credit(doc, ent)  # "(Fezzan Libya) –"


# People a town's name before them says they are from or stand for ("the Tripoli MP", "Moscow residents"):
# the town, not its state, is meant ("the Tripoli government" is still Libya's).
_LOCAL_PEOPLE = {
    "mp", "mps", "mayor", "governor", "resident", "residents", "deputy", "deputies", "lawmaker", "lawmakers",
    "councillor", "councillors", "councilor", "councilors", "correspondent", "native", "natives", "man", "woman",
}  # fmt: skip


# Prepositions before a name that say where, not who: "spread towards Al-Sarraj", "via Derj".
_WAY_PREPOSITIONS = {"via", "towards", "toward", "near", "outside", "inside", "into", "through", "across"}
# Nouns of land and water after a name that make it a feature's name, not a body's: "the Rusizi river".
_LANDFORMS = {
    "river", "lake", "valley", "mountain", "mountains", "hills", "desert", "forest", "bay", "gulf", "plain",
    "plains", "plateau", "delta", "coast", "island", "islands", "peninsula", "basin", "strait", "wadi",
}  # fmt: skip
_SAID_VERBS = {"say", "post", "write", "announce", "publish", "report", "share", "tweet", "claim", "state", "add"}


def _said_to_be_a_place(subject: Token) -> bool:
    """ "Bahir Dar is the capital of the Amhara region", "Shire is a town near the border": a subject
    the verb "be" calls a town or an area."""
    verb = subject.head
    return verb.lemma_ == "be" and any(t.dep_ == "attr" and t.lemma_.lower() in SETTLEMENTS for t in verb.children)


def _acting(ent: Span) -> bool:
    """Whether a name is the subject of a verb (or the agent of a passive one)."""
    return first_conjunct(ent.root).dep_ in ("nsubj", "agent")


class _Finder:
    def __init__(
        self,
        doc: Doc,
        registry: ActorRegistry,
        places: list[PlaceMention],
        sentence_of: Callable[[int], int],
        place_strength: Callable[[str], int],
    ) -> None:
        self.doc = doc
        self.place_strength = place_strength
        self.registry = registry
        self.sentence_of = sentence_of
        self.locations = [(p.start, p.end) for p in places if p.is_location]
        self.place_names = {without_the(p.text).lower() for p in places if p.is_location and p.role == "place"}
        self.capitals = _capitals()
        self.names = ReportNames()
        self.mentions: list[Mention] = []
        self.new: dict[str, Actor] = {}
        self.person_at: dict[int, tuple[Span, str]] = {}  # first/last token of a person -> (span, name)
        self.states_named: dict[str, set[str]] = {}  # state actor -> the words the report names it by

    # -- helpers --------------------------------------------------------------------------------
    def _inside_location(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.locations)

    def _add(self, span: Span | tuple[int, int, str], actor: Actor) -> None:
        if isinstance(span, Span):
            start, end, text = span.start_char, span.end_char, span.text
        else:
            start, end, text = span
        if actor.name not in self.registry.actors:
            self.new.setdefault(actor.name, actor)
        self.mentions.append(
            Mention(ACTOR, text, start, end, self.sentence_of(start), label=actor.kind, value=actor.name)
        )
        state = self.registry.affiliated_state(actor) if actor.kind != "media" else None
        if state is not None:
            self.mentions.append(
                Mention(ACTOR, text, start, end, self.sentence_of(start), label=state.kind, value=state.name)
            )

    def _registered(self, ent: Span) -> Actor | None:
        if ent.ent_id_ and ent.ent_id_ in self.registry.actors:
            return self.registry.actors[ent.ent_id_]
        return self.registry.match(ent.text)

    def _resolve_body(self, ent: Span) -> str | None:
        """The actor name an entity inside a role phrase stands for ("the HoR", "Russian")."""
        cleaned = clean_name(ent.text, ent.label_)
        actor = self._registered(ent) or self.registry.match(cleaned)
        if actor is not None:
            return actor.name
        return self.names.acronyms.get(cleaned) or cleaned or None

    # -- passes ---------------------------------------------------------------------------------
    def learn_names(self) -> None:
        """Full names (for surnames) and acronyms introduced in brackets, and the states the report names,
        over the whole report."""
        for ent in entities(self.doc):
            if ent.label_ in ("GPE", "ORG"):
                state = self._registered(ent)
                if state is not None and state.kind == "state":
                    self.states_named.setdefault(state.name, set()).add(clean_name(ent.text, ent.label_))
            if ent.label_ == "PERSON":
                actor = self._registered(ent)
                cleaned = clean_name(ent.text)
                name = actor.name if actor and actor.kind == "person" else cleaned
                if actor is None and self._a_place_named(cleaned):
                    continue  # "30 km south of Bahir Dar [PERSON]": no one's full name ("BAHIR DAR" is no Mr Dar)
                if len(cleaned.split()) > 1 and (actor is None or actor.kind == "person"):
                    self.names.add_person(ent.start_char, name)
            elif ent.label_ == "ORG":
                acronym = acronym_after(self.doc, ent.end)
                if acronym:
                    actor = self._registered(ent) or self._by_acronym(ent)
                    self.names.acronyms.setdefault(acronym, actor.name if actor else clean_name(ent.text, "ORG"))

    def entity_mentions(self) -> None:
        for ent in entities(self.doc):
            if ent.label_ not in ACTOR_LABELS or _dateline_credit(self.doc, ent):
                continue
            actor = self._actor_of(ent)
            if actor is not None:
                self._add(ent, actor)
                if actor.kind == "person":
                    self.person_at[ent.start] = (ent, actor.name)
                    self.person_at[ent.end - 1] = (ent, actor.name)
                elif ent.label_ == "ORG":
                    self._possessor(ent)

    def _possessor(self, ent: Span) -> None:
        """ "Haftar's forces": the person whose body it is acts too."""
        for tok in ent[:-1]:
            if self.doc[tok.i + 1].lower_ in ("'s", "’s") and tok.text[:1].isupper():
                full = self.names.person_for_surname(tok.text, tok.idx)
                person = self.registry.match(full) if full else self.registry.match(tok.text)
                if person is None and full:
                    person = Actor(full, "person")
                if person is not None and person.kind == "person":
                    self._add(self.doc[tok.i : tok.i + 1], person)

    def _relative(self, first_name: str) -> Actor | None:
        """ "Haftar ... his son Saddam": a first name alone is the listed person of that first name and the
        surname of someone the report names, when exactly one such person is listed."""
        found = set()
        for named in self.names.surnames.values():
            for _, full in named:
                actor = self.registry.match(f"{first_name} {full.split()[-1]}")
                if actor is not None and actor.kind == "person":
                    found.add(actor.name)
        return self.registry.actors[found.pop()] if len(found) == 1 else None

    def _by_acronym(self, ent: Span) -> Actor | None:
        """ "Group to Support Islam and Muslims (JNIM)": a body the lists know by the acronym after its
        name, though not by the name the report spells out."""
        acronym = acronym_after(self.doc, ent.end) if ent.label_ == "ORG" else None
        actor = self.registry.match(acronym) if acronym else None
        return actor if actor is not None and actor.kind not in ("state", "person") else None

    def _actor_of(self, ent: Span) -> Actor | None:
        if ent.label_ in ("NORP", "GPE") and (says_origin(ent) or people_from(ent)):
            return None  # "Turkish-made cars", "the Tripoli-based Audit Bureau", "migrants from Sudan"
        if (
            ent.label_ == "GPE"
            and ent.start == ent.sent.start
            and ent.end < len(self.doc)
            and self.doc[ent.end].text == ":"
        ):
            return None  # "Libya: Tebu and Tuareg elders agree truce": a headline's topic, not who acted
        inside_location = self._inside_location(ent.start_char, ent.end_char)
        cleaned = clean_name(ent.text, ent.label_)
        registered = self._registered(ent) or self._by_acronym(ent)
        actor: Actor | None = None
        if len(cleaned.split()) == 1 and ent.label_ in ("PERSON", "ORG", "GPE"):
            full = self.names.person_for_surname(cleaned, ent.start_char)
            if full and (registered is None or registered.kind == "person"):
                actor = self.registry.match(full) or Actor(full, "person")
            elif cleaned in self.names.acronyms:
                name = self.names.acronyms[cleaned]
                actor = self.registry.actors.get(name) or Actor(name, kind_of_new("ORG", name))
            elif ent.label_ == "PERSON" and registered is None:
                actor = self._relative(cleaned)
        actor = self._state_meant(cleaned, actor or registered)
        if ent.label_ == "GPE":
            if actor is None and not inside_location and group_named(self.doc, ent):
                if self.place_strength(cleaned) < 1:
                    return Actor(cleaned, "armed group")  # "M23 rebels"
                after = self.doc[ent.end] if ent.end < len(self.doc) else None  # "Tripoli militias": a town's
                if after is not None and after.lower_ in GROUP_NOUNS:  # armed men, named with their noun
                    return Actor(f"{cleaned} {after.text}", "armed group")
                return None
            if inside_location:
                return None
            if actor is None or actor.kind != "state":
                return self._capital_as_state(ent, cleaned)
            return actor
        if inside_location and (actor is None or actor.kind == "state"):
            return None
        if actor is None:
            if not _plausible_name(cleaned, ent.label_):
                return None
            if not self._names_an_actor(ent):
                return None
            if self._town_as_object(ent, cleaned):
                return None  # a town spaCy took for a group ("stormed Gharyan"): a place, not an actor
            if self._a_place_named(cleaned) or cleaned.lower() in self.place_names and not _acting(ent):
                return None  # a known place the report names ("KUFRA" ... "the Kufra municipal council"), or
                # one only the report knows, where it does not act ("the town of Minova" ... "shelling of Minova")
            if cleaned.lower() in self.capitals:
                return self._capital_as_state(ent, cleaned)  # "Kinshasa [ORG] accuses ...": the state, or none
            if ent.label_ == "PERSON" and " " not in cleaned:
                return None  # one word no one's full name in the report explains: "Kauda", "Gunfire", "Engr"
            if _WAY_NAME.search(cleaned):
                return None  # "Prithvi Highway", "Simón Bolívar International Bridge": a way, not anyone
            kind = "media" if ent.root.dep_ == "compound" and ent.root.head.lower_ in MEDIA_HEADS else None
            actor = Actor(cleaned, kind or kind_of_new(ent.label_, cleaned))
        return actor

    def _a_place_named(self, name: str) -> bool:
        """A place the report names that the gazetteer knows ("KUFRA" ... "the Kufra municipal council")."""
        return name.lower() in self.place_names and self.place_strength(name) >= 1

    def _state_meant(self, short: str, actor: Actor | None) -> Actor | None:
        """ "GOMA, Democratic Republic of Congo ... Congo's army": a short name the lists give one state
        ("Congo": the Republic of the Congo) means the other state the report names whose name holds it,
        unless the report names the first state otherwise too. (Not "Sudan" in a report on South Sudan:
        that is Sudan's own name.)"""
        if actor is None or actor.kind != "state" or short == actor.name:
            return actor
        if self.states_named.get(actor.name, {short}) - {short}:
            return actor
        word = re.compile(rf"\b{re.escape(short)}\b")
        others = [name for name in self.states_named if name != actor.name and word.search(name)]
        return self.registry.actors[others[0]] if len(others) == 1 else actor

    def _town_as_object(self, ent: Span, cleaned: str) -> bool:
        """A town spaCy took for a person or group: "stormed Gharyan", "the oil town of Brega", "Shire is a
        town".

        A name the gazetteer has under its own name counts unless it is the subject of a verb; one it
        has only as an alternate spelling ("Taliban" is also a village's) only after "the city of".
        """
        root = ent.root
        if root.dep_ == "nsubj" and _said_to_be_a_place(root):
            return True  # "Shire is a town near the border"
        acting = root.dep_ in ("nsubj", "agent") and root.head.lemma_.lower() not in PLACE_VERBS
        if acting:
            return False
        strength = self.place_strength(cleaned)
        if strength >= 2:
            return True
        settlement = root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in SETTLEMENTS
        return strength >= 1 and settlement

    def _names_an_actor(self, ent: Span) -> bool:
        """Leave out what only looks like a name: "State" in "Secretary of State", "Islamic law", a medium
        something was said on ("said on Telegram"), a building where something happened ("met at the El
        Mouradia Palace"), a river, a valley or an area ("the Rusizi river", "the Janzour area"), a place no
        gazetteer has that the words say something went to or through ("via Al-Shwayrif"; a person also "in
        Al-Shwayrif")."""
        root = ent.root
        prep = root.head
        if root.dep_ == "pobj" and prep.lower_ in ("on", "via") and prep.head.lemma_.lower() in _SAID_VERBS:
            return False
        if (
            root.dep_ == "pobj"
            and prep.lower_ in ("at", "in", "inside", "outside")
            and SITE_WORDS.fullmatch(ent[-1].text)
        ):
            return False
        if len(ent) == 1 and ent.label_ != "NORP" and root.pos_ != "PROPN":
            return False  # a capitalised common noun
        first = first_conjunct(root)  # "near Panyagor and Kongor": the preposition of the list
        if first.dep_ == "pobj" and (
            first.head.lower_ in _WAY_PREPOSITIONS
            or ent.label_ in ("PERSON", "NORP")
            and first.head.lower_ in ("in", "at")
        ):
            return False  # "travelled via Al-Shwayrif", "expected in Al-Shwayrif", "stationed in Ghariyan [NORP]":
            # a place no gazetteer has
        after = self.doc[ent.end] if ent.end < len(self.doc) else None
        if after is not None and after.is_lower and (after.lower_ in _LANDFORMS or after.lower_ in PLACE_LIKE_NOUNS):
            return False  # "fled across the Rusizi river", "the Janzour area west of Tripoli": a place's name
        if ent.label_ == "NORP" and len(ent) == 1 and root.pos_ == "ADJ" and root.dep_ == "amod":
            return False  # an adjective of religion or creed: "Islamic law", "a Muslim nation"
        return not (
            len(ent) == 1
            and root.dep_ == "pobj"
            and root.head.lower_ == "of"
            and root.head.head.lemma_.lower() in ("secretary", "minister", "ministry", "department")
        )

    def _capital_as_state(self, ent: Span, cleaned: str) -> Actor | None:
        """ "Moscow has the key": a capital that acts is its state; "Tripoli fell" and "the Tripoli MP" are
        not actors."""
        state = self.capitals.get(cleaned.lower())
        if not state:
            return None
        root = ent.root
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in PLACE_VERBS:
            return None
        if root.dep_ in ("compound", "amod", "nmod") and root.head.lower_ in _LOCAL_PEOPLE:
            return None  # "Tripoli MP Ashraf Rifi": the town he represents (here Lebanon's), not a state acting
        return self.registry.match(state)

    def bare_references(self) -> None:
        """Surnames and acronyms spaCy left unlabelled or labelled as something else."""
        taken = {i for ent in entities(self.doc) for i in range(ent.start, ent.end)}
        taken.update(i for m in self.mentions for i in self._token_range(m.char_start, m.char_end))
        for i in capitalised_tokens(self.doc):
            if i in taken:
                continue
            tok = self.doc[i]
            word = tok.text
            full = self.names.person_for_surname(word, tok.idx)
            if full and surname_key(word):
                actor = self.registry.match(full) or Actor(full, "person")
                self._add(self.doc[tok.i : tok.i + 1], actor)
                self.person_at.setdefault(tok.i, (self.doc[tok.i : tok.i + 1], actor.name))
            elif word in self.names.acronyms:
                name = self.names.acronyms[word]
                self._add(self.doc[tok.i : tok.i + 1], self.registry.actors.get(name) or Actor(name, "organisation"))

    def short_country_names(self) -> None:
        """ "Congo's president" in a report that names the "Democratic Republic of Congo": a state named by
        the end of another state's name the report uses ("... of (the) Congo") is that state."""
        longer = {m.text: m.value for m in self.mentions if m.label == "state" and " of " in m.text}
        for i, m in enumerate(self.mentions):
            if m.label != "state":
                continue
            ending = re.compile(rf"\bof (?:the )?{re.escape(without_the(m.text))}$", re.IGNORECASE)
            value = next((v for text, v in longer.items() if v != m.value and ending.search(text)), None)
            if value is not None:
                self.mentions[i] = replace(m, value=value)

    def _token_range(self, start: int, end: int) -> range:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return range(span.start, span.end) if span is not None else range(0)

    def roles(self) -> None:
        """Learn "the head of X, A B" / "X head A B" / "A B, the head of X"; resolve "the head of X" alone."""
        person_tokens = {i for span, _ in self.person_at.values() for i in range(span.start, span.end)}
        unlinked = []
        for tok in role_nouns(self.doc, person_tokens):
            phrase = role_phrase(self.doc, tok)
            if phrase is None:
                continue
            key = role_key(phrase, tok, self._resolve_body)
            if key is None:
                continue
            person = linked_person(self.doc, phrase, self.person_at)
            if person:
                self.names.add_role(key, person)
            else:
                unlinked.append((phrase, key))
        for phrase, key in unlinked:
            person = self.names.person_for_role(key)
            if person:
                self._add(phrase, self.registry.match(person) or Actor(person, "person"))


def find_actor_mentions(
    doc: Doc,
    registry: ActorRegistry,
    places: list[PlaceMention],
    sentence_of: Callable[[int], int],
    place_strength: Callable[[str], int] = lambda name: 0,
) -> tuple[list[Mention], dict[str, Actor]]:
    """Actor mentions (value = canonical name), in text order, and the actors the registry did not know.

    `place_strength` tells how the gazetteer knows a name: 2 as a town's own name, 1 only as an
    alternate spelling, 0 not at all. A town nobody listed as an actor is not made one unless it is
    the subject of a verb ("Gharyan" in "militias stormed Gharyan" is a place).
    """
    finder = _Finder(doc, registry, places, sentence_of, place_strength)
    finder.learn_names()
    finder.entity_mentions()
    finder.bare_references()
    finder.roles()
    finder.short_country_names()
    mentions = sorted(finder.mentions, key=lambda m: (m.char_start, m.char_end))
    return mentions, finder.new
