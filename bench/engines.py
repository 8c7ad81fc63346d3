"""The same Overview and Slices figures, computed four ways from one file.

- ``ours``: the app's own path, ``dataset.load`` then the ``metrics`` functions,
  plus the median time to activate as one DuckDB query on ``users``.
- ``pandas`` and ``polars``: the same figures, written as each library is best
  used (projected reads, categorical or string group-bys, no row-wise Python).
- ``floor``: what DuckDB needs just to read the file: ``count(*)``, one scan of
  the columns the figures use, and the whole file into a table.

Each engine returns its timings and its results in one shape, so ``run.py`` can
check that all of them agree. The as-of moment is the end of the latest day with
a registration or a first order, as the app chooses it by default.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

# Columns of the generated files that the figures use, and the app's slices they
# become: the app reads e-mail verification as "verified" / "not verified".
REGISTERED = "registered_at"
ACTIVATED = "first_order_at"
SLICES = {
    "source": "registration_source",
    "verified": "email_verified",
    "device": "device_type",
    "referral": "referral_source",
    "country": "country",
    "extra_1": "signup_offer",
    "extra_2": "accepts_marketing",
}
VERIFIED_WORDS = {"yes": "verified", "no": "not verified"}
USED_COLUMNS = [REGISTERED, ACTIVATED, *SLICES.values()]
PERIOD_DAYS = 30
# Time since registration: (label, from days, to days), as queries/waiting_time.sql.
BUCKETS = [
    ("0-1 days", 0, 1),
    ("1-7 days", 1, 7),
    ("7-30 days", 7, 30),
    ("30-90 days", 30, 90),
    ("90-365 days", 90, 365),
    ("over a year", 365, None),
]
DAY_SECONDS = 86_400


def _timed(function, *args):
    started = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - started


def _as_of_end(last_day: dt.date) -> dt.datetime:
    return dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time())


def _headline_dict(values: dict) -> dict:
    names = [
        "all_users",
        "non_activated_users",
        "new_customers",
        "previous_all_users",
        "previous_non_activated_users",
        "previous_new_customers",
    ]
    out = {name: int(values[name]) for name in names}
    out["non_activated_pct"] = 100.0 * out["non_activated_users"] / out["all_users"]
    return out


def _slice_dict(rows) -> dict:
    """{slice: {value: [all users, non-activated, share of non-activated %]}}."""
    out: dict = {}
    for slice_name, value, all_users, non_activated in rows:
        out.setdefault(slice_name, {})[str(value)] = [
            int(all_users),
            int(non_activated),
        ]
    for values in out.values():
        total = sum(non for _, non in values.values())
        for counts in values.values():
            counts.append(100.0 * counts[1] / total if total else None)
    return out


# --- ours -------------------------------------------------------------------

MEDIAN_DAYS_SQL = """
    select median(epoch(activated_at - registered_at) / 86400.0)
    from users
    where activated_ever
        and activated_at < $as_of_end
        and registered_at < $as_of_end
"""


def ours(path: Path, workload_runs: int) -> dict:
    """The app's load and its Overview + Slices figures, each query timed."""
    from nonactivated import dataset, mapping, metrics
    from nonactivated.ingest import ReadError
    from nonactivated.queries import Filters

    load_parts: dict[str, float] = {}

    def timing(name, function):
        def timed(*args, **kwargs):
            value, seconds = _timed(lambda: function(*args, **kwargs))
            load_parts[name] = load_parts.get(name, 0.0) + seconds
            return value

        return timed

    # The steps of dataset.load, timed where it calls them; the code is unchanged.
    dataset.read_table = timing("read file", dataset.read_table)
    mapping.guess_mapping = timing("guess mapping", mapping.guess_mapping)
    dataset.build_users = timing("build users", dataset.build_users)

    started = time.perf_counter()
    try:
        ds = dataset.load(path.read_bytes(), path.name)
    except (ReadError, MemoryError) as error:
        # The app turned the file down with a message for the user: a finding to
        # report, not a failure of the benchmark.
        return {"refused": str(error), "after_s": time.perf_counter() - started}
    load_s = time.perf_counter() - started

    as_of = ds.model.last_date
    end = _as_of_end(as_of)
    runs, parts_runs, results = [], [], None
    for _ in range(workload_runs):
        # A fresh cache each time, so every figure is computed again.
        ds.results = {}
        filters = Filters()
        parts = {}
        head, parts["headline"] = _timed(metrics.headline, ds, filters, as_of)
        trend, parts["trend"] = _timed(metrics.trend, ds, filters, as_of, "week")
        slices, parts["slices"] = _timed(metrics.slices, ds, filters, as_of)
        waiting, parts["waiting_time"] = _timed(
            metrics.waiting_time, ds, filters, as_of
        )
        median, parts["median_days"] = _timed(
            lambda: ds.con.execute(MEDIAN_DAYS_SQL, {"as_of_end": end}).fetchone()[0]
        )
        runs.append(sum(parts.values()))
        parts_runs.append(parts)
        results = {
            "as_of": as_of.isoformat(),
            "headline": _headline_dict(vars(head)),
            "trend": {
                "period_start": [str(d.date()) for d in trend["period_start"]],
                "all_users": [int(v) for v in trend["all_users"]],
                "non_activated_users": [int(v) for v in trend["non_activated_users"]],
            },
            "slices": _slice_dict(
                slices[
                    ["slice", "slice_value", "all_users", "non_activated_users"]
                ].itertuples(index=False)
            ),
            "waiting": [int(v) for v in waiting["non_activated_users"]],
            "median_days": float(median),
        }
    return {
        "load_s": load_s,
        "load_parts": load_parts,
        "workload_runs_s": runs,
        "workload_parts": parts_runs,
        "rows": ds.model.rows_used,
        "results": results,
    }


# --- pandas -----------------------------------------------------------------


def _pandas_load(path: Path):
    import pandas as pd

    categories = {column: "category" for column in SLICES.values()}
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path, columns=USED_COLUMNS).astype(categories)
    else:
        frame = pd.read_csv(
            path,
            usecols=USED_COLUMNS,
            parse_dates=[REGISTERED, ACTIVATED],
            dtype=categories,
        )
    last = max(frame[REGISTERED].max(), frame[ACTIVATED].max())
    return frame, last.date()


def _pandas_figures(frame, as_of: dt.date) -> dict:
    import numpy as np
    import pandas as pd

    end = pd.Timestamp(_as_of_end(as_of))
    period = pd.Timedelta(days=PERIOD_DAYS)
    registered, activated = frame[REGISTERED], frame[ACTIVATED]

    def stock(at):
        registered_by = registered < at
        return registered_by, registered_by & ~(activated < at)

    registered_now, non_now = stock(end)
    registered_before, non_before = stock(end - period)
    new_now = activated.between(end - period, end, inclusive="left")
    new_before = activated.between(end - 2 * period, end - period, inclusive="left")
    headline = _headline_dict(
        {
            "all_users": registered_now.sum(),
            "non_activated_users": non_now.sum(),
            "new_customers": new_now.sum(),
            "previous_all_users": registered_before.sum(),
            "previous_non_activated_users": non_before.sum(),
            "previous_new_customers": new_before.sum(),
        }
    )

    # Weeks start on Monday; the stock at each week's end is a running total of
    # registrations less activations, an activation counting once both happened.
    def monday(moments):
        days = moments.dt.normalize()
        return days - pd.to_timedelta(days.dt.dayofweek, unit="D")

    activated_now = registered_now & (activated < end)
    registrations = monday(registered[registered_now]).value_counts()
    activations = monday(
        np.maximum(registered[activated_now], activated[activated_now])
    ).value_counts()
    weeks = pd.date_range(
        registrations.index.min(), monday(pd.Series([end - pd.Timedelta(1, "us")]))[0]
    )
    weeks = weeks[weeks.dayofweek == 0]
    per_week = pd.DataFrame(
        {
            "registered": registrations.reindex(weeks, fill_value=0),
            "activated": activations.reindex(weeks, fill_value=0),
        }
    ).cumsum()
    trend = {
        "period_start": [str(d.date()) for d in per_week.index],
        "all_users": [int(v) for v in per_week["registered"]],
        "non_activated_users": [
            int(v) for v in per_week["registered"] - per_week["activated"]
        ],
    }

    counted = pd.DataFrame({"non": non_now[registered_now]})
    rows = []
    for name, column in SLICES.items():
        values = frame.loc[registered_now, column]
        if name == "verified":
            values = values.cat.rename_categories(VERIFIED_WORDS)
        grouped = counted.groupby(values, observed=True)["non"].agg(["size", "sum"])
        rows += [(name, value, *counts) for value, counts in grouped.iterrows()]

    days_waiting = (end - registered[non_now]) / pd.Timedelta(days=1)
    edges = [start for _, start, _ in BUCKETS] + [np.inf]
    waiting = pd.cut(days_waiting, edges, right=False).value_counts(sort=False)

    took = (activated - registered)[activated_now]
    return {
        "as_of": as_of.isoformat(),
        "headline": headline,
        "trend": trend,
        "slices": _slice_dict(rows),
        "waiting": [int(v) for v in waiting],
        "median_days": float(took.median() / pd.Timedelta(days=1)),
    }


def pandas(path: Path, workload_runs: int) -> dict:
    (frame, as_of), load_s = _timed(_pandas_load, path)
    runs = []
    for _ in range(workload_runs):
        results, seconds = _timed(_pandas_figures, frame, as_of)
        runs.append(seconds)
    return {
        "load_s": load_s,
        "workload_runs_s": runs,
        "rows": len(frame),
        "results": results,
    }


# --- polars -----------------------------------------------------------------


def _polars_load(path: Path):
    import polars as pl

    if path.suffix == ".parquet":
        scan = pl.scan_parquet(path)
    else:
        scan = pl.scan_csv(path, try_parse_dates=True)
    frame = scan.select(USED_COLUMNS).collect()
    last = frame.select(
        pl.max_horizontal(pl.col(REGISTERED).max(), pl.col(ACTIVATED).max())
    ).item()
    return frame, last.date()


def _polars_figures(frame, as_of: dt.date) -> dict:
    import polars as pl

    end = _as_of_end(as_of)
    period = dt.timedelta(days=PERIOD_DAYS)
    registered, activated = pl.col(REGISTERED), pl.col(ACTIVATED)

    def non_activated(at):
        return (registered < at) & ~(activated < at).fill_null(False)

    flagged = frame.lazy().with_columns(
        registered_now=registered < end,
        non_now=non_activated(end),
        activated_now=(registered < end) & (activated < end).fill_null(False),
    )
    headline = flagged.select(
        all_users=pl.col("registered_now").sum(),
        non_activated_users=pl.col("non_now").sum(),
        new_customers=activated.is_between(end - period, end, closed="left").sum(),
        previous_all_users=(registered < end - period).sum(),
        previous_non_activated_users=non_activated(end - period).sum(),
        previous_new_customers=activated.is_between(
            end - 2 * period, end - period, closed="left"
        ).sum(),
    )

    registrations = (
        flagged.filter("registered_now")
        .group_by(week=registered.dt.truncate("1w"))
        .agg(registered=pl.len())
    )
    activations = (
        flagged.filter("activated_now")
        .group_by(week=pl.max_horizontal(registered, activated).dt.truncate("1w"))
        .agg(activated=pl.len())
    )
    last_week = pl.lit(end - dt.timedelta(microseconds=1)).dt.truncate("1w")
    weeks = registrations.select(
        week=pl.datetime_range(pl.col("week").min(), last_week, "1w")
    )
    trend = (
        weeks.join(registrations, on="week", how="left")
        .join(activations, on="week", how="left")
        .fill_null(0)
        .sort("week")
        .select(
            "week",
            all_users=pl.col("registered").cum_sum(),
            non_activated_users=pl.col("registered").cum_sum()
            - pl.col("activated").cum_sum(),
        )
    )

    at_as_of = flagged.filter("registered_now")
    slice_queries = []
    for name, column in SLICES.items():
        value = pl.col(column)
        if name == "verified":
            value = value.replace_strict(VERIFIED_WORDS, default=value)
        slice_queries.append(
            at_as_of.group_by(value=value)
            .agg(all_users=pl.len(), non_activated=pl.col("non_now").sum())
            .with_columns(slice=pl.lit(name))
        )
    slices = pl.concat(slice_queries)

    days_waiting = (pl.lit(end) - registered).dt.total_microseconds() / (
        DAY_SECONDS * 1e6
    )
    in_bucket = {
        label: days_waiting >= start
        if stop is None
        else (days_waiting >= start) & (days_waiting < stop)
        for label, start, stop in BUCKETS
    }
    waiting = flagged.filter("non_now").select(
        [test.sum().alias(label) for label, test in in_bucket.items()]
    )
    median = flagged.filter("activated_now").select(
        (
            (activated - registered).dt.total_microseconds() / (DAY_SECONDS * 1e6)
        ).median()
    )

    head, trend, slices, waiting, median = pl.collect_all(
        [headline, trend, slices, waiting, median]
    )
    return {
        "as_of": as_of.isoformat(),
        "headline": _headline_dict(head.row(0, named=True)),
        "trend": {
            "period_start": [str(d.date()) for d in trend["week"]],
            "all_users": trend["all_users"].to_list(),
            "non_activated_users": trend["non_activated_users"].to_list(),
        },
        "slices": _slice_dict(
            slices.select("slice", "value", "all_users", "non_activated").iter_rows()
        ),
        "waiting": [int(v) for v in waiting.row(0)],
        "median_days": float(median.item()),
    }


def polars(path: Path, workload_runs: int) -> dict:
    (frame, as_of), load_s = _timed(_polars_load, path)
    runs = []
    for _ in range(workload_runs):
        results, seconds = _timed(_polars_figures, frame, as_of)
        runs.append(seconds)
    return {
        "load_s": load_s,
        "workload_runs_s": runs,
        "rows": frame.height,
        "results": results,
    }


# --- floor ------------------------------------------------------------------


def floor(path: Path, workload_runs: int) -> dict:
    """DuckDB alone: count(*), one scan of the used columns, the file into a table."""
    import duckdb

    from nonactivated.dataset import THREADS

    reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
    con = duckdb.connect(config={"threads": THREADS})
    source = f"{reader}($path)"
    params = {"path": str(path)}

    def count():
        return con.execute(f"select count(*) from {source}", params).fetchone()[0]

    def scan():
        text_columns = ", ".join(f"min({c})" for c in SLICES.values())
        return con.execute(
            f"""
            select count(*), min({REGISTERED}), max({ACTIVATED}),
                count(distinct country), {text_columns}
            from {source}
            """,
            params,
        ).fetchone()

    def read_all():
        con.execute(f"create or replace table everything as from {source}", params)
        con.execute("drop table everything")

    rows, count_s = _timed(count)
    _, scan_s = _timed(scan)
    _, read_all_s = _timed(read_all)
    return {
        "load_s": None,
        "count_s": count_s,
        "scan_s": scan_s,
        "read_all_s": read_all_s,
        "workload_runs_s": [],
        "rows": rows,
        "results": None,
    }


ENGINES = {"ours": ours, "pandas": pandas, "polars": polars, "floor": floor}
