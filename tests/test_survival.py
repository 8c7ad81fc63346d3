"""Time to first purchase and what the backlog is worth, on a dozen users.

Every expected figure below was worked out by hand from the twelve users in
``DOZEN``; the comments show the arithmetic. The as-of day is 29 Feb 2024, so
``AS_OF_END`` is the first moment of 1 Mar 2024.

Days since sign-up: a purchase counts on the first whole day it fits in (at or
before sign-up is day 0; 5 minutes after is day 1; exactly 24 hours is day 1);
someone still waiting counts the whole days seen waiting.
"""

import datetime as dt
import math
from types import SimpleNamespace

import pandas as pd
import pytest
import sqlglot

from nonactivated import charts, dataset, metrics, queries, survival, texts
from nonactivated.queries import Filters

AS_OF_END = dt.datetime(2024, 3, 1)
SLICES = ("source", "verified", "device", "referral", "country")
EXTRAS = tuple(f"extra_{i}" for i in range(1, 9))
COLUMNS = {
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
    **{name: "varchar" for name in SLICES + EXTRAS},
}

# name, registered, activated (None: not yet; "flag": bought, no date), device
DOZEN = [
    ("a", "2024-01-01 00:00:00", "2024-01-01 00:00:00", "web"),  # bought at sign-up: 0
    ("b", "2024-01-01 10:00:00", "2024-01-01 10:05:00", "web"),  # 5 minutes: day 1
    ("c", "2024-01-02 00:00:00", "2024-01-03 00:00:00", "web"),  # 24 hours: day 1
    ("d", "2024-01-02 00:00:00", "2024-01-03 00:00:01", "app"),  # just over: day 2
    ("e", "2024-01-05 00:00:00", "2024-01-08 12:00:00", "app"),  # 3.5 days: day 4
    ("f", "2024-02-28 12:00:00", None, "web"),  # waiting 1.5 days: seen 1
    ("g", "2024-02-27 00:00:00", None, "app"),  # waiting 3 days: seen 3
    ("h", "2024-02-20 00:00:00", None, "web"),  # waiting 10 days: seen 10
    ("i", "2024-01-10 00:00:00", "2024-03-05 00:00:00", "app"),  # after as-of: 51
    ("j", "2024-01-10 00:00:00", "2024-01-20 00:00:00", "web"),  # day 10
    ("k", "2024-01-01 00:00:00", "flag", "web"),  # a customer with no date
    ("l", "2024-03-02 00:00:00", None, "web"),  # registered after the as-of day
    ("m", "2024-01-15 00:00:00", "2024-01-16 00:00:00", "tv"),  # day 1
]


def dozen_table():
    con = dataset.connect()
    names = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
    con.execute(f"create table users ({names})")
    for number, (name, registered, activated, device) in enumerate(DOZEN, start=1):
        row = {
            "row_number": number,
            "user_key": name,
            "email": f"{name}@example.com",
            "registered_at": dt.datetime.fromisoformat(registered),
            "activated_ever": activated is not None,
            "activated_at": (
                dt.datetime.fromisoformat(activated)
                if activated not in (None, "flag")
                else None
            ),
            "device": device,
        }
        marks = ", ".join("?" for _ in COLUMNS)
        con.execute(
            f"insert into users values ({marks})", [row.get(c) for c in COLUMNS]
        )
    return con


def counts(con, slice_column: str = "", top_values: int = 5) -> pd.DataFrame:
    params = {
        "as_of_end": AS_OF_END,
        "slice": slice_column,
        "max_day": survival.DAY_LIMIT,
        "top_values": top_values,
        "all_label": "Everyone",
        "other_label": "Others",
    }
    return queries.run(con, "time_to_activate", params, Filters())


def rows(frame: pd.DataFrame) -> list[tuple]:
    return [
        (
            value,
            None if pd.isna(day) else int(day),
            int(bought),
            int(waiting),
            int(undated),
        )
        for value, day, bought, waiting, undated in frame[
            [
                "slice_value",
                "day",
                "became_customers",
                "still_waiting",
                "customers_without_date",
            ]
        ].itertuples(index=False, name=None)
    ]


def test_time_to_activate_counts_purchases_and_people_waiting_per_whole_day():
    assert rows(counts(dozen_table())) == [
        ("Everyone", 0, 1, 0, 0),  # a
        ("Everyone", 1, 3, 1, 0),  # b, c, m bought; f waiting
        ("Everyone", 2, 1, 0, 0),  # d
        ("Everyone", 3, 0, 1, 0),  # g
        ("Everyone", 4, 1, 0, 0),  # e
        ("Everyone", 10, 1, 1, 0),  # j bought; h waiting
        ("Everyone", 51, 0, 1, 0),  # i bought after the as-of day
        ("Everyone", None, 0, 0, 1),  # k
    ]


def test_time_to_activate_splits_by_a_slice_and_puts_small_values_together():
    assert rows(counts(dozen_table(), "device", top_values=2)) == [
        ("Others", 1, 1, 0, 0),  # m, the only "tv"
        ("app", 2, 1, 0, 0),
        ("app", 3, 0, 1, 0),
        ("app", 4, 1, 0, 0),
        ("app", 51, 0, 1, 0),
        ("web", 0, 1, 0, 0),
        ("web", 1, 2, 1, 0),
        ("web", 10, 1, 1, 0),
        ("web", None, 0, 0, 1),
    ]


def test_time_to_activate_puts_purchases_after_two_years_in_one_last_day():
    con = dozen_table()
    con.execute(
        "insert into users (row_number, user_key, registered_at, activated_ever, "
        "activated_at) values (99, 'late', '2021-01-01', true, '2023-06-01'), "
        "(98, 'old', '2020-01-01', false, null)"
    )
    late = [r for r in rows(counts(con)) if r[1] == survival.DAY_LIMIT + 1]
    assert late == [("Everyone", 731, 1, 1, 0)]


def test_a_slice_name_from_outside_picks_no_column_and_counts_everyone():
    frame = counts(dozen_table(), "device; drop table users")
    assert set(frame["slice_value"]) == {"Everyone"}
    assert frame["became_customers"].sum() == 7


# The Kaplan-Meier steps by hand (n at risk, e bought, c still waiting):
#   day 0:  n 11, e 1        S = 10/11
#   day 1:  n 10, e 3, c 1   S = 10/11 x 7/10 = 7/11
#   day 2:  n 6,  e 1        S = 7/11 x 5/6 = 35/66
#   day 3:  n 5,  c 1        S = 35/66
#   day 4:  n 4,  e 1        S = 35/66 x 3/4 = 35/88
#   day 10: n 3,  e 1, c 1   S = 35/88 x 2/3 = 35/132
#   day 51: n 1,  c 1        S = 35/132
BOUGHT_BY = {0: 1 / 11, 1: 4 / 11, 2: 31 / 66, 3: 31 / 66, 4: 53 / 88, 10: 97 / 132}


def dozen_summary() -> survival.TimeToActivate:
    return survival.summarise(counts(dozen_table()), "Everyone")


def test_kaplan_meier_steps_count_people_still_waiting_until_they_leave():
    summary = dozen_summary()
    curve = summary.curve.set_index("day")
    for day, share in BOUGHT_BY.items():
        assert curve.loc[day, "activated_pct"] == pytest.approx(100 * share)
    assert curve.loc[9, "activated_pct"] == pytest.approx(100 * 53 / 88)
    assert curve.loc[51, "activated_pct"] == pytest.approx(100 * 97 / 132)
    assert list(curve.loc[[0, 1, 2, 3, 4, 10, 51], "at_risk"]) == [
        11,
        10,
        6,
        5,
        4,
        3,
        1,
    ]


def test_kaplan_meier_band_follows_greenwood():
    curve = dozen_summary().curve.set_index("day")
    # Day 1: 1/(11 x 10) + 3/(10 x 7); half-width 1.96 x S x sqrt(sum).
    half_width = 1.96 * (7 / 11) * math.sqrt(1 / 110 + 3 / 70)
    assert curve.loc[1, "low_pct"] == pytest.approx(100 * (4 / 11 - half_width))
    assert curve.loc[1, "high_pct"] == pytest.approx(100 * (4 / 11 + half_width))
    assert curve.loc[0, "low_pct"] >= 0


def test_median_is_the_first_day_half_have_bought_and_later_marks_may_not_be_reached():
    summary = dozen_summary()
    assert summary.median_day == 4  # 53/88 = 60.2 % by day 4; 46.97 % by day 2
    assert summary.p75_day is None  # 97/132 = 73.5 % at most
    assert summary.p90_day is None
    assert (summary.users, summary.customers, summary.still_waiting) == (11, 7, 4)
    assert summary.customers_without_date == 1
    # Average over buyers only, from exact times, not the curve's whole days
    # (0 + 1 + 1 + 1 + 2 + 4 + 10 = 19): a 0 s, b 300 s, c 86,400 s,
    # d 86,401 s, e 302,400 s, j 864,000 s, m 86,400 s = 1,425,901 s.
    assert summary.mean_days_of_customers == pytest.approx(1_425_901 / 86_400 / 7)


def test_the_exact_days_to_buy_add_up_per_whole_day():
    frame = counts(dozen_table()).set_index("day")
    # Day 1 holds b (300 s), c and m (86,400 s each); day 0 holds a, at sign-up.
    assert frame.loc[1, "bought_days"] == pytest.approx((300 + 2 * 86_400) / 86_400)
    assert frame.loc[0, "bought_days"] == 0
    # h is still waiting and i bought after the as-of day: nothing to add.
    assert frame.loc[51, "bought_days"] == 0


def test_a_share_reached_exactly_counts_as_reached():
    exact = pd.DataFrame(
        {
            "day": [1, 2],
            "became_customers": [1, 1],
            "bought_days": [0.5, 1.5],
            "still_waiting": [0, 0],
            "customers_without_date": [0, 0],
        }
    )
    assert survival.summarise(exact).median_day == 1  # 1 of 2 by day 1


def test_groups_get_their_own_curves_largest_first():
    groups = survival.by_group(counts(dozen_table(), "device"))
    assert [(g.label, g.users) for g in groups] == [("web", 6), ("app", 4), ("tv", 1)]
    web = groups[0]
    # web: day 0 n 6 e 1; day 1 n 5 e 2 c 1 -> S = 5/6 x 3/5 = 1/2: half by day 1.
    assert web.median_day == 1
    assert web.bought_by(1) == pytest.approx(50)


# What the four people still waiting are worth within 7 days:
#   f, waited 1:  (S(1) - S(8)) / S(1) = 1 - (35/88) / (7/11) = 21/56 = 0.375
#   g, waited 3:  (S(3) - S(10)) / S(3) = 1 - (35/132) / (35/66) = 0.5
#   h, waited 10 and i, waited 51: nobody in the data bought after day 10: 0
def test_expected_new_customers_add_each_waiting_persons_chance():
    outlook = survival.outlook(dozen_summary().curve, 7)
    assert outlook.still_waiting == 4
    assert outlook.expected == pytest.approx(0.875)
    table = outlook.by_wait.set_index("wait_order")
    # f and g waited 1-7 days, h 7-30 days, i 30-90 days.
    assert list(table["still_waiting"]) == [2, 1, 1]
    assert table.loc[2, "expected_customers"] == pytest.approx(0.875)
    assert table.loc[2, "chance_pct"] == pytest.approx(43.75)
    assert table.loc[3, "expected_customers"] == 0


def test_expected_range_comes_from_greenwood_on_the_part_of_the_curve_used():
    outlook = survival.outlook(dozen_summary().curve, 7)
    # f: days 2..8 give 1/(6 x 5) + 1/(4 x 3); kept share 35/56 = 0.625.
    factor = math.exp(1.96 * math.sqrt(1 / 30 + 1 / 12))
    f_low, f_high = max(0, 1 - 0.625 * factor), 1 - 0.625 / factor
    # g: days 4..10 give 1/(4 x 3) + 1/(3 x 2); kept share 0.5.
    factor = math.exp(1.96 * math.sqrt(1 / 12 + 1 / 6))
    g_low, g_high = max(0, 1 - 0.5 * factor), 1 - 0.5 / factor
    assert outlook.low == pytest.approx(f_low + g_low)
    assert outlook.high == pytest.approx(f_high + g_high)
    assert outlook.low <= outlook.expected <= outlook.high


def test_money_is_written_in_whole_units_at_every_size():
    assert [texts.money(v) for v in (36.09, 0.4, 2043.2, 57.5)] == [
        "36",
        "0",
        "2,043",
        "58",
    ]


def test_revenue_is_expected_customers_times_the_value_of_a_first_order():
    outlook = survival.outlook(dozen_summary().curve, 7)
    assert outlook.expected * 40 == pytest.approx(35)  # 0.875 x 40


def test_what_if_more_raises_each_chance_and_never_above_certain():
    curve = dozen_summary().curve
    # f 0.375 -> 0.5625, g 0.5 -> 0.75.
    assert survival.extra_if_more(curve, 7, 50) == pytest.approx(0.1875 + 0.25)
    # At +150 %, g's 0.5 would be 1.25: it stops at 1.
    assert survival.extra_if_more(curve, 7, 150) == pytest.approx(0.5625 + 0.5)


def test_what_if_sooner_brings_purchases_after_the_horizon_into_it():
    curve = dozen_summary().curve
    # f within 10 days: 1 - (35/132) / (7/11) = 7/12, so 7/12 - 3/8 more.
    # g gains nothing: nobody bought between day 10 and day 13.
    assert survival.extra_if_sooner(curve, 7, 3) == pytest.approx(7 / 12 - 3 / 8)
    assert survival.extra_if_sooner(curve, 7, 0) == 0


def test_first_order_values_describe_customers_by_the_as_of_day_only():
    con = dozen_table()
    for name, value in (("a", 10), ("b", 20), ("c", 30), ("d", 40), ("i", 1000)):
        con.execute(
            "update users set first_order_value = ? where user_key = ?", [value, name]
        )
    con.execute("update users set first_order_value = 500 where user_key = 'f'")
    row = queries.run(
        con, "first_order_values", {"as_of_end": AS_OF_END}, Filters()
    ).iloc[0]
    # i bought after the as-of day and f never did: 10, 20, 30, 40 remain.
    assert int(row.customers_with_value) == 4
    assert row.mean_value == pytest.approx(25)
    assert row.lower_quartile == pytest.approx(17.5)
    assert row.median_value == pytest.approx(25)
    assert row.upper_quartile == pytest.approx(32.5)


def test_nobody_gives_an_empty_curve_and_no_expected_customers():
    con = dozen_table()
    con.execute("delete from users")
    summary = survival.summarise(counts(con))
    assert summary.users == 0
    assert summary.median_day is None
    assert survival.outlook(summary.curve, 30).expected == 0


NEW_SQL = ("time_to_activate", "first_order_values")


@pytest.mark.parametrize("name", NEW_SQL)
def test_the_new_queries_translate_to_every_target_database(name):
    sql = queries.with_filtered_users(queries.load_sql(name), "true")
    for dialect in (
        "postgres",
        "bigquery",
        "snowflake",
        "spark",
        "trino",
        "clickhouse",
        "mysql",
    ):
        sqlglot.transpile(
            sql,
            read="duckdb",
            write=dialect,
            unsupported_level=sqlglot.ErrorLevel.RAISE,
        )


def test_the_curve_chart_of_the_most_groups_stays_within_altairs_row_limit():
    # Every day of two years moves, in each of the largest groups and the rest.
    days = list(range(survival.DAY_LIMIT + 1))
    frame = pd.concat(
        pd.DataFrame(
            {
                "group": f"group {g}",
                "day": days,
                "activated_pct": [d / 10 for d in days],
                "low_pct": 0.0,
                "high_pct": 100.0,
                "at_risk": 1000,
            }
        )
        for g in range(metrics.TOP_GROUPS + 1)
    )
    spec = charts.time_to_activate_chart(frame, False, survival.DAY_LIMIT).to_dict()
    assert spec["layer"]


def test_the_path_from_everyone_to_revenue_writes_each_figure_on_its_step():
    # As of 29 Feb: 12 registered (l came later), 8 customers (k without a
    # date), 4 never bought (f, g, h, and i who bought later); nobody bought in
    # the 30 days before. 0.875 expected new customers x 40 = 35.
    headline = SimpleNamespace(
        all_users=12,
        non_activated_users=4,
        non_activated_pct=100 * 4 / 12,
        new_customers=0,
    )
    outlook = survival.outlook(dozen_summary().curve, 7)
    frame = texts.path_frame(headline, outlook, 40.0, 30)
    # Revenue is money: its step carries words and no length on the people axis.
    assert list(frame["people"]) == pytest.approx([12, 8, 4, 0.875, 0])
    assert frame["kind"].iloc[-1] == "revenue"
    assert list(frame["label"]) == [
        "12",
        "8 (0 new in the last 30 days)",
        "4 (33.33 % of all registered)",
        f"1 ({texts.count(outlook.low)}-{texts.count(outlook.high)})",
        f"35 ({texts.money(outlook.low * 40)}-{texts.money(outlook.high * 40)})",
    ]


def test_compared_groups_are_named_at_their_line_ends_in_distinct_colours():
    # Three groups whose lines end close together (40, 41 and 43 % by day 2).
    frame = pd.DataFrame(
        {
            "group": ["web"] * 3 + ["ios_app"] * 3 + ["social_login"] * 3,
            "day": [0, 1, 2] * 3,
            "activated_pct": [10, 30, 40, 10, 30, 41, 10, 30, 43],
            "low_pct": 0.0,
            "high_pct": 100.0,
            "at_risk": 100,
        }
    )
    spec = charts.time_to_activate_chart(frame, False, 90).to_dict()
    names = next(
        layer
        for layer in spec["layer"]
        if layer["mark"]["type"] == "text"
        and layer["encoding"]["text"]["field"] == "group"
    )
    ends = spec["datasets"][names["data"]["name"]]
    placed = {row["group"]: (row["day"], row["label_pct"]) for row in ends}
    # Written at the last day, lowest end first; each name at least 6 points
    # above the one below: 40, then max(41, 46) = 46, then max(43, 52) = 52.
    assert placed == {"web": (2, 40), "ios_app": (2, 46), "social_login": (2, 52)}
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    colour = line["encoding"]["color"]
    assert colour["legend"] is None
    # Blue, orange and reddish purple: no two blues or teals side by side.
    assert colour["scale"]["range"] == ["#0072B2", "#E69F00", "#CC79A7"]


def test_the_single_curve_draws_its_band_strongly_enough_to_see():
    frame = survival.curve_frame([dozen_summary()])
    spec = charts.time_to_activate_chart(frame, True, 90).to_dict()
    band = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "area")
    assert band["mark"]["opacity"] >= 0.3
    # One group: no name written on the line, the chart's title says what it is.
    assert not [
        layer
        for layer in spec["layer"]
        if layer["mark"]["type"] == "text"
        and layer["encoding"]["text"]["field"] == "group"
    ]


def test_the_band_is_said_in_numbers_at_30_days_when_the_data_reaches_that_far():
    # By day 30 nothing moved after day 10: S = 35/132, Greenwood's sum over days
    # 0, 1, 2, 4 and 10; nobody was seen for 90 days, so only 30 is said.
    greenwood = 1 / 110 + 3 / 70 + 1 / 30 + 1 / 12 + 1 / 6
    half_width = 1.96 * (35 / 132) * math.sqrt(greenwood)
    low = max(0.0, 97 / 132 - half_width)
    high = min(1.0, 97 / 132 + half_width)
    note = texts.band_note(dozen_summary())
    assert f"within 30 days, {100 * low:.2f} % to {100 * high:.2f} %." in note
    assert "90 days" not in note
