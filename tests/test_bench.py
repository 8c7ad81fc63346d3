"""The benchmark command runs end to end, and its engines agree on the figures.

Timings are not asserted: they depend on the machine. What must hold anywhere is
that the app, pandas and polars give the same figures from the same file.
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _bench_module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """One run of the command on 20,000 generated users, CSV and Parquet."""
    folder = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            *("--sizes", "20k", "--repeats", "1", "--workload-runs", "1"),
            *("--data-dir", str(folder), "--output", str(folder / "BENCHMARK.md")),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done, folder


def test_the_command_generates_the_files_and_succeeds(small_run):
    done, folder = small_run

    assert done.returncode == 0, done.stdout + done.stderr
    assert (folder / "users_20k.csv").exists()
    assert (folder / "users_20k.parquet").exists()


def test_every_engine_measures_both_formats_without_error(small_run):
    _, folder = small_run
    cells = json.loads((folder / "results.json").read_text())

    assert sorted(cells) == ["20k csv", "20k parquet"]
    for cell in cells.values():
        assert sorted(cell["runs"]) == ["floor", "ours", "pandas", "polars"]
        for engine, runs in cell["runs"].items():
            assert [r.get("error") for r in runs] == [None], engine
            assert runs[0]["rows"] == 20_000, engine
            assert runs[0]["peak_mb"] > 0


def test_pandas_and_polars_give_the_apps_figures(small_run):
    _, folder = small_run
    cells = json.loads((folder / "results.json").read_text())

    for cell in cells.values():
        assert cell["problems"] == []
        ours = cell["runs"]["ours"][0]["results"]
        assert ours["headline"]["all_users"] == 20_000
        assert len(ours["waiting"]) == 6
        assert sum(ours["waiting"]) == ours["headline"]["non_activated_users"]
        assert ours["trend"]["all_users"][-1] == 20_000
        for engine in ("pandas", "polars"):
            theirs = cell["runs"][engine][0]["results"]
            assert _counts(theirs) == _counts(ours), engine
            assert theirs["median_days"] == pytest.approx(ours["median_days"])


def _counts(results: dict) -> dict:
    """The figures that are whole numbers of users, which must match exactly."""
    headline = results["headline"]
    return {
        "headline": {k: v for k, v in headline.items() if isinstance(v, int)},
        "trend": results["trend"],
        "slices": {
            name: {value: counts[:2] for value, counts in values.items()}
            for name, values in results["slices"].items()
        },
        "waiting": results["waiting"],
    }


def test_the_report_says_the_engines_agree(small_run):
    _, folder = small_run
    report = (folder / "BENCHMARK.md").read_text()

    assert "| 20k | csv |" in report
    assert "| 20k | parquet |" in report
    assert "Yes, on every file the app read." in report


def test_the_check_finds_one_user_counted_differently():
    run = _bench_module("run")
    ours = {"headline": {"all_users": 10, "pct": 40.0}, "waiting": [1, 2]}
    other = {"headline": {"all_users": 10, "pct": 40.0}, "waiting": [1, 3]}

    assert run.differences(ours, ours) == []
    assert run.differences(ours, other) == ["/waiting[1]: 3, expected 2"]


def test_generated_files_have_the_sample_columns(small_run):
    _, folder = small_run
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "users.csv"
    sample_header = sample.read_text().splitlines()[0]

    header = (folder / "users_20k.csv").read_text().splitlines()[0]

    assert header == sample_header
