"""Real exports give the reference figures of shared/data/real/README.md.

Every file is loaded as a user would drop it in: no help with the mapping, the
as-of day left at its default (the last date in the data). The figures were
worked out independently of this product and are copied from that README.
"""

import datetime as dt
import functools
from pathlib import Path

import pytest

from nonactivated import dataset, metrics
from nonactivated.dataset import Dataset
from nonactivated.queries import Filters

REAL = Path(__file__).parents[2] / "shared" / "data" / "real"
NO_FILTERS = Filters()

# folder: (customers file, orders file or None)
EXPORTS = {
    "salesforce-lead-report-sovid7": ("Lead.csv", None),
    "shopify-customers-orders-oks234": (
        "customers_export_1.csv",
        "orders_export_1.csv",
    ),
    "shopify-customers-abbyhswan": ("customers_export_1.csv", None),
    "olist-marketing-funnel": (
        "olist_marketing_qualified_leads_dataset.csv",
        "olist_closed_deals_dataset.csv",
    ),
    "dbt-jaffle-shop": ("raw_customers.csv", "raw_orders.csv"),
    "magento-customers-fixture": ("customers_to_import.csv", None),
    "shopify-customers-excel-mangled": ("customers_export_1.csv", None),
}
# Files in the folders that are neither a customers file nor its orders file.
NOT_LOADED = {"dbt-jaffle-shop/raw_payments.csv"}


def real_folder() -> Path:
    if not REAL.is_dir():
        pytest.fail(
            f"The shared real exports are missing: looked for the folder {REAL}. "
            "It sits next to the checkout, in shared/data/real.",
            pytrace=False,
        )
    return REAL


@functools.cache
def load(folder: str, with_orders: bool = True) -> Dataset:
    """The folder's files as a user uploads them; read once per test session."""
    customers, orders = EXPORTS[folder]
    base = real_folder() / folder
    if orders is None or not with_orders:
        return dataset.load((base / customers).read_bytes(), customers)
    return dataset.load(
        (base / customers).read_bytes(), customers, (base / orders).read_bytes(), orders
    )


def headline(ds: Dataset, filters: Filters = NO_FILTERS) -> metrics.Headline:
    return metrics.headline(ds, filters, ds.model.last_date)


def non_activated_by(ds: Dataset, label: str) -> dict[str, int]:
    frame = metrics.slices(ds, NO_FILTERS, ds.model.last_date)
    frame = frame[frame["slice_label"] == label]
    return {row.slice_value: int(row.non_activated_users) for row in frame.itertuples()}


def rule_column(ds: Dataset) -> str:
    return ds.raw.columns[ds.mapping.activation.column]


def test_every_file_in_the_shared_real_folder_has_a_test_here():
    present = {
        f"{path.parent.name}/{path.name}"
        for path in real_folder().glob("*/*")
        if path.is_file()
    }
    covered = {
        f"{folder}/{name}"
        for folder, files in EXPORTS.items()
        for name in files
        if name is not None
    }

    assert present == covered | NOT_LOADED


@pytest.mark.parametrize(
    ("folder", "all_users", "non_activated", "pct"),
    [
        ("salesforce-lead-report-sovid7", 10_000, 8_967, 89.67),
        ("shopify-customers-orders-oks234", 1_511, 1_198, 79.29),
        ("shopify-customers-abbyhswan", 11_893, 8_917, 74.98),
        ("olist-marketing-funnel", 8_000, 7_158, 89.475),
        ("dbt-jaffle-shop", 100, 38, 38.00),
        ("magento-customers-fixture", 6, 0, 0.00),
    ],
)
def test_a_real_export_gives_the_reference_figures(
    folder, all_users, non_activated, pct
):
    h = headline(load(folder))

    assert (h.all_users, h.non_activated_users) == (all_users, non_activated)
    # To 2 decimals: within half a hundredth of the reference share.
    assert h.non_activated_pct == pytest.approx(pct, abs=0.005)


def test_the_shopify_customers_file_alone_gives_the_same_figures():
    h = headline(load("shopify-customers-orders-oks234", with_orders=False))

    assert (h.all_users, h.non_activated_users) == (1_511, 1_198)
    assert round(float(h.non_activated_pct), 2) == 79.29


def test_olist_share_is_exactly_89_475_percent():
    assert headline(load("olist-marketing-funnel")).non_activated_pct == 89.475


def test_the_excel_mangled_shopify_export_keeps_all_8_customers():
    ds = load("shopify-customers-excel-mangled")

    assert headline(ds).all_users == 8
    assert rule_column(ds) == "Total Orders"


@pytest.mark.parametrize(
    ("folder", "column"),
    [
        ("salesforce-lead-report-sovid7", "Converted"),
        ("shopify-customers-orders-oks234", "Total Orders"),
        ("shopify-customers-abbyhswan", "Total Orders"),
        ("magento-customers-fixture", "confirmation"),
    ],
)
def test_the_activation_rule_is_guessed_from_the_column_the_readme_names(
    folder, column
):
    assert rule_column(load(folder)) == column


@pytest.mark.parametrize("folder", ["olist-marketing-funnel", "dbt-jaffle-shop"])
def test_a_customer_with_a_row_in_the_second_file_counts_as_activated(folder):
    ds = load(folder)

    assert ds.mapping.activation.kind == "orders_file"
    assert ds.warnings == []


def test_the_shopify_orders_file_is_linked_to_customers_by_email():
    ds = load("shopify-customers-orders-oks234")

    assert ds.warnings == []
    assert ds.mapping.orders is not None and ds.mapping.orders.by_email


def test_salesforce_non_activated_leads_by_lead_source():
    by_source = non_activated_by(load("salesforce-lead-report-sovid7"), "Lead Source")

    assert {
        name: by_source.get(name)
        for name in (
            "Inside Sales",
            "Website",
            "Trade Show",
            "Webinar",
            "Advertisement",
            "Advertisment",
            "(not set)",
        )
    } == {
        "Inside Sales": 2_751,
        "Website": 1_689,
        "Trade Show": 1_516,
        "Webinar": 1_010,
        "Advertisement": 604,
        "Advertisment": 11,
        "(not set)": 12,
    }
    assert sum(by_source.values()) == 8_967


def test_salesforce_leads_registered_from_3_july_2013_to_17_december_2021():
    ds = load("salesforce-lead-report-sovid7")
    inside = Filters(
        registered_from=dt.date(2013, 7, 3), registered_to=dt.date(2021, 12, 17)
    )
    before = Filters(registered_to=dt.date(2013, 7, 2))

    assert ds.model.first_registered.date() == dt.date(2013, 7, 3)
    assert ds.model.last_date == dt.date(2021, 12, 17)
    assert headline(ds, inside).all_users == 10_000
    assert headline(ds, before).all_users == 0


def test_salesforce_junk_rows_at_the_end_are_set_aside_not_counted():
    ds = load("salesforce-lead-report-sovid7")

    # An empty row, then a row of fill ratios: read, but not leads.
    assert ds.raw.rows_read == 10_002
    assert ds.model.rows_used == 10_000
    assert sum(ds.model.set_aside_counts.values()) == 2


def test_olist_non_activated_leads_by_origin():
    assert non_activated_by(load("olist-marketing-funnel"), "Origin") == {
        "organic_search": 2_025,
        "paid_search": 1_391,
        "social": 1_275,
        "unknown": 920,
        "email": 478,
        "direct_traffic": 443,
        "referral": 260,
        "other": 146,
        "display": 112,
        "other_publicities": 62,
        "(not set)": 46,
    }


def test_olist_deals_declared_monthly_revenue_is_not_taken_as_an_order_value():
    # The deals file's only money column is the seller's declared monthly
    # revenue (mostly 0, up to 50,000,000): not what a first order was worth.
    data = load("olist-marketing-funnel")
    assert data.mapping.orders is not None
    assert data.mapping.orders.value_column is None
    values = data.con.execute("select count(first_order_value) from users").fetchone()[
        0
    ]
    assert values == 0


def test_magento_rule_says_an_empty_confirmation_in_plain_words():
    # Magento leaves "confirmation" empty once the e-mail is confirmed.
    data = load("magento-customers-fixture")
    assert data.rule_text == '"confirmation" is empty'
