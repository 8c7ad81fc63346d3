"""Values written the way real exports write them read as the numbers and dates meant.

Each test writes a small file of its own, as bytes, and checks a figure worked out
by hand: amounts with currency signs and separators, dates as Excel serials, Unix
times and two-digit years, unreadable values, odd lines around the data, very long
lines, problems deep in a file, garbled text, mangled ids, and the headless command.
"""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nonactivated import dataset, mapping, metrics, texts
from nonactivated.dataset import Dataset
from nonactivated.ingest import ReadError
from nonactivated.queries import Filters

ROOT = Path(__file__).parents[1]
NO_FILTERS = Filters()


def load_text(text: str) -> Dataset:
    return dataset.load(text.encode(), "upload.csv")


def figures(ds: Dataset) -> tuple[int, int, float | None]:
    """All users, non-activated users and their share, as of the file's last day."""
    h = metrics.headline(ds, NO_FILTERS, ds.model.last_date)
    pct = None if h.non_activated_pct is None else round(float(h.non_activated_pct), 2)
    return h.all_users, h.non_activated_users, pct


def users(ds: Dataset, columns: str) -> list[tuple]:
    return ds.con.execute(f"select {columns} from users order by row_number").fetchall()


def first_order_values(ds: Dataset) -> list[float | None]:
    return [value for (value,) in users(ds, "first_order_value")]


def accounting(ds: Dataset) -> tuple[int, int, int]:
    rows = metrics.row_accounting(ds)
    return rows["read"], rows["used"], rows["set_aside"]


# --- amounts ----------------------------------------------------------------


def test_a_column_named_first_order_value_is_taken_for_the_first_orders_value():
    ds = load_text(
        "email,registered_at,first_order_value\n"
        "ana@example.com,2024-01-05,12.50\n"
        "bo@example.com,2024-01-06,3\n"
    )

    assert ds.mapping.roles["order_value"] == 2
    assert first_order_values(ds) == [12.5, 3.0]


def test_euro_amounts_with_the_sign_in_front_read_dots_as_thousands_commas_as_cents():
    ds = load_text(
        "email;registered_at;first_order_value\n"
        "ana@example.com;2024-01-05;€1.234,50\n"
        "bo@example.com;2024-01-06;€1.234.567,89\n"
        "cy@example.com;2024-01-07;€0,99\n"
        "di@example.com;2024-01-08;(€12,50)\n"
    )

    assert ds.mapping.decimal_commas == {2: True}
    # The parentheses are an accountant's minus sign.
    assert first_order_values(ds) == [1234.5, 1234567.89, 0.99, -12.5]


def test_dollar_amounts_read_commas_as_thousands_and_dots_as_cents():
    ds = load_text(
        "email,registered_at,first_order_value\n"
        'ana@example.com,2024-01-05,"$1,234.50"\n'
        'bo@example.com,2024-01-06,"$1,234,567.89"\n'
        "cy@example.com,2024-01-07,$0.99\n"
        "di@example.com,2024-01-08,(12.50)\n"
        "en@example.com,2024-01-09,-$3.25\n"
    )

    assert ds.mapping.decimal_commas == {2: False}
    assert first_order_values(ds) == [1234.5, 1234567.89, 0.99, -12.5, -3.25]


def test_zloty_amounts_with_the_currency_after_the_number_keep_their_decimal_comma():
    # Polish spreadsheets group thousands with a space or a no-break space.
    ds = load_text(
        "email;registered_at;first_order_value\n"
        "ana@example.com;2024-01-05;1 234,50 zł\n"
        "bo@example.com;2024-01-06;12,00 zł\n"
        "cy@example.com;2024-01-07;1\u00a0000,99 zł\n"
        "di@example.com;2024-01-08;-7,99 zł\n"
    )

    assert first_order_values(ds) == [1234.5, 12.0, 1000.99, -7.99]


def test_euro_amounts_with_the_sign_after_the_number_keep_their_decimal_comma():
    # How German and French shop systems write prices: "1.234,50 €".
    ds = load_text(
        "email;registered_at;first_order_value\n"
        "ana@example.com;2024-01-05;1.234,50 €\n"
        "bo@example.com;2024-01-06;12,00 €\n"
        "cy@example.com;2024-01-07;0,99 €\n"
    )

    assert first_order_values(ds) == [1234.5, 12.0, 0.99]


def test_an_amount_column_with_another_name_reads_once_the_user_maps_it():
    ds = load_text(
        "email;registered_at;Erste Bestellung\n"
        "ana@example.com;2024-01-05;€1.234,50\n"
        "bo@example.com;2024-01-06;(€12,50)\n"
        "cy@example.com;2024-01-07;\n"
    )
    assert "order_value" not in ds.mapping.roles

    roles = {**ds.mapping.roles, "order_value": 2}
    chosen = mapping.with_roles(ds.con, ds.raw, ds.mapping, roles, [])
    ds = ds.remapped(chosen)

    assert chosen.decimal_commas == {2: True}
    assert first_order_values(ds) == [1234.5, -12.5, None]
    people = metrics.people(ds, NO_FILTERS, ds.model.last_date)
    assert sorted(people["First order value"].dropna().tolist()) == [-12.5, 1234.5]


def test_a_column_made_a_named_split_is_not_also_an_extra_split():
    ds = load_text(
        "email,registered_at,first_order_at,industry\n"
        "ana@example.com,2024-01-05,,Retail\n"
        "bo@example.com,2024-01-06,2024-01-09,Travel\n"
    )
    assert ds.mapping.extra_slices == [3]

    roles = {**ds.mapping.roles, "source": 3}
    chosen = mapping.with_roles(ds.con, ds.raw, ds.mapping, roles, [3])
    ds = ds.remapped(chosen)

    assert chosen.extra_slices == []
    assert list(ds.model.slice_labels) == ["source"]


# --- dates ------------------------------------------------------------------


def test_excel_serial_numbers_in_the_registration_column_count_days_from_1899():
    # Day 45292 is 1 Jan 2024; 30 days on is 31 Jan; 59 days on is 29 Feb (a leap
    # year), and half a day more is noon.
    ds = load_text(
        "email,registered_at,activated\n"
        "ana@example.com,45292,yes\n"
        "bo@example.com,45322,no\n"
        "cy@example.com,45351.5,no\n"
    )

    assert users(ds, "registered_at") == [
        (dt.datetime(2024, 1, 1),),
        (dt.datetime(2024, 1, 31),),
        (dt.datetime(2024, 2, 29, 12),),
    ]
    assert ds.model.last_date == dt.date(2024, 2, 29)
    assert figures(ds) == (3, 2, 66.67)


def test_unix_seconds_and_milliseconds_in_one_column_read_as_utc_moments():
    # 1,700,000,000 s after 1 Jan 1970 is 14 Nov 2023 22:13:20 UTC; 1,234,567,890 s
    # is 13 Feb 2009 23:31:30 UTC. Milliseconds are the same moments times 1000.
    ds = load_text(
        "email,registered_at\n"
        "ana@example.com,1700000000\n"
        "bo@example.com,1700000000000\n"
        "cy@example.com,1234567890\n"
        "di@example.com,1234567890500\n"
    )

    assert users(ds, "registered_at") == [
        (dt.datetime(2023, 11, 14, 22, 13, 20),),
        (dt.datetime(2023, 11, 14, 22, 13, 20),),
        (dt.datetime(2009, 2, 13, 23, 31, 30),),
        (dt.datetime(2009, 2, 13, 23, 31, 30, 500000),),
    ]


def test_unix_seconds_in_the_activation_column_give_new_customers_in_the_period():
    # Last day 15 Nov 2023 (bo registered); the 30 days before it start 17 Oct.
    # ana became a customer on 14 Nov (1,700,000,000), cy on 13 Feb 2009.
    ds = load_text(
        "email,registered_at,activated_at\n"
        "ana@example.com,2023-11-01,1700000000\n"
        "bo@example.com,2023-11-15,\n"
        "cy@example.com,2009-01-01,1234567890\n"
    )
    h = metrics.headline(ds, NO_FILTERS, ds.model.last_date)

    assert ds.model.last_date == dt.date(2023, 11, 15)
    assert (h.all_users, h.non_activated_users, h.new_customers) == (3, 1, 1)


def test_two_digit_years_read_day_first_when_a_day_is_above_12():
    ds = load_text(
        "email,registered_at\n"
        "ana@example.com,13.01.24\n"
        "bo@example.com,25.12.19\n"
        "cy@example.com,01.02.20\n"
    )

    assert ds.mapping.questions == []
    assert users(ds, "registered_at") == [
        (dt.datetime(2024, 1, 13),),
        (dt.datetime(2019, 12, 25),),
        (dt.datetime(2020, 2, 1),),
    ]


def test_two_digit_years_read_month_first_when_a_middle_number_is_above_12():
    ds = load_text(
        "email,registered_at\n"
        "ana@example.com,12/25/19\n"
        "bo@example.com,01/13/20\n"
        "cy@example.com,02/01/20 14:30\n"
    )

    assert ds.mapping.questions == []
    assert users(ds, "registered_at") == [
        (dt.datetime(2019, 12, 25),),
        (dt.datetime(2020, 1, 13),),
        (dt.datetime(2020, 2, 1, 14, 30),),
    ]


def test_one_unreadable_registration_date_is_set_aside_with_its_reason_and_counted():
    ds = load_text(
        "email,registered_at,activated\n"
        "ana@example.com,2024-01-05,yes\n"
        "bo@example.com,someday soon,yes\n"
        "cy@example.com,2024-01-07,no\n"
        "di@example.com,2024-01-08,no\n"
    )
    reasons = metrics.set_aside_reasons(ds)

    assert accounting(ds) == (4, 3, 1)
    assert ds.model.set_aside_counts == {texts.SET_ASIDE_BAD_REGISTRATION: 1}
    assert reasons.to_dict("records") == [
        {
            "Reason": texts.SET_ASIDE_BAD_REGISTRATION,
            "Rows": 1,
            "For example": "data row 2",
        }
    ]
    # bo is not counted at all: of ana, cy and di, only ana bought.
    assert figures(ds) == (3, 2, 66.67)


# --- lines around the data --------------------------------------------------


def test_blank_lines_before_the_header_are_skipped_and_not_counted():
    ds = load_text(
        "\r\n\r\n\r\n"
        "email,registered_at,activated_at\r\n"
        "ana@example.com,2024-01-05,2024-01-09\r\n"
        "bo@example.com,2024-01-06,\r\n"
    )

    assert ds.raw.columns == ["email", "registered_at", "activated_at"]
    assert accounting(ds) == (2, 2, 0)
    assert figures(ds) == (2, 1, 50.0)


def test_a_sep_line_after_a_byte_order_mark_sets_the_delimiter_and_is_not_a_row():
    data = b"\xef\xbb\xbf" + (
        b"sep=;\r\n"
        b"email;Name;registered_at;first_order_value\r\n"
        b"ana@example.com;Doe, Ana;2024-01-05;1.234,50\r\n"
        b"bo@example.com;Roe, Bo;2024-01-06;\r\n"
    )
    ds = dataset.load(data, "export.csv")

    assert (ds.raw.delimiter, ds.raw.columns[0]) == (";", "email")
    assert accounting(ds) == (2, 2, 0)
    assert users(ds, "display_name, first_order_value") == [
        ("Doe, Ana", 1234.5),
        ("Roe, Bo", None),
    ]


def test_a_sep_line_wins_over_a_delimiter_that_splits_the_rows_more_often():
    # Split on semicolons, every row would have five fields and the header one.
    ds = load_text(
        "sep=,\n"
        "email,note,registered_at\n"
        "ana@example.com,a;b;c;d,2024-01-05\n"
        "bo@example.com,e;f;g;h,2024-01-06\n"
    )

    assert ds.raw.delimiter == ","
    assert users(ds, "email, registered_at") == [
        ("ana@example.com", dt.datetime(2024, 1, 5)),
        ("bo@example.com", dt.datetime(2024, 1, 6)),
    ]


def test_a_footer_in_a_five_column_file_is_one_line_set_aside():
    ds = load_text(
        "email,first_name,last_name,registered_at,activated\n"
        "ana@example.com,Ana,Doe,2024-01-05,yes\n"
        "bo@example.com,Bo,Roe,2024-01-06,no\n"
        "\n"
        "Grand Totals (2 records)\n"
    )

    assert [(row.row, row.reason) for row in ds.raw.set_aside] == [
        ("line 5", texts.SET_ASIDE_FOOTER)
    ]
    assert texts.footer_ignored(1) in ds.raw.notes
    assert accounting(ds) == (3, 2, 1)
    assert figures(ds) == (2, 1, 50.0)


def test_a_row_with_two_of_five_values_is_set_aside_once():
    ds = load_text(
        "email,first_name,last_name,registered_at,activated\n"
        "ana@example.com,Ana,Doe,2024-01-05,yes\n"
        "cy@example.com,Cy\n"
        "bo@example.com,Bo,Roe,2024-01-06,no\n"
    )

    assert [(row.row, row.reason) for row in ds.raw.set_aside] == [
        ("line 3", texts.too_few_fields(5))
    ]
    assert accounting(ds) == (3, 2, 1)


def test_a_header_without_rows_but_with_a_footer_is_split_on_its_semicolons():
    ds = load_text(
        "email;first_name;registered_at;activated\n\nGrand Totals (0 records)\n"
    )

    assert ds.raw.delimiter == ";"
    assert ds.raw.columns == ["email", "first_name", "registered_at", "activated"]
    assert accounting(ds) == (1, 0, 1)
    assert figures(ds) == (0, 0, None)


def test_a_line_longer_than_3_mb_with_a_huge_note_still_loads_whole():
    note = "Called back, no answer.\n" * 150_000  # 3.6 MB with commas and line ends
    ds = load_text(
        "email,note,registered_at,activated\n"
        f'ana@example.com,"{note}",2024-01-05,yes\n'
        "bo@example.com,short,2024-01-06,no\n"
        "cy@example.com,,2024-01-07,no\n"
    )
    read_back = ds.con.execute(
        "select c1 from raw_customers order by row_number limit 1"
    ).fetchone()[0]

    assert len(note) > 3_000_000
    assert read_back == note
    assert accounting(ds) == (3, 3, 0)
    assert figures(ds) == (3, 2, 66.67)


# --- problems deep in a file ------------------------------------------------

GOOD_ROWS = 30_000


def rows_from(start: int, count: int) -> str:
    """Rows of distinct users; every fourth one (0, 4, 8, ...) became a customer."""
    return "".join(
        f"u{i}@example.com,2024-01-{1 + i % 28:02d},{'yes' if i % 4 == 0 else 'no'}\n"
        for i in range(start, start + count)
    )


def deep_file(bad_row: str) -> str:
    """30,000 good rows, the bad row (line 30,002 with the header), 5 good rows."""
    return (
        "email,registered_at,activated\n"
        + rows_from(0, GOOD_ROWS)
        + bad_row
        + rows_from(GOOD_ROWS, 5)
    )


def set_aside_lines(ds: Dataset) -> list[str]:
    """Where the rows set aside while reading are, thousands separators dropped."""
    return [row.row.replace(",", "") for row in ds.raw.set_aside]


def test_a_wider_row_after_30000_rows_is_set_aside_by_its_line_and_the_rest_count():
    ds = load_text(deep_file("late@example.com,2024-01-05,no,surplus\n"))

    assert set_aside_lines(ds) == ["line 30002"]
    assert ds.raw.set_aside[0].reason == texts.too_many_fields(3)
    assert "surplus" in ds.raw.set_aside[0].excerpt
    assert accounting(ds) == (30_006, 30_005, 1)
    # Customers: 0, 4, ..., 29,996 is 7,500 of the first 30,000; of 30,000 to
    # 30,004, two (30,000 and 30,004). 30,005 - 7,502 = 22,503 never bought.
    assert figures(ds) == (30_005, 22_503, 75.0)


def test_a_quote_and_a_comma_inside_a_value_after_30000_rows_is_never_silent():
    bad = 'late@example.com,2024-01-05,He said "hi, there"\n'
    try:
        ds = load_text(deep_file(bad))
    except ReadError as refused:
        assert "30,002" in str(refused)
        return

    assert set_aside_lines(ds) == ["line 30002"]
    assert accounting(ds) == (30_006, 30_005, 1)
    assert figures(ds) == (30_005, 22_503, 75.0)


def test_an_unclosed_quote_after_30000_rows_refuses_the_file_naming_its_line():
    with pytest.raises(ReadError) as refused:
        load_text(deep_file('late@example.com,2024-01-05,"no\n'))

    assert "Line 30,002 " in str(refused.value)


# --- garbled text and mangled ids -------------------------------------------


@pytest.mark.parametrize(
    "name", ["José", "Zoë", "Müller", "Øyvind", "Özlem", "Àngel", "O’Brien"]
)
def test_a_name_decoded_twice_on_its_way_here_is_flagged_and_shown_as_written(name):
    # What a tool does when it reads UTF-8 as Windows-1252 and saves it again:
    # "José" becomes "JosÃ©".
    garbled = name.encode("utf-8").decode("cp1252")
    ds = load_text(
        f"email,first_name,registered_at\nana@example.com,{garbled},2024-01-05\n"
    )

    assert texts.DOUBLE_DECODED in ds.raw.notes
    assert users(ds, "display_name") == [(garbled,)]


@pytest.mark.parametrize(
    "name", ["José", "Zoë", "Øyvind", "Özlem", "Àngel", "O’Brien", "SÃO PAULO"]
)
def test_a_name_written_correctly_raises_no_garbled_text_note(name):
    ds = load_text(
        f"email,first_name,registered_at\nana@example.com,{name},2024-01-05\n"
    )

    assert texts.DOUBLE_DECODED not in ds.raw.notes
    assert users(ds, "display_name") == [(name,)]


def test_ids_in_scientific_notation_are_flagged_and_never_merge_two_people():
    # Excel rounded two different ids to the same 7.02255E+12.
    ds = load_text(
        "customer_id,email,registered_at,total_orders\n"
        "7.02255E+12,ana@example.com,2024-01-05,0\n"
        "7.02255E+12,bo@example.com,2024-01-06,1\n"
        "7.02256E+12,cy@example.com,2024-01-07,0\n"
    )

    assert ds.mapping.warnings == [texts.ids_mangled("customer_id")]
    assert "user_key" not in ds.mapping.roles
    assert accounting(ds) == (3, 3, 0)
    assert figures(ds) == (3, 2, 66.67)


def test_mangled_ids_without_an_email_column_still_count_every_row():
    ds = load_text(
        "Customer ID,First Name,Created At,Total Orders\n"
        "7.02255E+12,Ana,2024-01-05,0\n"
        "7.02255E+12,Bo,2024-01-06,1\n"
        "7.02255E+12,Cy,2024-01-07,0\n"
    )

    assert ds.mapping.warnings == [texts.ids_mangled("Customer ID")]
    assert users(ds, "display_name") == [("Ana",), ("Bo",), ("Cy",)]
    assert figures(ds) == (3, 2, 66.67)


# --- the headless command ---------------------------------------------------


def run_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nonactivated", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_on_a_missing_file_exits_1_with_a_plain_message(tmp_path):
    missing = tmp_path / "nowhere.csv"

    done = run_command(str(missing))

    assert done.returncode == 1
    assert done.stdout == ""
    assert "nowhere.csv" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_command_on_an_empty_file_exits_1_saying_it_is_empty(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")

    done = run_command(str(empty))

    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == f"empty.csv: {texts.FILE_EMPTY}"


def test_the_command_prints_the_four_headline_figures_as_json(tmp_path):
    # Last day 10 Mar 2024; the 30 days before it start on 10 Feb. ana bought on
    # 5 Mar, inside them; bo and cy never bought: 2 of 3 is 66.67 %.
    path = tmp_path / "signups.csv"
    path.write_text(
        "email,registered_at,activated_at\n"
        "ana@example.com,2024-03-01,2024-03-05\n"
        "bo@example.com,2024-03-02,\n"
        "cy@example.com,2024-03-10,\n"
    )

    done = run_command(str(path), "--json")
    report = json.loads(done.stdout)

    assert done.returncode == 0, done.stderr
    assert report["as_of"] == "2024-03-10"
    assert {
        key: report[key]
        for key in (
            "all_users",
            "non_activated_users",
            "non_activated_pct",
            "new_customers",
        )
    } == {
        "all_users": 3,
        "non_activated_users": 2,
        "non_activated_pct": 66.67,
        "new_customers": 1,
    }


def test_one_late_date_with_a_day_above_12_decides_a_long_column():
    # 150,000 dates that read either way, then one that only reads day-first;
    # the format is chosen on a sample, but the order is checked on every row.
    lines = ["email,signup_date"]
    lines += [
        f"u{i}@example.com,0{1 + i % 9}/0{1 + i % 7}/2021" for i in range(150_000)
    ]
    lines.append("late@example.com,25/12/2021")
    ds = dataset.load(("\n".join(lines) + "\n").encode(), "long.csv")
    signup = ds.raw.columns.index("signup_date")
    assert ds.mapping.date_formats[signup].order == "day-first"
    assert not ds.mapping.date_formats[signup].ambiguous
    assert ds.mapping.questions == []
    late = ds.con.execute(
        "select registered_at from users where email = 'late@example.com'"
    ).fetchone()[0]
    assert late.isoformat() == "2021-12-25T00:00:00"
