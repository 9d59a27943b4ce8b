"""Geoparsing through the product's API: short texts written for the tests, real gazetteer, no network."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard import settings
from dashboard.geocode.admin import area_names, centre, derive_areas
from dashboard.geocode.geoparse import Geoparser
from dashboard.geocode.query import haversine_km
from dashboard.model import Article


@pytest.fixture(scope="module")
def geoparser(pipeline) -> Geoparser:
    return Geoparser(pipeline.nlp, pipeline.registry, pipeline.places, pipeline.resolver)


def place_of(geoparser: Geoparser, text: str, mention: str):
    found = {t.text: t.place for t in geoparser.parse(text)}
    assert mention in found, f"{mention!r} not found as a toponym in {sorted(found)}"
    return found[mention]


def test_tripoli_is_in_lebanon_in_a_text_about_beirut(geoparser):
    text = "Clashes broke out in Tripoli on Sunday. The Lebanese army deployed more troops to Beirut."
    assert place_of(geoparser, text, "Tripoli").country_code == "LB"


def test_tripoli_is_in_libya_in_a_text_about_misrata(geoparser):
    text = "Fighters advanced from Misrata towards Tripoli, where the government sits."
    assert place_of(geoparser, text, "Tripoli").country_code == "LY"


def test_alexandria_is_egyptian_in_a_text_about_the_egyptian_navy(geoparser):
    place = place_of(geoparser, "The Egyptian navy held exercises off Alexandria this week.", "Alexandria")
    assert place.country_code == "EG" and haversine_km(place.latitude, place.longitude, 31.2, 29.92) < 25


def test_countries_and_continents_never_land_on_towns(geoparser):
    text = "Russia and Egypt signed a deal to expand their presence in Africa."
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert {n: (p.feature, p.geo_precision) for n, p in places.items()} == {
        "Russia": ("country", "country"),
        "Egypt": ("country", "country"),
        "Africa": ("continent", "continent"),
    }


def test_the_demonym_capital_is_that_countrys_capital(geoparser):
    place = place_of(geoparser, "The delegation flew to the Tunisian capital on Monday.", "the Tunisian capital")
    assert place.name == "Tunis" and place.country_code == "TN"


def test_banina_air_base_is_the_benina_airfield_and_eastern_libya_a_region(geoparser):
    text = "Russian aircraft landed at Banina air base in eastern Libya."
    base = place_of(geoparser, text, "Banina air base")
    assert base.feature == "airport" and haversine_km(base.latitude, base.longitude, 32.097, 20.270) < 5
    region = place_of(geoparser, text, "eastern Libya")
    assert region.geo_precision == "region" and region.country_code == "LY" and region.longitude > 19


def test_a_state_after_a_comma_places_the_town(geoparser):
    dublin = place_of(geoparser, "Police in Dublin, Ohio, arrested the suspect.", "Dublin")
    assert dublin.country_code == "US" and haversine_km(dublin.latitude, dublin.longitude, 40.1, -83.1) < 50


def test_nearby_places_decide_between_namesakes(geoparser):
    text = "Storms hit Paris and nearby Clarksville on Monday, and crews from Dallas came to help."
    paris = place_of(geoparser, text, "Paris")
    assert paris.country_code == "US" and haversine_km(paris.latitude, paris.longitude, 33.66, -95.56) < 50


def test_us_states_and_counties_are_areas_with_a_centre(geoparser):
    text = "Flooding closed roads in Kanawha County, and the governor of West Virginia declared an emergency."
    county = place_of(geoparser, text, "Kanawha County")
    state = place_of(geoparser, text, "West Virginia")
    assert (county.feature, county.geo_precision) == ("admin2", "region")
    assert haversine_km(county.latitude, county.longitude, 38.34, -81.53) < 60
    assert state.feature == "admin1" and haversine_km(state.latitude, state.longitude, 38.6, -80.6) < 161


def test_demonyms_are_toponyms_that_make_no_event(geoparser, pipeline):
    text = "Russian officials met in Cairo on Monday."
    toponyms = {t.text: t for t in geoparser.parse(text)}
    assert toponyms["Russian"].place.country_code == "RU" and not toponyms["Russian"].is_location
    result = pipeline.process_doc(pipeline.nlp(text), Article(id="t1", text=text))
    assert [e.mention for e in result.events] == ["Cairo"]


def test_resolving_given_spans_uses_the_rest_of_the_article(geoparser):
    text = "Shelling hit Tripoli again. The Lebanese army said Beirut would send reinforcements."
    start = text.index("Tripoli")
    [place] = geoparser.resolve_spans(text, [(start, start + len("Tripoli"))])
    assert place.country_code == "LB"


def test_admin_areas_are_centred_on_their_towns():
    cities = {
        "1": {
            "geonameid": 1,
            "name": "A",
            "latitude": 10.0,
            "longitude": 20.0,
            "countrycode": "XX",
            "admin1code": "01",
        },
        "2": {
            "geonameid": 2,
            "name": "B",
            "latitude": 12.0,
            "longitude": 22.0,
            "countrycode": "XX",
            "admin1code": "01",
        },
        "3": {
            "geonameid": 3,
            "name": "C",
            "latitude": 11.0,
            "longitude": 21.0,
            "countrycode": "XX",
            "admin1code": "01",
        },
    }
    records = [
        {"country_code": "XX", "city": "A", "latitude": 10.0, "longitude": 20.0, "state": "Upper Province"},
        {"country_code": "XX", "city": "B", "latitude": 12.0, "longitude": 22.0, "state": "Upper Province"},
    ]
    areas, town_admin = derive_areas(cities, records)
    [upper] = areas
    assert (upper.name, upper.level, upper.admin1, upper.towns) == ("Upper Province", 1, "01", 3)
    assert (round(upper.lat, 3), round(upper.lon, 3)) == (11.0, 21.0)
    assert town_admin[3] == ("Upper Province", "")  # named through its admin1 code, though it did not join
    assert area_names("Rapides Parish") == ["Rapides Parish", "Rapides"]
    # GeoNames' Slavic adjectival form, with its apostrophes: the news says "the Kharkiv region"
    assert area_names("Kharkivs’ka Oblast’")[-1] == "Kharkiv"
    assert area_names("Nebraska") == ["Nebraska"]
    # French and Spanish forms GeoNames gives second-level areas: the news says "Soum province", "Masisi"
    assert area_names("Province du Soum")[-1] == "Soum"
    assert area_names("Département de l'Océan")[-1] == "Océan"
    assert area_names("Masisi Territory")[-1] == "Masisi"
    assert area_names("Municipio de San Pedro de los Milagros")[-1] == "San Pedro de los Milagros"
    assert area_names("Countyline") == ["Countyline"]  # a prefix is a word of its own
    assert centre([(0.0, 0.0), (0.0, 1.0), (0.0, 0.2)])[1] == pytest.approx((0.5 + 0.4) / 2)  # midpoint and mean
    assert centre([(0.0, 0.0), (0.0, 10.0), (0.0, 2.0)])[1] == pytest.approx(5.0)  # a large area: its midpoint
    compact = [(32.0 + i / 10, 119.0 + (i % 5) / 10) for i in range(20)]
    assert centre([*compact, (32.0, 100.0)])[1] == pytest.approx(centre(compact)[1])  # a misfiled town is ignored


def test_online_geocoding_is_off_by_default(pipeline):
    assert settings.get("geocoder") == "offline"
    assert pipeline.resolver.online is None


def test_a_failed_online_lookup_is_stored_unresolved_and_retried(pipeline, tmp_path, monkeypatch):
    from geopy.location import Location

    from dashboard.geocode.retry import retry_unresolved
    from dashboard.store import Store

    text = "Militiamen were seen near the village of Qarzawiyyatun on Tuesday."
    article = Article(id="r1", text=text)

    def failing(query, **kwargs):
        raise TimeoutError("no network in this test")

    monkeypatch.setattr(pipeline.resolver, "online", failing)
    result = pipeline.process_doc(pipeline.nlp(text), article)
    assert result.unresolved == ["Qarzawiyyatun"]
    with Store(str(tmp_path / "s.db")) as store:
        store.save(article, result.events)
        assert list(store.unresolved()["mention"]) == ["Qarzawiyyatun"]

        def answering(query, **kwargs):
            return Location(
                "Qarzawiyyatun", (33.0, 36.0), {"addresstype": "village", "address": {"country_code": "sy"}}
            )

        monkeypatch.setattr(pipeline.resolver, "online", answering)
        summary = retry_unresolved(store, pipeline)
        assert (summary.tried, summary.resolved, summary.left) == (1, 1, 0)
        assert store.unresolved().empty
        event = store.events_frame().iloc[0]
        assert (event["latitude"], event["resolved_by"], event["country_code"]) == (33.0, "online", "SY")


def test_unknown_places_are_listed_by_the_cli_not_dropped(isolated_env, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Militiamen were seen near the village of Qarzawiyyatun on Tuesday, officials said.\n")
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "dashboard", *a], env=isolated_env, capture_output=True, text=True, timeout=300
    )
    assert run("ingest", str(report)).returncode == 0
    listed = run("places", "--unresolved")
    assert listed.returncode == 0 and "Qarzawiyyatun" in listed.stdout and "1 unresolved name(s)" in listed.stdout
    retried = run("geocode", "--retry")
    assert retried.returncode == 0 and "0 of 1 unresolved place mention(s) resolved" in retried.stdout


def test_unknown_sites_are_placed_by_the_names_they_contain_or_the_article_town(geoparser):
    text = "Police in Leeds closed Wibbleton Street after a fire. Residents of Leeds were evacuated."
    street = geoparser.resolve_spans(text, [(text.index("Wibbleton Street"), text.index(" after"))])[0]
    assert street is not None and street.resolved_by == "article context"
    assert haversine_km(street.latitude, street.longitude, 53.8, -1.55) < 30
    text = "Students at Zorblax Texas University marched on Monday."
    start = text.index("Zorblax")
    [campus] = geoparser.resolve_spans(text, [(start, start + len("Zorblax Texas University"))])
    assert campus is not None and campus.resolved_by == "embedded name" and campus.country_code == "US"


def test_an_unknown_single_word_stays_unresolved_in_context(geoparser):
    text = "Fighting near Qzxqzx spread to Leeds."
    [unknown] = geoparser.resolve_spans(text, [(text.index("Qzxqzx"), text.index("Qzxqzx") + 6)])
    assert unknown is None


def test_counties_inside_organisation_names_are_toponyms(geoparser):
    text = "The audit blames the Laurel County Fiscal Court for the losses, officials in Kentucky said."
    assert "Laurel County" in {t.text for t in geoparser.parse(text)}


def test_a_dateline_after_a_headline_is_a_toponym(geoparser):
    text = "Budget cuts loom for schools. COLUMBUS, Ohio (AP) — The governor proposed cuts on Monday."
    found = {t.text: t.place for t in geoparser.parse(text)}
    assert "COLUMBUS" in found and found["COLUMBUS"].country_code == "US"


def test_a_bare_compass_word_is_no_toponym_but_the_north_of_a_country_is(geoparser):
    found = {t.text for t in geoparser.parse("Central High School beat West Side in Ohio on Friday.")}
    assert "Central" not in found and "West" not in found and "Ohio" in found
    found = {t.text for t in geoparser.parse("Fighting spread in the north of Libya on Friday.")}
    assert any("north" in name for name in found)


def test_the_publishers_country_domain_is_context():
    from dashboard.geocode.countries import home_country

    assert home_country("https://www.example.ca/news/1") == "CA"
    assert home_country("news.example.co.uk") == "GB"
    assert home_country("https://example.com/a") == "" and home_country("https://example.io/a") == ""
    assert home_country("") == "" and home_country("Reuters") == ""


def test_a_canadian_papers_kingston_is_in_ontario(geoparser):
    text = "Kingston saw a stabbing downtown on Sunday, and witnesses in Kingston were asked to come forward."
    [plain] = geoparser.resolve_spans(text, [(0, 8)])
    [local] = geoparser.resolve_spans(text, [(0, 8)], url="https://www.example.ca/news")
    assert plain.country_code == "JM" and local.country_code == "CA"


def test_an_unknown_name_of_several_words_is_placed_near_the_article_town_as_a_region(geoparser):
    text = "Firefighters from Leeds were called to Wibbleton Grange on Monday. Leeds police closed the road."
    start = text.index("Wibbleton Grange")
    [place] = geoparser.resolve_spans(text, [(start, start + len("Wibbleton Grange"))])
    assert place.resolved_by == "article context" and place.geo_precision == "region" and place.confidence < 0.3
    assert haversine_km(place.latitude, place.longitude, 53.8, -1.55) < 30


def test_georgia_is_the_state_in_a_report_about_american_towns_and_the_country_near_tbilisi(geoparser):
    text = "Storms hit Atlanta and Savannah on Monday, and Georgia declared an emergency."
    state = place_of(geoparser, text, "Georgia")
    assert (state.country_code, state.feature) == ("US", "admin1")
    text = "Protesters gathered in Tbilisi and Batumi, and Georgia recalled its ambassador."
    assert place_of(geoparser, text, "Georgia").country_code == "GE"
    # one town, but inside the state; "Georgia declared" (an actor) is no vote for the country
    text = "Georgia declared the drought over on Monday, as more rain moved toward metro Atlanta."
    assert place_of(geoparser, text, "Georgia").country_code == "US"


def test_unknown_names_placed_only_by_context_are_listed_as_guesses(pipeline, isolated_env):
    from dashboard.geocode.query import PlaceQuery
    from dashboard.model import Event
    from dashboard.store import Store

    town, guess = pipeline.resolver.resolve(
        [PlaceQuery("Benghazi", "Benghazi"), PlaceQuery("Qazzar Wadiyat", "Qazzar Wadiyat")]
    )
    assert guess is not None and guess.resolved_by == "article context" and guess.name == town.name
    article = Article(id="g1", text="Residents of Benghazi fled to Qazzar Wadiyat.")
    event = Event("e1", "g1", article.text, "Qazzar Wadiyat", 29, 43, guess)
    with Store(isolated_env["ACTIVITY_MAP_DB"]) as store:
        store.save(article, [event])
    listed = subprocess.run(
        [sys.executable, "-m", "dashboard", "places", "--unresolved"], env=isolated_env, capture_output=True, text=True
    ).stdout
    assert f"Qazzar Wadiyat  ~ guessed at {town.name} (article context)" in listed
    assert "1 unknown name(s) placed only by their article's context" in listed


def test_given_spans_get_the_hints_of_their_words(geoparser):
    """A span given from outside reads the words around it like a found one: qualifier and area noun."""
    text = "Flooding hit Albany, New York on Monday, and officials in New York state asked for help."
    first, second = text.index("New York"), text.rindex("New York")
    places = geoparser.resolve_spans(text, [(first, first + 8), (second, second + 8)])
    assert [p.feature for p in places] == ["admin1", "admin1"]


def test_a_dateline_names_a_town(geoparser):
    text = "WASHINGTON (AP) - A federal judge heard the case of a farmer from Spokane on Tuesday."
    [place] = geoparser.resolve_spans(text, [(0, 10)])
    assert place.feature == "city" and haversine_km(place.latitude, place.longitude, 38.9, -77.0) < 20


def test_an_office_after_a_name_says_its_level(geoparser):
    """ "New York Gov." is the state's governor; "the New York mayor" the city's."""
    text = "The New York Gov. signed the budget on Friday."
    start = text.index("New York")
    [state] = geoparser.resolve_spans(text, [(start, start + 8)])
    assert state.feature == "admin1"
    text = "The New York mayor opened a school on Friday."
    [city] = geoparser.resolve_spans(text, [(start, start + 8)])
    assert city.feature == "city"


def test_an_organisation_s_short_name_or_the_institution_is_no_town(geoparser):
    """ "MoD" after "the Ministry of Defence (MoD)" and "the Army" are not the towns Mod and Army."""
    text = (
        "The Ministry of Defence (MoD) named the soldier killed in Syria. The MoD said he enlisted in the Army "
        "in 2004 and served in Texas, Ohio and Virginia with US forces."
    )
    names = [t.text for t in geoparser.parse(text)]
    assert "Syria" in names and "MoD" not in names and "Army" not in names


def test_a_place_a_disease_is_named_after_is_no_toponym(geoparser):
    names = [t.text for t in geoparser.parse("Cases of West Nile virus and Marburg fever rose in Texas and Uganda.")]
    assert "Texas" in names and "Uganda" in names
    assert not any("Nile" in n or "Marburg" in n for n in names)


def test_a_name_before_border_is_the_area(geoparser):
    text = "Tolls were removed on the turnpike from the New York border to Route 128 near Boston."
    border = place_of(geoparser, text, "New York")
    assert border.feature == "admin1"  # the state, not New York City


def test_an_area_spacy_calls_an_organisation_is_still_a_place(pipeline):
    """ "the Army" is the institution, but "the Bronx" labelled an organisation is still the borough."""
    from spacy.tokens import Span

    doc = pipeline.nlp("Police in the Bronx arrested two men.")
    bronx = next(i for i, t in enumerate(doc) if t.text == "Bronx")
    doc.ents = [Span(doc, bronx, bronx + 1, label="ORG")]
    assert [m.text for m in pipeline.places.find(doc)] == ["Bronx"]


def test_acronyms_and_alias_villages_abroad_are_no_places_of_the_report(pipeline):
    """ "MoD" (Modesto, by an alternate name) and "LoC" (Binh Long) are acronyms; "Taliban" is also a Turkish
    village's other name; "Northeast Syria" is a compass region of Syria, not Iceland's Northeast."""
    from tests.test_extract import process

    for text in (
        "41 militants killed in round-the-clock offensives in Afghanistan: MoD",
        "A man was killed in Indian shelling at the LoC in Kashmir on Monday.",
        "Afghan official says forces retook a district in Helmand from Taliban on Monday.",
    ):
        result = process(pipeline, text)
        assert all(e.place is None or e.place.country_code in ("AF", "IN", "PK", "") for e in result.events), text
    [event] = process(pipeline, "Turkish troops advanced in Northeast Syria on Monday.").events
    assert (event.place.country_code, event.place.feature) == ("SY", "region")
