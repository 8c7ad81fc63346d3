"""A real PostgreSQL for the database tests, started once per test session.

postgres        the running server (see server.py), with a database ``crm``:
                ``customers`` (the bundled sample, typed), ``hidden_customers``
                (no SELECT for the reader) and a reader login
settings        connection settings as the app reads them from secrets
secrets_entry   the same as the dict a secrets.toml would give
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
# The translation test's parameter values serve the parity test too.
sys.path.insert(1, str(Path(__file__).parents[1]))

import server  # noqa: E402

from nonactivated.database import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "users.csv"
READER = "reader"
READER_PASSWORD = "reader-secret-for-tests"

CUSTOMERS_TABLE = """
    create table customers (
        customer_id text primary key,
        email text,
        first_name text,
        registered_at timestamp,
        registration_source text,
        email_verified boolean,
        device_type text,
        referral_source text,
        country text,
        accepts_marketing boolean,
        signup_offer text,
        first_order_at timestamp,
        first_order_value numeric(12, 2)
    )
"""


@pytest.fixture(scope="session")
def postgres():
    running = server.start()
    try:
        with running.admin() as admin:
            admin.execute("create database crm")
            admin.execute(f"create role {READER} login password '{READER_PASSWORD}'")
        with running.admin("crm") as admin:
            admin.execute(CUSTOMERS_TABLE)
            with (
                admin.cursor() as cursor,
                cursor.copy(
                    "copy customers from stdin (format csv, header true)"
                ) as copy,
            ):
                copy.write(SAMPLE.read_bytes())
            admin.execute(
                "create table hidden_customers as select * from customers limit 10"
            )
            admin.execute(f"grant select on customers to {READER}")
            admin.execute(f"grant usage, create on schema public to {READER}")
        yield running
    finally:
        running.stop()


def secrets_for(running, **changes) -> dict:
    entry = {
        "type": "postgresql",
        "host": "127.0.0.1",
        "port": running.port,
        "dbname": "crm",
        "user": READER,
        "password": READER_PASSWORD,
        "statement_timeout_ms": 20_000,
    }
    entry.update(changes)
    return entry


@pytest.fixture
def secrets_entry(postgres) -> dict:
    return secrets_for(postgres)


@pytest.fixture
def settings(secrets_entry) -> Settings:
    return Settings.from_secrets("team_crm", secrets_entry)
