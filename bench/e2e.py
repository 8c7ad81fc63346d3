"""The app end to end: a 200 MB CSV uploaded in a real browser, timed by the server.

    python bench/e2e.py                      # about 1.55M users, just under 200 MB
    python bench/e2e.py --rows 1M --filter-changes 2

Starts ``streamlit run app.py`` on a free port of 127.0.0.1 (the browser tests'
harness), opens it in Debian's Chromium, uploads the generated file and waits for
the Overview's figures, then picks a value in a few of the sidebar's filters, one
after another.
Times come from the app's own log lines, so they are server time after the
bytes have arrived, not the upload's transfer:

- ``dataset loaded: ... ms``  reading the file and building the users;
- ``page overview: ... ms``   one whole run of the script, load included.

The peak resident memory is the Streamlit process's own high-water mark
(``VmHWM`` in /proc). With ``--pages`` the browser then opens the other figure
pages one by one (their first run each, logged as ``page_first_visit_ms``), and
the peak includes them; ``peak_rss_mb_overview`` is the peak before them. The
server is stopped by its process id at the end.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(ROOT / "tests" / "browser")]

import files  # noqa: E402

# Streamlit refuses uploads above 200 MB (server.maxUploadSize, in MiB); 1.55M
# users of the benchmark's columns come to about 196 MB.
DEFAULT_ROWS = "1550k"
RESULTS = files.DATA_DIR / "e2e.json"
TARGETS = {"first_overview_ms": 1500, "filter_change_ms": 250, "peak_rss_mb": 1024}
# Each change picks a value in another filter of the sidebar, so every change
# narrows the users further and clicks only on a box that has no chips yet.
FILTER_CHOICES = [
    ("Registration source", "web"),
    ("Device type", "mobile"),
    ("Country", "Germany"),
    ("Referral source", "organic_search"),
]

# With --pages, the other pages that read every user, opened one after another
# with the filters still chosen: a first visit runs the page's own queries.
OTHER_PAGES = [
    "Where they come from",
    "Time to first purchase",
    "What it is worth",
    "Sign-up groups",
    "What changed",
    "People",
]

LOG_LINE = re.compile(r"^\S+ \S+ (?P<logger>\S+) (?P<message>.*)$")


def _log_lines(path: Path) -> list[tuple[str, str]]:
    lines = []
    for line in path.read_text(errors="replace").splitlines():
        match = LOG_LINE.match(line)
        if match:
            lines.append((match["logger"], match["message"]))
    return lines


def _milliseconds(message: str) -> float:
    return float(re.search(r"([\d.]+) ms$", message).group(1))


def _page_runs(lines: list[tuple[str, str]]) -> list[float]:
    return [_milliseconds(m) for logger, m in lines if logger == "app" and "page " in m]


def _wait_for_new_run(server, seen: int, timeout_s: float = 300) -> list:
    """Wait until the server has logged a page run beyond the first ``seen``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        lines = _log_lines(server.stderr_path)
        if len(_page_runs(lines)) > seen:
            return lines
        time.sleep(0.1)
    raise TimeoutError("the app logged no page run in time:\n" + server.stderr_tail())


def _peak_rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of one process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    values = {
        key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.M).group(1)) / 1024
        for key in ("VmRSS", "VmHWM")
    }
    return values["VmRSS"], values["VmHWM"]


def measure(path: Path, filter_changes: int, pages: bool = False) -> dict:
    from harness import (
        CHROMIUM,
        CHROMIUM_ARGS,
        VIEWPORT,
        open_page,
        start_app_server,
        wait_for_app,
        wait_until_healthy,
    )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=300_000)
    server = start_app_server(ROOT / "app.py")
    result: dict = {"file": path.name, "file_mb": round(path.stat().st_size / 1e6)}
    try:
        wait_until_healthy(server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(server.url)
            wait_for_app(page)
            runs_before = len(_page_runs(_log_lines(server.stderr_path)))
            result["rss_mb_with_sample"] = round(_peak_rss_mb(server.process.pid)[0])

            started = time.perf_counter()
            uploader = page.get_by_test_id("stFileUploaderDropzoneInput").first
            uploader.set_input_files(str(path))
            expect(page.get_by_text(f'Showing your file "{path.name}"')).to_be_visible()
            wait_for_app(page)
            result["browser_upload_to_overview_s"] = round(
                time.perf_counter() - started, 2
            )
            lines = _log_lines(server.stderr_path)
            loads = [_milliseconds(m) for _, m in lines if "dataset loaded" in m]
            runs = _page_runs(lines)[runs_before:]
            # The run that loaded the upload is the longest one after it arrived.
            result["load_ms"] = loads[-1]
            result["first_overview_ms"] = max(runs)
            result["overview_after_load_ms"] = max(runs) - loads[-1]

            changes = []
            for label, value in FILTER_CHOICES[:filter_changes]:
                seen = len(_page_runs(_log_lines(server.stderr_path)))
                box = (
                    page.get_by_test_id("stSidebar")
                    .get_by_test_id("stMultiSelect")
                    .filter(has_text=label)
                )
                box.click()
                page.get_by_role("option", name=value, exact=True).click()
                page.keyboard.press("Escape")
                wait_for_app(page)
                lines = _wait_for_new_run(server, seen)
                changes.append(_page_runs(lines)[seen])
            result["filter_changes_ms"] = changes
            result["filter_change_ms"] = statistics.median(changes) if changes else None
            if pages:
                result["peak_rss_mb_overview"] = round(
                    _peak_rss_mb(server.process.pid)[1]
                )
                visits = {}
                for name in OTHER_PAGES:
                    seen = len(_page_runs(_log_lines(server.stderr_path)))
                    open_page(page, name)
                    lines = _wait_for_new_run(server, seen)
                    visits[name] = _page_runs(lines)[seen]
                result["page_first_visit_ms"] = visits
            browser.close()
        result["peak_rss_mb"] = round(_peak_rss_mb(server.process.pid)[1])
    finally:
        server.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default=DEFAULT_ROWS)
    parser.add_argument("--filter-changes", type=int, default=len(FILTER_CHOICES))
    parser.add_argument(
        "--pages",
        action="store_true",
        help="then open the other figure pages; peak_rss_mb then includes them",
    )
    args = parser.parse_args()

    import generate

    path = generate.write(files.parse_size(args.rows), ("csv",))[0]
    result = measure(path, args.filter_changes, args.pages)
    result["measured"] = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    result["machine"] = platform.platform()
    RESULTS.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    for key, limit in TARGETS.items():
        value = result.get(key)
        verdict = "met" if value is not None and value <= limit else "missed"
        print(f"{key}: {value} (target <= {limit}): {verdict}")


if __name__ == "__main__":
    main()
