"""Choosing the place a mention means, from the whole article's context.

Order of trust: what the words around the mention ask for ("the Algerian capital", "X air base",
"eastern Libya"), then countries and continents over towns of the same name, then towns in the
article's focus countries, larger ones first, then transliteration variants inside the focus
countries, then (only when the user enabled one) an online geocoder. The context terms a reading
gets from the rest of the article are in `evidence.py`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache

from geopy.location import Location

from dashboard.geocode import evidence
from dashboard.geocode.admin import bare_area_name
from dashboard.geocode.cache import MISSING, GeoCache
from dashboard.geocode.countries import by_code, by_name
from dashboard.geocode.evidence import QueryState
from dashboard.geocode.gazetteer import INDEX_VERSION, Candidate, Gazetteer, airfield_core_name
from dashboard.geocode.geocoder import OfflineGeocoder
from dashboard.geocode.normalize import name_key, spelling_key
from dashboard.geocode.query import (
    ADMIN_FEATURES,
    AREA_FEATURES,
    FACILITY_FEATURES,
    FACILITY_HINTS,
    LARGE_TOWN,
    ROAD_NUMBER,
    SITE_WORDS,
    TOPONYM_HEADS,
    WIDE_FEATURES,
    NameSense,
    PlaceQuery,
    haversine_km,
    serves,
    to_place,
)
from dashboard.model import Place

DIRECTIONS = {
    "north": (1, 0),
    "south": (-1, 0),
    "east": (0, 1),
    "west": (0, -1),
    "northeast": (1, 1),
    "northwest": (1, -1),
    "southeast": (-1, 1),
    "southwest": (-1, -1),
    "central": (0, 0),
}


def _band(values: list[float], sign: int) -> tuple[float, float]:
    """The outer third of a sorted extent on the side `sign` points to (0: the middle third)."""
    lo, hi = values[len(values) // 50], values[-1 - len(values) // 50]  # the extremes are often outliers
    third = (hi - lo) / 3
    if sign > 0:
        return hi - third, math.inf
    if sign < 0:
        return -math.inf, lo + third
    return lo + third, hi - third


_FUNCTION_WORDS = {"and", "of", "the", "de", "du", "des", "la", "le", "del"}


def _initials(name: str) -> str:
    """ "Democratic Republic of the Congo" -> "DRC", "New South Wales" -> "NSW"."""
    words = re.split(r"[\s-]+", name)
    return "".join(w[0].upper() for w in words if w and w.lower() not in _FUNCTION_WORDS)


def _initialism(name: str) -> str:
    """ "SA", "N.J.", "NSW", and with a small joining letter "MoD", "LoC" -> the letters (in capitals); ""
    when the name is not written as an initialism."""
    letters = name.replace(".", "").strip()
    if not (2 <= len(letters) <= 4 and letters.isalpha()):
        return ""
    if letters.isupper():
        return letters
    mixed = len(letters) >= 3 and letters[0].isupper() and letters[-1].isupper() and letters[1:-1].islower()
    return letters.upper() if mixed else ""


def _picked(mentions: Sequence[QueryState], name: str) -> Candidate | None:
    """What the article's (first) mention of a name was resolved to, if it was; the name itself before
    a facility named after it ("30 km northeast of Sabha" is the town, though "Sabha airport" came first)."""
    key = name_key(name)
    said = [o for o in mentions if o.key == key and o.pick >= 0]
    said.sort(key=lambda o: o.query.hint in FACILITY_HINTS)
    return _town_meant(said[0]) if said else None


def _town_meant(m: QueryState) -> Candidate:
    """The mention's pick, or the town a district it picked is named after (`_seat_of`)."""
    pick = m.candidates[m.pick]
    seat = _seat_of(pick, m.candidates) if pick.feature == "admin2" and m.query.hint != "admin" else None
    return seat or pick


def _places_country(mentions: Sequence[QueryState]) -> tuple[str, ...]:
    """The country most of the article's resolved towns, areas and sites lie in (ties: first named),
    or (): "the south" of a report about Haftar's bases in Libya that names Moscow and Russian officials
    is Libya's south, whatever its actors' countries."""
    counts = Counter(
        o.candidates[o.pick].country_code
        for o in mentions
        if o.pick >= 0
        and not o.query.direction
        and o.candidates[o.pick].country_code
        and o.candidates[o.pick].feature not in WIDE_FEATURES
    )
    return (counts.most_common(1)[0][0],) if counts else ()


def _respelt(key: str, c: Candidate) -> bool:
    """Whether a name key is another spelling of a large town's own name (Misrata/Misratah), or a
    first-level area's own name without its kind (Murzuq/Murzuq District). A small town's alternate
    spellings are too often someone's first name ("Kristina")."""
    own = name_key(c.name)
    if c.feature == "admin1":  # (not a county: "Jones County" makes "Jones" no place)
        return own.startswith(key + " ")
    large = c.feature == "city" and c.population >= RESPELT_TOWN
    return large and SequenceMatcher(None, key, own).ratio() >= CLOSE_VARIANT


def _one_slip(a: str, b: str) -> bool:
    """Whether two different words are one typing slip apart: a letter added or dropped, or two
    neighbouring letters swapped ("Britian"). A changed letter is not counted: it makes other real
    names ("Greenlane" is not Greenland)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1 :]


def _area_words() -> re.Pattern[str]:
    return re.compile(
        r"^(?:the|city of|town of|state of|province of|county of)\s+|\s+(?:city|town|county|parish|province|state|"
        r"region|district|governorate|prefecture|municipality|department|area|'s|’s)$",
        re.IGNORECASE,
    )


_BARE = _area_words()
PICK_ROUNDS = 3
# Words that open many names without naming a place themselves ("West Wing", "Rue Casa Calvo").
_GENERIC = re.compile(
    r"(north|south|east|west|central|northern|southern|eastern|western|upper|lower|new|old|great|little|saint|st\.?|"
    r"rue|via|calle|islands?|mount|mt\.?|lake|port|fort|san|santa|le|la|el|al|de|du|"
    r"delta|valley|bay|coast|river|plateau|gulf|peninsula|desert|mountains?|hills?|highlands?|plains?|"
    r"province|district|region|county|state|city|town|republic|kingdom|federation|union|democratic)",
    re.IGNORECASE,
)
# A bare compass word names an area of the country the article is about, or nothing.
_DIRECTION_WORD = re.compile(
    r"(?:the\s+)?(?:north|south|east|west|central|centre|center|northern|southern|eastern|western|"
    r"north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west|north[- ]?eastern|north[- ]?western|"
    r"south[- ]?eastern|south[- ]?western|mid[- ]?west|midwest|midwestern)",
    re.IGNORECASE,
)
CAPITAL_BONUS = 3.0
# The Arabic letter jim is written "g" in Egypt and Sudan and "j" elsewhere: "Gezira"/"Jazira", "Giza"/"Jiza". A
# word-initial g (not the "gh" of ghayn) or j is swapped when a name has no variant under its own spelling.
_JIM = re.compile(r"\b([GgJj])(?![Hh])")
_JIM_SWAP = {"g": "j", "j": "g"}
# Areas a "Town, Area" qualifier names, the more likely first ("Rockingham, Northamptonshire": a county).
_QUALIFYING_AREAS = ("admin1", "admin2", "country")
_REGION_SOURCES = ("curated", "countryinfo")  # world regions: "the Middle East", "Sahel", "Western Europe"
FIRST_LEVEL_BONUS = 2.0  # "the Sagaing region": a first-level area before the district of that name
ALIAS_HAMLET = 5_000  # a village abroad this small, known by the name only as an alternate, is not what is meant
ALIAS_ONE_WORD = 20_000  # ... nor a town this small for a one-word name ("Chai" is also Çey, Turkey: 13,000)
_GATE_WORDS = {"bab"}  # (Arabic "gate")
STRAY_TOWN, STRAY_KM = 20_000, 1_500  # a village this small this far from the article's places is a namesake
NEAR_UNSAID_KM = 400  # "Rajma, east of Benghazi": a town of the name farther off is a namesake
_SAID_WHERE = {"stated location", "qualifier"}  # answers the words around a mention gave
HOME_WEIGHT = 2  # the publisher's country counts like two mentions of it
SIBLINGS = 3  # other first-level areas of a country an article names that make a list of its areas
# Endings of the names for an area's people and what the area's name ends with instead.
_INHABITANT_ENDINGS = (("ians", "io"), ("ans", ""), ("ns", ""), ("n", ""), ("ans", "as"), ("ians", "ia"), ("ian", "ia"))
SITE_TOWN_SUPPORT = 1.5  # a town inside a site's name must lie this close to the article's places (within 100 km)
SERVED_KM = 50.0  # an airport within this distance of a town of its name serves that town
AKA_TOWN = 20_000  # a proper noun no entity holds is a town known by that alternate name from this size
RESPELT_TOWN = 100_000  # a town this large is known by its own name spelled another way
SURE_MARGIN = 3.0  # a pick this far ahead of the next reading is as good as unambiguous
CLOSE_VARIANT = 0.85  # a variant that must outdo a name held only by towns abroad: Kufra/Kufrah, not State/Scituate
STATED_KM = 50.0  # a site's reading this near the town its words name is kept
MAX_CANDIDATES = 40  # per mention, best by prior: keeps the context pass cheap on names like "Springfield"


class Resolver:
    """Resolves all place mentions of one article together, so each informs the others.

    Each candidate gets a prior from what it is (a country before a town of the same name, an
    admin area before a same-named village, larger before smaller, the article's focus countries
    first, what the words around ask for), then a context score from the article's other places:
    a town inside a state the article names, or near the other places it names, wins over a
    namesake far away ("Paris" near "Texas" and "Dallas" is Paris, Texas).
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        *,
        cache: GeoCache | None = None,
        online: Callable[..., Location | None] | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.geocoder = OfflineGeocoder(gazetteer)
        self.cache = cache if cache is not None else GeoCache(None)
        self.online = online
        self._region_point = lru_cache(maxsize=1024)(self._compute_region_point)
        self._lookup = lru_cache(maxsize=65536)(self._lookup_uncached)
        self._capitals = {(name_key(c.capital), c.code) for c in by_code().values() if c.capital}
        self._capital_id = lru_cache(maxsize=512)(self._capital_id_uncached)
        self._initialisms = lru_cache(maxsize=4096)(self._initialisms_uncached)
        self._sense = lru_cache(maxsize=65536)(self._sense_uncached)  # asked for every entity of every report
        self._misspelt_country = lru_cache(maxsize=4096)(self._misspelt_country_uncached)

    # -- candidates ---------------------------------------------------------------------------
    def _lookup_uncached(self, name: str) -> tuple[Candidate, ...]:
        found = self._spelt(name)
        if not found:
            bare = _BARE.sub("", name.strip()).strip()
            if bare and bare != name.strip():  # "the Southwest Region" is no airport known as "Southwest"
                found = [c for c in self.gazetteer.lookup(bare) if c.feature not in FACILITY_FEATURES]
        if not found:
            core = airfield_core_name(name)  # "Dulles International Airport" -> the airfield "dulles"
            if core and core != name_key(name):
                found = [c for c in self.gazetteer.lookup(core) if c.feature in FACILITY_FEATURES]
        if not found:
            found = self._inhabitants(name.strip())
        return tuple([*found, *self._countries_ending_in(name, found)])

    def _countries_ending_in(self, name: str, found: Sequence[Candidate]) -> list[Candidate]:
        """ "Congo" is GeoNames' alternate for the Republic of the Congo, and the last word of the
        Democratic Republic of the Congo's own name: a country's alternate name that ends another
        country's own name may be that country too (the article's focus decides)."""
        key = name_key(name)
        countries = [c for c in found if c.feature == "country"]
        if not countries or any(c.is_main for c in countries):
            return []
        have = {c.country_code for c in countries}
        out = []
        for country in by_code().values():
            if country.code not in have and name_key(country.name).endswith(" " + key):
                out += [c for c in self.gazetteer.lookup(country.name) if c.feature == "country" and c.is_main]
        return out

    def _spelt(self, name: str) -> list[Candidate]:
        """The places of a name as written, or as written with or without a final h, or the places whose own
        name it is without its hyphens ("Petion-Ville": GeoNames' Pétionville; not "Tri-State", an alternate
        name of Laughlin, Nevada)."""
        found = self.gazetteer.lookup(name) or self._final_h_variant(name)
        if not found and "-" in name.strip("-"):
            found = [c for c in self.gazetteer.lookup(name.replace("-", "")) if c.is_main]
        return found

    def _final_h_variant(self, name: str) -> list[Candidate]:
        """ "Qubba"/"Al Qubbah", "Misratah"/"Misrata": Arabic names are written with and without a final
        h after their last a; a name nothing has under its own spelling is looked up under the other."""
        key = name_key(name)
        if name.isupper() or len(key) < 4 or not key.endswith(("a", "ah")) or key.endswith(("aa", "hah")):
            return []  # (not an initialism: "NAFTA" is no Naftah)
        return self.gazetteer.lookup(key[:-1] if key.endswith("ah") else key + "h")

    def _inhabitants(self, name: str) -> list[Candidate]:
        """ "Ohioans", "Ontarians", "South Ossetian": the people of an area the gazetteer has by its own name.

        Countries' demonyms come from the registries; those of states, provinces and regions are
        formed by a few regular endings, tried in turn, and only an area's own name is accepted.
        """
        for ending, stem_end in _INHABITANT_ENDINGS:
            if len(name) > len(ending) + 2 and name.endswith(ending):
                stem = name[: -len(ending)] + stem_end
                areas = [
                    replace(c, is_main=False, is_adjective=True)
                    for c in self.gazetteer.lookup(stem)
                    if c.is_main and c.feature in ("country", "admin1", "region", "continent")
                ]
                if areas:
                    return areas
        return []

    def candidates(self, query: PlaceQuery) -> list[Candidate]:
        return list(self._lookup(query.name) or self._misspelt_country(query.name))

    def _misspelt_country_uncached(self, name: str) -> tuple[Candidate, ...]:
        """ "Britian", "Mauritious": a name nothing has that is one slip (a letter added or dropped, or two
        swapped) from exactly one country's name of six letters or more is that country."""
        key = name.strip().lower()
        if len(key) < 6 or not key.replace(" ", "").isalpha():
            return ()
        near = {c.code for n, c in by_name().items() if len(n) >= 6 and _one_slip(key, n)}
        if len(near) != 1:
            return ()
        code = near.pop()
        return tuple(c for c in self._lookup(by_code()[code].name) if c.feature == "country" and c.country_code == code)

    def sense(self, name: str) -> NameSense:
        """What a name can denote, from the gazetteer alone (for toponym recognition)."""
        return self._sense(name)

    def _sense_uncached(self, name: str) -> NameSense:
        every = self._spelt(name)
        key = name_key(name)
        found = [c for c in every if c.is_main or c.is_adjective]
        areas = {"country", "continent", "admin1", "region", "sea"}
        return NameSense(
            countries=frozenset(c.country_code for c in found if c.country_code),
            area=any(c.feature in areas and c.is_main for c in found),
            adjective=any(c.is_adjective for c in found),
            population=max((c.population for c in found if c.feature == "city"), default=0),
            known=bool(every),
            kinds=frozenset(c.feature for c in found if c.is_main),
            respelt=frozenset(c.country_code for c in every if not c.is_main and _respelt(key, c)),
            towns_aka=frozenset(
                c.country_code for c in every if not c.is_main and c.feature == "city" and c.population >= AKA_TOWN
            ),
        )

    def town_country(self, name: str) -> str:
        """The country of the largest town a name can be ("" if none): where a dateline's report was filed."""
        towns = [c for c in self._lookup(name) if c.feature == "city"]
        return max(towns, key=lambda c: c.population).country_code if towns else ""

    @staticmethod
    def focus_countries(candidate_lists: Sequence[list[Candidate]], extra: Counter[str] | None = None) -> Counter[str]:
        """Countries the article is about: named countries count double, unambiguous places once."""
        focus: Counter[str] = Counter(extra or {})
        for cands in candidate_lists:
            named = [c for c in cands if c.feature == "country" and (c.is_main or c.is_adjective)]
            if named:
                focus[named[0].country_code] += 2
                continue
            codes = {c.country_code for c in cands if c.country_code}
            if len(codes) == 1:
                focus[codes.pop()] += 1
        return focus

    # -- resolution ---------------------------------------------------------------------------
    def resolve(
        self, queries: Sequence[PlaceQuery], extra_focus: Counter[str] | None = None, home: str = ""
    ) -> list[Place | None]:
        """One Place (or None: unresolved) per query, in order. `home`: the publisher's country, if known."""
        distinct: dict[PlaceQuery, QueryState] = {}
        for query in queries:
            if query not in distinct:
                distinct[query] = QueryState(query, name_key(query.name), self.candidates(query), [])
        mentions = list(distinct.values())
        names = {m.key: m.candidates for m in reversed(mentions)}  # a name counts once, however it is asked
        focus = self.focus_countries(list(names.values()), extra_focus)
        if home:
            focus[home] += HOME_WEIGHT
        top = tuple(code for code, _ in focus.most_common(3))
        context = self._context_key(mentions, top) + (f"@{home}" if home else "")
        answers: dict[PlaceQuery, Place | None] = {}
        pending = []
        for m in mentions:
            cached = self.cache.get(self._cache_key(m.query, context))
            if cached is not MISSING and not (cached is None and self.online):
                answers[m.query] = cached  # type: ignore[assignment]
            else:
                pending.append(m)
        if pending:
            self._rank(mentions, focus, top, extra_focus or Counter(), home)
            times = Counter(name_key(q.name) for q in queries)
            where = _places_country(mentions) or top[:1]
            for o in mentions:
                if self._unbacked_variant(o, mentions, (*where, *top[:1])):
                    o.pick = -1  # as a name no gazetteer has: it lends no context either
            # compass regions ("in the south-west"), for sites the words put in one
            compass = {o.key: self._answer(o, top, where) for o in mentions if o.query.direction}
            for m in pending:
                answer = self._stray(m, mentions, focus, self._answer(m, top, where, mentions))
                answer = self._farther_than_said(m, mentions, answer, top)
                place = self._stated(m, mentions, answer or self._within(m, mentions, times, top), compass)
                self.cache.put(self._cache_key(m.query, context), place)
                answers[m.query] = place
        # "on Paris' Champs-Elysees ... was on Champs-Elysees boulevard": where the words put a name, they put it
        said: dict[str, Place] = {}
        for query, place in answers.items():
            if place is not None and place.resolved_by in _SAID_WHERE:
                said.setdefault(name_key(query.name), place)
        for query, place in answers.items():
            if (place is None or place.resolved_by == "article context") and name_key(query.name) in said:
                answers[query] = said[name_key(query.name)]  # holds for its other mentions, not the article's town
        return [answers[q] for q in queries]

    @staticmethod
    def _context_key(mentions: Sequence[QueryState], top: tuple[str, ...]) -> str:
        """What the answers depend on besides the mention: the article's focus and its other names."""
        names = "\x1f".join(sorted({m.key for m in mentions}))
        return ",".join(top) + ":" + hashlib.sha1(names.encode("utf-8")).hexdigest()[:12]

    @staticmethod
    def _cache_key(query: PlaceQuery, context: str) -> str:
        parts = [
            f"v{INDEX_VERSION}",
            name_key(query.name),
            query.hint,
            query.country_code,
            query.direction,
            name_key(query.qualifier),
            context,
        ]
        if query.level:  # (appended, so the keys of answers without one are unchanged)
            parts.append("level:" + query.level)
        if query.located_in:
            parts.append(name_key(query.located_in))
        if query.sentence_countries:
            parts.append("in:" + ",".join(query.sentence_countries))
        if query.near:
            parts.append("near:" + name_key(query.near) + (f":{query.near_km:g}" if query.near_km else ""))
        if query.beside:
            parts.append("beside:" + ",".join(name_key(b) for b in query.beside))
        return "|".join(parts)

    def _rank(
        self, mentions: list[QueryState], focus: Counter[str], top: tuple[str, ...], extra: Counter[str], home: str = ""
    ) -> None:
        """Priors, then rounds of context from the other mentions' current picks.

        After the first round the focus countries come from the other mentions' picks rather than
        from names alone: an ambiguous name ("Paris", "Georgia") then counts for the country the rest
        of the article is in, and a mention never votes for its own reading.
        """
        peak = max(focus.values(), default=0) or 1
        pairs: dict[tuple[int, int], float] = {}  # every candidate stays alive in `mentions` meanwhile
        # "Buffalo, New York": a name that says where a town is, is an area; one that says where a district is
        # may be its town ("Tripoli's Abu Salim district")
        qualifying = {name_key(m.query.qualifier) for m in mentions if m.query.qualifier and m.query.hint != "admin"}
        areas = evidence.areas_named(mentions)
        for m in mentions:
            query = m.query
            if not query.hint and m.key in qualifying:
                query = replace(query, hint="admin")
            listed = frozenset(code for code, keys in areas.items() if len(keys - {m.key}) >= SIBLINGS)
            cands = self._filtered(query, m.candidates, top, listed)
            scored = sorted(
                ((self._prior(query, c, focus, peak), c) for c in cands), key=lambda sc: (-sc[0], sc[1].id)
            )[:MAX_CANDIDATES]
            m.candidates = [c for _, c in scored]
            m.prior = [sc - evidence.focus_term(c, focus, peak) for sc, c in scored]  # without the focus
            evidence.prominence(m)
            m.pick = 0 if scored else -1
            m.totals = [sc for sc, _ in scored]
            m.margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 4.0
        for _ in range(PICK_ROUNDS):
            picks = [(m.key, m.candidates[m.pick]) for m in mentions if m.pick >= 0]
            votes = evidence.pick_votes(picks)
            readings = evidence.readings_by_place(mentions)
            for m in mentions:
                if len(m.candidates) < 2:
                    continue
                local = evidence.blend(extra, votes, exclude=m.key)
                if home:
                    local[home] += HOME_WEIGHT
                local_peak = max(local.values(), default=0) or 1
                others = evidence.other_readings(readings, m.key)
                quals = self._qualifiers(m.query.qualifier)
                capitals = [c for c in m.candidates if self._is_capital(c)]
                outranked = bool(capitals) or any(c.feature in AREA_FEATURES for c in m.candidates)
                support = [evidence.support(c, others, pairs) for c in m.candidates]
                wide = any(c.feature in WIDE_FEATURES for c in m.candidates)
                totals = [
                    prior
                    + evidence.focus_term(c, local, local_peak)
                    + backing
                    + evidence.home_town(c, backing, m.candidates, local, local_peak)
                    + evidence.qualified(c, quals)
                    + evidence.home_state(c, m.candidates, local, local_peak, others)
                    + evidence.sentence_country(c, m.query, wide)
                    - evidence.below_capital(c, capitals, local)
                    + (evidence.sibling_areas(c, m.key, areas) if not outranked else 0.0)
                    for prior, c, backing in zip(m.prior, m.candidates, support, strict=True)
                ]
                m.pick = max(range(len(totals)), key=lambda i: (totals[i], -i))
                m.totals = totals
                ranked = sorted(totals, reverse=True)
                m.margin = ranked[0] - ranked[1]
        evidence.one_sense(mentions)

    def _is_capital(self, c: Candidate) -> bool:
        """The national capital itself, not its namesakes: "Washington" is the largest town of that name there."""
        if c.feature != "city" or (name_key(c.name), c.country_code) not in self._capitals:
            return False
        return c.id == self._capital_id(c.country_code)

    def _capital_id_uncached(self, code: str) -> int:
        country = by_code().get(code)
        towns = [t for t in self._lookup(country.capital) if t.country_code == code and t.feature == "city"]
        return max(towns, key=lambda t: t.population).id if towns else -1

    def _filtered(
        self, query: PlaceQuery, cands: list[Candidate], top: tuple[str, ...], listed: frozenset[str] = frozenset()
    ) -> list[Candidate]:
        """Facility words restrict to facilities; a name without candidates at home tries spelling variants.

        A province named like its main city ("Alexandria", "New York") stands back for the city
        unless the words ask for an area, or the article names other first-level areas of its country
        (`listed`): the city is what such a bare name usually means. A sea's
        or ocean's name is the sea unless the words ask for a town. A bare compass word ("West",
        "Eastern") is an area named so only in the article's main country. An airstrip (an airfield
        without airline service) is what a name means only when the words say airport, or when the
        name is one word that nothing else has and the airstrip lies in the article's main country
        (a village by its airstrip; a name of several words falls back on the article's town). A
        spelling variant found in the focus countries must pass the same tests, and is looked for also
        when the words ask for an area and only towns have the name.
        """
        if query.hint == "site":
            return []  # "Bourbon street": a street of the article's town, not Bourbon, Indiana
        given = cands
        if query.hint in FACILITY_HINTS:
            facilities = [c for c in cands if serves(query.hint, c.feature)]
            if not facilities and top:
                facilities = [c for c in self._variants(query.name, top) if serves(query.hint, c.feature)]
            if facilities:
                served = self._served(facilities, cands)
                if top and not any(f.country_code in top or f.population for f in served):
                    return []  # "the Flamingo naval base" in Port Sudan is no airport of Costa Rica
                return served
            # no facility of the kind asked for: the place is the town ("the Hodeidah port"), no other facility
            cands = [c for c in cands if c.feature not in FACILITY_FEATURES]
            given = cands
        looked_up = bool(cands)
        if not cands and top:
            cands = self._variants(query.name, top)
        if query.hint == "admin" and top and not any(c.feature in ADMIN_FEATURES for c in cands):
            # "the Odesa region": GeoNames' area is "Odessa", its town "Odesa"
            bare = bare_area_name(query.name)  # "Saada province": the variants of "Saada" (GeoNames' Sa'dah)
            close = self._variants(bare, top, CLOSE_VARIANT)
            cands = [*cands, *(c for c in close if c.feature in ADMIN_FEATURES and c not in cands)]
        if looked_up and top and self._only_alias_towns_abroad(cands, top[:1]):
            # only towns outside the main country that have the name as an alternate ("Kufra" is also
            # Şirvan, Turkey): a close spelling variant in the focus countries ("Al Kufrah", Libya) may be meant
            known = {c.id for c in cands}
            variants = [c for c in self._variants(query.name, top, CLOSE_VARIANT) if c.id not in known]
            small = ALIAS_HAMLET if len(query.name.split()) > 1 else ALIAS_ONE_WORD
            if query.hint == "admin":
                small = math.inf  # "Twic East and Duk counties": an area, not a town abroad once so called
            if not variants and all(c.population < small for c in cands if c.feature == "city"):
                # "Tawila" in a report on Darfur is no Yemeni hamlet once so called: unknown, not far off
                cands = [c for c in cands if c.feature != "city"]
            cands = [*cands, *variants]
        if query.level == "admin1":  # "the Sagaing region": not the town, where the country has the region
            with_area = {c.country_code for c in cands if c.feature == "admin1"}
            cands = [c for c in cands if c.feature != "city" or c.country_code not in with_area]
        short = _initialism(query.name)
        if short and top:
            large = any(c.feature in ADMIN_FEATURES or c.population >= 100_000 for c in cands)
            areas = () if large else self._initialisms(short, top)
            if areas:
                cands = [*areas, *(c for c in cands if c.feature in AREA_FEATURES)]
            elif not any(c.feature in ADMIN_FEATURES or c.feature in AREA_FEATURES for c in cands):
                # "the CHU in Montpellier", "the OAS": capital letters name no town abroad (Chũ, Vietnam); "MoD"
                # (a small joining letter: surely an acronym) not even one of a focus country it alone brings in
                home = top if short == query.name.replace(".", "").strip() else top[:1]
                cands = [c for c in cands if c.feature != "city" or c.country_code in home]
        if _DIRECTION_WORD.fullmatch(query.name.strip()):  # "Western countries", "the West": not Ghana's region
            cands = [c for c in cands if c.country_code in top[:1]]
        if query.hint != "airport":  # a bare "Toco" or "Helmet" is not the airstrip named after it
            named = {c.id for c in given}  # by its own spelling, not a spelling variant's
            strips = [c for c in cands if c.feature == "airfield" and c.country_code in top[:1] and c.id in named]
            cands = [c for c in cands if c.feature != "airfield"]
            if not cands and len(query.name.split()) == 1:
                cands = strips  # but a village no gazetteer has may be known by its airstrip ("Pibor")
        if any(c.feature == "sea" for c in cands) and any(c.feature == "city" for c in cands):
            drop = "sea" if query.hint == "city" else "city"  # "the Atlantic" is the ocean, "the town of Atlantic" not
            cands = [c for c in cands if c.feature != drop]
        world_region = any(c.feature == "region" and c.source in _REGION_SOURCES and c.is_main for c in cands)
        if world_region and query.hint != "city":  # "the Middle East", not a Baltimore neighbourhood named so
            cands = [c for c in cands if c.feature != "city" or c.population >= LARGE_TOWN]
        if query.hint != "admin":
            areas = {(c.country_code, c.admin1): c.population for c in cands if c.feature == "admin1"}
            towns = {
                (c.country_code, c.admin1)
                for c in cands
                if c.feature == "city" and c.population * 10 >= areas.get((c.country_code, c.admin1), 0)
            }
            cands = [
                c
                for c in cands
                if not (c.feature == "admin1" and (c.country_code, c.admin1) in towns and c.country_code not in listed)
            ]
        return cands

    def _initialisms_uncached(self, short: str, top: tuple[str, ...]) -> tuple[Candidate, ...]:
        """The countries and first-level areas of the focus countries an initialism stands for: "SA" is
        South Africa in a South African report and South Australia in an Australian one; "NJ" New Jersey
        (GeoNames codes US states by their postal abbreviations)."""
        found = []
        for code in top:
            country = by_code().get(code)
            if country and any(_initials(n) == short for n in country.names):
                found += [c for c in self._lookup(country.name) if c.feature == "country" and c.country_code == code]
            found += [a for a in self.gazetteer.areas(code) if short in (_initials(a.name), a.admin1)]
        return tuple(found)

    @staticmethod
    def _only_alias_towns_abroad(cands: Sequence[Candidate], main: tuple[str, ...]) -> bool:
        """Besides facilities, only towns outside the main country that have the name as an alternate."""
        places = [c for c in cands if c.feature not in FACILITY_FEATURES]
        return bool(places) and all(
            c.feature == "city" and not c.is_main and c.country_code not in main for c in places
        )

    def _variants(self, name: str, top: tuple[str, ...], closeness: float = 0.75) -> list[Candidate]:
        """Transliteration variants inside the focus countries, close enough in spelling to be the same name;
        failing those, the variants of its other spelling of the Arabic letter jim ("Gezira" is Al Jazirah)."""
        close = self._close_variants(name, top, closeness)
        other = _JIM.sub(lambda m: _JIM_SWAP[m.group(1).lower()], name)
        return close or (self._close_variants(other, top, closeness) if other != name else [])

    def _close_variants(self, name: str, top: tuple[str, ...], closeness: float) -> list[Candidate]:
        key = name_key(name)
        if len(key) < 4:
            return []
        found = self.geocoder.geocode(name, exactly_one=False, country_codes=top, fuzzy=True) or []
        close = []
        for loc in found:
            cand = Candidate(**loc.raw)
            forms = {name_key(cand.name), airfield_core_name(cand.name)}
            pairs = [(key, form) for form in forms] + [(spelling_key(key), spelling_key(form)) for form in forms]
            if max(SequenceMatcher(None, a, b).ratio() for a, b in pairs) >= closeness:  # Soussa/Susah
                close.append(cand)
        return close

    @staticmethod
    def _served(facilities: list[Candidate], cands: Sequence[Candidate]) -> list[Candidate]:
        """An airport or port named after a town counts as large as the largest town of that name within
        50 km: "Cairo airport" is Cairo International before the regional airport of Cairo, Illinois."""
        towns = [c for c in cands if c.feature == "city"]
        out = []
        for f in facilities:
            near = [t.population for t in towns if haversine_km(f.lat, f.lon, t.lat, t.lon) <= SERVED_KM]
            out.append(replace(f, population=max(near)) if near and not f.population else f)
        return out

    def _answer(
        self, m: QueryState, top: tuple[str, ...], where: tuple[str, ...] = (), mentions: Sequence[QueryState] = ()
    ) -> Place | None:
        """The mention's place from its own reading; `where`: the country the article's places lie in,
        for a compass region named without one ("in the south")."""
        query = m.query
        if query.hint == "capital" and query.country_code:
            return self._capital(query.country_code)
        if query.hint == "region" and query.direction:
            code = query.country_code or (where or top or ("",))[0]
            countries = {c.country_code for c in m.candidates if c.feature == "country"} | {code}
            if query.country_code and top and top[0] in countries:
                code = top[0]  # "eastern Congo" in a report about the DR Congo (see `_countries_ending_in`)
            return self._region(code, query.direction) if code else None
        if m.pick >= 0:
            outside = self._outside_qualifier(m, mentions)
            if outside is not None:
                return outside
            return to_place(_town_meant(m), 1 / (1 + math.exp(-m.margin)))
        return self._online(query, top)

    def _outside_qualifier(self, m: QueryState, mentions: Sequence[QueryState] = ()) -> Place | None:
        """ "Stroud, Ontario" when the gazetteer has no Stroud in Ontario, "Rockingham, Northamptonshire" when
        it has no Rockingham in England: the area the words name, at region precision, rather than a
        namesake elsewhere (Stroud, England; Rockingham, Western Australia)."""
        pick = m.candidates[m.pick]
        if pick.feature not in ("city", "admin2") or self._is_capital(pick):
            return None  # "Copenhagen, Hamburg, ...": not a town and where it lies
        if any(c.is_main and c.feature in ("country", "admin1", "continent", "region") for c in m.candidates):
            return None  # "Myanmar, Bangladesh": a list of areas
        area = self._qualifier_area(m.query.qualifier, mentions)  # none for "Kansas City, North", "Tripoli's"
        if area is None:
            return None
        if area.feature == "admin2" and (
            any(c.country_code == area.country_code for c in m.candidates)
            or any(q.feature == "city" and q.population >= LARGE_TOWN for q in self._lookup(m.query.qualifier))
        ):  # a county's towns are not all filed under it: one in its country is the town meant; and "Barcelona,
            return None  # Liverpool, ..." lists towns (a district named like a large town is that town)
        quals = [q for q in self._qualifiers(m.query.qualifier) if q.feature in _QUALIFYING_AREAS]
        if any(evidence.qualified(c, [*quals, area]) for c in m.candidates):
            return None  # (the area as the article took it: "Raqqa governorate" is GeoNames' Ar-Raqqah)
        return dataclasses.replace(to_place(area, 0.4, resolved_by="qualifier"), geo_precision="region")

    def _qualifier_area(self, qualifier: str, mentions: Sequence[QueryState] = ()) -> Candidate | None:
        """The state or country a "Town, Area" qualifier names, if any: what the article's own mention of
        it was resolved to, else its own-name reading, a first-level area before a country, larger first
        ("Maryland" is the US state, not Liberia's Maryland County). None when the article took the name for
        a town ("Tripoli's Abu Salim district" lies in the town, not in its province)."""
        if not qualifier or _DIRECTION_WORD.fullmatch(qualifier.strip()):
            return None
        said = _picked(mentions, qualifier)
        if said is not None:
            return said if said.feature in _QUALIFYING_AREAS else None
        quals = [q for q in self._qualifiers(qualifier) if q.feature in _QUALIFYING_AREAS]
        return min(
            quals, key=lambda q: (not q.is_main, _QUALIFYING_AREAS.index(q.feature), -q.population), default=None
        )

    def _within(
        self, m: QueryState, mentions: Sequence[QueryState], times: Counter[str], top: tuple[str, ...] = ()
    ) -> Place | None:
        """A name no gazetteer has, placed by what it contains or where the article is.

        "Colorado State University" lies in Colorado; "Royal Street" or "Carnegie Library" in a report
        about one town lies in that town (city precision). Another unknown name of several words
        ("Meadow Grove", "Brands Hatch") is most likely near the town the report is about: placed there
        with region precision and low confidence, marked `article context` (a town of its own sentence
        first: "the ports of Ras Lanuf and Zueitina"). An unknown single word
        stays unresolved (and listed): it is as likely a misread name as a place. An unknown name of
        several words that the words say lies in a state or country ("Fort Detrick, Maryland") is
        placed in that area rather than at the article's town.
        """
        if m.query.hint == "capital" or m.query.direction:
            return None
        words = m.query.name.split()
        called = m.query.hint in ("city", "admin")  # "the town of Mahas in Hiiraan region": a place, one word or not
        area = self._qualifier_area(m.query.qualifier, mentions)
        if area is not None and (len(words) > 1 or called or area.feature == "admin1"):  # "Moqokori in the ...
            # Hiiraan region": one word in a first-level area the words name (not in a country: "Smith, Nigeria")
            return dataclasses.replace(to_place(area, 0.3, resolved_by="qualifier"), geo_precision="region")
        close = self._near(m, mentions, top)
        if close is not None:
            return close
        picks = [o.candidates[o.pick] for o in mentions if o is not m and o.pick >= 0]
        site = bool(
            m.query.hint == "site" or SITE_WORDS.search(m.query.name) or ROAD_NUMBER.fullmatch(m.query.name.strip())
        )
        # "Bab Tobruk", a district of Derna: a gate is named after the town its road leads to, elsewhere
        gate = words[0].lower() in _GATE_WORDS
        for size in range(0 if gate else len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                part = words[start : start + size]
                if (
                    not part[0][:1].isupper()
                    or SITE_WORDS.fullmatch(" ".join(part))
                    or (size == 1 and (_GENERIC.fullmatch(part[0]) or part[0].lower() in TOPONYM_HEADS))
                ):
                    continue
                said = None if site else _picked([o for o in mentions if o is not m], " ".join(part))
                if said is not None and said.feature in ("city", "admin2", "admin1"):
                    return to_place(said, 0.4, resolved_by="embedded name")  # "Wadi Derna" after "Derna"
                found = self._embedded(" ".join(part), picks, site, top)
                if found is not None:
                    return to_place(found, 0.4, resolved_by="embedded name")
        if not site and len(words) < 2:
            return None
        towns = [
            (times[o.key], o.candidates[o.pick].population, o.candidates[o.pick])
            for o in mentions
            if o is not m and o.pick >= 0 and o.candidates[o.pick].feature in ("city", "admin2")
        ]
        if not towns:
            return None
        home = [t for t in towns if t[2].country_code in top[:1]]  # not a stray namesake abroad ("Chihuahua")
        # (a district is a part of the report's main town, not of another district its sentence names: "clashes
        # that began in the Abu Salim district spread to Tajoura" in a report on Tripoli)
        beside = None if m.query.hint == "admin" else self._beside(m, mentions, top[:1])
        town = beside or max(home or towns, key=lambda t: (t[0], t[1]))[2]
        place = to_place(town, 0.3 if site else 0.2, resolved_by="article context")
        return place if site else dataclasses.replace(place, geo_precision="region")

    @staticmethod
    def _beside(m: QueryState, mentions: Sequence[QueryState], main: tuple[str, ...]) -> Candidate | None:
        """The first town its own sentence names ("the eastern ports of Ras Lanuf and Zueitina"): nearer,
        most often, than the town the article is about; but only a town of the article's main country
        that no namesake competed for (a namesake misread is far off, where the article's town is not)."""
        picks = {o.key: o for o in mentions if o is not m and o.pick >= 0}
        for name in m.query.beside:
            o = picks.get(name_key(name))
            town = o.candidates[o.pick] if o is not None else None
            if town and town.feature in ("city", "admin2") and o.margin >= SURE_MARGIN and town.country_code in main:
                return town
        return None

    def _unbacked_variant(self, m: QueryState, mentions: Sequence[QueryState], main: tuple[str, ...]) -> bool:
        """Whether the mention's reading is a spelling variant (of a name no gazetteer has as written) that
        the article's context does not back: outside its main countries (where its places lie, and its first
        focus), it lies near none of its places in that country and in no country its own sentence names.
        "Kalehe territory, South Kivu" in a report on Goma that names the United States as a mediator is no
        Kalāheo, Hawaii; "Khanasor, near Mount Sinjar" no Khānsār, Iran; "Amerli" (Iraq) no Ömerli, Turkey,
        300 km from Erbil."""
        if m.pick < 0 or not main:
            return False
        pick = m.candidates[m.pick]
        if pick.country_code in main or pick.country_code in m.query.sentence_countries:
            return False
        if pick.feature in WIDE_FEATURES or any(c.id == pick.id for c in self._lookup(m.query.name)):
            return False
        others = [o.candidates[o.pick] for o in mentions if o is not m and o.pick >= 0]
        return not any(
            c.feature not in WIDE_FEATURES
            and c.country_code == pick.country_code
            and haversine_km(pick.lat, pick.lon, c.lat, c.lon) <= NEAR_UNSAID_KM
            for c in others
        )

    @staticmethod
    def _stray(m: QueryState, mentions: Sequence[QueryState], focus: Counter[str], place: Place | None) -> Place | None:
        """ "a journey of two weeks from Tina, on the Chadian side of the border": a village (under 20,000) in a
        country nothing else in the article points to, farther than 1,500 km from every other town or area
        it names, is a namesake of a place no gazetteer has (Tina, New Caledonia; "30 km north of Madama" in
        Niger is no Mādamā, West Bank), not an answer; 500 km when the words call it an area ("the Soum
        province" of Burkina Faso is no village of Senegal)."""
        if place is None or place.feature != "city" or place.population >= STRAY_TOWN or not m.candidates:
            return place
        if focus.get(place.country_code, 0) > 1:  # (its own unambiguous name counts one)
            return place
        # (the same name asked twice backs itself no more than once: "Karma" ... "near Karma")
        others = [o.candidates[o.pick] for o in mentions if o.key != m.key and o.pick >= 0]
        if any(c.country_code == place.country_code for c in others):
            return place  # (a country named counts: "Etoumbi" in a report on "Congo")
        others = [c for c in others if c.feature not in WIDE_FEATURES]
        limit = STRAY_KM / 3 if m.query.hint == "admin" else STRAY_KM  # "the Soum province": called an area
        far = all(haversine_km(place.latitude, place.longitude, c.lat, c.lon) > limit for c in others)
        return None if others and far else place

    @classmethod
    def _farther_than_said(
        cls, m: QueryState, mentions: Sequence[QueryState], place: Place | None, top: tuple[str, ...] = ()
    ) -> Place | None:
        """ "El Amra, about 30 km north of Sfax": a town of the name far farther from the place the words put
        it near than they say (a namesake: GeoNames' only El Amra is 142 km from Sfax) gives way to a
        point at that place, as for a name no gazetteer has. Without a distance, "far" is 400 km."""
        if place is None or not m.query.near or place.feature not in ("city", "admin2"):
            return place
        town = _picked(mentions, m.query.near)
        if town is None or town.feature in WIDE_FEATURES:
            return place
        km = m.query.near_km
        allowed = max(2 * km, km + 50) if km else NEAR_UNSAID_KM
        if haversine_km(place.latitude, place.longitude, town.lat, town.lon) <= allowed:
            return place
        return cls._near(m, mentions, top)

    @staticmethod
    def _near(m: QueryState, mentions: Sequence[QueryState], top: tuple[str, ...] = ()) -> Place | None:
        """ "the Abu Shouk camp on the outskirts of El Fasher": a name no gazetteer has, that the words put
        close to a place the article names, is placed there, with region precision and low confidence
        (one word too: the words say where it is, not only the article's subject). Not a town outside the
        article's main country when its own sentence names a place in it: "at Afungi, near Palma" beside
        "Mocimboa da Praia" in a report on Mozambique is no guide when the gazetteer only has Palma de
        Mallorca."""
        if not m.query.near:
            return None
        town = _picked(mentions, m.query.near)
        if town is None or town.feature in WIDE_FEATURES:
            return None  # "near the border with Eritrea" says too little
        if top and town.country_code not in top[:1]:
            beside = [_picked(mentions, name) for name in m.query.beside if name_key(name) != name_key(m.query.near)]
            if any(c is not None and c.country_code == top[0] for c in beside):
                return None
        place = to_place(town, 0.3, resolved_by="article context")
        return dataclasses.replace(place, geo_precision="region")

    @staticmethod
    def _stated(
        m: QueryState, mentions: Sequence[QueryState], place: Place | None, compass: dict[str, Place | None]
    ) -> Place | None:
        """A site the words place in a town ("Collins Avenue in Miami Beach") lies in or near that town:
        a reading farther away (a namesake elsewhere, or the article's main town) gives way to it. An
        area ("Oulton Park, Cheshire"), or a compass region of the article's country ("the El Feel oilfield
        in the south-west"), only replaces a guess from the article's context."""
        if not m.query.located_in:
            return place
        town = _picked(mentions, m.query.located_in)
        region = compass.get(name_key(m.query.located_in))
        if town is None and region is not None and (place is None or place.resolved_by == "article context"):
            return dataclasses.replace(region, resolved_by="stated location", confidence=0.3)  # "in the south-west"
        if town is None:
            return place
        if town.feature in AREA_FEATURES:  # "Hmeimim air base in Syria": in Syria, if nowhere else
            # (a guess, or a town its name embeds: "the Khor Mor gas field in Iraq" is not at Al Khor, Qatar;
            # nor a namesake abroad: "Somalia's South West State" is not Cameroon's South-West region)
            guessed = place is not None and place.resolved_by in ("article context", "embedded name")
            abroad = place is not None and place.country_code != town.country_code
            named_abroad = abroad and town.feature == "country" and place.feature not in AREA_FEATURES
            if place is None or (abroad and guessed) or named_abroad:
                return to_place(town, 0.3, resolved_by="stated location")
            return place
        if place is not None and town.feature != "city" and place.resolved_by != "article context":
            return place  # "College Station, Texas": a reading of the name itself lies somewhere in the area
        if place is None or place.resolved_by == "article context":
            return to_place(town, 0.5, resolved_by="stated location")
        if place.feature in WIDE_FEATURES | ADMIN_FEATURES and place.resolved_by != "embedded name":
            return place  # "Toronto's Ontario health-card holders": an area named is not inside the town
        if haversine_km(place.latitude, place.longitude, town.lat, town.lon) <= STATED_KM:
            return place
        return to_place(town, 0.5, resolved_by="stated location")

    def _embedded(
        self, name: str, picks: Sequence[Candidate], site: bool = False, top: tuple[str, ...] = ()
    ) -> Candidate | None:
        """The reading of a name inside a name: a country or state as such, a town only near the article's places.

        A two-letter part counts only as a country's capitalised short form ("US Federal Reserve").
        Inside a site's name ("the Russian Embassy", "French Quarter", "Carnegie Library", "Hampton
        Avenue") a country, continent or demonym says whom the site is for or named after, not where it
        is; a town only counts when it lies close to the article's places, and a first-level area only
        in the article's countries, if it has any ("Seoul Central District Court" is not in Israel)."""
        short = len(name_key(name)) < 3
        if short and not (len(name_key(name)) == 2 and name.isupper()):
            return None
        others = [[p] for p in picks if p.feature not in AREA_FEATURES]
        fits = []
        for c in self._lookup(name):
            named = c.feature == "country" if short else c.is_main or c.is_adjective
            if c.feature in FACILITY_FEATURES or not named:
                continue
            if site and (c.feature in AREA_FEATURES or c.is_adjective):
                continue
            support = evidence.support(c, others)
            if site and c.feature not in ADMIN_FEATURES and support < SITE_TOWN_SUPPORT:
                continue
            if site and c.feature in ADMIN_FEATURES and support <= 0 and top and c.country_code not in top:
                continue
            if c.feature in AREA_FEATURES or c.feature == "admin1" or support > 0:
                area = 10 if c.feature in AREA_FEATURES else 2 if c.feature == "admin1" else 0
                fits.append((area + support + 0.6 * math.log10(c.population + 1), -c.id, c))
        return max(fits)[2] if fits else None

    def _prior(self, query: PlaceQuery, c: Candidate, focus: Counter[str], peak: int) -> float:
        score = 0.0
        named = c.is_main or c.is_adjective
        if c.feature in AREA_FEATURES:
            score += 10 if named else 8  # "Russia" is the country before it is a town in Ohio
        elif c.feature in ("region", "sea") and c.source in ("curated", "countryinfo"):
            score += 8 if named else 6  # "the Atlantic", "the Middle East" before towns named so
        elif c.feature == "admin1":
            score += 2 if named else 1
        elif c.feature == "admin2":
            score += 1.5 if named else -1
        elif c.feature in FACILITY_FEATURES:
            score += 8 if serves(query.hint, c.feature) else -3
            score += 1 if c.feature == "airport" else 0  # an airline airport before a same-named airstrip
        if query.hint == "admin" and c.feature in ADMIN_FEATURES:
            score += 4 + (FIRST_LEVEL_BONUS if query.level == c.feature else 0)
        elif query.hint == "city" and c.feature == "city":
            score += 3
        if c.source == "curated":
            score += 1
        if c.is_main:
            score += 1.5
        if self._is_capital(c):
            score += CAPITAL_BONUS  # "Washington", "London": a national capital is what a bare name usually means
        score += evidence.focus_term(c, focus, peak)
        score += 0.6 * math.log10(c.population + 1)
        return score

    def _qualifiers(self, qualifier: str) -> tuple[Candidate, ...]:
        if not qualifier:
            return ()
        return tuple(c for c in self._lookup(qualifier) if c.feature in ("country", "admin1", "admin2"))

    def _capital(self, code: str) -> Place | None:
        country = by_code().get(code)
        if not country or not country.capital:
            return None
        towns = [c for c in self.gazetteer.lookup(country.capital) if c.country_code == code and c.feature == "city"]
        if not towns:
            return None
        return to_place(max(towns, key=lambda c: c.population), 0.9)

    def _region(self, code: str, direction: str) -> Place | None:
        return self._region_point(code, direction)

    def _compute_region_point(self, code: str, direction: str) -> Place | None:
        """The population-weighted centre of the country's towns in that third of its extent."""
        country = by_code().get(code)
        towns = self.gazetteer.town_points(code)  # (lat, lon, population)
        if not country or not towns:
            return None
        dlat, dlon = DIRECTIONS[direction]
        central = direction == "central"
        lat_lo, lat_hi = _band(sorted(t[0] for t in towns), dlat) if dlat or central else (-math.inf, math.inf)
        lon_lo, lon_hi = _band(sorted(t[1] for t in towns), dlon) if dlon or central else (-math.inf, math.inf)
        chosen = [t for t in towns if lat_lo <= t[0] <= lat_hi and lon_lo <= t[1] <= lon_hi]
        if not chosen:
            return None
        weights = [math.sqrt(max(t[2], 1)) for t in chosen]
        total = sum(weights)
        lat = sum(w * t[0] for w, t in zip(weights, chosen, strict=True)) / total
        lon = sum(w * t[1] for w, t in zip(weights, chosen, strict=True)) / total
        label = {"central": "Central"}.get(direction, direction.capitalize())
        return Place(
            name=f"{label} {country.name}",
            latitude=round(lat, 4),
            longitude=round(lon, 4),
            geo_precision="region",
            feature="region",
            country_code=code,
            gazetteer_id=f"region:{code}:{direction}",
            resolved_by="gazetteer",
            confidence=0.6,
        )

    def _online(self, query: PlaceQuery, top: tuple[str, ...]) -> Place | None:
        if self.online is None:
            return None
        try:
            location = self.online(query.name, exactly_one=True, country_codes=list(top[:1]) or None)
        except Exception:  # noqa: BLE001 - a failing service leaves the mention unresolved, retried later
            return None
        if location is None:
            return None
        raw = location.raw if isinstance(location.raw, dict) else {}
        kind = str(raw.get("addresstype") or raw.get("type") or "")
        precision = {"country": "country", "state": "region", "region": "region", "county": "region"}.get(kind, "city")
        return Place(
            name=location.address.split(",")[0],
            latitude=location.latitude,
            longitude=location.longitude,
            geo_precision=precision,
            feature=kind or "place",
            country_code=str(raw.get("address", {}).get("country_code", "")).upper(),
            gazetteer_id=f"osm:{raw.get('osm_type', '')}/{raw.get('osm_id', '')}",
            resolved_by="online",
            confidence=0.5,
        )


def _seat_of(area: Candidate, cands: Sequence[Candidate]) -> Candidate | None:
    """The town of the same name that a second-level area is named after: a bare "Cúcuta" whose best reading
    is the municipality means the city of 777,000 in it, not the municipality's centre (from the villages
    GeoNames files under it) 36 km away. The town lies in the area or near its centre, and is not dwarfed
    by it."""
    return next((c for c in cands if evidence.town_of_area(c, area) and c.population * 10 >= area.population), None)
