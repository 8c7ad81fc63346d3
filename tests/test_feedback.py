"""What they say: words and phrases from a free-text column, contacts hidden.

The fixture's counts are worked out by hand in the comments.
"""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import sqlglot
from streamlit.testing.v1 import AppTest

from nonactivated import dataset, feedback
from nonactivated.queries import Filters, load_sql

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "feedback_customers.csv"
SHARED = REPO.parent / "shared" / "data"
DIALECTS = ("postgres", "bigquery", "snowflake", "spark", "trino", "clickhouse")
DIALECTS += ("mysql",)


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"the shared test data is missing: looked for {path}")
    return path


def fixture_dataset():
    return dataset.load(FIXTURE.read_bytes(), FIXTURE.name)


def start_page(loaded=None) -> AppTest:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    if loaded is not None:
        app.session_state["dataset"] = loaded
    app.switch_page("views/feedback.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_column_named_like_a_reason_is_taken_as_feedback():
    ds = fixture_dataset()
    assert ds.raw.columns[ds.mapping.roles["feedback"]] == "why_not_bought"
    assert "why_not_bought" not in ds.model.slice_labels.values()


def test_only_the_answers_of_people_who_never_bought_are_gathered():
    ds = fixture_dataset()
    answers = feedback.answers(ds, Filters(), dt.date(2025, 1, 31))
    # F4 bought, F5 wrote nothing; F1 and F6 wrote the same words.
    assert answers.values.tolist() == [
        ["Shipping is too expensive", 2],
        ["Didn't find my size", 1],
        ["Shipping costs are high", 1],
        ["Shipping costs too high, call me on +44 20 7946 0958", 1],
        ["too expensive; write to jo@example.org", 1],
    ]


def test_words_and_phrases_are_counted_once_per_person_without_stop_words():
    ds = fixture_dataset()
    terms = feedback.top_terms(feedback.answers(ds, Filters(), dt.date(2025, 1, 31)))
    # shipping: F1, F2, F6, F8; expensive: F1, F3, F6; costs and high: F2, F8;
    # "shipping costs": F2, F8. Phrases used once are left out; so are the phone
    # number and the address, and words such as "is", "too" and "didn't".
    assert terms.values.tolist() == [
        ["shipping", "word", 4],
        ["expensive", "word", 3],
        ["costs", "word", 2],
        ["high", "word", 2],
        ["shipping costs", "phrase", 2],
        ["call", "word", 1],
        ["find", "word", 1],
        ["size", "word", 1],
        ["write", "word", 1],
    ]


def test_examples_hide_e_mail_addresses_and_phone_numbers():
    ds = fixture_dataset()
    answers = feedback.answers(ds, Filters(), dt.date(2025, 1, 31))
    assert feedback.examples(answers, "expensive") == [
        "Shipping is too expensive",
        "too expensive; write to [hidden]",
    ]
    assert feedback.examples(answers, "shipping costs") == [
        "Shipping costs are high",
        "Shipping costs too high, call me on [hidden]",
    ]


def test_a_phrase_never_crosses_punctuation():
    answers = pd.DataFrame(
        {"feedback": ["price, delivery", "price delivery"], "people": [1, 1]}
    )
    terms = feedback.top_terms(answers)
    assert "price delivery" not in set(terms["term"])
    answers["feedback"] = ["price delivery", "Price   delivery!"]
    assert ["price delivery", "phrase", 2] in feedback.top_terms(
        answers
    ).values.tolist()


def test_prices_and_years_are_not_taken_for_phone_numbers():
    text = "Saw it for 49.99 in 2025, call 0151 496 0123 or mail a.b@shop.example"
    assert (
        feedback.hide_contacts(text, "#")
        == "Saw it for 49.99 in 2025, call # or mail #"
    )


def test_the_feedback_query_translates_to_every_database():
    sql = load_sql("feedback_answers")
    raise_on = sqlglot.ErrorLevel.RAISE
    for dialect in DIALECTS:
        sqlglot.transpile(sql, read="duckdb", write=dialect, unsupported_level=raise_on)


def test_the_page_shows_the_counted_words_and_hides_contacts():
    app = start_page(fixture_dataset())
    values = {m.label: (m.value, m.delta) for m in app.metric}
    # Six of the seven people who never bought wrote something (F5 did not).
    assert values["People who wrote something"] == ("6", "of 7 who never bought")
    shown = " ".join(m.value for m in app.markdown)
    assert "Shipping is too expensive" in shown
    assert "example.org" not in shown and "7946" not in shown
    assert app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")


def test_the_page_says_which_column_is_missing_on_the_sample():
    app = start_page()
    assert any("no free-text column" in i.value for i in app.info)


def test_a_note_written_only_by_a_customer_gives_an_empty_state():
    folder = ("real", "shopify-customers-orders-oks234")
    customers = shared_file(*folder, "customers_export_1.csv")
    loaded = dataset.load(customers.read_bytes(), customers.name)
    assert loaded.raw.columns[loaded.mapping.roles["feedback"]] == "Note"
    app = start_page(loaded)
    assert any("Nobody in this view" in i.value for i in app.info)


def test_the_lead_report_has_no_free_text_column_and_says_so():
    lead = shared_file("real", "salesforce-lead-report-sovid7", "Lead.csv")
    app = start_page(dataset.load(lead.read_bytes(), lead.name))
    assert any("no free-text column" in i.value for i in app.info)
