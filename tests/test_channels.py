"""Channels and offers: the touches file, its accounting, and the comparison.

The small fixture's answers are worked out by hand in the comments; the sample's
are counted here with pandas straight from the two CSV files.
"""

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
import sqlglot
from streamlit.testing.v1 import AppTest

from nonactivated import channels, charts, dataset, texts, touches
from nonactivated.queries import Filters, load_sql

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SHARED = REPO.parent / "shared" / "data"
SAMPLE = REPO / "sample_data"
DIALECTS = [
    "postgres",
    "bigquery",
    "snowflake",
    "spark",
    "trino",
    "clickhouse",
    "mysql",
]


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"the shared test data is missing: looked for {path}")
    return path


def small_dataset():
    customers = FIXTURES / "touches_customers.csv"
    loaded = dataset.load(customers.read_bytes(), customers.name)
    return loaded.with_touches((FIXTURES / "touches.csv").read_bytes(), "touches.csv")


def test_the_touches_columns_are_guessed_from_their_names_and_values():
    link = small_dataset().touches.link
    assert (link.key_column, link.by_email, link.time_column) == (0, False, 1)
    assert (link.channel_column, link.campaign_column, link.offer_column) == (2, 3, 4)


def test_every_touch_row_is_used_or_set_aside_with_its_reason():
    ds = small_dataset()
    counts = touches.accounting(ds.con, ds.touches)
    # 11 rows: X9 names nobody, one has no date, one an unreadable date, one no
    # person; the other 7 (U6's April message included) name a user and a time.
    assert counts["read"] == 11
    assert counts["used"] == 7
    assert (counts["no_user"], counts["no_time"], counts["bad_time"]) == (1, 1, 1)
    assert counts["no_key"] == 1
    assert counts["set_aside"] == 4
    reasons = touches.set_aside_reasons(ds.con, ds.touches, counts)
    assert dict(zip(reasons["Reason"], reasons["For example"], strict=True)) == {
        "No customer ID or e-mail": "data row 10",
        "No date": "data row 8",
        "The date could not be read": "data row 9",
        "Names nobody in the customers file": "data row 7",
    }


def test_the_comparison_matches_the_hand_worked_answer():
    ds = small_dataset()
    frame = channels.channel_activation(
        ds, Filters(), dt.date(2025, 3, 1), dt.date(2025, 3, 31), 14
    )
    got = {
        (row.group_kind, row.group_value): (row.users, row.activated_within)
        for row in frame.itertuples()
    }
    # In the window: U1 (first 1 Mar, bought 5 Mar: within 14 days), U3 (never),
    # U4 (first 1 Mar, bought 20 Mar: 19 days), U8 (bought 10 Mar, before its
    # message) and U2 (bought in February) do not count. Not touched: U5 (bought
    # 3 Mar) and U6; U7 registered after 1 Mar; U6's April message is outside.
    assert got == {
        ("any", ""): (3, 1),
        ("channel", "email"): (2, 1),
        ("channel", "sms"): (2, 1),
        ("campaign", "spring"): (2, 1),
        ("campaign", "reminder"): (1, 0),
        ("offer", "SPRING10"): (2, 1),
        ("offer", "(none)"): (2, 1),
        ("untouched", ""): (2, 1),
    }
    any_touch = frame[frame["group_kind"] == "any"].iloc[0]
    assert any_touch["activated_pct"] == pytest.approx(100 / 3)


def test_a_shorter_wait_and_a_filter_change_the_answer():
    ds = small_dataset()
    # Within 3 days U1 still counts (1 Mar to 5 Mar is 4 days: no longer).
    frame = channels.channel_activation(
        ds, Filters(), dt.date(2025, 3, 1), dt.date(2025, 3, 31), 3
    )
    row = frame[frame["group_kind"] == "any"].iloc[0]
    assert (row["users"], row["activated_within"]) == (3, 0)
    # U5 bought 2 days after 1 Mar: still counted within 3 days.
    untouched = frame[frame["group_kind"] == "untouched"].iloc[0]
    assert (untouched["users"], untouched["activated_within"]) == (2, 1)
    registered_in_january = Filters(dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    frame = channels.channel_activation(
        ds, registered_in_january, dt.date(2025, 3, 1), dt.date(2025, 3, 31), 14
    )
    # U5 and U6 registered in February: nobody untouched is left.
    assert set(frame["group_kind"]) == {"any", "channel", "campaign", "offer"}


def test_touches_named_by_e_mail_link_to_the_same_people():
    ds = small_dataset()
    text = (FIXTURES / "touches.csv").read_text()
    by_email = text.replace("customer_id", "email")
    for n in range(1, 10):
        by_email = by_email.replace(f"U{n},", f"U{n}@Example.com,")
    by_email = by_email.replace("X9,", "x9@example.com,")
    ds = ds.with_touches(by_email.encode(), "touches-by-email.csv")
    assert ds.touches.link.by_email
    frame = channels.channel_activation(
        ds, Filters(), dt.date(2025, 3, 1), dt.date(2025, 3, 31), 14
    )
    row = frame[frame["group_kind"] == "any"].iloc[0]
    assert (row["users"], row["activated_within"]) == (3, 1)


def test_a_touches_file_that_names_nobody_is_said_and_sets_every_row_aside():
    ds = small_dataset().with_touches(b"note,when\nhello,yesterday\n", "odd.csv")
    assert not ds.touches.link.usable
    assert ds.touches.warnings
    counts = touches.accounting(ds.con, ds.touches)
    assert counts["read"] == 1 and counts["used"] == 0 and counts["set_aside"] == 1


def test_a_real_orders_export_read_as_touches_keeps_its_accounting():
    folder = ("real", "shopify-customers-orders-oks234")
    customers = shared_file(*folder, "customers_export_1.csv")
    orders = shared_file(*folder, "orders_export_1.csv")
    ds = dataset.load(customers.read_bytes(), customers.name)
    ds = ds.with_touches(orders.read_bytes(), orders.name)
    link = ds.touches.link
    assert ds.touches.raw.columns[link.key_column] == "Email"
    assert link.by_email
    assert ds.touches.raw.columns[link.offer_column] == "Discount Code"
    counts = touches.accounting(ds.con, ds.touches)
    frame = pd.read_csv(orders, dtype=str, keep_default_na=False)
    assert counts["read"] == len(frame)
    assert counts["used"] + counts["set_aside"] == counts["read"]
    emails = frame["Email"].str.strip().str.lower()
    # Line items after an order's first have no e-mail, so they cannot count.
    assert counts["no_key"] == int((emails == "").sum())


def test_the_comparison_query_translates_to_every_database():
    sql = load_sql("channel_activation")
    for dialect in DIALECTS:
        sqlglot.transpile(
            sql,
            read="duckdb",
            write=dialect,
            unsupported_level=sqlglot.ErrorLevel.RAISE,
        )


def sample_expectation(start: dt.date, end: dt.date, days: int):
    """Touched and untouched (people, bought within ``days``) counted with pandas."""
    users = pd.read_csv(SAMPLE / "users.csv", dtype=str, keep_default_na=False)
    sent = pd.read_csv(SAMPLE / "touches.csv", dtype=str, keep_default_na=False)
    users["registered"] = pd.to_datetime(users["registered_at"])
    users["ordered"] = pd.to_datetime(users["first_order_at"].replace("", None))
    sent["at"] = pd.to_datetime(sent["sent_at"])
    low = pd.Timestamp(start)
    high = pd.Timestamp(end) + pd.Timedelta(days=1)
    wait = pd.Timedelta(days=days)
    sent = sent[(sent["at"] >= low) & (sent["at"] < high)]
    first = sent.groupby("customer_id")["at"].min().rename("first")
    touched = users.join(first, on="customer_id", how="inner")
    touched = touched[~(touched["ordered"] < touched["first"])]
    bought = (touched["ordered"] >= touched["first"]) & (
        touched["ordered"] < touched["first"] + wait
    )
    others = users[~users["customer_id"].isin(first.index)]
    others = others[(others["registered"] < low) & ~(others["ordered"] < low)]
    others_bought = (others["ordered"] >= low) & (others["ordered"] < low + wait)
    return (len(touched), int(bought.sum())), (len(others), int(others_bought.sum()))


def test_the_channels_page_on_the_sample_shows_the_counted_shares():
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.switch_page("views/channels.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    start = app.date_input(key="touch_window_start").value
    end = app.date_input(key="touch_window_end").value
    (touched, bought), (others, others_bought) = sample_expectation(start, end, 14)
    values = {m.label: (m.value, m.delta) for m in app.metric}
    assert values["Bought soon after a message"] == (
        f"{100 * bought / touched:.2f} %",
        f"of {touched:,} people",
    )
    assert values["Bought in the same time without one"] == (
        f"{100 * others_bought / others:.2f} %",
        f"of {others:,} people",
    )
    assert any("not what the message caused" in w.value for w in app.warning)
    assert len(app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")) == 3


def test_the_channels_page_says_what_to_upload_when_there_are_no_touches():
    lead = shared_file("real", "salesforce-lead-report-sovid7", "Lead.csv")
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.session_state["dataset"] = dataset.load(lead.read_bytes(), lead.name)
    app.switch_page("views/channels.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("Upload a touches file" in i.value for i in app.info)
    # Nothing is compared yet, so no warning about reading a comparison.
    assert not any("not what the message caused" in w.value for w in app.warning)


def test_the_channels_page_says_a_rule_without_dates_cannot_tell():
    customers = shared_file(
        "real", "shopify-customers-abbyhswan", "customers_export_1.csv"
    )
    loaded = dataset.load(customers.read_bytes(), customers.name)
    loaded = loaded.with_touches((FIXTURES / "touches.csv").read_bytes(), "touches.csv")
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.session_state["dataset"] = loaded
    app.switch_page("views/channels.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("the date each person became a customer" in i.value for i in app.info)


def test_touches_that_match_nobody_are_said_on_the_page():
    customers = FIXTURES / "touches_customers.csv"
    loaded = dataset.load(customers.read_bytes(), customers.name)
    strangers = b"customer_id,sent_at,channel\nZ1,2025-03-01 09:00,email\n"
    loaded = loaded.with_touches(strangers, "strangers.csv")
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.session_state["dataset"] = loaded
    app.switch_page("views/channels.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("No row of the touches file can be used" in i.value for i in app.info)


def test_a_new_touches_file_moves_a_chosen_window_to_its_own_days():
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.switch_page("views/channels.py")
    app.run()
    app.date_input(key="touch_window_start").set_value(dt.date(2026, 8, 1))
    app.run()
    app.session_state["dataset"] = small_dataset()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    # Last date 20 Mar 2025, 14 days to see an order: 1 to 6 Mar 2025.
    assert app.date_input(key="touch_window_start").value == dt.date(2025, 3, 1)
    assert app.date_input(key="touch_window_end").value == dt.date(2025, 3, 6)


@pytest.mark.parametrize("suffix", ["parquet", "xlsx"])
def test_touches_from_parquet_or_excel_give_the_same_answer(tmp_path, suffix):
    frame = pd.read_csv(FIXTURES / "touches.csv", dtype=str, keep_default_na=False)
    path = tmp_path / f"touches.{suffix}"
    if suffix == "parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_excel(path, index=False)
    customers = FIXTURES / "touches_customers.csv"
    ds = dataset.load(customers.read_bytes(), customers.name)
    ds = ds.with_touches(path.read_bytes(), path.name)
    frame = channels.channel_activation(
        ds, Filters(), dt.date(2025, 3, 1), dt.date(2025, 3, 31), 14
    )
    row = frame[frame["group_kind"] == "any"].iloc[0]
    assert (row["users"], row["activated_within"]) == (3, 1)
    assert touches.accounting(ds.con, ds.touches)["used"] == 7


def test_choosing_the_touches_columns_on_your_data_changes_the_breakdowns():
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.session_state["dataset"] = small_dataset()
    app.switch_page("views/data.py")
    app.run()
    app.selectbox(key="touch_role_offer").select_index(0)  # not in this file
    app.selectbox(key="touch_role_campaign").set_value(4)  # offer_code as campaign
    app.button(key="FormSubmitter:touches_mapping-Use these touches columns").click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    link = app.session_state["dataset"].touches.link
    assert (link.offer_column, link.campaign_column) == (None, 4)
    app.switch_page("views/channels.py")
    app.run()
    headings = [s.value for s in app.subheader]
    assert "By offer" not in headings and "By campaign" in headings


def test_an_excel_orders_file_after_a_csv_customers_file_is_read():
    # Regression: registering the workbook's rows failed with "connection has an
    # unfinished result" once the customers file had been read.
    folder = ("real", "dbt-jaffle-shop")
    customers = shared_file(*folder, "raw_customers.csv")
    orders = pd.read_csv(shared_file(*folder, "raw_orders.csv"), dtype=str)
    workbook = io.BytesIO()
    orders.to_excel(workbook, index=False)
    ds = dataset.load(
        customers.read_bytes(), customers.name, workbook.getvalue(), "orders.xlsx"
    )
    never = ds.con.execute(
        "select count(*) from users where not activated_ever"
    ).fetchone()[0]
    assert never == 38  # the reference figure for this shop


def comparison_frame() -> pd.DataFrame:
    rows = [
        ("offer", "BIG", 400, 8),  # 2 %
        ("offer", "SMALL", 40, 4),  # 10 %
        ("offer", "(none)", 900, 90),  # 10 %, people reached without an offer
        ("offer", "MID", 400, 7),  # 1.75 %
        ("untouched", "", 1000, 5),  # 0.5 %
    ]
    frame = pd.DataFrame(
        rows, columns=["group_kind", "group_value", "users", "activated_within"]
    )
    return frame.assign(activated_pct=100 * frame["activated_within"] / frame["users"])


def test_offer_bars_run_from_the_highest_share_and_leave_out_no_offer():
    rows = channels.comparison_rows(comparison_frame(), "offer")
    assert list(rows["group"]) == ["SMALL", "BIG", "MID", "Not touched"]
    assert list(rows["touched"]) == [True, True, True, False]


def test_the_chart_rounds_shares_as_the_sentences_do():
    # 7 of 400 is 1.75 %: the sentences say "1.75 %", so the bar must too.
    rows = channels.comparison_rows(comparison_frame(), "offer")
    chart = charts.channel_chart(rows, "Offer")
    labels = dict(zip(chart.data["group"], chart.data["label"], strict=True))
    assert labels["MID"] == "1.75 % of 400"
    assert labels["Not touched"] == "0.50 % of 1,000"
    assert texts.share(100 * 7 / 400) == "1.75 %"
