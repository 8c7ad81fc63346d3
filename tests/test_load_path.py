"""The load path at any size: the upload checked in slices, never decoded whole."""

import pytest

from nonactivated import dataset, ingest


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
