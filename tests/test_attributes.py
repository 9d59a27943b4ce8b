"""The table attribute ruler leaves every token exactly as spaCy's attribute ruler does."""

from __future__ import annotations

import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from dashboard.extract.attributes import TableAttributeRuler, use_table_attribute_ruler, use_table_lemmatizer
from dashboard.extract.nlp import load_model

TEXTS = [
    "There is a meeting in Cairo on Monday, and there were two more last week.",
    "Let's see: I'm gonna go, y'all ain't coming?  He said it was what it was.\n\nThe talks, which began "
    "in 2019, ended. Those who left are back; that is all.",
    "Officials met.\n \nThem's the rules, ol' friend; nothin' doin'.",
]
ATTRS = [POS, TAG, MORPH, LEMMA, DEP, HEAD]


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_table_matches_the_ruler_token_for_token(model):
    before = ["attribute_ruler", "lemmatizer", "ner"]
    ruler = model.get_pipe("attribute_ruler")
    table = TableAttributeRuler(ruler)
    assert table.exact
    for text in TEXTS * 2:  # the second round reads the table it learnt in the first
        expected = ruler(model(text, disable=before))
        got = table(model(text, disable=before))
        assert [t.pos_ for t in got] == [t.pos_ for t in expected]
        assert (got.to_array(ATTRS) == expected.to_array(ATTRS)).all(), text
    assert any(t.pos_ == "VERB" and t.lower_ == "is" for t in table(model(TEXTS[0], disable=before)))


def test_pipeline_with_the_tables_gives_the_same_annotations():
    plain, fast = load_model(), load_model()
    use_table_attribute_ruler(fast)
    use_table_lemmatizer(fast)
    assert type(fast.get_pipe("attribute_ruler")).__name__ == "TableAttributeRuler"
    assert type(fast.get_pipe("lemmatizer")).__name__ == "TableLemmatizer"
    for text in TEXTS * 2:  # the second round reads the tables learnt in the first
        a, b = plain(text), fast(text)
        assert [(t.lemma_, t.pos_, str(t.morph)) for t in a] == [(t.lemma_, t.pos_, str(t.morph)) for t in b]
        assert (a.to_array(ATTRS) == b.to_array(ATTRS)).all()
    assert [t.lemma_ for t in fast("The ministers were meeting")] == ["the", "minister", "be", "meet"]


def test_document_index_answers_as_the_tokens_do(model):
    from dashboard.extract.doc_index import (
        capitalised_tokens,
        entities,
        entity_starting_at,
        sentence_spans,
        tokens_lemma_lower_in,
        tokens_lower_in,
    )

    doc = model("The Chairman met the chairmen in Cairo.  Then the CAPITAL fell.\n\nÉmile left the eastern port.")
    assert sentence_spans(doc) == [(s.start_char, s.end_char) for s in doc.sents]
    assert capitalised_tokens(doc) == [t.i for t in doc if t.text[:1].isupper()]
    assert tokens_lower_in(doc, ("capital", "port")) == [t.i for t in doc if t.lower_ in ("capital", "port")]
    roles = frozenset({"chairman"})
    assert tokens_lemma_lower_in(doc, roles, "test") == [t.i for t in doc if t.lemma_.lower() in roles]
    assert [e.text for e in entities(doc)] == [e.text for e in doc.ents]
    assert {i: e.text for i, e in entity_starting_at(doc).items()} == {e.start: e.text for e in doc.ents}
    one = model("Hi")
    assert sentence_spans(one) == [(s.start_char, s.end_char) for s in one.sents]
