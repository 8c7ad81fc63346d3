"""A million generated users in PostgreSQL and the same file for DuckDB.

The users are bench/generate.py's (the benchmark's shop), written once as CSV
and loaded into PostgreSQL with COPY.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

ROWS = 1_000_000
TABLE = "customers_1m"


def csv_file(folder: Path, rows: int = ROWS) -> Path:
    (path,) = generate.write(rows, ("csv",), folder)
    return path


def load(server, path: Path, reader: str, table: str = TABLE) -> None:
    with server.admin("crm") as admin:
        admin.execute(f"drop table if exists {table}")
        admin.execute(
            f"""
            create table {table} (
                customer_id text,
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
        )
        with (
            admin.cursor() as cursor,
            cursor.copy(f"copy {table} from stdin (format csv, header true)") as copy,
            path.open("rb") as source,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        admin.execute(f"analyze {table}")
        admin.execute(f"grant select on {table} to {reader}")
