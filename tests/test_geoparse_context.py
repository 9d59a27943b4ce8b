"""Geoparsing decisions that read the rest of the article: sites, lists, one sense per name, world regions.

Short texts written for these tests; the real offline gazetteer; no network.
"""

from __future__ import annotations

import pytest

from dashboard.geocode.geoparse import Geoparser
from dashboard.geocode.query import PlaceQuery, haversine_km


@pytest.fixture(scope="module")
def geoparser(pipeline) -> Geoparser:
    return Geoparser(pipeline.nlp, pipeline.registry, pipeline.places, pipeline.resolver)


def given(geoparser: Geoparser, text: str, *names: str):
    """The places of the given names (first occurrence of each), resolved as gold spans would be."""
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    return geoparser.resolve_spans(text, spans)


def near(place, lat: float, lon: float, km: float) -> bool:
    return place is not None and haversine_km(place.latitude, place.longitude, lat, lon) <= km


def test_a_site_named_after_a_town_or_a_people_lies_where_the_article_is(geoparser):
    """ "Carnegie Library" is not in Carnegie, Pennsylvania; "the British International School" not in Britain."""
    text = "Police in Leeds closed the Carnegie Library after a fire. Leeds council said it would reopen."
    [library] = given(geoparser, text, "Carnegie Library")
    assert library.resolved_by == "article context" and near(library, 53.8, -1.55, 30)
    text = "Pupils of the British International School played football in Cairo. Cairo was hot."
    [school] = given(geoparser, text, "British International School")
    assert school.country_code == "EG" and near(school, 30.05, 31.25, 50)
    text = "The former president was not in the Seoul Central District Court to hear the verdict in Seoul."
    [court] = given(geoparser, text, "Seoul Central District Court")
    assert court.country_code == "KR"  # not Israel's Central District


def test_a_site_said_to_be_in_a_town_lies_in_that_town(geoparser):
    text = "A researcher at Loyola University in Los Angeles reviewed data from Chicago police and Chicago schools."
    [campus] = given(geoparser, text, "Loyola University")
    assert campus.resolved_by == "stated location" and near(campus, 34.05, -118.24, 50)
    text = "He was sent to the New Bilibid Prison (NBP) in Muntinlupa on Friday."
    [prison] = given(geoparser, text, "New Bilibid Prison")
    assert prison.country_code == "PH" and near(prison, 14.4, 121.04, 30)
    text = "Races: 9 June at Oulton Park, Cheshire; 23 June at Croft, Yorkshire. Tickets sold out in Kent."
    [track] = given(geoparser, text, "Oulton Park")  # in Cheshire by the words (as a site or as "Name, County")
    assert track.resolved_by in ("stated location", "qualifier") and near(track, 53.2, -2.6, 60)


def test_the_article_town_for_an_unknown_site_is_in_the_articles_country(pipeline):
    """A stray namesake abroad (a dog breed read as Chihuahua, Mexico) does not become the article's town."""
    queries = [PlaceQuery(n, n) for n in ("Fredericton", "Moncton", "New Brunswick", "Chihuahua", "Kingsley Road")]
    *_, road = pipeline.resolver.resolve(queries)
    assert road is not None and road.resolved_by == "article context" and road.country_code == "CA"


def test_world_regions_are_regions_of_their_countries_not_the_continent(geoparser):
    text = "Storms swept Northern Europe and floods hit South Asia, while Central Africa stayed dry."
    north, south, central = given(geoparser, text, "Northern Europe", "South Asia", "Central Africa")
    assert {north.feature, south.feature, central.feature} == {"region"}
    assert north.latitude > 55 and 15 < south.latitude < 35 and 60 < south.longitude < 90
    assert -10 < central.latitude < 10 and 10 < central.longitude < 30
    text = "The Central African army retook Bangui."
    [car] = given(geoparser, text, "Central African")
    assert car.feature == "country" and car.country_code == "CF"


def test_a_name_keeps_the_sense_the_article_gave_it(geoparser):
    """The village of Ontario, New York is near Buffalo; still, after "the province of Ontario" it is the province."""
    text = (
        "Toronto doctors in the province of Ontario treated patients from Buffalo, New York. "
        "Hospitals in Ontario are full."
    )
    second = text.rindex("Ontario")
    [place] = geoparser.resolve_spans(text, [(second, second + len("Ontario"))])
    assert (place.country_code, place.feature) == ("CA", "admin1")


def test_an_item_of_a_list_is_the_kind_of_place_the_others_are(geoparser):
    text = "Cases were reported in Oregon, Utah, Washington and Wisconsin."
    [washington] = given(geoparser, text, "Washington")
    assert (washington.country_code, washington.feature) == ("US", "admin1") and washington.longitude < -115
    text = "Illnesses in Canada occurred in British Columbia, Alberta, Manitoba, Ontario and New Brunswick."
    [brunswick] = given(geoparser, text, "New Brunswick")
    assert (brunswick.country_code, brunswick.feature) == ("CA", "admin1")
    text = "Officials are investigating cases in Washington, Pennsylvania and California."
    [state] = given(geoparser, text, "Washington")
    assert state.feature == "admin1" and state.longitude < -115  # a list, not "Washington, Pennsylvania"
    text = "Flights left Miami, Detroit, New York and Boston on Monday."
    [city] = given(geoparser, text, "New York")
    assert city.feature == "city"


def test_a_word_of_a_persons_name_is_that_person_not_a_place(geoparser):
    """ "Yulia" after "Yulia Skripal" is the woman (GeoNames has villages named so); "to Tyler" is the town."""
    text = "Yulia Skripal was poisoned in Salisbury. Doctors said Yulia was getting better in Salisbury."
    found = {t.text for t in geoparser.parse(text)}
    assert "Salisbury" in found and "Yulia" not in found
    text = "Narendra Modi spoke in Delhi. Farmers voted for Modi in Delhi."
    found = {t.text for t in geoparser.parse(text)}
    assert "Delhi" in found and "Modi" not in found
    text = "Tyler Williams, a nurse, flew from Dallas to Tyler on Monday."
    found = {t.text for t in geoparser.parse(text)}
    assert "Tyler" in found


def test_a_seat_of_government_is_a_place_in_its_capital_only_where_something_happens(geoparser):
    """ "talks at the Kremlin" happen in Moscow; "the Kremlin said" is Russia acting, no place."""
    found = {t.text: t.place for t in geoparser.parse("Haftar held talks at the Kremlin on Monday.")}
    assert near(found["the Kremlin"], 55.75, 37.62, 20)
    assert geoparser.parse("The Kremlin said talks would continue.") == []
    text = "A turkey was pardoned in a ceremony at the White House on Tuesday."
    [house] = given(geoparser, text, "White House")
    assert near(house, 38.9, -77.04, 20)  # not the town of White House, Tennessee


def test_a_road_number_lies_where_the_article_is(geoparser):
    text = "A lorry overturned on the A417 near Cirencester. Police in Cirencester closed the road."
    [road] = given(geoparser, text, "A417")
    assert road.resolved_by == "article context" and near(road, 51.72, -1.97, 30)


def test_names_before_street_nouns_are_streets_of_the_article_town(geoparser):
    """ "Bourbon and Dauphine streets" are in New Orleans, not Bourbon, Indiana; the roads of a place are not."""
    text = "The parade rolled down Bourbon and Dauphine streets. New Orleans police closed New Orleans roads."
    bourbon, dauphine = given(geoparser, text, "Bourbon", "Dauphine")
    assert bourbon.resolved_by == dauphine.resolved_by == "article context"
    assert near(bourbon, 29.95, -90.07, 30) and near(dauphine, 29.95, -90.07, 30)


def test_a_place_named_twice_backs_its_towns_once(pipeline):
    """ "Calif." and "California" are one state: they do not outvote "Pennsylvania" for "Pittsburgh"."""
    queries = [PlaceQuery(n, n) for n in ("Pittsburgh", "Calif.", "California", "Pennsylvania")]
    town, *_ = pipeline.resolver.resolve(queries)
    assert near(town, 40.44, -80.0, 30)  # Pittsburgh, Pennsylvania; not Pittsburg, California


def test_a_place_lies_in_the_country_its_sentence_names(geoparser):
    """A report about the United States: "Cairo airport" in a sentence naming Egypt is not Cairo, Illinois."""
    text = (
        "Flu cases rose in Texas, Ohio, Illinois, Kentucky, Tennessee, Alabama, Delaware and New York, the U.S. "
        "said. In Houston and Dallas schools closed. Officials checked passengers arriving at Cairo airport from "
        "Mexico during their stay in Egypt."
    )
    [airport] = given(geoparser, text, "Cairo")
    assert airport.country_code == "EG" and airport.feature == "airport"
    text = (
        "Barack Obama, the US President, calls for the last of Gaddafi's forces to surrender as he announces the "
        "return of the US ambassador to Tripoli. Gaddafi taunts NATO in a speech."
    )
    [tripoli] = given(geoparser, text, "Tripoli")
    assert tripoli.country_code == "LY"  # "the US ambassador" says who, not where
    text = "The U.S. sent troops from Texas and Ohio. The United States is worried, as are Arab leaders and others."
    [arab] = given(geoparser, text, "Arab")
    assert arab is not None and arab.feature == "region"  # a wider area's adjective, not Arab, Alabama


def test_a_name_after_a_towns_possessive_lies_in_that_town(geoparser):
    text = "Dogs and fish pass through London's Heathrow Animal Reception Center, officials in Florida said."
    [center] = given(geoparser, text, "Heathrow Animal Reception Center")
    assert center.country_code == "GB" and near(center, 51.5, -0.3, 60)
    text = "Just 21 per cent of Toronto's Ontario health-card holders are organ donors, Ottawa said."
    [province] = given(geoparser, text, "Ontario")
    assert province.feature == "admin1" and province.country_code == "CA"  # an area is not inside the town


def test_a_site_the_words_placed_once_lies_there_each_time_it_is_named(geoparser):
    """ "Paris' iconic Champs-Elysees" (a possessive without s, an adjective between), and again later
    without Paris: not at the Kentucky town the report is from."""
    text = (
        "GEORGETOWN, Ky. - A doctor from Georgetown is in France with her family. A gunman opened fire on police "
        "on Paris' iconic Champs-Elysees boulevard. She was on Champs-Elysees boulevard and saw the attack. "
        "Her colleagues in Georgetown and Lexington, Kentucky, were relieved."
    )
    spans = [(i, i + len("Champs-Elysees")) for i in (text.index("Champs"), text.rindex("Champs"))]
    first, again = geoparser.resolve_spans(text, spans)
    assert first.country_code == "FR" and near(first, 48.86, 2.35, 20)
    assert (again.country_code, again.resolved_by) == ("FR", "stated location")


def test_a_district_of_the_city_lies_in_the_town_last_named(geoparser):
    """ "the city's Hawari district" after Benghazi: not Hawalli, Kuwait (which GeoNames also calls Hawari)."""
    text = (
        "The parliament met in Benghazi in eastern Libya on Monday. Protesters gathered outside the building "
        "in the city's Hawari district."
    )
    [district] = given(geoparser, text, "Hawari")
    assert district.country_code == "LY" and near(district, 32.1, 20.1, 30)


def test_an_unknown_name_the_words_place_in_a_state_lies_in_that_state(geoparser):
    text = (
        "The scientist worked at the laboratories in Fort Detrick, Maryland for 18 years, reporters in New York said."
    )
    [fort] = given(geoparser, text, "Fort Detrick")
    assert fort.resolved_by == "qualifier" and fort.country_code == "US" and near(fort, 39.0, -76.8, 161)


def test_capital_letters_are_no_small_town_abroad(geoparser):
    """ "the CHU" (a French hospital) is not Chũ, Vietnam: letters that are no initialism of the article's
    areas name no town outside its countries."""
    text = "Doctors at the CHU in Montpellier said the staff of the hospital in France performed well."
    [chu] = given(geoparser, text, "CHU")
    assert chu is None or chu.country_code == "FR"


def test_a_towns_possessive_before_a_district_is_the_town_not_its_province(geoparser):
    """ "Tripoli's Abu Salim district": GeoNames' Tripoli province would otherwise win as the district's
    "area"; the district lies in the town, and so does an unknown name the article's town places."""
    text = (
        "Heavy clashes broke out in Tripoli's Abu Salim district, residents said, forcing families to flee towards "
        "Ain Zara. Flights were diverted from Mitiga to Misrata, and fighting was also reported in Tajoura."
    )
    owner, district, suburb = given(geoparser, text, "Tripoli", "Abu Salim", "Ain Zara")
    assert (owner.name, owner.feature) == ("Tripoli", "city")
    assert (district.name, district.feature, district.resolved_by) == ("Tripoli", "city", "stated location")
    assert suburb.name == "Tripoli"


def test_two_places_that_say_where_each_other_is_leave_the_first_an_event(pipeline):
    """ "in the city of Zawia, 45 kilometres west of Tripoli, near the Zawia refinery": Tripoli says where
    Zawia is; the "near" after Tripoli belongs to Zawia's clause, so Zawia keeps its event."""
    from tests.test_extract import process

    result = process(
        pipeline,
        "Clashes erupted on Sunday in the city of Zawia, 45 kilometres west of Tripoli, near the Zawia oil "
        "refinery, residents said.",
    )
    assert [e.mention for e in result.events] == ["Zawia"]


def test_a_one_word_name_a_small_town_abroad_has_only_as_an_alternate_is_unknown(geoparser):
    """ "Chai" is an alternate name of Çey, Turkey (13,000 people); in a report on Mozambique it is a
    village no gazetteer has. An unknown name "near Palma" (only Palma de Mallorca is known) is not
    guessed in Spain."""
    text = (
        "Insurgents attacked villages in the Macomia district of Cabo Delgado province, burning houses in Chai. "
        "Troops reinforced positions around Mocimboa da Praia and the gas project at Afungi, near Palma."
    )
    chai, afungi = given(geoparser, text, "Chai", "Afungi")
    assert chai is None
    assert afungi is None or afungi.country_code == "MZ"


def test_a_town_named_only_to_say_where_an_unknown_place_is_makes_no_event(pipeline):
    """ "the gas project at Afungi, near Palma": Afungi is what happened (unresolved, and listed); the Palma
    the gazetteer has is Palma de Mallorca, which made an event in Spain."""
    from tests.test_extract import process

    result = process(
        pipeline,
        "Insurgents attacked the Macomia district of Cabo Delgado province. Troops reinforced positions around "
        "Mocimboa da Praia and the gas project at Afungi, near Palma.",
    )
    assert "Palma" not in [e.mention for e in result.events]
    assert "Afungi" in result.unresolved


def test_a_report_is_mostly_about_the_town_it_is_filed_from(pipeline):
    """ "Misrata, 21 August 2025 (LANA) –" (a dateline in title case, with its date): the unknown "Qasr Ahmed
    port" is guessed at Misrata, not at Rome, though the report names Italy, Italians, Rome and Milan."""
    from tests.test_extract import process

    result = process(
        pipeline,
        "Misrata, 21 August 2025 (LANA) –\n\nThe municipal council received a delegation from the Italian embassy "
        "on Wednesday.\n\nThe delegation also visited the Qasr Ahmed port, where Italian companies are building a "
        "terminal.\n\nThe mayor asked Italy to train doctors in Rome and Milan.",
    )
    [port] = [e.place for e in result.events if "Qasr Ahmed" in e.mention]
    assert port.country_code == "LY"


def test_between_two_places_both_are_of_one_kind(geoparser):
    """ "between Tillaberi and Ayorou": Ayorou is a town, so Tillaberi is the town, not its region (GeoNames'
    region has ten times the town's people). Not between capitals that are also regions ("Moscow")."""
    text = "Soldiers were killed when their convoy hit a mine between Tillaberi and Ayorou, near the border with Mali."
    [tillaberi] = given(geoparser, text, "Tillaberi")
    assert (tillaberi.name, tillaberi.feature) == ("Tillabéri", "city")


def test_a_village_on_another_continent_that_nothing_else_points_to_is_a_namesake(geoparser):
    """ "two weeks from Tina, on the Chadian side of the border": GeoNames' only Tina is in New Caledonia,
    15,000 km from the report's other places; it stays unresolved (and listed) rather than a point there."""
    text = (
        "Sudanese refugees keep arriving in Kufra and Benghazi. Most come from El Geneina in Darfur, after a "
        "journey of up to two weeks from Tina, on the Chadian side of the Sudanese border."
    )
    [tina] = given(geoparser, text, "Tina")
    assert tina is None


def test_the_end_of_a_hyphenated_name_is_no_name_of_its_own(geoparser):
    """ "the Cuvette-Ouest region": "Ouest" alone was Haiti's Ouest department."""
    text = "The outbreak is in the Cuvette-Ouest region of the Republic of Congo, near the Gabon border."
    assert not [t for t in geoparser.parse(text) if t.text == "Ouest"]
    [congo] = given(geoparser, text, "Republic of Congo")
    assert congo.country_code == "CG"  # not the DR Congo, whose name it ends


def test_a_bearing_after_a_distance_is_no_region(geoparser):
    """ "fled to Tawila, some 60 km to the west": "the west" says where Tawila is, it is not West Sudan."""
    text = "Thousands have fled El Fasher to Tawila, some 60 km to the west, since the end of October."
    assert "the west" not in [t.text for t in geoparser.parse(text)]
    text = "Thousands have fled El Fasher for camps in the west since the end of October."
    assert "the west" in [t.text for t in geoparser.parse(text)]


def test_a_village_in_a_named_countryside_lies_in_that_area(geoparser):
    """ "the village of Beit Jinn in the Quneitra countryside": no gazetteer has Beit Jinn; its spelling is
    close to Beit Jann, Israel, but the words put it in Syria's Quneitra."""
    text = "Israeli troops raided the village of Beit Jinn in the Quneitra countryside on Tuesday, residents said."
    [village] = given(geoparser, text, "Beit Jinn")
    assert village.country_code == "SY" and near(village, 33.3, 35.86, 40)


def test_a_list_before_regions_names_the_areas_in_any_spelling_or_label(geoparser):
    """ "the Kharkiv and Odesa regions": GeoNames' areas are "Kharkivs’ka Oblast’" and "Odessa", its towns
    "Kharkiv" and "Odesa"; "the Belgorod [spaCy: a nationality] and Kursk regions"."""
    text = "Russian drones struck energy infrastructure in the Kharkiv and Odesa regions on Sunday."
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert {places[n].feature for n in ("Kharkiv", "Odesa")} == {"admin1"}
    assert near(places["Odesa"], 46.7, 29.9, 60) and not near(places["Odesa"], 46.49, 30.74, 20)  # not the city
    text = "Russia said it shot down 45 Ukrainian drones over the Belgorod and Kursk regions."
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert (places["Belgorod"].feature, places["Belgorod"].country_code) == ("admin1", "RU")


def test_an_unknown_town_in_a_named_region_lies_in_that_region(geoparser):
    """ "Adan Yabaal in the Middle Shabelle region" (the article's entity holds "the"), "an army base in
    Moqokori in the neighbouring Hiiraan region" (one word): no gazetteer has either town; the words put
    them in a first-level area, not at the article's town (Mogadishu) and not nowhere."""
    text = (
        "MOGADISHU (Reuters) — Al-Shabaab militants seized the town of Adan Yabaal in the Middle Shabelle region "
        "on Wednesday. Al-Shabaab also attacked an army base in Moqokori in the neighbouring Hiiraan region."
    )
    town, base = given(geoparser, text, "Adan Yabaal", "Moqokori")
    assert (town.feature, town.resolved_by) == ("admin1", "qualifier") and near(town, 2.85, 45.85, 50)
    assert (base.feature, base.resolved_by) == ("admin1", "qualifier") and near(base, 4.0, 45.4, 50)


def test_a_hyphenated_name_is_found_under_its_joined_spelling(geoparser):
    """ "Petion-Ville" is GeoNames' Pétionville (an organisation to spaCy); "Tri-State" is no alternate name
    of Laughlin, Nevada, that GeoNames spells "Tristate"."""
    text = "Gangs attacked Kenscoff on Wednesday, forcing hundreds of residents to flee towards Petion-Ville."
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert (places["Petion-Ville"].name, places["Petion-Ville"].country_code) == ("Pétionville", "HT")
    text = "Officials at Tri-State Racetrack said the hotel would open in August, and Tri-State will pay."
    assert "Tri-State" not in [t.text for t in geoparser.parse(text)]


def test_an_unknown_oilfield_in_a_compass_region_lies_in_that_region(geoparser):
    """ "the El Feel oilfield in the south-west" (no entity, no gazetteer): in south-west Libya, not guessed
    at Tripoli, the article's town, 900 km off."""
    text = (
        "Tripoli, 9 January 2026 – The National Oil Corporation declared force majeure on loadings from the "
        "El Feel oilfield in the south-west after protesters forced the shutdown of production."
    )
    places = {t.text: t.place for t in geoparser.parse(text)}
    field = places["El Feel oilfield"]
    assert (field.resolved_by, field.country_code) == ("stated location", "LY")
    assert not near(field, 32.89, 13.19, 500)


def test_a_name_before_a_noun_for_a_site_near_a_town_is_a_place_not_the_institution(geoparser):
    """ "the Mellitah complex west of Tripoli": one word after "the" that spaCy calls an organisation is
    an institution ("the Army") only when no noun follows that it names."""
    text = "The oil is exported through the Mellitah complex west of Tripoli, the company said."
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert places["Mellitah"].country_code == "LY"


def test_an_unlabelled_name_with_a_particle_before_an_area_noun_is_whole(geoparser):
    """ "in Mocimboa da Praia district" (no entity): the name is "Mocimboa da Praia", not "Praia", the
    capital of Cape Verde."""
    text = "Insurgents attacked villages in Mocimboa da Praia district in Mozambique's Cabo Delgado province."
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert "Praia" not in places and places["Mocimboa da Praia"].country_code == "MZ"


def test_unlabelled_items_of_a_list_before_regions_are_regions(geoparser):
    """ "across Sagaing [an organisation to spaCy], Magway and Mandalay regions": the items nobody labelled
    took no kind when read as the organisation's list partners first, and became the towns."""
    text = "The army has carried out airstrikes on villages across Sagaing, Magway and Mandalay regions."
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert places["Magway"].feature == "admin1" and places["Mandalay"].feature == "admin1"


def test_a_district_a_towns_possessive_names_lies_in_the_town_not_its_province(geoparser):
    """ "Tripoli's Dahra district": GeoNames has other Dahras; the qualifier is the town the article took
    "Tripoli" for, not Tripoli province."""
    text = "Gunmen stormed the Ministry of Foreign Affairs in Tripoli's Dahra district on Tuesday, officials said."
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert places["Dahra"].feature == "city" and near(places["Dahra"], 32.89, 13.19, 15)


def test_a_town_qualified_by_an_area_the_article_names_in_another_spelling_stays_the_town(geoparser):
    """ "Al Tabaqa, Raqqa governorate": the governorate is GeoNames' Ar-Raqqah (a spelling variant); the
    town lies in it, so it is not replaced by the governorate's point."""
    text = "April 24th 2017: The vegetable market south of Al Tabaqa, Raqqa governorate, Syria"
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert places["Al Tabaqa"].feature == "city" and near(places["Al Tabaqa"], 35.84, 38.55, 10)


def test_a_village_abroad_is_no_province_the_words_name(geoparser):
    """ "Djibo, in the Soum province close to the border with Mali": Soum, Senegal (a village 1,600 km off)
    is not it. The province is GeoNames' "Province du Soum" (found by its French form's bare name since
    index version 12; unresolved and listed before)."""
    text = (
        "Jihadists attacked an army post near Djibo in northern Burkina Faso. Djibo, in the Soum province close "
        "to the border with Mali, has been under blockade for two years. Another attack hit Kaya and Dori."
    )
    places = {t.text: t.place for t in geoparser.parse(text)}
    soum = places["Soum"]
    assert (soum.country_code, soum.feature) == ("BF", "admin2")


def test_a_gate_named_after_a_town_lies_where_the_article_is_not_in_that_town(geoparser):
    """ "the Sheha and Bab Tobruk districts" of a report on Derna: Bab Tobruk ("Tobruk gate") is a district
    of Derna; the embedded name is where its road leads, 170 km off."""
    text = (
        "Derna, 5 February 2026 – Residents protested in Derna on Thursday. The fund said 1,500 homes had been "
        "handed over in the Sheha and Bab Tobruk districts."
    )
    [gate] = given(geoparser, text, "Bab Tobruk")
    assert near(gate, 32.77, 22.64, 20)


def test_a_province_spacy_cuts_at_its_and_or_reads_as_a_people_is_the_province(geoparser):
    """ "Sistan and Baluchestan province" (spaCy: "Sistan" and "Baluchestan province"; Sistan became Iran),
    "Aleppo province" (spaCy: a nationality). Two areas stay two: "Australia and New Zealand"."""
    text = "Protests spread in Iran's Sistan and Baluchestan province and in Syria's Aleppo province on Friday."
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert places["Sistan and Baluchestan province"].feature == "admin1"
    assert (places["Aleppo"].feature, places["Aleppo"].country_code) == ("admin1", "SY")
    text = "Tourists from Australia and New Zealand arrived in Fiji."
    assert {"Australia", "New Zealand"} <= {t.text for t in geoparser.parse(text)}


def test_a_gas_field_in_a_named_country_is_not_at_a_town_its_name_embeds_abroad(geoparser):
    """ "the Khor Mor gas field in Iraq's ... Kurdistan region" (no gazetteer has it): a site, in Iraq; its
    name embeds "Khor", which had placed it at Al Khor, Qatar."""
    text = "A drone attack hit the Khor Mor gas field in Iraq's semi-autonomous Kurdistan region on Wednesday."
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert places["Khor Mor gas field"].country_code == "IQ"


def test_a_district_lies_in_the_town_its_sentence_named_not_at_a_village_far_off(geoparser):
    """ "In Kharkiv, ... in the Kyivskyi district": GeoNames' only Kyivskyi is a village 200 km away. A town
    the sentence names as an origin ("a delegation from Zintan") is not the district's."""
    text = (
        "Ukraine says Russian drones hit energy facilities in Odesa region, Kharkiv\n\n"
        "KYIV, Ukraine (AP) — Russian drones struck energy infrastructure in Ukraine's southern Odesa region and "
        "the northeastern city of Kharkiv overnight, officials said Friday.\n\n"
        "Odesa regional Governor Oleh Kiper said on Telegram that a fire broke out at an energy facility in the "
        "Izmail district on the Danube River, across from Romania.\n\n"
        "In Kharkiv, Mayor Ihor Terekhov said two people were wounded when a drone hit a residential building "
        "in the Kyivskyi district."
    )
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert places["Kyivskyi"].resolved_by == "stated location" and near(places["Kyivskyi"], 49.98, 36.25, 20)
    text = (
        "Elders signed a truce in Ubari on Sunday. The agreement, brokered by a delegation from Zintan and "
        "Misrata, provides for a neutral force between the two sides in the Al-Tayouri neighbourhood."
    )
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert not near(places.get("Al-Tayouri"), 31.93, 12.25, 50)  # not where the delegation came from


def test_a_name_the_words_put_km_from_an_unlabelled_town_is_not_a_namesake_far_off(geoparser):
    """ "near Ber, about 60 km east of Timbuktu": spaCy labels no Timbuktu, and "Ber" is also an alternate
    name of Berlin; the words put it beside Timbuktu."""
    text = (
        "Mali's army said it killed a commander in an air strike near Ber, about 60 km east of Timbuktu, on Thursday."
    )
    ber = {t.text: t.place for t in geoparser.parse(text)}["Ber"]
    assert near(ber, 16.77, -3.01, 100)


def test_a_world_regions_name_is_the_region_not_a_small_town_of_the_articles_country(geoparser):
    """GeoNames has a Baltimore neighbourhood called Middle East; in a report from Washington the bare name
    is still the region."""
    text = (
        "WASHINGTON (AP) — The State Department approved the sale of artillery to Saudi Arabia on Monday. The "
        "agency said the guns would help promote stability in the Middle East. Lawmakers in Maryland objected."
    )
    region = {t.text: t.place for t in geoparser.parse(text)}["the Middle East"]
    assert region.feature == "region" and region.country_code == ""


def test_a_town_after_a_county_the_gazetteer_has_no_such_town_in_is_placed_in_the_county(geoparser):
    """ "Weldon, Northamptonshire": the gazetteer knows only Weldons in the United States; the words say
    it is in an English county, so it is placed there (region precision). "Brigstock, Northamptonshire"
    is the English village the gazetteer files under another county name."""
    text = "The rally moved to Weldon, Northamptonshire, and then to Brigstock, Northamptonshire."
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert (places["Weldon"].country_code, places["Weldon"].resolved_by) == ("GB", "qualifier")
    assert (places["Brigstock"].country_code, places["Brigstock"].feature) == ("GB", "city")


def test_a_name_spelt_with_egyptian_g_for_the_arabic_jim_is_found_with_j(geoparser):
    """ "Gezira state" is GeoNames' Al Jazirah (Sudan): the letter jim is written g in Egypt and Sudan."""
    text = "Fighting between the army and the RSF spread across Gezira state, residents of Wad Madani said."
    gezira = {t.text: t.place for t in geoparser.parse(text)}["Gezira"]
    assert (gezira.country_code, gezira.feature) == ("SD", "admin1")


def test_an_area_the_words_call_one_is_no_town_abroad_known_by_its_name_as_an_alternate(pipeline):
    """ "Twic East and Duk counties" in South Sudan: "Duk" is only an alternate name of a South African town."""
    from tests.test_extract import process

    result = process(
        pipeline,
        "Flooding in Jonglei State, South Sudan, worsened on Monday. In Twic East and Duk counties, dykes "
        "collapsed near Bor.",
    )
    assert all(e.place is None or e.place.country_code == "SS" for e in result.events if e.mention == "Duk")


def test_a_district_no_gazetteer_has_lies_in_the_reports_town_not_in_the_district_beside_it(pipeline):
    from tests.test_extract import process

    result = process(
        pipeline,
        "TRIPOLI, March 7 (Reuters) - Fighting between rival armed factions in the Libyan capital killed at least "
        "seven people overnight, health officials said on Wednesday, as clashes that began in the southern Abu "
        "Salim district spread to the eastern suburb of Tajoura.\n\nResidents said heavy gunfire was heard near "
        "the Abu Salim roundabout, after a dispute at a checkpoint.\n\nBy dawn the fighting had reached Tajoura, "
        "about 15 km east of the city centre, where witnesses saw armoured vehicles of the Tajoura-based Al-Nasr "
        "Brigade.\n\nMitiga International Airport, the only functioning airport serving the city, suspended "
        "flights and diverted incoming aircraft to Misrata, the Civil Aviation Authority said.",
    )
    district = next(e.place for e in result.events if e.mention == "Abu Salim")
    assert (district.name, district.country_code) == ("Tripoli", "LY")


def test_a_town_named_like_its_district_is_the_town(geoparser):
    """GeoNames' "Cúcuta" municipality is centred on the villages filed under it, 36 km from the city; a bare
    "Cúcuta" is the city. "the Cúcuta municipality" is still the municipality."""
    text = "A bomb exploded outside a police station in Cúcuta on Tuesday, killing a patrolman."
    [town] = given(geoparser, text, "Cúcuta")
    assert (town.country_code, town.feature) == ("CO", "city") and near(town, 7.89, -72.51, 10)
    text = "Farmers in the Cúcuta municipality said the river had flooded their fields."
    area = {t.text: t.place for t in geoparser.parse(text)}["Cúcuta"]
    assert (area.country_code, area.feature) == ("CO", "admin2")


def test_a_known_name_smaller_than_the_town_it_is_a_part_of_lies_in_that_town(geoparser):
    """ "the Atalaya neighbourhood of Cúcuta" is no town of Peru; "the Cincinnati suburb of West Chester" is
    no part of West Chester."""
    text = "A bomb exploded outside a police station in the Atalaya neighbourhood of Cúcuta, killing a patrolman."
    part = {t.text: t.place for t in geoparser.parse(text)}["Atalaya"]
    assert part.country_code == "CO" and near(part, 7.89, -72.51, 10)
    text = "Protesters marched in the Cincinnati suburb of West Chester on Friday."
    town = {t.text: t.place for t in geoparser.parse(text)}["Cincinnati"]
    assert near(town, 39.1, -84.5, 20)


def test_a_spelling_variant_far_from_the_articles_places_abroad_is_no_answer(geoparser):
    """ "Kalehe" (a territory GeoNames lacks) in a report on the Kivus that names the United States as a
    mediator is no Kalāheo, Hawaii, though the United States is one of the article's countries."""
    text = (
        "GOMA, Nov 13 - Fighting between the army and M23 rebels spread from Goma to Sake on Thursday. "
        "On Sunday, shells fell on Minova, in the Kalehe territory of South Kivu province, killing eight. "
        "MONUSCO called on all parties to respect the peace process mediated by Qatar and the United States."
    )
    places = {t.text: t.place for t in geoparser.parse(text)}
    assert places["Goma"].country_code == "CD"
    assert places.get("Kalehe") is None or places["Kalehe"].country_code == "CD"


def test_a_place_the_words_put_in_a_country_is_not_a_namesake_in_another(geoparser):
    """ "Somalia's South West State": GeoNames has no such state, only Cameroon's South-West region; the words
    say Somalia, so the answer is (at least) Somalia."""
    text = "Mortars hit Baidoa on Monday, said the security minister of Somalia's South West State."
    state = {t.text: t.place for t in geoparser.parse(text)}["South West State"]
    assert state.country_code == "SO"


def test_an_area_is_no_airport_known_by_its_bare_name(geoparser):
    """ "the Southwest Region" (of Cameroon) is not Tuticorin Southwest Airport, India."""
    text = "Classes resumed across the Southwest Region after gunmen burned a school in Kumba."
    region = {t.text: t.place for t in geoparser.parse(text)}.get("the Southwest Region")
    assert region is None or region.country_code == "CM"


def test_a_bare_name_stays_the_town_that_a_list_of_areas_names_as_an_area(geoparser):
    """ "Houthi forces seized Sanaa" is the capital, though the article also names "Sanaa governorate"."""
    text = "In 2014 Houthi forces seized Sanaa. The group runs projects in Aden, Taiz and Sanaa governorates."
    first = geoparser.parse(text)[0]
    assert (first.text, first.place.feature, first.place.country_code) == ("Sanaa", "city", "YE")


def test_a_spelling_variant_abroad_near_none_of_its_countrys_places_is_no_answer(geoparser):
    """ "Amerli" (Iraq, not in GeoNames) is no Ömerli, Turkey, though that lies 300 km from Erbil and the report
    names Turkey: it names no place in Turkey."""
    text = (
        "Gunmen attacked a checkpoint between Tuz Khurmatu and Amerli on Tuesday, south of Kirkuk, officials "
        "in Erbil said. Turkey has fought the PKK since the 1980s."
    )
    village = {t.text: t.place for t in geoparser.parse(text)}.get("Amerli")
    assert village is None or village.country_code == "IQ"


def test_a_town_the_words_call_a_countrys_capital_is_in_that_country(geoparser):
    """ "Victoria, the capital of the Seychelles" is not the Australian state (spaCy labels no Seychelles)."""
    text = (
        "The vessel is owned by a company registered in Victoria, the capital of the Seychelles, and was chartered "
        "by a firm based in Valencia, Venezuela's third-largest city."
    )
    town = {t.text: t.place for t in geoparser.parse(text)}["Victoria"]
    assert (town.country_code, town.feature) == ("SC", "city")


def test_large_towns_named_like_their_areas_tell_their_list_nothing(geoparser):
    """ "available in Geneva, Amman and Aden": each may be a town or an area of its name, so none makes the
    others areas; "Oregon, Idaho and Washington" still makes Washington the state."""
    towns = {t.text: t.place for t in geoparser.parse("Spokespeople are available in Geneva, Amman and Aden.")}
    assert {p.feature for p in towns.values()} == {"city"}
    states = {t.text: t.place for t in geoparser.parse("Voters in Oregon, Idaho and Washington went to the polls.")}
    assert states["Washington"].feature == "admin1"


def test_a_possessive_the_ner_kept_is_not_part_of_the_name(geoparser):
    text = '"There is no military position there," South Kordofan\'s acting governor told Reuters by phone.'
    state = geoparser.parse(text)[0]
    assert (state.place.country_code, state.place.feature) == ("SD", "admin1")


def test_the_citys_district_lies_in_the_town_last_named_even_one_spacy_calls_a_language(geoparser):
    """ "in Zaporizhzhia [LANGUAGE] ... the city's Shevchenkivskyi district": in Zaporizhzhia, not the village
    Shevchenko 250 km away that a spelling variant finds."""
    text = (
        "Russian drones struck an apartment building in Zaporizhzhia overnight, the regional governor said on "
        "Thursday.\n\nThe attack hit the city's Shevchenkivskyi district at around 2 a.m., he wrote."
    )
    district = {t.text: t.place for t in geoparser.parse(text)}["Shevchenkivskyi district"]
    assert near(district, 47.84, 35.14, 100)  # the town, or the Zaporizhzhia region the name also is


def test_a_namesake_far_from_every_place_of_the_article_is_no_answer(geoparser):
    """ "30 km north of Madama" (Niger's army post, no gazetteer has it) is no village of the West Bank
    2,000 km away; a name asked twice does not back itself ("near Karma" ... "Karma": no village of India)."""
    niger = (
        "AGADEZ, Niger - Four Nigerien soldiers were killed on Tuesday when their convoy was ambushed about 30 "
        "kilometres north of Madama, the remote army post near the border with Libya, military sources said.\n\n"
        "The wounded were flown by helicopter to Dirkou on Wednesday. A statement was read in Niamey."
    )
    assert {t.text: t.place for t in geoparser.parse(niger)}.get("Madama") is None
    sudan = (
        "A drone struck a fuel depot near Karma, in Sudan's Northern State, about 120 km north-west of Dongola, "
        "on Saturday.\n\nResidents of Karma said the depot burned for hours. Libya and Egypt closed the road."
    )
    assert all(t.place is None or t.place.country_code != "IN" for t in geoparser.parse(sudan))


def test_a_states_own_word_is_no_town_inside_its_name(geoparser):
    """ "the Republic of Kosovo" is Kosovo, not Republic, Pennsylvania."""
    text = (
        "The interior ministry in Pristina described the operation as the enforcement of the constitution on "
        "the whole territory of the Republic of Kosovo. Washington and Brussels urged both sides to show restraint."
    )
    kosovo = {t.text: t.place for t in geoparser.parse(text)}["the Republic of Kosovo"]
    assert kosovo.country_code == "XK"
