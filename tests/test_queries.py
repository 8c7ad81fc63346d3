"""Every query in queries/: a few users in, the exact rows out, worked out by hand.

Each test builds the canonical ``users`` table itself (the columns listed in
nonactivated/model.py), so a query is checked apart from reading and mapping.
Figures "as of" a day count the whole of that day: ``as_of_end`` is the first
moment after it.
"""

import datetime as dt

import duckdb
import pandas as pd
import pytest

from nonactivated import dataset, queries
from nonactivated.queries import Filters

SLICES = (
    "source",
    "verified",
    "device",
    "referral",
    "country",
    *(f"extra_{i}" for i in range(1, 9)),
)
# The canonical table, as nonactivated/model.py describes it.
USERS_COLUMNS = {
    "row_number": "bigint",
    "user_key": "varchar",
    "customer_id": "varchar",
    "email": "varchar",
    "display_name": "varchar",
    "registered_at": "timestamp",
    "activated_ever": "boolean",
    "activated_at": "timestamp",
    "first_order_at": "timestamp",
    "first_order_value": "double",
    "accepts_marketing": "boolean",
    "feedback": "varchar",
    **{name: "varchar" for name in SLICES},
}

# The as-of day is 29 Feb 2024; its figures include all of that day.
AS_OF_END = dt.datetime(2024, 3, 1)
HEADLINE_PARAMS = {
    "as_of_end": AS_OF_END,
    "period_start": dt.datetime(2024, 1, 31),
    "previous_end": dt.datetime(2024, 1, 31),
    "previous_start": dt.datetime(2024, 1, 1),
}


def at(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def user(
    email: str,
    registered: str | None = None,
    activated: str | None = None,
    *,
    flag_only: bool = False,
    **columns,
) -> dict:
    """One row of ``users``: activated when it has a time, or flagged without one."""
    return {
        "email": email,
        "registered_at": at(registered),
        "activated_at": at(activated),
        "activated_ever": flag_only or activated is not None,
        **columns,
    }


def users_table(*users: dict) -> duckdb.DuckDBPyConnection:
    con = dataset.connect()
    columns = ", ".join(f"{name} {kind}" for name, kind in USERS_COLUMNS.items())
    con.execute(f"create table users ({columns})")
    rows = []
    for number, row in enumerate(users, start=1):
        full = {"row_number": number, "user_key": row["email"], **row}
        rows.append([full.get(name) for name in USERS_COLUMNS])
    if rows:
        marks = ", ".join("?" for _ in USERS_COLUMNS)
        con.executemany(f"insert into users values ({marks})", rows)
    return con


def plain(value):
    """A frame's cell as a plain Python value; shares rounded to 6 decimals."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return round(value, 6)
    return value


def records(frame: pd.DataFrame) -> list[tuple]:
    return [
        tuple(plain(v) for v in row) for row in frame.itertuples(index=False, name=None)
    ]


def only_row(frame: pd.DataFrame) -> dict:
    assert len(frame) == 1
    return {name: plain(value) for name, value in frame.iloc[0].items()}


def headline(con, filters: Filters | None = None) -> dict:
    return only_row(queries.run(con, "headline", HEADLINE_PARAMS, filters))


# --- headline ---------------------------------------------------------------


def test_headline_counts_nobody_and_gives_no_share_when_there_are_no_users():
    assert headline(users_table()) == {
        "all_users": 0,
        "non_activated_users": 0,
        "non_activated_pct": None,
        "new_customers": 0,
        "previous_all_users": 0,
        "previous_non_activated_users": 0,
        "previous_non_activated_pct": None,
        "previous_new_customers": 0,
    }


def test_headline_share_is_zero_when_everyone_registered_has_activated():
    con = users_table(
        user("a@example.com", "2024-01-05", "2024-01-06"),
        user("b@example.com", "2024-02-01", "2024-02-03"),
    )

    row = headline(con)

    assert (row["all_users"], row["non_activated_users"]) == (2, 0)
    assert row["non_activated_pct"] == 0.0
    # Only a registered before 31 Jan; it had activated by then too.
    assert (row["previous_all_users"], row["previous_non_activated_users"]) == (1, 0)


def test_headline_counts_the_stock_at_the_as_of_day_and_one_period_earlier():
    con = users_table(
        user("a@example.com", "2024-01-05", "2024-01-10"),
        user("b@example.com", "2024-01-20", "2024-02-10"),
        user("c@example.com", "2024-02-05"),
        user("d@example.com", "2024-02-20", "2024-03-05"),
        user("e@example.com", "2024-03-02"),
        user("f@example.com", "2023-12-01", flag_only=True),
        user("g@example.com", "2024-01-15"),
        user("h@example.com", "2024-02-25", "2024-02-26"),
    )

    # At 29 Feb: a b c d f g h registered (e comes later); a b f h activated (d
    # activates on 5 Mar). Before 31 Jan: a b f g registered; a and f activated.
    # New customers 31 Jan-29 Feb: b and h; 1 Jan-30 Jan: a.
    assert headline(con) == {
        "all_users": 7,
        "non_activated_users": 3,
        "non_activated_pct": 42.857143,
        "new_customers": 2,
        "previous_all_users": 4,
        "previous_non_activated_users": 2,
        "previous_non_activated_pct": 50.0,
        "previous_new_customers": 1,
    }


def test_headline_counts_an_activation_after_the_as_of_day_as_not_yet_activated():
    con = users_table(
        user("a@example.com", "2024-01-05", "2024-03-01 00:00:00"),
        user("b@example.com", "2024-01-05", "2024-02-29 23:59:59"),
    )

    row = headline(con)

    assert (row["all_users"], row["non_activated_users"]) == (2, 1)
    assert row["new_customers"] == 1


def test_headline_ignores_users_who_registered_after_the_as_of_day():
    con = users_table(
        user("a@example.com", "2024-02-29 23:59:59.999999"),
        user("b@example.com", "2024-03-01 00:00:00"),
        user("c@example.com", "2024-06-01", "2024-06-02"),
    )

    row = headline(con)

    assert (row["all_users"], row["non_activated_users"]) == (1, 1)
    assert row["non_activated_pct"] == 100.0


def test_headline_counts_a_yes_flag_without_a_time_as_activated_at_any_day():
    con = users_table(
        user("a@example.com", "2024-01-05", flag_only=True),
        user("b@example.com", "2024-01-06"),
    )

    row = headline(con)

    assert (row["all_users"], row["non_activated_users"]) == (2, 1)
    assert (row["previous_all_users"], row["previous_non_activated_users"]) == (2, 1)
    # Without a time there is no period to count a new customer in.
    assert (row["new_customers"], row["previous_new_customers"]) == (0, 0)


def test_headline_counts_users_without_a_registration_date_at_every_day():
    # Exports such as Shopify's have no registration date: everyone is a user.
    con = users_table(
        user("a@example.com", flag_only=True),
        user("b@example.com"),
        user("c@example.com"),
    )

    row = headline(con)

    assert (row["all_users"], row["non_activated_users"]) == (3, 2)
    assert row["non_activated_pct"] == 66.666667
    assert (row["previous_all_users"], row["previous_non_activated_users"]) == (3, 2)


# --- filters ----------------------------------------------------------------


def sources_table() -> duckdb.DuckDBPyConnection:
    return users_table(
        user("a@example.com", "2024-01-01", "2024-01-05", source="Web"),
        user("b@example.com", "2024-01-02", source="Web"),
        user("c@example.com", "2024-01-02 23:59:59", source="Ads"),
        user("d@example.com", "2024-01-03", source="Ads"),
        user("e@example.com", "2024-01-04", source="x' OR '1'='1"),
        user("f@example.com", "2024-01-04", "2024-01-06", source="(not set)"),
    )


def test_a_slice_filter_keeps_only_users_with_a_chosen_value():
    con = sources_table()

    ads = headline(con, Filters(slices=(("source", ("Ads",)),)))
    web_or_unset = headline(con, Filters(slices=(("source", ("Web", "(not set)")),)))

    assert (ads["all_users"], ads["non_activated_users"]) == (2, 2)
    # a, b, f; a and f activated.
    assert (web_or_unset["all_users"], web_or_unset["non_activated_users"]) == (3, 1)


def test_a_slice_filter_with_no_values_chosen_keeps_everyone():
    row = headline(sources_table(), Filters(slices=(("source", ()),)))

    assert row["all_users"] == 6


def test_a_filter_value_written_as_sql_matches_only_itself():
    con = sources_table()

    itself = headline(con, Filters(slices=(("source", ("x' OR '1'='1",)),)))
    lookalike = headline(con, Filters(slices=(("source", ("Web' OR '1'='1",)),)))

    assert (itself["all_users"], itself["non_activated_users"]) == (1, 1)
    assert lookalike["all_users"] == 0


def test_a_registration_period_filter_includes_both_end_days_in_full():
    con = sources_table()
    filters = Filters(
        registered_from=dt.date(2024, 1, 2), registered_to=dt.date(2024, 1, 3)
    )

    row = headline(con, filters)

    # b and c (2 Jan, the second at 23:59:59) and d (3 Jan); none activated.
    assert (row["all_users"], row["non_activated_users"]) == (3, 3)


def test_a_registration_period_and_a_slice_filter_must_both_hold():
    filters = Filters(
        registered_from=dt.date(2024, 1, 2),
        registered_to=dt.date(2024, 1, 2),
        slices=(("source", ("Ads",)),),
    )

    row = headline(sources_table(), filters)

    assert row["all_users"] == 1  # c only


def test_a_filter_on_a_column_that_is_not_a_slice_is_refused():
    filters = Filters(slices=(("email = email or true; --", ("x",)),))

    with pytest.raises(ValueError):
        queries.run(sources_table(), "headline", HEADLINE_PARAMS, filters)


# --- trend ------------------------------------------------------------------


def trend(con, grain: str, as_of_end: dt.datetime) -> list[tuple]:
    frame = queries.run(con, "trend", {"grain": grain, "as_of_end": as_of_end})
    assert list(frame.columns) == [
        "period_start",
        "period_end",
        "new_registrations",
        "new_customers",
        "all_users",
        "non_activated_users",
        "non_activated_pct",
    ]
    return records(frame)


def day(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_trend_by_day_gives_the_stock_at_the_end_of_each_day():
    con = users_table(
        user("a@example.com", "2024-01-01 10:00", "2024-01-03 09:00"),
        user("b@example.com", "2024-01-02 08:00"),
        user("c@example.com", "2024-01-02 20:00", "2024-01-02 21:00"),
        # Activated before registering (a guest order): counts once registered.
        user("f@example.com", "2024-01-03 12:00", "2024-01-01 08:00"),
        user("d@example.com", "2024-01-04 12:00", "2024-01-06 09:00"),
        user("e@example.com", "2024-01-05 00:00"),
    )

    rows = trend(con, "day", dt.datetime(2024, 1, 5))

    assert rows == [
        (day("2024-01-01"), day("2024-01-01"), 1, 0, 1, 1, 100.0),
        (day("2024-01-02"), day("2024-01-02"), 2, 1, 3, 2, 66.666667),
        (day("2024-01-03"), day("2024-01-03"), 1, 2, 4, 1, 25.0),
        (day("2024-01-04"), day("2024-01-04"), 1, 0, 5, 2, 40.0),
    ]


def test_trend_by_month_carries_the_stock_through_months_without_events():
    con = users_table(
        user("a@example.com", "2023-11-10 09:00", "2024-01-05"),
        user("b@example.com", "2023-11-25"),
        user("c@example.com", "2024-01-28", "2024-03-10"),
        user("d@example.com", "2024-03-01", "2024-03-20"),
        user("e@example.com", "2024-03-20"),
    )

    # As of 15 Mar 2024: d activates and e registers after it.
    rows = trend(con, "month", dt.datetime(2024, 3, 16))

    assert rows == [
        (day("2023-11-01"), day("2023-11-30"), 2, 0, 2, 2, 100.0),
        (day("2023-12-01"), day("2023-12-31"), 0, 0, 2, 2, 100.0),
        (day("2024-01-01"), day("2024-01-31"), 1, 1, 3, 2, 66.666667),
        (day("2024-02-01"), day("2024-02-29"), 0, 0, 3, 2, 66.666667),
        (day("2024-03-01"), day("2024-03-15"), 1, 1, 4, 2, 50.0),
    ]


def test_trend_by_week_starts_weeks_on_monday_and_ends_at_the_as_of_day():
    con = users_table(
        user("a@example.com", "2024-01-03"),
        user("b@example.com", "2024-01-16", "2024-01-17 18:00"),
    )

    # 1 Jan 2024 is a Monday; the as-of day is Wednesday 17 Jan.
    rows = trend(con, "week", dt.datetime(2024, 1, 18))

    assert rows == [
        (day("2024-01-01"), day("2024-01-07"), 1, 0, 1, 1, 100.0),
        (day("2024-01-08"), day("2024-01-14"), 0, 0, 1, 1, 100.0),
        (day("2024-01-15"), day("2024-01-17"), 1, 1, 2, 1, 50.0),
    ]


def test_trend_has_no_rows_when_there_are_no_users():
    assert trend(users_table(), "month", AS_OF_END) == []


def test_trend_ends_at_zero_when_everyone_has_activated():
    con = users_table(
        user("a@example.com", "2024-02-27", "2024-02-27 12:00"),
        user("b@example.com", "2024-02-28", "2024-02-29"),
    )

    rows = trend(con, "day", AS_OF_END)

    assert rows[-1] == (day("2024-02-29"), day("2024-02-29"), 0, 1, 2, 0, 0.0)


def test_trend_ends_at_the_headline_figures_when_a_flag_has_no_time():
    # A yes flag without a time (or an order without a readable date) counts as
    # activated at the as-of day in the headline; the trend's last point is the
    # same moment and must agree with it.
    con = users_table(
        user("a@example.com", "2024-02-27", flag_only=True),
        user("b@example.com", "2024-02-28"),
        user("c@example.com", "2024-02-28", "2024-02-29"),
    )

    last = trend(con, "day", AS_OF_END)[-1]
    row = headline(con)

    assert (row["all_users"], row["non_activated_users"]) == (3, 1)
    assert last[0] == day("2024-02-29")
    assert (last[4], last[5]) == (3, 1)


# --- registration cohorts ---------------------------------------------------


def cohorts(con, grain: str, as_of_end: dt.datetime = AS_OF_END) -> list[tuple]:
    frame = queries.run(
        con, "registration_cohorts", {"grain": grain, "as_of_end": as_of_end}
    )
    assert list(frame.columns) == [
        "period_start",
        "new_registrations",
        "still_non_activated",
        "non_activated_pct",
    ]
    return records(frame)


def test_registration_cohorts_count_each_months_sign_ups_still_not_activated():
    con = users_table(
        user("a@example.com", "2024-01-10", "2024-02-05"),
        user("b@example.com", "2024-01-25"),
        user("c@example.com", "2024-01-31 23:00"),
        user("d@example.com", "2024-02-01", flag_only=True),
        user("e@example.com", "2024-02-29 23:59"),
        user("f@example.com", "2024-03-02"),
        user("g@example.com"),
    )

    # f registered after the as-of day; g has no registration date to group by.
    assert cohorts(con, "month") == [
        (day("2024-01-01"), 3, 2, 66.666667),
        (day("2024-02-01"), 2, 1, 50.0),
    ]


def test_registration_cohorts_by_day_skip_days_without_sign_ups():
    con = users_table(
        user("a@example.com", "2024-02-01 08:00", "2024-02-01 09:00"),
        user("b@example.com", "2024-02-01 22:00"),
        user("c@example.com", "2024-02-03 10:00"),
    )

    assert cohorts(con, "day") == [
        (day("2024-02-01"), 2, 1, 50.0),
        (day("2024-02-03"), 1, 1, 100.0),
    ]


def test_registration_cohorts_count_an_activation_after_the_as_of_day_as_waiting():
    # At the as-of day, a user who activates later has not activated yet.
    con = users_table(
        user("a@example.com", "2024-02-10", "2024-03-20"),
        user("b@example.com", "2024-02-12", "2024-02-20"),
    )

    assert cohorts(con, "month") == [(day("2024-02-01"), 2, 1, 50.0)]


def test_registration_cohorts_have_no_rows_when_there_are_no_users():
    assert cohorts(users_table(), "month") == []


# --- slices -----------------------------------------------------------------


def slices(con, filters: Filters | None = None, present=None) -> list[tuple]:
    frame = queries.run(
        con, "slices", {"as_of_end": AS_OF_END}, filters, slices=present
    )
    assert list(frame.columns) == [
        "slice",
        "slice_value",
        "all_users",
        "non_activated_users",
        "non_activated_pct",
        "share_of_non_activated_pct",
    ]
    return records(frame)


def slices_table() -> duckdb.DuckDBPyConnection:
    return users_table(
        user("a@example.com", "2024-01-01", "2024-01-05", source="Web", country="DE"),
        user("b@example.com", "2024-01-02", source="Web", country="(not set)"),
        user("c@example.com", "2024-01-03", source="Ads", country="DE"),
        user("d@example.com", "2024-01-04", "2024-03-05", source="Ads", country="FR"),
        user("e@example.com", "2024-03-02", source="Web", country="FR"),
        user("f@example.com", "2024-01-06", flag_only=True, source="Ads", country="FR"),
    )


def test_slices_split_users_and_non_activated_users_by_each_value():
    # At 29 Feb: a b c d f registered; b c d not activated (d activates in March).
    assert slices(slices_table()) == [
        ("country", "(not set)", 1, 1, 100.0, 33.333333),
        ("country", "DE", 2, 1, 50.0, 33.333333),
        ("country", "FR", 2, 1, 50.0, 33.333333),
        ("source", "Ads", 3, 2, 66.666667, 66.666667),
        ("source", "Web", 2, 1, 50.0, 33.333333),
    ]


@pytest.mark.parametrize("filters", [None, Filters(slices=(("source", ("Ads",)),))])
def test_slices_told_which_columns_exist_give_the_same_rows(filters):
    # Only source and country have values: the other eleven sets are left out.
    told = slices(slices_table(), filters, present=frozenset({"source", "country"}))

    assert told == slices(slices_table(), filters)


def test_slices_leave_out_a_slice_said_to_be_absent():
    # Told the data has no country column, the query groups by source alone.
    assert slices(slices_table(), present=frozenset({"source"})) == [
        ("source", "Ads", 3, 2, 66.666667, 66.666667),
        ("source", "Web", 2, 1, 50.0, 33.333333),
    ]


def test_a_query_without_grouping_sets_is_run_as_written():
    text = queries.without_absent_slices("headline", frozenset({"source"}))

    assert text == queries.load_sql("headline")


def test_slices_with_no_slice_at_all_are_run_as_written():
    assert queries.without_absent_slices("slices", frozenset()) == queries.load_sql(
        "slices"
    )


def test_slices_follow_the_filters():
    filters = Filters(slices=(("source", ("Ads",)),))

    assert slices(slices_table(), filters) == [
        ("country", "DE", 1, 1, 100.0, 50.0),
        ("country", "FR", 2, 1, 50.0, 50.0),
        ("source", "Ads", 3, 2, 66.666667, 100.0),
    ]


def test_slices_have_no_share_of_non_activated_when_everyone_activated():
    con = users_table(user("a@example.com", "2024-01-01", "2024-01-02", device="iOS"))

    assert slices(con) == [("device", "iOS", 1, 0, 0.0, None)]


def test_slices_have_no_rows_when_there_are_no_users():
    assert slices(users_table()) == []


# --- slice values -----------------------------------------------------------


def test_slice_values_count_every_user_most_common_value_first():
    frame = queries.run(slices_table(), "slice_values", {})

    # Every user counts here, also e who registered after the as-of day.
    assert records(frame) == [
        ("country", "FR", 3),
        ("country", "DE", 2),
        ("country", "(not set)", 1),
        ("source", "Ads", 3),
        ("source", "Web", 3),
    ]


def test_slice_values_told_which_columns_exist_give_the_same_rows():
    present = frozenset({"source", "country"})
    told = queries.run(slices_table(), "slice_values", {}, slices=present)

    assert records(told) == records(queries.run(slices_table(), "slice_values", {}))


def test_slice_values_have_no_rows_when_there_are_no_users():
    assert records(queries.run(users_table(), "slice_values", {})) == []


# --- waiting time -----------------------------------------------------------

BUCKETS = [
    (1, "0-1 days"),
    (2, "1-7 days"),
    (3, "7-30 days"),
    (4, "30-90 days"),
    (5, "90-365 days"),
    (6, "over a year"),
]
WAIT_END = dt.datetime(2024, 6, 1)  # the as-of day is 31 May 2024


def waiting(con) -> list[tuple]:
    frame = queries.run(con, "waiting_time", {"as_of_end": WAIT_END})
    assert list(frame.columns) == [
        "bucket_order",
        "bucket",
        "non_activated_users",
        "share_pct",
    ]
    return records(frame)


def before_end(days: int = 0, seconds: float = 0) -> str:
    return (WAIT_END - dt.timedelta(days=days, seconds=seconds)).isoformat()


def test_waiting_time_puts_users_on_a_bucket_edge_in_the_later_bucket():
    con = users_table(
        user("a@example.com", before_end(seconds=0.000001)),
        user("b@example.com", before_end(days=1, seconds=-1)),
        user("c@example.com", before_end(days=1)),  # 31 May 00:00
        user("d@example.com", before_end(days=7, seconds=-1)),
        user("e@example.com", before_end(days=7)),  # 25 May 00:00
        user("f@example.com", "2024-05-10", "2024-06-05"),  # activates later
        user("g@example.com", before_end(days=30)),  # 2 May 00:00
        user("h@example.com", "2024-03-03 00:00"),  # exactly 90 days
        user("i@example.com", "2023-06-02 00:00"),  # exactly 365 days
        user("j@example.com", "2024-06-01 00:00"),  # after the as-of day
        user("k@example.com", "2024-05-20", "2024-05-21"),  # activated
        user("m@example.com", "2024-05-20", flag_only=True),  # activated, no time
        user("n@example.com"),  # no registration date: no waiting time to tell
    )

    assert waiting(con) == [
        (1, "0-1 days", 2, 22.222222),
        (2, "1-7 days", 2, 22.222222),
        (3, "7-30 days", 2, 22.222222),
        (4, "30-90 days", 1, 11.111111),
        (5, "90-365 days", 1, 11.111111),
        (6, "over a year", 1, 11.111111),
    ]


def test_latest_registration_is_the_newest_date_and_null_without_dates():
    con = users_table(
        user("a@example.com", "2024-05-20 08:00"),
        user("b@example.com", "2024-05-31 23:59:59", "2024-06-01"),
        user("c@example.com"),  # no registration date: says nothing
        user("d@example.com", "2023-01-01"),
    )
    frame = queries.run(con, "latest_registration")
    assert frame["latest_registered"].tolist() == [pd.Timestamp("2024-05-31 23:59:59")]
    empty = queries.run(users_table(user("c@example.com")), "latest_registration")
    assert empty["latest_registered"].isna().tolist() == [True]


def test_waiting_time_shows_all_six_buckets_empty_when_there_are_no_users():
    assert waiting(users_table()) == [(*bucket, 0, None) for bucket in BUCKETS]


def test_waiting_time_shows_all_six_buckets_empty_when_everyone_activated():
    con = users_table(user("a@example.com", "2024-05-01", "2024-05-02"))

    assert waiting(con) == [(*bucket, 0, None) for bucket in BUCKETS]


# --- people -----------------------------------------------------------------


def people_table() -> duckdb.DuckDBPyConnection:
    return users_table(
        user("a@example.com", "2024-01-01", accepts_marketing=True, display_name="A"),
        user("b@example.com", "2024-02-01", "2024-02-02", accepts_marketing=True),
        user("c@example.com", "2024-02-10", "2024-03-05", accepts_marketing=False),
        user("d@example.com", first_order_value=12.5, source="Web"),
        user("e@example.com", "2024-03-02", accepts_marketing=True),
        user("f@example.com", "2024-01-03", flag_only=True, accepts_marketing=True),
        user("g@example.com", "2024-01-01", accepts_marketing=True, country="DE"),
    )


def people(con, marketing_only=False, page_size=None, page_offset=0) -> pd.DataFrame:
    params = {
        "as_of_end": AS_OF_END,
        "marketing_only": marketing_only,
        "page_size": page_size,
        "page_offset": page_offset,
    }
    return queries.run(con, "people", params)


def test_people_lists_the_non_activated_newest_registration_first():
    frame = people(people_table())

    assert list(frame.columns) == [
        "customer_id",
        "email",
        "display_name",
        "registered_at",
        "accepts_marketing",
        "first_order_value",
        *SLICES,
    ]
    # c activates after the as-of day; a and g tie and keep the file's order; d
    # has no registration date and comes last.
    assert frame["email"].tolist() == [
        "c@example.com",
        "a@example.com",
        "g@example.com",
        "d@example.com",
    ]
    a = {k: plain(v) for k, v in frame.iloc[1].items()}
    assert a["display_name"] == "A"
    assert a["registered_at"] == dt.datetime(2024, 1, 1)
    assert a["accepts_marketing"] is True
    d = {k: plain(v) for k, v in frame.iloc[3].items()}
    assert (d["registered_at"], d["first_order_value"], d["source"]) == (
        None,
        12.5,
        "Web",
    )


def test_people_can_be_limited_to_those_who_accept_marketing():
    frame = people(people_table(), marketing_only=True)

    assert frame["email"].tolist() == ["a@example.com", "g@example.com"]


def test_people_come_a_page_at_a_time():
    con = people_table()

    first = people(con, page_size=2, page_offset=0)
    second = people(con, page_size=2, page_offset=2)
    beyond = people(con, page_size=2, page_offset=4)

    assert first["email"].tolist() == ["c@example.com", "a@example.com"]
    assert second["email"].tolist() == ["g@example.com", "d@example.com"]
    assert beyond.empty


def test_people_follow_the_filters():
    filters = Filters(slices=(("country", ("DE",)),))

    frame = queries.run(
        people_table(),
        "people",
        {
            "as_of_end": AS_OF_END,
            "marketing_only": False,
            "page_size": None,
            "page_offset": 0,
        },
        filters,
    )

    assert frame["email"].tolist() == ["g@example.com"]


def test_people_is_empty_when_there_are_no_users():
    assert people(users_table()).empty


def people_count(con, marketing_only=False) -> int:
    params = {"as_of_end": AS_OF_END, "marketing_only": marketing_only}
    return int(queries.run(con, "people_count", params).iloc[0]["people"])


def test_people_count_counts_the_people_list_without_fetching_it():
    con = people_table()
    # a, c (activates after the as-of day), g and d (no registration date).
    assert people_count(con) == 4
    assert people_count(con, marketing_only=True) == 2
    assert people_count(users_table()) == 0


# --- questions: time to buy, registration mix, feedback, channels -------------


def test_activation_within_counts_only_people_watched_for_30_days():
    con = users_table(
        user("a", "2024-01-01", "2024-01-05"),  # 4 days: within 7 and 30
        user("b", "2024-01-10", "2024-02-01"),  # 22 days: within 30
        user("c", "2024-01-15"),  # never
        user("d", "2024-02-15", "2024-02-16"),  # registered 15 days before
        user("e", None, "2024-01-02"),  # no registration date
    )
    # Watched for 30 days by the end of 29 Feb: registered before 31 Jan.
    row = only_row(queries.run(con, "activation_within", {"as_of_end": AS_OF_END}))
    assert row == {"registered": 3, "within_7_days": 1, "within_30_days": 2}


def test_registration_mix_counts_each_value_in_each_period():
    con = users_table(
        user("a", "2024-02-10", source="web", device="mobile"),
        user("b", "2024-02-20", source="web", device="desktop"),
        user("c", "2024-01-10", source="ads", device="mobile"),
        user("d", "2023-12-31", source="ads"),  # before both periods
        user("e", "2024-03-01", source="web"),  # after the as-of day
    )
    params = {
        "as_of_end": AS_OF_END,
        "period_start": dt.datetime(2024, 1, 31),
        "previous_start": dt.datetime(2024, 1, 1),
    }
    frame = queries.run(con, "registration_mix", params)
    assert records(frame) == [
        ("device", "desktop", 1, 0),
        ("device", "mobile", 1, 1),
        ("source", "web", 2, 0),
        ("source", "ads", 0, 1),
    ]


def test_feedback_answers_keeps_people_who_never_bought_by_the_day():
    con = users_table(
        user("a", "2024-01-01", feedback="Too pricey"),
        user("b", "2024-01-02", feedback="Too pricey"),
        user("c", "2024-01-03", "2024-01-04", feedback="Loved it"),
        user("d", "2024-01-05", "2024-03-05", feedback="Shipping"),  # bought later
        user("e", "2024-01-06"),
    )
    frame = queries.run(con, "feedback_answers", {"as_of_end": AS_OF_END})
    assert records(frame) == [("Too pricey", 2), ("Shipping", 1)]


def touches_table(con, *rows) -> None:
    con.execute(
        "create table touches (row_number bigint, touch_key varchar, "
        "touched_at timestamp, channel varchar, campaign varchar, offer varchar, "
        "problem varchar)"
    )
    numbered = [(n, *row) for n, row in enumerate(rows, start=1)]
    con.executemany("insert into touches values (?, ?, ?, ?, ?, ?, ?)", numbered)


def test_channel_activation_compares_touched_with_untouched_people():
    con = users_table(
        user("a", "2024-01-01", "2024-02-05"),
        user("b", "2024-01-01"),
        user("c", "2024-01-01", "2024-02-20"),  # not touched, bought after 19 days
        user("d", "2024-01-01", "2024-02-03"),  # not touched, bought after 2 days
    )
    touches_table(
        con,
        ("a", at("2024-02-01 10:00"), "email", None, "X", None),
        ("b", at("2024-02-02 10:00"), "sms", None, None, None),
        ("a", at("2024-02-03 10:00"), "sms", None, None, None),
        ("zz", at("2024-02-02 10:00"), "sms", None, None, None),  # nobody
        ("b", None, "email", None, None, "no_time"),
    )
    params = {
        "window_start": dt.datetime(2024, 2, 1),
        "window_end": AS_OF_END,
        "days": 7,
        "by_email": True,
        "no_value": "(none)",
    }
    frame = queries.run(con, "channel_activation", params)
    # a bought 4 days after its first message and 2 after its first SMS; b never.
    assert records(frame.drop(columns="activated_pct")) == [
        ("any", "", 2, 1),
        ("campaign", "(none)", 2, 1),
        ("channel", "sms", 2, 1),
        ("channel", "email", 1, 1),
        ("offer", "(none)", 2, 1),
        ("offer", "X", 1, 1),
        ("untouched", "", 2, 1),
    ]
    assert frame["activated_pct"].tolist() == [
        50.0,
        50.0,
        50.0,
        100.0,
        50.0,
        100.0,
        50.0,
    ]


# --- every query ------------------------------------------------------------


def test_definitions_by_row_counts_the_rules_in_each_row():
    # Users with each compared rule's verdict as columns, as a database gives them.
    con = duckdb.connect()
    con.execute(
        "create table users (registered_at timestamp, "
        "activated_ever_1 boolean, activated_at_1 timestamp, "
        "activated_ever_2 boolean, activated_at_2 timestamp, "
        "activated_ever_3 boolean, activated_at_3 timestamp)"
    )
    rows = [
        # Customer under rule 1 (before the end) and 2 (no time).
        ("2024-01-05", True, "2024-02-01", True, None, False, None),
        # Rule 1 only after the as-of moment: not yet; rule 3 only.
        ("2024-01-06", True, "2024-03-01", False, None, True, None),
        # Rule 2 only.
        ("2024-02-10", False, None, True, "2024-02-29 23:59", False, None),
        # Registered after the as-of moment: not counted at all.
        ("2024-03-02", True, "2024-03-03", True, None, True, None),
        # No registration date: counted, customer under rule 1 only.
        (None, True, "2024-01-01", False, None, False, None),
    ]
    con.executemany("insert into users values (?, ?, ?, ?, ?, ?, ?)", rows)
    row = queries.run(con, "definitions_by_row", {"as_of_end": AS_OF_END}).iloc[0]
    assert row["all_users"] == 4
    assert [row[f"activated_{n}"] for n in (1, 2, 3)] == [2, 2, 1]
    assert row["activated_1_not_2"] == 1 and row["activated_2_not_1"] == 1
    assert row["activated_1_not_3"] == 2 and row["activated_3_not_1"] == 1
    assert row["activated_2_not_3"] == 2 and row["activated_3_not_2"] == 1
    assert [row[f"only_{n}"] for n in (1, 2, 3)] == [1, 1, 1]


def test_every_query_file_has_tests_here():
    tested = {
        "people_count",
        "headline",
        "trend",
        "registration_cohorts",
        "slices",
        "slice_values",
        "waiting_time",
        "latest_registration",
        "definitions_by_row",
        "people",
        # Tested with the curve they feed, in test_survival.py.
        "time_to_activate",
        "first_order_values",
        # Known answers in test_cohort_grid.py, test_what_changed.py and
        # test_definitions.py.
        "cohort_grid",
        "what_changed",
        "definitions",
        "activation_within",
        "registration_mix",
        "feedback_answers",
        "channel_activation",
    }

    assert {path.stem for path in queries.QUERY_DIR.glob("*.sql")} == tested
