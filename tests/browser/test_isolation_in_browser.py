"""Sessions in separate browser contexts never see each other's data, and a file
built to break queries breaks nothing."""

from pathlib import Path

import pytest
from harness import REPO_ROOT, wait_for_app
from playwright.sync_api import expect

CASES = REPO_ROOT.parent / "shared" / "data" / "cases"


def write_customers(folder: Path, prefix: str, users: int, buyers: int) -> Path:
    """A customers file of ``users`` people, the first ``buyers`` of whom ordered."""
    lines = ["email,registered_at,first_order_at,country"]
    for i in range(users):
        ordered = "2024-02-01" if i < buyers else ""
        country = "Alpha" if i % 2 == 0 else "Beta"
        lines.append(
            f"{prefix}{i}@example.com,2024-01-0{1 + i % 9},{ordered},{country}"
        )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "customers.csv"  # the same name in every session
    path.write_text("\n".join(lines) + "\n")
    return path


def never_bought(page):
    metric = page.get_by_test_id("stMetric").filter(has_text="Registered, never bought")
    return metric.first.get_by_test_id("stMetricValue")


def upload(page, path: Path) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(path))


def open_people(page) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text("People", exact=True).click()
    wait_for_app(page)


def test_two_sessions_uploading_files_of_the_same_name_see_only_their_own(
    app_server, new_context, tmp_path
):
    first = new_context().new_page()
    second = new_context().new_page()
    for page in (first, second):
        page.goto(app_server)
        wait_for_app(page)
    upload(first, write_customers(tmp_path / "a", "anna", users=3, buyers=2))
    upload(second, write_customers(tmp_path / "b", "bert", users=5, buyers=1))
    expect(never_bought(first)).to_have_text("1")
    expect(never_bought(second)).to_have_text("4")

    for page, mine, theirs in ((first, "anna", "bert"), (second, "bert", "anna")):
        open_people(page)
        # The table is drawn on a canvas; its download holds the same rows.
        with page.expect_download() as download:
            page.get_by_test_id("stDownloadButton").filter(
                has_text="Download as CSV"
            ).click()
        listed = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert mine in listed
        assert theirs not in listed
        expect(page.get_by_test_id("stException")).to_have_count(0)
    # The first session is unchanged after the second one's upload.
    first.get_by_test_id("stSidebarNav").get_by_text("Overview", exact=True).click()
    expect(never_bought(first)).to_have_text("1")


def test_eight_sessions_at_once_each_upload_and_filter_without_an_error(
    app_server, new_context, tmp_path
):
    pages = [new_context().new_page() for _ in range(8)]
    for page in pages:
        page.goto(app_server)
    for page in pages:
        wait_for_app(page)
    # Session n has n + 2 people, of whom one ordered.
    for n, page in enumerate(pages):
        upload(
            page, write_customers(tmp_path / str(n), f"s{n}u", users=n + 2, buyers=1)
        )
    for n, page in enumerate(pages):
        expect(never_bought(page)).to_have_text(str(n + 1), timeout=60_000)
    # Each keeps only country "Alpha": people 0, 2, 4, ..., of whom person 0 ordered.
    for page in pages:
        country = (
            page.get_by_test_id("stSidebar")
            .get_by_test_id("stMultiSelect")
            .filter(has_text="country")
        )
        country.click()
        page.get_by_role("option", name="Alpha", exact=True).click()
        page.keyboard.press("Escape")
    for n, page in enumerate(pages):
        alpha_people = (n + 2 + 1) // 2
        expect(never_bought(page)).to_have_text(str(alpha_people - 1), timeout=60_000)
        expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_header_written_as_sql_works_as_a_slice_and_a_filter(
    app_server, browser_page
):
    hostile = CASES / "DDB-02_hostile_headers.csv"
    if not hostile.exists():
        pytest.fail(f"the shared test data is missing: looked for {hostile}")
    page = browser_page
    page.goto(app_server)
    wait_for_app(page)
    upload(page, hostile)
    # Two people, one "activated" by status: the guess counts 1 never bought.
    expect(never_bought(page)).to_have_text("1", timeout=60_000)
    column_name = 'plan" FROM t; --'
    plan_filter = (
        page.get_by_test_id("stSidebar")
        .get_by_test_id("stMultiSelect")
        .filter(has_text='plan" FROM t;')
    )
    expect(plan_filter).to_be_visible()
    # Shown as written: the two hyphens are not turned into a dash.
    label = plan_filter.inner_text().replace("\u200b", "")
    assert label.startswith(column_name)
    plan_filter.click()
    page.get_by_role("option", name="Basic", exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    # Basic is ana, who is "registered": one person, never bought.
    expect(never_bought(page)).to_have_text("1")
    page.get_by_test_id("stSidebarNav").get_by_text(
        "Where they come from", exact=True
    ).click()
    wait_for_app(page)
    heading = page.get_by_test_id("stMain").get_by_text('plan" FROM t;').first
    expect(heading).to_be_visible()
    assert heading.inner_text().replace("\u200b", "") == column_name
    expect(page.get_by_test_id("stException")).to_have_count(0)
