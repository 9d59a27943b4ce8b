"""Who acts: the actor registry (`data/actors.csv` plus every state with its names and demonyms).

The registry turns the many ways a report names an actor ("Haftar", "Russian officials",
"Emirate", "the Russians", "the Kremlin") into one canonical name, which is what the actor
filter shows.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.geocode.countries import Country, countries
from dashboard.model import Actor

KINDS = ("person", "organisation", "state", "armed group", "media", "group")
LABEL_KIND = {"PERSON": "person", "ORG": "organisation", "NORP": "group"}
_POSSESSIVE = re.compile(r"\s*(?:['’`][^\w\s]{0,3}s|['’])$")  # also a mangled apostrophe ("'��s")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
FIELDS = ("name", "kind", "aliases", "affiliation", "country")


def lookup_forms(text: str) -> list[str]:
    """The forms under which a mention is looked up: as written, without "the" and possessive."""
    text = " ".join(text.split())
    bare = _POSSESSIVE.sub("", _LEADING_THE.sub("", text)).strip()
    return list(dict.fromkeys([text, bare]))


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x.strip() for x in (value or "").split(";") if x.strip()))


_PARTICLES = {"al", "el", "ad", "ed", "as", "ash", "ar", "at", "az", "an", "ibn", "bin", "ben", "abu", "abou"}
_DIGRAPHS = (("dj", "j"), ("kh", "k"), ("gh", "g"), ("ph", "f"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("q", "k"))


def name_skeleton(name: str) -> str:
    """A spelling-blind key for a transliterated name: "Abdel Fatah Yunis" and "Abdel Fattah Younis" agree.

    Accents, particles ("al-"), vowels, digraphs ("dj", "kh") and doubled letters are what English
    transliterations of Arabic names disagree on; the consonants that remain rarely collide.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z]+", ascii_name) if w and w not in _PARTICLES]
    text = "".join(words)
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    text = re.sub(r"[aeiouy]", "", text[:1].replace("y", "Y") + text[1:]).lower() if text else ""
    return re.sub(r"(.)\1+", r"\1", text)


def _case_variants(name: str) -> list[str]:
    """The name as written and, for phrases with lower-case words, as a title ("Libyan Parliament")."""
    variants = [name]
    if " " in name and any(w[:1].islower() for w in name.split()):
        titled = " ".join(w[:1].upper() + w[1:] if w[:1].islower() and len(w) > 3 else w for w in name.split())
        variants.append(titled)
    return list(dict.fromkeys(variants))


@dataclass
class ActorRegistry:
    """Canonical actors and every name that points to one."""

    actors: dict[str, Actor] = field(default_factory=dict)
    _exact: dict[str, str] = field(default_factory=dict)  # name as written -> canonical
    _folded: dict[str, str] = field(default_factory=dict)  # lower-cased name -> canonical
    _state_of: dict[str, Country] = field(default_factory=dict)  # canonical state name -> Country
    _listed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # names actors.csv gives a state
    _skeletons: dict[str, str | None] = field(default_factory=dict)  # person name skeleton -> canonical (None: 2+)
    _matched: dict[str, str | None] = field(default_factory=dict, repr=False)  # text -> canonical, until an add

    def add(self, actor: Actor) -> None:
        self._matched.clear()
        self.actors.setdefault(actor.name, actor)
        for name in (actor.name, *actor.aliases):
            self._exact.setdefault(name, actor.name)
            if len(name) > 3:  # "IS", "AP", "UN" only as written
                self._folded.setdefault(name.lower(), actor.name)
            if actor.kind == "person" and len(name.split()) > 1:
                key = name_skeleton(name)
                if len(key) >= 5 and self._skeletons.get(key, actor.name) == actor.name:
                    self._skeletons[key] = actor.name
                elif len(key) >= 5:
                    self._skeletons[key] = None  # two people share it: no guessing

    @classmethod
    def load(cls, path: Path | None) -> ActorRegistry:
        """Every state (names, demonyms) first, then `actors.csv`, whose rows may add aliases to states.

        A row with an unknown kind, or without a name, is an error naming the file and line.
        """
        registry = cls()
        for country in countries():
            registry._state_of[country.name] = country
            registry.add(Actor(country.name, "state", tuple(country.names[1:]) + country.demonyms, "", country.code))
        if path and path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = [f for f in ("name", "kind") if f not in (reader.fieldnames or [])]
                if missing:
                    raise ValueError(f"{path}:1: missing column(s) {', '.join(missing)} (expected {', '.join(FIELDS)})")
                for number, row in enumerate(reader, start=2):
                    registry._add_row(row, f"{path}:{number}")
        return registry

    def _add_row(self, row: dict[str, str | None], where: str) -> None:
        name = (row.get("name") or "").strip()
        if not name:
            raise ValueError(f"{where}: actor without a name")
        kind = (row.get("kind") or "organisation").strip()
        if kind not in KINDS:
            raise ValueError(f"{where}: unknown actor kind {kind!r} (known: {', '.join(KINDS)})")
        aliases = _split(row.get("aliases"))
        if kind == "state" and name in self._state_of:
            self._listed[name] = self._listed.get(name, ()) + aliases
        actor = Actor(
            name, kind, aliases, (row.get("affiliation") or "").strip(), (row.get("country") or "").strip().upper()
        )
        self.add(actor)

    def match(self, text: str) -> Actor | None:
        """The registered actor a mention names, if any; a person's name also under other spellings."""
        if text not in self._matched:
            if len(self._matched) >= 100_000:
                self._matched.clear()
            actor = self._match(text)
            self._matched[text] = actor.name if actor else None
        name = self._matched[text]
        return self.actors[name] if name else None

    def _match(self, text: str) -> Actor | None:
        forms = lookup_forms(text)
        for form in forms:
            name = self._exact.get(form) or (self._folded.get(form.lower()) if len(form) > 3 else None)
            if name:
                return self.actors[name]
        bare = forms[-1]
        if len(bare.split()) > 1:
            key = name_skeleton(bare)
            name = self._skeletons.get(key) if len(key) >= 5 else None
            if name:
                return self.actors[name]
        return None

    def state(self, name: str) -> Country | None:
        """The country behind a state actor's canonical name."""
        return self._state_of.get(name)

    def state_for_code(self, code: str) -> Actor | None:
        for name, country in self._state_of.items():
            if country.code == code:
                return self.actors[name]
        return None

    def affiliated_state(self, actor: Actor) -> Actor | None:
        """The state an actor belongs to through its affiliation ("Wagner Group" -> Russia), if any."""
        seen = set()
        while actor.affiliation and actor.affiliation not in seen:
            seen.add(actor.affiliation)
            parent = self.actors.get(actor.affiliation)
            if parent is None:
                return None
            if parent.kind == "state":
                return parent
            actor = parent
        return None

    def ruler_patterns(self) -> list[dict]:
        """Entity-ruler patterns for the actors spaCy cannot know (people, groups, media).

        States are left to spaCy's own GPE/NORP recognition and resolved afterwards, except for the
        institutions `actors.csv` files under a state ("the Kremlin"), which are organisations to spaCy.
        """
        patterns = []
        for actor in self.actors.values():
            if actor.kind == "state":
                names: Iterable[str] = self._listed.get(actor.name, ())
                label = "ORG"
            else:
                names = (actor.name, *actor.aliases)
                label = "PERSON" if actor.kind == "person" else "ORG"
            for name in names:
                for variant in _case_variants(name):
                    patterns.append({"label": label, "pattern": variant, "id": actor.name})
        return patterns

    def names(self) -> Iterable[str]:
        return self.actors.keys()
