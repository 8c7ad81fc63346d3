"""What an upload costs in memory: Streamlit's copy of it on every run shares the
same bytes, and DuckDB's limit makes room for the bytes while the file is read."""

import copy

import duckdb
from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

from nonactivated import session

# DuckDB shows its limit in MiB with one decimal: 0.1 MiB is as close as it says.
SHOWN_TO = 0.1 * 2**20


def test_a_copy_of_an_upload_reads_the_very_same_bytes():
    data = b"customer_id,registered_at\n" * 1000
    upload = UploadedFile(UploadedFileRec("id-1", "users.csv", "text/csv", data), None)
    upload.read(9)
    twin = copy.deepcopy(upload)
    assert twin.getvalue() is data
    assert (twin.file_id, twin.name, twin.size) == ("id-1", "users.csv", len(data))
    assert twin.tell() == 9
    # Each reads on its own, as a copy would.
    assert twin.read(3) == b"id,"
    assert upload.tell() == 9


def test_duckdb_has_its_limit_less_the_upload_while_a_file_is_read():
    con = duckdb.connect(config={"memory_limit": "1000MB"})
    assert abs(session.memory_limit_bytes(con) - 1_000_000_000) < SHOWN_TO
    with session.memory_shared_with_uploads(con, 300_000_000):
        assert abs(session.memory_limit_bytes(con) - 700_000_000) < 2 * SHOWN_TO
    assert abs(session.memory_limit_bytes(con) - 1_000_000_000) < 2 * SHOWN_TO
    # An upload larger than half the limit leaves DuckDB half of it.
    with session.memory_shared_with_uploads(con, 800_000_000):
        assert abs(session.memory_limit_bytes(con) - 500_000_000) < 2 * SHOWN_TO
    # Nothing held, nothing changed.
    with session.memory_shared_with_uploads(con, 0):
        assert abs(session.memory_limit_bytes(con) - 1_000_000_000) < 2 * SHOWN_TO


def test_the_limit_comes_back_when_the_read_fails():
    con = duckdb.connect(config={"memory_limit": "1000MB"})
    try:
        with session.memory_shared_with_uploads(con, 300_000_000):
            raise MemoryError("the file did not fit")
    except MemoryError:
        pass
    assert abs(session.memory_limit_bytes(con) - 1_000_000_000) < 2 * SHOWN_TO
