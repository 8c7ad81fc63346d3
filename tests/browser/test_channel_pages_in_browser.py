"""The question pages in a real browser: each opens on the sample, and a touches
file uploaded through the third uploader gives the hand-worked share."""

from harness import REPO_ROOT, metric_value, open_page, screenshot, wait_for_app
from playwright.sync_api import expect

FIXTURES = REPO_ROOT / "tests" / "fixtures"
QUESTION_PAGES = {
    "Channels and offers": "Bought soon after a message",
    "What they say": "no free-text column",
    "Why it changed": "Is the data up to date?",
    "The seven questions": "How long do people take to become customers",
}


def test_every_question_page_opens_on_the_sample(app_server, browser_page):
    page = browser_page
    page.goto(app_server)
    wait_for_app(page)
    for name, words in QUESTION_PAGES.items():
        open_page(page, name)
        expect(page.get_by_text(words).first).to_be_visible()
        screenshot(page, f"{name.lower().replace(' ', '-')}-sample")
    open_page(page, "Channels and offers")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()


def test_a_touches_upload_gives_the_hand_worked_share(app_server, browser_page):
    page = browser_page
    page.goto(app_server)
    wait_for_app(page)
    uploaders = page.get_by_test_id("stFileUploaderDropzoneInput")
    uploaders.nth(0).set_input_files(str(FIXTURES / "touches_customers.csv"))
    expect(page.get_by_text('Showing your file "touches_customers.csv"')).to_be_visible(
        timeout=60_000
    )
    uploaders.nth(2).set_input_files(str(FIXTURES / "touches.csv"))
    wait_for_app(page)
    open_page(page, "Channels and offers")
    # Window 1-6 Mar 2025 (14 days before the last date, 20 Mar): U1 bought 4 days
    # after its first message, U3 and U4 did not; U2 had already bought.
    expect(metric_value(page, "Bought soon after a message")).to_have_text("33.33 %")
    expect(page.get_by_text("of 3 people").first).to_be_visible()
    screenshot(page, "channels-upload")
    open_page(page, "Your data")
    # 11 rows: 7 used, 4 set aside (nobody named, no date, bad date, no person).
    facts = page.get_by_role("listitem")
    expect(facts.filter(has_text="Rows used: 7")).to_be_visible()
    expect(facts.filter(has_text="Rows set aside: 4")).to_be_visible()
