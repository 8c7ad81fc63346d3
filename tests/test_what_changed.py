"""What changed: counts at two moments worked out by hand, and the split of the
change checked against a separate computation (the average over all six orders in
which the three factors can change)."""

import datetime as dt
import itertools

import pandas as pd
import pytest
from test_queries import records, user, users_table

from nonactivated import changes, queries

BEFORE_END = dt.datetime(2024, 2, 1)  # end of 31 Jan 2024
AFTER_END = dt.datetime(2024, 3, 1)  # end of 29 Feb 2024


def shop():
    return users_table(
        user("u1@example.com", "2024-01-05", source="web"),
        user("u2@example.com", "2024-01-10", "2024-02-15", source="web"),
        user("u3@example.com", "2024-02-10", source="web"),
        user("u4@example.com", "2024-01-20", "2024-01-25", source="app"),
        user("u5@example.com", "2024-02-05", source="app"),
        user("u6@example.com", "2024-02-20", source="app"),
    )


def counts(con, split="source"):
    params = {"slice": split, "before_end": BEFORE_END, "after_end": AFTER_END}
    return queries.run(con, "what_changed", params)


def shapley_by_orders(parts) -> dict[str, float]:
    """Each factor's effect as the average, over the 6 orders of switching the
    factors from before to after, of the change in the sum when it switches."""
    users = [sum(p[k] for p in parts) for k in ("r0", "r1")]
    effects = dict.fromkeys(("users", "mix", "share"), 0.0)
    for order in itertools.permutations(effects):
        state = {"users": 0, "mix": 0, "share": 0}  # 0 = before, 1 = after

        def value(state):
            return sum(
                users[state["users"]]
                * (p[f"r{state['mix']}"] / users[state["mix"]])
                * (p[f"n{state['share']}"] / p[f"r{state['share']}"])
                for p in parts
            )

        for factor in order:
            before = value(state)
            state[factor] = 1
            effects[factor] += (value(state) - before) / 6
    return effects


def test_counts_at_both_moments_are_per_part_of_the_split():
    # 31 Jan: web u1, u2 registered, neither bought; app u4, who bought.
    # 29 Feb: web u1, u2 (bought 15 Feb), u3; app u4, u5, u6.
    assert records(counts(shop())) == [
        ("app", 1, 0, 3, 2),
        ("web", 2, 2, 3, 2),
    ]


def test_the_three_effects_add_up_to_the_change_and_match_the_six_orders():
    change = changes.decompose(
        counts(shop()), dt.date(2024, 1, 31), dt.date(2024, 2, 29)
    )

    assert (change.before, change.after, change.total) == (2, 4, 2)
    assert change.more_registrations + change.mix + change.rate == pytest.approx(2)
    expected = shapley_by_orders(
        [
            {"r0": 2, "n0": 2, "r1": 3, "n1": 2},  # web
            {"r0": 1, "n0": 0, "r1": 3, "n1": 2},  # app
        ]
    )
    assert change.more_registrations == pytest.approx(expected["users"])
    assert change.mix == pytest.approx(expected["mix"])
    assert change.rate == pytest.approx(expected["share"])
    # Web had 2 never-bought people on both days: its three effects cancel out.
    web = change.parts.set_index("slice_value").loc["web"]
    assert web["more_registrations"] + web["mix"] + web["rate"] == pytest.approx(0)


def test_without_a_split_there_is_no_mix_effect():
    change = changes.decompose(
        counts(shop(), split=changes.NO_SPLIT),
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),
    )

    # 3 users, 2 never bought -> 6 users, 4 never bought: the share stayed 2/3, so
    # the whole change is more registrations.
    assert change.mix == 0
    assert change.more_registrations == pytest.approx(2)
    assert change.rate == pytest.approx(0)


def test_a_part_new_in_the_second_period_and_a_first_period_with_nobody():
    frame = pd.DataFrame(
        [("email", 0, 0, 4, 3), ("web", 10, 5, 10, 5)],
        columns=[
            "slice_value",
            "before_users",
            "before_non_activated",
            "after_users",
            "after_non_activated",
        ],
    )
    change = changes.decompose(frame, dt.date(2024, 1, 1), dt.date(2024, 2, 1))
    assert change.total == 3
    assert change.more_registrations + change.mix + change.rate == pytest.approx(3)
    new_part = change.parts.set_index("slice_value").loc["email"]
    # A part that did not exist has no share of its own to change.
    assert new_part["rate"] == pytest.approx(0)
    # Under 30 people on either day: both parts are flagged as unreliable.
    assert change.parts["too_small"].tolist() == [True, True]

    empty_start = frame.assign(before_users=0, before_non_activated=0)
    change = changes.decompose(empty_start, dt.date(2024, 1, 1), dt.date(2024, 2, 1))
    assert change.more_registrations == pytest.approx(8)
    assert (change.mix, change.rate) == (pytest.approx(0), pytest.approx(0))


def test_the_total_change_is_the_overview_change_for_the_same_two_days():
    con = shop()
    params = {
        "as_of_end": AFTER_END,
        "period_start": BEFORE_END,
        "previous_end": BEFORE_END,
        "previous_start": dt.datetime(2024, 1, 1),
    }
    overview = queries.run(con, "headline", params).iloc[0]
    change = changes.decompose(counts(con), dt.date(2024, 1, 31), dt.date(2024, 2, 29))
    assert change.total == (
        overview["non_activated_users"] - overview["previous_non_activated_users"]
    )


def test_whole_numbers_shown_still_add_up_to_the_change():
    # Rounded down first (1, 1, 0); the one left over goes to the largest
    # remainder, the first of the two 0.4s.
    assert changes.whole_parts([1.4, 1.4, 0.2], 3) == [2, 1, 0]
    # Down: 2, -1, -1 (sum 0); two left go to the remainders 0.7 and 0.7.
    assert changes.whole_parts([2.6, -0.3, -0.3], 2) == [2, 0, 0]
    # Down: 10, -4, 1 (sum 7); two left go to 0.75 and 0.75.
    assert changes.whole_parts([10.5, -3.25, 1.75], 9) == [10, -3, 2]


def test_a_year_earlier_of_29_february_is_28_february():
    assert changes.year_earlier(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert changes.year_earlier(dt.date(2026, 11, 30)) == dt.date(2025, 11, 30)


def test_a_slice_name_outside_the_list_matches_no_column():
    # The slice travels as a value: a name that is no canonical column is one group.
    frame = counts(shop(), split="source; drop table users")
    assert records(frame) == [(None, 3, 2, 6, 4)]


def test_only_events_on_the_trend_s_time_axis_are_drawn():
    trend = pd.DataFrame(
        {"period_end": [dt.date(2024, 1, 7), dt.date(2024, 2, 25)]},
    )
    events = [
        (dt.date(2023, 6, 1), "Too early"),
        (dt.date(2024, 1, 20), "Sale"),
        (dt.date(2024, 3, 10), "After the as-of day"),
    ]
    marks = changes.events_in_range(events, trend)
    assert marks["text"].tolist() == ["Sale"]
