"""Within one report, the short ways of naming someone already named: surnames, acronyms, roles.

A report names a person in full once ("General Khalifa Haftar") and then by surname ("Haftar's
forces"); it introduces an organisation with its acronym ("... Council (XYZ)") and then uses the
acronym; it gives a role beside a name ("the head of the HoR, Aqeela Saleh") and later uses the
role alone ("the head of the HoR said ..."). These tables are learnt from the report itself, so
they never carry knowledge from one report into another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from dashboard.extract.doc_index import entities, tokens_lemma_lower_in, tokens_lower_in

TITLES = {
    "general",
    "gen",
    "field",
    "marshal",
    "colonel",
    "col",
    "commander",
    "lieutenant",
    "lt",
    "major",
    "maj",
    "brigadier",
    "brig",
    "captain",
    "capt",
    "admiral",
    "sergeant",
    "president",
    "prime",
    "minister",
    "vice",
    "deputy",
    "foreign",
    "defence",
    "defense",
    "interior",
    "speaker",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sheikh",
    "shaikh",
    "king",
    "queen",
    "prince",
    "princess",
    "emir",
    "sultan",
    "sir",
    "imam",
    "ambassador",
    "envoy",
    "secretary",
    "chancellor",
    "premier",
}
# Nouns that name a post someone holds. A group of synonyms shares one key: in one report
# "the head", "the leader" and "the chairman" of the same body are the same person.
ROLE_GROUPS = {
    "head": "head",
    "chief": "head",
    "leader": "head",
    "chairman": "head",
    "chairwoman": "head",
    "chairperson": "head",
    "chair": "head",
    "president": "head",
    "speaker": "head",
    "director": "head",
    "commander": "head",
    "boss": "head",
    "governor": "governor",
    "mayor": "mayor",
    "minister": "minister",
    "premier": "premier",
    "secretary": "secretary",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "envoy": "envoy",
    "ambassador": "ambassador",
    "king": "king",
    "queen": "queen",
    "emir": "emir",
    "prince": "prince",
    "sultan": "sultan",
    "prosecutor": "prosecutor",
    "coordinator": "coordinator",
    "adviser": "adviser",
    "advisor": "adviser",
}
_ROLE_WORDS = frozenset(ROLE_GROUPS)
_PARTICLES = re.compile(r"^(?:al|el|al|as|ash|ad|ar|at|az|an|bin|ben|ibn|abu|abou)[-‐ ]", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9+&.]{1,9}$")


def surname_key(word: str) -> str:
    """A surname as compared: without possessive, article particle ("al-Sarraj" -> "sarraj") or case."""
    word = _POSSESSIVE.sub("", word.strip(" .,;:()[]\"'“”"))
    return _PARTICLES.sub("", word).lower()


def strip_titles(words: list[str]) -> list[str]:
    """ "General Khalifa Haftar" -> ["Khalifa", "Haftar"]; a lone title stays."""
    while len(words) > 1 and words[0].lower().strip(".") in TITLES:
        words = words[1:]
    return words


@dataclass(frozen=True)
class RoleKey:
    """A post, the bodies it belongs to and the other words that qualify it ("former", "foreign")."""

    role: str
    bodies: frozenset[str]
    qualifiers: frozenset[str]

    def covers(self, other: RoleKey) -> bool:
        """True when `other`, a shorter mention of a post, can only mean this one."""
        return (
            self.role == other.role
            and self.bodies == other.bodies
            and bool(self.bodies or other.qualifiers)
            and other.qualifiers <= self.qualifiers
        )


@dataclass
class ReportNames:
    """What one report teaches about its own names: surnames, acronyms and roles."""

    surnames: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # key -> (char, full name)
    acronyms: dict[str, str] = field(default_factory=dict)  # "FX" -> canonical name of the body
    roles: dict[RoleKey, set[str]] = field(default_factory=dict)  # post -> people the report gives it

    def add_person(self, char: int, full_name: str) -> None:
        words = full_name.split()
        if len(words) > 1:
            self.surnames.setdefault(surname_key(words[-1]), []).append((char, full_name))

    def person_for_surname(self, word: str, char: int) -> str | None:
        """The full name a lone surname refers back to: the latest one named before it, else the first."""
        found = self.surnames.get(surname_key(word))
        if not found:
            return None
        before = [name for at, name in found if at <= char]
        return before[-1] if before else found[0][1]

    def add_role(self, key: RoleKey, person: str) -> None:
        self.roles.setdefault(key, set()).add(person)

    def person_for_role(self, key: RoleKey) -> str | None:
        """The one person the report gave this post, or None when none or several fit."""
        exact = self.roles.get(key)
        if exact and len(exact) == 1:
            return next(iter(exact))
        people = {p for known, names in self.roles.items() if known.covers(key) for p in names}
        return next(iter(people)) if len(people) == 1 else None


def role_phrase(doc: Doc, token: Token) -> Span | None:
    """The noun phrase around a role noun: "the head of the HoR", "HoR head", "Russia's defence minister".

    None when the phrase is indefinite ("a commander of ..."): it cannot refer to one person.
    """
    left = token.left_edge.i
    if any(
        t.pos_ in ("VERB", "AUX", "PUNCT", "ADP", "SCONJ", "CCONJ") and t.dep_ != "case" for t in doc[left : token.i]
    ):
        left = token.i
        while left > 0 and doc[left - 1].dep_ in ("det", "amod", "compound") and doc[left - 1].head.i <= token.i:
            left -= 1
    right = token.i + 1
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == right:
            right = max(t.i for t in child.subtree) + 1
            break
    # Stop before a bracketed aside, a comma or a relative clause the parser hung off the phrase.
    for i in range(token.i + 1, right):
        if doc[i].text in ("(", ",", ";", "—", "–"):
            right = i
            break
    first = doc[left]
    if first.lower_ in ("a", "an", "another", "one", "some", "several", "many", "two", "three"):
        return None
    if left == token.i and not first.is_title:
        return None  # a bare "head" or "commander" names nobody in particular
    return doc[left:right]


def _body_names(phrase: Span, resolve) -> tuple[frozenset[str], frozenset[str]]:
    """(bodies named in the phrase, other qualifying words); `resolve` maps an entity to an actor name."""
    bodies: set[str] = set()
    covered: set[int] = set()
    for ent in entities(phrase.doc):
        if ent.start >= phrase.start and ent.end <= phrase.end and ent.label_ in ("ORG", "GPE", "NORP", "LOC"):
            name = resolve(ent)
            if name:
                bodies.add(name)
                covered.update(range(ent.start, ent.end))
    qualifiers = {
        t.lemma_.lower()
        for t in phrase
        if t.i not in covered
        and t.pos_ in ("NOUN", "ADJ", "PROPN")
        and t.lemma_.lower() not in ROLE_GROUPS
        and not t.is_stop
    }
    return frozenset(bodies), frozenset(qualifiers)


def role_key(phrase: Span, role: Token, resolve) -> RoleKey | None:
    bodies, qualifiers = _body_names(phrase, resolve)
    group = ROLE_GROUPS.get(role.lemma_.lower()) or ROLE_GROUPS.get(role.lower_)
    if group is None:
        return None
    return RoleKey(group, bodies, qualifiers)


def role_nouns(doc: Doc, person_tokens: set[int]) -> list[Token]:
    """Role nouns outside names: "Representatives" inside "House of Representatives" is no role."""
    inside_entity = {i for ent in entities(doc) if ent.label_ != "PERSON" for i in range(ent.start, ent.end)}
    candidates = sorted({*tokens_lemma_lower_in(doc, _ROLE_WORDS, "roles"), *tokens_lower_in(doc, ROLE_GROUPS)})
    return [
        t
        for t in (doc[i] for i in candidates)
        if t.pos_ in ("NOUN", "PROPN") and t.i not in inside_entity and t.i not in person_tokens
    ]


def linked_person(doc: Doc, phrase: Span, people: dict[int, tuple[Span, str]]) -> str | None:
    """The person a role phrase stands beside: "<phrase>, General X Y", "<phrase> X Y", "X Y, <phrase>".

    `people` maps the first and last token of every person mention to (span, canonical name).
    """
    i = phrase.end
    if i < len(doc) and doc[i].text == "(":  # "the House of Representatives (HoR), ..."
        while i < len(doc) and doc[i].text != ")" and i - phrase.end < 8:
            i += 1
        i += 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    while i < len(doc) and doc[i].lower_.strip(".") in TITLES and i not in people:
        i += 1
    if i in people and people[i][0].start == i:
        return people[i][1]
    j = phrase.start - 1
    if j >= 1 and doc[j].text == ",":
        j -= 1
        if j in people and people[j][0].end - 1 == j:
            return people[j][1]
    return None


def acronym_after(doc: Doc, end: int) -> str | None:
    """ "(XYZ)" right after a name: the acronym the report will use for it."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        word = doc[end + 1].text
        if _ACRONYM.match(word) and sum(ch.isupper() for ch in word) >= 2:
            return word
    return None
