"""Names spaCy misreads, set right by the words around them: towns read as products, people or bodies;
a group read as a place; a district nobody labelled. Short texts written for these tests."""

from __future__ import annotations

import pytest

from dashboard.geocode.geoparse import Geoparser
from tests.test_extract import places_by_mention, process


@pytest.fixture(scope="module")
def geoparser(pipeline) -> Geoparser:
    return Geoparser(pipeline.nlp, pipeline.registry, pipeline.places, pipeline.resolver)


def toponyms(geoparser: Geoparser, text: str) -> dict:
    """Each toponym's place by its words (the last one of each)."""
    return {t.text: t.place for t in geoparser.parse(text)}


def test_a_town_the_words_call_one_is_a_place_each_time_spacy_reads_it_as_a_product(pipeline):
    result = process(
        pipeline,
        "Gang members stormed the central Haitian town of Mirebalais on Monday, freeing more than 500 inmates "
        'from its prison, officials said. "We will not abandon Mirebalais," the prime minister wrote.',
    )
    towns = [e.place for e in result.events if e.mention == "Mirebalais"]
    assert len(towns) == 2 and {(t.name, t.country_code) for t in towns} == {("Mirebalais", "HT")}


def test_a_name_nobody_labelled_before_an_area_noun_is_that_area(pipeline):
    result = process(
        pipeline,
        "Four policemen were killed on Monday. The attack took place in the Dera Ismail Khan district, where "
        "about 20 militants stormed the post.",
    )
    district = places_by_mention(result)["Dera Ismail Khan"]
    assert (district.country_code, district.feature) == ("PK", "admin2")


def test_an_organisation_the_words_put_in_a_known_area_is_a_place_there(pipeline):
    """ "spread to Minova in neighboring South Kivu", "in Barzeh in northern Damascus" (spaCy: organisations;
    no gazetteer has them)."""
    result = process(
        pipeline, "On Wednesday, the fighting spread to Minova in neighboring South Kivu, a trading hub on the lake."
    )
    town = places_by_mention(result)["Minova"]
    assert (town.name, town.country_code, town.resolved_by) == ("South Kivu", "CD", "stated location")
    assert "Minova" not in result.new_actors
    result = process(
        pipeline, "Strikes hit targets on Sunday, including a research centre in Barzeh in northern Damascus."
    )
    assert places_by_mention(result)["Barzeh"].name == "Damascus"
    assert "Barzeh" not in result.new_actors


def test_a_name_before_a_detention_centre_is_a_site_in_the_town_the_words_name(pipeline):
    result = process(
        pipeline,
        "The migrants received care at the port of Tobruk before being transferred to the Ganfouda detention "
        "centre in Benghazi.",
    )
    site = places_by_mention(result)["Ganfouda"]
    assert (site.name, site.resolved_by) == ("Benghazi", "stated location")
    assert "Ganfouda" not in result.new_actors


def test_a_name_before_a_word_for_a_gang_is_no_place(pipeline):
    """ "the Viv Ansanm gang coalition" (spaCy: a facility) was placed at the article's town."""
    result = process(
        pipeline,
        "The attack came as the Viv Ansanm gang coalition expands its grip beyond the capital, Port-au-Prince, "
        "into the Centre department.",
    )
    assert not [e for e in result.events if "Ansanm" in e.mention]
    assert "Port-au-Prince" in places_by_mention(result)


def test_names_listed_before_areas_are_places(pipeline):
    """ "the Al-Harsha and Bir al-Ghanam areas": "al-" inside a name keeps the list going."""
    result = process(
        pipeline, "The council said the clashes had spread to the Al-Harsha and Bir al-Ghanam areas south of Zawia."
    )
    assert "Al-Harsha" not in result.new_actors
    assert any("Al-Harsha" in e.mention and e.place.country_code == "LY" for e in result.events)


def test_a_name_spacy_labels_a_place_elsewhere_in_the_report_is_that_place_here_too(pipeline):
    """ "near Kidal" (a place) and "between Kidal [a nationality] and Tessalit [no label]": both towns."""
    result = process(
        pipeline,
        "JNIM fighters attack army convoy near Kidal\n\nJihadists linked to al-Qaeda ambushed a Malian army convoy "
        "escorted by Russian paramilitaries between Kidal and Tessalit in northern Mali on Saturday, killing at "
        "least 15 soldiers.",
    )
    places = {e.mention: e.place.name for e in result.events if e.place}
    assert places.get("Kidal") == "Kidal" and places.get("Tessalit") == "Tessalit"
    relations = process(pipeline, "Relations between Egypt and Libya improved, the minister said.")
    assert not relations.events  # countries between which something happens act; they are no event places


def test_an_unlabelled_site_named_by_a_geographic_word_is_a_place(pipeline):
    """ "the Ras Isa oil terminal": no entity at all; "Ras" starts place names, the terminal is a site."""
    result = process(
        pipeline,
        "On Monday, Israeli jets struck the Hodeidah port and the Ras Isa oil terminal on the Red Sea coast.",
    )
    [terminal] = [e.place for e in result.events if "Ras Isa" in e.mention]
    assert terminal.country_code == "YE"
    result = process(pipeline, "Smugglers use the Ghat oasis as a hub, officials said on Monday.")  # a known town
    assert [(e.mention, e.place.name) for e in result.events] == [("Ghat oasis", "Ghat")]


def test_a_place_a_body_is_based_in_makes_no_event_but_is_a_toponym(pipeline, geoparser):
    text = "Critics, including the Tripoli-based Audit Bureau, questioned the spending on bridges in Derna."
    assert [e.mention for e in process(pipeline, text).events] == ["Derna"]
    assert "Tripoli" in toponyms(geoparser, text)


def test_a_geographic_noun_just_outside_an_entity_belongs_to_its_name(pipeline):
    """ "Souq" + "al-Juma" (spaCy: a person): alone, "al-Juma" was Yuma, Arizona (GeoNames' alternate "Juma")."""
    result = process(
        pipeline,
        "Gunmen stormed the central bank in Tripoli on Sunday. By Monday the employee had been freed and had "
        "returned to his home in Souq al-Juma.",
    )
    [home] = [e.place for e in result.events if "Juma" in e.mention]
    assert home.country_code == "LY"


def test_a_person_listed_after_a_place_as_the_object_is_a_town_of_the_articles_actors(pipeline):
    """ "send two mobile power units to Ghat and Murzuq" (spaCy: "Murzuq" a person, a conjunct of the object).
    The countries of the report's actors count for the whole list, not only its first item."""
    result = process(
        pipeline,
        "The Government of National Unity said on Saturday it would send two mobile power units to Ghat and "
        "Murzuq within a week.",
    )
    town = places_by_mention(result)["Murzuq"]
    assert (town.country_code, town.feature) == ("LY", "city")
    assert "Murzuq" not in result.new_actors


def test_a_spelling_of_a_town_listed_with_labelled_places_is_that_town(pipeline, geoparser):
    """ "mayors of Sabha, Awbari and Wadi Ataba": "Awbari" (spaCy: a person) is an alternate name of Ubari."""
    result = process(
        pipeline,
        "The Government of National Unity met a delegation on Saturday, which included mayors of Sabha, Awbari "
        "and Wadi Ataba.",
    )
    assert "Awbari" not in result.new_actors
    text = "The Government of National Unity met mayors of Sabha, Awbari and Wadi Ataba on Saturday."
    towns = toponyms(geoparser, text)
    assert (towns["Awbari"].name, towns["Awbari"].country_code) == ("Ubari", "LY")


def test_names_before_a_word_for_parts_of_a_town_lie_in_that_town(pipeline, geoparser):
    """ "the Abu Salim [spaCy: a nationality] and Salah al-Din [a person] neighbourhoods of Tripoli": no
    gazetteer has them; they are parts of Tripoli, not an actor and a guess at the article's town."""
    result = process(
        pipeline,
        "Armed clashes broke out in the Abu Salim and Salah al-Din neighbourhoods of Tripoli on the night of "
        "12 May, the Ministry of Health said.",
    )
    [event] = result.events  # one event: both lie in the same town
    assert (event.mention, event.place.name, event.place.resolved_by) == ("Abu Salim", "Tripoli", "stated location")
    assert not {"Abu Salim", "Salah al-Din"} & set(result.new_actors)
    parts = toponyms(geoparser, result.article.text)
    assert parts["Salah al-Din"].name == "Tripoli"
    text = "Munir Abdulkader, 22, from the Cincinnati suburb of West Chester, had pleaded guilty."
    towns = toponyms(geoparser, text)
    assert towns["Cincinnati"].resolved_by == "gazetteer"  # a known name before the noun is the town itself


def test_a_facility_word_inside_a_name_spacy_reads_as_a_person_makes_it_a_facility(pipeline):
    result = process(
        pipeline,
        "At least six civilians were killed, the Ministry of Health said. Mitiga airport suspended flights and "
        "flights were diverted to Misrata.",
    )
    airport = places_by_mention(result)["Mitiga airport"]
    assert (airport.feature, airport.country_code) == ("airport", "LY")
    assert "Mitiga airport" not in result.new_actors


def test_a_headline_list_of_towns_known_by_alternate_names_is_split(geoparser):
    """ "Zuwara and Sabratha" (one entity): GeoNames' Zuwarah and Sabratah; it was one unknown name, guessed
    at Tripoli."""
    text = "Coast guard intercepts migrant boats off Zuwara and Sabratha\n\nThe boats were taken to Tripoli."
    places = toponyms(geoparser, text)
    assert (places["Zuwara"].name, places["Sabratha"].country_code) == ("Zuwarah", "LY")


def test_a_name_the_report_uses_as_a_place_is_that_place_each_time_and_no_actor(pipeline):
    """ "the Zamzam displacement camp south of El Fasher" is a place; "seized the Zamzam camp" (a person to
    spaCy) is the same camp, and "the Kufra municipal council" says whose council, not a new actor."""
    camp = process(
        pipeline,
        "Shelling killed 12 people at the Zamzam displacement camp south of El Fasher on Tuesday. Thousands fled "
        "after the RSF seized the Zamzam camp in April.",
    )
    assert [e.mention for e in camp.events].count("Zamzam") == 2
    assert "Zamzam" not in camp.new_actors
    council = process(
        pipeline,
        "More than 2,000 Sudanese refugees arrived in the southeastern Libyan city of Kufra over the past week. "
        "The head of the Kufra municipal council, Abdelrahman Issa, said the city was struggling.",
    )
    assert "Kufra" not in council.new_actors and "Abdelrahman Issa" in council.new_actors


def test_an_area_after_a_countrys_possessive_is_found_and_holds_the_unknown_town_before_it(geoparser):
    """ "near Tassia in western Niger's Tillaberi region": spaCy calls Tillaberi a product; the region noun
    makes it the area, and Tassia (no gazetteer has it) lies in it."""
    places = toponyms(geoparser, "Gunmen killed 12 soldiers near Tassia in western Niger's Tillaberi region.")
    assert (places["Tillaberi"].feature, places["Tillaberi"].country_code) == ("admin1", "NE")
    assert (places["Tassia"].country_code, places["Tassia"].resolved_by) == ("NE", "qualifier")


def test_a_hyphenated_name_with_a_linking_particle_is_one_name(pipeline, geoparser):
    """spaCy keeps "Mazar" of "Mazar-i-Sharif" and reads "Bandar-e-Abbas" as two people; "Syria-Iraq" stays two."""
    places = toponyms(
        geoparser,
        "Aid was flown from Kabul to Mazar-i-Sharif and shipped from Bandar-e-Abbas. Russia-backed forces "
        "patrolled the Syria-Iraq border.",
    )
    assert places["Mazar-i-Sharif"].country_code == "AF" and places["Bandar-e-Abbas"].country_code == "IR"
    assert {"Syria", "Iraq"} <= set(places)
    result = process(pipeline, "Police in Bandar-e-Abbas arrested 12 smugglers on Monday.")
    assert not result.new_actors and [e.mention for e in result.events] == ["Bandar-e-Abbas"]


def test_an_unlabelled_headline_name_the_body_places_is_that_place(pipeline):
    """spaCy labels no "Sirte" in the headline; the body names it, so the headline's event is at Sirte, not
    at Libya."""
    text = (
        "Libya: Sirte municipal elections postponed over security concerns\n\nThe commission said on Monday "
        "it had postponed municipal council elections in Sirte."
    )
    sirte = [m.start for m in pipeline.places.find(pipeline.nlp(text)) if m.text == "Sirte"]
    assert sirte[0] == text.index("Sirte")  # the headline's
    text = (
        "Pakistan: suicide bombing kills 9 in Khyber Pakhtunkhwa\n\nPESHAWAR, Pakistan, Nov. 21 (Xinhua) -- At least "
        "nine people were killed and 20 injured when a suicide bomber targeted a police checkpoint in Bannu district "
        "of Pakistan's northwestern Khyber Pakhtunkhwa province on Friday, police said."
    )
    first = pipeline.places.find(pipeline.nlp(text))[1]  # the body names it with its area noun
    assert (first.text, first.start) == ("Khyber Pakhtunkhwa", text.index("Khyber"))


def test_a_name_in_apposition_to_a_relative_or_a_post_is_a_person(pipeline):
    """ "another brother, Belgassem, runs the fund": spaCy calls Belgassem a place; it was listed unresolved."""
    result = process(
        pipeline,
        "His brother Khaled commands units in Benghazi, while another brother, Belgassem, runs the reconstruction "
        "fund that has rebuilt much of Derna.",
    )
    assert "Belgassem" not in result.unresolved and "Benghazi" in {e.mention for e in result.events}


def test_an_organisation_a_verb_takes_that_is_another_name_of_a_town_of_the_actors_country_is_that_town(pipeline):
    """ "taken full control of Babanusa" (spaCy: an organisation; GeoNames: Babanūsah, Sudan)."""
    result = process(
        pipeline,
        "Sudan's paramilitary Rapid Support Forces said on Monday they had taken full control of Babanusa, the last "
        "army stronghold in West Kordofan state.",
    )
    assert places_by_mention(result)["Babanusa"].country_code == "SD" and "Babanusa" not in result.new_actors


def test_an_airstrip_inside_a_place_entity_makes_it_a_facility(pipeline):
    """ "Bor airstrip" (spaCy: one place) was the airport of Bor, Russia: the airfield of the town meant."""
    result = process(
        pipeline,
        "Floods hit Jonglei in South Sudan. Bor airstrip was partially submerged on Saturday and flights from "
        "Juba were suspended.",
    )
    airstrip = places_by_mention(result)["Bor airstrip"]
    assert (airstrip.country_code, airstrip.feature) == ("SS", "airfield")


def test_an_organisation_named_as_an_area_is_that_area_and_no_actor(pipeline):
    """ "flooding in Jonglei State" (spaCy: an organisation); "visits Columbia State" (a college) is no state."""
    result = process(pipeline, "About 200,000 people have been affected by flooding in Jonglei State since Tuesday.")
    assert places_by_mention(result)["Jonglei State"].feature == "admin1"
    assert "Jonglei State" not in result.new_actors
    college = process(pipeline, "The festival director visits Columbia State. He spoke to students in Tennessee.")
    assert not any(e.mention == "Columbia State" for e in college.events)


def test_a_name_followed_by_the_area_it_lies_in_is_a_place(pipeline):
    """ "raided Kolofata, Mayo-Sava department, Far North region" (spaCy: a person) is a town, no actor."""
    result = process(
        pipeline,
        "On 13 November, militants raided Kolofata, Mayo-Sava department, Far North region (Cameroon), "
        "killing four civilians.",
    )
    assert "Kolofata" not in result.new_actors
    assert any(e.mention == "Kolofata" for e in result.events)


def test_names_of_places_are_no_actors_where_they_do_not_act(pipeline):
    """A capital that acts is its state ("a charge Kigali denies"); a place in a list after "near", a town
    spaCy calls a people after "in", and a town the report names, where nothing says it acts, are no actors."""
    capitals = process(
        pipeline, "Kinshasa and the United Nations accuse Rwanda of backing the rebels, a charge Kigali denies."
    )
    assert not {"Kinshasa", "Kigali"} & set(capitals.new_actors)
    actors = {a for e in capitals.events for a in e.actors}
    assert {"Rwanda", "Democratic Republic of the Congo"} <= actors or not capitals.events
    listed = process(pipeline, "In Twic East, dykes collapsed near Panyagor and Kongor last week, officials said.")
    assert "Kongor" not in listed.new_actors
    stationed = process(pipeline, "Some of the units had previously been stationed in Ghariyan and Al-Jufra.")
    assert "Ghariyan" not in stationed.new_actors
    town = process(
        pipeline,
        "Fighting broke out near the lakeside town of Minova on Saturday. A spokesman blamed the rebels for the "
        "shelling of Minova.",
    )
    assert "Minova" not in town.new_actors


def test_a_town_spacy_reads_as_a_persons_full_name_lends_no_surname(pipeline):
    """ "30 km south of Bahir Dar [PERSON]" is a place: "BAHIR DAR" in the dateline is then no Mr Dar."""
    result = process(
        pipeline,
        "BAHIR DAR, Ethiopia — Heavy fighting broke out between Fano militia fighters and the army near Gondar "
        "on Wednesday, residents said.\n\nIn a separate incident on Thursday, a drone struck a minibus on the "
        "road near Merawi, about 30 km south of Bahir Dar, the official said.",
    )
    assert "Bahir Dar" not in result.new_actors


def test_a_town_the_verb_be_calls_a_town_is_no_actor(pipeline):
    """ "Shire is a town near the border": spaCy's person is the subject of "is", but the words call it a
    town: a place, not someone acting."""
    result = process(pipeline, "Shire is a town near the Eritrean border, where fighters attacked a convoy.")
    assert "Shire" not in result.new_actors


def test_a_rank_cut_short_before_a_name_is_no_place(geoparser):
    """ "Brig. Gen. Yahya al-Zubaidi": Brig is a rank here, not the Swiss town."""
    text = "Jets struck hideouts near Erbil, killing five, according to Brig. Gen. Yahya al-Zubaidi, a spokesman."
    assert "Brig" not in toponyms(geoparser, text)


def test_two_entities_side_by_side_that_together_name_a_town_are_that_town(geoparser):
    """spaCy reads "Dera" as a place and "Ismail Khan" as a person: together they are Dera Ismail Khan."""
    text = "In a separate attack in Dera Ismail Khan on Wednesday night, militants stormed a police checkpost."
    town = toponyms(geoparser, text)["Dera Ismail Khan"]
    assert (town.name, town.country_code) == ("Dera Ismail Khan", "PK")


def test_what_spacy_calls_a_person_is_no_one_unless_a_persons_name_says_so(pipeline):
    """A one-word name no full name of the report explains ("Kauda", "Gunfire") is no one; a road is no one;
    a "person" named like a body is that body ("Nepal Police", "Tigray People's Liberation Front")."""
    result = process(
        pipeline,
        "Gunfire and explosions were heard from before dawn in the Azezo area near the city's airport, three "
        "residents told Reuters. Hundreds of families had left Kadugli on foot, some heading north toward El "
        "Obeid and others east to SPLM-N-held areas around Kauda in the Nuba Mountains. The Prithvi Highway, the "
        "main road linking the capital with Pokhara, sees frequent fatal accidents. Nepal Police closed it. The "
        "Tigray People's Liberation Front denied the report.",
    )
    new = result.new_actors
    assert not {"Gunfire", "Kauda", "Prithvi Highway"} & set(new)
    kinds = {name: actor.kind for name, actor in new.items()}
    assert kinds.get("Nepal Police", "organisation") == "organisation"
    assert kinds.get("Tigray People's Liberation Front", "armed group") == "armed group"
    arabic = process(
        pipeline,
        "Jaish al-Adl claimed the attack near Saravan. Residents ran for cover along Avenida Brasil as gunmen "
        "fired from rooftops.",
    )
    assert arabic.new_actors["Jaish al-Adl"].kind == "armed group" and "Avenida Brasil" not in arabic.new_actors


def test_a_gangs_name_and_a_word_cut_from_a_longer_name_are_no_places(geoparser):
    """ "the Los Lobos gang" and "Sinaloa cartel infighting" name gangs; "Day" of "Day of the Dead" is no
    Dayton, Ohio."""
    text = (
        "Gunmen opened fire near a cemetery in Culiacán as families gathered for Day of the Dead on Monday. "
        "Sinaloa cartel infighting flared. Police blamed the Los Lobos gang. Two suspects were arrested in El "
        "Paso, Texas."
    )
    assert set(toponyms(geoparser, text)) == {"Culiacán", "El Paso", "Texas"}


def test_a_bare_name_spacy_misreads_is_the_town_not_the_airport_named_after_it(pipeline):
    """ "arrivals in Kufra [NORP]" after "Kufra airport" elsewhere: the town, not the airport again."""
    doc = pipeline.nlp(
        "Sudanese refugee arrivals in Kufra rise to over 3,000 this week.\n\nA flight landed at Kufra airport."
    )
    hints = {t.text: t.query.hint for t in pipeline.places.toponyms(doc)}
    assert hints.get("Kufra") == "" and hints.get("Kufra airport") == "airport"
