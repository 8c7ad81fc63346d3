"""Compare definitions: two or three rules for who counts as a customer, side by
side, on the same people.

Each rule's verdict per user is computed from the raw file with the model's own SQL
for that rule (so a rule means the same here as in the ``users`` table) into a side
table, ``rule_flags``: one row per user, keyed by the user's ``row_number`` in
``users``, with ``activated_ever_<n>`` and ``activated_at_<n>`` for slots 1-3.
Copies of one person are merged as the model merges them: a purchase on any copy
counts, and the earliest time wins. ``queries/definitions.sql`` then counts.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from nonactivated import formats
from nonactivated import mapping as mapping_module
from nonactivated.dataset import Dataset
from nonactivated.mapping import ActivationRule
from nonactivated.metrics import _cached
from nonactivated.model import _activation_sql, _join_key_sql, _key_sql, _orders_sql
from nonactivated.queries import Filters, end_of_day

log = logging.getLogger(__name__)

SLOTS = (1, 2, 3)


def rule_id(rule: ActivationRule) -> str:
    """A stable name for a rule, for widgets and the URL; never a column header."""
    column = "" if rule.column is None else str(rule.column)
    return ":".join([rule.kind, column, *rule.values])


def candidate_rules(dataset: Dataset) -> list[ActivationRule]:
    """The rule in use first, then every other rule the file's columns allow."""
    mapping = dataset.mapping
    roles = mapping.roles
    found: list[ActivationRule] = []
    if mapping.activation is not None:
        found.append(mapping.activation)
    for role in ("activated_at", "first_order_at"):
        column = roles.get(role)
        if column is not None and column in mapping.date_formats:
            found.append(ActivationRule("time", column))
    if "order_count" in roles:
        found.append(ActivationRule("order_count", roles["order_count"]))
    if "status" in roles:
        guessed = mapping_module.guess_activation(
            dataset.con,
            dataset.raw,
            {"status": roles["status"]},
            {},
        )
        if guessed is not None:
            found.append(guessed)
    if "verified" in roles:
        found.append(ActivationRule("verified", roles["verified"]))
    if dataset.orders is not None and mapping.orders is not None:
        found.append(ActivationRule("orders_file"))
    # Where people come from is never who bought ("paid_search" is not "paid").
    sources = {
        roles[r] for r in ("source", "device", "referral", "country") if r in roles
    }
    found += _status_like_rules(dataset, exclude={r.column for r in found} | sources)
    unique: dict[str, ActivationRule] = {}
    for rule in found:
        unique.setdefault(rule_id(rule), rule)
    return list(unique.values())


# A status column offers a rule through values that read like "became a customer"
# (Converted, won, enabled); a yes/no column only when its name reads so too.
STATUS_COLUMNS_LIMIT = 4


def _status_like_rules(dataset: Dataset, exclude: set) -> list[ActivationRule]:
    key = ("status_like_rules", dataset.version)
    if key not in dataset.results:
        con, raw = dataset.con, dataset.raw
        rules = []
        for column in mapping_module.categorical_columns(con, raw, exclude):
            values = [v for v, _ in mapping_module.status_values(con, raw, column)]
            words = [v.lower() for v in values if v]
            yes_no = bool(words) and all(
                w in formats.TRUE_WORDS + formats.FALSE_WORDS for w in words
            )
            name = mapping_module.normalise(raw.columns[column])
            if yes_no and not any(w in name for w in mapping_module.ACTIVE_WORDS):
                continue
            # Outside yes/no columns a bare "1" or "yes" is a count or a flag of
            # something else, not a status.
            chosen = tuple(
                v
                for v in values
                if mapping_module._looks_active(v)
                and (v.lower() in formats.TRUE_WORDS) == yes_no
            )
            if chosen:
                rules.append(ActivationRule("values", column, chosen))
            if len(rules) == STATUS_COLUMNS_LIMIT:
                break
        dataset.results[key] = rules
    return dataset.results[key]


def build_rule_flags(dataset: Dataset, rules: list[ActivationRule]) -> None:
    """Create ``rule_flags`` in the dataset's connection for up to three rules."""
    if not 1 <= len(rules) <= len(SLOTS):
        raise ValueError("compare one to three rules")
    started = time.perf_counter()
    raw, mapping = dataset.raw, dataset.mapping
    params: dict = {}
    has_orders = dataset.orders is not None and mapping.orders is not None
    orders_cte, orders_join = "", ""
    if has_orders:
        orders_cte, _ = _orders_sql(dataset.orders, mapping, params)
        orders_join = (
            "left join first_orders on first_orders.order_key = typed.join_key"
        )
    selects = []
    for slot, rule in zip(SLOTS, rules, strict=False):

        def date_of(index, _param, slot=slot):
            if index is None or index not in mapping.date_formats:
                return "null::timestamp"
            sql, bound = mapping.date_formats[index].expression(
                raw.column_sql(index), f"fmt_rule_{slot}"
            )
            params.update(bound)
            return sql

        if rule.kind == "orders_file":
            if not has_orders:
                raise ValueError("no orders file to compare with")
            activated_at = "first_orders.first_order_at"
            activated_ever = "first_orders.order_key is not null"
        else:
            # The model names its bound values once per rule; each slot gets its own.
            bound: dict = {}
            activated_at, activated_ever = _activation_sql(
                raw, replace(mapping, activation=rule), bound, date_of
            )
            for name, value in bound.items():
                pattern = re.compile(rf"\${name}\b")
                activated_at = pattern.sub(f"${name}_{slot}", activated_at)
                activated_ever = pattern.sub(f"${name}_{slot}", activated_ever)
                params[f"{name}_{slot}"] = value
        # The same shape as the model's select, so "activated_at" in a time
        # rule's test names this select's own column.
        selects.append(
            f"""
            select
                typed.row_number,
                {_key_sql(mapping, raw)} as user_key,
                {slot} as slot,
                {activated_at} as activated_at,
                coalesce({activated_ever}, false) as activated_ever
            from source_rows as typed
            {orders_join}
            """
        )
    sql = f"""
        create or replace table rule_flags as
        with {orders_cte}
        source_rows as (
            select *, {_join_key_sql(mapping, raw)} as join_key from {raw.table}
        ),
        verdicts as ({" union all ".join(selects)}),
        counted as (
            -- Rows the model set aside for a reason other than being a copy of
            -- someone count for nobody.
            select * from verdicts
            where row_number not in (
                select row_number from set_aside_rows where problem <> 'duplicate'
            )
        ),
        per_user as (
            select users.row_number as user_row, counted.*
            from users join counted on counted.user_key = users.user_key
            union all
            select users.row_number as user_row, counted.*
            from users join counted on counted.row_number = users.row_number
            where users.user_key is null
        )
        select
            user_row,
            {", ".join(_slot_columns(slot) for slot in SLOTS)}
        from per_user
        group by user_row
    """
    try:
        dataset.con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
    except duckdb.OutOfMemoryException as error:
        from nonactivated import texts

        raise MemoryError(texts.OUT_OF_MEMORY) from error
    log.info(
        "built rule_flags for %d rules, %.0f ms",
        len(rules),
        (time.perf_counter() - started) * 1000,
    )


def _slot_columns(slot: int) -> str:
    return (
        f"coalesce(bool_or(case when slot = {slot} then activated_ever end), false) "
        f"as activated_ever_{slot}, "
        f"min(case when slot = {slot} then activated_at end) as activated_at_{slot}"
    )


@dataclass(frozen=True)
class Comparison:
    """The rules compared and their figures on the same registered users.

    ``rules`` has one row per rule: rule (its description), activated,
    non_activated, non_activated_pct, only_this (customers under this rule and no
    other compared). ``pairs`` has one row per ordered pair: rule_a, rule_b,
    activated_a_not_b.
    """

    all_users: int
    rules: pd.DataFrame
    pairs: pd.DataFrame


def compare_rules(
    dataset: Dataset,
    filters: Filters,
    as_of: dt.date,
    rules: list[ActivationRule],
) -> Comparison:
    """Counts, shares and overlaps of two or three rules at the end of ``as_of``."""
    ids = tuple(rule_id(rule) for rule in rules)
    built = dataset.results.get("rule_flags")
    if built != ids:
        build_rule_flags(dataset, rules)
        # The side table changed: forget counts made from the previous one.
        for key in [k for k in dataset.results if k[1:2] == ("definitions",)]:
            del dataset.results[key]
        dataset.results["rule_flags"] = ids
    params = {"as_of_end": end_of_day(as_of)}
    row = _cached(dataset, "definitions", params, filters).iloc[0]
    names = [rule.describe(dataset.raw.columns) for rule in rules]
    slots = SLOTS[: len(rules)]
    everyone = int(row["all_users"])
    rows = []
    for slot, name in zip(slots, names, strict=True):
        activated = int(row[f"activated_{slot}"])
        rows.append(
            {
                "rule": name,
                "activated": activated,
                "non_activated": everyone - activated,
                "non_activated_pct": (
                    100.0 * (everyone - activated) / everyone if everyone else None
                ),
                "only_this": int(row[f"only_{slot}"]),
            }
        )
    pairs = [
        {
            "rule_a": names[a - 1],
            "rule_b": names[b - 1],
            "activated_a_not_b": int(row[f"activated_{a}_not_{b}"]),
        }
        for a in slots
        for b in slots
        if a != b
    ]
    return Comparison(
        everyone,
        pd.DataFrame(
            rows,
            columns=[
                "rule",
                "activated",
                "non_activated",
                "non_activated_pct",
                "only_this",
            ],
        ),
        pd.DataFrame(pairs, columns=["rule_a", "rule_b", "activated_a_not_b"]),
    )
