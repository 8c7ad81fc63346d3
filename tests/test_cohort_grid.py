"""Sign-up groups: a few users in, every cell of the grid worked out by hand.

The as-of day is Thursday 29 Feb 2024, so figures count up to 1 Mar 2024 00:00.
Weeks start on Monday: 5, 12, 19 and 26 Feb 2024.
"""

import datetime as dt

import pandas as pd
from test_queries import records, user, users_table

from nonactivated import charts, cohorts, dataset, queries
from nonactivated.queries import Filters

AS_OF_END = dt.datetime(2024, 3, 1)


def grid(con, weeks_across: int = 3, grain: str = "week", first="2024-02-05"):
    params = {
        "grain": grain,
        "first_cohort": dt.datetime.fromisoformat(first),
        "weeks_across": weeks_across,
        "as_of_end": AS_OF_END,
    }
    return queries.run(con, "cohort_grid", params)


def test_each_cell_counts_purchases_within_that_many_weeks_and_greys_what_is_unknown():
    con = users_table(
        # Week of 5 Feb: three people; the group is complete on 12 Feb.
        user("a@example.com", "2024-02-05 10:00", "2024-02-07 10:00"),  # 2 days
        user("b@example.com", "2024-02-08 09:00", "2024-02-20 09:00"),  # 12 days
        user("c@example.com", "2024-02-11 23:00"),  # never bought
        # Week of 19 Feb: a purchase a day before signing up counts from week 1.
        user("d@example.com", "2024-02-19 08:00", "2024-02-20 08:00"),
        user("g@example.com", "2024-02-19 12:00", "2024-02-18 12:00"),
        # Week of 26 Feb: bought after the as-of day, which is not known yet.
        user("e@example.com", "2024-02-26 08:00", "2024-03-05 08:00"),
        # Before the first group shown: left out.
        user("f@example.com", "2024-01-29 08:00", "2024-01-30 08:00"),
    )

    rows = records(grid(con))

    feb5, feb19, feb26 = (dt.datetime(2024, 2, d) for d in (5, 19, 26))
    assert rows == [
        # 12 Feb + 1 week = 19 Feb and + 2 weeks = 26 Feb are before 1 Mar: known;
        # + 3 weeks = 4 Mar is not.
        (feb5, 1, 3, 1, 33.333333, True),
        (feb5, 2, 3, 2, 66.666667, True),
        (feb5, 3, 3, 2, 66.666667, False),
        # The group of 19 Feb is complete on 26 Feb; a week later is 4 Mar.
        (feb19, 1, 2, 2, 100.0, False),
        (feb19, 2, 2, 2, 100.0, False),
        (feb19, 3, 2, 2, 100.0, False),
        (feb26, 1, 1, 0, 0.0, False),
        (feb26, 2, 1, 0, 0.0, False),
        (feb26, 3, 1, 0, 0.0, False),
    ]


def test_month_groups_are_known_only_once_their_last_member_is_old_enough():
    con = users_table(
        user("a@example.com", "2024-01-02", "2024-01-03"),
        user("b@example.com", "2024-01-31 20:00", "2024-02-10 20:00"),  # 10 days
    )

    rows = records(grid(con, weeks_across=5, grain="month", first="2024-01-01"))

    # January ends on 1 Feb; 1 Feb + 4 weeks = 29 Feb is known, + 5 weeks is not.
    jan = dt.datetime(2024, 1, 1)
    assert rows == [
        (jan, 1, 2, 1, 50.0, True),
        (jan, 2, 2, 2, 100.0, True),
        (jan, 3, 2, 2, 100.0, True),
        (jan, 4, 2, 2, 100.0, True),
        (jan, 5, 2, 2, 100.0, False),
    ]


def test_the_grid_starts_26_weeks_or_24_months_back_from_the_as_of_day():
    # 29 Feb 2024 is a Thursday: its week starts on Monday 26 Feb.
    assert cohorts.first_group_start(dt.date(2024, 2, 29), "week") == dt.datetime(
        2023, 9, 4
    )
    assert cohorts.first_group_start(dt.date(2024, 2, 29), "month") == dt.datetime(
        2022, 3, 1
    )


def test_the_headline_is_the_latest_group_whose_cell_is_known():
    con = users_table(
        user("a@example.com", "2024-02-05 10:00", "2024-02-07 10:00"),
        user("b@example.com", "2024-02-08 09:00", "2024-02-20 09:00"),
        user("c@example.com", "2024-02-11 23:00"),
        user("d@example.com", "2024-02-19 08:00", "2024-02-20 08:00"),
    )
    frame = grid(con)
    frame["too_small"] = frame["users"] < cohorts.MIN_GROUP_USERS

    latest = cohorts.latest_known(frame, 2, "week")

    # Week 2 of the 19 Feb group ends after the as-of day: 5 Feb's is the latest.
    assert (latest.group, latest.users, round(latest.share, 4)) == (
        "5 Feb 2024",
        3,
        66.6667,
    )
    assert latest.previous_group is None
    assert cohorts.group_name(dt.datetime(2024, 2, 1), "month") == "Feb 2024"


def test_groups_under_the_threshold_are_marked_in_the_grid_and_the_chart():
    shop = dataset.load(
        b"email,registered_at,first_order_at\n"
        b"a@example.com,2024-02-05,2024-02-06\n"
        b"b@example.com,2024-02-06,\n",
        "shop.csv",
    )

    frame = cohorts.cohort_grid(shop, Filters(), dt.date(2024, 2, 29), "week")

    # Two people in the week of 5 Feb, far under 30: every cell is marked.
    assert frame["too_small"].all() and cohorts.MIN_GROUP_USERS == 30
    week_1 = frame[frame["weeks_since"] == 1].iloc[0]
    assert (week_1["users"], week_1["activated"], week_1["observable"]) == (2, 1, True)
    spec = charts.cohort_grid_chart(frame, "Week").to_dict()
    labels = {row["label"] for row in spec["datasets"][spec["data"]["name"]]}
    assert "50*" in labels


def test_every_row_of_the_grid_is_named_and_its_numbers_are_readable():
    frame = pd.DataFrame(
        {
            "cohort_start": pd.to_datetime(["2026-06-08", "2026-06-15"]).repeat(2),
            "weeks_since": [1, 2, 1, 2],
            "users": [40, 40, 50, 50],
            "activated": [10, 20, 5, 5],
            "activated_pct": [25.0, 50.0, 10.0, 10.0],
            "observable": [True, True, True, False],
            "too_small": [False] * 4,
        }
    )
    spec = charts.cohort_grid_chart(frame, "Week").to_dict()
    y_axes = [layer["encoding"]["y"].get("axis", {}) for layer in spec["layer"]]
    # Vega-Lite hides every other label when they would touch; never here.
    assert all(axis.get("labelOverlap") is False for axis in y_axes)
    texts_ = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert texts_[0]["mark"]["fontSize"] >= 12
    # Two rows of 26 pixels, each tall enough for a 12-pixel name.
    assert spec["height"] == {"step": 26}
    assert charts.cohort_grid_height(frame) == 2 * 26 + 90
