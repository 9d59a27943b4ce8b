"""Issue 6: reports uploaded or pasted in the browser go through the same readers, errors named."""

from __future__ import annotations

import json
from datetime import date

from dashboard.ingest.base import IngestError
from dashboard.store import Store
from dashboard.uploads import ingest_uploads, pasted_article


def test_an_upload_with_a_broken_line_keeps_the_good_report_and_names_line_2(pipeline, tmp_path):
    good = json.dumps({"text": "Officials met in Sabha on Monday.", "published": "2024-04-01", "id": "u1"})
    data = (good + "\n{not json\n").encode()
    with Store(str(tmp_path / "u.db")) as store:
        summary = ingest_uploads([("reports.jsonl", data), ("../../etc/empty.txt", b"")], store, lambda: pipeline)
        assert summary.stored == 1 and store.count("articles") == 1
    messages = [str(e) for e in summary.errors]
    assert any(m.startswith("reports.jsonl:2: invalid JSON") for m in messages), messages
    assert any(m.startswith("empty.txt: empty file") for m in messages), messages


def test_pasted_text_becomes_an_article_with_its_details():
    article = pasted_article("Fighting near Gharyan.", "Clashes", date(2024, 5, 6), "Field notes")
    assert (article.title, article.published, article.source) == ("Clashes", date(2024, 5, 6), "Field notes")
    assert isinstance(pasted_article("   "), IngestError)
