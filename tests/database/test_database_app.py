"""From secrets to a full dashboard without a file, through Streamlit's AppTest,
and each failure the tracker lists answered with a plain message.

Expected figures are counted with pandas straight from the sample file, apart
from the app's code; PostgreSQL holds the same rows (see conftest.py).
"""

import logging
from pathlib import Path

import pandas as pd
import pytest
from conftest import READER_PASSWORD, SAMPLE
from streamlit.testing.v1 import AppTest

from nonactivated import texts

REPO = Path(__file__).resolve().parents[2]
PAGES = ["views/overview.py", "views/slices.py", "views/people.py", "views/data.py"]
KEY = "team_crm"


def start_app(entry: dict, source: str | None = "customers", page=None, state=None):
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.secrets["connections"] = {KEY: entry}
    app.session_state["data_from"] = texts.DATA_FROM_DATABASE
    app.session_state["db_connection"] = KEY
    if source is not None:
        app.session_state[f"db_source_{KEY}"] = source
    for key, value in (state or {}).items():
        app.session_state[key] = value
    if page:
        app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def expected(column: str | None = None, value: str | None = None) -> tuple[int, int]:
    users = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    if column:
        users = users[users[column] == value]
    as_of_end = pd.Timestamp("2026-12-01")  # the end of the sample's last day
    registered = pd.to_datetime(users["registered_at"]) < as_of_end
    ordered = pd.to_datetime(users["first_order_at"].replace("", None)) < as_of_end
    return int(registered.sum()), int((registered & ~ordered).sum())


def errors(app: AppTest) -> str:
    return " ".join(e.value for e in app.error)


def test_secrets_to_a_full_dashboard_without_a_file(secrets_entry):
    everyone, never_bought = expected()
    app = start_app(secrets_entry)
    assert metric(app, "All registered users") == f"{everyone:,}"
    assert metric(app, "Registered, never bought") == f"{never_bought:,}"
    assert not app.info, "the sample note must not show for a database"
    assert any("counted by the database" in c.value for c in app.caption)
    for page in PAGES[1:]:
        shown = start_app(secrets_entry, page=page)
        assert shown.metric, page
    people = start_app(secrets_entry, page="views/people.py")
    assert metric(people, "People in this list") == f"{never_bought:,}"


def test_a_filter_works_on_the_database(secrets_entry):
    everyone, never_bought = expected("device_type", "mobile")
    app = start_app(secrets_entry, state={"filter_device": ["mobile"]})
    assert metric(app, "All registered users") == f"{everyone:,}"
    assert metric(app, "Registered, never bought") == f"{never_bought:,}"


def test_a_saved_query_from_the_secrets_is_a_source(secrets_entry):
    entry = {
        **secrets_entry,
        "queries": {
            "web sign-ups": "select * from customers where registration_source = 'web'"
        },
    }
    everyone, never_bought = expected("registration_source", "web")
    app = start_app(entry, source=texts.saved_query_label("web sign-ups"))
    assert metric(app, "All registered users") == f"{everyone:,}"
    assert metric(app, "Registered, never bought") == f"{never_bought:,}"


def test_no_connections_in_the_secrets_shows_the_file_upload_only():
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.run()
    assert not app.exception
    assert not [r for r in app.radio if r.label == texts.DATA_FROM_LABEL]


def test_the_password_is_never_shown_logged_or_kept_in_plain_view(
    secrets_entry, caplog
):
    with caplog.at_level(logging.DEBUG):
        app = start_app(secrets_entry)
        wrong = start_app({**secrets_entry, "password": "wrong-" + READER_PASSWORD})
    assert READER_PASSWORD not in caplog.text
    for shown in (app, wrong):
        dump = repr({k: shown.session_state[k] for k in shown.session_state})
        assert READER_PASSWORD not in dump
        assert READER_PASSWORD not in str(shown.query_params)
        assert READER_PASSWORD not in errors(shown)


FAILURES = {
    "wrong password": (
        lambda e, port: {**e, "password": "not-the-password"},
        "customers",
        texts.db_wrong_password(KEY),
    ),
    "unreachable host": (
        lambda e, port: {**e, "port": port},
        "customers",
        texts.db_unreachable(KEY),
    ),
    "missing table": (
        lambda e, port: {**e, "queries": {"gone": "select * from no_such_table"}},
        texts.saved_query_label("gone"),
        texts.db_missing_table(KEY),
    ),
    "missing column": (
        lambda e, port: {
            **e,
            "queries": {"old": "select customer_id, lost_column from customers"},
        },
        texts.saved_query_label("old"),
        texts.db_missing_column(KEY),
    ),
    "no permission": (
        lambda e, port: {**e, "queries": {"secret": "select * from hidden_customers"}},
        texts.saved_query_label("secret"),
        texts.db_no_permission(KEY),
    ),
    "timeout": (
        lambda e, port: {
            **e,
            "statement_timeout_ms": 200,
            "queries": {"slow": "select * from customers where pg_sleep(1) is null"},
        },
        texts.saved_query_label("slow"),
        texts.db_timeout(KEY, 0.2),
    ),
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_each_failure_is_a_plain_message_and_the_app_keeps_its_data(
    secrets_entry, failure
):
    from server import free_port

    change, source, message = FAILURES[failure]
    entry = change(secrets_entry, free_port())
    app = start_app(entry, source=source)
    assert texts.md(message) in errors(app), errors(app)
    assert texts.md(KEY) in errors(app)
    # The current data, the sample, still fills the page.
    assert texts.md(texts.still_showing(app.session_state["dataset"])) in errors(app)
    assert metric(app, "All registered users") == f"{expected()[0]:,}"


def file_app(page: str) -> AppTest:
    """The same page on the bundled sample read from its file with DuckDB."""
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def first_metric(label: str):
    return lambda app: metric(app, label)


def markdown_with(words: str):
    """The one paragraph of the page that holds ``words``."""

    def figure(app: AppTest) -> str:
        found = [m.value for m in app.markdown if words in m.value]
        assert len(found) == 1, (words, found)
        return found[0]

    return figure


def answer_to(number: int):
    """The answer under the seven questions' ``number``-th heading."""

    def figure(app: AppTest) -> str:
        shown = [m.value for m in app.markdown]
        heading = next(i for i, v in enumerate(shown) if v.startswith(f"**{number}. "))
        return shown[heading + 1]

    return figure


# One figure per page that answers from the database; it must equal the figure the
# same page shows for the same rows read from the sample file with DuckDB.
FIGURES = {
    "views/overview.py": first_metric("Registered, never bought"),
    "views/slices.py": first_metric("Registered, never bought"),
    "views/people.py": first_metric("People in this list"),
    "views/data.py": first_metric("Rows used"),
    "views/time_to_activate.py": first_metric("Still waiting"),
    "views/revenue.py": first_metric("Expected new customers"),
    "views/cohorts.py": first_metric(
        "Bought within 4 weeks, latest group that can tell"
    ),
    "views/what_changed.py": first_metric("More or fewer registered users"),
    "views/checks.py": markdown_with("had not verified their e"),
    "views/questions.py": answer_to(1),
    "views/definitions.py": first_metric("Not counted as customers under B"),
}
# Pages that say in words what a database connection cannot give them yet.
SAID_INSTEAD = {
    "views/channels.py": texts.TOUCHES_NOT_ON_DATABASE,
    # The sample has no free-text column, in the file as in the database.
    "views/feedback.py": texts.NO_FEEDBACK_COLUMN,
}


def test_every_page_is_checked_below():
    pages = {f"views/{path.name}" for path in (REPO / "views").glob("*.py")}
    assert pages == set(FIGURES) | set(SAID_INSTEAD)
    assert not set(FIGURES) & set(SAID_INSTEAD)


@pytest.mark.parametrize("page", sorted(FIGURES))
def test_every_answering_page_shows_duckdbs_figure(secrets_entry, page):
    app = start_app(secrets_entry, page=page)
    assert not app.error, errors(app)
    ours, theirs = FIGURES[page](app), FIGURES[page](file_app(page))
    assert ours == theirs, page
    assert any(ch.isdigit() for ch in ours), ours


@pytest.mark.parametrize("page", sorted(SAID_INSTEAD))
def test_a_page_that_cannot_answer_says_so_and_keeps_working(secrets_entry, page):
    app = start_app(secrets_entry, page=page)
    assert not app.error, errors(app)
    assert SAID_INSTEAD[page] in [i.value for i in app.info], page
    # The sidebar and the figures of the other pages still work.
    assert app.sidebar.date_input


def test_the_questions_that_need_no_touches_are_answered_as_from_the_file(
    secrets_entry,
):
    app = start_app(secrets_entry, page="views/questions.py")
    sample = file_app("views/questions.py")
    for number in (1, 3, 4, 7):
        assert answer_to(number)(app) == answer_to(number)(sample), number
    assert answer_to(2)(app).endswith(texts.md(texts.TOUCHES_NOT_ON_DATABASE))


def test_the_checks_judge_the_rule_and_the_backlog_as_from_the_file(secrets_entry):
    app = start_app(secrets_entry, page="views/checks.py")
    sample = file_app("views/checks.py")
    for words in ("have waited 90 days or more", "The rule in force is the one"):
        assert markdown_with(words)(app) == markdown_with(words)(sample), words


def test_a_page_reading_duckdb_directly_says_so_on_a_database(
    secrets_entry, monkeypatch
):
    from nonactivated import metrics

    def reads_duckdb_directly(dataset, *args, **kwargs):
        return dataset.con.execute("select count(*) from users").fetchone()

    monkeypatch.setattr(metrics, "headline", reads_duckdb_directly)
    app = start_app(secrets_entry)
    assert [w.value for w in app.warning] == [texts.DB_PAGE_NOT_READY]
