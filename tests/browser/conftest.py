"""Fixtures for the browser tests: the real app served locally, seen in Chromium.

    app_server      base URL of `streamlit run app.py` on a free port (one server
                    for the whole session; APP_PATH serves another script)
    browser_page    a fresh page in its own browser context (its own session)
    new_context     call it to open more contexts, e.g. two visitors at once

Every test in this folder is marked `browser`, so `pytest -m "not browser"` runs
the quick tests only. When a test fails, its page is saved as a screenshot in
tests/artifacts/.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    app_path,
    screenshot,
    start_app_server,
    wait_until_healthy,
)
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

# Streamlit's first run of a script on a fresh server imports pandas, DuckDB and
# Altair, which takes several seconds on a small machine; Playwright's 5 s default
# for `expect` is too tight for that.
expect.set_options(timeout=20_000)


def pytest_collection_modifyitems(config, items):
    # pytest hands this hook every collected test, not only this folder's.
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keeps each phase's report on the test item, so a fixture can tell in its
    # teardown whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def app_server() -> Iterator[str]:
    script = app_path()
    if not script.is_file():
        pytest.fail(f"No Streamlit app to test at {script}.", pytrace=False)

    server = start_app_server(script)
    try:
        problem = None
        try:
            wait_until_healthy(server)
        except RuntimeError as error:
            problem = str(error)
        if problem:
            # Failing outside the except block keeps the message from being
            # printed twice, once as the cause of the other.
            pytest.fail(problem, pytrace=False)
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing; the browser tests use Debian's chromium. "
            "Run scripts/setup.sh (as root) to install it.",
            pytrace=False,
        )

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_context(chromium_browser: Browser) -> Iterator[Callable[[], BrowserContext]]:
    """Opens browser contexts that share nothing: each is a separate app session."""
    contexts: list[BrowserContext] = []

    def open_context() -> BrowserContext:
        context = chromium_browser.new_context(viewport=VIEWPORT)
        contexts.append(context)
        return context

    yield open_context

    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(
    request: pytest.FixtureRequest, new_context: Callable[[], BrowserContext]
) -> Iterator[Page]:
    page = new_context().new_page()
    yield page

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        screenshot(page, f"{request.node.name}-failed")
