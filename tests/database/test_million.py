"""A million users in PostgreSQL: DuckDB's figures, with little on the wire.

Generated users (bench/generate.py) are loaded with COPY; the app's DuckDB path
reads the same CSV. Aggregates only, to keep the test short. The bytes are
counted by a proxy between the app and the server (proxy.py), for the Overview's
questions: the filter choices, the headline, the trend and the registration
periods.
"""

import datetime as dt

import million
import pandas as pd
import pytest
from conftest import READER, secrets_for
from proxy import CountingProxy

from nonactivated import database_model, dataset, metrics
from nonactivated.database import Settings, Source
from nonactivated.queries import Filters

pytestmark = pytest.mark.million
OVERVIEW_BYTES_LIMIT = 100_000


@pytest.fixture(scope="module")
def csv_path(postgres, tmp_path_factory):
    path = million.csv_file(tmp_path_factory.mktemp("million"))
    million.load(postgres, path, READER)
    return path


@pytest.fixture(scope="module")
def proxy(postgres):
    counting = CountingProxy(postgres.port)
    yield counting
    counting.close()


@pytest.fixture(scope="module")
def db_data(postgres, csv_path, proxy):
    entry = secrets_for(postgres, port=proxy.port)
    source = Source(million.TABLE, "public", million.TABLE)
    loaded = database_model.load(Settings.from_secrets("team_crm", entry), source)
    yield loaded
    loaded.remote.close()


@pytest.fixture(scope="module")
def file_data(csv_path):
    return dataset.load(csv_path.read_bytes(), csv_path.name)


def overview(data, filters, as_of):
    return (
        metrics.slice_values(data),
        metrics.headline(data, filters, as_of, 30),
        metrics.trend(data, filters, as_of, "week"),
        metrics.registration_cohorts(data, filters, as_of, "week"),
    )


def test_the_overview_crosses_the_connection_in_under_100_kb(db_data, proxy):
    assert db_data.model.rows_used == million.ROWS
    proxy.reset()
    overview(db_data, Filters(), db_data.model.last_date)
    assert 0 < proxy.total < OVERVIEW_BYTES_LIMIT, proxy.total
    proxy.reset()
    overview(
        db_data, Filters(slices=(("device", ("mobile",)),)), db_data.model.last_date
    )
    assert 0 < proxy.total < OVERVIEW_BYTES_LIMIT, proxy.total


def rounded(frame: pd.DataFrame) -> list[tuple]:
    return [
        tuple(
            None
            if v is None or (not isinstance(v, str) and pd.isna(v))
            else round(v, 9)
            if isinstance(v, float)
            else v
            for v in row
        )
        for row in frame.itertuples(index=False, name=None)
    ]


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(
            dt.date(2024, 1, 1),
            dt.date(2024, 12, 31),
            (("source", ("web", "checkout")), ("verified", ("not verified",))),
        ),
    ],
)
def test_a_million_users_give_duckdbs_figures(db_data, file_data, filters):
    as_of = file_data.model.last_date
    assert db_data.model.last_date == as_of
    ours = overview(db_data, filters, as_of)
    theirs = overview(file_data, filters, as_of)
    assert ours[0] == theirs[0]
    assert ours[1] == theirs[1]
    assert rounded(ours[2]) == rounded(theirs[2])
    assert rounded(ours[3]) == rounded(theirs[3])
    assert rounded(metrics.slices(db_data, filters, as_of)) == rounded(
        metrics.slices(file_data, filters, as_of)
    )
    assert rounded(metrics.waiting_time(db_data, filters, as_of)) == rounded(
        metrics.waiting_time(file_data, filters, as_of)
    )
    assert metrics.people_count(db_data, filters, as_of, True) == (
        metrics.people_count(file_data, filters, as_of, True)
    )
