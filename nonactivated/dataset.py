"""One session's data: its own DuckDB connection, the files read and their mapping.

Nothing here is shared between browser sessions: each session builds its own
``Dataset`` with its own in-memory connection.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import duckdb

from nonactivated import formats, texts
from nonactivated import mapping as mapping_module
from nonactivated import touches as touches_module
from nonactivated.ingest import RawTable, ReadError, read_table
from nonactivated.mapping import ActivationRule, Mapping
from nonactivated.model import UsersModel, build_users
from nonactivated.touches import Touches, TouchesLink

log = logging.getLogger(__name__)

# Sized for the smallest Streamlit Community Cloud container (about 0.7 GB).
MEMORY_LIMIT = os.environ.get("NONACTIVATED_MEMORY_LIMIT", "600MB")
THREADS = int(os.environ.get("NONACTIVATED_THREADS", "2"))


def connect() -> duckdb.DuckDBPyConnection:
    """A private in-memory database that can spill to disk and never downloads."""
    spill = tempfile.mkdtemp(prefix="nonactivated-spill-")
    con = duckdb.connect(
        ":memory:",
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": MEMORY_LIMIT,
            "threads": THREADS,
            "temp_directory": spill,
        },
    )
    # The spill folder goes with the connection, whenever and however it ends.
    weakref.finalize(con, shutil.rmtree, spill, ignore_errors=True)
    con.execute("set TimeZone = 'UTC'")
    formats.install_macros(con)
    return con


@dataclass
class Dataset:
    """Everything the pages need to know about the data being explored."""

    con: duckdb.DuckDBPyConnection
    raw: RawTable
    mapping: Mapping
    model: UsersModel
    label: str
    is_sample: bool = False
    orders: RawTable | None = None
    version: int = 0
    warnings: list[str] = field(default_factory=list)
    # The optional file of marketing touches (messages, offers) and how it is read.
    touches: Touches | None = None
    # The rule recognised when the file was read, to tell when it was changed.
    rule_at_load: ActivationRule | None = None
    # Query results for this dataset only, keyed by query, values and filters.
    results: dict = field(default_factory=dict, repr=False)
    # A team database's connection when the users live there (see database.py);
    # ``con`` then holds only a sample, for guessing the mapping and the preview.
    remote: Any = field(default=None, repr=False)
    source: Any = None
    columns: list = field(default_factory=list, repr=False)

    @property
    def query_con(self):
        """Where the query files run: the team database, or this DuckDB."""
        return self.remote if self.remote is not None else self.con

    @contextlib.contextmanager
    def cursor(self):
        """A cursor of this dataset's DuckDB, ready for its tables and macros.

        Two script runs of one session can be at work at once (a click starts a
        new run before the last one ends), and one connection refuses a second
        call meanwhile; a cursor of its own each time never meets the other.
        """
        with self.con.cursor() as cursor:
            # The time zone and temporary macros belong to each cursor.
            cursor.execute("set TimeZone = 'UTC'")
            formats.install_macros(cursor)
            yield cursor

    @property
    def rule_text(self) -> str:
        if self.mapping.activation is None:
            return texts.NO_RULE
        return self.mapping.activation.describe(self.raw.columns)

    def remapped(self, mapping: Mapping) -> Dataset:
        """The same files under another mapping; the users table is rebuilt."""
        if self.remote is not None:
            from nonactivated import database_model

            mapping = database_model.fit_mapping(mapping, self.raw, self.columns)
            model = database_model.build(self, mapping)
            return replace(
                self, mapping=mapping, model=model, version=self.version + 1, results={}
            )
        model = build_users(self.con, self.raw, mapping, self.orders)
        return replace(
            self, mapping=mapping, model=model, version=self.version + 1, results={}
        )

    def with_touches(self, data: bytes | memoryview, file_name: str) -> Dataset:
        """The same data with a file of touches added (or replaced).

        Raises ReadError with a message for the user when it cannot be read.
        """
        try:
            raw = read_table(self.con, data, file_name, touches_module.RAW_TABLE)
        except ReadError as error:
            raise ReadError(f"{file_name}: {error}") from error
        link = touches_module.guess_link(self.con, raw, self.mapping.roles)
        touches_module.build_touches(self.con, raw, link)
        warnings = [] if link.usable else [texts.TOUCHES_NOT_LINKED]
        return replace(
            self,
            touches=Touches(raw, link, warnings),
            version=self.version + 1,
            results={},
        )

    def with_touches_link(self, link: TouchesLink) -> Dataset:
        """The same touches read with the columns the user chose."""
        touches_module.build_touches(self.con, self.touches.raw, link)
        warnings = [] if link.usable else [texts.TOUCHES_NOT_LINKED]
        return replace(
            self,
            touches=Touches(self.touches.raw, link, warnings),
            version=self.version + 1,
            results={},
        )


def load(
    data: bytes | memoryview,
    file_name: str,
    orders_data: bytes | memoryview | None = None,
    orders_name: str | None = None,
    *,
    is_sample: bool = False,
    con: duckdb.DuckDBPyConnection | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Dataset:
    """Read a customers file (and optionally an orders file) into a new dataset.

    ``progress(step, done, total)`` is told each step as it starts (steps are
    keys of ``texts.LOAD_STEPS``), so a long load can say where it is.
    Raises ReadError with a message for the user when a file cannot be read.
    """
    started = time.perf_counter()
    steps = ["read", "orders", "mapping", "users"]
    if orders_data is None:
        steps.remove("orders")

    def step(name: str) -> None:
        if progress is not None:
            progress(name, steps.index(name) + 1, len(steps))

    con = con or connect()
    step("read")
    raw = read_table(con, data, file_name, "raw_customers")
    orders = None
    if orders_data is not None:
        step("orders")
        try:
            orders = read_table(con, orders_data, orders_name or "orders", "raw_orders")
        except ReadError as error:
            raise ReadError(f"{orders_name}: {error}") from error
    step("mapping")
    mapping = mapping_module.guess_mapping(con, raw)
    warnings: list[str] = []
    if orders is not None:
        link = mapping_module.guess_orders_link(con, raw, orders)
        if link is None:
            warnings.append(texts.ORDERS_NOT_LINKED)
        else:
            mapping.orders = link
            rule = mapping.activation
            if rule is None or rule.kind in ("verified",):
                mapping.activation = ActivationRule("orders_file")
    step("users")
    model = build_users(con, raw, mapping, orders)
    log.info(
        "dataset loaded: %d rows read, %d users, %.0f ms",
        raw.rows_read,
        model.rows_used,
        (time.perf_counter() - started) * 1000,
    )
    return Dataset(
        con,
        raw,
        mapping,
        model,
        file_name,
        is_sample,
        orders,
        0,
        warnings,
        rule_at_load=mapping.activation,
    )
