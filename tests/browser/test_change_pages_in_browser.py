"""The question pages in a real browser: each opens on the sample without an error,
shows its number and chart, and an event marked on What changed lands in the URL."""

import re

from harness import open_page, screenshot, wait_for_app
from playwright.sync_api import expect

QUESTION_PAGES = {
    "Sign-up groups": "Bought within 4 weeks, latest group that can tell",
    "What changed": "Registered, never bought on 30 Nov 2026",
    "Compare definitions": "Not counted as customers under A",
}


def test_each_question_page_opens_on_the_sample_with_its_number_and_chart(
    app_server, browser_page
):
    page = browser_page
    page.goto(app_server)
    wait_for_app(page)
    for name, label in QUESTION_PAGES.items():
        open_page(page, name)
        metric = page.get_by_test_id("stMetric").filter(has_text=label).first
        expect(metric.get_by_test_id("stMetricValue")).to_be_visible()
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        screenshot(page, f"{name.lower().replace(' ', '-')}-sample")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_an_event_marked_on_what_changed_is_kept_in_the_address(
    app_server, browser_page
):
    page = browser_page
    page.goto(app_server)
    wait_for_app(page)
    open_page(page, "What changed")
    page.get_by_label("What happened (a few words)").fill("Spring sale")
    page.get_by_role("button", name="Mark this event").click()
    wait_for_app(page)
    expect(page.get_by_text("30 Nov 2026: Spring sale")).to_be_visible()
    expect(page).to_have_url(re.compile(r"event=2026-11-30(\+|%20)Spring(\+|%20)sale"))
