"""Geocoding: name keys, countries before towns, context, hints, caching."""

from __future__ import annotations

from collections import Counter

import pytest

from dashboard.geocode import evidence
from dashboard.geocode.cache import MISSING, GeoCache
from dashboard.geocode.gazetteer import Gazetteer, airfield_core_name, airfield_names
from dashboard.geocode.geocoder import OfflineGeocoder
from dashboard.geocode.normalize import name_key, skeleton
from dashboard.geocode.query import PlaceQuery, haversine_km
from dashboard.geocode.resolve import Resolver
from dashboard.model import Place


@pytest.fixture(scope="module")
def resolver(gazetteer_index):
    return Resolver(Gazetteer(gazetteer_index))


def test_name_keys_meet_across_spellings():
    assert name_key("Al-Jufra") == name_key("al Jufra") == "jufra"
    assert name_key("São Tomé") == "sao tome"
    assert skeleton(name_key("Benina")) == skeleton(name_key("Banina"))
    assert skeleton(name_key("Zawiyah")) == skeleton(name_key("Zawiya"))
    assert skeleton("obari") == skeleton("ubari") == skeleton("awbari") == skeleton("oubari")
    assert skeleton("idlib") == skeleton("edlib") and skeleton("ajdabiya") == skeleton("ejdabiya")
    assert skeleton("obari") != skeleton("bari")  # the leading vowel still counts
    assert airfield_core_name("Benina International Airport") == "benina"
    assert name_key("St. Kitts") == name_key("Saint Kitts") and name_key("Mt. Kenya") == name_key("Mount Kenya")
    assert name_key("Victoria St.") == "victoria st"  # a trailing "St." is a street
    assert name_key("Loudon Co.") == name_key("Loudon County")


def test_an_abbreviated_saint_finds_the_place_under_its_own_name(resolver):
    """ "St. Kitts and Nevis" is the country GeoNames calls Saint Kitts and Nevis."""
    [country] = resolver.resolve([PlaceQuery("St. Kitts and Nevis", "St. Kitts and Nevis")])
    assert country is not None and country.country_code == "KN" and country.feature == "country"


def test_offline_geocoder_speaks_geopy(gazetteer_index):
    geocoder = OfflineGeocoder(Gazetteer(gazetteer_index))
    location = geocoder.geocode("Cairo")
    assert location.raw["country_code"] == "EG" and abs(location.latitude - 30.05) < 0.1
    assert geocoder.geocode("Nowhere-at-all-xyz") is None
    assert geocoder.reverse((36.75, 3.06)).raw["country_code"] == "DZ"


def test_countries_and_continents_beat_towns(resolver):
    places = resolver.resolve([PlaceQuery(n, n) for n in ("Russia", "Egypt", "Africa")])
    assert [(p.feature, p.geo_precision) for p in places] == [("country", "country")] * 2 + [("continent", "continent")]


def test_focus_country_prefers_its_towns(resolver):
    [tripoli] = resolver.resolve([PlaceQuery("Tripoli", "Tripoli")], Counter({"LB": 3}))
    assert tripoli.country_code == "LB"
    tripoli, _ = resolver.resolve([PlaceQuery("Tripoli", "Tripoli"), PlaceQuery("Misrata", "Misrata")])
    assert tripoli.country_code == "LY"


def test_hints_capital_facility_region(resolver):
    capital, base, region = resolver.resolve(
        [
            PlaceQuery("the Tunisian capital", "Tunisian", "capital", "TN"),
            PlaceQuery("Banina air base", "Banina", "airport"),
            PlaceQuery("eastern Libya", "Libya", "region", "LY", "east"),
        ],
        Counter({"LY": 2}),
    )
    assert capital.name == "Tunis"
    assert base.feature == "airport" and haversine_km(base.latitude, base.longitude, 32.097, 20.270) < 5
    assert region.geo_precision == "region" and region.longitude > 19


def test_a_port_is_its_town_not_the_airport_named_after_it(resolver):
    """ "the Hodeidah port": GeoNames calls the town Al Hudaydah, the airport's own name is "Hodeidah"."""
    port, airport = resolver.resolve(
        [PlaceQuery("Hodeidah port", "Hodeidah", "port"), PlaceQuery("Hodeidah airport", "Hodeidah", "airport")]
    )
    assert (port.feature, port.country_code) == ("city", "YE")
    assert airport.feature == "airport"


def test_a_close_transliteration_at_home_beats_a_namesake_abroad_known_by_it_only_as_an_alternate(resolver):
    """ "Soussa" is an alternate of Sousse, Tunisia; beside Derna and Al-Bayda it is Libya's Susah (ou/u,
    doubled letters, final h)."""
    places = resolver.resolve([PlaceQuery(n, n) for n in ("Derna", "Soussa", "Al-Bayda")], Counter({"LY": 3}))
    assert (places[1].name, places[1].country_code) == ("Sūsah", "LY")


def test_unknown_names_are_unresolved(resolver):
    assert resolver.resolve([PlaceQuery("Qzxqzx", "Qzxqzx")]) == [None]


def test_cache_round_trips_answers_and_misses(tmp_path):
    path = tmp_path / "answers.jsonl"
    cache = GeoCache(path)
    cache.put("a", Place("A", 1.0, 2.0))
    cache.put("b", None)
    cache.save()
    again = GeoCache(path)
    assert again.get("a") == Place("A", 1.0, 2.0) and again.get("b") is None and again.get("c") is MISSING
    assert again.forget_misses() == 1 and again.get("b") is MISSING


def test_the_people_of_a_state_or_province_name_it(resolver):
    ohio, ontario = resolver.resolve([PlaceQuery("Ohioans", "Ohioans"), PlaceQuery("Ontarians", "Ontarians")])
    assert (ohio.country_code, ohio.feature) == ("US", "admin1")
    assert (ontario.country_code, ontario.feature) == ("CA", "admin1")


def test_country_and_province_points_are_geonames_own(resolver):
    """GeoNames puts Canada at 60.1 N 113.6 W (countryinfo: 60 N 95 W) and Ontario at 49.25 N 84.5 W."""
    canada, ontario = resolver.resolve([PlaceQuery("Canada", "Canada"), PlaceQuery("Ontario", "Ontario")])
    assert canada.feature == "country" and haversine_km(canada.latitude, canada.longitude, 60.11, -113.64) < 5
    assert ontario.feature == "admin1" and haversine_km(ontario.latitude, ontario.longitude, 49.25, -84.5) < 5


def test_reference_points_file_needs_sources(tmp_path):
    from dashboard.geocode.points import read_points

    path = tmp_path / "points.csv"
    path.write_text("feature,country_code,name,latitude,longitude,geonameid,source\ncountry,XX,X,1,2,9,\n")
    with pytest.raises(ValueError, match=r"points.csv:2: every point needs a source"):
        read_points(path)
    path.write_text("feature,country_code,name,latitude,longitude,geonameid,source\nadmin1,XX,Far Province,1,2,9,s\n")
    assert read_points(path) == {("admin1", "XX", "far province"): (1.0, 2.0)}


def test_capital_before_a_small_namesake_when_its_country_is_named(resolver):
    """Only the capital itself gets the capital's weight, and a village named like it needs more than focus."""
    names = ("Washington", "Britain", "London", "United States")
    washington, *_ = resolver.resolve([PlaceQuery(n, n) for n in names])
    assert washington.country_code == "US" and haversine_km(washington.latitude, washington.longitude, 38.9, -77.0) < 20
    names = ("Washington", "West Sussex", "Worthing")  # a British report about a town in West Sussex
    washington, *_ = resolver.resolve([PlaceQuery(n, n) for n in names])
    assert washington.country_code == "GB"
    names = ("Washington", "Pittsburgh", "Pennsylvania")  # the capital beats its Pennsylvanian namesake
    washington, *_ = resolver.resolve([PlaceQuery(n, n) for n in names])
    assert haversine_km(washington.latitude, washington.longitude, 38.9, -77.0) < 20


def test_ocean_names_are_oceans_not_towns(resolver):
    atlantic, _, pacific, _ = resolver.resolve(
        [PlaceQuery(n, n) for n in ("Atlantic", "Florida", "Pacific", "California")]
    )
    assert (atlantic.feature, atlantic.name) == ("sea", "Atlantic Ocean")
    assert (pacific.feature, pacific.name) == ("sea", "Pacific Ocean")
    [town] = resolver.resolve([PlaceQuery("the town of Atlantic", "Atlantic", "city")])
    assert town.feature == "city"


def test_airports_by_their_distinctive_name(resolver):
    """ "Heathrow" is London's airport (not a Texan airstrip or a Florida town); "Schiphol" Amsterdam's."""
    heathrow, schiphol, dulles, _ = resolver.resolve(
        [
            PlaceQuery("Heathrow airport", "Heathrow", "airport"),
            PlaceQuery("Schiphol", "Schiphol"),
            PlaceQuery("Dulles International Airport", "Dulles International Airport"),
            PlaceQuery("London", "London"),
        ]
    )
    assert (heathrow.feature, heathrow.country_code) == ("airport", "GB")
    assert (schiphol.feature, schiphol.country_code) == ("airport", "NL")
    assert (dulles.feature, dulles.country_code) == ("airport", "US")
    assert airfield_names("London Heathrow Airport", "London") == [
        "London Heathrow Airport",
        "london heathrow",
        "heathrow",
    ]


def test_a_name_that_qualifies_another_is_the_area(resolver):
    """ "Buffalo, New York": the name after the comma is the state, though a bare "New York" is the city."""
    buffalo, state = resolver.resolve(
        [PlaceQuery("Buffalo", "Buffalo", qualifier="New York"), PlaceQuery("New York", "New York")]
    )
    assert (state.feature, buffalo.country_code) == ("admin1", "US")
    [city] = resolver.resolve([PlaceQuery("New York", "New York")])
    assert city.feature == "city"
    assert airfield_names("Toronto Pearson International Airport", "Mississauga", airline=True)[-2:] == [
        "pearson",
        "Mississauga",
    ]


def test_a_bare_name_is_not_the_airstrip_named_after_it(resolver):
    """An airfield without airline service is what a name means only when the words say airport."""
    [bare] = resolver.resolve([PlaceQuery("El Toco", "El Toco")])
    assert bare is None or bare.feature != "airfield"
    [strip] = resolver.resolve([PlaceQuery("El Toco airport", "El Toco", "airport")])
    assert strip.feature == "airfield" and strip.country_code == "VE"
    [amsterdam] = resolver.resolve([PlaceQuery("the Amsterdam airport", "Amsterdam", "airport")])
    assert (amsterdam.feature, amsterdam.country_code) == ("airport", "NL")


def test_landform_words_are_not_names_inside_names(resolver):
    """ "Nile Delta" (unknown) is not Nigeria's Delta State: a generic landform word names nothing alone."""
    delta, _ = resolver.resolve([PlaceQuery("Nile Delta", "Nile Delta"), PlaceQuery("Cairo", "Cairo")])
    assert delta.country_code == "EG"
    gulf, _ = resolver.resolve([PlaceQuery("Gulf", "Gulf"), PlaceQuery("Qatar", "Qatar")])
    assert (gulf.feature, gulf.name) == ("sea", "Persian Gulf")


def test_an_arabic_geographic_noun_names_nothing_inside_a_name(resolver):
    """ "Ain Zara" (a Tripoli district no package has) is not El Ain in Tunisia: "Ain" (a spring) alone
    names no town."""
    ain_zara, _ = resolver.resolve([PlaceQuery("Ain Zara", "Ain Zara"), PlaceQuery("Tripoli", "Tripoli")])
    assert ain_zara is None or ain_zara.country_code == "LY"


def test_a_name_only_towns_abroad_have_as_an_alternate_may_be_a_spelling_of_one_at_home(resolver):
    """ "Kufra" is an alternate name of Şirvan, Turkey; in a report about Libya it is GeoNames' Al Kufrah."""
    kufra, _, _ = resolver.resolve(
        [PlaceQuery("Kufra", "Kufra"), PlaceQuery("Benghazi", "Benghazi"), PlaceQuery("Libya", "Libya")]
    )
    assert kufra.country_code == "LY"


def test_a_bare_compass_word_is_an_area_only_at_home(resolver):
    """ "Western countries" in a report about Russia is not Ghana's Western Region."""
    western, _ = resolver.resolve([PlaceQuery("Western", "Western"), PlaceQuery("Russia", "Russia")])
    assert western is None or western.country_code == "RU"
    western, _ = resolver.resolve([PlaceQuery("Western", "Western"), PlaceQuery("Accra", "Accra")])
    assert western.country_code == "GH"


def test_adjectives_english_uses_for_countries(resolver):
    philippine, serb = resolver.resolve([PlaceQuery("Philippine", "Philippine"), PlaceQuery("Serb", "Serb")])
    assert (philippine.country_code, philippine.feature) == ("PH", "country")
    assert (serb.country_code, serb.feature) == ("RS", "country")
    [tt] = resolver.resolve([PlaceQuery("T&T", "T&T")])
    assert (tt.country_code, tt.feature) == ("TT", "country")


def test_a_name_listed_with_states_is_a_state(resolver):
    """ "Georgia, Oklahoma, Pennsylvania and Wisconsin": one more state, not a village named after it in
    Pennsylvania, nor the state's capital city; alone, "Oklahoma" still stands back for the city."""
    names = ("Georgia", "Oklahoma", "Pennsylvania", "Wisconsin", "California")
    _, oklahoma, *_ = resolver.resolve([PlaceQuery(n, n) for n in names])
    assert (oklahoma.feature, oklahoma.country_code, oklahoma.name) == ("admin1", "US", "Oklahoma")
    [alone] = resolver.resolve([PlaceQuery("Oklahoma", "Oklahoma")])
    assert alone.feature == "city"
    _, wyoming, *_ = resolver.resolve([PlaceQuery(n, n) for n in ("Michigan", "Wyoming", "Ohio", "Montana")])
    assert (wyoming.feature, wyoming.name) == ("admin1", "Wyoming")  # not the town of Wyoming, Michigan
    names = ("Mexico", "Sonora", "Chihuahua", "Jalisco")  # a country keeps its claim over its same-named state
    mexico, *_ = resolver.resolve([PlaceQuery(n, n) for n in names])
    assert mexico.feature == "country"


def test_islands_ranges_lakes_and_former_names(resolver):
    """Physical features no package has are curated areas, not same-named towns; a former country's
    name is its successor's country point."""
    java, _ = resolver.resolve([PlaceQuery("Java", "Java"), PlaceQuery("Jakarta", "Jakarta")])
    assert (java.feature, java.country_code, java.geo_precision) == ("region", "ID", "region")
    [urals] = resolver.resolve([PlaceQuery("the Urals", "Urals")])
    assert (urals.name, urals.country_code) == ("Ural Mountains", "RU")
    [erie] = resolver.resolve([PlaceQuery("Lake Erie", "Lake Erie")])
    assert erie.feature == "sea" and haversine_km(erie.latitude, erie.longitude, 42.2, -81.2) < 50
    soviet, russia = resolver.resolve([PlaceQuery("Soviet Union", "Soviet Union"), PlaceQuery("Russia", "Russia")])
    assert soviet.feature == "country" and (soviet.latitude, soviet.longitude) == (russia.latitude, russia.longitude)
    [americas] = resolver.resolve([PlaceQuery("the Americas", "Americas")])
    assert americas.feature == "region"  # not the Las Americas airport


def test_another_name_for_the_same_place_supports_it(resolver):
    """ "D.C." resolved to Washington backs the capital's reading of "Washington" as much as a town
    beside it would: another mention's pick of the very same place is support, not nothing."""
    [capital] = [c for c in resolver.candidates(PlaceQuery("Washington", "Washington")) if c.admin1 == "DC"][:1]
    assert evidence.support(capital, [[capital]]) >= 2.0


def test_a_city_thirty_times_larger_than_its_namesakes_leads(resolver):
    """ "Miami" among Ohio, Detroit and Los Angeles is Florida's city, not Ohio's Miami County."""
    miami, *_ = resolver.resolve([PlaceQuery(n, n) for n in ("Miami", "Ohio", "Detroit", "Los Angeles")])
    assert (miami.feature, miami.country_code) == ("city", "US") and miami.latitude < 30


def test_a_town_named_like_a_country_in_a_report_about_its_own_country(resolver):
    """ "Lebanon" beside Zionsville and Indianapolis is the Indiana town; with Washington and Syria, the country;
    the adjective "Canadian" never becomes a town."""
    lebanon, *_ = resolver.resolve([PlaceQuery(n, n) for n in ("Lebanon", "Zionsville", "Indianapolis", "Indiana")])
    assert (lebanon.feature, lebanon.country_code) == ("city", "US")
    lebanon, *_ = resolver.resolve([PlaceQuery(n, n) for n in ("Lebanon", "Washington", "Syria", "Israel")])
    assert (lebanon.feature, lebanon.country_code) == ("country", "LB")
    canadian, *_ = resolver.resolve([PlaceQuery(n, n) for n in ("Canadian", "Amarillo", "Texas")])
    assert canadian.feature == "country"


def test_territories_without_a_registry_point_are_countries_too(resolver):
    """Kosovo (GeoNames' point) and the U.S. Virgin Islands (at their capital) are countries in the index."""
    kosovo, islands = resolver.resolve([PlaceQuery(n, n) for n in ("Kosovo", "U.S. Virgin Islands")])
    assert (kosovo.feature, kosovo.country_code) == ("country", "XK")
    assert (islands.feature, islands.country_code) == ("country", "VI")
    assert haversine_km(islands.latitude, islands.longitude, 18.34, -64.93) < 30  # Charlotte Amalie


def test_a_capitalised_short_form_inside_a_name_is_its_country(resolver):
    """ "US Federal Reserve" lies in the United States; a lower-case two-letter part names nothing."""
    fed, _ = resolver.resolve([PlaceQuery(n, n) for n in ("US Federal Reserve", "London")])
    assert (fed.feature, fed.country_code) == ("country", "US")


def test_english_counties_gone_from_geonames_are_curated(resolver):
    """Counties that GeoNames split into unitary authorities (Cheshire, Northamptonshire) are still areas."""
    cheshire, *_ = resolver.resolve([PlaceQuery(n, n) for n in ("Cheshire", "Norfolk", "Kent", "Liverpool")])
    assert (cheshire.feature, cheshire.country_code) == ("admin2", "GB")
    [northants] = resolver.resolve([PlaceQuery("Northamptonshire", "Northamptonshire")])
    assert northants.country_code == "GB" and haversine_km(northants.latitude, northants.longitude, 52.3, -0.9) < 50


def test_former_first_level_areas_and_english_names(resolver):
    """Areas news still names after a reform (Kenya's provinces, France's regions) and English names of
    areas the registries spell natively ("Rhineland-Palatinate") are found."""
    nyanza, _ = resolver.resolve([PlaceQuery(n, n) for n in ("Nyanza Province", "Kenya")])
    assert (nyanza.country_code, nyanza.feature) == ("KE", "region")
    [alsace] = resolver.resolve([PlaceQuery("Alsace", "Alsace")])
    assert alsace.country_code == "FR"
    [rlp] = resolver.resolve([PlaceQuery("Rhineland-Palatinate", "Rhineland-Palatinate")])
    assert (rlp.country_code, rlp.feature) == ("DE", "admin1")


def test_curated_places_lie_in_the_country_they_name():
    """Every data/places.csv row with a country code lies in that country: its nearest GeoNames town (as
    reverse_geocode ships them) is in it. Catches swapped or mistyped coordinates."""
    import csv

    import reverse_geocode

    from dashboard import settings

    with (settings.data_dir() / "places.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if (r["latitude"] or "").strip() and r["country_code"].strip()]
    assert len(rows) > 50
    strays = [
        (r["name"], r["country_code"], found["country_code"])
        for r in rows
        if (found := reverse_geocode.get((float(r["latitude"]), float(r["longitude"]))))["country_code"]
        != r["country_code"].strip()
    ]
    assert strays == []


def test_an_initialism_is_an_area_of_the_articles_countries(resolver):
    """ "SA" is South Africa beside Johannesburg and Durban, South Australia in a report about Australia."""

    def resolved(*names: str):
        return resolver.resolve([PlaceQuery(n, n) for n in names])

    *_, sa = resolved("Johannesburg", "Durban", "Pretoria", "SA")
    assert (sa.feature, sa.country_code) == ("country", "ZA")
    *_, sa = resolved("Adelaide", "Australia", "SA")
    assert (sa.feature, sa.country_code) == ("admin1", "AU") and sa.name == "South Australia"
    *_, nj = resolved("Newark", "Trenton", "United States", "NJ")
    assert (nj.feature, nj.name) == ("admin1", "New Jersey")
    *_, la = resolved("Pasadena", "Santa Monica", "Burbank", "LA")
    assert la.feature == "city"  # a name that already is a large town keeps it


def test_an_airport_named_after_a_town_takes_that_towns_size(resolver):
    """ "Athens airport" is Greece's, not the airfield of Athens, Georgia; "Santiago airport" Chile's."""
    for name, code in (("Athens", "GR"), ("Santiago", "CL")):
        [airport] = resolver.resolve([PlaceQuery(f"{name} airport", name, "airport")])
        assert airport.country_code == code and airport.feature == "airport"


def test_a_town_the_gazetteer_lacks_in_the_area_its_words_name_lands_in_that_area(resolver):
    """ "Holliday, Missouri": GeoNames has Hollidays elsewhere but none in Missouri, so Missouri it is."""
    [place] = resolver.resolve([PlaceQuery("Holliday", "Holliday", qualifier="Missouri")])
    assert (place.name, place.geo_precision, place.resolved_by) == ("Missouri", "region", "qualifier")
    [town] = resolver.resolve([PlaceQuery("Paris", "Paris", qualifier="Texas")])
    assert (town.feature, town.country_code) == ("city", "US")


def test_a_village_no_gazetteer_has_is_found_by_its_airstrip_only_in_the_articles_countries(resolver):
    """ "Pibor" (South Sudan) is in no town list but has an airstrip; a bare "Toco" in Texas is not
    Venezuela's El Toco airstrip."""
    pibor, *_ = resolver.resolve([PlaceQuery(n, n) for n in ("Pibor", "Juba", "South Sudan")])
    assert pibor is not None and pibor.country_code == "SS" and pibor.resolved_by == "airports"
    toco, *_ = resolver.resolve([PlaceQuery(n, n) for n in ("Toco", "Dallas", "Texas", "United States")])
    assert toco is None or toco.country_code == "US"
    village, *_ = resolver.resolve([PlaceQuery(n, n) for n in ("Kampungu", "Kinshasa", "DR Congo")])
    assert village is None or village.feature != "airfield"  # not Kimpangu's airstrip by a spelling variant


def test_a_republic_of_a_federation_is_found_without_the_word_republic(resolver):
    """GeoNames calls it "Kabardino-Balkariya Republic"; reports say "Kabardino-Balkaria"."""
    area, *_ = resolver.resolve([PlaceQuery(n, n) for n in ("Kabardino-Balkaria", "Russia", "Moscow")])
    assert area is not None and area.country_code == "RU" and area.feature == "admin1"


def test_a_country_misspelt_by_one_slip_is_that_country(resolver):
    """ "Britian" (two letters swapped), "Mauritious" (one added); "Greenlane" (one changed) is no Greenland."""
    britain, mauritius, lane = resolver.resolve([PlaceQuery(n, n) for n in ("Britian", "Mauritious", "Greenlane")])
    assert (britain.country_code, britain.feature) == ("GB", "country")
    assert (mauritius.country_code, mauritius.feature) == ("MU", "country")
    assert lane is None or lane.country_code != "GL"
