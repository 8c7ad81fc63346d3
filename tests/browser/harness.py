"""Starts the app under test and Debian's Chromium for the browser tests.

The fixtures in conftest.py use these; tests import `wait_for_app` and
`screenshot` from here.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")

# Without the networking flags Chromium keeps reaching for Google's services, which
# a closed network refuses; QUIC and proxies are off so the browser talks to the
# local server only, over plain TCP.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-proxy-server",
]

# Streamlit draws inside a scrolling container, so a full-page screenshot stops at
# the fold; a tall window lets one screenshot hold the whole page.
VIEWPORT = {"width": 1400, "height": 2400}

STARTUP_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10


def app_path() -> Path:
    """The script to serve: $APP_PATH if set, else the repository's app.py."""
    return Path(os.environ.get("APP_PATH", REPO_ROOT / "app.py")).resolve()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on at the moment of asking."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """A `streamlit run` process on 127.0.0.1, with its output kept in files."""

    process: subprocess.Popen
    port: int
    stdout_path: Path
    stderr_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stderr_tail(self, lines: int = 40) -> str:
        text = self.stderr_path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:]) or "(nothing)"

    def stop(self) -> None:
        """Stops this server by its process id: terminate, then kill if it lingers."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_S)


def start_app_server(script: Path, extra_args: tuple[str, ...] = ()) -> AppServer:
    """Starts `streamlit run script` from the repository root on a free port;
    ``extra_args`` are more Streamlit options (such as another secrets file)."""
    if not script.is_file():
        raise FileNotFoundError(f"no Streamlit script at {script}")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    stdout_path = ARTIFACTS / f"streamlit-{port}.stdout.log"
    stderr_path = ARTIFACTS / f"streamlit-{port}.stderr.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra_args,
    ]
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
    return AppServer(process, port, stdout_path, stderr_path)


def wait_until_healthy(server: AppServer, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
    """Waits for /_stcore/health to answer "ok"; raises RuntimeError if it never does.

    The error carries the tail of the server's stderr, where a crash of the app's
    imports or a port clash shows.
    """
    # An empty ProxyHandler keeps a proxy from the environment out of the way: the
    # request must go straight to the local server.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    health_url = f"{server.url}/_stcore/health"
    deadline = time.monotonic() + timeout_s
    last_error = "no answer yet"

    while time.monotonic() < deadline:
        exit_code = server.process.poll()
        if exit_code is not None:
            raise RuntimeError(
                f"streamlit exited with code {exit_code} before answering "
                f"{health_url}.\nLast lines of its stderr:\n{server.stderr_tail()}"
            )
        try:
            with opener.open(health_url, timeout=2) as response:
                if response.status == 200 and response.read().strip() == b"ok":
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last_error = str(error)
        time.sleep(0.25)

    raise RuntimeError(
        f"streamlit did not answer {health_url} within {timeout_s:.0f} s "
        f"(last: {last_error}).\nLast lines of its stderr:\n{server.stderr_tail()}"
    )


def wait_for_app(page) -> None:
    """Waits until the app is connected, its script has finished its run and no
    element is still drawn as a loading placeholder.

    Call it after `goto` and after each interaction that reruns the script, before
    a screenshot or a check that something is absent.
    """
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(app).to_have_attribute("data-test-script-state", "notRunning")
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    expect(page.get_by_test_id("stAppSkeleton")).to_have_count(0)


def wait_for_charts(page) -> None:
    """Waits until every chart on the page has drawn, then a moment for paint."""
    charts = page.get_by_test_id("stVegaLiteChart")
    for index in range(charts.count()):
        expect(charts.nth(index).locator("canvas, svg").first).to_be_attached()
    page.wait_for_timeout(500)


def screenshot(page, name: str) -> Path:
    """Saves a PNG of the page's window as tests/artifacts/<name>.png."""
    wait_for_charts(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # Test ids of parametrized tests can hold slashes and spaces.
    path = ARTIFACTS / (re.sub(r"[^\w.-]+", "_", name) + ".png")
    page.screenshot(path=str(path))
    return path


def shared_file(path: Path) -> Path:
    """A file of the shared test data, or a failure that says where it was looked
    for."""
    if not path.exists():
        pytest.fail(f"the shared test data is missing: looked for {path}")
    return path


def open_page(page, name: str) -> None:
    """Click a page in the sidebar's navigation and wait until it has run."""
    link = (
        page.get_by_test_id("stSidebarNav")
        .get_by_role("link")
        .filter(has=page.get_by_text(name, exact=True))
    )
    target = urllib.parse.urljoin(page.url, link.get_attribute("href"))
    link.click()
    # Right after the click the script may not have started yet, and the
    # previous page still stands: waiting for the address first makes sure
    # the checks below see the new page, not the old one.
    path = urllib.parse.urlsplit(target).path
    page.wait_for_url(lambda url: urllib.parse.urlsplit(url).path == path)
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def metric_value(page, label: str):
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue")
