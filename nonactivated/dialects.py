"""Turn a query file (DuckDB dialect, ``$named`` values) into another database's SQL.

The translation is sqlglot's, a maintained translator; this module only adds what
our queries need around it:

- the canonical ``users`` table can be swapped for a subquery over a team's own
  table, so the same files run where the data lives;
- a value that decides the shape of the SQL (the trend's grain) is written in as a
  literal, but only one of a fixed list of words;
- every other value stays a bound parameter in the target's own placeholder style
  (``$1`` for PostgreSQL, ``@name`` for BigQuery, ``{name:Type}`` for ClickHouse...).
"""

from __future__ import annotations

import datetime as dt
import decimal

import sqlglot
from sqlglot import exp

# The databases every query file must translate to (a test keeps it so).
DIALECTS = (
    "duckdb",
    "postgres",
    "bigquery",
    "snowflake",
    "spark",
    "trino",
    "clickhouse",
    "mysql",
)
# Values that change the shape of the SQL rather than a comparison: date_trunc's
# unit cannot be a bound value everywhere. Only these words are ever written in.
INLINED = {"grain": ("day", "week", "month")}


class TranslationError(ValueError):
    """A query that the translator cannot write for a database."""


def parse(sql: str, dialect: str = "duckdb") -> exp.Expression:
    try:
        return sqlglot.parse_one(sql, read=dialect)
    except sqlglot.errors.SqlglotError as error:
        raise TranslationError(str(error)) from error


def translate(
    sql: str,
    dialect: str,
    values: dict,
    users: exp.Expression | None = None,
) -> tuple[str, list | dict]:
    """``sql`` for ``dialect`` and the values to send with it.

    For PostgreSQL the values come back as a list for ``$1..$n``; for every other
    database as a dict keyed by name. ``users``, when given, is a query that takes
    the place of the ``users`` table.
    """
    tree = parse(sql)
    tree = _inline_words(tree, values)
    if users is not None:
        tree = _replace_users(tree, users)
    if dialect == "postgres":
        tree = tree.transform(_series_as_table)
        # PostgreSQL writes out a step read twice (as the trend reads the filtered
        # users) in full before using it: a million wide rows. Read afresh, the
        # table costs a scan each time instead.
        for step in tree.find_all(exp.CTE):
            if step.alias_or_name == "filtered_users":
                step.set("materialized", False)
    order: list[str] = []

    def placeholder(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Placeholder) or not node.name:
            return node
        name = node.name
        if name not in values:
            raise TranslationError(f"no value given for ${name}")
        if dialect == "postgres":
            if name not in order:
                order.append(name)
            return exp.Var(this=f"${order.index(name) + 1}")
        if dialect == "clickhouse":
            return exp.Placeholder(this=name, kind=clickhouse_type(values[name]))
        return node

    tree = tree.transform(placeholder)
    try:
        text = tree.sql(dialect=dialect, unsupported_level=sqlglot.ErrorLevel.RAISE)
    except sqlglot.errors.UnsupportedError as error:
        raise TranslationError(str(error)) from error
    if dialect == "postgres":
        return text, [values[name] for name in order]
    used = {n.name for n in tree.find_all(exp.Placeholder)}
    return text, {k: v for k, v in values.items() if k in used}


def _series_as_table(node: exp.Expression) -> exp.Expression:
    """DuckDB's ``from unnest(generate_series(...))`` is PostgreSQL's ``from
    generate_series(...)``: there the series is already a set of rows, and
    sqlglot would keep the unnest, which PostgreSQL refuses."""
    if (
        isinstance(node, exp.Unnest)
        and isinstance(node.parent, exp.From)
        and len(node.expressions) == 1
        and isinstance(node.expressions[0], exp.GenerateSeries)
    ):
        return exp.Table(this=node.expressions[0].copy(), alias=node.args.get("alias"))
    return node


def _inline_words(tree: exp.Expression, values: dict) -> exp.Expression:
    def inline(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder) and node.name in INLINED:
            word = values.get(node.name)
            if word not in INLINED[node.name]:
                raise TranslationError(f"${node.name} must be one of the known words")
            return exp.Literal.string(word)
        return node

    return tree.transform(inline)


def _replace_users(tree: exp.Expression, users: exp.Expression) -> exp.Expression:
    """Every read of the ``users`` table becomes a read of ``users``' query."""
    steps = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    if "users" in steps:
        return tree

    def swap(node: exp.Expression) -> exp.Expression:
        if (
            isinstance(node, exp.Table)
            and node.name == "users"
            and not node.db
            and isinstance(node.this, exp.Identifier)
        ):
            alias = node.alias or "users"
            return exp.Subquery(
                this=users.copy(), alias=exp.TableAlias(this=exp.to_identifier(alias))
            )
        return node

    return tree.transform(swap)


def clickhouse_type(value) -> exp.DataType:
    """ClickHouse's query parameters carry their type in the SQL text."""
    if isinstance(value, bool):
        name = "Bool"
    elif isinstance(value, int):
        name = "Int64"
    elif isinstance(value, (float, decimal.Decimal)):
        name = "Float64"
    elif isinstance(value, dt.datetime):
        name = "DateTime64(6)"
    elif isinstance(value, dt.date):
        name = "Date"
    else:
        name = "String"
    kind = exp.DataType.build(name, dialect="clickhouse")
    if value is None:
        kind = exp.DataType.build(f"Nullable({name})", dialect="clickhouse")
    return kind
