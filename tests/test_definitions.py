"""Compare definitions: a small file read through the real loader, and each rule's
customers and the overlaps counted by hand.

    person  first order   orders  status      T (date)  O (orders)  S (status)
    a       5 Jan 2024    1       Converted   yes       yes         yes
    b       -             0       Converted   -         -           yes
    c       10 Feb 2024   2       Open        yes       yes         -
    d       -             0       Open        -         -           yes (its copy)
    e       -             3       Open        -         yes         -

d appears twice (the e-mail in other letters); the copy says Converted, and a
purchase on any copy makes the person a customer.
"""

import datetime as dt

import pytest

from nonactivated import dataset, definitions
from nonactivated.queries import Filters

LEADS = b"""email,created_at,first_order_at,total_orders,lead_status
a@example.com,2024-01-01,2024-01-05,1,Converted
b@example.com,2024-01-02,,0,Converted
c@example.com,2024-01-03,2024-02-10,2,Open
d@example.com,2024-01-04,,0,Open
e@example.com,2024-01-05,,3,Open
D@Example.com,2024-01-07,,0,Converted
"""


@pytest.fixture(scope="module")
def leads():
    return dataset.load(LEADS, "leads.csv")


def test_the_file_offers_a_date_an_order_count_and_a_status_rule(leads):
    rules = definitions.candidate_rules(leads)
    assert [r.describe(leads.raw.columns) for r in rules] == [
        'Has a date in "first_order_at" on or before the chosen day',
        '"total_orders" is above 0',
        '"lead_status" is "Converted"',
    ]


def test_three_rules_counted_on_the_same_five_people(leads):
    rules = definitions.candidate_rules(leads)

    result = definitions.compare_rules(leads, Filters(), dt.date(2024, 2, 10), rules)

    assert result.all_users == 5
    assert result.rules[
        ["activated", "non_activated", "only_this"]
    ].values.tolist() == [
        [2, 3, 0],  # T: a, c; nobody only under T
        [3, 2, 1],  # O: a, c, e; only e
        [3, 2, 2],  # S: a, b, d; only b and d
    ]
    assert result.rules["non_activated_pct"].tolist() == [60.0, 40.0, 40.0]
    pairs = {
        (a[:5], b[:5]): n for a, b, n in result.pairs.itertuples(index=False, name=None)
    }
    assert pairs == {
        ("Has a", '"tota'): 0,  # T not O
        ("Has a", '"lead'): 1,  # T not S: c
        ('"tota', "Has a"): 1,  # O not T: e
        ('"tota', '"lead'): 2,  # O not S: c, e
        ('"lead', "Has a"): 2,  # S not T: b, d
        ('"lead', '"tota'): 2,  # S not O: b, d
    }


def test_a_rule_with_a_date_counts_only_purchases_up_to_the_chosen_day(leads):
    rules = definitions.candidate_rules(leads)[:2]

    result = definitions.compare_rules(leads, Filters(), dt.date(2024, 2, 1), rules)

    # c's first order on 10 Feb is after 1 Feb; the order count knows no date.
    assert result.rules["activated"].tolist() == [1, 3]
    assert result.pairs["activated_a_not_b"].tolist() == [0, 2]


def test_the_rule_in_use_gives_the_same_count_as_every_other_page(leads):
    rules = definitions.candidate_rules(leads)
    result = definitions.compare_rules(leads, Filters(), leads.model.last_date, rules)
    in_use = leads.con.execute(
        "select count(*) filter (where not activated_ever) from users"
    ).fetchone()[0]
    assert result.rules["non_activated"].iloc[0] == in_use


def test_a_shop_with_one_sign_of_buying_offers_one_rule():
    shop = dataset.load(
        b"email,created_at,total_orders\na@example.com,2024-01-01,1\n", "x.csv"
    )
    assert len(definitions.candidate_rules(shop)) == 1


def test_without_repeated_people_each_row_is_one_person():
    once = dataset.load(LEADS.rsplit(b"D@Example.com", 1)[0], "leads.csv")
    rules = definitions.candidate_rules(once)

    result = definitions.compare_rules(once, Filters(), dt.date(2024, 2, 10), rules)

    # Without d's copy, the status rule counts a and b only.
    assert result.rules[["activated", "only_this"]].values.tolist() == [
        [2, 0],
        [3, 1],
        [2, 1],
    ]
    assert result.pairs["activated_a_not_b"].tolist() == [0, 1, 1, 2, 1, 1]


def test_a_status_rule_with_values_and_empty_cells_reads_as_a_sentence():
    from nonactivated import texts

    assert texts.rule_values("status", ["paid", "won", ""]) == (
        '"status" is "paid", "won" or empty'
    )
    assert texts.rule_values("status", ["paid"]) == '"status" is "paid"'
