"""The app in a real browser: first start on the sample, an upload, a filter, pages.

Screenshots land in tests/artifacts/; with UPDATE_SCREENSHOTS=1 the Overview's
also refreshes docs/screenshots/overview.png, which the README shows.
"""

import os
import shutil

import pytest
from harness import (
    REPO_ROOT,
    metric_value,
    open_page,
    screenshot,
    shared_file,
    wait_for_app,
)
from playwright.sync_api import expect

SHARED = REPO_ROOT.parent / "shared" / "data"
LEAD_REPORT = SHARED / "real" / "salesforce-lead-report-sovid7" / "Lead.csv"
PAGES = ["Overview", "Where they come from", "People", "Your data"]


def test_the_sample_opens_with_every_page_full(app_server, browser_page):
    page = browser_page
    page.goto(app_server)
    wait_for_app(page)
    expect(page.get_by_text("made-up sample shop")).to_be_visible()
    expect(metric_value(page, "Registered, never bought")).to_have_text("14,484")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    path = screenshot(page, "overview-sample")
    if os.environ.get("UPDATE_SCREENSHOTS"):
        # The README shows this picture; refresh it with UPDATE_SCREENSHOTS=1.
        shutil.copy(path, REPO_ROOT / "docs" / "screenshots" / "overview.png")
    for name in PAGES[1:]:
        open_page(page, name)
        screenshot(page, f"{name.lower().replace(' ', '-')}-sample")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_lead_report_upload_shows_its_figures_and_follows_a_filter(
    app_server, browser_page
):
    page = browser_page
    page.goto(app_server)
    wait_for_app(page)
    uploader = page.get_by_test_id("stFileUploaderDropzoneInput").first
    uploader.set_input_files(str(shared_file(LEAD_REPORT)))
    expect(metric_value(page, "Registered, never bought")).to_have_text(
        "8,967", timeout=60_000
    )
    expect(metric_value(page, "Share never bought")).to_have_text("89.67 %")
    expect(page.get_by_text('Showing your file "Lead.csv"')).to_be_visible()
    screenshot(page, "overview-lead-report")

    # Keep only leads from the website: 1,689 of them never converted.
    source_filter = (
        page.get_by_test_id("stSidebar")
        .get_by_test_id("stMultiSelect")
        .filter(has_text="Lead Source")
    )
    source_filter.click()
    page.get_by_role("option", name="Website", exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    expect(metric_value(page, "Registered, never bought")).to_have_text("1,689")
    assert "f_source=Website" in page.url

    for name in PAGES:
        open_page(page, name)
        screenshot(page, f"{name.lower().replace(' ', '-')}-lead-report")
    # The filter survives the page changes.
    open_page(page, "Overview")
    expect(metric_value(page, "Registered, never bought")).to_have_text("1,689")


@pytest.mark.parametrize("address", ["slices", "time_to_activate", "data"])
def test_a_page_opened_by_its_address_keeps_the_apps_sidebar(
    app_server, browser_page, address
):
    # A shared link lands straight on a page: it must come with the sections,
    # the page titles and the upload, not a bare list of script names.
    page = browser_page
    page.goto(f"{app_server}/{address}")
    wait_for_app(page)
    navigation = page.get_by_test_id("stSidebarNav")
    expect(navigation.get_by_text("Figures", exact=True)).to_be_visible()
    expect(navigation.get_by_text("Overview", exact=True)).to_be_visible()
    expect(navigation.get_by_text("slices", exact=True)).to_have_count(0)
    expect(page.get_by_test_id("stFileUploaderDropzoneInput").first).to_be_attached()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_an_orders_file_without_a_customers_file_is_said_not_ignored(
    app_server, browser_page
):
    page = browser_page
    page.goto(app_server)
    wait_for_app(page)
    orders = shared_file(
        SHARED / "real" / "shopify-customers-orders-oks234" / "orders_export_1.csv"
    )
    # The second uploader of the sidebar takes the orders export.
    page.get_by_test_id("stFileUploaderDropzoneInput").nth(1).set_input_files(
        str(orders)
    )
    expect(page.get_by_text("add the customers export above")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_text("You are looking at a made-up sample shop")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
