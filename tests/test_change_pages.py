"""The question pages (Sign-up groups, What changed, Compare definitions) through
AppTest, on the sample and on real exports. Expected figures are counted here with
pandas straight from the files, apart from the app's own code."""

import datetime as dt

import pandas as pd
import pytest
from test_pages import SAMPLE, metric, shared_file, start_app

from nonactivated import texts

COHORTS = "views/cohorts.py"
CHANGED = "views/what_changed.py"
DEFINITIONS = "views/definitions.py"
QUESTION_PAGES = [COHORTS, CHANGED, DEFINITIONS]
WITHIN_4_WEEKS = "Bought within 4 weeks, latest group that can tell"


def sample_users() -> pd.DataFrame:
    users = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    users["registered"] = pd.to_datetime(users["registered_at"])
    users["bought"] = pd.to_datetime(users["first_order_at"].replace("", None))
    return users


def bought_within_4_weeks(registered, bought, as_of_end):
    """The share of the newest Monday-week group complete 4 weeks before the end."""
    week_start = (
        registered - pd.to_timedelta(registered.dt.weekday, unit="D")
    ).dt.floor("D")
    complete = week_start + pd.Timedelta(days=7 + 28) <= as_of_end
    group = week_start[complete].max()
    members = week_start == group
    within = (bought < registered + pd.Timedelta(days=28)) & (bought < as_of_end)
    return group, int(members.sum()), 100 * (members & within).sum() / members.sum()


def test_the_sample_grid_leads_with_the_latest_group_known_after_4_weeks():
    users = sample_users()
    group, size, share = bought_within_4_weeks(
        users["registered"], users["bought"], pd.Timestamp("2026-12-01")
    )

    app = start_app(COHORTS)

    assert metric(app, WITHIN_4_WEEKS) == texts.share(share, 1)
    assert f"{size:,}" in next(m.help for m in app.metric if m.label == WITHIN_4_WEEKS)
    # The caption names the week and what the arrow compares with: the week
    # before, with its own share.
    registered, bought = users["registered"], users["bought"]
    week_start = (
        registered - pd.to_timedelta(registered.dt.weekday, unit="D")
    ).dt.floor("D")
    before = group - pd.Timedelta(days=7)
    members = week_start == before
    within = (bought < registered + pd.Timedelta(days=28)) & (
        bought < pd.Timestamp("2026-12-01")
    )
    before_share = 100 * (members & within).sum() / members.sum()
    captions = " ".join(c.value for c in app.caption)
    assert (
        f"Signed up in **the week starting {texts.day(group)}**" in captions
        and f"{texts.share(share, 1)} of its {size:,} people" in captions
    )
    assert (
        f"the week before, the week starting {texts.day(before)} "
        f"({texts.share(before_share, 1)})"
    ) in captions
    assert app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")
    table = app.dataframe[0].value
    row = table[
        (table["Signed up in the period starting"] == texts.day(group))
        & (table["Within weeks"] == 4)
    ].iloc[0]
    assert (row["People in the group"], row["Known yet"]) == (size, "yes")


def test_a_slice_filter_narrows_the_grid_to_that_slice():
    users = sample_users()
    mobile = users[users["device_type"] == "mobile"]
    _, _, share = bought_within_4_weeks(
        mobile["registered"], mobile["bought"], pd.Timestamp("2026-12-01")
    )
    app = start_app(COHORTS, state={"filter_device": ["mobile"]})
    assert metric(app, WITHIN_4_WEEKS) == texts.share(share, 1)


def test_the_sample_change_matches_counts_at_both_days_and_its_parts_add_up():
    users = sample_users()

    def never_bought(end):
        registered = users["registered"] < end
        return int((registered & ~(users["bought"] < end)).sum())

    after, before = (
        never_bought(pd.Timestamp("2026-12-01")),
        never_bought(pd.Timestamp("2026-11-01")),
    )

    app = start_app(CHANGED)

    label = texts.changed_metric_label(dt.date(2026, 11, 30))
    assert metric(app, label) == f"{after:,}"
    shown = next(m for m in app.metric if m.label == label)
    assert shown.delta == f"{after - before:+,}"
    parts = [
        int(metric(app, texts.EFFECT_LABELS[name]).replace(",", ""))
        for name in ("more_registrations", "mix", "rate")
    ]
    assert sum(parts) == after - before
    assert len([m for m in app.markdown if m.value.startswith("- **")]) == 3


def test_comparing_with_a_year_earlier_uses_the_same_date_last_year():
    users = sample_users()
    end, year_ago = pd.Timestamp("2026-12-01"), pd.Timestamp("2025-12-01")

    def never_bought(moment):
        return int(((users["registered"] < moment) & ~(users["bought"] < moment)).sum())

    app = start_app(CHANGED, state={"compare_with": texts.COMPARE_YEAR})

    label = texts.changed_metric_label(dt.date(2026, 11, 30))
    shown = next(m for m in app.metric if m.label == label)
    assert shown.delta == f"{never_bought(end) - never_bought(year_ago):+,}"


def test_events_in_the_url_are_shown_kept_and_new_ones_added():
    app = start_app(CHANGED, url={"event": ["2026-03-01 Spring sale", "nonsense"]})
    assert "1 Mar 2026: Spring sale" in [m.value for m in app.markdown]
    # The unreadable one is dropped from the address.
    assert app.query_params["event"] == "2026-03-01 Spring sale"

    app.date_input(key="event_day").set_value(dt.date(2026, 7, 4))
    app.text_input(key="event_text").set_value("Rival's [sale](http://x)")
    next(b for b in app.button if b.label == texts.ADD_EVENT).click()
    app.run()

    assert not app.exception
    # The words are shown as typed, never as a link. (AppTest does not pass the
    # address bar's later changes back; the browser test checks the URL.)
    assert "4 Jul 2026: Rival's \\[sale\\]\\(http\\://x\\)" in [
        m.value for m in app.markdown
    ]
    assert app.session_state["events"] == [
        (dt.date(2026, 3, 1), "Spring sale"),
        (dt.date(2026, 7, 4), "Rival's [sale](http://x)"),
    ]

    app.button(key="remove_event_0").click()
    app.run()
    assert app.session_state["events"] == [
        (dt.date(2026, 7, 4), "Rival's [sale](http://x)")
    ]


def test_the_sample_compares_a_first_order_date_with_a_verified_e_mail():
    users = sample_users()
    end = pd.Timestamp("2026-12-01")
    ordered = users["bought"] < end
    verified = users["email_verified"] == "yes"

    app = start_app(DEFINITIONS)

    assert (
        metric(app, "Not counted as customers under A") == f"{int((~ordered).sum()):,}"
    )
    assert (
        metric(app, "Not counted as customers under B") == f"{int((~verified).sum()):,}"
    )
    sentences = [m.value for m in app.markdown if m.value.startswith("- ")]
    assert sentences == [
        f"- **A** counts **{int((ordered & ~verified).sum()):,}** people as "
        "customers whom **B** does not.",
        f"- **B** counts **{int((verified & ~ordered).sum()):,}** people as "
        "customers whom **A** does not.",
    ]


def test_the_lead_report_compares_converted_with_its_status_column():
    lead = shared_file("real", "salesforce-lead-report-sovid7", "Lead.csv")
    leads = pd.read_csv(lead, encoding="cp1252", dtype=str, keep_default_na=False)
    leads = leads[leads["Created Date"].str.match(r"\d\d-\d\d-\d{4} ")]
    converted = leads["Converted"] == "TRUE"
    status = leads["Status"] == "Converted"

    app = start_app(DEFINITIONS, files=(lead,))

    assert metric(app, "Not counted as customers under A") == "8,967"
    assert (
        metric(app, "Not counted as customers under B") == f"{int((~status).sum()):,}"
    )
    first = next(m.value for m in app.markdown if m.value.startswith("- "))
    assert f"**{int((converted & ~status).sum()):,}**" in first
    # No date of conversion: the other two pages say so instead of guessing.
    app = start_app(COHORTS, files=(lead,))
    assert any(i.value == texts.COHORTS_NEED_TIME for i in app.info)
    app = start_app(CHANGED, files=(lead,))
    assert any(i.value == texts.CHANGED_NEEDS_DATES for i in app.info)


def test_olist_leads_with_their_deals_fill_the_grid_and_the_change():
    folder = ("real", "olist-marketing-funnel")
    leads_path = shared_file(*folder, "olist_marketing_qualified_leads_dataset.csv")
    deals_path = shared_file(*folder, "olist_closed_deals_dataset.csv")
    leads = pd.read_csv(leads_path, dtype=str, keep_default_na=False)
    deals = pd.read_csv(deals_path, dtype=str, keep_default_na=False)
    registered = pd.to_datetime(leads["first_contact_date"], format="%d-%m-%Y")
    won = pd.to_datetime(deals["won_date"], format="%d-%m-%Y %H:%M")
    first_win = won.groupby(deals["mql_id"]).min()
    bought = leads["mql_id"].map(first_win)
    last = max(registered.max(), won.max()).normalize()
    end = last + pd.Timedelta(days=1)
    _, size, share = bought_within_4_weeks(registered, bought, end)

    app = start_app(COHORTS, files=(leads_path, deals_path))
    assert metric(app, WITHIN_4_WEEKS) == texts.share(share, 1)

    app = start_app(CHANGED, files=(leads_path, deals_path))
    label = texts.changed_metric_label(last.date())
    after = int(((registered < end) & ~(bought < end)).sum())
    assert metric(app, label) == f"{after:,}"


def test_a_shop_without_sign_up_dates_compares_order_count_with_its_orders_file():
    folder = ("real", "shopify-customers-orders-oks234")
    customers = shared_file(*folder, "customers_export_1.csv")
    orders = shared_file(*folder, "orders_export_1.csv")

    app = start_app(DEFINITIONS, files=(customers, orders))
    assert metric(app, "Not counted as customers under A") == "1,198"
    assert any(
        "orders file" in m.value for m in app.markdown if m.value.startswith("**A**")
    )
    app = start_app(COHORTS, files=(customers, orders))
    assert any(i.value == texts.COHORTS_NEED_REGISTRATION for i in app.info)


@pytest.mark.parametrize("page", QUESTION_PAGES)
def test_a_header_without_rows_gives_an_empty_state_on_the_question_pages(page):
    header_only = shared_file("cases", "ING-10_header_only.csv")
    app = start_app(page, files=(header_only,))
    assert app.warning


def test_a_header_without_rows_is_not_said_to_have_every_row_used():
    header_only = shared_file("cases", "ING-10_header_only.csv")
    app = start_app("views/data.py", files=(header_only,))
    assert texts.NO_ROWS_IN_FILE in [i.value for i in app.info]
    assert texts.NOTHING_SET_ASIDE not in [s.value for s in app.success]


NO_COLUMN_REASONS = {
    texts.COHORTS_NEED_REGISTRATION,
    texts.COHORTS_NEED_TIME,
    texts.CHANGED_NEEDS_DATES,
}
REAL_EXPORTS = {
    "salesforce": ("salesforce-lead-report-sovid7", "Lead.csv"),
    "shopify-orders": (
        "shopify-customers-orders-oks234",
        "customers_export_1.csv",
        "orders_export_1.csv",
    ),
    "shopify-city": ("shopify-customers-abbyhswan", "customers_export_1.csv"),
    "olist": (
        "olist-marketing-funnel",
        "olist_marketing_qualified_leads_dataset.csv",
        "olist_closed_deals_dataset.csv",
    ),
    "jaffle": ("dbt-jaffle-shop", "raw_customers.csv", "raw_orders.csv"),
    "magento": ("magento-customers-fixture", "customers_to_import.csv"),
    "excel-mangled": ("shopify-customers-excel-mangled", "customers_export_1.csv"),
}


@pytest.mark.parametrize("export", REAL_EXPORTS)
def test_every_real_export_gives_each_question_page_a_figure_or_a_reason(export):
    folder, *names = REAL_EXPORTS[export]
    files = tuple(shared_file("real", folder, name) for name in names)
    for page in QUESTION_PAGES:
        app = start_app(page, files=files)
        # Either the page's number, or words saying which column would answer it.
        reasons = [
            i.value
            for i in app.info
            if i.value in NO_COLUMN_REASONS
            or i.value.startswith("Your file allows one rule only")
        ]
        assert app.metric or reasons, (export, page)
        assert not (app.metric and reasons), (export, page)
