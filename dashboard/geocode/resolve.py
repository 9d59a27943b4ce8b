"""Choosing the place a mention means, from the whole article's context.

Order of trust: what the words around the mention ask for ("the Algerian capital", "X air base",
"eastern Libya"), then countries and continents over towns of the same name, then towns in the
article's focus countries, larger ones first, then transliteration variants inside the focus
countries, then (only when the user enabled one) an online geocoder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache

from geopy.location import Location

from dashboard.geocode.cache import MISSING, GeoCache
from dashboard.geocode.countries import by_code, by_name
from dashboard.geocode.gazetteer import INDEX_VERSION, Candidate, Gazetteer, airfield_core_name
from dashboard.geocode.geocoder import OfflineGeocoder
from dashboard.geocode.normalize import name_key
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
FACILITY_HINTS = {"airport", "port"}
_RESOLVED_BY = {"geonames": "gazetteer", "countryinfo": "gazetteer", "airports": "airports", "curated": "curated"}


@dataclass(frozen=True)
class PlaceQuery:
    """What to look up for one mention, and what its words ask for."""

    text: str  # the mention as written
    name: str  # the name to look up ("Banina" for "Banina air base")
    hint: str = ""  # airport | port | capital | region | admin | city | site | ""
    country_code: str = ""  # the country a capital or a directional region belongs to
    direction: str = ""  # north, south-east... for directional regions
    qualifier: str = ""  # the name that follows after a comma: "Paris, Texas" -> "Texas"
    located_in: str = ""  # the place a site's name is said to be in: "Loyola University in Los Angeles"
    sentence_countries: tuple[str, ...] = ()  # countries its sentence names: "Cairo airport ... in Egypt"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(min(1.0, a)))


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
    """ "SA", "N.J.", "NSW" -> the letters; "" when the name is not written as an initialism."""
    letters = name.replace(".", "").strip()
    return letters if 2 <= len(letters) <= 4 and letters.isalpha() and letters.isupper() else ""


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


def to_place(c: Candidate, confidence: float, resolved_by: str | None = None) -> Place:
    return Place(
        name=c.name,
        latitude=round(c.lat, 5),
        longitude=round(c.lon, 5),
        geo_precision=c.precision,
        feature=c.feature,
        country_code=c.country_code,
        gazetteer_id=c.gazetteer_id,
        resolved_by=resolved_by or _RESOLVED_BY.get(c.source, c.source),
        confidence=round(confidence, 3),
        population=c.population,
    )


@dataclass(frozen=True)
class NameSense:
    """What the gazetteer says a name can be, for deciding whether a span is a toponym at all."""

    countries: frozenset[str] = frozenset()  # countries of its candidates
    area: bool = False  # names a country, continent, region or first-level area as its own name
    adjective: bool = False  # is the adjective or demonym of such a place ("Russian")
    population: int = 0  # of its largest town
    known: bool = False  # the gazetteer has it under any name, alternate names included
    kinds: frozenset[str] = frozenset()  # what it names by its own name: country, admin1, city...


def _area_words() -> re.Pattern[str]:
    return re.compile(
        r"^(?:the|city of|town of|state of|province of|county of)\s+|\s+(?:city|town|county|parish|province|state|"
        r"region|district|governorate|prefecture|municipality|department|area|'s|’s)$",
        re.IGNORECASE,
    )


_BARE = _area_words()
ADMIN_FEATURES = {"admin1", "admin2", "admin", "region"}
FACILITY_FEATURES = {"airport", "airfield", "airbase", "port"}
AREA_FEATURES = {"country", "continent"}
WIDE_FEATURES = AREA_FEATURES | {"region", "sea"}
PICK_ROUNDS = 3
# Words that open many names without naming a place themselves ("West Wing", "Rue Casa Calvo").
_GENERIC = re.compile(
    r"(north|south|east|west|central|northern|southern|eastern|western|upper|lower|new|old|great|little|saint|st\.?|"
    r"rue|via|calle|islands?|mount|mt\.?|lake|port|fort|san|santa|le|la|el|al|de|du|"
    r"delta|valley|bay|coast|river|plateau|gulf|peninsula|desert|mountains?|hills?|highlands?|plains?|"
    r"province|district|region|county|state|city|town)",
    re.IGNORECASE,
)
# A bare compass word names an area of the country the article is about, or nothing.
_DIRECTION_WORD = re.compile(
    r"(?:the\s+)?(?:north|south|east|west|central|centre|center|northern|southern|eastern|western|"
    r"north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west|north[- ]?eastern|north[- ]?western|"
    r"south[- ]?eastern|south[- ]?western|mid[- ]?west|midwest|midwestern)",
    re.IGNORECASE,
)
# Words that say a name is a street, building or site inside a town (for names no gazetteer has).
SITE_WORDS = re.compile(
    r"\b(street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|drive|lane|highway|square|plaza|bridge|"
    r"church|cathedral|basilica|chapel|mosque|temple|synagogue|school|high|elementary|middle|college|university|"
    r"institute|academy|library|museum|hospital|clinic|court|courthouse|prison|jail|centre|center|hall|hotel|inn|"
    r"restaurant|stadium|arena|park|garden|gardens|cemetery|graveyard|market|mall|station|terminal|estate|village|"
    r"club|racecourse|theatre|theater|embassy|office|tower|building|house|plantation|canal|lagoon|lake|point)\b",
    re.IGNORECASE,
)
# Road numbers: "the A417", "M4", "I-95", "Interstate 64", "Route 31", "Highway 11" (sites along a road).
ROAD_NUMBER = re.compile(
    r"(?:[AMB]\d{1,4}(?:\(M\))?|I-?\d{1,3}|Interstate \d{1,3}|"
    r"(?:US |State |Provincial )?(?:Route|Highway|Hwy\.?) \d{1,4})",
    re.IGNORECASE,
)
FOCUS_WEIGHT = 4
CAPITAL_BONUS = 3.0
CAPITAL_AT_HOME = 3.0  # what a much smaller namesake of a capital loses when the article names the capital's country
PLAUSIBLE_GAP = 1.0  # readings this close behind a pick still lend context to the others
PLAUSIBLE = 4
STATE_AT_HOME = 6.0
SENTENCE_COUNTRY = 3.0
HOME_SHARE = 0.8  # a report is about one country when this share of its other places' weight is there
# Endings of the names for an area's people and what the area's name ends with instead.
_INHABITANT_ENDINGS = (("ians", "io"), ("ans", ""), ("ns", ""), ("n", ""), ("ans", "as"), ("ians", "ia"), ("ian", "ia"))
HOME_WEIGHT = 2  # the publisher's country counts like two mentions of it
PROMINENT_RATIO = 30  # a town this many times larger than its next namesake is what the name usually means
PROMINENCE = 2.0
SIBLINGS = 3  # other first-level areas of a country an article names that make a list of its areas
SIBLING_WEIGHT = 1.0
SIBLING_CAP = 3
SITE_TOWN_SUPPORT = 1.5  # a town inside a site's name must lie this close to the article's places (within 100 km)
SERVED_KM = 50.0  # an airport within this distance of a town of its name serves that town
STATED_KM = 50.0  # a site's reading this near the town its words name is kept
MAX_CANDIDATES = 40  # per mention, best by prior: keeps the context pass cheap on names like "Springfield"


@dataclass
class _Mention:
    """One distinct query of the article during resolution."""

    query: PlaceQuery
    key: str
    candidates: list[Candidate]
    prior: list[float]
    pick: int = -1  # index into candidates
    margin: float = 4.0  # the pick's lead over the runner-up: the confidence
    totals: list[float] = field(default_factory=list)  # each candidate's score in the last round


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

    # -- candidates ---------------------------------------------------------------------------
    def _lookup_uncached(self, name: str) -> tuple[Candidate, ...]:
        found = self.gazetteer.lookup(name)
        if not found:
            bare = _BARE.sub("", name.strip()).strip()
            if bare and bare != name.strip():
                found = self.gazetteer.lookup(bare)
        if not found:
            core = airfield_core_name(name)  # "Dulles International Airport" -> the airfield "dulles"
            if core and core != name_key(name):
                found = [c for c in self.gazetteer.lookup(core) if c.feature in FACILITY_FEATURES]
        if not found:
            found = self._inhabitants(name.strip())
        return tuple(found)

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

    def _misspelt_country(self, name: str) -> tuple[Candidate, ...]:
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
        every = self.gazetteer.lookup(name)
        found = [c for c in every if c.is_main or c.is_adjective]  # its own names, not alternate ones
        areas = {"country", "continent", "admin1", "region", "sea"}
        return NameSense(
            countries=frozenset(c.country_code for c in found if c.country_code),
            area=any(c.feature in areas and c.is_main for c in found),
            adjective=any(c.is_adjective for c in found),
            population=max((c.population for c in found if c.feature == "city"), default=0),
            known=bool(every),
            kinds=frozenset(c.feature for c in found if c.is_main),
        )

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
        distinct: dict[PlaceQuery, _Mention] = {}
        for query in queries:
            if query not in distinct:
                distinct[query] = _Mention(query, name_key(query.name), self.candidates(query), [])
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
            for m in pending:
                place = self._stated(m, mentions, self._answer(m, top) or self._within(m, mentions, times, top))
                self.cache.put(self._cache_key(m.query, context), place)
                answers[m.query] = place
        return [answers[q] for q in queries]

    @staticmethod
    def _context_key(mentions: Sequence[_Mention], top: tuple[str, ...]) -> str:
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
        if query.located_in:  # (appended, so the keys of answers without one are unchanged)
            parts.append(name_key(query.located_in))
        if query.sentence_countries:
            parts.append("in:" + ",".join(query.sentence_countries))
        return "|".join(parts)

    def _rank(
        self, mentions: list[_Mention], focus: Counter[str], top: tuple[str, ...], extra: Counter[str], home: str = ""
    ) -> None:
        """Priors, then rounds of context from the other mentions' current picks.

        After the first round the focus countries come from the other mentions' picks rather than
        from names alone: an ambiguous name ("Paris", "Georgia") then counts for the country the rest
        of the article is in, and a mention never votes for its own reading.
        """
        peak = max(focus.values(), default=0) or 1
        pairs: dict[tuple[int, int], float] = {}  # every candidate stays alive in `mentions` meanwhile
        qualifying = {name_key(m.query.qualifier) for m in mentions if m.query.qualifier}
        areas = self._areas_named(mentions)
        for m in mentions:
            query = m.query
            if not query.hint and m.key in qualifying:
                query = replace(query, hint="admin")  # "Buffalo, New York": a name that says where a town is
            listed = frozenset(code for code, keys in areas.items() if len(keys - {m.key}) >= SIBLINGS)
            cands = self._filtered(query, m.candidates, top, listed)
            scored = sorted(
                ((self._prior(query, c, focus, peak), c) for c in cands), key=lambda sc: (-sc[0], sc[1].id)
            )[:MAX_CANDIDATES]
            m.candidates = [c for _, c in scored]
            m.prior = [sc - self._focus_term(c, focus, peak) for sc, c in scored]  # without the focus
            self._prominence(m)
            m.pick = 0 if scored else -1
            m.totals = [sc for sc, _ in scored]
            m.margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 4.0
        for _ in range(PICK_ROUNDS):
            picks = [(m.key, m.candidates[m.pick]) for m in mentions if m.pick >= 0]
            votes = self._pick_votes(picks)
            readings = self._readings_by_place(mentions)
            for m in mentions:
                if len(m.candidates) < 2:
                    continue
                local = self._blend(extra, votes, exclude=m.key)
                if home:
                    local[home] += HOME_WEIGHT
                local_peak = max(local.values(), default=0) or 1
                others = self._other_readings(readings, m.key)
                quals = self._qualifiers(m.query.qualifier)
                capitals = [c for c in m.candidates if self._is_capital(c)]
                outranked = bool(capitals) or any(c.feature in AREA_FEATURES for c in m.candidates)
                support = [self._support(c, others, pairs) for c in m.candidates]
                wide = any(c.feature in WIDE_FEATURES for c in m.candidates)
                totals = [
                    prior
                    + self._focus_term(c, local, local_peak)
                    + backing
                    + self._home_town(c, backing, m.candidates, local, local_peak)
                    + self._qualified(c, quals)
                    + self._home_state(c, m.candidates, local, local_peak)
                    + self._sentence_country(c, m.query, wide)
                    - self._below_capital(c, capitals, local)
                    + (self._sibling_areas(c, m.key, areas) if not outranked else 0.0)
                    for prior, c, backing in zip(m.prior, m.candidates, support, strict=True)
                ]
                m.pick = max(range(len(totals)), key=lambda i: (totals[i], -i))
                m.totals = totals
                ranked = sorted(totals, reverse=True)
                m.margin = ranked[0] - ranked[1]
        self._one_sense(mentions)

    @staticmethod
    def _readings_by_place(mentions: Sequence[_Mention]) -> list[dict[str, list[Candidate]]]:
        """The plausible readings of the article's names (per name), grouped by the place each name picks.

        "Calif." and "California" name one place: they back a town in it once, not twice, so that
        a state repeated under two spellings does not outweigh a larger namesake elsewhere.
        """
        surest: dict[str, _Mention] = {}  # a name asked twice ("Parkland", "Parkland, Florida"): its surer reading
        for m in mentions:
            if m.pick >= 0 and (m.key not in surest or m.margin > surest[m.key].margin):
                surest[m.key] = m
        grouped: dict[int, dict[str, list[Candidate]]] = {}
        for key, m in surest.items():
            grouped.setdefault(m.candidates[m.pick].id, {})[key] = Resolver._plausible(m)
        return list(grouped.values())

    @staticmethod
    def _other_readings(groups: Sequence[dict[str, list[Candidate]]], key: str) -> list[list[Candidate]]:
        """Per place the article's other names pick, their readings (areas aside: they contain, not neighbour)."""
        others = []
        for group in groups:
            seen: dict[int, Candidate] = {}
            for other, cands in group.items():
                if other != key:
                    for c in cands:
                        if c.feature not in AREA_FEATURES:
                            seen.setdefault(c.id, c)
            if seen:
                others.append(list(seen.values()))
        return others

    @staticmethod
    def _one_sense(mentions: Sequence[_Mention]) -> None:
        """One sense per article: a name means what the same name means where the words around it say
        most ("Paris, Texas" ... "Paris"; "the province of Ontario" ... "in Ontario"). A qualifier
        ("New Haven, Conn.") says more than a kind of place; a mention keeps its own reading when the
        other one is not the kind its own words ask for."""
        told: dict[str, tuple[int, Candidate]] = {}
        for m in mentions:
            q = m.query
            weight = 2 if q.qualifier else 1 if q.hint in ("admin", "city") else 0
            if m.pick >= 0 and weight and not q.direction and weight > told.get(m.key, (0, None))[0]:
                told[m.key] = (weight, m.candidates[m.pick])
        for m in mentions:
            q = m.query
            if m.key not in told or q.qualifier or q.located_in or q.direction:
                continue
            c = told[m.key][1]
            if q.hint and not (
                q.hint == "city" and c.feature == "city" or q.hint == "admin" and c.feature in ADMIN_FEATURES
            ):
                continue
            same = next((i for i, o in enumerate(m.candidates) if o.id == c.id), -1)
            if same >= 0:
                m.pick = same

    @staticmethod
    def _areas_named(mentions: Sequence[_Mention]) -> dict[str, set[str]]:
        """Per country, the article's names that are one of its first-level areas by their own name."""
        areas: dict[str, set[str]] = {}
        for m in mentions:
            for c in m.candidates:
                if c.feature == "admin1" and c.is_main and c.country_code:
                    areas.setdefault(c.country_code, set()).add(m.key)
        return areas

    @staticmethod
    def _sibling_areas(c: Candidate, key: str, areas: dict[str, set[str]]) -> float:
        """ "Georgia, Oklahoma, Pennsylvania and Wisconsin": a name that can be a first-level area of a
        country whose other areas the article names is most likely one more of them (not a village
        named after the state inside another of them). Not when the name is also a country's or a
        national capital's ("Mexico", "Washington"): those keep their own, stronger claims."""
        if c.feature != "admin1" or not c.is_main:
            return 0.0
        return SIBLING_WEIGHT * min(len(areas.get(c.country_code, set()) - {key}), SIBLING_CAP)

    @staticmethod
    def _prominence(m: _Mention) -> None:
        """The town a name usually means: the largest of its namesakes when it dwarfs the others.

        "Atlanta" is the Georgia city before a village in Texas even when the article's other places
        are nearer the village; the lead grows with the size gap.
        """
        towns = sorted(
            (i for i, c in enumerate(m.candidates) if c.feature == "city"), key=lambda i: -m.candidates[i].population
        )
        if len(towns) < 2:
            return
        first, second = m.candidates[towns[0]].population, m.candidates[towns[1]].population
        if first >= PROMINENT_RATIO * max(second, 1):
            m.prior[towns[0]] += min(PROMINENCE, PROMINENCE * math.log10(first / max(second, 1)) / 2)

    @staticmethod
    def _plausible(m: _Mention) -> list[Candidate]:
        """The mention's pick and the readings close behind it."""
        best = m.totals[m.pick]
        close = [c for c, t in zip(m.candidates, m.totals, strict=True) if t >= best - PLAUSIBLE_GAP]
        return [m.candidates[m.pick], *[c for c in close if c.id != m.candidates[m.pick].id][: PLAUSIBLE - 1]]

    def _is_capital(self, c: Candidate) -> bool:
        """The national capital itself, not its namesakes: "Washington" is the largest town of that name there."""
        if c.feature != "city" or (name_key(c.name), c.country_code) not in self._capitals:
            return False
        return c.id == self._capital_id(c.country_code)

    def _capital_id_uncached(self, code: str) -> int:
        country = by_code().get(code)
        towns = [t for t in self._lookup(country.capital) if t.country_code == code and t.feature == "city"]
        return max(towns, key=lambda t: t.population).id if towns else -1

    @staticmethod
    def _home_state(c: Candidate, cands: Sequence[Candidate], local: Counter[str], peak: float) -> float:
        """ "Georgia" in a report whose other places are all in the United States is the state:
        a first-level area of the country the rest of the article is in, against a same-named
        country nothing else in the article points to."""
        if c.feature != "admin1" or not c.is_main or local.get(c.country_code, 0) < max(peak, 2):
            return 0.0
        return STATE_AT_HOME if Resolver._unbacked_rival_countries(c, cands, local) else 0.0

    @staticmethod
    def _sentence_country(c: Candidate, query: PlaceQuery, wide: bool) -> float:
        """ "Passengers arriving at Cairo airport ... during their stay in Egypt": a place in a country its
        own sentence names, against namesakes elsewhere, however much the rest of the report is about them.
        Not against a wider area of the name (`wide`: "Arab leaders" are not of Arab, Alabama), and not for
        a place that has the name only as an alternate one (a Russian village once called Paris)."""
        if wide or c.feature in AREA_FEATURES or c.country_code not in query.sentence_countries:
            return 0.0
        if not c.is_main and c.feature not in FACILITY_FEATURES:
            return 0.0
        return SENTENCE_COUNTRY

    @staticmethod
    def _unbacked_rival_countries(c: Candidate, cands: Sequence[Candidate], local: Counter[str]) -> list[Candidate]:
        """The other countries a name may denote besides `c`, when nothing else in the article points to
        any of them (else none)."""
        rival = [o for o in cands if o.feature == "country" and o.country_code != c.country_code]
        return [] if any(local.get(o.country_code) for o in rival) else rival

    @staticmethod
    def _home_town(c: Candidate, backing: float, cands: Sequence[Candidate], local: Counter[str], peak: float) -> float:
        """ "Lebanon" in a report whose other places are (nearly) all in the United States, one of them beside
        Lebanon, Indiana: the town, against a same-named country nothing else in the report points to
        (as `_home_state`). A demonym ("Canadian") never names the town."""
        home = local.get(c.country_code, 0)
        if c.feature != "city" or backing < 1.0 or home < max(peak, 2) or home < HOME_SHARE * sum(local.values()):
            return 0.0
        rival = Resolver._unbacked_rival_countries(c, cands, local)
        return STATE_AT_HOME if any(o.is_main for o in rival) else 0.0  # "Canadian" names no town

    @staticmethod
    def _below_capital(c: Candidate, capitals: Sequence[Candidate], local: Counter[str]) -> float:
        """A town named like a national capital of a country the article names must do better than focus.

        "Washington" in a British report that also names the United States is the capital, not the
        village in West Sussex; a namesake as large as the capital ("Tripoli" in Lebanon) keeps its chance.
        """
        if c.feature != "city" or not capitals or any(k.id == c.id for k in capitals):
            return 0.0
        return max(
            (CAPITAL_AT_HOME for k in capitals if local.get(k.country_code) and k.population > 10 * c.population),
            default=0.0,
        )

    @staticmethod
    def _focus_term(c: Candidate, focus: Counter[str], peak: float) -> float:
        return FOCUS_WEIGHT * focus.get(c.country_code, 0) / peak

    @staticmethod
    def _pick_votes(picks: Sequence[tuple[str, Candidate]]) -> dict[str, tuple[str, int]]:
        """Each mention's vote for a focus country: its pick's country (a named country counts double)."""
        return {key: (c.country_code, 2 if c.feature == "country" else 1) for key, c in picks if c.country_code}

    @staticmethod
    def _blend(extra: Counter[str], votes: dict[str, tuple[str, int]], exclude: str) -> Counter[str]:
        """The other mentions' picks; the article's actors' countries when it has no other place."""
        blended: Counter[str] = Counter()
        for key, (code, weight) in votes.items():
            if key != exclude:
                blended[code] += weight
        return blended or Counter(extra)

    def _filtered(
        self, query: PlaceQuery, cands: list[Candidate], top: tuple[str, ...], listed: frozenset[str] = frozenset()
    ) -> list[Candidate]:
        """Facility words restrict to facilities; no candidate at all tries spelling variants in focus.

        A province named like its main city ("Alexandria", "New York") stands back for the city
        unless the words ask for an area, or the article names other first-level areas of its country
        (`listed`): the city is what such a bare name usually means. A sea's
        or ocean's name is the sea unless the words ask for a town. A bare compass word ("West",
        "Eastern") is an area named so only in the article's main country. An airstrip (an airfield
        without airline service) is what a name means only when the words say airport, or when the
        name is one word that nothing else has and the airstrip lies in the article's main country
        (a village by its airstrip; a name of several words falls back on the article's town). A
        spelling variant found in the focus countries must pass the same tests.
        """
        if query.hint == "site":
            return []  # "Bourbon street": a street of the article's town, not Bourbon, Indiana
        given = cands
        if query.hint in FACILITY_HINTS:
            facilities = [c for c in cands if c.feature in FACILITY_FEATURES]
            if not facilities and top:
                facilities = [c for c in self._variants(query.name, top) if c.feature in FACILITY_FEATURES]
            if facilities:
                return self._served(facilities, cands)
        if not cands and top:
            cands = self._variants(query.name, top)
        short = _initialism(query.name)
        if short and top and not any(c.feature in ADMIN_FEATURES or c.population >= 100_000 for c in cands):
            areas = self._initialisms(short, top)
            cands = [*areas, *(c for c in cands if c.feature in AREA_FEATURES)] if areas else cands
        if _DIRECTION_WORD.fullmatch(query.name.strip()):  # "Western countries", "the West": not Ghana's region
            cands = [c for c in cands if c.country_code in top[:1]]
        if query.hint not in FACILITY_HINTS:  # a bare "Toco" or "Helmet" is not the airstrip named after it
            named = {c.id for c in given}  # by its own spelling, not a spelling variant's
            strips = [c for c in cands if c.feature == "airfield" and c.country_code in top[:1] and c.id in named]
            cands = [c for c in cands if c.feature != "airfield"]
            if not cands and len(query.name.split()) == 1:
                cands = strips  # but a village no gazetteer has may be known by its airstrip ("Pibor")
        if any(c.feature == "sea" for c in cands) and any(c.feature == "city" for c in cands):
            drop = "sea" if query.hint == "city" else "city"  # "the Atlantic" is the ocean, "the town of Atlantic" not
            cands = [c for c in cands if c.feature != drop]
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

    def _variants(self, name: str, top: tuple[str, ...]) -> list[Candidate]:
        """Transliteration variants inside the focus countries, close enough in spelling to be the same name."""
        key = name_key(name)
        if len(key) < 4:
            return []
        found = self.geocoder.geocode(name, exactly_one=False, country_codes=top, fuzzy=True) or []
        close = []
        for loc in found:
            cand = Candidate(**loc.raw)
            forms = {name_key(cand.name), airfield_core_name(cand.name)}
            if max(SequenceMatcher(None, key, form).ratio() for form in forms) >= 0.75:
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

    def _answer(self, m: _Mention, top: tuple[str, ...]) -> Place | None:
        query = m.query
        if query.hint == "capital" and query.country_code:
            return self._capital(query.country_code)
        if query.hint == "region" and query.direction:
            code = query.country_code or (top[0] if top else "")
            return self._region(code, query.direction) if code else None
        if m.pick >= 0:
            outside = self._outside_qualifier(m)
            if outside is not None:
                return outside
            return to_place(m.candidates[m.pick], 1 / (1 + math.exp(-m.margin)))
        return self._online(query, top)

    def _outside_qualifier(self, m: _Mention) -> Place | None:
        """ "Stroud, Ontario" when the gazetteer has no Stroud in Ontario: the area the words name, at
        region precision, rather than a namesake elsewhere (Stroud, England)."""
        pick = m.candidates[m.pick]
        if pick.feature != "city" or self._is_capital(pick) or _DIRECTION_WORD.fullmatch(m.query.qualifier.strip()):
            return None  # "Copenhagen, Hamburg, ...", "Kansas City, North": not a town and where it lies
        if any(c.is_main and c.feature in ("country", "admin1", "continent", "region") for c in m.candidates):
            return None  # "Myanmar, Bangladesh": a list of areas
        quals = [q for q in self._qualifiers(m.query.qualifier) if q.feature in ("country", "admin1")]
        if not quals or any(self._qualified(c, quals) for c in m.candidates):
            return None
        area = min(quals, key=lambda q: q.feature == "country")  # the first-level area before a country
        return dataclasses.replace(to_place(area, 0.4, resolved_by="qualifier"), geo_precision="region")

    def _qualifier_area(self, qualifier: str, mentions: Sequence[_Mention] = ()) -> Candidate | None:
        """The state or country a "Town, Area" qualifier names, if any: what the article's own mention of
        it was resolved to, else its own-name reading, a first-level area before a country, larger first
        ("Maryland" is the US state, not Liberia's Maryland County)."""
        if not qualifier or _DIRECTION_WORD.fullmatch(qualifier.strip()):
            return None
        areas = ("country", "admin1")
        key = name_key(qualifier)
        said = [o.candidates[o.pick] for o in mentions if o.key == key and o.pick >= 0]
        if said and said[0].feature in areas:
            return said[0]
        quals = [q for q in self._qualifiers(qualifier) if q.feature in areas]
        return min(quals, key=lambda q: (not q.is_main, q.feature == "country", -q.population)) if quals else None

    def _within(
        self, m: _Mention, mentions: Sequence[_Mention], times: Counter[str], top: tuple[str, ...] = ()
    ) -> Place | None:
        """A name no gazetteer has, placed by what it contains or where the article is.

        "Colorado State University" lies in Colorado; "Royal Street" or "Carnegie Library" in a report
        about one town lies in that town (city precision). Another unknown name of several words
        ("Meadow Grove", "Brands Hatch") is most likely near the town the report is about: placed there
        with region precision and low confidence, marked `article context`. An unknown single word
        stays unresolved (and listed): it is as likely a misread name as a place. An unknown name of
        several words that the words say lies in a state or country ("Fort Detrick, Maryland") is
        placed in that area rather than at the article's town.
        """
        if m.query.hint == "capital" or m.query.direction:
            return None
        words = m.query.name.split()
        area = self._qualifier_area(m.query.qualifier, mentions) if len(words) > 1 else None
        if area is not None:
            return dataclasses.replace(to_place(area, 0.3, resolved_by="qualifier"), geo_precision="region")
        picks = [o.candidates[o.pick] for o in mentions if o is not m and o.pick >= 0]
        site = bool(
            m.query.hint == "site" or SITE_WORDS.search(m.query.name) or ROAD_NUMBER.fullmatch(m.query.name.strip())
        )
        for size in range(len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                part = words[start : start + size]
                if (
                    not part[0][:1].isupper()
                    or SITE_WORDS.fullmatch(" ".join(part))
                    or (size == 1 and _GENERIC.fullmatch(part[0]))
                ):
                    continue
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
        town = max(home or towns, key=lambda t: (t[0], t[1]))[2]
        place = to_place(town, 0.3 if site else 0.2, resolved_by="article context")
        return place if site else dataclasses.replace(place, geo_precision="region")

    @staticmethod
    def _stated(m: _Mention, mentions: Sequence[_Mention], place: Place | None) -> Place | None:
        """A site the words place in a town ("Collins Avenue in Miami Beach") lies in or near that town:
        a reading farther away (a namesake elsewhere, or the article's main town) gives way to it. An
        area ("Oulton Park, Cheshire") only replaces a guess from the article's context."""
        if not m.query.located_in:
            return place
        key = name_key(m.query.located_in)
        town = next((o.candidates[o.pick] for o in mentions if o.key == key and o.pick >= 0), None)
        if town is None or town.feature in AREA_FEATURES:
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
            support = self._support(c, others)
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
            score += 8 if query.hint in FACILITY_HINTS else -3
            score += 1 if c.feature == "airport" else 0  # an airline airport before a same-named airstrip
        if query.hint == "admin" and c.feature in ADMIN_FEATURES:
            score += 4
        elif query.hint == "city" and c.feature == "city":
            score += 3
        if c.source == "curated":
            score += 1
        if c.is_main:
            score += 1.5
        if self._is_capital(c):
            score += CAPITAL_BONUS  # "Washington", "London": a national capital is what a bare name usually means
        score += self._focus_term(c, focus, peak)
        score += 0.6 * math.log10(c.population + 1)
        return score

    @staticmethod
    def _support(
        c: Candidate, others: Sequence[Sequence[Candidate]], memo: dict[tuple[int, int], float] | None = None
    ) -> float:
        """How well a candidate fits the article's other places: containment, then nearness.

        Each other mention counts once, through whichever of its plausible readings fits best, so
        that a consistent reading of the whole article ("Paris" and "Clarksville" both in Texas, near
        "Dallas") can win over each name's most likely reading alone. `memo` (keyed by object
        identity, so only for candidates that outlive it) saves recomputing a pair in later rounds.
        """
        if memo is None:
            return min(sum(max((Resolver._pair(c, o) for o in readings), default=0.0) for readings in others), 6.0)
        total = 0.0
        for readings in others:
            best = 0.0
            for o in readings:
                key = (id(c), id(o))
                value = memo.get(key)
                if value is None:
                    value = memo[key] = Resolver._pair(c, o)
                if value > best:
                    best = value
            total += best
        return min(total, 6.0)

    @staticmethod
    def _pair(c: Candidate, o: Candidate) -> float:
        if o.id == c.id:
            return 2.5  # another name of the article for this very place ("D.C." for Washington)
        same_admin1 = bool(c.admin1) and c.country_code == o.country_code and c.admin1 == o.admin1
        if same_admin1 and (o.feature == "admin1" or c.feature == "admin1"):
            return 2.5  # a town in a state the article names, or the state of its towns
        if same_admin1 and c.admin2 and c.admin2 == o.admin2:
            return 2.0
        km = haversine_km(c.lat, c.lon, o.lat, o.lon)
        return 2.0 * (1 - km / 400) if km < 400 else 0.0

    def _qualifiers(self, qualifier: str) -> tuple[Candidate, ...]:
        if not qualifier:
            return ()
        return tuple(c for c in self._lookup(qualifier) if c.feature in ("country", "admin1", "admin2"))

    @staticmethod
    def _qualified(c: Candidate, quals: Sequence[Candidate]) -> float:
        """ "Paris, Texas": the name after the comma is the state or country the place lies in."""
        for q in quals:
            if q.feature == "country" and q.country_code == c.country_code:
                return 5.0
            inside = q.feature == "admin1" or q.admin2 == c.admin2
            if q.country_code == c.country_code and q.admin1 == c.admin1 and inside:
                return 6.0
        return 0.0

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
