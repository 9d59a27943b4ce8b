"""Who acts: the actor registry (`data/actors.csv` plus every state with its names and demonyms).

The registry turns the many ways a report names an actor ("Haftar", "Russian officials",
"Emirate", "the Russians") into one canonical name, which is what the actor filter shows.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.geocode.countries import Country, countries
from dashboard.model import Actor

KINDS = ("person", "organisation", "state", "armed group", "media", "group")
LABEL_KIND = {"PERSON": "person", "ORG": "organisation", "NORP": "group"}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def lookup_forms(text: str) -> list[str]:
    """The forms under which a mention is looked up: as written, without "the" and possessive."""
    text = " ".join(text.split())
    bare = _POSSESSIVE.sub("", _LEADING_THE.sub("", text)).strip()
    return list(dict.fromkeys([text, bare]))


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (value or "").split(";") if x.strip())


@dataclass
class ActorRegistry:
    """Canonical actors and every name that points to one."""

    actors: dict[str, Actor] = field(default_factory=dict)
    _exact: dict[str, str] = field(default_factory=dict)  # name as written -> canonical
    _folded: dict[str, str] = field(default_factory=dict)  # lower-cased name -> canonical
    _state_of: dict[str, Country] = field(default_factory=dict)  # canonical state name -> Country

    def add(self, actor: Actor) -> None:
        self.actors.setdefault(actor.name, actor)
        for name in (actor.name, *actor.aliases):
            self._exact.setdefault(name, actor.name)
            if len(name) > 3:  # "IS", "AP", "UN" only as written
                self._folded.setdefault(name.lower(), actor.name)

    @classmethod
    def load(cls, path: Path | None) -> ActorRegistry:
        """Every state (names, demonyms) first, then `actors.csv`, whose rows may add aliases to states."""
        registry = cls()
        for country in countries():
            registry._state_of[country.name] = country
            registry.add(Actor(country.name, "state", tuple(country.names[1:]) + country.demonyms, "", country.code))
        if path and path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                for number, row in enumerate(csv.DictReader(handle), start=2):
                    kind = (row.get("kind") or "organisation").strip()
                    if kind not in KINDS:
                        raise ValueError(f"{path}:{number}: unknown actor kind {kind!r} (known: {', '.join(KINDS)})")
                    registry.add(
                        Actor(
                            row["name"].strip(),
                            kind,
                            _split(row.get("aliases")),
                            (row.get("affiliation") or "").strip(),
                            (row.get("country") or "").strip().upper(),
                        )
                    )
        return registry

    def match(self, text: str) -> Actor | None:
        """The registered actor a mention names, if any."""
        for form in lookup_forms(text):
            name = self._exact.get(form) or (self._folded.get(form.lower()) if len(form) > 3 else None)
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

    def ruler_patterns(self) -> list[dict]:
        """Entity-ruler patterns for the actors spaCy cannot know (people, groups, media).

        States are left to spaCy's own GPE/NORP recognition; their names are resolved afterwards.
        """
        patterns = []
        for actor in self.actors.values():
            if actor.kind == "state":
                continue
            label = "PERSON" if actor.kind == "person" else "ORG"
            for name in (actor.name, *actor.aliases):
                patterns.append({"label": label, "pattern": name, "id": actor.name})
        return patterns

    def names(self) -> Iterable[str]:
        return self.actors.keys()
