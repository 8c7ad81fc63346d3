"""A CSV or Parquet upload is kept as a file for the connection's lifetime and
read through a view; the mapping's guesses read a sample of it."""

import csv
import gc
import io
import math
import os
import random

import duckdb
import pytest

from nonactivated import dataset, formats, ingest, metrics, texts

HEADER = ["customer_id", "email", "registered_at", "first_order_at", "device"]


def _write_users(rows: int, seed: int = 7) -> tuple[str, list[list[str]]]:
    """A CSV of ``rows`` data lines, some of them too short or too long."""
    rng = random.Random(seed)
    records = []
    for i in range(rows):
        day = 1 + i % 28
        record = [
            f"id{i}",
            f"user{i}@example.com",
            f"2025-{1 + i % 12:02d}-{day:02d}",
            f"2025-12-{day:02d}" if i % 3 == 0 else "",
            rng.choice(["mobile", "desktop", "tablet"]),
        ]
        if i % 37 == 5:
            record = record[:3]  # a short row
        elif i % 41 == 9:
            record = [*record, "extra"]  # a long row
        records.append(record)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(records)
    return out.getvalue(), records


@pytest.mark.parametrize("head_chars", [None, 256])
def test_a_file_larger_than_the_sample_still_counts_every_row(monkeypatch, head_chars):
    monkeypatch.setattr(formats, "PROFILE_SAMPLE_ROWS", 7)
    if head_chars is not None:
        # The file is then longer than the head the sample's step is estimated
        # from, so the sample drawn in the counting pass is the one kept.
        monkeypatch.setattr(ingest, "SNIFF_CHARS", head_chars)
    text, _ = _write_users(500)
    # Counted without DuckDB: each line after the header, split on commas
    # (no value here holds a comma or a quote).
    lines = text.splitlines()[1:]
    widths = [len(line.split(",")) for line in lines]
    expected_loaded = sum(1 for w in widths if w == len(HEADER))
    expected_short = sum(1 for w in widths if w < len(HEADER))
    expected_long = sum(1 for w in widths if w > len(HEADER))
    assert expected_short and expected_long  # the fixture has both kinds

    ds = dataset.load(text.encode(), "users.csv")

    raw = ds.raw
    assert raw.rows_loaded == expected_loaded
    assert raw.rows_read == len(lines)
    reasons = [row.reason for row in raw.set_aside]
    assert reasons.count(texts.too_few_fields(len(HEADER))) == expected_short
    assert reasons.count(texts.too_many_fields(len(HEADER))) == expected_long
    # The rejected rows are named by their line in the file (header is line 1).
    bad_lines = [n for n, w in enumerate(widths, start=2) if w != len(HEADER)]
    assert [row.row for row in raw.set_aside] == [texts.file_line(n) for n in bad_lines]
    # The sample is every k-th loaded row, from the first to near the last,
    # about as many as asked for, in the file's order.
    sample = ds.con.execute(
        f"select row_number, c0 from {formats.sample_of(raw.table)}"
    ).fetchall()
    numbers = [r for r, _ in sample]
    step = numbers[1] - numbers[0]
    assert numbers == list(range(1, expected_loaded + 1, step))
    assert 7 / 2 <= len(numbers) <= 2 * 7
    if head_chars is None:
        assert step == math.ceil(expected_loaded / 7)
    loaded_ids = [r[0] for r in csv.reader(lines) if len(r) == len(HEADER)]
    assert [c0 for _, c0 in sample] == [loaded_ids[n - 1] for n in numbers]
    # Every loaded row reaches the users: rows read = used + set aside.
    set_aside = sum(ds.model.set_aside_counts.values())
    assert ds.model.rows_used + set_aside == expected_loaded
    ids = {r[0] for r in csv.reader(lines) if len(r) == len(HEADER)}
    assert ds.model.rows_used == len(ids)
    # Each user's row number names its own row of the raw view.
    assert ds.con.execute(
        """
        select count(*) from users join raw_customers using (row_number)
        where users.customer_id is distinct from raw_customers.c0
        """
    ).fetchone() == (0,)
    # The dates were guessed from the sample and still read on every row.
    assert ds.con.execute(
        "select count(*) from users where registered_at is null"
    ).fetchone() == (0,)


def test_the_view_gives_the_same_rows_as_the_file_in_the_same_order():
    text, _ = _write_users(300)
    ds = dataset.load(text.encode(), "users.csv")
    expected = [r for r in csv.reader(text.splitlines()[1:]) if len(r) == len(HEADER)]

    rows = ds.con.execute(
        "select row_number, c0, c4 from raw_customers order by row_number"
    ).fetchall()

    assert rows == [(i, r[0], r[4]) for i, r in enumerate(expected, start=1)]
    preview = metrics.preview(ds, rows=5)
    assert list(preview["customer_id"]) == [r[0] for r in expected[:5]]


def test_the_kept_file_goes_with_the_connection():
    con = dataset.connect()
    ingest.read_table(con, b"email,plan\na@example.com,x\n", "u.csv", "raw_customers")
    path = ingest.kept_path(con, "raw_customers")
    folder = os.path.dirname(path)
    assert os.path.exists(path)
    assert con.execute("select count(*) from raw_customers").fetchone() == (1,)

    con.close()
    del con
    gc.collect()

    assert not os.path.exists(folder)


def test_a_replaced_upload_removes_the_file_it_replaced():
    con = dataset.connect()
    ingest.read_table(con, b"email\na@example.com\n", "one.csv", "raw_touches")
    first = ingest.kept_path(con, "raw_touches")

    ingest.read_table(
        con, b"email\nb@example.com\nc@example.com\n", "two.csv", "raw_touches"
    )

    second = ingest.kept_path(con, "raw_touches")
    assert second != first
    assert not os.path.exists(first)
    assert con.execute("select count(*) from raw_touches").fetchone() == (2,)


def test_a_refused_upload_leaves_no_file_and_keeps_the_last_one():
    con = dataset.connect()
    ingest.read_table(con, b"email\na@example.com\n", "one.csv", "raw_touches")
    first = ingest.kept_path(con, "raw_touches")
    folder = os.path.dirname(first)

    with pytest.raises(ingest.ReadError):
        ingest.read_table(
            con,
            b'email,name\na@example.com,"Ann\nb@x.com,Bo\n',
            "bad.csv",
            "raw_touches",
        )

    assert os.listdir(folder) == [os.path.basename(first)]
    assert con.execute("select c0 from raw_touches").fetchall() == [("a@example.com",)]


def test_an_upload_given_as_a_memoryview_loads_like_bytes():
    text, _ = _write_users(50)
    data = bytearray(text.encode())

    from_view = dataset.load(memoryview(data), "users.csv")
    from_bytes = dataset.load(bytes(data), "users.csv")

    assert from_view.model.rows_used == from_bytes.model.rows_used
    assert from_view.raw.set_aside == from_bytes.raw.set_aside


def test_a_parquet_upload_is_a_view_counted_from_its_footer(tmp_path):
    path = tmp_path / "users.parquet"
    duckdb.execute(
        f"""
        copy (
            select 'id' || i as customer_id,
                timestamp '2025-01-01' + to_days(i % 300) as registered_at,
                i % 4 as orders_count
            from range(250) t(i)
        ) to '{path}' (format parquet, row_group_size 100)
        """
    )
    con = dataset.connect()
    raw = ingest.read_table(con, path.read_bytes(), "users.parquet", "raw_customers")

    assert raw.rows_loaded == raw.rows_read == 250
    kind = con.execute(
        "select count(*) from duckdb_views() where view_name = 'raw_customers'"
    ).fetchone()
    assert kind == (1,)
    assert con.execute(
        "select max(row_number), count(distinct c0) from raw_customers"
    ).fetchone() == (250, 250)


class _Recording:
    """A connection (or cursor) that keeps the text of every statement."""

    def __init__(self, con, seen: list):
        self._con = con
        self._seen = seen

    def execute(self, sql, *args, **kwargs):
        self._seen.append(sql)
        return self._con.execute(sql, *args, **kwargs)

    def cursor(self):
        return _Recording(self._con.cursor(), self._seen)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._con.close()

    def __getattr__(self, name):
        return getattr(self._con, name)


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_no_part_of_the_file_name_or_header_enters_any_sql(tmp_path, kind):
    header = [
        "Plughword'Id; drop table users",
        'Plughword"Mail',
        "Plughword Signed up",
        "Plughword Device",
    ]
    rows = [
        [f"z{i}", f"u{i}@example.com", f"2025-03-{1 + i % 28:02d}", "mobile"]
        for i in range(40)
    ]
    name = "Plughword'evil name; select 1.csv"
    if kind == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([header, *rows])
        data = out.getvalue().encode()
    else:
        name = name.replace(".csv", ".parquet")
        path = tmp_path / "f.parquet"
        import pandas as pd

        pd.DataFrame(rows, columns=header).to_parquet(path)
        data = path.read_bytes()
    seen: list[str] = []
    con = _Recording(dataset.connect(), seen)

    ds = dataset.load(data, name, con=con)
    ds.remapped(ds.mapping)
    metrics.preview(ds)

    assert ds.model.rows_used == 40
    views = [sql for (sql,) in con.execute("select sql from duckdb_views()").fetchall()]
    for sql in seen + views:
        assert "plughword" not in sql.lower()
        assert "evil name" not in sql.lower()


@pytest.mark.parametrize("first_name", ["customer_id", "file_row_number"])
def test_parquet_rows_are_numbered_in_the_files_order(tmp_path, first_name):
    # A column of the file named like the reader's own row number must not be
    # mistaken for it.
    path = tmp_path / "users.parquet"
    duckdb.execute(
        f"""
        copy (
            select 'id' || (1000 - i) as "{first_name}",
                'u' || i || '@example.com' as email
            from range(300) t(i)
        ) to '{path}' (format parquet, row_group_size 64)
        """
    )
    con = dataset.connect()
    raw = ingest.read_table(con, path.read_bytes(), "users.parquet", "raw_customers")

    rows = con.execute(
        "select row_number, c0, c1 from raw_customers order by row_number"
    ).fetchall()

    assert raw.columns == [first_name, "email"]
    assert rows == [(i + 1, f"id{1000 - i}", f"u{i}@example.com") for i in range(300)]


def test_every_user_keeps_the_row_number_of_its_own_line_in_a_large_file():
    # Large enough for DuckDB to read the file in several parts on both threads:
    # the rows are stored in parallel and numbered afterwards, which is right
    # only if the stored order is the file's.
    rows = 400_000
    lines = "".join(
        f"id{i},user{i}@example.com,2025-{1 + i % 12:02d}-{1 + i % 28:02d},,m\n"
        for i in range(rows)
    )
    current = dataset.load(
        ("customer_id,email,registered_at,first_order_at,device\n" + lines).encode(),
        "large.csv",
    )

    # Data row n of the file is person id{n - 1}.
    misplaced = current.con.execute(
        "select count(*) from users where customer_id <> 'id' || (row_number - 1)"
    ).fetchone()[0]
    assert current.model.rows_used == rows
    assert misplaced == 0
