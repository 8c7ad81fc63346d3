"""The Overview on a million users in PostgreSQL, next to DuckDB on the same users.

    python bench/database.py                  # 1M users, 3 repeats
    python bench/database.py --rows 200000 --repeats 5

Starts a throwaway PostgreSQL (tests/database/server.py: Debian's binaries, a
temporary cluster on 127.0.0.1), loads bench/generate.py's users with COPY, and
puts a byte-counting proxy (tests/database/proxy.py) between the app and the
server. For each engine: the app's load (for PostgreSQL: connect, read the
catalogue and a 1,000-row sample, guess the mapping, describe the users), the
Overview's questions on a fresh results cache (filter choices, headline, weekly
trend, registration weeks), then the same after a filter change, which re-runs
all but the filter choices. Medians over the repeats; bytes are both directions,
every byte of the protocol. Prints Markdown for docs/BENCHMARK.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "database")]

import million  # noqa: E402
import server  # noqa: E402
from proxy import CountingProxy  # noqa: E402

from nonactivated import database_model, dataset, metrics  # noqa: E402
from nonactivated.database import Settings, Source  # noqa: E402
from nonactivated.queries import Filters  # noqa: E402

READER, READER_PASSWORD = "bench_reader", "bench-reader-password"
FILTERED = Filters(slices=(("device", ("mobile",)),))


def overview(data, filters) -> None:
    as_of = data.model.last_date
    metrics.slice_values(data)
    metrics.headline(data, filters, as_of, 30)
    metrics.trend(data, filters, as_of, "week")
    metrics.registration_cohorts(data, filters, as_of, "week")


def timed(step) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def measure(load, proxy=None) -> dict:
    result: dict = {}
    result["load"] = timed(lambda: result.setdefault("data", load()))
    data = result.pop("data")
    data.results.clear()
    if proxy:
        proxy.reset()
    result["overview"] = timed(lambda: overview(data, Filters()))
    if proxy:
        result["overview_bytes"] = proxy.total
        proxy.reset()
    result["filter"] = timed(lambda: overview(data, FILTERED))
    if proxy:
        result["filter_bytes"] = proxy.total
        result["queries_sent"] = data.remote.queries_sent
        data.remote.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=million.ROWS)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="nonactivated-bench-"))
    path = million.csv_file(folder, args.rows)
    running = server.start()
    proxy = None
    try:
        with running.admin() as admin:
            admin.execute("create database crm")
            admin.execute(f"create role {READER} login password '{READER_PASSWORD}'")
        copy_s = timed(lambda: million.load(running, path, READER))
        proxy = CountingProxy(running.port)
        settings = Settings.from_secrets(
            "bench",
            {
                "host": "127.0.0.1",
                "port": proxy.port,
                "dbname": "crm",
                "user": READER,
                "password": READER_PASSWORD,
                "statement_timeout_ms": 300_000,
            },
        )
        source = Source(million.TABLE, "public", million.TABLE)
        runs = {"PostgreSQL": [], "DuckDB": []}
        for _ in range(args.repeats):
            runs["PostgreSQL"].append(
                measure(lambda: database_model.load(settings, source), proxy)
            )
            runs["DuckDB"].append(
                measure(lambda: dataset.load(path.read_bytes(), path.name))
            )
    finally:
        if proxy:
            proxy.close()
        running.stop()
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()

    def median(engine, key):
        return statistics.median(run[key] for run in runs[engine])

    print(f"{args.rows:,} users; COPY into PostgreSQL took {copy_s:.1f} s\n")
    print(
        "| engine | load | Overview, first time | Overview after a filter change "
        "| bytes, Overview | bytes, filter change |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for engine in runs:
        by = runs[engine][0]
        bytes_cells = (
            f"{median(engine, 'overview_bytes') / 1000:.1f} kB | "
            f"{median(engine, 'filter_bytes') / 1000:.1f} kB"
            if "overview_bytes" in by
            else "(in memory) | (in memory)"
        )
        print(
            f"| {engine} | {median(engine, 'load'):.2f} s "
            f"| {median(engine, 'overview') * 1000:.0f} ms "
            f"| {median(engine, 'filter') * 1000:.0f} ms | {bytes_cells} |"
        )


if __name__ == "__main__":
    main()
