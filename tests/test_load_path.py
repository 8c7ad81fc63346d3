"""The load path at any size: the upload checked in slices, never decoded whole."""

import datetime as dt
from dataclasses import replace

import pytest

from nonactivated import dataset, ingest, metrics, texts
from nonactivated.queries import Filters


@pytest.mark.parametrize(
    "data",
    [
        b"abc",
        "ab€cd".encode(),  # the euro sign's three bytes straddle a cut
        "abcd😀ef".encode(),  # four bytes across a cut
        b"abcdefgh" + "é".encode()[:1],  # cut short at the very end
        b"abcdefgh\xe9ij",  # Windows-1252 after an all-ASCII slice
        b"abc\xe2\x82xyz",  # a broken sequence followed by ASCII
        b"",
    ],
)
def test_utf8_checked_in_slices_agrees_with_decoding_everything(monkeypatch, data):
    monkeypatch.setattr(ingest, "UTF8_CHUNK_BYTES", 4)
    try:
        data.decode("utf-8")
        expected = True
    except UnicodeDecodeError:
        expected = False

    assert ingest.is_utf8(data) is expected


def test_a_windows_1252_character_after_the_first_slice_still_names_the_encoding(
    monkeypatch,
):
    monkeypatch.setattr(ingest, "UTF8_CHUNK_BYTES", 64)
    rows = "".join(f"user{i}@example.com,Basic\r\n" for i in range(20))
    text = "email,plan\r\n" + rows + "late@example.com,Café\r\n"

    ds = dataset.load(text.encode("cp1252"), "users.csv")

    assert ds.raw.encoding == "Windows-1252"
    values = ds.con.execute(
        "select c1 from raw_customers where c0 = 'late@example.com'"
    ).fetchall()
    assert values == [("Café",)]


def test_a_utf8_file_with_a_byte_order_mark_loads_without_the_mark(monkeypatch):
    monkeypatch.setattr(ingest, "UTF8_CHUNK_BYTES", 16)
    text = "email,city\r\nana@example.com,Łódź\r\nbo@example.com,Köln\r\n"

    ds = dataset.load(b"\xef\xbb\xbf" + text.encode(), "users.csv")

    assert ds.raw.encoding == "UTF-8 (with byte-order mark)"
    assert ds.raw.columns == ["email", "city"]
    assert ds.con.execute(
        "select c1 from raw_customers order by row_number"
    ).fetchall() == [
        ("Łódź",),
        ("Köln",),
    ]


PLANS = (
    "email,registered_at,first_order_at,plan,country\r\n"
    "a@example.com,2024-01-01,2024-01-05,Pro,DE\r\n"
    "b@example.com,2024-01-02,,Basic,DE\r\n"
    "c@example.com,2024-01-03,,Pro,FR\r\n"
    "d@example.com,2024-01-04,,,FR\r\n"
)


def slice_types(ds) -> dict[str, str]:
    return dict(
        ds.con.execute(
            "select column_name, data_type from duckdb_columns() "
            "where table_name = 'users' and column_name in ('country', 'extra_1')"
        ).fetchall()
    )


def test_slice_columns_are_stored_as_enums_and_still_filter_and_count_by_text():
    ds = dataset.load(PLANS.encode(), "users.csv")
    ds = ds.remapped(replace(ds.mapping, extra_slices=[ds.raw.columns.index("plan")]))
    as_of = dt.date(2024, 1, 31)

    types = slice_types(ds)
    pro = metrics.headline(ds, Filters(slices=(("extra_1", ("Pro",)),)), as_of)
    slices = metrics.slices(ds, Filters(), as_of)
    values = metrics.slice_values(ds)

    assert all(kind.startswith("ENUM(") for kind in types.values()), types
    # a and c have the plan Pro; a bought on 5 January.
    assert (pro.all_users, pro.non_activated_users) == (2, 1)
    rows = slices[["slice", "slice_value", "all_users", "non_activated_users"]]
    assert [tuple(r) for r in rows.itertuples(index=False)] == [
        ("country", "FR", 2, 2),
        ("country", "DE", 2, 1),
        ("extra_1", "(not set)", 1, 1),
        ("extra_1", "Basic", 1, 1),
        ("extra_1", "Pro", 2, 1),
    ]
    assert set(slices["slice_value"].map(type)) == {str}
    assert values["extra_1"] == ["Pro", "(not set)", "Basic"]


def test_a_new_mapping_builds_new_slice_types_and_drops_the_old_ones():
    ds = dataset.load(PLANS.encode(), "users.csv")
    plan = ds.raw.columns.index("plan")

    for _ in range(3):
        ds = ds.remapped(replace(ds.mapping, extra_slices=[plan]))

    names = [
        name
        for (name,) in ds.con.execute(
            "select type_name from duckdb_types() where type_name like 'slice%'"
        ).fetchall()
    ]
    assert sorted(n.rsplit("_", 1)[0] for n in names) == [
        "slice_country",
        "slice_extra_1",
    ]
    people = metrics.people(ds, Filters(), dt.date(2024, 1, 31))
    assert people["Plan"].tolist() == ["(not set)", "Pro", "Basic"]


def test_a_load_says_each_step_as_it_starts():
    told = []

    dataset.load(PLANS.encode(), "users.csv", progress=lambda *a: told.append(a))

    assert told == [("read", 1, 3), ("mapping", 2, 3), ("users", 3, 3)]
    assert texts.load_step("mapping", 2, 3) == (
        "Step 2 of 3: Working out what each column holds…"
    )


def test_a_load_with_an_orders_file_has_four_steps():
    orders = "email,ordered_at,total\r\na@example.com,2024-01-05,10\r\n"
    told = []

    dataset.load(
        PLANS.encode(),
        "users.csv",
        orders.encode(),
        "orders.csv",
        progress=lambda *a: told.append(a),
    )

    assert [step for step, _, _ in told] == ["read", "orders", "mapping", "users"]
    assert {total for _, _, total in told} == {4}


def test_a_slice_value_only_on_a_row_set_aside_is_no_value_of_the_slice():
    text = (
        "email,registered_at,first_order_at,country\r\n"
        "a@example.com,2024-01-01,,DE\r\n"
        "b@example.com,not a date,,PT\r\n"
        "c@example.com,2024-01-03,2024-01-04,DE\r\n"
        "a@example.com,2024-01-02,2024-01-06,FR\r\n"
    )

    ds = dataset.load(text.encode(), "users.csv")
    slices = metrics.slices(ds, Filters(), dt.date(2024, 1, 31))

    # b is set aside (unreadable date); a's second row merges into the first.
    rows = slices[["slice_value", "all_users", "non_activated_users"]]
    assert [tuple(r) for r in rows.itertuples(index=False)] == [("DE", 2, 0)]
    assert metrics.slice_values(ds) == {"country": ["DE"]}
