"""Compare definitions on a team's database, without a side table.

On a file, each compared rule is worked out per row into ``rule_flags`` in the
session's DuckDB (see definitions.py). A database holds no such table, and the app
writes nothing there; but there each row is one person (repeated people are not
merged, see database_model.py), so every compared rule can be worked out in the
same row as the canonical users: the users query gains the columns
``activated_ever_<n>`` and ``activated_at_<n>`` (slots 1-3), each written by the
same code that writes the rule in use, and ``queries/definitions_by_row.sql``
counts them with the counting of ``definitions.sql``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
from sqlglot import exp

from nonactivated import database_model, queries
from nonactivated.dataset import Dataset
from nonactivated.mapping import ActivationRule
from nonactivated.queries import Filters, end_of_day

SLOTS = (1, 2, 3)
QUERY = "definitions_by_row"


def usable(dataset: Dataset, rule: ActivationRule) -> bool:
    """Whether the database's column types can answer ``rule``."""
    return database_model.rule_fits(rule, dataset.columns)


def users_with_rules(
    dataset: Dataset, rules: list[ActivationRule]
) -> tuple[exp.Expression, dict]:
    """The canonical users query with each rule's verdict as columns, and the
    values it binds (each rule's own values renamed per slot)."""
    remote = dataset.remote
    users = remote.users.copy()
    values = dict(remote.users_values)
    select = users if isinstance(users, exp.Select) else users.find(exp.Select)
    for slot in SLOTS:
        if slot > len(rules):
            select.select(
                f"false as activated_ever_{slot}",
                f"cast(null as timestamp) as activated_at_{slot}",
                dialect="duckdb",
                copy=False,
            )
            continue
        tree, rule_values, _ = database_model.users_query(
            dataset.source,
            dataset.columns,
            replace(dataset.mapping, activation=rules[slot - 1]),
            remote.settings.dialect,
        )
        verdicts = {
            projection.alias: projection.this
            for projection in tree.find(exp.Select).expressions
            if projection.alias in ("activated_ever", "activated_at")
        }
        for name in ("activated_ever", "activated_at"):
            expression = _renamed(verdicts[name].copy(), slot, rule_values, values)
            select.select(
                exp.alias_(expression, f"{name}_{slot}"), dialect="duckdb", copy=False
            )
    return users, values


def _renamed(expression, slot: int, rule_values: dict, values: dict):
    """Each slot's bound values under names of its own: two rules of words bind
    different words under the same names."""

    def rename(node):
        if isinstance(node, exp.Placeholder) and node.name in rule_values:
            name = f"{node.name}_rule_{slot}"
            values[name] = rule_values[node.name]
            return exp.Placeholder(this=name)
        return node

    return expression.transform(rename)


def counts(
    dataset: Dataset,
    filters: Filters,
    as_of: dt.date,
    rules: list[ActivationRule],
) -> pd.DataFrame:
    """One row with the columns of ``definitions.sql``, counted by the database."""
    from nonactivated.definitions import rule_id

    params = {"as_of_end": end_of_day(as_of)}
    key = (
        dataset.version,
        QUERY,
        tuple(rule_id(rule) for rule in rules),
        tuple(sorted(params.items())),
        filters,
    )
    if key not in dataset.results:
        predicate, bound = filters.predicate()
        sql = queries.with_filtered_users(queries.load_sql(QUERY), predicate)
        users, users_values = users_with_rules(dataset, rules)
        dataset.results[key] = dataset.remote.run_query(
            QUERY, sql, {**users_values, **params, **bound}, users=users
        )
    return dataset.results[key]
