"""The bundled sample in PostgreSQL: every figure equals DuckDB's on the same rows.

DuckDB reads sample_data/users.csv the way an upload is read; PostgreSQL holds
the same rows in a typed table. Both go through the same query files, so any
difference is the translation's or the canonical model's.
"""

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
import sqlglot
from conftest import SAMPLE
from sqlglot import exp

from nonactivated import (
    checks,
    cohorts,
    database_model,
    dataset,
    definitions,
    metrics,
    queries,
)
from nonactivated.database import Source
from nonactivated.mapping import ActivationRule
from nonactivated.queries import Filters

# Early in the sample, and its last day.
AS_OFS = (dt.date(2024, 8, 31), dt.date(2026, 11, 30))


@pytest.fixture(scope="module")
def file_data():
    return dataset.load(SAMPLE.read_bytes(), SAMPLE.name)


@pytest.fixture
def db_data(settings):
    loaded = database_model.load(settings, Source("customers", "public", "customers"))
    yield loaded
    loaded.remote.close()


def plain(frame: pd.DataFrame) -> list[tuple]:
    """Rows as plain values; shares rounded to 9 decimals."""
    rows = []
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for value in row:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                cells.append(None)
            elif isinstance(value, pd.Timestamp):
                cells.append(value.to_pydatetime())
            elif isinstance(value, float):
                cells.append(round(value, 9))
            else:
                cells.append(value.item() if hasattr(value, "item") else value)
        rows.append(tuple(cells))
    return rows


def test_the_database_is_mapped_like_the_file(file_data, db_data):
    assert db_data.mapping.roles == file_data.mapping.roles
    assert db_data.mapping.activation == file_data.mapping.activation
    assert db_data.model.slice_labels == file_data.model.slice_labels
    assert db_data.model.rows_used == file_data.model.rows_used == 24_500
    assert db_data.model.last_date == file_data.model.last_date
    assert db_data.model.first_registered == file_data.model.first_registered


FILTER_CASES = [
    Filters(),
    Filters(slices=(("device", ("mobile",)),)),
    Filters(
        dt.date(2024, 7, 1),
        dt.date(2024, 7, 31),
        (("country", ("Germany", "France")), ("verified", ("verified",))),
    ),
]


@pytest.mark.parametrize("as_of", AS_OFS)
@pytest.mark.parametrize("filters", FILTER_CASES)
def test_headline_equals_duckdb(file_data, db_data, filters, as_of):
    for period in (7, 30):
        ours = metrics.headline(db_data, filters, as_of, period)
        theirs = metrics.headline(file_data, filters, as_of, period)
        assert ours == theirs
    assert metrics.headline(db_data, filters, as_of).all_users > 0


@pytest.mark.parametrize("as_of", AS_OFS)
@pytest.mark.parametrize("filters", FILTER_CASES)
def test_slices_trend_cohorts_and_waiting_time_equal_duckdb(
    file_data, db_data, filters, as_of
):
    for grain in metrics.GRAINS:
        assert plain(metrics.trend(db_data, filters, as_of, grain)) == plain(
            metrics.trend(file_data, filters, as_of, grain)
        )
        assert plain(
            metrics.registration_cohorts(db_data, filters, as_of, grain)
        ) == plain(metrics.registration_cohorts(file_data, filters, as_of, grain))
    assert plain(metrics.slices(db_data, filters, as_of)) == plain(
        metrics.slices(file_data, filters, as_of)
    )
    assert plain(metrics.waiting_time(db_data, filters, as_of)) == plain(
        metrics.waiting_time(file_data, filters, as_of)
    )


def test_filter_choices_equal_duckdb(file_data, db_data):
    assert metrics.slice_values(db_data) == metrics.slice_values(file_data)


@pytest.mark.parametrize("as_of", AS_OFS)
@pytest.mark.parametrize("marketing_only", [False, True])
def test_people_list_equals_duckdb_page_by_page(
    file_data, db_data, marketing_only, as_of
):
    filters = Filters(slices=(("source", ("web",)),))
    count = metrics.people_count(db_data, filters, as_of, marketing_only)
    assert count == metrics.people_count(file_data, filters, as_of, marketing_only)
    for page in (0, 3):
        ours = metrics.people(db_data, filters, as_of, marketing_only, 50, page)
        theirs = metrics.people(file_data, filters, as_of, marketing_only, 50, page)
        assert len(ours) == 50
        assert list(ours.columns) == list(theirs.columns)
        assert plain(ours) == plain(theirs)


def test_another_rule_chosen_on_your_data_gives_duckdbs_figures(db_data):
    # The e-mail verified column as the rule: a yes/no flag without a time. A
    # dataset of its own, since remapping rebuilds the users in its connection.
    file_data = dataset.load(SAMPLE.read_bytes(), SAMPLE.name)
    verified = db_data.mapping.roles["verified"]
    rule = ActivationRule("verified", verified)
    ours = db_data.remapped(replace(db_data.mapping, activation=rule))
    theirs = file_data.remapped(replace(file_data.mapping, activation=rule))
    last = theirs.model.last_date
    assert ours.model.has_activation_time is theirs.model.has_activation_time is False
    assert metrics.headline(ours, Filters(), last) == metrics.headline(
        theirs, Filters(), last
    )
    assert ours.rule_text == theirs.rule_text
    # 16,890 of the sample's 24,500 rows say yes in email_verified.
    assert metrics.headline(ours, Filters(), last).non_activated_users == 7_610


def reads_only_users(name: str) -> bool:
    """Query files over the users alone; others read a second file's tables."""
    tree = sqlglot.parse_one(queries.load_sql(name), read="duckdb")
    steps = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    tables = {
        t.name
        for t in tree.find_all(exp.Table)
        if not t.args.get("this") or isinstance(t.this, exp.Identifier)
    }
    return tables <= steps | {"users", "filtered_users"}


# Query files over columns the sample's users do not have, each compared with
# DuckDB in the named test instead.
SAMPLE_LACKS = {
    "feedback_answers": "test_typed_columns.py: free-text answers",
    "definitions_by_row": "below: rule verdicts added as columns of the users",
}
USERS_QUERIES = [
    path.stem
    for path in sorted(queries.QUERY_DIR.glob("*.sql"))
    if reads_only_users(path.stem) and path.stem not in SAMPLE_LACKS
]


@pytest.mark.parametrize("name", USERS_QUERIES)
def test_every_query_file_over_the_users_equals_duckdb(file_data, db_data, name):
    # Any query file, those of pages yet to come included, with the values the
    # translation test gives its parameters.
    from test_dialects import VALUES

    sql = queries.load_sql(name)
    values = {**VALUES, "as_of_end": dt.datetime(2026, 12, 1)}
    filters = Filters(slices=(("device", ("mobile", "desktop")),))
    values = {k: v for k, v in values.items() if f"${k}" in sql}
    theirs = queries.run(file_data.con, name, values, filters)
    ours = queries.run(db_data.remote, name, values, filters)
    assert list(ours.columns) == list(theirs.columns)
    assert plain(ours) == plain(theirs)
    assert len(theirs) > 0


@pytest.fixture
def own_file_data():
    """The sample read afresh: the rule test above rebuilds the shared file's
    users table in place with another rule."""
    return dataset.load(SAMPLE.read_bytes(), SAMPLE.name)


@pytest.mark.parametrize("as_of", AS_OFS)
@pytest.mark.parametrize("grain", ["week", "month"])
def test_sign_up_groups_equal_duckdb(own_file_data, db_data, grain, as_of):
    filters = Filters(slices=(("device", ("mobile",)),))
    ours = cohorts.cohort_grid(db_data, filters, as_of, grain)
    theirs = cohorts.cohort_grid(own_file_data, filters, as_of, grain)
    assert list(ours.columns) == list(theirs.columns)
    assert plain(ours) == plain(theirs)
    assert len(theirs) > 0


def test_the_latest_registration_is_the_files(own_file_data, db_data):
    # Read apart from the app: the newest registered_at in the sample file.
    newest = pd.to_datetime(pd.read_csv(SAMPLE)["registered_at"]).max().date()
    assert checks.latest_registration(db_data) == newest
    assert checks.latest_registration(own_file_data) == newest


@pytest.mark.parametrize("as_of", AS_OFS)
def test_compared_rules_count_as_duckdb(own_file_data, db_data, as_of):
    ours = definitions.candidate_rules(db_data)
    theirs = definitions.candidate_rules(own_file_data)
    assert [definitions.rule_id(r) for r in ours] == [
        definitions.rule_id(r) for r in theirs
    ]
    assert len(ours) >= 2
    filters = Filters(slices=(("device", ("mobile",)),))
    for chosen in (ours[:3], ours[1:3][::-1]):
        if len(chosen) < 2:
            continue
        mine = definitions.compare_rules(db_data, filters, as_of, chosen)
        file = definitions.compare_rules(own_file_data, filters, as_of, chosen)
        assert mine.all_users == file.all_users
        assert plain(mine.rules) == plain(file.rules)
        assert plain(mine.pairs) == plain(file.pairs)


def test_two_rules_of_words_keep_their_own_words_on_the_database(
    own_file_data, db_data
):
    # Both rules bind words under the same names in the users query; each slot
    # must keep its own.
    roles = db_data.mapping.roles
    rules = [
        db_data.mapping.activation,
        ActivationRule("values", roles["country"], ("Germany",)),
        ActivationRule("values", roles["source"], ("web", "ios_app")),
    ]
    last = own_file_data.model.last_date
    mine = definitions.compare_rules(db_data, Filters(), last, rules)
    file = definitions.compare_rules(own_file_data, Filters(), last, rules)
    assert plain(mine.rules) == plain(file.rules)
    assert plain(mine.pairs) == plain(file.pairs)
    # Counted apart from the app, straight from the sample file.
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    assert mine.rules["activated"].tolist()[1:] == [
        int((sample["country"] == "Germany").sum()),
        int(sample["registration_source"].isin(["web", "ios_app"]).sum()),
    ]
