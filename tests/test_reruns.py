"""A filter change asks only the questions whose inputs changed: counted here on
the sample through AppTest, with the app's query runner wrapped."""

import dataclasses
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from nonactivated import dataset, mapping, queries
from nonactivated.mapping import ActivationRule

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_data" / "users.csv"


@pytest.fixture
def asked(monkeypatch):
    """The names of the query files run, in order."""
    names: list[str] = []
    run = queries.run

    def counting(con, name, *args, **kwargs):
        names.append(name)
        return run(con, name, *args, **kwargs)

    monkeypatch.setattr(queries, "run", counting)
    return names


def open_page(page: str, loaded=None) -> AppTest:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    if loaded is not None:
        app.session_state["dataset"] = loaded
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def change_filter(app: AppTest, key: str, values: list[str]) -> None:
    app.sidebar.multiselect(key=key).set_value(values)
    app.run()
    assert not app.exception, [e.value for e in app.exception]


def test_a_filter_change_on_the_overview_runs_its_two_questions_only(asked):
    app = open_page("views/overview.py")
    # The first run also asks for the filters' choices, once per file.
    assert sorted(asked) == ["headline", "slice_values", "trend"]
    asked.clear()
    change_filter(app, "filter_device", ["mobile"])
    assert sorted(asked) == ["headline", "trend"]
    asked.clear()
    # The same view again (a click that changes nothing) asks nothing.
    app.run()
    assert asked == []


def test_a_filter_change_on_slices_runs_its_three_questions_only(asked):
    app = open_page("views/slices.py")
    asked.clear()
    change_filter(app, "filter_source", ["web"])
    assert sorted(asked) == ["headline", "slices", "waiting_time"]


def test_the_rule_words_are_counted_once_per_file(monkeypatch):
    """With the rule "email verified", the Overview says how many values are
    empty or not understood; the pass over the file that counts them runs once,
    not on every filter change."""
    calls = []
    status_values = mapping.status_values

    def counting(*args, **kwargs):
        calls.append(args[2])
        return status_values(*args, **kwargs)

    loaded = dataset.load(SAMPLE.read_bytes(), SAMPLE.name)
    verified = loaded.raw.columns.index("email_verified")
    rule = ActivationRule("verified", column=verified)
    loaded = loaded.remapped(dataclasses.replace(loaded.mapping, activation=rule))
    monkeypatch.setattr(mapping, "status_values", counting)
    app = open_page("views/overview.py", loaded)
    change_filter(app, "filter_device", ["mobile"])
    change_filter(app, "filter_country", ["Germany"])
    assert calls == [verified]
