"""Build the canonical ``users`` table from a raw table and its mapping.

One row per registered user, with fixed column names that every query uses:

    row_number         the user's data row in the file (for tracing)
    user_key           id or e-mail the user is known by (null when the file has none)
    email, display_name
    registered_at      UTC timestamp, null when the file has no registration date
    activated_ever     true when the user counts as activated at the export
    activated_at       UTC timestamp of activation, null when the rule has no time
    first_order_at, first_order_value
    accepts_marketing  true, false or null
    feedback           free text the person wrote, null when none or no such column
    source, verified, device, referral, country, extra_1 .. extra_8
                       slice values, stored as an ENUM type of the column's own
                       values (queries that show them cast them to text);
                       "(not set)" when empty, and null throughout (text)
                       when the file has no such column

Rows that cannot count (an empty row, a missing or unreadable registration date,
a second copy of the same person) go to ``set_aside_rows`` with a reason.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
import time
from dataclasses import dataclass

import duckdb

from nonactivated import formats, texts
from nonactivated.ingest import RawTable, SetAsideRow
from nonactivated.mapping import EXTRA_SLICE_SLOTS, SLICE_ROLES, Mapping

log = logging.getLogger(__name__)

NONE = "null::varchar"
_TYPE_BUILDS = itertools.count(1)
EXTRA_SLICES = tuple(f"extra_{i}" for i in range(1, EXTRA_SLICE_SLOTS + 1))
SLICE_COLUMNS = SLICE_ROLES + EXTRA_SLICES
REASONS = {
    "empty": texts.SET_ASIDE_EMPTY_ROW,
    "no_registration": texts.SET_ASIDE_NO_REGISTRATION,
    "bad_registration": texts.SET_ASIDE_BAD_REGISTRATION,
    "duplicate": texts.SET_ASIDE_DUPLICATE,
    "future_registration": texts.SET_ASIDE_FUTURE_REGISTRATION,
}


@dataclass
class UsersModel:
    """What the canonical table holds, for pages to describe it."""

    rows_used: int
    set_aside_counts: dict[str, int]
    set_aside_examples: list[SetAsideRow]
    slice_labels: dict[str, str]
    has_registration: bool
    has_activation_time: bool
    first_registered: dt.datetime | None
    last_date: dt.date
    orders_matched: int | None = None


def build_users(
    con: duckdb.DuckDBPyConnection,
    raw: RawTable,
    mapping: Mapping,
    orders: RawTable | None = None,
) -> UsersModel:
    """Create ``users`` and ``set_aside_rows`` in ``con`` from ``raw`` and mapping."""
    started = time.perf_counter()
    params: dict = {}
    roles = mapping.roles

    def column(role: str) -> str | None:
        index = roles.get(role)
        return raw.column_sql(index) if index is not None else None

    def text_of(role: str) -> str:
        name = column(role)
        return f"clean_text({name})" if name else NONE

    def date_of(index: int | None, param: str) -> str:
        if index is None or index not in mapping.date_formats:
            return "null::timestamp"
        sql, bound = mapping.date_formats[index].expression(
            raw.column_sql(index), param
        )
        params.update(bound)
        return sql

    def slice_of(index: int | None) -> str:
        if index is None:
            return NONE
        return f"coalesce(clean_text({raw.column_sql(index)}), $not_set)"

    params["not_set"] = texts.NOT_SET
    registration_index = roles.get("registered_at")
    has_registration = registration_index in mapping.date_formats
    registered = date_of(
        registration_index if has_registration else None, "fmt_registered"
    )

    rule = mapping.activation
    activated_at, activated_ever = _activation_sql(raw, mapping, params, date_of)
    key = _key_sql(mapping, raw)
    name_parts = [text_of("first_name"), text_of("last_name")]
    order_value = "null::double"
    if "order_value" in roles:
        decimal_comma = mapping.decimal_commas.get(roles["order_value"], False)
        order_value = (
            f"parse_number({text_of('order_value')}, {str(decimal_comma).lower()})"
        )
    first_order_at = date_of(roles.get("first_order_at"), "fmt_first_order")
    if (
        rule is not None
        and rule.kind == "time"
        and rule.column == roles.get("first_order_at")
    ):
        first_order_at = "activated_at"

    verified = NONE
    if "verified" in roles:
        flag, bound = formats.boolean_expression(column("verified"))
        params.update(bound)
        params.update({"verified_yes": "verified", "verified_no": "not verified"})
        verified = (
            f"case {flag} when true then $verified_yes when false then $verified_no "
            "else $not_set end"
        )
    consent = "null::boolean"
    if "consent" in roles:
        consent, bound = formats.boolean_expression(column("consent"))
        params.update(bound)

    slices = {
        role: slice_of(roles.get(role)) for role in SLICE_ROLES if role != "verified"
    }
    slices["verified"] = verified
    extras = list(mapping.extra_slices[:EXTRA_SLICE_SLOTS])
    for slot, name in enumerate(EXTRA_SLICES):
        slices[name] = slice_of(extras[slot] if slot < len(extras) else None)
    # One coalesce stops at the first filled cell, so a full row costs one check.
    every_column = (
        "coalesce("
        + ", ".join(f"clean_text({raw.column_sql(i)})" for i in range(len(raw.columns)))
        + ") is null"
        if raw.columns
        else "false"
    )
    registration_text = (
        text_of("registered_at") if has_registration else "null::varchar"
    )

    orders_cte, orders_join, orders_columns = "", "", None
    if orders is not None and mapping.orders is not None:
        orders_cte, orders_columns = _orders_sql(orders, mapping, params)
        orders_join = (
            "left join first_orders on first_orders.order_key = typed.join_key"
        )

    slice_select = ",\n            ".join(
        f"{sql} as {name}" for name, sql in slices.items()
    )
    join_key = _cleaned_once(_join_key_sql(mapping, raw))
    trimmed = ", ".join(
        f"trim({raw.column_sql(i)}) as s{i}" for i in range(len(raw.columns))
    )
    cleaned = ", ".join(f"clean_trimmed(s{i}) as t{i}" for i in range(len(raw.columns)))
    if orders_columns is not None:
        first_order_at = "first_orders.first_order_at"
        order_value = "first_orders.first_order_value"
        if rule is not None and rule.kind == "orders_file":
            activated_at = "first_orders.first_order_at"
            activated_ever = "first_orders.order_key is not null"
    typed_select = _cleaned_once(f"""
            select
                row_number,
                join_key,
                {key} as user_key,
                {text_of("user_key")} as customer_id,
                {text_of("email")} as email,
                nullif(concat_ws(' ', {", ".join(name_parts)}), '') as display_name,
                {registered} as registered_at,
                {registration_text} as registration_text,
                {every_column} as is_empty_row,
                {activated_at} as activated_at,
                coalesce({activated_ever}, false) as activated_ever,
                {first_order_at} as first_order_at,
                {order_value} as first_order_value,
                {consent} as accepts_marketing,
                {text_of("feedback")} as feedback,
                {slice_select}
            from source_rows as typed
            {orders_join}
    """)
    # Trimmed once, then cleaned: clean_text trims each value up to four times,
    # about half the cost of building the users.
    cleaning = f"""
        with trimmed_rows as (
            select {{number}} {trimmed} from {{source}}
        )
        select {{number}} {cleaned} from trimmed_rows
    """
    if raw.unnumbered is not None:
        # The numbered view runs on one thread (see ingest._create_views): the
        # cleaned rows are stored first, by a statement of plain projections
        # that keeps the file's order on every thread, and numbered by rowid.
        cleaned_rows = "(select rowid + 1 as row_number, * from cleaned_rows)"
        cleaning = cleaning.format(number="", source=raw.unnumbered)
        cleaned_cte = ""
    else:
        cleaned_rows = "cleaned_rows"
        cleaning = cleaning.format(number="row_number,", source=raw.table)
        cleaned_cte = f"cleaned_rows as ({cleaning}),"
    sql = f"""
        create or replace table typed_rows as
        with {orders_cte}
        {cleaned_cte}
        source_rows as (
            select *, {join_key} as join_key from {cleaned_rows}
        ),
        typed as ({typed_select})
        select
            *,
            case
                when is_empty_row then 'empty'
                when {str(has_registration).lower()} and registration_text is null
                    then 'no_registration'
                when {str(has_registration).lower()} and registered_at is null
                    then 'bad_registration'
                -- A typo such as 2099 would move every default date with it.
                when registered_at > $latest_plausible then 'future_registration'
            end as problem
        from typed
    """
    params["latest_plausible"] = dt.datetime.now(dt.UTC).replace(
        tzinfo=None
    ) + dt.timedelta(days=2)
    try:
        if raw.unnumbered is not None:
            con.execute(f"create or replace temp table cleaned_rows as {cleaning}")
        con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
        con.execute("drop table if exists cleaned_rows")
        # The users table is typed_rows itself, trimmed in place: a copy of
        # every row would hold a third table beside the raw one and typed_rows,
        # and past the memory limit DuckDB spills to disk, several times slower.
        con.execute(
            """
            create or replace temp table repeated_keys as
            select user_key
            from typed_rows
            where problem is null and user_key is not null
            group by user_key
            having count(*) > 1
            """
        )
        con.execute(
            """
            create or replace table set_aside_rows as
            select row_number, problem
            from typed_rows
            where problem is not null
            union all
            select row_number, 'duplicate'
            from typed_rows
            semi join repeated_keys using (user_key)
            where problem is null
            qualify row_number() over (partition by user_key order by row_number) > 1
            order by row_number
            """
        )
        # Most files repeat nobody: only the repeated keys' rows are merged.
        con.execute(
            """
            create or replace temp table merged_people as
            select * exclude (copy_number)
            from (
                -- A person listed twice is one person: the earliest sign-up
                -- counts, and a purchase on any copy makes them a customer.
                select
                    typed_rows.* replace (
                        min(registered_at) over person as registered_at,
                        bool_or(activated_ever) over person as activated_ever,
                        min(activated_at) over person as activated_at,
                        min(first_order_at) over person as first_order_at,
                        coalesce(
                            arg_min(first_order_value, first_order_at) over person,
                            first_order_value
                        ) as first_order_value
                    ),
                    row_number() over person as copy_number,
                from typed_rows
                semi join repeated_keys using (user_key)
                where problem is null
                window person as (
                    partition by user_key
                    order by row_number
                    rows between unbounded preceding and unbounded following
                )
            )
            where copy_number = 1
            """
        )
        # Made before the delete: changing a column's type converts the deleted
        # rows' values too, so the type must hold them.
        slice_types = _slice_types(con, [n for n, sql in slices.items() if sql != NONE])
        con.execute(
            """
            delete from typed_rows
            where problem is not null
                or user_key in (select user_key from repeated_keys)
            """
        )
        con.execute("insert into typed_rows by name select * from merged_people")
        con.execute("drop table merged_people")
        con.execute("drop table repeated_keys")
        for helper in ("problem", "registration_text", "is_empty_row", "join_key"):
            con.execute(f"alter table typed_rows drop column {helper}")
        for column, type_name in slice_types.items():
            con.execute(f"alter table typed_rows alter {column} type {type_name}")
        con.execute("drop table if exists users")
        con.execute("alter table typed_rows rename to users")
        _drop_stale_slice_types(con, set(slice_types.values()))
    except duckdb.OutOfMemoryException as error:
        raise MemoryError(texts.OUT_OF_MEMORY) from error
    model = _describe(con, raw, mapping, has_registration, orders_columns is not None)
    log.info(
        "built users: %d used, %d set aside, %.0f ms",
        model.rows_used,
        sum(model.set_aside_counts.values()),
        (time.perf_counter() - started) * 1000,
    )
    return model


def _slice_types(con: duckdb.DuckDBPyConnection, columns: list[str]) -> dict:
    """An ENUM type for each slice column the file has, made of its own values.

    Stored as ENUM, grouping and filtering compare small numbers instead of
    text: the Slices page's grouping is several times faster. Queries that show
    a slice's values cast them back to text. Types get a fresh name each build,
    because the old ones stay in use until the new ``users`` replaces the old.
    """
    build = next(_TYPE_BUILDS)
    types = {}
    for column in columns:
        if column not in SLICE_COLUMNS:
            raise ValueError(f"not a slice column: {column!r}")
        types[column] = f"slice_{column}_{build}"
        con.execute(
            f"create type {types[column]} as enum ("
            f"select distinct {column} from typed_rows "
            f"where {column} is not null order by 1)"
        )
    return types


def _drop_stale_slice_types(con: duckdb.DuckDBPyConnection, current: set) -> None:
    """Drop the types of earlier builds, no longer used by any table."""
    names = con.execute(
        "select type_name from duckdb_types() "
        "where type_name like 'slice\\_%' escape '\\'"
    ).fetchall()
    for (name,) in names:
        if name not in current and re.fullmatch(r"slice_[a-z0-9_]+_\d+", name):
            con.execute(f"drop type if exists {name}")


_CLEAN_RAW_COLUMN = re.compile(r"clean_text\(c(\d+)\)")


def _cleaned_once(sql: str) -> str:
    """Refer to each raw column's cleaned text, computed once per row in
    ``cleaned_rows``, instead of cleaning it again in every expression: the macro
    is expanded where it is used, and the users' columns used it about 30 times
    per row. Only the raw table's own names (c0..cN) are rewritten."""
    return _CLEAN_RAW_COLUMN.sub(r"t\1", sql)


def _activation_sql(raw, mapping, params, date_of) -> tuple[str, str]:
    """SQL for (activated_at, activated_ever) under the mapping's rule."""
    rule = mapping.activation
    if rule is None:
        return "null::timestamp", "false"
    if rule.kind == "time":
        # activated_ever names the activated_at column of the same select, so the
        # date is read once.
        return date_of(rule.column, "fmt_activated"), "activated_at is not null"
    if rule.kind == "orders_file":
        return "null::timestamp", "false"
    value = f"clean_text({raw.column_sql(rule.column)})"
    if rule.kind == "order_count":
        return "null::timestamp", f"coalesce(parse_number({value}, false), 0) > 0"
    if rule.kind == "verified":
        flag, bound = formats.boolean_expression(raw.column_sql(rule.column))
        params.update(bound)
        return "null::timestamp", f"coalesce({flag}, false)"
    # A values rule matches text as written; an empty choice matches empty cells.
    params["rule_values"] = [v for v in rule.values if v]
    params["rule_matches_empty"] = "" in rule.values
    return (
        "null::timestamp",
        f"(list_contains($rule_values, {value}) "
        f"or ($rule_matches_empty and {value} is null))",
    )


def _key_sql(mapping: Mapping, raw: RawTable) -> str:
    # Two rows with the same id, or without an id the same e-mail, are one person.
    if "user_key" in mapping.roles:
        return f"clean_text({raw.column_sql(mapping.roles['user_key'])})"
    if "email" in mapping.roles:
        return f"lower(clean_text({raw.column_sql(mapping.roles['email'])}))"
    return "null::varchar"


def _join_key_sql(mapping: Mapping, raw: RawTable) -> str:
    link = mapping.orders
    if link is None:
        return "null::varchar"
    value = f"clean_text({raw.column_sql(link.customer_column)})"
    return f"lower({value})" if link.by_email else value


def _orders_sql(orders: RawTable, mapping: Mapping, params: dict) -> tuple[str, list]:
    """CTEs giving one row per customer key: first order time and its value."""
    link = mapping.orders
    key = f"clean_text({orders.column_sql(link.orders_column)})"
    if link.by_email:
        key = f"lower({key})"
    when = "null::timestamp"
    if link.time_column is not None and link.time_format is not None:
        when, bound = link.time_format.expression(
            orders.column_sql(link.time_column), "fmt_order_time"
        )
        params.update(bound)
    value = "null::double"
    if link.value_column is not None:
        value = (
            f"parse_number(clean_text({orders.column_sql(link.value_column)}), "
            f"{str(link.decimal_comma).lower()})"
        )
    # An orders export can hold one row per line item, with the order's total on
    # the first line only: the first order's value is the largest total at its time.
    cte = f"""
        order_rows as (
            select {key} as order_key, {when} as ordered_at, {value} as order_value
            from {orders.table}
            where {key} is not null
        ),
        first_times as (
            select order_key, min(ordered_at) as first_order_at
            from order_rows
            group by order_key
        ),
        first_orders as (
            select
                first_times.order_key,
                any_value(first_times.first_order_at) as first_order_at,
                max(order_rows.order_value) as first_order_value
            from first_times
            join order_rows
                on order_rows.order_key = first_times.order_key
                and order_rows.ordered_at
                    is not distinct from first_times.first_order_at
            group by first_times.order_key
        ),
    """
    return cte, ["first_order_at", "first_order_value"]


def _describe(con, raw, mapping, has_registration, has_orders) -> UsersModel:
    counts = dict(
        con.execute(
            "select problem, count(*) from set_aside_rows group by all"
        ).fetchall()
    )
    examples = [
        SetAsideRow(texts.data_row(row), REASONS[problem], "")
        for row, problem in con.execute(
            """
            select row_number, problem from set_aside_rows
            qualify row_number() over (partition by problem order by row_number) <= 5
            order by row_number
            """
        ).fetchall()
    ]
    used, first, last_registered, last_activated, activation_times = con.execute(
        """
        select count(*), min(registered_at), max(registered_at), max(activated_at),
            count(activated_at)
        from users
        """
    ).fetchone()
    matched = None
    if has_orders:
        matched = con.execute(
            "select count(*) from users where first_order_at is not null "
            "or first_order_value is not null"
        ).fetchone()[0]
    dates = [d for d in (last_registered, last_activated) if d is not None]
    last_date = max(dates).date() if dates else dt.date.today()
    labels = {}
    for role in SLICE_ROLES:
        if role in mapping.roles:
            labels[role] = texts.pretty_name(raw.columns[mapping.roles[role]])
    for slot, index in zip(EXTRA_SLICES, mapping.extra_slices, strict=False):
        labels[slot] = texts.pretty_name(raw.columns[index])
    rule = mapping.activation
    return UsersModel(
        rows_used=used,
        set_aside_counts={REASONS[k]: v for k, v in counts.items()},
        set_aside_examples=examples,
        slice_labels=labels,
        has_registration=has_registration,
        has_activation_time=bool(rule and rule.has_time and activation_times),
        first_registered=first,
        last_date=last_date,
        orders_matched=matched,
    )
