"""The question pages in a real browser: Time to first purchase and What it is
worth, on the sample and on Olist's leads with their closed deals.

Screenshots land in tests/artifacts/; with UPDATE_SCREENSHOTS=1 they also refresh
the pictures in docs/screenshots/ that the README shows.
"""

import os
import shutil

from harness import (
    REPO_ROOT,
    metric_value,
    open_page,
    screenshot,
    shared_file,
    wait_for_app,
)
from playwright.sync_api import expect

OLIST = REPO_ROOT.parent / "shared" / "data" / "real" / "olist-marketing-funnel"
QUESTION_PAGES = {
    "Time to first purchase": "time-to-first-purchase",
    "What it is worth": "what-it-is-worth",
}


def test_the_question_pages_show_the_sample(app_server, browser_page):
    page = browser_page
    page.goto(app_server)
    wait_for_app(page)
    for name, slug in QUESTION_PAGES.items():
        open_page(page, name)
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        path = screenshot(page, f"{slug}-sample")
        if os.environ.get("UPDATE_SCREENSHOTS"):
            shutil.copy(path, REPO_ROOT / "docs" / "screenshots" / f"{slug}.png")
    # Still on What it is worth: a longer horizon expects more new customers.
    before = metric_value(page, "Expected new customers").inner_text()
    page.get_by_test_id("stButtonGroup").get_by_text("365 days").click()
    wait_for_app(page)
    expect(metric_value(page, "Expected new customers")).not_to_have_text(before)
    assert "horizon" not in page.url  # a page's choice, not part of the shared view
    open_page(page, "Time to first purchase")
    expect(metric_value(page, "Still waiting")).to_have_text("14,484")


def test_the_question_pages_show_olist_leads_with_their_deals(app_server, browser_page):
    page = browser_page
    page.goto(app_server)
    wait_for_app(page)
    # The deals first: the leads alone say nobody bought, so nothing to count.
    uploaders = page.get_by_test_id("stFileUploaderDropzoneInput")
    uploaders.nth(1).set_input_files(
        str(shared_file(OLIST / "olist_closed_deals_dataset.csv"))
    )
    wait_for_app(page)
    uploaders.nth(0).set_input_files(
        str(shared_file(OLIST / "olist_marketing_qualified_leads_dataset.csv"))
    )
    expect(metric_value(page, "Registered, never bought")).to_have_text(
        "7,158", timeout=60_000
    )
    for name, slug in QUESTION_PAGES.items():
        open_page(page, name)
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        screenshot(page, f"{slug}-olist")
    open_page(page, "Time to first purchase")
    expect(metric_value(page, "Still waiting")).to_have_text("7,158")
    expect(page.get_by_text("Half have bought: not reached yet")).to_be_visible()
