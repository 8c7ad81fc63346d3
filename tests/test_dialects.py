"""Every query file translates to each database we name, and parses back there.

Only PostgreSQL is run for real (tests/database); for BigQuery, Snowflake,
Databricks (Spark SQL), Trino, ClickHouse, MySQL and DuckDB this is the check.
The test reads the queries/ folder, so a new query file is covered the day it
lands.
"""

import datetime as dt

import pytest
import sqlglot
from sqlglot import exp

from nonactivated import dialects, queries
from nonactivated.queries import QUERY_DIR, Filters

QUERY_FILES = sorted(path.stem for path in QUERY_DIR.glob("*.sql"))
# A value of the right type for every parameter a query file may name; a file
# with a parameter missing here fails, so the list grows with the queries.
VALUES = {
    "as_of_end": dt.datetime(2024, 3, 1),
    "period_start": dt.datetime(2024, 1, 31),
    "previous_end": dt.datetime(2024, 1, 31),
    "previous_start": dt.datetime(2024, 1, 1),
    "grain": "week",
    "marketing_only": False,
    "page_size": 50,
    "page_offset": 0,
    "after_end": dt.datetime(2024, 3, 1),
    "before_end": dt.datetime(2024, 2, 1),
    "first_cohort": dt.datetime(2023, 9, 1),
    "weeks_across": 26,
    "slice": "source",
    "max_day": 730,
    "top_values": 5,
    "all_label": "Everyone",
    "other_label": "All other values",
    "window_start": dt.datetime(2024, 1, 1),
    "window_end": dt.datetime(2024, 2, 1),
    "days": 30,
    "by_email": False,
    "no_value": "(no value)",
}
FILTERS = Filters(dt.date(2024, 1, 1), dt.date(2024, 2, 1), (("source", ("a", "b")),))


def test_every_named_database_is_checked():
    assert set(dialects.DIALECTS) == {
        "duckdb",
        "postgres",
        "bigquery",
        "snowflake",
        "spark",
        "trino",
        "clickhouse",
        "mysql",
    }
    assert len(QUERY_FILES) >= 8


@pytest.mark.parametrize("dialect", dialects.DIALECTS)
@pytest.mark.parametrize("name", QUERY_FILES)
def test_every_query_translates_and_parses(name, dialect):
    predicate, bound = FILTERS.predicate()
    sql = queries.with_filtered_users(queries.load_sql(name), predicate)
    named = {
        p.name for p in sqlglot.parse_one(sql, read="duckdb").find_all(exp.Placeholder)
    }
    missing = named - set(VALUES) - set(bound)
    assert not missing, f"give the test a value for {sorted(missing)}"

    text, values = dialects.translate(sql, dialect, {**VALUES, **bound})

    parsed = sqlglot.parse_one(text, read=dialect)
    assert parsed.find(exp.Select) is not None
    # Every value is sent apart from the SQL text.
    sent = values if isinstance(values, list) else list(values.values())
    assert len(sent) == len(named - set(dialects.INLINED))
    assert "a" in sent and "b" in sent
    assert "'a'" not in text


def test_postgres_numbers_each_value_once():
    text, values = dialects.translate(
        "select $x + 1 where $y > $x", "postgres", {"x": 5, "y": 7}
    )
    assert text == "SELECT $1 + 1 WHERE $2 > $1"
    assert values == [5, 7]


def test_a_users_query_takes_the_place_of_the_users_table():
    users = sqlglot.parse_one("select * from crm.signups")
    text, _ = dialects.translate(
        "with f as (select * from users) select count(*) from f", "postgres", {}, users
    )
    assert "FROM (SELECT * FROM crm.signups) AS users" in text


def test_only_known_grains_are_written_into_the_sql():
    sql = "select date_trunc($grain, registered_at) from users"
    text, values = dialects.translate(sql, "postgres", {"grain": "month"})
    assert "DATE_TRUNC('MONTH'" in text.upper() and values == []
    with pytest.raises(dialects.TranslationError):
        dialects.translate(sql, "postgres", {"grain": "week') or (1=1"})


def test_clickhouse_parameters_carry_their_types():
    text, values = dialects.translate(
        "select 1 where $when < now() and $flag and $name = 'x'",
        "clickhouse",
        {"when": dt.datetime(2024, 1, 1), "flag": True, "name": "a"},
    )
    assert "{when: DateTime64(6)}" in text
    assert "{flag: Bool}" in text and "{name: String}" in text
    assert values == {"when": dt.datetime(2024, 1, 1), "flag": True, "name": "a"}


def test_a_duckdb_series_in_from_is_a_postgres_series():
    text, values = dialects.translate(
        "select n from unnest(generate_series(1, $last)) as numbers(n)",
        "postgres",
        {"last": 4},
    )
    assert text == "SELECT n FROM GENERATE_SERIES(1, $1) AS numbers(n)"
    assert values == [4]
