"""The canonical ``users`` over a team's table: a subquery, not a copy.

Roles and the activation rule are guessed exactly as for a file, from the column
names and a small sample of values (read into the session's DuckDB as text). The
canonical columns are then written as SQL over the database's own typed columns:
times, numbers and yes/no columns are read as they are; columns are named only by
the names the database reported, quoted as identifiers; every value is bound.

Limits of this first cut, said on the Your data page: dates held as text are not
read (only date and time columns), rows are taken as one person each (repeated
people are not merged), and there is no orders file.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

import duckdb
import pandas as pd
from sqlglot import exp

from nonactivated import dialects, formats, texts
from nonactivated import mapping as mapping_module
from nonactivated.database import Column, Connection, DatabaseError, Settings, Source
from nonactivated.dataset import Dataset, connect
from nonactivated.ingest import RawTable, drop_relation
from nonactivated.mapping import DATE_ROLES, EXTRA_SLICE_SLOTS, SLICE_ROLES, Mapping
from nonactivated.model import EXTRA_SLICES, REASONS, UsersModel

log = logging.getLogger(__name__)

SOURCE_MARK = "source_rows_here"


def load(settings: Settings, source: Source, con=None) -> Dataset:
    """Connect, read the source's columns and a sample, guess the mapping.

    Raises DatabaseError with a message naming the connection.
    """
    remote = Connection(settings)
    try:
        columns = remote.columns(source)
        if not columns:
            raise DatabaseError(texts.db_no_columns(settings.key))
        rows = remote.sample(source, columns)
        local = con or connect()
        raw = _sample_table(local, source, columns, rows)
        mapping = fit_mapping(mapping_module.guess_mapping(local, raw), raw, columns)
        dataset = Dataset(
            local,
            raw,
            mapping,
            UsersModel(0, {}, [], {}, False, False, None, dt.date.today()),
            texts.database_label(settings.key, source.label),
            # The rule guessed now is the one the checks compare later changes with.
            rule_at_load=mapping.activation,
        )
        dataset.remote = remote
        dataset.source = source
        dataset.columns = columns
        dataset.model = build(dataset, mapping)
        return dataset
    except BaseException:
        remote.close()
        raise


def _sample_table(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    columns: list[Column],
    rows: list[tuple],
) -> RawTable:
    names = [f"c{i}" for i in range(len(columns))]
    frame = pd.DataFrame.from_records(rows, columns=names).astype(object)
    frame = frame.where(frame.notna(), None)
    frame.insert(0, "row_number", range(1, len(frame) + 1))
    typed = ", ".join(f"cast({n} as varchar) as {n}" for n in names)
    con.register("incoming_sample", frame)
    try:
        # The connection may hold an earlier upload's raw view and sample.
        formats.drop_sample(con, "raw_customers")
        drop_relation(con, "raw_customers")
        con.execute(
            "create or replace table raw_customers as "
            f"select cast(row_number as bigint) as row_number, {typed} "
            "from incoming_sample"
        )
    finally:
        con.unregister("incoming_sample")
    # Rows set aside are counted by the database; none are listed one by one.
    con.execute(
        "create or replace table set_aside_rows (row_number bigint, problem varchar)"
    )
    return RawTable(
        file_name=source.label,
        table="raw_customers",
        columns=[c.name for c in columns],
        file_type="database",
        rows_read=len(rows),
        rows_loaded=len(rows),
    )


def fit_mapping(mapping: Mapping, raw: RawTable, columns: list[Column]) -> Mapping:
    """Keep only roles the database's types can answer, and say what was dropped."""
    roles = dict(mapping.roles)
    warnings = list(mapping.warnings)
    for role in DATE_ROLES:
        index = roles.get(role)
        if index is not None and columns[index].kind != "time":
            del roles[role]
            warnings.append(texts.db_text_dates(columns[index].name))
    if "order_count" in roles and columns[roles["order_count"]].kind != "number":
        del roles["order_count"]
    if "order_value" in roles and columns[roles["order_value"]].kind != "number":
        del roles["order_value"]
    rule = mapping.activation
    if rule is not None and not rule_fits(rule, columns):
        rule = None
    if rule is None:
        rule = _guess_rule(roles, columns, mapping.activation)
    return replace(
        mapping,
        roles=roles,
        activation=rule,
        # Formats of text dates do not apply: the database's types are used.
        date_formats={},
        decimal_commas={},
        questions=[],
        warnings=warnings,
        notes=[],
    )


def rule_fits(rule, columns: list[Column]) -> bool:
    if rule.kind == "orders_file":
        return False
    if rule.column is None or rule.column >= len(columns):
        return False
    kind = columns[rule.column].kind
    if rule.kind == "time":
        return kind == "time"
    if rule.kind == "order_count":
        return kind == "number"
    return True


def _guess_rule(roles, columns, fallback):
    for role in ("activated_at", "first_order_at"):
        if role in roles:
            return mapping_module.ActivationRule("time", roles[role])
    if "order_count" in roles:
        return mapping_module.ActivationRule("order_count", roles["order_count"])
    if fallback is not None and rule_fits(fallback, columns):
        return fallback
    if "verified" in roles:
        return mapping_module.ActivationRule("verified", roles["verified"])
    return None


def build(dataset: Dataset, mapping: Mapping) -> UsersModel:
    """Point the connection's ``users`` at the source under ``mapping``, and
    describe what it holds (one small query on the database)."""
    remote: Connection = dataset.remote
    columns: list[Column] = dataset.columns
    users, values, has_registration = users_query(
        dataset.source, columns, mapping, remote.settings.dialect
    )
    remote.users, remote.users_values = users, values
    described = remote.run_query(
        "describe_users",
        """
        select
            count(*) as rows_used,
            min(registered_at) as first_registered,
            max(registered_at) as last_registered,
            max(activated_at) as last_activated,
            count(activated_at) as activation_times
        from users
        """,
        {},
    ).iloc[0]
    set_aside = _set_aside_counts(dataset, mapping, has_registration, values)
    rows_read = int(described.rows_used) + sum(set_aside.values())
    dataset.raw.rows_read = rows_read

    def moment(value):
        return None if value is None or pd.isna(value) else pd.Timestamp(value)

    dates = [
        d
        for d in (moment(described.last_registered), moment(described.last_activated))
        if d is not None
    ]
    labels = {}
    for role in SLICE_ROLES:
        if role in mapping.roles:
            labels[role] = texts.pretty_name(columns[mapping.roles[role]].name)
    for slot, index in zip(EXTRA_SLICES, mapping.extra_slices, strict=False):
        labels[slot] = texts.pretty_name(columns[index].name)
    first = moment(described.first_registered)
    rule = mapping.activation
    return UsersModel(
        rows_used=int(described.rows_used),
        set_aside_counts={k: v for k, v in set_aside.items() if v},
        set_aside_examples=[],
        slice_labels=labels,
        has_registration=has_registration,
        has_activation_time=bool(
            rule and rule.has_time and int(described.activation_times)
        ),
        first_registered=first.to_pydatetime() if first is not None else None,
        last_date=max(dates).date() if dates else dt.date.today(),
    )


def _set_aside_counts(dataset, mapping, has_registration, values) -> dict[str, int]:
    if not has_registration:
        return {}
    registered = _column(dataset.columns, mapping.roles["registered_at"])
    sql = f"""
        select
            count(case when {registered} is null then 1 end) as missing,
            count(case when cast({registered} as timestamp) > $users_latest_plausible
                then 1 end) as future
        from {SOURCE_MARK}
    """
    remote: Connection = dataset.remote
    tree = _with_source(dialects.parse(sql), dataset.source, remote.settings.dialect)
    translated, bound = _translate_tree(tree, remote.settings.dialect, values)
    _, _, rows = remote.fetch(translated, bound, "set_aside_counts")
    missing, future = rows[0]
    return {
        REASONS["no_registration"]: int(missing),
        REASONS["future_registration"]: int(future),
    }


def _translate_tree(tree: exp.Expression, dialect: str, values: dict):
    order: list[str] = []

    def placeholder(node):
        if isinstance(node, exp.Placeholder) and node.name:
            if dialect != "postgres":
                return node
            if node.name not in order:
                order.append(node.name)
            return exp.Var(this=f"${order.index(node.name) + 1}")
        return node

    tree = tree.transform(placeholder)
    return tree.sql(dialect=dialect), [values[n] for n in order]


def _column(columns: list[Column], index: int) -> str:
    return exp.column(columns[index].name, quoted=True).sql("duckdb")


def users_query(
    source: Source, columns: list[Column], mapping: Mapping, dialect: str
) -> tuple[exp.Expression, dict, bool]:
    """The canonical users as a query over ``source``, the values it binds, and
    whether it has registration dates."""
    roles = mapping.roles
    values: dict = {"users_not_set": texts.NOT_SET}

    def col(index: int) -> str:
        return _column(columns, index)

    def text_of(index: int | None) -> str:
        if index is None:
            return "cast(null as varchar)"
        return f"nullif(trim(cast({col(index)} as varchar)), '')"

    def role_text(role: str) -> str:
        return text_of(roles.get(role))

    def time_of(index: int | None) -> str:
        if index is None or columns[index].kind != "time":
            return "cast(null as timestamp)"
        # The session's time zone is UTC, so zoned times become UTC wall times.
        return f"cast({col(index)} as timestamp)"

    def words(prefix: str, chosen) -> str:
        names = []
        for i, word in enumerate(chosen):
            values[f"{prefix}_{i}"] = word
            names.append(f"${prefix}_{i}")
        return ", ".join(names)

    def flag_of(index: int) -> str:
        if columns[index].kind == "boolean":
            return col(index)
        value = f"lower({text_of(index)})"
        yes = words("users_true_word", formats.TRUE_WORDS)
        no = words("users_false_word", formats.FALSE_WORDS)
        return (
            f"(case when {value} in ({yes}) then true "
            f"when {value} in ({no}) then false end)"
        )

    has_registration = "registered_at" in roles
    registered = time_of(roles.get("registered_at"))

    rule = mapping.activation
    activated_at = "cast(null as timestamp)"
    activated_ever = "false"
    if rule is not None:
        if rule.kind == "time":
            activated_at = time_of(rule.column)
            activated_ever = f"{activated_at} is not null"
        elif rule.kind == "order_count":
            activated_ever = f"coalesce({col(rule.column)}, 0) > 0"
        elif rule.kind == "verified":
            activated_ever = f"coalesce({flag_of(rule.column)}, false)"
        elif rule.kind == "values":
            chosen = [v for v in rule.values if v]
            value = text_of(rule.column)
            parts = []
            if chosen:
                parts.append(f"{value} in ({words('users_rule_value', chosen)})")
            if "" in rule.values:
                parts.append(f"{value} is null")
            activated_ever = "(" + " or ".join(parts or ["false"]) + ")"

    if "user_key" in roles:
        key = role_text("user_key")
    elif "email" in roles:
        key = f"lower({role_text('email')})"
    else:
        key = "cast(null as varchar)"
    order_value = "cast(null as double)"
    if "order_value" in roles:
        order_value = f"cast({col(roles['order_value'])} as double)"
    consent = "cast(null as boolean)"
    if "consent" in roles:
        consent = flag_of(roles["consent"])

    def slice_of(index: int | None) -> str:
        if index is None:
            return "cast(null as varchar)"
        if columns[index].kind == "boolean":
            # Yes and no read better than the database's true and false.
            values["users_yes"], values["users_no"] = "yes", "no"
            return (
                f"case when {col(index)} then $users_yes "
                f"when not {col(index)} then $users_no else $users_not_set end"
            )
        return f"coalesce({text_of(index)}, $users_not_set)"

    slices = {role: slice_of(roles.get(role)) for role in SLICE_ROLES}
    if "verified" in roles:
        values["users_verified_yes"] = "verified"
        values["users_verified_no"] = "not verified"
        flag = flag_of(roles["verified"])
        slices["verified"] = (
            f"case when {flag} then $users_verified_yes "
            f"when not {flag} then $users_verified_no else $users_not_set end"
        )
    extras = list(mapping.extra_slices[:EXTRA_SLICE_SLOTS])
    for slot, name in enumerate(EXTRA_SLICES):
        slices[name] = slice_of(extras[slot] if slot < len(extras) else None)

    first_order_at = time_of(roles.get("first_order_at"))
    names = f"concat_ws(' ', {role_text('first_name')}, {role_text('last_name')})"
    values["users_latest_plausible"] = dt.datetime.now(dt.UTC).replace(
        tzinfo=None
    ) + dt.timedelta(days=2)
    where = "true"
    if has_registration:
        where = f"{registered} is not null and {registered} <= $users_latest_plausible"
    slice_select = ",\n".join(f"{sql} as {name}" for name, sql in slices.items())
    # The key orders the People list; a row number would cost a sort of every
    # row in every query.
    sql = f"""
        select
            {key} as row_number,
            {key} as user_key,
            {role_text("user_key")} as customer_id,
            {role_text("email")} as email,
            nullif({names}, '') as display_name,
            {registered} as registered_at,
            coalesce({activated_ever}, false) as activated_ever,
            {activated_at} as activated_at,
            {first_order_at} as first_order_at,
            {order_value} as first_order_value,
            {consent} as accepts_marketing,
            {role_text("feedback")} as feedback,
            {slice_select}
        from {SOURCE_MARK}
        where {where}
    """
    tree = _with_source(dialects.parse(sql), source, dialect)
    return tree, values, has_registration


def _with_source(tree: exp.Expression, source: Source, dialect: str) -> exp.Expression:
    replacement = source.expression(dialect)

    def swap(node):
        if isinstance(node, exp.Table) and node.name == SOURCE_MARK:
            return replacement.copy()
        return node

    return tree.transform(swap)
