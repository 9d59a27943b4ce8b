"""Readers: page furniture removed, published dates found, every bad input named with file and line."""

from __future__ import annotations

import json
import os
from datetime import date, datetime

from dashboard.ingest import IngestError, read_file, read_paths
from dashboard.ingest.cleanup import clean_report
from dashboard.model import Article

PAGE = """Thursday , 7 March 2024
Home / World / Floods hit the coast

Floods hit the coast

Heavy rain flooded the harbour of Sousse on Tuesday.

Officials in Tunis said schools would close.

Related Articles

Storm season begins in Sicily
"""


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def errors(items):
    return [i for i in items if isinstance(i, IngestError) and not i.warning]


def test_page_furniture_is_removed_and_kept_apart():
    cleaned = clean_report(PAGE)
    assert cleaned.published == date(2024, 3, 7)
    assert cleaned.title == "Floods hit the coast"
    assert cleaned.text.startswith("Heavy rain flooded")
    assert "Sicily" not in cleaned.text and "Home /" not in cleaned.text
    assert any("Sicily" in r for r in cleaned.removed)


def test_a_datelines_full_date_is_the_publication_date_of_a_report_without_one():
    cleaned = clean_report(
        "Egypt opens crossing\n\nCAIRO, March 3, 2026 (Xinhua) -- Egypt opened the crossing on Tuesday."
    )
    assert cleaned.published == date(2026, 3, 3)
    assert clean_report("Tripoli – 24 November 2026: The envoy visited Misrata.").published == date(2026, 11, 24)
    assert clean_report("BEIRUT, Nov 21 (Reuters) - No year, so no date.").published is None
    assert clean_report("Officials said on March 3, 2026 (Monday) that talks failed.").published is None


def test_bylines_are_removed_and_give_their_date():
    """Who wrote or published a report is no actor of it; a byline's date is the publication date."""
    cleaned = clean_report(
        "Truce signed in Ubari\n\nLibya Update, 2 December 2026\n\nElders signed a truce in Ubari on Monday."
    )
    assert (cleaned.published, cleaned.text) == (date(2026, 12, 2), "Elders signed a truce in Ubari on Monday.")
    herald = clean_report(
        "Depot explodes in Gharyan\n\nLibya Herald\n\nBy Sami Zaptia\n\nTripoli, 21 November 2026:\n\n"
        "Two people were killed in Gharyan."
    )
    assert herald.text.startswith("Tripoli, 21 November 2026:") and herald.published == date(2026, 11, 21)
    assert {"Libya Herald", "By Sami Zaptia"} <= set(herald.removed)
    numeric = clean_report("Mass grave found in Tarhuna\n\nLibya Observer | 03/11/2026\n\nA grave was found.")
    assert numeric.published == date(2026, 11, 3)  # day first, as outside the United States
    update = clean_report(
        "Flash Update #3: Flooding in eastern Libya\nPublished 14 September 2025\n\nHeavy rain hit Al Bayda on Friday."
    )
    assert (update.title, update.published) == ("Flash Update #3: Flooding in eastern Libya", date(2025, 9, 14))
    assert update.text == "Heavy rain hit Al Bayda on Friday."
    assert clean_report("Title\n\nPublished reports say the port of Sirte reopened.").published is None
    lana = clean_report("Misrata, 21 August 2025 (LANA) –\n\nThe council received a delegation on Wednesday.")
    assert (lana.title, lana.published) == ("", date(2025, 8, 21))  # a dateline on its own line is no title
    assert lana.text.startswith("Misrata, 21 August 2025 (LANA) –")


def test_header_lines_the_byline_rules_do_not_know_still_give_the_date():
    """ "By Abdelsalam Ghaith, Sebha" is a byline; a "Published:" or "Issued:" line below header lines
    that are not ("Issued by: OCHA ...") still dates the report and leaves the text."""
    sahara = clean_report(
        "Troops enter Sebha\n\nSahara Post\nBy Abdelsalam Ghaith, Sebha\nPublished: 9 November 2026\n\n"
        "The army entered Sebha on Sunday."
    )
    assert (sahara.published, sahara.text) == (date(2026, 11, 9), "The army entered Sebha on Sunday.")
    sitrep = clean_report(
        "SOUTH SUDAN: Flooding - Situation Report No. 3\n\nIssued by: OCHA, with inputs from WFP\n"
        "Issued: 20 November 2026\n\nThe river breached dykes north of Bor."
    )
    assert sitrep.published == date(2026, 11, 20) and "20 November" not in sitrep.text
    lines = "\n".join(f"The army moved {n} units in." for n in range(2, 8))
    deep = clean_report(f"Title\n\n{lines}\nPublished: 9 November 2026\nThey left.")
    assert deep.published is None  # far below the header: part of the text


def test_short_header_lines_below_the_headline_are_furniture_and_the_dateline_below_them_dates_the_report():
    """The outlet, the desk and the author in forms the byline rules do not know."""
    lana = clean_report(
        "Elders sign reconciliation document in Sebha\n\nLibyan News Agency (LANA)\n\n"
        "Sebha, 16 November 2026 (LANA) - Elders of the Tebu and Tuareg signed a document on Sunday."
    )
    assert lana.published == date(2026, 11, 16) and lana.text.startswith("Sebha, 16 November 2026")
    unsmil = clean_report(
        "UNSMIL Statement on the clashes in Garabulli\n\nUnited Nations Support Mission in Libya\nPress Statement"
        "\n\nTripoli, 18 November 2026 - The Mission is deeply concerned by the clashes."
    )
    assert unsmil.published == date(2026, 11, 18) and "Press Statement" in unsmil.removed
    niger = clean_report(
        "Four soldiers killed near Madama\n\nAïr Info - English service\nBy our correspondent in Agadez\n"
        "Friday 20 November 2026\n\nAGADEZ, Niger - Four soldiers were killed on Tuesday."
    )
    assert niger.published == date(2026, 11, 20) and niger.text.startswith("AGADEZ, Niger")


def test_a_section_label_above_the_headline_is_not_the_title():
    cleaned = clean_report(
        "MYANMAR / BANGLADESH\n\nJunta strikes intensify around Sittwe\n\n"
        "TEKNAF, Bangladesh, 22 November 2026 -- Jets bombed two villages."
    )
    assert (cleaned.title, cleaned.published) == ("Junta strikes intensify around Sittwe", date(2026, 11, 22))
    assert "MYANMAR / BANGLADESH" in cleaned.removed
    shouting = clean_report("FLOODS HIT DERNA\n\nHeavy rain flooded Derna on Monday.")
    assert shouting.title == "FLOODS HIT DERNA"  # a headline in capitals, with the text below it


def test_a_dated_line_with_a_time_and_zone_after_the_date_dates_the_report():
    cleaned = clean_report(
        "Gunmen torch Kumba school\n\nBy Ebenezer Tanyi, Buea\n"
        "Published: Monday, 2 November 2026, 07:40 WAT | Updated: 10:15 WAT\n\nSchools stayed shut in Kumba."
    )
    assert (cleaned.published, cleaned.text) == (date(2026, 11, 2), "Schools stayed shut in Kumba.")
    zone = clean_report("Car bomb in Deir ez-Zor\n\nPublished: 23 November 2026, 11:05 (GMT+3)\n\nA car exploded.")
    assert zone.published == date(2026, 11, 23)


def test_short_lines_of_furniture_above_the_headline_are_not_the_title():
    """A release's header block ("PRESS RELEASE" / issuer / "For immediate release") and a label right above
    the headline without a blank line between ("IN BRIEF | IRAQ")."""
    release = clean_report(
        "PRESS RELEASE\nHumanitas Medical Relief (HMR)\nFor immediate release\n\n"
        "Yemen: Nurse among four killed in Taiz shelling\n\n"
        "Geneva, 14 November 2026 – The group condemns the shelling of a street in Taiz."
    )
    assert (release.title, release.published) == ("Yemen: Nurse among four killed in Taiz shelling", date(2026, 11, 14))
    assert release.text.startswith("Geneva, 14 November 2026") and "For immediate release" in release.removed
    brief = clean_report(
        "IN BRIEF | IRAQ\nThree soldiers killed in Kirkuk ambush near Makhmour\n\n"
        "BAGHDAD, 4 November 2026 — Three soldiers were killed."
    )
    assert (brief.title, brief.published) == ("Three soldiers killed in Kirkuk ambush near Makhmour", date(2026, 11, 4))
    lines = clean_report("Key points\nFighting in Sirte\n\nClashes went on in Sirte on Monday, officials said.")
    assert lines.title == ""  # no headline below: the short lines stay the text's
    assert lines.text.startswith("Key points")


def test_a_wire_dateline_without_a_year_is_read_against_the_files_date(tmp_path):
    text = "Clashes in Tripoli\n\nTRIPOLI, Nov 18 (Reuters) - Fighting killed seven on Tuesday.\n"
    assert clean_report(text, reference=date(2026, 11, 24)).published == date(2026, 11, 18)
    assert clean_report(text, reference=date(2027, 1, 5)).published == date(2026, 11, 18)  # not a day to come
    path = tmp_path / "wire.txt"
    path.write_text(text, encoding="utf-8")
    stamp = datetime(2026, 11, 24, 12).timestamp()
    os.utime(path, (stamp, stamp))
    items = list(read_file(path))
    [article] = articles(items)
    assert article.published == date(2026, 11, 18)
    [warning] = [i for i in items if isinstance(i, IngestError)]
    assert warning.warning and warning.line == 3 and "no year" in warning.reason and "2026-11-24" in warning.reason


def test_newswire_slugs_are_removed_and_kept_apart():
    """ "1st LD-Writethru:" and "UPDATE 2-" name no one ("LD" was placed at Lod); a word like them in a
    sentence stays."""
    cleaned = clean_report("1st LD, Writethru: 23 militants killed in Helmand\n\nUPDATE 2-Forces seize Sirte port")
    assert (cleaned.title, cleaned.text) == ("23 militants killed in Helmand", "Forces seize Sirte port")
    assert {"1st LD, Writethru:", "UPDATE 2-"} <= set(cleaned.removed)
    assert clean_report("Analysis of the vote shows a split.").text == "Analysis of the vote shows a split."


def test_a_captions_marker_is_removed_and_its_words_kept():
    cleaned = clean_report(
        "Derna bridge reopens\n\nThe bridge reopened on Thursday.\n\n[Photo 2] Residents walk past new blocks in "
        "Derna.\n[PHOTO] Trucks line up in Arish."
    )
    assert cleaned.text.endswith("Residents walk past new blocks in Derna.\nTrucks line up in Arish.")
    assert {"[Photo 2]", "[PHOTO]"} <= set(cleaned.removed)


def test_a_digest_whose_stories_are_separated_by_rules_is_read_as_one_report_per_story(tmp_path):
    """Each story keeps its own title and dateline date; the digest's header is kept apart."""
    story = "{place}, {day} November 2026 - " + " ".join(["Officials said clashes went on in the area."] * 6)
    path = tmp_path / "digest.txt"
    path.write_text(
        "SECURITY DIGEST\nCompiled Sunday 8 November 2026\n\n"
        + "-" * 40
        + "\n\nMourners fired on in Zahedan\n\n"
        + story.format(place="ZAHEDAN", day=3)
        + "\n\n"
        + "-" * 40
        + "\n\nRaid in Jenin\n\n"
        + story.format(place="JENIN", day=5)
        + "\n",
        encoding="utf-8",
    )
    first, second = articles(list(read_file(path)))
    assert (first.title, first.published) == ("Mourners fired on in Zahedan", date(2026, 11, 3))
    assert (second.title, second.published) == ("Raid in Jenin", date(2026, 11, 5))
    assert first.origin.endswith("digest.txt#1") and "SECURITY DIGEST" in first.removed[0]
    single = tmp_path / "single.txt"
    single.write_text("Title\n\nText of the report.\n\n" + "-" * 20 + "\nRead more: other stories", encoding="utf-8")
    assert len(articles(list(read_file(single)))) == 1  # a rule before a footer splits nothing


def test_wire_credit_lines_are_removed_and_kept_apart():
    """A wire story's reporters and editors are no actors of it, nor their desks ("in Cairo") its places;
    a sentence that starts like a credit stays."""
    credits = [
        "(Reporting by Khalid Abdelaziz in Cairo; Editing by Aidan Lewis)",
        "Additional reporting by Ahmed Elimam in Dubai; writing by Nafisa Eltahir",
        "Associated Press writer Samy Magdy in Cairo contributed to this report.",
    ]
    sentence = "Reporting by the BBC found that the army fired first."
    body = "\n\n".join([sentence, *credits])
    cleaned = clean_report(f"Shelling kills 12 in El Fasher\n\nShelling killed 12.\n\n{body}")
    assert cleaned.text.split() == ["Shelling", "killed", "12.", *sentence.split()]
    assert set(credits) <= set(cleaned.removed)


def test_an_impossible_date_line_is_reported_not_used(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("31 February 2024\n\nClashes were reported in Sabha.\n", encoding="utf-8")
    items = list(read_file(path))
    [article] = articles(items)
    assert article.published is None
    assert any(i.warning and i.line == 1 and "not a valid" in i.reason for i in items if isinstance(i, IngestError))


def test_jsonl_bad_lines_are_named_and_good_ones_kept(tmp_path):
    path = tmp_path / "feed.jsonl"
    good = {"id": "a1", "text": "Talks were held in Rome.", "published": "2024-05-02T10:00:00Z", "source": "Wire"}
    path.write_text(json.dumps(good) + "\n{broken\n" + json.dumps({"title": "no text"}) + "\n", encoding="utf-8")
    items = list(read_file(path))
    [article] = articles(items)
    assert (article.id, article.published, article.source) == ("a1", date(2024, 5, 2), "Wire")
    bad = errors(items)
    assert [(e.line, e.reason.split(" (")[0]) for e in bad] == [(2, "invalid JSON"), (3, "no 'text' field")]
    assert str(bad[0]).startswith(f"{path}:2:")


def test_csv_without_a_text_column_is_rejected_with_its_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("title,notes\nA,B\n", encoding="utf-8")
    [error] = list(read_file(path))
    assert isinstance(error, IngestError) and "no 'text' column" in error.reason and "notes" in error.reason
    assert "body" in error.reason  # the other names a text column may have


def test_records_are_read_under_the_names_other_tools_export_fields_as(tmp_path):
    """An analyst's spreadsheet says "date", "body", "headline", "link", "publisher": read, not dropped."""
    path = tmp_path / "x.csv"
    path.write_text(
        "Date,Headline,Body,Link,Publisher\n2025-05-12,Clashes,Clashes broke out in Tripoli.,https://x.org/1,OCHA\n",
        encoding="utf-8",
    )
    [article] = articles(list(read_file(path)))
    assert (article.published, article.title, article.url, article.source) == (
        date(2025, 5, 12),
        "Clashes",
        "https://x.org/1",
        "OCHA",
    )
    assert article.text == "Clashes broke out in Tripoli."
    path = tmp_path / "x.jsonl"
    record = {"content": "Talks were held in Rome.", "published_at": "", "date": "2024-05-02", "text": ""}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [article] = articles(list(read_file(path)))  # the first name that holds a value
    assert (article.text, article.published) == ("Talks were held in Rome.", date(2024, 5, 2))


def test_csv_rows_become_articles_with_row_numbers(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('text,published\n"A convoy left Gao.",2023-01-02\n"",2023-01-03\n', encoding="utf-8")
    items = list(read_file(path))
    assert [a.published for a in articles(items)] == [date(2023, 1, 2)]
    assert [e.line for e in errors(items)] == [3]


def test_rss_items_become_articles(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(
        "<?xml version='1.0'?><rss><channel><title>Wire</title><item><title>T</title><link>http://x/1</link>"
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>"
        "<description>&lt;p&gt;Fighting near Sirte.&lt;/p&gt;</description>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    [article] = articles(read_file(path))
    assert (article.text, article.url, article.published, article.source) == (
        "Fighting near Sirte.",
        "http://x/1",
        date(2024, 3, 5),
        "Wire",
    )


def test_html_scripts_and_navigation_are_dropped(tmp_path):
    path = tmp_path / "page.html"
    body = "<p>" + "Officials met in Benghazi to discuss the budget and the oil blockade. " * 4 + "</p>"
    path.write_text(
        f"<html><head><title>Budget talks</title><script>alert('x')</script></head><body><nav>Home | World</nav>"
        f"<article><h1>Budget talks</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    [article] = articles(read_file(path))
    assert "Benghazi" in article.text and "alert" not in article.text
    assert article.source == "page"  # no site name in the page: its file's name, as for a text file


def test_unknown_formats_missing_paths_and_empty_files_are_errors(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    reasons = sorted(e.reason.split(" (")[0] for e in errors(read_paths([tmp_path, tmp_path / "missing.txt"])))
    assert reasons == ["empty file", "no such file or folder", "unknown report format '.pdf'"]


def test_invalid_utf8_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Talks in Tunis, caf\u00e9 owners said.\n".encode("cp1252"))
    items = list(read_file(path))
    [article] = articles(items)
    assert "café" in article.text
    assert any(isinstance(i, IngestError) and i.warning for i in items)


def test_same_text_gives_the_same_id(tmp_path):
    (tmp_path / "a.txt").write_text("Protests in Tobruk.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Protests   in Tobruk.\n", encoding="utf-8")
    a, b = articles(read_paths([tmp_path]))
    assert a.id == b.id


def warnings_of(items):
    return [i for i in items if isinstance(i, IngestError) and i.warning]


def test_mostly_utf8_with_a_stray_byte_keeps_utf8_and_names_the_line(tmp_path):
    path = tmp_path / "mixed.txt"
    text = "Talks in Zürich ended.\nThe caf\xe9 closed \x92early\x92.\n"
    path.write_bytes(text.encode().replace(b"\xc2\x92", b"\x92"))  # two stray Windows-1252 quotes
    items = list(read_file(path))
    [article] = articles(items)
    assert "Zürich" in article.text and "\ufffd" in article.text
    [warning] = warnings_of(items)
    assert warning.line == 2 and "not valid UTF-8" in warning.reason


def test_text_that_no_decoding_makes_plausible_is_rejected(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([0x81, 0x8D, 0xFE, 0xC3, 0x28, 0xA0, 0xFF, 0x9D, 0x20]) * 200)
    [error] = list(read_file(path))
    assert not error.warning and "not valid UTF-8" in error.reason and error.line == 1


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Flooding in Porto on Monday.\n".encode("utf-16"))
    [article] = articles(read_file(path))
    assert article.text == "Flooding in Porto on Monday."


def test_a_huge_single_report_file_is_rejected_unread_with_its_size(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # 50 MB (sparse): rejected on its size alone
    [error] = list(read_file(path))
    assert "50 MB" in error.reason and "at most 10 MB" in error.reason


def test_jsonl_is_read_a_line_at_a_time_and_an_overlong_line_is_skipped(tmp_path, monkeypatch):
    from dashboard.ingest import base

    monkeypatch.setattr(base, "MAX_LINE_BYTES", 200)
    path = tmp_path / "feed.jsonl"
    lines = [{"text": "Strikes near Odesa."}, {"text": "x " * 300}, {"text": "Rain in Lagos."}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    items = list(read_file(path))
    assert [a.text for a in articles(items)] == ["Strikes near Odesa.", "Rain in Lagos."]
    [error] = errors(items)
    assert error.line == 2 and "longer than" in error.reason


def test_a_record_date_that_is_no_iso_date_is_read_day_first_with_a_warning(tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_text(
        'id,date,headline,content\n1,14/11/2026,Blast,"A blast hit Peshawar."\n'
        '2,5 November 2026,Raid,"Police raided Quetta."\n',
        encoding="utf-8",
    )
    items = list(read_file(path))
    assert [a.published for a in articles(items)] == [date(2026, 11, 14), date(2026, 11, 5)]
    first, second = warnings_of(items)
    assert first.line == 2 and "read as 2026-11-14 (day first)" in first.reason
    assert second.line == 3 and "read as 2026-11-05" in second.reason and "day first" not in second.reason


def test_a_csv_whose_dates_are_month_first_is_read_month_first_throughout(tmp_path):
    """ "11/18/2026" can only be month first: then "11/04/2026" in the same file is 4 November, not 11 April."""
    path = tmp_path / "export.csv"
    path.write_text(
        'Date,Title,Body\n11/04/2026,Raid,"Police raided Saravan."\n11/18/2026,Blast,"A blast hit Zahedan."\n',
        encoding="utf-8",
    )
    items = list(read_file(path))
    assert [a.published for a in articles(items)] == [date(2026, 11, 4), date(2026, 11, 18)]
    assert all("month first" in w.reason for w in warnings_of(items))


def test_an_impossible_published_date_keeps_the_report_without_a_date(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "Talks in Oslo.", "published": "2024-02-31"}) + "\n", encoding="utf-8")
    items = list(read_file(path))
    [article] = articles(items)
    assert article.published is None
    [warning] = warnings_of(items)
    assert warning.line == 1 and "'2024-02-31' is not a valid date" in warning.reason


def test_a_report_longer_than_the_model_accepts_is_rejected_with_its_line(tmp_path):
    from dashboard.ingest.base import MAX_REPORT_CHARS

    path = tmp_path / "x.csv"
    path.write_text(f'text\n"Talks in Oslo."\n"{"word " * (MAX_REPORT_CHARS // 5 + 1)}"\n', encoding="utf-8")
    items = list(read_file(path))
    assert len(articles(items)) == 1
    [error] = errors(items)
    assert error.line == 3 and "characters" in error.reason


def test_csv_rows_spanning_lines_keep_their_starting_line(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('id,text\na,"First line.\nSecond line in Gao."\nb,\nc,"Rain in Dakar."\n', encoding="utf-8")
    items = list(read_file(path))
    assert [a.id for a in articles(items)] == ["a", "c"]
    assert [e.line for e in errors(items)] == [4]
