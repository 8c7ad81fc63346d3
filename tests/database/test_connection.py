"""The database session: read-only, time-limited, and asked only what changed."""

import datetime as dt

import pytest

from nonactivated import database, database_model, metrics, queries, texts
from nonactivated.database import Connection, DatabaseError, Settings, Source
from nonactivated.queries import Filters

AS_OF = dt.date(2026, 11, 30)


@pytest.fixture
def db_data(settings):
    loaded = database_model.load(settings, Source("customers", "public", "customers"))
    yield loaded
    loaded.remote.close()


@pytest.mark.parametrize(
    "statement",
    [
        "insert into customers (customer_id) values ('X1')",
        "update customers set country = 'Nowhere'",
        "create table scratch (x int)",
    ],
)
def test_nothing_is_ever_written(settings, postgres, statement):
    connection = Connection(settings)
    try:
        with pytest.raises(DatabaseError) as raised:
            connection.fetch(statement)
        assert str(raised.value) == texts.db_read_only("team_crm")
    finally:
        connection.close()
    with postgres.admin("crm") as admin:
        assert admin.execute("select count(*) from customers").fetchone() == (24_500,)
        assert admin.execute(
            "select count(*) from customers where country = 'Nowhere'"
        ).fetchone() == (0,)
        assert admin.execute("select to_regclass('scratch')").fetchone() == (None,)


def test_a_query_that_turns_the_default_off_still_cannot_write(settings, postgres):
    connection = Connection(settings)
    try:
        connection.fetch(
            "select set_config('default_transaction_read_only', 'off', false)"
        )
        with pytest.raises(DatabaseError) as raised:
            connection.fetch("insert into customers (customer_id) values ('X2')")
        assert str(raised.value) == texts.db_read_only("team_crm")
    finally:
        connection.close()
    with postgres.admin("crm") as admin:
        assert admin.execute("select count(*) from customers").fetchone() == (24_500,)


def test_a_statement_longer_than_the_limit_is_stopped_with_a_message(secrets_entry):
    settings = Settings.from_secrets(
        "team_crm", {**secrets_entry, "statement_timeout_ms": 100}
    )
    connection = Connection(settings)
    try:
        with pytest.raises(DatabaseError) as raised:
            connection.fetch("select pg_sleep(2)")
        assert str(raised.value) == texts.db_timeout("team_crm", 0.1)
        # The connection is still usable for the next question.
        assert connection.fetch("select 1")[2] == [(1,)]
    finally:
        connection.close()


def test_a_filter_change_runs_only_the_queries_it_changes(db_data):
    remote = db_data.remote
    device = Filters(slices=(("device", ("mobile",)),))

    def sent(step) -> int:
        before = remote.queries_sent
        step()
        return remote.queries_sent - before

    def overview(filters):
        metrics.headline(db_data, filters, AS_OF, 30)
        metrics.trend(db_data, filters, AS_OF, "week")
        metrics.slice_values(db_data)

    assert sent(lambda: overview(Filters())) == 3
    assert sent(lambda: overview(Filters())) == 0
    # The filter choices do not depend on the filters: only two queries re-run.
    assert sent(lambda: overview(device)) == 2
    assert sent(lambda: overview(Filters())) == 0
    assert sent(lambda: metrics.headline(db_data, device, AS_OF, 7)) == 1


def test_only_tables_the_user_may_read_are_offered_then_saved_queries(secrets_entry):
    entry = {**secrets_entry, "queries": {"recent": "select * from customers"}}
    connection = Connection(Settings.from_secrets("team_crm", entry))
    try:
        labels = [s.label for s in connection.sources()]
    finally:
        connection.close()
    assert labels == ["customers", texts.saved_query_label("recent")]


@pytest.mark.parametrize(
    "saved",
    [
        "delete from customers",
        "select 1; delete from customers",
        "select * from customers where (",
        "",
    ],
)
def test_a_saved_query_must_be_one_select(settings, saved):
    with pytest.raises(DatabaseError) as raised:
        database_model.load(settings, Source("x", saved_query=saved))
    assert str(raised.value) == texts.db_saved_query_not_select("team_crm")


def test_a_table_name_is_quoted_never_pasted(settings):
    # A name that would be SQL if pasted is only ever an identifier.
    hostile = Source("x", "public", 'customers" where false; --')
    with pytest.raises(DatabaseError) as raised:
        database_model.load(settings, hostile)
    assert str(raised.value) == texts.db_missing_table("team_crm")


def test_settings_never_show_the_password(settings):
    assert settings.password not in repr(settings)
    assert "password" not in repr(settings)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"type": "oracle"}, texts.db_unknown_type("k", "oracle")),
        ({"host": ""}, texts.db_missing_settings("k", ["host"])),
        ({"port": "five"}, texts.db_bad_number("k")),
    ],
)
def test_bad_settings_are_named(secrets_entry, entry, message):
    with pytest.raises(DatabaseError) as raised:
        Settings.from_secrets("k", {**secrets_entry, **entry})
    assert str(raised.value) == message


def test_a_query_file_on_the_database_logs_its_name_never_a_value(db_data, caplog):
    secret_value = "zz-secret-country"
    filters = Filters(slices=(("country", (secret_value,)),))
    with caplog.at_level("INFO"):
        queries.run(
            db_data.remote,
            "headline",
            {
                "as_of_end": dt.datetime(2026, 12, 1),
                "period_start": dt.datetime(2026, 11, 1),
                "previous_end": dt.datetime(2026, 11, 1),
                "previous_start": dt.datetime(2026, 10, 1),
            },
            filters,
        )
    lines = [r.getMessage() for r in caplog.records if r.name == database.__name__]
    assert len(lines) == 1 and lines[0].startswith("query headline on team_crm")
    assert secret_value not in caplog.text
