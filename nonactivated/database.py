"""A team's own database as the data source: connections from Streamlit secrets.

The same ``queries/*.sql`` run there, translated by ``dialects``; only their small
results come back. The session is read-only with a statement timeout, so nothing
the app sends can change the team's data or run for ever.

Credentials stay inside ``Settings`` (hidden from ``repr``) and the driver: they
are never logged, shown, put into a message or into the URL. Every message names
the connection by its key in the secrets and says the problem in plain words.

Only PostgreSQL has a driver here (psycopg); see the README for adding another.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import threading
import time
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field

import pandas as pd
import psycopg
import psycopg.errors
from sqlglot import exp

from nonactivated import dialects, texts

log = logging.getLogger(__name__)

# The types each kind of database column is read as; anything else is text.
TIME_TYPES = ("timestamp", "timestamptz", "date")
NUMBER_TYPES = ("int2", "int4", "int8", "numeric", "float4", "float8")
BOOLEAN_TYPES = ("bool",)
DEFAULT_TIMEOUT_MS = 30_000
SAMPLE_ROWS = 1000
# Drivers by the ``type`` a connection has in the secrets.
DRIVERS = {"postgresql": "postgres", "postgres": "postgres"}


class DatabaseError(Exception):
    """A plain message for the user, naming the connection and the problem."""


@dataclass(frozen=True)
class Settings:
    """One connection from ``[connections.<key>]`` in the secrets."""

    key: str
    kind: str
    host: str
    port: int
    dbname: str
    user: str
    password: str = field(repr=False, default="")
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    # Analysts' saved queries, by name: written in the secrets, never in the app.
    saved_queries: tuple[tuple[str, str], ...] = field(repr=False, default=())

    @property
    def dialect(self) -> str:
        return DRIVERS[self.kind]

    @classmethod
    def from_secrets(cls, key: str, entry: MappingType) -> Settings:
        kind = str(entry.get("type", "postgresql")).lower()
        if kind not in DRIVERS:
            raise DatabaseError(texts.db_unknown_type(key, kind))
        missing = [k for k in ("host", "dbname", "user") if not entry.get(k)]
        if missing:
            raise DatabaseError(texts.db_missing_settings(key, missing))
        try:
            port = int(entry.get("port", 5432))
            timeout = int(entry.get("statement_timeout_ms", DEFAULT_TIMEOUT_MS))
        except (TypeError, ValueError) as error:
            raise DatabaseError(texts.db_bad_number(key)) from error
        saved = entry.get("queries", {}) or {}
        return cls(
            key=key,
            kind=kind,
            host=str(entry["host"]),
            port=port,
            dbname=str(entry["dbname"]),
            user=str(entry["user"]),
            password=str(entry.get("password", "")),
            timeout_ms=timeout,
            saved_queries=tuple((str(k), str(v)) for k, v in saved.items()),
        )


def connections_in(secrets: MappingType) -> dict[str, MappingType]:
    """The ``[connections.*]`` entries of the secrets that name a database."""
    try:
        found = secrets.get("connections", {}) or {}
    except Exception:  # Streamlit raises its own error when there is no file.
        return {}
    return {str(k): v for k, v in found.items() if isinstance(v, MappingType)}


@dataclass(frozen=True)
class Source:
    """What the users come from: a table or view, or a saved query."""

    label: str
    schema: str | None = None
    table: str | None = None
    saved_query: str | None = field(default=None, repr=False)

    def expression(self, dialect: str) -> exp.Expression:
        """The source as SQL: a quoted table name, or the saved query as a
        subquery. Names come from the database's catalogue, never from typing."""
        if self.table is not None:
            return exp.Table(
                this=exp.to_identifier(self.table, quoted=True),
                db=exp.to_identifier(self.schema, quoted=True) if self.schema else None,
                alias=exp.TableAlias(this=exp.to_identifier("source_rows")),
            )
        query = dialects.parse(self.saved_query or "", dialect)
        if not isinstance(query, exp.Query):
            raise dialects.TranslationError("not a query")
        return exp.Subquery(
            this=query, alias=exp.TableAlias(this=exp.to_identifier("source_rows"))
        )


@dataclass(frozen=True)
class Column:
    name: str
    type_name: str

    @property
    def kind(self) -> str:
        if self.type_name in TIME_TYPES:
            return "time"
        if self.type_name in NUMBER_TYPES:
            return "number"
        if self.type_name in BOOLEAN_TYPES:
            return "boolean"
        return "text"


class Connection:
    """One session's read-only connection to a team database.

    Runs the query files there (``run_query``, called by ``queries.run``), counts
    what it sends, and turns the driver's errors into plain messages.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.queries_sent = 0
        self.users: exp.Expression | None = None
        self.users_values: dict = {}
        self._lock = threading.Lock()
        self._con = self._connect()

    @property
    def key(self) -> str:
        return self.settings.key

    def _connect(self) -> psycopg.Connection:
        s = self.settings
        # Read-only and a time limit for every statement, set by the server at
        # connection start so no query can switch them off by accident.
        options = (
            "-c default_transaction_read_only=on "
            f"-c statement_timeout={s.timeout_ms} -c TimeZone=UTC"
        )
        started = time.perf_counter()
        try:
            con = psycopg.connect(
                host=s.host,
                port=s.port,
                dbname=s.dbname,
                user=s.user,
                password=s.password,
                connect_timeout=10,
                options=options,
                application_name="nonactivated",
            )
            # Every statement also runs in a transaction begun READ ONLY and rolled
            # back: a query that changes the session's default cannot make the
            # next one writable.
            con.read_only = True
        except psycopg.Error as error:
            raise DatabaseError(self.explain(error)) from None
        log.info(
            "connected to %s in %.0f ms", s.key, (time.perf_counter() - started) * 1000
        )
        return con

    def close(self) -> None:
        self._con.close()

    def explain(self, error: Exception) -> str:
        """The driver's error in plain words, naming the connection only."""
        key = self.settings.key
        if isinstance(error, psycopg.errors.QueryCanceled):
            return texts.db_timeout(key, self.settings.timeout_ms / 1000)
        if isinstance(error, psycopg.errors.UndefinedTable):
            return texts.db_missing_table(key)
        if isinstance(error, psycopg.errors.UndefinedColumn):
            return texts.db_missing_column(key)
        if isinstance(error, psycopg.errors.InsufficientPrivilege):
            return texts.db_no_permission(key)
        if isinstance(error, psycopg.errors.ReadOnlySqlTransaction):
            return texts.db_read_only(key)
        if isinstance(error, psycopg.errors.InvalidPassword):
            return texts.db_wrong_password(key)
        if isinstance(error, psycopg.OperationalError):
            words = str(error).lower()
            if "password" in words or "authentication" in words:
                return texts.db_wrong_password(key)
            if "does not exist" in words and "database" in words:
                return texts.db_missing_database(key)
            if "timeout" in words or "timed out" in words:
                return texts.db_unreachable(key)
            if "connect" in words or "connection" in words or "server" in words:
                return texts.db_unreachable(key)
        return texts.db_failed(key)

    # --- running SQL --------------------------------------------------------------

    def fetch(self, sql: str, values=None, name: str = "catalogue"):
        """Column names and rows of one statement in the database's own dialect."""
        started = time.perf_counter()
        with self._lock:
            self.queries_sent += 1
            try:
                with psycopg.RawCursor(self._con) as cursor:
                    cursor.execute(sql, values or None)
                    columns = [d.name for d in cursor.description or []]
                    types = [d.type_code for d in cursor.description or []]
                    rows = cursor.fetchall() if cursor.description else []
                self._con.rollback()
            except psycopg.Error as error:
                log.warning("query %s on %s failed", name, self.settings.key)
                if self._con.broken:
                    self._con = self._connect()
                else:
                    self._con.rollback()
                raise DatabaseError(self.explain(error)) from None
        log.info(
            "query %s on %s: %d rows, %.0f ms",
            name,
            self.settings.key,
            len(rows),
            (time.perf_counter() - started) * 1000,
        )
        return columns, types, rows

    def run_query(
        self, name: str, sql: str, values: dict, users: exp.Expression | None = None
    ) -> pd.DataFrame:
        """A query file (DuckDB dialect) run over the canonical users here, or over
        ``users`` when given (the users with more columns; its values in
        ``values``)."""
        if self.users is None:
            raise DatabaseError(texts.db_failed(self.settings.key))
        all_values = {**self.users_values, **values}
        translated, bound = dialects.translate(
            sql, self.settings.dialect, all_values, users or self.users
        )
        columns, types, rows = self.fetch(translated, bound, name)
        return frame_of(columns, types, rows)

    # --- the catalogue ------------------------------------------------------------

    def sources(self) -> list[Source]:
        """Tables and views this user may read, then the saved queries."""
        _, _, rows = self.fetch(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema not in ('pg_catalog', 'information_schema') "
            "and has_table_privilege("
            "quote_ident(table_schema) || '.' || quote_ident(table_name), 'SELECT') "
            "order by table_schema = 'public' desc, table_schema, table_name"
        )
        found = [
            Source(name if schema == "public" else f"{schema}.{name}", schema, name)
            for schema, name in rows
        ]
        found += [
            Source(texts.saved_query_label(name), saved_query=sql)
            for name, sql in self.settings.saved_queries
        ]
        return found

    def table_exists(self, source: Source) -> bool:
        if source.table is None:
            return True
        _, _, rows = self.fetch(
            "select 1 from information_schema.tables "
            "where table_schema = $1 and table_name = $2",
            [source.schema or "public", source.table],
        )
        return bool(rows)

    def columns(self, source: Source) -> list[Column]:
        """The source's columns and their types, as the database reports them."""
        if not self.table_exists(source):
            raise DatabaseError(texts.db_missing_table(self.settings.key))
        query = exp.select("*").from_(self._source_sql(source))
        sql = query.limit(0).sql(dialect=self.settings.dialect)
        names, types, _ = self.fetch(sql)
        return [
            Column(name, type_name(self._con, oid))
            for name, oid in zip(names, types, strict=True)
        ]

    def _source_sql(self, source: Source) -> exp.Expression:
        try:
            return source.expression(self.settings.dialect)
        except dialects.TranslationError:
            raise DatabaseError(texts.db_saved_query_not_select(self.key)) from None

    def sample(self, source: Source, columns: list[Column]) -> list[tuple]:
        """Up to SAMPLE_ROWS rows as text, for guessing roles and formats."""

        def as_text(column: Column) -> exp.Expression:
            value = exp.column(column.name, quoted=True)
            if column.kind == "time":
                # Zoned times as UTC wall times (the session's zone), written the
                # way the date guesser reads them.
                value = exp.cast(value, "timestamp")
            return exp.cast(value, "text")

        select = [as_text(c).as_(f"c{i}") for i, c in enumerate(columns)]
        query = exp.select(*select).from_(self._source_sql(source))
        _, _, rows = self.fetch(
            query.limit(SAMPLE_ROWS).sql(dialect=self.settings.dialect), name="sample"
        )
        return rows


def type_name(con: psycopg.Connection, oid: int) -> str:
    info = con.adapters.types.get(oid)
    return info.name if info is not None else "unknown"


def frame_of(columns: list[str], types: list[int], rows: list[tuple]) -> pd.DataFrame:
    """A frame like DuckDB's ``.df()``: exact numbers as floats, times as datetimes."""
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for name in columns:
        values = frame[name]
        if values.empty:
            continue
        first = values.dropna()
        sample = first.iloc[0] if len(first) else None
        if isinstance(sample, decimal.Decimal):
            frame[name] = values.astype("float64")
        elif isinstance(sample, dt.date):  # datetimes too
            frame[name] = pd.to_datetime(values)
    return frame
