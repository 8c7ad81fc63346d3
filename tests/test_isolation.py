"""Each session's data stays its own, and leaves nothing behind on the server."""

import gc
import glob
import os
import tempfile

import pytest

from nonactivated import dataset, metrics
from nonactivated.ingest import ReadError
from nonactivated.queries import Filters

SMALL = b"email,registered_at,first_order_at\na@example.com,2024-01-01,\n"
OTHER = b"email,registered_at,first_order_at\nb@example.com,2024-01-01,2024-01-02\n"


def spill_folders() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "nonactivated-spill-*")))


@pytest.fixture
def private_temp(tmp_path, monkeypatch):
    """A temporary folder of this test's own, so other processes on the machine
    (other test runs, a running app) cannot change what the test counts."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_a_connections_spill_folder_is_removed_when_it_is_gone(private_temp):
    before = spill_folders()
    current = dataset.load(SMALL, "customers.csv")
    made = spill_folders() - before
    assert len(made) == 1
    current.con.close()
    del current
    gc.collect()
    assert not made & spill_folders()


def test_two_datasets_loaded_from_files_of_the_same_name_do_not_mix():
    first = dataset.load(SMALL, "customers.csv")
    second = dataset.load(OTHER, "customers.csv")
    day = first.model.last_date
    later = second.model.last_date
    assert metrics.headline(first, Filters(), day).non_activated_users == 1
    assert metrics.headline(second, Filters(), later).non_activated_users == 0
    assert first.con is not second.con
    emails = metrics.people(first, Filters(), day)["E-mail"].tolist()
    assert emails == ["a@example.com"]


def test_an_uploads_temporary_copy_is_removed_after_reading(private_temp):
    before = set(os.listdir(tempfile.gettempdir()))
    dataset.load(SMALL, "customers.csv")
    after = set(os.listdir(tempfile.gettempdir()))
    assert not [name for name in after - before if name.startswith("upload-")]


def test_the_data_preview_hides_e_mail_addresses_and_names():
    data = (
        b"email,first_name,note,plan\nana@example.com,Ana,write to bo@example.com,Pro\n"
    )
    current = dataset.load(data, "customers.csv")
    shown = metrics.preview(current).iloc[0].tolist()
    assert "ana@example.com" not in shown and "Ana" not in shown
    assert "bo@example.com" not in shown[2]
    assert shown[3] == "Pro"


def test_running_out_of_memory_gives_a_message_not_a_crash():
    con = dataset.connect()
    # A tiny memory limit and no room to spill stand for a full server.
    con.execute("set memory_limit = '2MB'")
    con.execute("set max_temp_directory_size = '0KB'")
    rows = [f"u{i}@example.com,2024-01-01,,c{i % 50}" for i in range(200_000)]
    data = ("email,registered_at,first_order_at,country\n" + "\n".join(rows)).encode()
    try:
        dataset.load(data, "big.csv", con=con)
    except (ReadError, MemoryError) as error:
        assert "too large" in str(error)
    else:
        raise AssertionError("a 2 MB memory limit should not hold 200,000 rows")


def test_two_runs_of_one_session_can_query_its_data_at_the_same_time():
    # A click starts a new script run while the last one is still querying the
    # same dataset; neither may fail with "connection is busy".
    import threading

    from nonactivated import queries

    rows = "".join(
        f"u{i}@example.com,2024-01-{1 + i % 28:02d},"
        + (f"2024-02-{1 + i % 28:02d}" if i % 3 == 0 else "")
        + "\n"
        for i in range(3000)
    )
    data = dataset.load(
        ("email,registered_at,first_order_at\n" + rows).encode(), "customers.csv"
    )
    params = {
        "as_of_end": queries.end_of_day(data.model.last_date),
        "marketing_only": False,
    }
    # 1000 of 3000 users bought (every third); the other 2000 never did.
    start = threading.Barrier(2)
    failures, counts = [], []

    def ask() -> None:
        start.wait()
        try:
            for _ in range(40):
                frame = queries.run(data.query_con, "people_count", params)
                counts.append(int(frame.iloc[0, 0]))
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            failures.append(error)

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert counts == [2000] * 80
