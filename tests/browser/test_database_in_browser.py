"""From secrets to a full dashboard in a real browser, with PostgreSQL and no file.

A throwaway PostgreSQL (tests/database/server.py) holds the sample shop; the app
is started with its own secrets file (``--secrets.files``) naming that server.
The expected figures are the sample's, counted apart from the app in the other
browser test (14,484 never bought of 24,500).
"""

import sys
from collections.abc import Iterator

import pytest
from harness import REPO_ROOT, metric_value, screenshot, start_app_server, wait_for_app
from playwright.sync_api import expect

sys.path.insert(0, str(REPO_ROOT / "tests" / "database"))
import server  # noqa: E402

PASSWORD = "browser-reader-secret"
SAMPLE = REPO_ROOT / "sample_data" / "users.csv"


@pytest.fixture(scope="module")
def database_app(tmp_path_factory) -> Iterator[str]:
    running = server.start()
    app = None
    try:
        with running.admin() as admin:
            admin.execute("create database crm")
            admin.execute(f"create role reader login password '{PASSWORD}'")
        with running.admin("crm") as admin:
            admin.execute(
                "create table customers (customer_id text, email text, "
                "first_name text, registered_at timestamp, registration_source text, "
                "email_verified boolean, device_type text, referral_source text, "
                "country text, accepts_marketing boolean, signup_offer text, "
                "first_order_at timestamp, first_order_value numeric(12, 2))"
            )
            with (
                admin.cursor() as cursor,
                cursor.copy(
                    "copy customers from stdin (format csv, header true)"
                ) as copy,
            ):
                copy.write(SAMPLE.read_bytes())
            admin.execute("grant select on customers to reader")
        secrets = tmp_path_factory.mktemp("secrets") / "secrets.toml"
        secrets.write_text(
            "[connections.team_crm]\n"
            'type = "postgresql"\nhost = "127.0.0.1"\n'
            f'port = {running.port}\ndbname = "crm"\nuser = "reader"\n'
            f'password = "{PASSWORD}"\n'
        )
        app = start_app_server(REPO_ROOT / "app.py", ("--secrets.files", str(secrets)))
        from harness import wait_until_healthy

        wait_until_healthy(app)
        yield app.url
    finally:
        if app is not None:
            app.stop()
        running.stop()


def test_secrets_to_a_full_dashboard_in_the_browser(database_app, browser_page):
    page = browser_page
    page.goto(database_app)
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("A database connection", exact=True).click()
    wait_for_app(page)
    sidebar.get_by_test_id("stSelectbox").filter(
        has_text="Table, view or saved query"
    ).click()
    page.get_by_role("option", name="customers", exact=True).click()
    wait_for_app(page)
    expect(metric_value(page, "Registered, never bought")).to_have_text(
        "14,484", timeout=60_000
    )
    expect(metric_value(page, "All registered users")).to_have_text("24,500")
    expect(page.get_by_text("counted by the database")).to_be_visible()
    expect(page.get_by_text("made-up sample shop")).to_have_count(0)
    screenshot(page, "overview-database")
    for name in ("Where they come from", "People", "Your data"):
        page.get_by_test_id("stSidebarNav").get_by_text(name, exact=True).click()
        wait_for_app(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_test_id("stMetric").first).to_be_visible()
    assert PASSWORD not in page.content()
    assert PASSWORD not in page.url
