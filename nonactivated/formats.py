"""Decide, once per column, how its text is read: dates, yes/no words, numbers.

A format is chosen from all of a column's values, never row by row, so one late
value cannot flip how the rest are read. Each format turns into one SQL expression
over the raw text column, with its settings passed as bound values.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

# Written by exports for "no value"; the same rule holds for every column.
MISSING_WORDS = ("", "NULL", "N/A", "NA", "#N/A", "NAN", "(NULL)")
TRUE_WORDS = ("yes", "y", "true", "t", "1", "on", "checked", "enabled")
FALSE_WORDS = ("no", "n", "false", "f", "0", "off", "unchecked", "disabled")
YES_NO_WORDS = TRUE_WORDS + FALSE_WORDS
TIME_SUFFIXES = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p")
# Written by most exports without a zone; anything else takes the general reading.
ISO_FAST = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"
# Excel counts days from 30 Dec 1899; these bounds are the years 1955 to 2064.
EXCEL_SERIAL_RANGE = (20000, 60000)


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create the helpers every canonical expression is built on."""
    missing = ", ".join(f"'{w}'" for w in MISSING_WORDS)
    longest_missing = max(len(w) for w in MISSING_WORDS)
    con.execute(
        f"""
        create or replace temp macro clean_text(v) as
            case
                -- The length test first, and a list rather than IN: DuckDB turns
                -- IN into a join per column, the slowest part of building users.
                when length(trim(v)) <= {longest_missing}
                    and list_contains([{missing}], upper(trim(v))) then null
                -- Excel keeps ids and zips as text by a leading apostrophe.
                when starts_with(trim(v), '''') then nullif(trim(v)[2:], '')
                else trim(v)
            end
        """
    )
    # The same cleaning for a value already trimmed: building the users trims
    # each column once in a subquery and cleans that, instead of clean_text's
    # four trims of each value (a macro is expanded, not computed once).
    con.execute(
        f"""
        create or replace temp macro clean_trimmed(v) as
            case
                when length(v) <= {longest_missing}
                    and list_contains([{missing}], upper(v)) then null
                when starts_with(v, '''') then nullif(v[2:], '')
                else v
            end
        """
    )
    con.execute(
        r"""
        create or replace temp macro iso_timestamp(v) as
            -- The cast also takes 04/07/20 as the year 4; ISO starts with the year.
            case when regexp_matches(v, '^\d{4}-\d{1,2}-\d{1,2}') then try_cast(
                regexp_replace(
                    replace(v, 'T', ' '),
                    '(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*([+-]\d{2}):?(\d{2})?$',
                    '\1\2:\3'
                ) as timestamptz
            )::timestamp end
        """
    )
    con.execute(
        r"""
        create or replace temp macro epoch_timestamp(v) as
            case
                when not regexp_full_match(v, '-?\d{9,13}(\.\d+)?') then null
                -- Milliseconds and seconds mix in some exports; the size tells them
                -- apart, since seconds above 1e11 would be after the year 5000.
                when abs(v::double) >= 1e11 then to_timestamp(v::double / 1000)
                else to_timestamp(v::double)
            end::timestamp
        """
    )
    con.execute(
        r"""
        create or replace temp macro excel_serial_timestamp(v) as
            case
                when regexp_full_match(v, '\d{5}(\.\d+)?')
                then timestamp '1899-12-30'
                    + to_microseconds(cast(v::double * 86400000000 as bigint))
            end
        """
    )
    con.execute(
        r"""
        create or replace temp macro parse_number(v, decimal_comma) as
            try_cast(
                case when regexp_matches(v, '^\(.*\)$') then '-' else '' end
                || case
                    when decimal_comma
                    then replace(
                        replace(regexp_replace(v, '[^0-9,.\-]', '', 'g'), '.', ''),
                        ',', '.')
                    else replace(regexp_replace(v, '[^0-9,.\-]', '', 'g'), ',', '')
                end
                as double
            )
        """
    )


@dataclass(frozen=True)
class DateFormat:
    """How one column's dates are written."""

    kind: str  # "iso", "pattern", "epoch" or "excel_serial"
    patterns: tuple[str, ...] = ()
    order: str | None = None
    ambiguous: bool = False
    example: str | None = None

    def expression(self, column: str, param: str) -> tuple[str, dict]:
        """SQL turning ``column`` into a UTC timestamp, and the values it binds."""
        value = f"clean_text({column})"
        if self.kind == "iso":
            # The usual layouts first: try_strptime is about three times cheaper
            # than the general reading, which only the rest of the values need.
            fast = f"try_strptime({value}, ${param})"
            return f"coalesce({fast}, iso_timestamp({value}))", {param: ISO_FAST}
        if self.kind == "epoch":
            return f"epoch_timestamp({value})", {}
        if self.kind == "excel_serial":
            return f"excel_serial_timestamp({value})", {}
        sql = f"try_strptime({value}, ${param})"
        if "%Y" in self.patterns[0]:
            # strptime's %Y also takes "20" as the year 20: require four digits.
            sql = f"case when regexp_matches({value}, '\\d{{4}}') then {sql} end"
        return sql, {param: list(self.patterns)}

    def with_order(self, order: str) -> DateFormat:
        """The same layout read day-first or month-first, as the user chose."""
        if self.order is None or order == self.order:
            return self
        swapped = tuple(_swap_day_month(p) for p in self.patterns)
        return DateFormat(self.kind, swapped, order, self.ambiguous, self.example)


def _swap_day_month(pattern: str) -> str:
    return pattern.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")


def _date_families() -> dict[str, DateFormat]:
    families = {"iso": DateFormat("iso")}
    for sep in ("/", "-", "."):
        for year in ("%Y", "%y"):
            for order, head in ((DAY_FIRST, "%d{s}%m"), (MONTH_FIRST, "%m{s}%d")):
                date = head.format(s=sep) + sep + year
                key = f"{order} {sep} {year}"
                families[key] = DateFormat(
                    "pattern", tuple(date + t for t in TIME_SUFFIXES), order
                )
        date = f"%Y{sep}%m{sep}%d"
        families[f"ymd {sep}"] = DateFormat(
            "pattern", tuple(date + t for t in TIME_SUFFIXES)
        )
    families["epoch"] = DateFormat("epoch")
    families["excel_serial"] = DateFormat("excel_serial")
    return families


DATE_FAMILIES = _date_families()


@dataclass(frozen=True)
class DateProfile:
    """What a column's values say about being a date column."""

    present: int
    parsed: int
    format: DateFormat | None

    @property
    def share(self) -> float:
        return self.parsed / self.present if self.present else 0.0


# Enough rows to see every way a column writes its dates, few enough to be quick.
PROFILE_SAMPLE_ROWS = 100_000


def sample_of(table: str) -> str:
    """The table holding an evenly spread sample of ``table``'s rows (all of them
    when it is small); ``ensure_sample`` makes it. Every guess about a column's
    format reads this table, never the whole raw table (a view that parses the
    file again at each query)."""
    return f"{table}_sample"


def ensure_sample(
    con: duckdb.DuckDBPyConnection, table: str, rows: int | None = None
) -> None:
    """Draw the sample once per table: every column's profile reads the same
    rows, instead of each query scanning the whole table to draw its own.

    Every k-th row, evenly spread from the first row to the last: exports are
    often in date order, so this sees every period, and it costs one filtered
    scan where a random reservoir of the same size took a second at 1M rows.
    ``rows`` is the table's row count when known (the reader counted them), so
    drawing the sample reads the table once.
    """
    if con.execute(
        "select count(*) from duckdb_tables() where table_name = $name",
        {"name": sample_of(table)},
    ).fetchone()[0]:
        return
    if rows is None:
        rows = con.execute(f"select count(*) from {table}").fetchone()[0]
    step = max(1, -(-int(rows) // PROFILE_SAMPLE_ROWS))
    con.execute(
        f"""
        create table {sample_of(table)} as
        from {table}
        where (row_number - 1) % $step = 0
        """,
        {"step": step},
    )


def drop_sample(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Forget the sample of a table that is being replaced."""
    con.execute(f"drop table if exists {sample_of(table)}")


def _day_or_month_first(
    con: duckdb.DuckDBPyConnection, table: str, column: str
) -> str | None:
    """Day-first when some sampled value's first number is above 12, month-first
    when some value's second number is; None when no value tells."""
    ensure_sample(con, table)
    first_big, second_big = con.execute(
        rf"""
        select
            count(*) filter (where try_cast(
                regexp_extract(v, '^(\d{{1,2}})[/.\-]', 1) as integer) > 12),
            count(*) filter (where try_cast(
                regexp_extract(v, '^\d{{1,2}}[/.\-](\d{{1,2}})[/.\-]', 1)
                as integer) > 12),
        from (select clean_text({column}) as v from {sample_of(table)})
        """
    ).fetchone()
    if first_big and not second_big:
        return DAY_FIRST
    if second_big and not first_big:
        return MONTH_FIRST
    return None


def _plausible_families(
    con: duckdb.DuckDBPyConnection, table: str, column: str, allow_serial: bool
) -> set[str]:
    """The ways of writing dates that read at least one value of each shape.

    Values of one shape (digits replaced by 9, like 99/99/9999) are written the
    same way, so one value per shape rules most ways out cheaply; the survivors
    are then tried on every value.
    """
    ensure_sample(con, table)
    params: dict = {}
    tests = []
    for index, (key, family) in enumerate(DATE_FAMILIES.items()):
        if key == "excel_serial" and not allow_serial:
            continue
        expression, bound = family.expression("v", f"p{index}")
        params.update(bound)
        tests.append((key, f"count({expression})"))
    row = con.execute(
        f"""
        with shapes as (
            select
                regexp_replace(clean_text({column}), '[0-9]', '9', 'g') as shape,
                any_value({column}) as v,
            from {sample_of(table)}
            where clean_text({column}) is not null
            group by shape
            limit 1000
        )
        select {", ".join(sql for _, sql in tests)} from shapes
        """,
        params,
    ).fetchone()
    return {key for (key, _), found in zip(tests, row, strict=True) if found}


def profile_dates(
    con: duckdb.DuckDBPyConnection, table: str, column: str, allow_serial: bool = False
) -> DateProfile:
    """Find how the column writes dates: the way that reads most of its values.

    The choice is made on a large fixed sample of rows (every row of a file no
    larger than the sample); when the sample's values fit both orders, whether
    days or months come first is checked on the whole sample, so one value with
    a day above 12 decides the column.
    """
    ensure_sample(con, table)
    families = _plausible_families(con, table, column, allow_serial)
    params: dict = {}
    counts = []
    for index, (key, family) in enumerate(DATE_FAMILIES.items()):
        if key not in families:
            continue
        expression, bound = family.expression("v", f"p{index}")
        params.update(bound)
        counts.append((key, f"count({expression})"))
    select = ", ".join(sql for _, sql in counts)
    row = con.execute(
        f"""
        with distinct_values as (
            select distinct {column} as v
            from {sample_of(table)}
            where clean_text({column}) is not null
        )
        select count(*), {select} from distinct_values
        """,
        params,
    ).fetchone()
    present = row[0]
    parsed = dict(zip([k for k, _ in counts], row[1:], strict=True))
    if not present or not parsed:
        return DateProfile(present, 0, None)
    best_key = max(parsed, key=lambda k: (parsed[k], k.endswith("%Y")))
    best = DATE_FAMILIES[best_key]
    if parsed[best_key] == 0:
        return DateProfile(present, 0, None)
    ambiguous = False
    if best.order is not None:
        other = best_key.replace(
            best.order, DAY_FIRST if best.order == MONTH_FIRST else MONTH_FIRST
        )
        ambiguous = parsed.get(other, 0) == parsed[best_key]
        if ambiguous:
            # The distinct values could not tell; their first numbers can.
            order = _day_or_month_first(con, table, column)
            if order is not None:
                ambiguous = False
                best_key = best_key.replace(best.order, order)
                best = DATE_FAMILIES[best_key]
        if ambiguous:
            # Both readings fit every value; day-first is the reading in most of the
            # world, and the user is asked to confirm it.
            best_key = best_key.replace(MONTH_FIRST, DAY_FIRST)
            best = DATE_FAMILIES[best_key]
    chosen = DateFormat(best.kind, best.patterns, best.order, ambiguous)
    # Show the user a value the chosen reading understands, not stray text.
    expression, bound = chosen.expression("v", "chosen_patterns")
    example = con.execute(
        f"""
        select min(v)
        from (select distinct {column} as v from {sample_of(table)})
        where {expression} is not null
        """,
        bound,
    ).fetchone()[0]
    chosen = DateFormat(best.kind, best.patterns, best.order, ambiguous, example)
    return DateProfile(present, parsed[best_key], chosen)


@dataclass(frozen=True)
class BooleanProfile:
    """How a column's values split into yes, no, missing and words not understood."""

    yes: int
    no: int
    missing: int
    unrecognised: dict[str, int]

    @property
    def looks_boolean(self) -> bool:
        known = self.yes + self.no
        odd = sum(self.unrecognised.values())
        return known > 0 and odd <= max(1, known // 20)


def profile_booleans(
    con: duckdb.DuckDBPyConnection, table: str, column: str
) -> BooleanProfile:
    """Counts over the table's sample: a guess, not a figure shown to the user."""
    ensure_sample(con, table)
    rows = con.execute(
        f"""
        select
            case
                when clean_text({column}) is null then 'missing'
                when list_contains($yes, lower(clean_text({column}))) then 'yes'
                when list_contains($no, lower(clean_text({column}))) then 'no'
                else 'other'
            end as kind,
            case when kind = 'other' then clean_text({column}) end as word,
            count(*) as rows
        from {sample_of(table)}
        group by all
        """,
        {"yes": list(TRUE_WORDS), "no": list(FALSE_WORDS)},
    ).fetchall()
    totals = {"yes": 0, "no": 0, "missing": 0}
    unrecognised: dict[str, int] = {}
    for kind, word, rows_ in rows:
        if kind == "other":
            unrecognised[word] = rows_
        else:
            totals[kind] += rows_
    return BooleanProfile(totals["yes"], totals["no"], totals["missing"], unrecognised)


def boolean_expression(column: str) -> tuple[str, dict]:
    """SQL reading a yes/no column: true, false, or null when unknown."""
    value = f"lower(clean_text({column}))"
    sql = (
        f"case when list_contains($true_words, {value}) then true "
        f"when list_contains($false_words, {value}) then false end"
    )
    return sql, {"true_words": list(TRUE_WORDS), "false_words": list(FALSE_WORDS)}


def uses_decimal_comma(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    """True when the column writes 12,5 for twelve and a half (read from the
    table's sample)."""
    ensure_sample(con, table)
    comma, dot = con.execute(
        rf"""
        select
            count(*) filter (where regexp_matches(v, ',\d{{1,2}}$')
                or regexp_matches(v, '^-?\d+,\d+$')
                and not regexp_matches(v, ',\d{{3}}$')),
            count(*) filter (where regexp_matches(v, '\.\d{{1,2}}$')
                or regexp_matches(v, '^-?\d+\.\d+$'))
        from (
            -- The number's own characters only: "12,50 zł" ends like "€12,50".
            select regexp_replace(clean_text({column}), '[^0-9,.\-]', '', 'g') as v
            from {sample_of(table)}
        )
        where v is not null
        """
    ).fetchone()
    return comma > dot


def number_share(con: duckdb.DuckDBPyConnection, table: str, column: str) -> float:
    """Share of the column's present values that read as numbers (in the
    table's sample)."""
    ensure_sample(con, table)
    present, numeric = con.execute(
        f"""
        select count(v), count(parse_number(v, false))
        from (select clean_text({column}) as v from {sample_of(table)})
        """
    ).fetchone()
    return numeric / present if present else 0.0
