"""Run the SQL files in ``queries/`` against a session's ``users`` table.

Every query reads ``filtered_users``: the users that pass the sidebar's filters.
The filter is written from allow-listed column names, and the chosen values are
always bound as parameters, never pasted into the SQL text.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import sqlglot
from sqlglot import exp

from nonactivated import texts
from nonactivated.model import SLICE_COLUMNS

log = logging.getLogger(__name__)

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"


@dataclass(frozen=True)
class Filters:
    """The sidebar's choices: a registration period and values of slices."""

    registered_from: dt.date | None = None
    registered_to: dt.date | None = None
    slices: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def predicate(self) -> tuple[str, dict]:
        """A where clause over ``users`` and the values it binds."""
        parts, params = ["true"], {}
        if self.registered_from is not None:
            parts.append("registered_at >= $filter_registered_from")
            params["filter_registered_from"] = _start_of(self.registered_from)
        if self.registered_to is not None:
            parts.append("registered_at < $filter_registered_to")
            params["filter_registered_to"] = _start_of(self.registered_to, days=1)
        for column, values in self.slices:
            if column not in SLICE_COLUMNS:
                raise ValueError(f"not a slice column: {column!r}")
            if not values:
                continue
            # One bound value per choice: a plain IN list reads the same in
            # every database, where a bound list would not.
            names = [f"filter_{column}_{i}" for i in range(len(values))]
            marks = ", ".join(f"${name}" for name in names)
            parts.append(f"{column} in ({marks})")
            params.update(zip(names, values, strict=True))
        return " and ".join(parts), params

    @property
    def active(self) -> bool:
        chosen = any(values for _, values in self.slices)
        return (
            chosen or self.registered_from is not None or self.registered_to is not None
        )


def _start_of(day: dt.date, days: int = 0) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=days), dt.time())


def end_of_day(day: dt.date) -> dt.datetime:
    """The first moment after ``day``: figures "as of" a day include all of it."""
    return _start_of(day, days=1)


@functools.cache
def load_sql(name: str) -> str:
    if not re.fullmatch(r"[a-z_]+", name):
        raise ValueError(f"bad query name {name!r}")
    return (QUERY_DIR / f"{name}.sql").read_text()


@functools.cache
def without_absent_slices(name: str, present: frozenset[str]) -> str:
    """The query file with its grouping sets for slices the data has no column for
    left out, and the ``grouping()`` tests that name them.

    An absent slice is null throughout, so its set adds one row that is dropped
    anyway, yet each set is a grouping pass over every user: at a million users,
    six absent sets tripled the Slices query's time. A file without grouping
    sets, or with every slice present, comes back as written.
    """
    sql = load_sql(name)
    absent = set(SLICE_COLUMNS) - present
    if "grouping sets" not in sql.lower() or not absent:
        return sql
    tree = sqlglot.parse_one(sql, read="duckdb")

    def names_absent(node: exp.Expression) -> bool:
        return any(column.name in absent for column in node.find_all(exp.Column))

    for sets in tree.find_all(exp.GroupingSets):
        kept = [s for s in sets.expressions if not names_absent(s)]
        if not kept:
            return sql  # no slice at all: the query has nothing to leave out
        sets.set("expressions", kept)
    for case in tree.find_all(exp.Case):
        case.set(
            "ifs",
            [
                branch
                for branch in case.args.get("ifs") or []
                if not any(
                    names_absent(grouping)
                    for grouping in branch.this.find_all(exp.Grouping)
                )
            ],
        )
    return tree.sql(dialect="duckdb", pretty=True, comments=False)


def with_filtered_users(sql: str, predicate: str) -> str:
    """Put the ``filtered_users`` step in front of a query file's own steps."""
    body = "\n".join(line for line in sql.splitlines() if not line.startswith("--"))
    first_step = f"filtered_users as (select * from users where {predicate})"
    stripped = body.lstrip()
    if stripped[:5].lower() == "with ":
        return f"with {first_step},\n{stripped[5:]}"
    return f"with {first_step}\n{stripped}"


def _run_on_cursor(con: duckdb.DuckDBPyConnection, sql: str, values: dict):
    """Run on a cursor of its own, so runs of one session never meet.

    A click starts a new script run while the last one may still be querying;
    one DuckDB connection refuses a second call meanwhile ("connection is busy").
    A cursor sees the same tables; the time zone is a per-cursor setting, so it
    is set again (the query files use no temporary macro).
    """
    with con.cursor() as cursor:
        cursor.execute("set TimeZone = 'UTC'")
        return cursor.execute(sql, values).df()


def run(
    con,
    name: str,
    params: dict | None = None,
    filters: Filters | None = None,
    slices: frozenset[str] | None = None,
) -> pd.DataFrame:
    """Run ``queries/<name>.sql`` with bound ``params`` on the filtered users.

    ``slices`` names the slice columns the data has, when known: grouping sets
    over the others are left out (see ``without_absent_slices``).

    ``con`` is the session's DuckDB connection, or a team database's connection
    (``remote.Connection``), which translates the query and runs it there.
    """
    started = time.perf_counter()
    predicate, bound = (filters or Filters()).predicate()
    text = load_sql(name) if slices is None else without_absent_slices(name, slices)
    sql = with_filtered_users(text, predicate)
    values = {**(params or {}), **bound}
    values = {k: v for k, v in values.items() if f"${k}" in sql}
    if not isinstance(con, duckdb.DuckDBPyConnection):
        return con.run_query(name, sql, values)
    try:
        frame = _run_on_cursor(con, sql, values)
    except duckdb.OutOfMemoryException as error:
        log.warning("query %s ran out of memory", name)
        raise MemoryError(texts.OUT_OF_MEMORY) from error
    log.info(
        "query %s: %d rows, %.0f ms",
        name,
        len(frame),
        (time.perf_counter() - started) * 1000,
    )
    return frame
