"""How a team's column types are read: zoned times, dates, text dates, numbers,
yes/no words; and a server lost mid-session."""

import datetime as dt

import pytest
from conftest import READER, secrets_for
from proxy import CountingProxy

from nonactivated import database_model, metrics, queries, texts
from nonactivated.database import DatabaseError, Settings, Source
from nonactivated.queries import Filters


@pytest.fixture(scope="module")
def typed_tables(postgres):
    with postgres.admin("crm") as admin:
        admin.execute(
            """
            create table zoned (
                id integer, email text, signed_up_at timestamptz, first_order date,
                orders integer, accepts_marketing text
            );
            insert into zoned values
                -- 23:30 on 31 Jan in Berlin is 22:30 UTC, still 31 Jan.
                (1, 'a@example.com', '2024-01-31 23:30+01', '2024-02-01', 1, 'yes'),
                -- 00:30 on 1 Feb in Berlin is 23:30 UTC on 31 Jan.
                (2, 'b@example.com', '2024-02-01 00:30+01', null, 0, 'no'),
                (3, 'c@example.com', '2024-02-01 12:00+00', null, null, 'maybe'),
                (4, 'd@example.com', null, null, 2, 'yes');
            create table answers (
                id integer, email text, signed_up_at timestamp, first_order date,
                reason text
            );
            insert into answers values
                (1, 'a@example.com', '2024-01-01', null, 'Too expensive'),
                (2, 'b@example.com', '2024-01-02', null, 'Too expensive'),
                (3, 'c@example.com', '2024-01-03', '2024-01-05', 'Too expensive'),
                (4, 'd@example.com', '2024-01-04', null, 'No size M'),
                (5, 'e@example.com', '2024-01-05', null, null);
            create table text_dates (id integer, email text, signed_up_at text);
            insert into text_dates values (1, 'a@example.com', '2024-01-31');
            """
        )
        admin.execute(f"grant select on zoned, answers, text_dates to {READER}")


def load(postgres, table, **changes):
    settings = Settings.from_secrets("team_crm", secrets_for(postgres, **changes))
    return database_model.load(settings, Source(table, "public", table))


def test_zoned_times_are_read_in_utc_and_rows_without_a_date_are_set_aside(
    postgres, typed_tables
):
    data = load(postgres, "zoned")
    try:
        roles = data.mapping.roles
        assert roles["registered_at"] == 2
        assert data.mapping.activation.kind == "time"
        assert data.model.rows_used == 3
        assert data.model.set_aside_counts == {texts.SET_ASIDE_NO_REGISTRATION: 1}
        assert data.model.first_registered == dt.datetime(2024, 1, 31, 22, 30)
        # As of 31 Jan (UTC): a and b had registered, nobody had bought.
        jan = metrics.headline(data, Filters(), dt.date(2024, 1, 31), 7)
        assert (jan.all_users, jan.non_activated_users) == (2, 2)
        # As of 1 Feb: a bought that day; c registered.
        feb = metrics.headline(data, Filters(), dt.date(2024, 2, 1), 7)
        assert (feb.all_users, feb.non_activated_users, feb.new_customers) == (3, 2, 1)
        # Marketing consent read from yes/no words: on 31 Jan a (yes) and b (no)
        # had not bought; on 1 Feb only b and c ("maybe", unknown) had not.
        assert metrics.people_count(data, Filters(), dt.date(2024, 1, 31), True) == 1
        assert metrics.people_count(data, Filters(), dt.date(2024, 2, 1), True) == 0
    finally:
        data.remote.close()


def test_dates_held_as_text_are_not_read_and_the_app_says_so(postgres, typed_tables):
    data = load(postgres, "text_dates")
    try:
        assert "registered_at" not in data.mapping.roles
        assert not data.model.has_registration
        assert texts.db_text_dates("signed_up_at") in data.mapping.warnings
        assert data.model.rows_used == 1
    finally:
        data.remote.close()


def test_a_server_lost_mid_session_gives_a_message_not_a_crash(postgres):
    proxy = CountingProxy(postgres.port)
    data = load(postgres, "customers", port=proxy.port)
    try:
        last = data.model.last_date
        assert metrics.headline(data, Filters(), last).all_users == 24_500
        proxy.close()
        with pytest.raises(DatabaseError) as raised:
            metrics.headline(data, Filters(slices=(("device", ("mobile",)),)), last)
        assert str(raised.value) == texts.db_unreachable("team_crm")
        # What was already asked is still answered from the session's results.
        assert metrics.headline(data, Filters(), last).all_users == 24_500
    finally:
        data.remote.close()


def test_rows_set_aside_in_the_database_are_described_not_listed(
    postgres, typed_tables
):
    data = load(postgres, "zoned")
    try:
        listed = metrics.set_aside_list(data)
        assert listed.to_dict("records") == [
            {
                "Where": texts.db_set_aside_where("signed_up_at"),
                "Reason": texts.SET_ASIDE_NO_REGISTRATION,
            }
        ]
        assert metrics.row_accounting(data) == {"read": 4, "used": 3, "set_aside": 1}
    finally:
        data.remote.close()


def test_free_text_answers_are_counted_by_the_database(postgres, typed_tables):
    data = load(postgres, "answers")
    try:
        assert data.mapping.roles.get("feedback") == 4
        answers = queries.run(
            data.remote, "feedback_answers", {"as_of_end": dt.datetime(2024, 2, 1)}
        )
        # c bought, e wrote nothing: a and b gave one answer, d another.
        assert answers.values.tolist() == [
            ["Too expensive", 2],
            ["No size M", 1],
        ]
    finally:
        data.remote.close()
