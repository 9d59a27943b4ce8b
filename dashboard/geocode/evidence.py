"""The evidence each reading of a name gets from the rest of the article: the terms the resolver adds up.

Pure functions of candidates and of the article's other mentions (`QueryState`): nearness and
containment (`support`), the focus countries (`focus_term`), a state or town of the country the
report is about (`home_state`, `home_town`), a national capital's claim (`below_capital`), the
country a sentence names (`sentence_country`), a list of a country's areas (`sibling_areas`), the
town a name usually means (`prominence`), and one sense per article (`one_sense`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from dashboard.geocode.gazetteer import Candidate
from dashboard.geocode.query import ADMIN_FEATURES, AREA_FEATURES, FACILITY_FEATURES, PlaceQuery, haversine_km

FOCUS_WEIGHT = 4
CAPITAL_AT_HOME = 3.0  # what a much smaller namesake of a capital loses when the article names the capital's country
PLAUSIBLE_GAP = 1.0  # readings this close behind a pick still lend context to the others
PLAUSIBLE = 4
STATE_AT_HOME = 6.0
SENTENCE_COUNTRY = 3.0
HOME_SHARE = 0.8  # a report is about one country when this share of its other places' weight is there
PROMINENT_RATIO = 30  # a town this many times larger than its next namesake is what the name usually means
PROMINENCE = 2.0
SIBLING_WEIGHT = 1.0
SIBLING_CAP = 3


@dataclass
class QueryState:
    """One distinct query of the article during resolution: its readings, their scores, its pick."""

    query: PlaceQuery
    key: str
    candidates: list[Candidate]
    prior: list[float]
    pick: int = -1  # index into candidates
    margin: float = 4.0  # the pick's lead over the runner-up: the confidence
    totals: list[float] = field(default_factory=list)  # each candidate's score in the last round


def readings_by_place(mentions: Sequence[QueryState]) -> list[dict[str, list[Candidate]]]:
    """The plausible readings of the article's names (per name), grouped by the place each name picks.

    "Calif." and "California" name one place: they back a town in it once, not twice, so that
    a state repeated under two spellings does not outweigh a larger namesake elsewhere.
    """
    surest: dict[str, QueryState] = {}  # a name asked twice ("Parkland", "Parkland, Florida"): its surer reading
    for m in mentions:
        if m.pick >= 0 and (m.key not in surest or m.margin > surest[m.key].margin):
            surest[m.key] = m
    grouped: dict[int, dict[str, list[Candidate]]] = {}
    for key, m in surest.items():
        grouped.setdefault(m.candidates[m.pick].id, {})[key] = plausible(m)
    return list(grouped.values())


def other_readings(groups: Sequence[dict[str, list[Candidate]]], key: str) -> list[list[Candidate]]:
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


def one_sense(mentions: Sequence[QueryState]) -> None:
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
        if not q.hint and m.pick >= 0 and town_of_area(m.candidates[m.pick], c):
            continue  # "Sanaa governorate" ... "Houthi forces seized Sanaa": the bare name is the town in it
        same = next((i for i, o in enumerate(m.candidates) if o.id == c.id), -1)
        if same >= 0:
            m.pick = same


SEAT_KM = 50.0  # a town this close to a same-named area's centre is the town the area is named after


def town_of_area(town: Candidate, area: Candidate) -> bool:
    """A town in, or at the centre of, an area of its country (the area named after it)."""
    if town.feature != "city" or area.feature not in ("admin1", "admin2") or town.country_code != area.country_code:
        return False
    inside = town.admin1 == area.admin1 and (area.feature == "admin1" or town.admin2 == area.admin2)
    return inside or haversine_km(town.lat, town.lon, area.lat, area.lon) <= SEAT_KM


def areas_named(mentions: Sequence[QueryState]) -> dict[str, set[str]]:
    """Per country, the article's names that are one of its first-level areas by their own name."""
    areas: dict[str, set[str]] = {}
    for m in mentions:
        for c in m.candidates:
            if c.feature == "admin1" and c.is_main and c.country_code:
                areas.setdefault(c.country_code, set()).add(m.key)
    return areas


def sibling_areas(c: Candidate, key: str, areas: dict[str, set[str]]) -> float:
    """ "Georgia, Oklahoma, Pennsylvania and Wisconsin": a name that can be a first-level area of a
    country whose other areas the article names is most likely one more of them (not a village
    named after the state inside another of them). Not when the name is also a country's or a
    national capital's ("Mexico", "Washington"): those keep their own, stronger claims."""
    if c.feature != "admin1" or not c.is_main:
        return 0.0
    return SIBLING_WEIGHT * min(len(areas.get(c.country_code, set()) - {key}), SIBLING_CAP)


def prominence(m: QueryState) -> None:
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


def plausible(m: QueryState) -> list[Candidate]:
    """The mention's pick and the readings close behind it."""
    best = m.totals[m.pick]
    close = [c for c, t in zip(m.candidates, m.totals, strict=True) if t >= best - PLAUSIBLE_GAP]
    return [m.candidates[m.pick], *[c for c in close if c.id != m.candidates[m.pick].id][: PLAUSIBLE - 1]]


def home_state(
    c: Candidate,
    cands: Sequence[Candidate],
    local: Counter[str],
    peak: float,
    others: Sequence[Sequence[Candidate]] = (),
) -> float:
    """ "Georgia" in a report whose other places are all in the United States is the state:
    a first-level area of the country the rest of the article is in (two places there, or one that
    lies in that very area: "metro Atlanta"), against a same-named country nothing else in the
    article points to."""
    if c.feature != "admin1" or not c.is_main:
        return 0.0
    inside = any(o.country_code == c.country_code and o.admin1 == c.admin1 for readings in others for o in readings[:1])
    if local.get(c.country_code, 0) < max(peak, 1 if inside else 2):
        return 0.0
    return STATE_AT_HOME if unbacked_rival_countries(c, cands, local) else 0.0


def sentence_country(c: Candidate, query: PlaceQuery, wide: bool) -> float:
    """ "Passengers arriving at Cairo airport ... during their stay in Egypt": a place in a country its
    own sentence names, against namesakes elsewhere, however much the rest of the report is about them.
    Not against a wider area of the name (`wide`: "Arab leaders" are not of Arab, Alabama), and not for
    a place that has the name only as an alternate one (a Russian village once called Paris)."""
    if wide or c.feature in AREA_FEATURES or c.country_code not in query.sentence_countries:
        return 0.0
    if not c.is_main and c.feature not in FACILITY_FEATURES:
        return 0.0
    return SENTENCE_COUNTRY


def unbacked_rival_countries(c: Candidate, cands: Sequence[Candidate], local: Counter[str]) -> list[Candidate]:
    """The other countries a name may denote besides `c`, when nothing else in the article points to
    any of them (else none)."""
    rival = [o for o in cands if o.feature == "country" and o.country_code != c.country_code]
    return [] if any(local.get(o.country_code) for o in rival) else rival


def home_town(c: Candidate, backing: float, cands: Sequence[Candidate], local: Counter[str], peak: float) -> float:
    """ "Lebanon" in a report whose other places are (nearly) all in the United States, one of them beside
    Lebanon, Indiana: the town, against a same-named country nothing else in the report points to
    (as `home_state`). A demonym ("Canadian") never names the town."""
    home = local.get(c.country_code, 0)
    if c.feature != "city" or backing < 1.0 or home < max(peak, 2) or home < HOME_SHARE * sum(local.values()):
        return 0.0
    rival = unbacked_rival_countries(c, cands, local)
    return STATE_AT_HOME if any(o.is_main for o in rival) else 0.0  # "Canadian" names no town


def below_capital(c: Candidate, capitals: Sequence[Candidate], local: Counter[str]) -> float:
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


def focus_term(c: Candidate, focus: Counter[str], peak: float) -> float:
    return FOCUS_WEIGHT * focus.get(c.country_code, 0) / peak


def pick_votes(picks: Sequence[tuple[str, Candidate]]) -> dict[str, tuple[str, int]]:
    """Each mention's vote for a focus country: its pick's country (a named country counts double)."""
    return {key: (c.country_code, 2 if c.feature == "country" else 1) for key, c in picks if c.country_code}


def blend(extra: Counter[str], votes: dict[str, tuple[str, int]], exclude: str) -> Counter[str]:
    """The other mentions' picks; the article's actors' countries when it has no other place."""
    blended: Counter[str] = Counter()
    for key, (code, weight) in votes.items():
        if key != exclude:
            blended[code] += weight
    return blended or Counter(extra)


def support(
    c: Candidate, others: Sequence[Sequence[Candidate]], memo: dict[tuple[int, int], float] | None = None
) -> float:
    """How well a candidate fits the article's other places: containment, then nearness.

    Each other mention counts once, through whichever of its plausible readings fits best, so
    that a consistent reading of the whole article ("Paris" and "Clarksville" both in Texas, near
    "Dallas") can win over each name's most likely reading alone. `memo` (keyed by object
    identity, so only for candidates that outlive it) saves recomputing a pair in later rounds.
    """
    if memo is None:
        return min(sum(max((pair(c, o) for o in readings), default=0.0) for readings in others), 6.0)
    total = 0.0
    for readings in others:
        best = 0.0
        for o in readings:
            key = (id(c), id(o))
            value = memo.get(key)
            if value is None:
                value = memo[key] = pair(c, o)
            if value > best:
                best = value
        total += best
    return min(total, 6.0)


def pair(c: Candidate, o: Candidate) -> float:
    if o.id == c.id:
        return 2.5  # another name of the article for this very place ("D.C." for Washington)
    same_admin1 = bool(c.admin1) and c.country_code == o.country_code and c.admin1 == o.admin1
    if same_admin1 and (o.feature == "admin1" or c.feature == "admin1"):
        return 2.5  # a town in a state the article names, or the state of its towns
    if same_admin1 and c.admin2 and c.admin2 == o.admin2:
        return 2.0
    km = haversine_km(c.lat, c.lon, o.lat, o.lon)
    return 2.0 * (1 - km / 400) if km < 400 else 0.0


def qualified(c: Candidate, quals: Sequence[Candidate]) -> float:
    """ "Paris, Texas": the name after the comma is the state or country the place lies in."""
    for q in quals:
        if q.feature == "country" and q.country_code == c.country_code:
            return 5.0
        inside = q.feature == "admin1" or q.admin2 == c.admin2
        if q.country_code == c.country_code and q.admin1 == c.admin1 and inside:
            return 6.0
    return 0.0
