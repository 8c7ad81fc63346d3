"""The figures each page shows, computed by the SQL in ``queries/``.

Functions take a dataset, the filters and the as-of day, and return small frames
or plain values; results are kept per dataset so a rerun asks nothing twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from nonactivated import formats, mapping, queries, survival, texts
from nonactivated.dataset import Dataset
from nonactivated.model import EXTRA_SLICES as EXTRA_SLOTS
from nonactivated.model import REASONS
from nonactivated.queries import Filters, end_of_day

GRAINS = {"day": "Day", "week": "Week", "month": "Month"}
PERIODS = {
    7: "Last 7 days",
    30: "Last 30 days",
    90: "Last 90 days",
    365: "Last 365 days",
}
CACHE_LIMIT = 64


def _kept(dataset: Dataset, key: tuple, compute):
    """``compute()``, worked out once per dataset version and kept with its other
    results (a new mapping or file starts from an empty store)."""
    key = (dataset.version, *key)
    cache = dataset.results
    if key not in cache:
        if len(cache) >= CACHE_LIMIT:
            # Another run of the session may have just dropped the same one.
            cache.pop(next(iter(cache), None), None)
        cache[key] = compute()
    return cache[key]


def _cached(
    dataset: Dataset, name: str, params: dict, filters: Filters
) -> pd.DataFrame:
    return _kept(
        dataset,
        (name, tuple(sorted(params.items())), filters),
        lambda: queries.run(
            dataset.query_con,
            name,
            params,
            filters,
            slices=frozenset(dataset.model.slice_labels),
        ),
    )


@dataclass(frozen=True)
class Headline:
    """The Overview's four figures now and one period earlier."""

    all_users: int
    non_activated_users: int
    non_activated_pct: float | None
    new_customers: int | None
    previous_all_users: int | None
    previous_non_activated_users: int | None
    previous_non_activated_pct: float | None
    previous_new_customers: int | None
    period_start: dt.date
    previous_start: dt.date
    previous_end: dt.date


def headline(
    dataset: Dataset, filters: Filters, as_of: dt.date, period_days: int = 30
) -> Headline:
    end = end_of_day(as_of)
    period = dt.timedelta(days=period_days)
    params = {
        "as_of_end": end,
        "period_start": end - period,
        "previous_end": end - period,
        "previous_start": end - 2 * period,
    }
    row = _cached(dataset, "headline", params, filters).iloc[0]
    has_time = dataset.model.has_activation_time
    # Without registration dates everyone counts at every moment, so a change
    # against the period before would only be made up.
    has_dates = dataset.model.has_registration

    def number(value):
        return None if value is None or pd.isna(value) else value

    return Headline(
        all_users=int(row.all_users),
        non_activated_users=int(row.non_activated_users),
        non_activated_pct=number(row.non_activated_pct),
        new_customers=int(row.new_customers) if has_time else None,
        previous_all_users=int(row.previous_all_users) if has_dates else None,
        # Without activation dates, nobody knows who had bought a period ago.
        previous_non_activated_users=(
            int(row.previous_non_activated_users) if has_time and has_dates else None
        ),
        previous_non_activated_pct=(
            number(row.previous_non_activated_pct) if has_time and has_dates else None
        ),
        previous_new_customers=int(row.previous_new_customers) if has_time else None,
        period_start=(end - period).date(),
        previous_start=(end - 2 * period).date(),
        previous_end=(end - period - dt.timedelta(days=1)).date(),
    )


def trend(
    dataset: Dataset, filters: Filters, as_of: dt.date, grain: str
) -> pd.DataFrame:
    """Stock at each period end. Columns: period_start, period_end, new_registrations,
    new_customers, all_users, non_activated_users, non_activated_pct."""
    if grain not in GRAINS:
        raise ValueError(f"unknown grain {grain!r}")
    params = {"grain": grain, "as_of_end": end_of_day(as_of)}
    return _cached(dataset, "trend", params, filters)


def registration_cohorts(
    dataset: Dataset, filters: Filters, as_of: dt.date, grain: str
) -> pd.DataFrame:
    """Columns: period_start, new_registrations, still_non_activated,
    non_activated_pct."""
    params = {"grain": grain, "as_of_end": end_of_day(as_of)}
    return _cached(dataset, "registration_cohorts", params, filters)


def slices(dataset: Dataset, filters: Filters, as_of: dt.date) -> pd.DataFrame:
    """Columns: slice, slice_label, slice_value, all_users, non_activated_users,
    non_activated_pct, share_of_non_activated_pct; only slices the file has."""
    frame = _cached(dataset, "slices", {"as_of_end": end_of_day(as_of)}, filters)
    labels = dataset.model.slice_labels
    frame = frame[frame["slice"].isin(labels)].copy()
    frame.insert(1, "slice_label", frame["slice"].map(labels))
    return frame


def waiting_time(dataset: Dataset, filters: Filters, as_of: dt.date) -> pd.DataFrame:
    """Columns: bucket_order, bucket, non_activated_users, share_pct (all six)."""
    return _cached(dataset, "waiting_time", {"as_of_end": end_of_day(as_of)}, filters)


def slice_values(dataset: Dataset) -> dict[str, list[str]]:
    """For each slice the file has, its values, most common first."""
    frame = _cached(dataset, "slice_values", {}, Filters())
    labels = dataset.model.slice_labels
    return {
        column: frame.loc[frame["slice"] == column, "slice_value"].tolist()
        for column in labels
    }


def people_count(
    dataset: Dataset, filters: Filters, as_of: dt.date, marketing_only: bool = False
) -> int:
    params = {"as_of_end": end_of_day(as_of), "marketing_only": marketing_only}
    return int(_cached(dataset, "people_count", params, filters).iloc[0]["people"])


def people(
    dataset: Dataset,
    filters: Filters,
    as_of: dt.date,
    marketing_only: bool = False,
    page_size: int | None = None,
    page: int = 0,
    con=None,
) -> pd.DataFrame:
    """The non-activated users behind the headline, with readable column names.

    ``con`` lets a download, which Streamlit prepares on another thread, use its
    own cursor of the session's connection.
    """
    params = {
        "as_of_end": end_of_day(as_of),
        "marketing_only": marketing_only,
        "page_size": page_size,
        "page_offset": page * (page_size or 0),
    }
    if dataset.remote is not None:
        # A database's list comes from there, a page at a time.
        con = dataset.remote
    frame = queries.run(con or dataset.con, "people", params, filters)
    roles = dataset.mapping.roles
    labels = dataset.model.slice_labels
    keep = ["customer_id", "email", "display_name", "registered_at"]
    if "consent" in roles:
        keep.append("accepts_marketing")
    # People who never bought rarely have an order value; show it when some do.
    if "order_value" in roles and frame["first_order_value"].notna().any():
        keep.append("first_order_value")
    # The consent column may also be a slice; it is listed once.
    consent_column = roles.get("consent")
    extras = dict(zip(EXTRA_SLOTS, dataset.mapping.extra_slices, strict=False))
    keep += [
        c
        for c in frame.columns
        if c in labels and (consent_column is None or extras.get(c) != consent_column)
    ]
    names = {
        "customer_id": dataset.raw.columns[roles["user_key"]]
        if "user_key" in roles
        else "ID",
        "email": "E-mail",
        "display_name": "Name",
        "registered_at": "Registered",
        "accepts_marketing": "Accepts marketing",
        "first_order_value": "First order value",
        **labels,
    }
    frame = frame[keep]
    if "user_key" not in roles:
        frame = frame.drop(columns="customer_id")
    if "email" not in roles:
        frame = frame.drop(columns="email")
    if "first_name" not in roles and "last_name" not in roles:
        frame = frame.drop(columns="display_name")
    if not dataset.model.has_registration:
        frame = frame.drop(columns="registered_at")
    return frame.rename(columns=names)


def row_accounting(dataset: Dataset) -> dict[str, int]:
    """Rows read = rows used + rows set aside, for the customers file."""
    set_aside = len(dataset.raw.set_aside) + sum(
        dataset.model.set_aside_counts.values()
    )
    return {
        "read": dataset.raw.rows_read,
        "used": dataset.model.rows_used,
        "set_aside": set_aside,
    }


def set_aside_list(dataset: Dataset) -> pd.DataFrame:
    """Every row of the customers file that is not counted: where it is, and why.

    Rows the reader could not split are named by their line in the file; rows read
    but not counted, by their number among the data rows.
    """
    if dataset.remote is not None:
        # The database's rows are counted there, not listed one by one.
        column = dataset.raw.columns[dataset.mapping.roles["registered_at"]]
        rows = [
            (texts.db_set_aside_where(column), reason)
            for reason in dataset.model.set_aside_counts
        ]
        return pd.DataFrame(rows, columns=["Where", "Reason"])
    reader = [(row.row, row.reason) for row in dataset.raw.set_aside]
    with dataset.cursor() as cursor:
        counted = cursor.execute(
            "select row_number, problem from set_aside_rows order by row_number"
        ).fetchall()
    rows = reader + [(texts.data_row(n), REASONS[problem]) for n, problem in counted]
    return pd.DataFrame(rows, columns=["Where", "Reason"])


def set_aside_reasons(dataset: Dataset) -> pd.DataFrame:
    """One row per reason a row was not counted: how many, and where (examples)."""
    rows = []
    by_reason: dict[str, list[str]] = {}
    for row in dataset.raw.set_aside:
        by_reason.setdefault(row.reason, []).append(row.row)
    for row in dataset.model.set_aside_examples:
        by_reason.setdefault(row.reason, []).append(row.row)
    counts = {reason: len(rows_) for reason, rows_ in by_reason.items()}
    counts.update(dataset.model.set_aside_counts)
    for reason, total in counts.items():
        examples = ", ".join(by_reason.get(reason, [])[:5])
        rows.append({"Reason": reason, "Rows": total, "For example": examples})
    return pd.DataFrame(rows, columns=["Reason", "Rows", "For example"])


PERSONAL_ROLES = ("email", "first_name", "last_name")
# Starts only where a run of such characters starts, and never gives back what
# the first run took: otherwise a long cell without "@" costs time growing with
# the square of its length, and one such cell stalls the server for everyone.
EMAIL_IN_TEXT = re.compile(r"(?<![^@\s])[^@\s]++@[^@\s]+")
# A cell longer than this is cut in the preview: it is there to show what the
# columns hold, and a page carrying megabytes of one cell is slow to draw.
PREVIEW_CHARS = 200


def preview(dataset: Dataset, rows: int = 20) -> pd.DataFrame:
    """The file's first rows as read, under its own column names.

    E-mail addresses and names belong on the People page only: here they are
    hidden, in the columns that hold them and wherever an address appears.
    """
    with dataset.cursor() as cursor:
        # The first rows as the reader streams them, in order: sorting the
        # whole view by row_number would parse the whole file for 20 rows.
        frame = cursor.execute(
            "select * exclude (row_number) from "
            f"(select * from {dataset.raw.table} limit $rows) order by row_number",
            {"rows": rows},
        ).df()
    personal = {dataset.mapping.roles.get(role) for role in PERSONAL_ROLES}
    for index, column in enumerate(frame.columns):
        frame[column] = frame[column].map(
            lambda value, hide=index in personal: _preview_cell(value, hide)
        )
    frame.columns = dataset.raw.columns
    return frame


def _preview_cell(value, personal: bool):
    """A cell as the preview shows it: empty for nothing, names and addresses
    hidden, long text cut."""
    if not isinstance(value, str):
        return "" if pd.isna(value) else value
    if personal:
        return value and texts.HIDDEN
    cut = value[:PREVIEW_CHARS]
    shown = EMAIL_IN_TEXT.sub(texts.HIDDEN, cut)
    return shown + "…" if len(value) > PREVIEW_CHARS else shown


def rule_breakdown(dataset: Dataset) -> pd.DataFrame | None:
    """For a rule read from words in one column: each value as written, how many
    rows have it, and how the rule counts it. None for other rules."""
    rule = dataset.mapping.activation
    if rule is None or rule.kind not in ("values", "verified"):
        return None
    # A pass over the whole file that no filter changes: the Overview asks on
    # every run, so it is counted once per file and rule.
    return _kept(dataset, ("rule_breakdown", rule), lambda: _rule_breakdown(dataset))


def _rule_breakdown(dataset: Dataset) -> pd.DataFrame:
    rule = dataset.mapping.activation
    with dataset.cursor() as cursor:
        values = mapping.status_values(cursor, dataset.raw, rule.column)
    yes_no = _reads_yes_no(rule, [value for value, _ in values])
    rows = [
        {
            "Value": value or texts.EMPTY_LABEL,
            "Rows": count,
            "Counted as": _counted_as(value, rule, yes_no),
        }
        for value, count in values
    ]
    return pd.DataFrame(rows, columns=["Value", "Rows", "Counted as"])


def _reads_yes_no(rule, values: list[str]) -> bool:
    """Whether the rule's column is read as yes/no words, so that other words
    are ones we do not understand."""
    return rule.kind == "verified" or any(
        v.lower() in formats.YES_NO_WORDS for v in values
    )


def _counted_as(value: str, rule, yes_no: bool) -> str:
    word = value.lower()
    if (
        rule.kind == "values"
        and value in rule.values
        or rule.kind == "verified"
        and word in formats.TRUE_WORDS
    ):
        return texts.COUNTED_CUSTOMER
    if value == mapping.EMPTY_VALUE:
        return texts.COUNTED_UNKNOWN
    if yes_no and word not in formats.YES_NO_WORDS:
        return texts.COUNTED_NOT_UNDERSTOOD
    return texts.COUNTED_NOT


@dataclass(frozen=True)
class UnclearRuleValues:
    """Rows the rule counts as not customers only because their value is empty
    or a word not understood: the Overview says so next to its figures."""

    column: str
    empty: int
    not_understood: int
    words: tuple[str, ...]


def unclear_rule_values(dataset: Dataset) -> UnclearRuleValues | None:
    """None when every value of the rule's column is plainly yes or no (or the
    rule is not read from words); a team database's sample would miscount."""
    if dataset.remote is not None:
        return None
    rule = dataset.mapping.activation
    table = rule_breakdown(dataset)
    if table is None:
        return None
    # Whether the column reads as yes/no is decided on the whole file, as the
    # breakdown shows it.
    yes_no = _reads_yes_no(rule, list(table["Value"]))
    return _kept(
        dataset, ("unclear_rule_values", rule), lambda: _unclear(dataset, yes_no)
    )


def _unclear(dataset: Dataset, yes_no: bool) -> UnclearRuleValues | None:
    rule = dataset.mapping.activation
    # Counted over the people who never bought, each by the row that stands for
    # them: rows set aside (an empty row, a repeated person) are not among them.
    with dataset.cursor() as cursor:
        values = cursor.execute(
            f"""
            select coalesce(clean_text({dataset.raw.column_sql(rule.column)}), $empty)
                    as value,
                count(*) as people
            from {dataset.raw.table}
            semi join (select row_number from users where not activated_ever)
                using (row_number)
            group by value
            order by people desc, value
            """,
            {"empty": mapping.EMPTY_VALUE},
        ).fetchall()
    empty, unread, words = 0, 0, []
    for value, people in values:
        counted = _counted_as(value, rule, yes_no)
        if counted == texts.COUNTED_UNKNOWN:
            empty += people
        elif counted == texts.COUNTED_NOT_UNDERSTOOD:
            unread += people
            words.append(value)
    if not empty and not unread:
        return None
    return UnclearRuleValues(
        dataset.raw.columns[rule.column], empty, unread, tuple(words)
    )


# --- time to first purchase and what the backlog is worth -------------------

# Groups compared on one chart; Okabe-Ito has seven distinct colours.
TOP_GROUPS = 5


def time_to_activate_counts(
    dataset: Dataset, filters: Filters, as_of: dt.date, slice_column: str | None
) -> pd.DataFrame:
    """Columns: slice_value, day (0 .. DAY_LIMIT + 1, or null for customers with
    no date), became_customers, bought_days (exact days to buy, added up),
    still_waiting, customers_without_date."""
    if slice_column is not None and slice_column not in dataset.model.slice_labels:
        raise ValueError(f"not a slice of this file: {slice_column!r}")
    params = {
        "as_of_end": end_of_day(as_of),
        "slice": slice_column or "",
        "max_day": survival.DAY_LIMIT,
        "top_values": TOP_GROUPS,
        "all_label": texts.EVERYONE,
        "other_label": texts.OTHER_VALUES,
    }
    return _cached(dataset, "time_to_activate", params, filters)


def time_to_activate(
    dataset: Dataset, filters: Filters, as_of: dt.date
) -> survival.TimeToActivate:
    """The curve and its figures for everyone in the view."""
    counts = time_to_activate_counts(dataset, filters, as_of, None)
    return survival.summarise(counts, texts.EVERYONE)


def time_to_activate_by(
    dataset: Dataset, filters: Filters, as_of: dt.date, slice_column: str
) -> list[survival.TimeToActivate]:
    """One curve per value of a slice: the largest values, then all the others."""
    counts = time_to_activate_counts(dataset, filters, as_of, slice_column)
    return survival.by_group(counts)


@dataclass(frozen=True)
class FirstOrderValues:
    """What customers spent on their first order, from the file."""

    customers_with_value: int
    mean: float | None
    lower_quartile: float | None
    median: float | None
    upper_quartile: float | None


def first_order_values(
    dataset: Dataset, filters: Filters, as_of: dt.date
) -> FirstOrderValues:
    row = _cached(
        dataset, "first_order_values", {"as_of_end": end_of_day(as_of)}, filters
    ).iloc[0]

    def number(value):
        return None if value is None or pd.isna(value) else float(value)

    return FirstOrderValues(
        customers_with_value=int(row.customers_with_value),
        mean=number(row.mean_value),
        lower_quartile=number(row.lower_quartile),
        median=number(row.median_value),
        upper_quartile=number(row.upper_quartile),
    )
