"""The seven questions: answers counted here with pandas from the files, and the
column or file named when the data cannot answer."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from nonactivated import answers, dataset, texts
from nonactivated.queries import Filters

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
SAMPLE = REPO / "sample_data" / "users.csv"


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"the shared test data is missing: looked for {path}")
    return path


def start_page(loaded=None) -> AppTest:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    if loaded is not None:
        app.session_state["dataset"] = loaded
    app.switch_page("views/questions.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def shown(app: AppTest) -> str:
    return " ".join(m.value for m in app.markdown).replace("\\", "")


def test_every_question_links_to_a_page_that_exists():
    assert set(answers.QUESTION_PAGES) == set(texts.QUESTIONS) == set(range(1, 8))
    for number, page in answers.QUESTION_PAGES.items():
        assert (REPO / page).exists(), number


def test_the_sample_answers_are_the_counted_ones():
    users = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    registered = pd.to_datetime(users["registered_at"])
    ordered = pd.to_datetime(users["first_order_at"].replace("", None))
    end = pd.Timestamp("2026-12-01")
    observed = registered < end - pd.Timedelta(days=30)
    wait = ordered - registered
    within_7 = (observed & (wait < pd.Timedelta(days=7))).sum()
    within_30 = (observed & (wait < pd.Timedelta(days=30))).sum()
    never = users[~(ordered < end)]
    us_never = int((never["country"] == "United States").sum())
    verified = users["email_verified"] == "yes"
    never_verified = 100 * (~(ordered < end))[verified].mean()
    never_unverified = 100 * (~(ordered < end))[~verified].mean()

    text = shown(start_page())
    assert (
        f"Of {observed.sum():,} people who registered at least 30 days before the "
        f"chosen day, {100 * within_7 / observed.sum():.2f} % became customers "
        f"within 7 days and {100 * within_30 / observed.sum():.2f} % within 30 days"
    ) in text
    assert f'"United States" holds the most who never bought: {us_never:,}' in (text)
    assert (
        f"{never_unverified:.2f} % of people without a verified e-mail never bought, "
        f"against {never_verified:.2f} % of those with one"
    ) in text
    assert "Cannot answer yet: Add a free-text column" in text
    assert text.count("This is an association") == 2


def test_a_lead_report_names_what_it_lacks_and_answers_the_rest():
    lead = shared_file("real", "salesforce-lead-report-sovid7", "Lead.csv")
    leads = pd.read_csv(lead, encoding="cp1252", dtype=str, keep_default_na=False)
    leads = leads[leads["Created Date"].str.match(r"\d\d-\d\d-\d{4} ")]
    never = leads[leads["Converted"] != "TRUE"]
    top_country, top_count = never["Country"].value_counts().items().__next__()
    text = shown(start_page(dataset.load(lead.read_bytes(), lead.name)))
    assert "Cannot answer yet: Add the date each person became a customer" in text
    assert f'"{top_country}" holds the most who never bought: {top_count:,}' in (text)
    assert "Cannot answer yet: Upload a touches file" in text
    assert "Cannot answer yet: Add a column saying whether each person verified" in (
        text
    )


def test_people_without_a_country_are_left_out_of_the_region_answer():
    customers = shared_file(
        "real", "shopify-customers-abbyhswan", "customers_export_1.csv"
    )
    frame = pd.read_csv(customers, dtype=str, keep_default_na=False)
    never = frame[frame["Total Orders"].astype(int) == 0]
    with_country = never[never["Country"].str.strip() != ""]
    top_country, top_count = with_country["Country"].value_counts().items().__next__()
    loaded = dataset.load(customers.read_bytes(), customers.name)
    answer = answers.regions(loaded, Filters(), loaded.model.last_date)
    assert answer.answer.startswith(
        f'Among people with a country, "{top_country}" holds the most who never '
        f"bought: {top_count:,}"
    )
    # How many have no country is said, and the share is compared only among
    # countries of at least 30 people, a rule the sentence states.
    without = len(never) - len(with_country)
    assert f"{without:,} people who never bought have no country set." in answer.answer
    sizes = frame[frame["Country"].str.strip() != ""]["Country"].value_counts()
    big = sizes[sizes >= answers.MIN_GROUP].index
    never_share = {
        country: 100 * (never["Country"] == country).sum() / sizes[country]
        for country in big
    }
    worst = max(sorted(never_share), key=never_share.get)
    assert (
        f"Among the {len(big)} countries with at least 30 registered people, the "
        f'highest share who never bought is in "{worst}": '
        f"{texts.share(never_share[worst])} of its {sizes[worst]:,}"
    ) in answer.answer
    assert answers.time_to_activate(loaded, Filters(), dt.date(2025, 1, 1)).missing == (
        texts.MISSING_REGISTRATION
    )


def test_a_file_with_only_people_and_dates_asks_for_everything_else():
    text = (
        "email,registered_at,first_order_at\n"
        "a@example.com,2025-01-01,\n"
        "b@example.com,2025-01-01,2025-01-03\n"
    )
    loaded = dataset.load(text.encode(), "tiny.csv")
    found = answers.answer_all(loaded, Filters(), dt.date(2025, 1, 31), 30)
    assert [a.number for a in found] == list(range(1, 8))
    assert [a.missing for a in found] == [
        None,
        texts.MISSING_TOUCHES,
        texts.MISSING_COUNTRY,
        texts.MISSING_VERIFIED,
        texts.MISSING_OFFERS,
        texts.MISSING_FEEDBACK,
        texts.MISSING_A_YEAR,
    ]
    # Both registered more than 30 days before the end of 31 Jan; b bought in 2.
    assert found[0].answer.startswith(
        "Of 2 people who registered at least 30 days before the chosen day, "
        "50.00 % became customers within 7 days and 50.00 % within 30 days"
    )


NEW_PAGES = (
    "views/channels.py",
    "views/feedback.py",
    "views/checks.py",
    "views/questions.py",
)
ODD_FILES = (
    ("cases", "ING-10_header_only.csv"),
    ("real", "magento-customers-fixture", "customers_to_import.csv"),
    ("real", "shopify-customers-excel-mangled", "customers_export_1.csv"),
)


@pytest.mark.parametrize("parts", ODD_FILES, ids=lambda parts: parts[-2])
def test_every_new_page_survives_files_that_lack_what_it_needs(parts):
    path = shared_file(*parts)
    for page in NEW_PAGES:
        app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
        app.session_state["dataset"] = dataset.load(path.read_bytes(), path.name)
        app.switch_page(page)
        app.run()
        assert not app.exception, (page, [e.value for e in app.exception])
        assert app.title[0].value, page


def test_every_new_page_runs_on_customers_with_an_orders_file():
    folder = ("real", "dbt-jaffle-shop")
    customers = shared_file(*folder, "raw_customers.csv")
    orders = shared_file(*folder, "raw_orders.csv")
    loaded = dataset.load(
        customers.read_bytes(), customers.name, orders.read_bytes(), orders.name
    )
    text = ""
    for page in NEW_PAGES:
        app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
        app.session_state["dataset"] = loaded
        app.switch_page(page)
        app.run()
        assert not app.exception, (page, [e.value for e in app.exception])
        text += shown(app)
    # No registration dates in the customers file: said, not guessed.
    assert "Cannot answer yet: Add a column with the date each person registered" in (
        text
    )


def test_one_country_big_enough_is_not_called_the_highest():
    # France: 30 people, 3 never bought (10 %); Italy: 4 people, all never bought;
    # 12 people without a country never bought. Only France has 30 people, so no
    # country is "highest"; the 12 without a country are said.
    lines = ["Email,Country,Total Orders"]
    lines += [f"f{n}@example.com,France,{0 if n < 3 else 1}" for n in range(30)]
    lines += [f"i{n}@example.com,Italy,0" for n in range(4)]
    lines += [f"n{n}@example.com,,0" for n in range(12)]
    loaded = dataset.load("\n".join(lines).encode(), "customers.csv")
    answer = answers.regions(loaded, Filters(), dt.date(2025, 1, 1)).answer
    assert answer.startswith(
        'Among people with a country, "Italy" holds the most who never bought: 4 '
        "(21.05 % of everyone who never bought). 12 people who never bought have "
        "no country set."
    )
    assert 'Only "France" has at least 30 registered people (10.00 % of its 30 ' in (
        answer
    )
    assert "highest" not in answer


def test_people_reached_without_an_offer_are_not_the_best_offer():
    # "(none)" has the highest share (20 %) but is no offer; SMALL (10 %) is.
    frame = pd.DataFrame(
        [
            ("offer", "(none)", 900, 180, 20.0),
            ("offer", "SMALL", 40, 4, 10.0),
            ("offer", "BIG", 400, 8, 2.0),
        ],
        columns=[
            "group_kind",
            "group_value",
            "users",
            "activated_within",
            "activated_pct",
        ],
    )
    assert answers._best_group(frame, "offer")["group_value"] == "SMALL"
