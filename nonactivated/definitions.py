"""Compare definitions: two or three rules for who counts as a customer, side by
side, on the same people.

Each rule's verdict per user is computed from the raw file with the model's own SQL
for that rule (its helpers in ``model.py``, so a rule means the same here as in the
``users`` table) into a side table, ``rule_flags``: one row per user, keyed by the
user's ``row_number`` in ``users``, with ``activated_ever_<n>`` and
``activated_at_<n>`` for slots 1-3. Copies of one person are merged as the model
merges them: a purchase on any copy counts, and the earliest time wins. The rule in
use is read from ``users`` itself. ``queries/definitions.sql`` then counts.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from nonactivated import database_rules, formats, texts
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
        if column is not None and _holds_dates(dataset, column):
            found.append(ActivationRule("time", column))
    if "order_count" in roles:
        found.append(ActivationRule("order_count", roles["order_count"]))
    if "status" in roles:
        with dataset.cursor() as cursor:
            guessed = mapping_module.guess_activation(
                cursor,
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
    # Ids, names, dates and where people come from never say who bought
    # ("paid_search" is not "paid"); only the status column is read again.
    other_roles = {column for role, column in roles.items() if role != "status"}
    found += _status_like_rules(
        dataset, exclude={r.column for r in found} | other_roles
    )
    if dataset.remote is not None:
        found = [rule for rule in found if database_rules.usable(dataset, rule)]
    unique: dict[str, ActivationRule] = {}
    for rule in found:
        unique.setdefault(rule_id(rule), rule)
    return list(unique.values())


def _holds_dates(dataset: Dataset, column: int) -> bool:
    # A database's dates are read only from its date and time columns.
    if dataset.remote is not None:
        return dataset.columns[column].kind == "time"
    return column in dataset.mapping.date_formats


# A status column offers a rule through values that read like "became a customer"
# (Converted, won, enabled); a yes/no column only when its name reads so too.
STATUS_COLUMNS_LIMIT = 4
# Only columns named like a state or a conversion are read for such values, which
# keeps a wide file from being scanned column by column.
STATUS_NAME_WORDS = (
    "status",
    "state",
    "stage",
    "convert",
    "activ",
    "customer",
    "confirm",
    "won",
    "enabled",
    "paid",
)


def _status_like_rules(dataset: Dataset, exclude: set) -> list[ActivationRule]:
    key = ("status_like_rules", dataset.version)
    if key not in dataset.results:
        raw = dataset.raw
        rules = []
        for column in range(len(raw.columns)):
            name = mapping_module.normalise(raw.columns[column])
            if column in exclude or not any(w in name for w in STATUS_NAME_WORDS):
                continue
            with dataset.cursor() as cursor:
                counted = mapping_module.status_values(cursor, raw, column, limit=51)
            if len(counted) > 50:
                continue  # free text or ids, not a status
            values = [v for v, _ in counted]
            words = [v.lower() for v in values if v]
            yes_no = bool(words) and all(w in formats.YES_NO_WORDS for w in words)
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
    in_use = rule_id(mapping.activation) if mapping.activation else None
    columns = []
    for slot in SLOTS:
        rule = rules[slot - 1] if slot <= len(rules) else None

        def date_of(index, _param, slot=slot):
            if index is None or index not in mapping.date_formats:
                return "null::timestamp"
            sql, bound = mapping.date_formats[index].expression(
                raw.column_sql(index), f"fmt_rule_{slot}"
            )
            params.update(bound)
            return sql

        if rule is None or rule_id(rule) == in_use:
            # The rule in use is already in users, merged: it is read from there.
            activated_at, activated_ever = "null::timestamp", "false"
        elif rule.kind == "orders_file":
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
            # A time rule's test names the date column of its own select.
            activated_ever = re.sub(
                r"\bactivated_at\b", f"activated_at_{slot}", activated_ever
            )
        columns.append(
            f"{activated_at} as activated_at_{slot}, "
            f"coalesce({activated_ever}, false) as activated_ever_{slot}"
        )

    def in_use_slot(slot: int) -> bool:
        return slot <= len(rules) and rule_id(rules[slot - 1]) == in_use

    # Most files repeat nobody: then each user is their first row, with no merging.
    with dataset.cursor() as cursor:
        repeats = cursor.execute(
            "select count(*) from set_aside_rows where problem = 'duplicate'"
        ).fetchone()[0]
    slot_columns = ", ".join(
        _slot_columns(slot, in_use_slot(slot), merged=bool(repeats)) for slot in SLOTS
    )
    if repeats:
        final = f"select user_row, {slot_columns} from every_copy group by user_row"
    else:
        final = f"select user_row, {slot_columns} from first_rows"
    sql = f"""
        create or replace table rule_flags as
        with {orders_cte}
        source_rows as (
            select *, {_join_key_sql(mapping, raw)} as join_key from {raw.table}
        ),
        verdicts as (
            select typed.row_number, {", ".join(columns)}
            from source_rows as typed
            {orders_join}
        ),
        first_rows as (
            -- A user's row in users is the first copy of that person in the file.
            select
                users.row_number as user_row,
                users.activated_ever as in_use_ever,
                users.activated_at as in_use_at,
                verdicts.* exclude (row_number)
            from users
            join verdicts on verdicts.row_number = users.row_number
        ),
        copies as (
            -- Later copies of the same person count towards the first, as the
            -- model merges them: a purchase on any copy, the earliest time.
            select users.row_number as user_row, verdicts.* exclude (row_number)
            from set_aside_rows
            join {raw.table} as typed on typed.row_number = set_aside_rows.row_number
            join verdicts on verdicts.row_number = set_aside_rows.row_number
            join users on users.user_key = {_key_sql(mapping, raw)}
            where set_aside_rows.problem = 'duplicate'
        ),
        every_copy as (
            select * from first_rows
            union all by name
            select * from copies
        )
        {final}
    """
    try:
        with dataset.cursor() as cursor:
            cursor.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
    except duckdb.OutOfMemoryException as error:
        raise MemoryError(texts.OUT_OF_MEMORY) from error
    log.info(
        "built rule_flags for %d rules, %.0f ms",
        len(rules),
        (time.perf_counter() - started) * 1000,
    )


def _slot_columns(slot: int, in_use: bool, merged: bool) -> str:
    ever, at = (
        ("in_use_ever", "in_use_at")
        if in_use
        else (f"activated_ever_{slot}", f"activated_at_{slot}")
    )
    if merged:
        ever, at = f"bool_or({ever})", f"min({at})"
    return (
        f"coalesce({ever}, false) as activated_ever_{slot}, {at} as activated_at_{slot}"
    )


def _file_counts(dataset, filters, as_of, rules) -> pd.Series:
    ids = tuple(rule_id(rule) for rule in rules)
    built = dataset.results.get("rule_flags")
    if built != ids:
        build_rule_flags(dataset, rules)
        # The side table changed: forget counts made from the previous one.
        for key in [k for k in dataset.results if k[1:2] == ("definitions",)]:
            del dataset.results[key]
        dataset.results["rule_flags"] = ids
    params = {"as_of_end": end_of_day(as_of)}
    return _cached(dataset, "definitions", params, filters).iloc[0]


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
    if dataset.remote is not None:
        row = database_rules.counts(dataset, filters, as_of, rules).iloc[0]
    else:
        row = _file_counts(dataset, filters, as_of, rules)
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
