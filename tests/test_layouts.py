"""Known export layouts are recognised from their headers and mapped without help.

Each fixture is a few rows in the layout's own header, written here; the expected
counts are read off the rows by eye.
"""

import datetime as dt

import pytest

from nonactivated import dataset, metrics
from nonactivated.queries import Filters

STRIPE = b"""id,Description,Email,Name,Created (UTC),Delinquent,Total Spend,Payment Count,Card Address Country
cus_001,,ana@example.com,Ana,2024-03-01 10:00:00,false,120.00,2,DE
cus_002,,bo@example.com,Bo,2024-03-02 11:00:00,false,0.00,0,FR
cus_003,,cy@example.com,Cy,2024-03-03 12:00:00,false,0.00,0,DE
"""

HUBSPOT = b"""Record ID,First Name,Last Name,Email,Create Date,Lifecycle Stage,Became a Customer Date,Original Source,Country/Region
101,Ana,A,ana@example.com,2024-01-05 09:00,customer,2024-01-20 10:00,Organic Search,Germany
102,Bo,B,bo@example.com,2024-01-06 09:00,lead,,Paid Social,France
103,Cy,C,cy@example.com,2024-02-07 09:00,subscriber,,Organic Search,Germany
104,Di,D,di@example.com,2024-02-08 09:00,customer,2024-03-01 10:00,Direct Traffic,Spain
"""

MAILCHIMP = b"""Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS
ana@example.com,Ana,A,2,2024-01-01 10:00:00,,2024-01-01 10:05:00,,,,,,,DE,,2024-01-01 10:05:00,1,a1,,
bo@example.com,Bo,B,2,2024-01-02 10:00:00,,,,,,,,,FR,,2024-01-02 10:00:00,2,b2,,
cy@example.com,Cy,C,2,2024-01-03 10:00:00,,,,,,,,,DE,,2024-01-03 10:00:00,3,c3,,
"""

WOOCOMMERCE = b"""Name,Username,Last active,Date registered,Email,Orders,Total spend,AOV,Country / Region,City,Region,Postal code
Ana A,ana,2024-05-01,2024-01-10 08:00:00,ana@example.com,3,90.00,30.00,DE,Berlin,BE,10115
Bo B,bo,2024-05-02,2024-02-10 08:00:00,bo@example.com,0,0.00,0.00,FR,Paris,IDF,75001
Cy C,cy,2024-05-03,2024-03-10 08:00:00,cy@example.com,0,0.00,0.00,DE,Munich,BY,80331
Di D,di,2024-05-04,2024-04-10 08:00:00,di@example.com,1,20.00,20.00,ES,Madrid,MD,28001
Ed E,ed,2024-05-05,2024-04-11 08:00:00,ed@example.com,0,0.00,0.00,ES,Madrid,MD,28001
"""

SALESFORCE_OBJECT = b"""Id,IsDeleted,LastName,FirstName,Company,Country,Email,LeadSource,Status,Industry,IsConverted,ConvertedDate,CreatedDate
00Q1,false,A,Ana,Acme,Germany,ana@example.com,Web,Closed - Converted,Retail,true,2021-03-10,2021-03-04T10:00:00.000+0000
00Q2,false,B,Bo,Beta,France,bo@example.com,Phone Inquiry,Open - Not Contacted,Retail,false,,2021-03-05T10:00:00.000+0000
00Q3,false,C,Cy,Gamma,Germany,cy@example.com,Web,Working - Contacted,Energy,false,,2021-03-06T10:00:00.000+0000
"""

SHOPIFY_OLDER = b"""First Name,Last Name,Email,Accepts Marketing,Company,Address1,Address2,City,Province,Province Code,Country,Country Code,Zip,Phone,Total Spent,Total Orders,Tags,Note,Tax Exempt
Ana,A,ana@example.com,yes,,,,Berlin,,,Germany,DE,10115,,10.00,1,,,no
Bo,B,bo@example.com,no,,,,Paris,,,France,FR,75001,,0.00,0,,,no
"""


def load(data: bytes):
    return dataset.load(data, "export.csv")


def figures(ds):
    h = metrics.headline(ds, Filters(), ds.model.last_date)
    return h.all_users, h.non_activated_users


@pytest.mark.parametrize(
    ("data", "layout", "expected"),
    [
        (STRIPE, "Stripe customers", (3, 2)),
        (HUBSPOT, "HubSpot contacts", (4, 2)),
        (MAILCHIMP, "Mailchimp audience", (3, 2)),
        (WOOCOMMERCE, "WooCommerce customers", (5, 3)),
        (SALESFORCE_OBJECT, "Salesforce leads (object export)", (3, 2)),
        (SHOPIFY_OLDER, "Shopify customers", (2, 1)),
    ],
)
def test_a_known_export_is_recognised_and_counted_without_questions(
    data, layout, expected
):
    ds = load(data)
    assert ds.mapping.layout == layout
    assert ds.mapping.questions == []
    assert figures(ds) == expected


def test_hubspot_contacts_date_activation_by_became_a_customer_date():
    ds = load(HUBSPOT)
    assert ds.model.has_activation_time
    # As of 31 Jan 2024 only Ana had become a customer; Di did on 1 Mar.
    h = metrics.headline(ds, Filters(), dt.date(2024, 2, 29))
    assert (h.all_users, h.non_activated_users) == (4, 3)


def test_salesforce_object_times_with_offsets_are_read():
    ds = load(SALESFORCE_OBJECT)
    first = ds.con.execute("select min(registered_at) from users").fetchone()[0]
    assert first.isoformat() == "2021-03-04T10:00:00"


def test_a_layout_missing_its_usual_rule_column_falls_back_to_another_sign():
    without_payments = b"""id,Email,Name,Created (UTC),Delinquent,Status
cus_1,ana@example.com,Ana,2024-03-01 10:00:00,false,active
cus_2,bo@example.com,Bo,2024-03-02 10:00:00,false,inactive
"""
    ds = load(without_payments)
    assert ds.mapping.layout == "Stripe customers"
    assert ds.mapping.activation is not None
    assert figures(ds) == (2, 1)
