"""Time the app's own code path against pandas, polars and a bare DuckDB read.

    python bench/run.py                                  # 100k and 1M, CSV, Parquet
    python bench/run.py --sizes 100k 1M --formats csv parquet --repeats 3
    python bench/run.py --sizes 10M --formats parquet    # long on two cores

Missing files are generated first (bench/generate.py). Every measurement runs in
a process of its own, so the peak memory reported (``ru_maxrss``, from inside
that process) belongs to one engine on one file. Each process loads the file
once, then computes the Overview + Slices figures ``--workload-runs`` times with
nothing cached; the first of those runs warms up and is not counted. Medians are
over ``--repeats`` processes.

Results of every size and format measured so far are kept in
bench/data/results.json and written as tables to docs/BENCHMARK.md, between its
results markers, so notes written around them stay (``--report-only`` rewrites
them without measuring). Engines that disagree on any figure are listed there and
make the command exit with status 1; a file the app turns down with a message for
its user is reported with that message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(BENCH_DIR)]

import files  # noqa: E402

ENGINES = ("ours", "pandas", "polars", "floor")
OUTPUT = ROOT / "docs" / "BENCHMARK.md"
START_MARK = "<!-- results start: written by bench/run.py -->"
END_MARK = "<!-- results end -->"
# Targets hold for the Overview + Slices workload on a million users and more.
TARGET_MIN_ROWS = 1_000_000
TARGETS = {
    "ours_vs_polars": ("<=", 1.0, "ours / polars (workload)"),
    "pandas_vs_ours": (">=", 10.0, "pandas / ours (workload)"),
    "ours_vs_scan": ("<=", 2.5, "ours workload / one DuckDB scan"),
    "load_vs_count": ("<=", 2.5, "ours load / DuckDB count(*)"),
}


# --- one measurement, in its own process --------------------------------------


def generate(size: str, formats: list[str], data_dir: Path) -> None:
    """Write missing files in a process of their own, so this one stays small."""
    subprocess.run(
        [
            sys.executable,
            str(BENCH_DIR / "generate.py"),
            *("--sizes", size, "--data-dir", str(data_dir), "--formats", *formats),
        ],
        check=True,
    )


def child(engine: str, path: Path, workload_runs: int) -> None:
    import engines

    measured = engines.ENGINES[engine](path, workload_runs)
    # Linux carries ru_maxrss over an exec from the parent, which is why the parent
    # imports no data library; the high-water mark of this process's own memory
    # map is kept beside it as a check.
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    measured["peak_mb"] = peak_kb / 1024
    measured["vm_hwm_mb"] = _vm_hwm_kb() / 1024
    print(json.dumps(measured))


def _vm_hwm_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def measure(engine: str, path: Path, workload_runs: int) -> dict:
    """Run one engine on one file in a new process; its report, or its error."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            engine,
            "--path",
            str(path),
            "--workload-runs",
            str(workload_runs),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        return {"error": lines[-1] if lines else f"exit status {done.returncode}"}
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    measured["process_s"] = time.perf_counter() - started
    return measured


def workload_s(measured: dict) -> float | None:
    runs = measured.get("workload_runs_s") or []
    counted = runs[1:] or runs
    return statistics.median(counted) if counted else None


# --- checking that the engines agree ------------------------------------------


def differences(expected, got, where: str = "") -> list[str]:
    """Where ``got`` differs from ``expected``: counts exactly, shares to 1e-9."""
    if isinstance(expected, dict) and isinstance(got, dict):
        found = []
        for key in sorted(set(expected) | set(got), key=str):
            if key not in got or key not in expected:
                side = "missing" if key not in got else "unexpected"
                found.append(f"{where}/{key}: {side}")
            else:
                found += differences(expected[key], got[key], f"{where}/{key}")
        return found
    if isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            return [f"{where}: {len(got)} items, expected {len(expected)}"]
        found = []
        for index, (a, b) in enumerate(zip(expected, got, strict=True)):
            found += differences(a, b, f"{where}[{index}]")
        return found
    if isinstance(expected, float) or isinstance(got, float):
        if (
            expected is not None
            and got is not None
            and math.isclose(expected, got, rel_tol=1e-9, abs_tol=1e-9)
        ):
            return []
    elif expected == got:
        return []
    return [f"{where}: {got!r}, expected {expected!r}"]


def check(cell: dict) -> list[str]:
    """Each engine's results against ours on the same file."""
    runs = cell["runs"]
    reference = next(
        (r["results"] for r in runs.get("ours", []) if r.get("results")), None
    )
    problems = []
    for engine, measured in runs.items():
        for index, run in enumerate(measured, start=1):
            if "error" in run:
                problems.append(f"{engine} run {index} failed: {run['error']}")
            elif "refused" in run:
                continue
            elif reference is not None and run.get("results") is not None:
                found = differences(reference, run["results"])
                problems += [f"{engine} run {index}: {d}" for d in found[:5]]
                if len(found) > 5:
                    problems.append(f"{engine} run {index}: {len(found) - 5} more")
    if reference is None and runs.get("ours") and not refusals(cell):
        problems.append("ours gave no results to compare with")
    return problems


def refusals(cell: dict) -> list[str]:
    """The app's own messages where it turned the file down."""
    found = [
        f'the app refused the file after {_seconds(run["after_s"])}: "{run["refused"]}"'
        for run in cell["runs"].get("ours", [])
        if "refused" in run
    ]
    return list(dict.fromkeys(found))


def check_formats(csv_cell: dict | None, cell: dict) -> list[str]:
    """Ours on the Parquet file against ours on the CSV file of the same users."""
    if csv_cell is None or csv_cell is cell or cell["format"] == "csv":
        return []

    def first_results(c):
        ours = [r for r in c["runs"].get("ours", []) if r.get("results")]
        return ours[0]["results"] if ours else None

    expected, got = first_results(csv_cell), first_results(cell)
    if expected is None or got is None:
        return []
    found = differences(expected, got)
    return [f"ours on Parquet, against ours on CSV: {d}" for d in found[:5]]


# --- summaries -----------------------------------------------------------------


def _median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise(cell: dict) -> dict:
    """Medians, ratios and peaks of one size and format."""
    runs = {
        engine: [r for r in rs if "error" not in r and "refused" not in r]
        for engine, rs in cell["runs"].items()
    }

    def median_of(engine, key):
        if key == "workload":
            return _median(workload_s(r) for r in runs.get(engine, []))
        return _median(r.get(key) for r in runs.get(engine, []))

    s = {
        f"{engine}_{key}": median_of(engine, key)
        for engine in ("ours", "pandas", "polars")
        for key in ("load_s", "workload")
    }
    for key in ("count_s", "scan_s", "read_all_s"):
        s[f"floor_{key}"] = median_of("floor", key)
    # Peaks count the runs where the app turned the file down, too.
    s["peak_mb"] = {
        engine: max((r["peak_mb"] for r in rs if "peak_mb" in r), default=None)
        for engine, rs in cell["runs"].items()
    }

    def ratio(top, bottom):
        return top / bottom if top and bottom else None

    s["ours_vs_polars"] = ratio(s["ours_workload"], s["polars_workload"])
    s["pandas_vs_ours"] = ratio(s["pandas_workload"], s["ours_workload"])
    s["ours_vs_scan"] = ratio(s["ours_workload"], s["floor_scan_s"])
    s["load_vs_count"] = ratio(s["ours_load_s"], s["floor_count_s"])
    s["load_vs_read_all"] = ratio(s["ours_load_s"], s["floor_read_all_s"])

    ours = runs.get("ours", [])
    s["load_parts"] = {
        part: _median(r["load_parts"].get(part) for r in ours)
        for part in (ours[0]["load_parts"] if ours else {})
    }
    s["load_parts"]["load, other"] = _median(
        r["load_s"] - sum(r["load_parts"].values()) for r in ours
    )
    # The first run of each process warms up and is left out, as in the total.
    warm = [p for r in ours for p in r["workload_parts"][1:] or r["workload_parts"]]
    s["query_parts"] = {
        part: _median(p[part] for p in warm) for part in (warm[0] if warm else {})
    }
    return s


def verdict(key: str, value: float | None, rows: int) -> str:
    """'met', 'missed by 3.1x', or '' where no target applies."""
    if value is None:
        return "not measured"
    if rows < TARGET_MIN_ROWS:
        return ""
    direction, target, _ = TARGETS[key]
    if direction == "<=":
        return "met" if value <= target else f"missed by {value / target:.1f}x"
    return "met" if value >= target else f"missed by {target / value:.1f}x"


# --- writing it down -------------------------------------------------------------


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{kb / 1024**2:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    # Versions from the installed metadata: importing the libraries here would
    # raise the peak memory every measuring process inherits.
    versions = {
        name: importlib.metadata.version(name)
        for name in ("duckdb", "pandas", "polars", "pyarrow", "numpy")
    }
    return {
        "code": _code_version(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        **versions,
        "app_memory_limit": os.environ.get("NONACTIVATED_MEMORY_LIMIT", "600MB"),
        "app_threads": os.environ.get("NONACTIVATED_THREADS", "2"),
    }


def _code_version() -> str:
    """The commit of the app's code measured, and whether it had local changes."""

    def git(*words):
        done = subprocess.run(
            ["git", "-C", str(ROOT), *words], capture_output=True, text=True
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--", "nonactivated", "queries")
    return commit + (" with uncommitted changes to the app" if changed else "")


def _cells_in_order(cells: dict) -> list[dict]:
    return sorted(
        cells.values(), key=lambda c: (c["rows"], files.FORMATS.index(c["format"]))
    )


def tables(cells: dict) -> str:
    """The results as Markdown: times, ratios against targets, memory, profile."""
    ordered = _cells_in_order(cells)
    summaries = [(c, summarise(c)) for c in ordered]
    info = ordered[0]["machine"] if ordered else machine()
    out = [
        "## Machine",
        "",
        f"- CPU: {info['cpu']}, {info['cores']} cores; memory {info['memory']}",
        f"- {info['os']}",
        f"- Python {info['python']}, DuckDB {info['duckdb']}, pandas "
        f"{info['pandas']}, polars {info['polars']}, pyarrow {info['pyarrow']}, "
        f"numpy {info['numpy']}",
        "",
        "Each size and format was measured in one go: when, on which code, with "
        "which DuckDB settings for the app, and how busy the machine was (other "
        "work slows every engine; load average over one minute at the start and "
        "the end).",
        "",
        "| users | format | measured | app code | app memory limit, threads "
        "| processes per engine | load average |",
        "|---|---|---|---|---|---:|---|",
    ]
    for c in ordered:
        m = c["machine"]
        load = c.get("load_average")
        out.append(
            f"| {c['size']} | {c['format']} | {c['measured'].replace('T', ' ')} "
            f"| {m.get('code', 'unknown')} "
            f"| {m['app_memory_limit']}, {m['app_threads']} | {c['repeats']} "
            f"| {f'{load[0]:.1f} to {load[1]:.1f}' if load else '-'} |"
        )
    out += [
        "",
        "## Times (median)",
        "",
        "Load is the file into memory, typed; workload is the Overview + Slices "
        "figures on the loaded data. The DuckDB columns read the file directly: "
        "`count(*)`, one scan of the nine columns the figures use, and every column "
        "into a table. A Parquet `count(*)` is read from the file's footer.",
        "",
        "| users | format | ours load | ours workload | pandas load | pandas workload "
        "| polars load | polars workload | DuckDB count(*) | DuckDB used-columns scan "
        "| DuckDB whole file |",
        "|---|---|" + "---:|" * 9,
    ]
    for cell, s in summaries:
        values = [
            s["ours_load_s"],
            s["ours_workload"],
            s["pandas_load_s"],
            s["pandas_workload"],
            s["polars_load_s"],
            s["polars_workload"],
            s["floor_count_s"],
            s["floor_scan_s"],
            s["floor_read_all_s"],
        ]
        out.append(
            f"| {cell['size']} | {cell['format']} | "
            + " | ".join(_seconds(v) for v in values)
            + " |"
        )
    out += [
        "",
        "## Ratios and targets",
        "",
        "Targets apply from a million users up. A ratio over 1 in the ours / polars "
        "column means ours is slower.",
        "",
        "| users | format | "
        + " | ".join(f"{label} (target {d} {t:g})" for d, t, label in TARGETS.values())
        + " | ours load / DuckDB whole file |",
        "|---|---|" + "---|" * (len(TARGETS) + 1),
    ]
    missed = []
    for cell, s in summaries:
        parts = []
        for key, (_, _, label) in TARGETS.items():
            said = verdict(key, s[key], cell["rows"])
            if s[key] is None and refusals(cell):
                said = "the app refused the file"
            parts.append(f"{_ratio(s[key])} {said}".strip())
            if said.startswith("missed"):
                line = f"- {cell['size']} {cell['format']}: {label} is "
                line += f"{_ratio(s[key])}, {said}"
                if key == "load_vs_count" and cell["format"] == "parquet":
                    # A Parquet count(*) reads only the footer: say the fairer one.
                    line += (
                        "; Parquet answers count(*) from its footer, and against "
                        "DuckDB reading the whole file the load is "
                        f"{_ratio(s['load_vs_read_all'])}x"
                    )
                missed.append(line)
        parts.append(_ratio(s["load_vs_read_all"]))
        out.append(f"| {cell['size']} | {cell['format']} | " + " | ".join(parts) + " |")
    out += ["", "Targets missed:", ""] + (missed or ["- none"])

    out += [
        "",
        "## Peak memory per process (MB)",
        "",
        "The largest `ru_maxrss` of the processes; it includes Python and the "
        "libraries each engine imports.",
        "",
        "| users | format | " + " | ".join(ENGINES) + " |",
        "|---|---|" + "---:|" * len(ENGINES),
    ]
    for cell, s in summaries:
        peaks = [s["peak_mb"].get(e) for e in ENGINES]
        out.append(
            f"| {cell['size']} | {cell['format']} | "
            + " | ".join("-" if p is None else f"{p:,.0f}" for p in peaks)
            + " |"
        )

    load_parts = list(dict.fromkeys(p for _, s in summaries for p in s["load_parts"]))
    query_parts = list(dict.fromkeys(p for _, s in summaries for p in s["query_parts"]))
    out += [
        "",
        "## Where ours spends its time (median)",
        "",
        "Load split by the steps of `dataset.load`; workload split by figure.",
        "",
        "| users | format | " + " | ".join([*load_parts, *query_parts]) + " |",
        "|---|---|" + "---:|" * (len(load_parts) + len(query_parts)),
    ]
    for cell, s in summaries:
        values = [s["load_parts"].get(p) for p in load_parts]
        values += [s["query_parts"].get(p) for p in query_parts]
        out.append(
            f"| {cell['size']} | {cell['format']} | "
            + " | ".join(_seconds(v) for v in values)
            + " |"
        )

    problems = [
        f"- {c['size']} {c['format']}: {p}" for c in ordered for p in c["problems"]
    ]
    refused = [
        f"- {c['size']} {c['format']}: {r}; pandas and polars were not checked"
        for c in ordered
        for r in refusals(c)
    ]
    out += [
        "",
        "## Do the engines agree?",
        "",
        "Checked against ours on the same file: the headline figures, every week of "
        "the trend, every slice value's counts and shares, the six waiting buckets "
        "and the median days to activate.",
        "",
    ]
    if problems:
        out += ["**Errors:**", "", *problems]
    else:
        out.append("Yes, on every file the app read.")
    if refused:
        out += ["", "Files the app turned down:", "", *refused]
    return "\n".join(out) + "\n"


INTRO = """# Benchmark

How fast the app's own code path (`dataset.load`, then the `metrics` functions the
Overview and Slices pages call) is, next to the same figures computed with pandas
and polars, and next to DuckDB just reading the file. Synthetic users with the
columns of `sample_data/users.csv`, written by `bench/generate.py`.

    python bench/run.py --sizes 100k 1M --formats csv parquet --repeats 3

"""


def _wrapped(markdown: str, width: int = 88) -> str:
    """Prose and list items wrapped at ``width``; table rows left whole."""
    lines = []
    for line in markdown.splitlines():
        if len(line) <= width or line.startswith("|"):
            lines.append(line)
            continue
        indent = "  " if line.startswith("- ") else ""
        lines.append(
            textwrap.fill(
                line,
                width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines) + "\n"


def write_markdown(path: Path, cells: dict) -> None:
    block = f"{START_MARK}\n\n{_wrapped(tables(cells))}\n{END_MARK}"
    text = path.read_text() if path.exists() else ""
    if START_MARK in text and END_MARK in text:
        head, rest = text.split(START_MARK, 1)
        tail = rest.split(END_MARK, 1)[1]
        text = head + block + tail
    else:
        text = INTRO + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def print_summary(cells: dict) -> None:
    header = (
        f"{'users':>6} {'format':<8} {'ours load':>10} {'ours work':>10} "
        f"{'pandas wk':>10} {'polars wk':>10} {'1 scan':>9} {'count(*)':>9} "
        f"{'ours/pl':>8} {'pd/ours':>8} {'ours/scan':>9} {'load/cnt':>9}  peak MB"
    )
    print(header)
    for cell in _cells_in_order(cells):
        s = summarise(cell)
        peaks = "/".join(
            "-" if s["peak_mb"].get(e) is None else f"{s['peak_mb'][e]:.0f}"
            for e in ENGINES
        )
        print(
            f"{cell['size']:>6} {cell['format']:<8} "
            f"{_seconds(s['ours_load_s']):>10} {_seconds(s['ours_workload']):>10} "
            f"{_seconds(s['pandas_workload']):>10} "
            f"{_seconds(s['polars_workload']):>10} "
            f"{_seconds(s['floor_scan_s']):>9} {_seconds(s['floor_count_s']):>9} "
            f"{_ratio(s['ours_vs_polars']):>8} {_ratio(s['pandas_vs_ours']):>8} "
            f"{_ratio(s['ours_vs_scan']):>9} {_ratio(s['load_vs_count']):>9}  {peaks}"
        )
    print(f"peak MB: {' / '.join(ENGINES)}")


# --- the command -------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", nargs="+", default=list(files.DEFAULT_SIZES))
    parser.add_argument(
        "--formats", nargs="+", default=list(files.FORMATS), choices=files.FORMATS
    )
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workload-runs", type=int, default=2)
    parser.add_argument("--data-dir", type=Path, default=files.DATA_DIR)
    parser.add_argument("--results", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--fresh", action="store_true", help="forget results of earlier runs"
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="write the tables from the kept results without measuring",
    )
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        child(args.child, args.path, args.workload_runs)
        return 0

    results_path = args.results or args.data_dir / "results.json"
    cells = {}
    if results_path.exists() and not args.fresh:
        cells = json.loads(results_path.read_text())
    info = machine()
    started = time.perf_counter()
    for size in [] if args.report_only else args.sizes:
        rows = files.parse_size(size)
        generate(size, args.formats, args.data_dir)
        for file_format in args.formats:
            path = files.path_for(rows, file_format, args.data_dir)
            runs: dict[str, list] = {engine: [] for engine in args.engines}
            load_before = os.getloadavg()[0]
            for repeat in range(1, args.repeats + 1):
                for engine in args.engines:
                    measured = measure(engine, path, args.workload_runs)
                    runs[engine].append(measured)
                    print(
                        f"{files.size_label(rows)} {file_format} {engine} "
                        f"#{repeat}: " + _progress(measured),
                        flush=True,
                    )
            cell = {
                "size": files.size_label(rows),
                "rows": rows,
                "format": file_format,
                "repeats": args.repeats,
                "measured": dt.datetime.now().isoformat(timespec="seconds"),
                "machine": info,
                # Other work on the machine slows every engine; it is said with
                # the results.
                "load_average": [load_before, os.getloadavg()[0]],
                "runs": runs,
            }
            cell["problems"] = check(cell)
            cell["problems"] += check_formats(cells.get(f"{cell['size']} csv"), cell)
            cells[f"{cell['size']} {file_format}"] = cell
            results_path.parent.mkdir(parents=True, exist_ok=True)
            results_path.write_text(json.dumps(cells, indent=1))
            write_markdown(args.output, cells)

    write_markdown(args.output, cells)
    print(f"\nall measured in {time.perf_counter() - started:.0f} s\n")
    print_summary(cells)
    problems = [p for c in cells.values() for p in c["problems"]]
    for problem in problems:
        print(f"ERROR: {problem}")
    for cell in cells.values():
        for refusal in refusals(cell):
            print(f"{cell['size']} {cell['format']}: {refusal}")
    print(f"\nwritten to {args.output} and {results_path}")
    return 1 if problems else 0


def _progress(measured: dict) -> str:
    if "error" in measured:
        return f"ERROR {measured['error']}"
    if "refused" in measured:
        return f"refused after {_seconds(measured['after_s'])}: {measured['refused']}"
    if measured.get("load_s") is None:
        return (
            f"count(*) {_seconds(measured['count_s'])}, "
            f"scan {_seconds(measured['scan_s'])}, "
            f"whole file {_seconds(measured['read_all_s'])}, "
            f"{measured['peak_mb']:.0f} MB"
        )
    return (
        f"load {_seconds(measured['load_s'])}, "
        f"workload {_seconds(workload_s(measured))}, {measured['peak_mb']:.0f} MB"
    )


if __name__ == "__main__":
    sys.exit(main())
