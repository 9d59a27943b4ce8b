"""Issue 4: actors, dates and events an analyst can trust, on short texts written for the tests."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dashboard.export import records, to_string
from dashboard.extract.actors import ActorRegistry
from dashboard.ingest.records import article_from_record
from dashboard.model import Actor
from dashboard.store import Store

from .conftest import ROOT, SEED

THURSDAY = "2024-03-07"


def process(pipeline, text, published=THURSDAY, **fields):
    article = article_from_record({"text": text, "published": published, **fields}, "test", 1)
    [result] = list(pipeline.process([article]))
    return result


def by_place(result):
    """Events by the words that named their place (gazetteer spellings may change)."""
    return {e.mention: e for e in result.events}


# -- the registry -------------------------------------------------------------------------------


def test_registry_names_the_main_libyan_and_regional_actors():
    registry = ActorRegistry.load(ROOT / "data" / "actors.csv")
    expected = {
        "House of Representatives": "organisation",
        "Government of National Unity": "organisation",
        "Libyan National Army": "armed group",
        "Aqeela Saleh": "person",
        "Khalifa Haftar": "person",
        "Wagner Group": "armed group",
        "Rapid Support Forces": "armed group",
        "United Nations Support Mission in Libya": "organisation",
    }
    assert {name: registry.actors[name].kind for name in expected} == expected
    assert registry.match("Aguila Saleh").name == "Aqeela Saleh"
    assert registry.match("the Kremlin").name == "Russia"
    for alias, group in [
        ("Ansar Allah", "Houthis"),
        ("al-Shabab", "Al-Shabaab"),
        ("SDF", "Syrian Democratic Forces"),
        ("Tahrir al-Sham", "Hayat Tahrir al-Sham"),  # spaCy often leaves "Hayat" out
        ("TTP", "Tehreek-e-Taliban Pakistan"),
        ("Fano militia", "Fano"),
    ]:
        assert registry.match(alias).name == group  # the region's other armed groups, by their other names
    for demonym, state in [("Emiratis", "United Arab Emirates"), ("Algerian", "Algeria"), ("Chadian", "Chad")]:
        assert registry.match(demonym).name == state


def test_registry_rows_must_be_valid(tmp_path):
    bad = tmp_path / "actors.csv"
    bad.write_text("name,kind,aliases,affiliation,country\nSomeone,wizard,,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"actors.csv:2: unknown actor kind 'wizard'"):
        ActorRegistry.load(bad)
    bad.write_text("name,kind\n,person\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"actors.csv:2: actor without a name"):
        ActorRegistry.load(bad)


# -- who ------------------------------------------------------------------------------------------


def test_seed_report_actors(pipeline):
    from dashboard.ingest.text import read_txt

    [article] = [a for a in read_txt(SEED)]
    [result] = list(pipeline.process([article]))
    actors = {a for e in result.events for a in e.actors}
    expected = {
        "Khalifa Haftar",
        "Russia",
        "Aqeela Saleh",
        "House of Representatives",
        "Egypt",
        "United Arab Emirates",
        "Algeria",
    }
    assert expected <= actors
    assert not {a for a in actors if "Haftar" in a} - {"Khalifa Haftar"}, "Haftar named two ways"


def test_possessive_and_titled_names_are_one_actor(pipeline):
    result = process(
        pipeline,
        "General Khalifa Haftar met officials in Benghazi on Tuesday. Haftar's visit to Tobruk followed on Wednesday.",
    )
    places = by_place(result)
    assert "Khalifa Haftar" in places["Benghazi"].actors
    assert "Khalifa Haftar" in places["Tobruk"].actors
    assert not [a for e in result.events for a in e.actors if a != "Khalifa Haftar" and "Haftar" in a]


def test_where_a_thing_was_made_or_said_names_no_actor(pipeline):
    """ "Turkish-made cars" are not Turkey acting, "said on Telegram" is a medium; "Turkish-backed" forces
    still name Turkey."""
    result = process(
        pipeline,
        "Turkish-made cars reached the port of Misrata in Libya on Monday. The governor said on Telegram "
        "that Turkish-backed fighters entered Sirte on Tuesday.",
    )
    places = by_place(result)
    assert "Turkey" not in places["Misrata"].actors and "Turkey" in places["Sirte"].actors
    assert not [a for e in result.events for a in e.actors if "Telegram" in a]
    result = process(
        pipeline, "Al-Menfi met President Abdelmadjid Tebboune at the El Mouradia Palace in Algiers on Tuesday."
    )
    assert not [a for e in result.events for a in e.actors if "Palace" in a]  # where they met, not who


def test_a_rivers_or_an_areas_name_is_no_actor(pipeline):
    result = process(pipeline, "Thousands of people fled across the Rusizi river into Burundi on Friday.")
    assert "Rusizi" not in result.new_actors and "Burundi" in by_place(result)
    result = process(pipeline, "One person was killed in clashes in the Janzour area west of Tripoli on Wednesday.")
    assert "Janzour" not in result.new_actors


def test_a_short_state_name_means_the_state_the_report_names_in_full(pipeline):
    """The lists give "Congo" to the Republic of the Congo; in a report datelined in the Democratic Republic
    of Congo it is that state. "Sudan" is Sudan's own name, also in a report on South Sudan."""
    congo = process(
        pipeline,
        "GOMA, Democratic Republic of Congo (Reuters) - Burundian troops sent to help Congo's army withdrew "
        "from Uvira on Friday.",
    )
    actors = {a for e in congo.events for a in e.actors}
    assert "Democratic Republic of the Congo" in actors and "Republic of the Congo" not in actors
    sudan = process(pipeline, "The government of South Sudan said on Monday that Sudan had shelled the town of Renk.")
    assert "Sudan" in {a for e in sudan.events for a in e.actors}


def test_a_hyphenated_surname_is_part_of_the_persons_name(pipeline):
    result = process(
        pipeline, "Prime Minister Alix Didier Fils-Aimé said police had been sent to Mirebalais on Monday."
    )
    assert "Alix Didier Fils-Aimé" in result.new_actors and "Fils-Aimé" not in result.new_actors


def test_a_country_before_a_headlines_colon_is_its_topic_not_an_actor(pipeline):
    result = process(pipeline, "Libya: Tebu and Tuareg elders agree truce in Ubari after a week of clashes.")
    assert [(e.mention, e.actors) for e in result.events][:1] == [("Ubari", ["Tebu", "Tuareg"])]


def test_a_name_the_words_send_something_through_is_no_new_actor(pipeline):
    """ "travelled via Al-Shwayrif and Derj": towns no gazetteer has under these spellings, not a body."""
    result = process(
        pipeline, "LNA spokesman Ahmed Al-Mismari said the reinforcements had travelled via Al-Shwayrif and Derj."
    )
    assert not [a for a in result.new_actors if "Shwayrif" in a]


def test_a_towns_militias_are_named_with_their_noun_not_as_the_town(pipeline):
    result = process(
        pipeline, "Prime Minister Dbeibah visited Misrata on Monday as tensions rose with Tripoli militias."
    )
    assert "Tripoli militias" in result.new_actors and "Tripoli" not in result.new_actors


def test_a_date_opening_a_line_of_a_timeline_dates_that_line(pipeline):
    """spaCy labels no "Nov 3" at the start of a line; every line had taken the report's date."""
    result = process(
        pipeline,
        "Key events in the oil blockade\n\nNov 3 - Protesters shut the oil terminal in Zawiya.\n"
        "Nov 12 - Armed men closed the road to Ubari.\n18 November: Elders in Ubari agreed to reopen the fields.",
        published="2026-11-20",
    )
    assert [(e.mention, e.event_date.isoformat()) for e in result.events] == [
        ("Zawiya", "2026-11-03"),
        ("Ubari", "2026-11-12"),
        ("Ubari", "2026-11-18"),
    ]


def test_a_body_cut_in_two_before_its_acronym_is_one_when_the_acronym_spells_it(pipeline):
    result = process(
        pipeline,
        "The UN Office for the Coordination of Humanitarian Affairs (OCHA) said on Friday that fighting in Kadugli "
        "had displaced 12,000 people. OCHA said convoys had reached Tawila.",
    )
    assert "UN Office for the Coordination of Humanitarian Affairs" in result.new_actors
    assert "Coordination of Humanitarian Affairs" not in result.new_actors
    result = process(
        pipeline,
        "More than 2,000 Sudanese refugees arrived in Kufra over the past week, fleeing fighting between the "
        "Sudanese army and the Rapid Support Forces (RSF) in North Darfur.",
    )
    assert "Rapid Support Forces" in {a for e in result.events for a in e.actors}  # the second piece spells it alone


def test_an_unknown_persons_surname_refers_back_to_the_full_name(pipeline):
    result = process(
        pipeline,
        "Local commander Omar Belkacem inspected the checkpoint in Sabha on Monday. Belkacem then drove to Ubari.",
    )
    places = by_place(result)
    assert places["Ubari"].actors == ["Omar Belkacem"]
    assert result.new_actors["Omar Belkacem"].kind == "person"


def test_a_role_refers_back_to_the_person_the_report_gave_it(pipeline):
    result = process(
        pipeline,
        "The speaker of the House of Representatives, Aqeela Saleh, arrived in Cairo on Tuesday.\n\n"
        "On Wednesday the head of the HoR met Egyptian officials in Alexandria.",
    )
    alexandria = by_place(result)["Alexandria"]
    assert {"Aqeela Saleh", "House of Representatives", "Egypt"} <= set(alexandria.actors)


def test_a_role_without_a_named_holder_names_nobody(pipeline):
    result = process(pipeline, "The head of the HoR met Egyptian officials in Alexandria on Wednesday.")
    assert set(by_place(result)["Alexandria"].actors) == {"House of Representatives", "Egypt"}


def test_an_acronym_refers_back_to_the_body_it_was_given_to(pipeline):
    result = process(
        pipeline,
        "The Council for Liberty and Progress (CLP) attacked a convoy near Murzuq on Sunday. "
        "The CLP later withdrew to Traghen.",
    )
    for event in result.events:
        assert event.actors == ["Council for Liberty and Progress"]
    assert result.new_actors["Council for Liberty and Progress"].kind == "organisation"


def test_demonyms_and_capitals_that_act_are_states(pipeline):
    result = process(
        pipeline,
        "The Russians deployed fighters to Sirte last month. Moscow has the key to the crisis, diplomats said.",
    )
    assert by_place(result)["Sirte"].actors == ["Russia"]
    moscow = by_place(result)["Moscow"]
    assert moscow.actors == ["Russia"] and moscow.place.country_code == "RU"


def test_a_capital_that_acts_beside_an_event_place_is_context(pipeline):
    result = process(pipeline, "Moscow sent weapons to Benghazi on Monday.")
    [event] = result.events
    assert event.mention == "Benghazi" and event.actors == ["Russia"]


def test_unregistered_organisations_get_a_kind_from_their_words(pipeline):
    result = process(pipeline, "The Martyrs of Qasr Brigade clashed with police in Sabha on Friday.")
    [event] = result.events
    assert "Martyrs of Qasr Brigade" in event.actors
    assert result.new_actors["Martyrs of Qasr Brigade"].kind == "armed group"


def test_a_bodys_kind_alone_is_no_actor(pipeline):
    """ "Army chief Abdel Fattah al-Burhan" (spaCy: "Army" an organisation) named a new actor "Army"."""
    result = process(pipeline, "Army chief Abdel Fattah al-Burhan met UN envoy Ramtane Lamamra in Port Sudan.")
    [event] = result.events
    assert "Army" not in event.actors and "Army" not in result.new_actors
    assert "Abdel Fattah al-Burhan" in event.actors


def test_an_armed_force_of_a_state_brings_its_state(pipeline):
    result = process(pipeline, "Wagner mercenaries arrived at Jufra last week.")
    [event] = result.events
    assert {"Wagner Group", "Russia"} <= set(event.actors)


def test_a_country_named_by_the_end_of_another_states_name_is_that_state(pipeline):
    """ "Congo's president" in a report datelined "Democratic Republic of Congo" is the DR Congo's."""
    result = process(
        pipeline,
        "GOMA, Democratic Republic of Congo (AP) - Rebels seized Sake on Tuesday. Congo's President Felix "
        "Tshisekedi met his Angolan counterpart in Luanda on Thursday.",
    )
    assert "Democratic Republic of the Congo" in by_place(result)["Luanda"].actors
    assert all("Republic of the Congo" not in e.actors for e in result.events)


# -- when -----------------------------------------------------------------------------------------


def test_on_tuesday_in_a_thursday_report_is_that_tuesday(pipeline):
    result = process(pipeline, "Delegates met in Misrata on Tuesday.")
    [event] = result.events
    assert (event.event_date, event.date_precision) == (date(2024, 3, 5), "day")


def test_last_month_is_the_previous_month(pipeline):
    result = process(pipeline, "Foreign experts arrived in Tobruk last month.")
    [event] = result.events
    assert (event.event_date, event.date_precision) == (date(2024, 2, 1), "month")


def test_the_1980s_is_a_decade(pipeline):
    result = process(pipeline, "The base near Sabha was built in the 1980s.")
    [event] = result.events
    assert (event.event_date, event.date_precision) == (date(1980, 1, 1), "decade")


def test_the_date_of_the_clause_wins_over_the_date_of_the_report(pipeline):
    result = process(pipeline, "Officials said on Wednesday that fighters had arrived in Zintan last week.")
    [event] = result.events
    assert (event.event_date, event.date_precision) == (date(2024, 2, 26), "week")


def test_a_year_that_names_a_thing_does_not_date_the_event(pipeline):
    """ "has not ratified the 2019 deal": 2019 is when the deal was made; "during the 2011 uprising" is when."""
    result = process(pipeline, "The parliament in Tobruk has not ratified the 2019 deal, its speaker said on Tuesday.")
    [event] = result.events
    assert (event.event_date, event.date_precision) == (date(2024, 3, 5), "day")
    result = process(pipeline, "During the 2011 uprising, rebels seized Zawiya.")
    [event] = result.events
    assert (event.event_date, event.date_precision) == (date(2011, 1, 1), "year")


def test_a_sentence_without_a_date_takes_the_nearest_earlier_one_of_its_paragraph(pipeline):
    result = process(
        pipeline,
        "Talks opened in Geneva on 12 February.\nThe delegates then flew to Rome.\n\nA convoy arrived in Tobruk.",
    )
    places = by_place(result)
    assert (places["Rome"].event_date, places["Rome"].date_precision) == (date(2024, 2, 12), "day")
    assert (places["Tobruk"].event_date, places["Tobruk"].date_precision) == (date(2024, 3, 7), "none")


def test_each_dated_or_bulleted_line_of_a_list_is_a_sentence_of_its_own(pipeline):
    """A pasted list of headlines has no full stops: each line keeps its own date and actors."""
    result = process(
        pipeline,
        "Security digest\n\n2 March — Gunmen kill 11 villagers in Zamfara state, Nigerian police say\n"
        "4 March — Riot police clear a protest camp in Tbilisi\n"
        "- Overnight Russian shelling of Kherson kills three, the governor says",
    )
    places = by_place(result)
    assert places["Tbilisi"].event_date == date(2024, 3, 4) and "Nigeria" not in places["Tbilisi"].actors
    assert "Russia" in places["Kherson"].actors and "Russia" not in places["Tbilisi"].actors
    assert places["Zamfara"].event_date == date(2024, 3, 2)


def test_a_date_counted_from_the_date_before(pipeline):
    result = process(pipeline, "Clashes erupted in Zliten on 3 March 2011. Two days later, rebels advanced to Misrata.")
    assert by_place(result)["Misrata"].event_date == date(2011, 3, 5)


def test_a_report_without_a_date_line_has_no_event_date(pipeline):
    result = process(pipeline, "Fighters entered Sirte.", published=None)
    [event] = result.events
    assert (event.event_date, event.date_precision) == (None, "none")


def test_future_statements_are_flagged(pipeline):
    result = process(
        pipeline,
        "Russian experts arrived in Benghazi on Monday. More experts will arrive in Tobruk. "
        "The minister plans to visit Sirte next week.",
    )
    places = by_place(result)
    assert not places["Benghazi"].future
    assert places["Tobruk"].future
    assert places["Sirte"].future and places["Sirte"].event_date == date(2024, 3, 11)


# -- what -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "activity"),
    [
        ("Haftar met Russian officials in Benghazi on Tuesday.", "meeting"),
        ("The delegation held talks in Cairo.", "meeting"),
        ("The prime minister paid a visit to Misrata on Monday.", "visit"),
        ("Turkey sent drones to Misrata.", "deployment"),
        ("Both sides signed a ceasefire agreement in Geneva.", "agreement"),
        ("Gunmen attacked a checkpoint near Sirte.", "attack"),
        ("The spokesman said in Tripoli that talks had failed.", "statement"),
        ("Thousands of families fled Tawergha.", "movement"),
        ("The weather in Ghat was mild.", "other"),
        ("Drones launched by the militia struck a power station in Sabha on Tuesday.", "attack"),
        ("Insurgents burned houses in Sabha, according to a local official.", "attack"),
    ],
)
def test_activity_types(pipeline, text, activity):
    result = process(pipeline, text)
    assert [e.activity for e in result.events] == [activity]


# -- one event, many reports -----------------------------------------------------------------------


def _store_with(pipeline, tmp_path, reports):
    store = Store(str(tmp_path / "merge.db"))
    for number, (text, source) in enumerate(reports, start=1):
        result = process(pipeline, text, source=source, id=f"r{number}", url=f"https://example.org/{number}")
        store.save(result.article, result.events, result.new_actors.values())
    return store


def test_two_reports_of_one_meeting_are_one_event_with_two_sources(pipeline, tmp_path):
    store = _store_with(
        pipeline,
        tmp_path,
        [
            ("General Khalifa Haftar met Egyptian officials in Benghazi on Tuesday.", "Agency A"),
            ("On Tuesday, Egyptian envoys held talks with Haftar in Benghazi, his office said.", "Agency B"),
        ],
    )
    frame = store.events_frame()
    assert len(frame) == 2
    [event] = records(frame)
    assert event["place_name"] == "Benghazi" and event["event_date"] == "2024-03-05"
    assert {"Khalifa Haftar", "Egypt"} <= set(event["actors"])
    assert [s["source"] for s in event["sources"]] == ["Agency A", "Agency B"]
    assert [s["url"] for s in event["sources"]] == ["https://example.org/1", "https://example.org/2"]
    assert len(store.merged_events_frame()) == 1
    store.sync_registry([Actor("Agency A", "media")])
    assert store.media_names() == {"Agency A"}
    csv_text = to_string(frame, "csv")
    assert "Agency A <https://example.org/1>; Agency B <https://example.org/2>" in csv_text
    store.close()


def test_two_meetings_in_different_cities_stay_two(pipeline, tmp_path):
    store = _store_with(
        pipeline,
        tmp_path,
        [
            ("General Khalifa Haftar met Egyptian officials in Benghazi on Tuesday.", "Agency A"),
            ("General Khalifa Haftar met Egyptian officials in Tobruk on Tuesday.", "Agency B"),
        ],
    )
    exported = [json.loads(line) for line in to_string(store.events_frame(), "jsonl").splitlines()]
    assert sorted(e["place_name"] for e in exported) == ["Benghazi", "Tobruk"]
    assert all(len(e["sources"]) == 1 for e in exported)
    store.close()


def test_the_same_place_on_different_days_stays_two(pipeline, tmp_path):
    store = _store_with(
        pipeline,
        tmp_path,
        [
            ("General Khalifa Haftar met Egyptian officials in Benghazi on Tuesday.", "Agency A"),
            ("General Khalifa Haftar met Egyptian officials in Benghazi on Monday.", "Agency B"),
        ],
    )
    assert len(records(store.events_frame())) == 2
    store.close()


def test_the_future_flag_is_stored_and_exported(pipeline, tmp_path):
    store = _store_with(pipeline, tmp_path, [("More Russian experts will arrive in Tobruk.", "Agency A")])
    [event] = records(store.events_frame())
    assert event["future"] is True
    store.close()


def test_a_name_inside_a_capitalised_hyphenated_dateline_is_no_actor(pipeline):
    """ "PORT-AU-PRINCE, Haiti (AP) —": the ruler's "AU" (the African Union) is a piece of the town's name."""
    result = process(
        pipeline, "PORT-AU-PRINCE, Haiti (AP) — Gang members attacked Kenscoff, a mountain town, on Wednesday."
    )
    assert all("African Union" not in e.actors for e in result.events)
    result = process(pipeline, "The AU-led mission arrived in Mogadishu on Monday.")
    assert "African Union" in result.events[0].actors


def test_a_town_whose_coast_or_centre_the_words_put_something_in_is_where_it_happened(pipeline):
    """ "off the coast of Libya": a country the words put something off or in is where it happened (it was
    read as a possessor, and a country that is not where something happened makes no event)."""
    result = process(pipeline, "Two migrant boats sank off the coast of Libya on Wednesday, the IOM said.")
    assert [(e.mention, e.place.feature) for e in result.events] == [("Libya", "country")]
    result = process(pipeline, "The mayor of Zuwara met the Coast Guard on Wednesday in Tripoli.")
    assert [e.mention for e in result.events] == ["Tripoli"]  # a mayor "of" a town says whose, not where
