"""Why it changed: each check flags on hand-made figures that should worry, and
passes on figures that should not; the page runs them on the sample and real files.
"""

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import sqlglot
from streamlit.testing.v1 import AppTest

from nonactivated import checks, dataset, metrics, texts
from nonactivated.mapping import ActivationRule
from nonactivated.queries import Filters, load_sql

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
SAMPLE = REPO / "sample_data" / "users.csv"
MIX_COLUMNS = ["slice", "slice_value", "registered_now", "registered_before"]


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"the shared test data is missing: looked for {path}")
    return path


def mix(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=MIX_COLUMNS)


def waiting(counts: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"bucket_order": range(1, 7), "non_activated_users": counts})


def headline(pct: float | None, all_users: int = 100, new: int | None = 5):
    return metrics.Headline(
        all_users, 0, pct, new, None, None, None, None, *([dt.date(2025, 1, 1)] * 3)
    )


def test_freshness_flags_an_export_more_than_a_week_old():
    today = dt.date(2025, 6, 30)
    assert checks.freshness(dt.date(2025, 6, 23), today).status == checks.PASS
    stale = checks.freshness(dt.date(2025, 6, 22), today)
    assert stale.status == checks.FLAG
    assert stale.figure == "The latest registration is on 22 Jun 2025, 8 days ago."
    assert checks.freshness(None, today).status == checks.CANNOT_TELL


def test_a_rise_of_five_points_in_unverified_sign_ups_flags():
    # Now 30 of 100 unverified (30 %), before 25 of 100 (25 %): 5 points.
    rising = mix(
        ("verified", "verified", 70, 75),
        ("verified", "not verified", 30, 25),
        ("source", "web", 100, 100),
    )
    result = checks.unverified_growth(rising)
    assert result.status == checks.FLAG
    assert result.figure.startswith("30.00 % of the people who registered")
    assert "against 25.00 %" in result.figure
    # 29 of 100 against 25 of 100: 4 points, a pass.
    steady = mix(("verified", "verified", 71, 75), ("verified", "not verified", 29, 25))
    assert checks.unverified_growth(steady).status == checks.PASS
    assert checks.unverified_growth(mix()).status == checks.CANNOT_TELL


def test_one_source_that_doubles_and_matters_flags_a_spike():
    spiking = mix(
        ("source", "web", 100, 95),
        ("source", "paid_social", 60, 20),  # tripled, 60 of 160 people
        ("source", "app", 0, 30),
        ("device", "mobile", 50, 10),
    )
    result = checks.spike(spiking, "source", "Source")
    assert result.status == checks.FLAG
    assert '"paid_social"' in result.figure and "60 people" in result.figure
    assert "against 20" in result.figure


def test_small_or_slow_rises_are_no_spike():
    # 19 people is too few; 2 of 200 is too small a share; 150 against 80 is
    # less than double.
    calm = mix(
        ("source", "web", 150, 80),
        ("source", "tiny", 19, 1),
        ("source", "rare", 2, 0),
    )
    result = checks.spike(calm, "source", "Source")
    assert result.status == checks.PASS
    assert '"web"' in result.figure
    # The rule is said, so 0 -> 2 is not read as a missed doubling.
    assert "at least doubled" in result.figure
    assert "at least 20 people and at least 10 % of this period's" in result.figure
    assert checks.spike(calm, "device", None).status == checks.CANNOT_TELL


def test_a_backlog_getting_older_by_two_points_flags():
    # Before: 50 of 100 waiting 90 days or more; now 52 of 100.
    before = waiting([10, 10, 10, 20, 30, 20])
    older = checks.backlog_ageing(waiting([10, 10, 8, 20, 32, 20]), before)
    assert older.status == checks.FLAG
    assert "52.00 %" in older.figure and "50.00 %" in older.figure
    younger = checks.backlog_ageing(waiting([12, 10, 10, 19, 30, 20]), before)
    assert younger.status == checks.PASS
    empty = checks.backlog_ageing(waiting([0] * 6), before)
    assert empty.status == checks.CANNOT_TELL


def test_a_share_one_point_above_a_year_ago_flags():
    assert checks.year_ago(headline(41.0), headline(40.0)).status == checks.FLAG
    assert checks.year_ago(headline(40.9), headline(40.0)).status == checks.PASS
    nobody_then = headline(None, all_users=0)
    assert checks.year_ago(headline(40.0), nobody_then).status == checks.CANNOT_TELL


def test_a_rule_other_than_the_one_recognised_flags():
    recognised = ActivationRule("time", 3)
    chosen = ActivationRule("values", 2, ("Converted",))
    same = checks.rule_change(recognised, ActivationRule("time", 3), str)
    assert same.status == checks.PASS
    changed = checks.rule_change(chosen, recognised, lambda rule: rule.kind)
    assert changed.status == checks.FLAG
    assert changed.figure == (
        "The rule in force is: values. The file was read with: time."
    )


def test_every_flag_says_what_to_do_and_where_to_look():
    for key, (title, page, tactics) in checks.texts.CHECKS.items():
        assert (REPO / page).exists(), key
        assert title.endswith("?") and len(tactics) > 80, key


def test_the_registration_mix_query_translates_to_every_database():
    sql = load_sql("registration_mix")
    raise_on = sqlglot.ErrorLevel.RAISE
    for dialect in ("postgres", "bigquery", "snowflake", "spark", "trino"):
        sqlglot.transpile(sql, read="duckdb", write=dialect, unsupported_level=raise_on)
    for dialect in ("clickhouse", "mysql"):
        sqlglot.transpile(sql, read="duckdb", write=dialect, unsupported_level=raise_on)


def test_the_registration_mix_counts_each_period():
    users = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    registered = pd.to_datetime(users["registered_at"])
    end = pd.Timestamp("2026-12-01")
    now = users[(registered >= end - pd.Timedelta(days=30)) & (registered < end)]
    before = users[
        (registered >= end - pd.Timedelta(days=60))
        & (registered < end - pd.Timedelta(days=30))
    ]
    loaded = dataset.load(SAMPLE.read_bytes(), SAMPLE.name)
    frame = checks.registration_mix(loaded, Filters(), dt.date(2026, 11, 30), 30)
    devices = frame[frame["slice"] == "device"].set_index("slice_value")
    assert devices["registered_now"].to_dict() == (
        now["device_type"].value_counts().to_dict()
    )
    assert devices["registered_before"].to_dict() == (
        before["device_type"].value_counts().to_dict()
    )


def start_page(loaded=None) -> AppTest:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    if loaded is not None:
        app.session_state["dataset"] = loaded
    app.switch_page("views/checks.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_page_on_the_sample_shows_the_counted_unverified_shares():
    users = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    registered = pd.to_datetime(users["registered_at"])
    end = pd.Timestamp("2026-12-01")
    month = pd.Timedelta(days=30)

    def unverified_pct(low, high):
        part = users[(registered >= low) & (registered < high)]
        return 100 * (part["email_verified"] == "no").mean()

    now = unverified_pct(end - month, end)
    before = unverified_pct(end - 2 * month, end - month)
    app = start_page()
    shown = " ".join(m.value for m in app.markdown).replace("\\", "")
    assert f"{now:.2f} % of the people who registered in this period" in shown
    assert f"against {before:.2f} % in the period before" in shown
    assert "Pass: Has the rule for a customer changed?" in shown


def test_a_changed_rule_is_flagged_on_the_page():
    loaded = dataset.load(SAMPLE.read_bytes(), SAMPLE.name)
    columns = loaded.raw.columns
    verified = ActivationRule("verified", columns.index("email_verified"))
    loaded = loaded.remapped(dataclasses.replace(loaded.mapping, activation=verified))
    app = start_page(loaded)
    shown = " ".join(m.value for m in app.markdown).replace("\\", "")
    assert "Look into this: Has the rule for a customer changed?" in shown
    assert 'The file was read with: Has a date in "first_order_at"' in shown


def test_a_file_without_dates_says_what_cannot_be_told():
    customers = shared_file(
        "real", "shopify-customers-abbyhswan", "customers_export_1.csv"
    )
    app = start_page(dataset.load(customers.read_bytes(), customers.name))
    shown = " ".join(m.value for m in app.markdown)
    assert shown.count("Cannot tell") >= 5


def test_the_lead_report_runs_every_check():
    lead = shared_file("real", "salesforce-lead-report-sovid7", "Lead.csv")
    app = start_page(dataset.load(lead.read_bytes(), lead.name))
    shown = " ".join(m.value for m in app.markdown).replace("\\", "")
    assert "of the 7 checks" in shown
    # The report ends in December 2021: long before today.
    assert "Look into this: Is the data up to date?" in shown


def test_a_rule_token_names_the_column_by_its_header():
    columns = ["id", "Status", "first_order_at"]
    assert checks.rule_token(ActivationRule("time", 2), columns) == (
        "time:first_order_at"
    )
    values = ActivationRule("values", 1, ("Converted", "Won"))
    assert checks.rule_token(values, columns) == "values:Status:Converted|Won"
    assert checks.rule_token(ActivationRule("orders_file"), columns) == "orders_file"
    assert checks.rule_token(None, columns) == "none"


def test_a_rule_other_than_the_shared_links_flags():
    rule = ActivationRule("time", 3)
    flagged = checks.rule_change(rule, rule, str, "verified:x", lambda r: "time:y")
    assert flagged.status == checks.FLAG
    assert 'The link you opened was made with another rule ("verified:x")' in (
        flagged.figure
    )
    same = checks.rule_change(rule, rule, str, "time:y", lambda r: "time:y")
    assert same.status == checks.PASS


def test_a_link_made_under_another_rule_is_flagged_and_a_new_rule_is_shared():
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.query_params["rule"] = "verified:email_verified"
    app.switch_page("views/checks.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    text = " ".join(m.value for m in app.markdown).replace("\\", "")
    assert "Look into this: Has the rule for a customer changed?" in text
    assert '("verified:email_verified")' in text

    loaded = dataset.load(SAMPLE.read_bytes(), SAMPLE.name)
    verified = ActivationRule("verified", loaded.raw.columns.index("email_verified"))
    loaded = loaded.remapped(dataclasses.replace(loaded.mapping, activation=verified))
    app = start_page(loaded)
    assert app.query_params["rule"] == "verified:email_verified"


def test_a_source_column_without_sign_ups_is_not_called_missing():
    # The column exists (label given) but the mix holds no row for it.
    result = checks.spike(mix(("device", "mobile", 5, 1)), "source", "origin")
    assert result.status == checks.CANNOT_TELL
    assert "has no" not in result.figure
    assert result.figure.startswith("Nobody signed up in this period")
    # Sign-ups only in the period before: nobody new, said as such.
    only_before = checks.spike(mix(("source", "web", 0, 7)), "source", "origin")
    assert only_before.figure == texts.CHECK_NO_NEW_REGISTRATIONS


def test_the_summary_counts_checks_that_could_not_run():
    assert texts.checks_summary(0, 1, 6, 7) == (
        "1 of the 7 checks passed, none flagged anything to look into; 6 of 7 "
        "could not run with this file or view."
    )
    assert texts.checks_summary(2, 5, 0, 7) == (
        "**2 of the 7 checks flag** something to look into; 5 passed."
    )


def test_the_page_on_a_file_without_sources_says_six_checks_could_not_run():
    # Only the rule check can run on this export (the tester saw 6 of 7 "Cannot
    # tell" under a summary that said nothing was found); the summary says so.
    folder = ("real", "shopify-customers-orders-oks234")
    customers = shared_file(*folder, "customers_export_1.csv")
    orders = shared_file(*folder, "orders_export_1.csv")
    loaded = dataset.load(
        customers.read_bytes(), customers.name, orders.read_bytes(), orders.name
    )
    app = start_page(loaded)
    shown = " ".join(m.value for m in app.markdown).replace("\\", "")
    cannot = shown.count("Cannot tell:")
    assert cannot == 6
    assert f"{cannot} of 7 could not run" in shown
