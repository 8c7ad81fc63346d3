"""Where the app's time goes on one file: every SQL statement of the load, timed,
then each Overview + Slices query, and DuckDB's own profile of the slowest one.

    python bench/profile.py bench/data/users_1M.parquet
    python bench/profile.py bench/data/users_1M.csv --top 15 --no-explain

The app's code is not changed: its connection is wrapped so each ``execute``
call is timed on its way through.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class TimedConnection:
    """A DuckDB connection that records how long each statement takes."""

    def __init__(self, con, log: list):
        self._con = con
        self._log = log

    def execute(self, sql, *args, **kwargs):
        started = time.perf_counter()
        result = self._con.execute(sql, *args, **kwargs)
        self._log.append((time.perf_counter() - started, _caller(), _gist(sql)))
        return result

    def __getattr__(self, name):
        return getattr(self._con, name)


def _caller() -> str:
    """The app function that ran the statement."""
    frame = sys._getframe(2)
    while frame and "nonactivated" not in frame.f_code.co_filename:
        frame = frame.f_back
    if frame is None:
        return "?"
    return f"{Path(frame.f_code.co_filename).stem}.{frame.f_code.co_name}"


def _gist(sql: str) -> str:
    text = re.sub(r"\s+", " ", sql).strip()
    return text[:110] + ("..." if len(text) > 110 else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--no-explain", action="store_true")
    args = parser.parse_args()

    from nonactivated import dataset, metrics, queries
    from nonactivated.queries import Filters

    statements: list = []
    connect = dataset.connect
    dataset.connect = lambda: TimedConnection(connect(), statements)

    started = time.perf_counter()
    ds = dataset.load(args.path.read_bytes(), args.path.name)
    load_s = time.perf_counter() - started
    in_sql = sum(seconds for seconds, _, _ in statements)
    print(f"load: {load_s:.2f} s, of which {in_sql:.2f} s in {len(statements)} SQL")
    by_caller: dict[str, float] = {}
    for seconds, caller, _ in statements:
        by_caller[caller] = by_caller.get(caller, 0.0) + seconds
    for caller, seconds in sorted(by_caller.items(), key=lambda i: -i[1]):
        print(f"  {seconds:7.2f} s  {caller}")
    print(f"slowest {args.top} statements:")
    for seconds, caller, gist in sorted(statements, reverse=True)[: args.top]:
        print(f"  {seconds:7.2f} s  {caller}: {gist}")

    # The figures run on the app's own connection: queries tell a DuckDB
    # connection from a team database's by its type.
    # The wrapper is kept: the upload's file lives as long as the connection
    # object the load was given.
    timed = ds.con
    ds.con = timed._con
    as_of = ds.model.last_date
    filters = Filters()
    figures = {
        "headline": lambda: metrics.headline(ds, filters, as_of),
        "trend": lambda: metrics.trend(ds, filters, as_of, "week"),
        "slices": lambda: metrics.slices(ds, filters, as_of),
        "waiting_time": lambda: metrics.waiting_time(ds, filters, as_of),
    }
    timings = {}
    for name, figure in figures.items():
        figure()  # warm up
        ds.results = {}
        started = time.perf_counter()
        figure()
        timings[name] = time.perf_counter() - started
    print("workload, second run, nothing cached:")
    for name, seconds in timings.items():
        print(f"  {seconds * 1000:7.0f} ms  {name}")

    if not args.no_explain:
        slowest = max(timings, key=timings.get)
        params = {"as_of_end": queries.end_of_day(as_of)}
        if slowest == "trend":
            params["grain"] = "week"
        if slowest == "headline":
            return
        sql = queries.with_filtered_users(queries.load_sql(slowest), "true")
        con = ds.con
        con.execute("pragma enable_profiling = 'query_tree'")
        plan = con.execute(f"explain analyze {sql}", params).fetchall()
        print(f"explain analyze {slowest}:")
        print(plan[0][1])


if __name__ == "__main__":
    main()
