"""The vocabulary extraction and resolution share: what a mention asks for, what a name can be, a Place.

`PlaceFinder` (extraction) builds `PlaceQuery`s and asks for `NameSense`s; `Resolver` answers with
`Place`s. Kept apart from the resolver so that the words a name is read by (`SITE_WORDS`) and the
kinds of place (`AREA_FEATURES`...) have one home.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from dashboard.geocode.gazetteer import Candidate
from dashboard.model import Place

FACILITY_HINTS = {"airport", "port"}
_RESOLVED_BY = {"geonames": "gazetteer", "countryinfo": "gazetteer", "airports": "airports", "curated": "curated"}
ADMIN_FEATURES = {"admin1", "admin2", "admin", "region"}
FACILITY_FEATURES = {"airport", "airfield", "airbase", "port"}
_SERVED_BY = {"airport": {"airport", "airfield", "airbase"}, "port": {"port"}}


def serves(hint: str, feature: str) -> bool:
    """Whether a facility of this feature is what the words ask for: an airfield for "air base", not for
    "the Hodeidah port" (a port is its town, unless a curated row names the port itself)."""
    return feature in _SERVED_BY.get(hint, ())


AREA_FEATURES = {"country", "continent"}
WIDE_FEATURES = AREA_FEATURES | {"region", "sea"}
LARGE_TOWN = 100_000  # a town this large is what its bare name usually means, over a region or district of it


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
    near: str = ""  # the place the words put it close to: "the Abu Shouk camp on the outskirts of El Fasher"
    near_km: float = 0.0  # how far from it the words put it: "El Amra, about 30 km north of Sfax" (0: not said)
    beside: tuple[str, ...] = ()  # the other places its sentence names: "the ports of Ras Lanuf and Zueitina"
    level: str = ""  # "admin1" when the words name a first-level area: "the Sagaing region"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(min(1.0, a)))


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
    respelt: frozenset[str] = frozenset()  # countries of large towns (or areas) whose own name it spells
    # another way ("Misrata": GeoNames' Misratah, Libya); also many a first name ("Levi": Lévis, Canada)
    towns_aka: frozenset[str] = frozenset()  # countries of towns of 20,000 or more it is an alternate name of
    # ("Derna": GeoNames' Darnah, Libya)

    def sizeable_place(self) -> bool:
        """An area or a town of 20,000 or more, and no demonym: enough to overrule spaCy's label ("in Tunis"
        read as a nationality, "Kharkiv and Odesa" as one organisation)."""
        return not self.adjective and (self.area or self.population >= 20_000)


# Words that say a name is a street, building or site inside a town (for names no gazetteer has).
# The first word of many place names is a geographic noun: a cape, an anchorage, a valley, a mountain,
# a well, a spring, a gate, a village (Arabic), a port, a lake, a fort, a market. Such a name is a place, whatever
# spaCy labels it ("Port Brega", "Ras Lanuf"), and the noun alone names nothing inside it ("Ain Zara"
# is not El Ain).
TOPONYM_HEADS = {
    "ras", "marsa", "mersa", "wadi", "oued", "jebel", "jabal", "djebel", "bir", "ain", "qasr", "ksar",
    "bab", "kafr", "deir", "khirbet", "hassi", "bandar", "port", "lake", "cape", "fort", "mount", "souq", "suq",
    "souk",
}  # fmt: skip

SITE_WORDS = re.compile(
    r"\b(street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|drive|lane|highway|square|plaza|bridge|"
    r"church|cathedral|basilica|chapel|mosque|temple|synagogue|school|high|elementary|middle|college|university|"
    r"institute|academy|library|museum|hospital|clinic|court|courthouse|prison|jail|centre|center|hall|hotel|inn|"
    r"restaurant|stadium|arena|park|garden|gardens|cemetery|graveyard|market|mall|station|terminal|estate|village|"
    r"club|racecourse|theatre|theater|embassy|office|tower|building|house|plantation|canal|lagoon|lake|point|palace)\b",
    re.IGNORECASE,
)
# Road numbers: "the A417", "M4", "I-95", "Interstate 64", "Route 31", "Highway 11" (sites along a road).
ROAD_NUMBER = re.compile(
    r"(?:[AMB]\d{1,4}(?:\(M\))?|I-?\d{1,3}|Interstate \d{1,3}|"
    r"(?:US |State |Provincial )?(?:Route|Highway|Hwy\.?) \d{1,4})",
    re.IGNORECASE,
)
