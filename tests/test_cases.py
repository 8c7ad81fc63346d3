"""Hard input cases: each file behaves as its folder's README.md says.

The first part reads the shared hard cases from ``shared/data/cases`` next to
the checkout. The second part writes small files of its own, as bytes, for the
encodings, delimiters and shapes the shared cases do not cover.
"""

import csv
import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from nonactivated import dataset, exports, formats, metrics, texts
from nonactivated.dataset import Dataset
from nonactivated.ingest import ReadError
from nonactivated.queries import Filters

CASES = Path(__file__).parents[2] / "shared" / "data" / "cases"
CASE_FILES = {
    "CRM-01_shopify_customers.csv",
    "DDB-02_hostile_headers.csv",
    "ING-01_utf8_bom.csv",
    "ING-02_cp1252_excel.csv",
    "ING-04_semicolon_decimal_comma.csv",
    "ING-05_unclosed_quote.csv",
    "ING-07_quoted_newlines.csv",
    "ING-09_empty.csv",
    "ING-10_header_only.csv",
    "ING-12_trailing_blank_and_footer.csv",
    "ING-14_ambiguous_dates.csv",
    "ING-16_iso_tz_mixed.csv",
    "ING-17_epoch_mixed.csv",
    "ING-19_boolean_spellings.csv",
    "ING-20_empty_vs_null.csv",
    "ING-22_leading_zeros.csv",
    "INJ-01_formula_cells.csv",
}
NO_FILTERS = Filters()


def cases_folder() -> Path:
    if not CASES.is_dir():
        pytest.fail(
            f"The shared hard-case files are missing: looked for the folder {CASES}. "
            "It sits next to the checkout, in shared/data/cases.",
            pytrace=False,
        )
    return CASES


def load_case(name: str) -> Dataset:
    path = cases_folder() / name
    return dataset.load(path.read_bytes(), path.name)


def load_bytes(data: bytes, name: str = "upload.csv") -> Dataset:
    return dataset.load(data, name)


def figures(ds: Dataset) -> tuple[int, int, float | None]:
    """All users, non-activated users and their share, as of the file's last day."""
    h = metrics.headline(ds, NO_FILTERS, ds.model.last_date)
    pct = None if h.non_activated_pct is None else round(float(h.non_activated_pct), 2)
    return h.all_users, h.non_activated_users, pct


def users(ds: Dataset, columns: str) -> list[tuple]:
    return ds.con.execute(f"select {columns} from users order by row_number").fetchall()


def column(ds: Dataset, name: str) -> int:
    return ds.raw.columns.index(name)


def with_slices(ds: Dataset, *names: str) -> Dataset:
    """The dataset with the named columns as its extra slices, as a user would pick."""
    extra = [column(ds, name) for name in names]
    return ds.remapped(replace(ds.mapping, extra_slices=extra))


def slot_of(ds: Dataset, label: str) -> str:
    return next(slot for slot, name in ds.model.slice_labels.items() if name == label)


def slice_counts(ds: Dataset, label: str, filters: Filters = NO_FILTERS) -> dict:
    """{value: (all users, non-activated users)} for one slice, as of the last day."""
    frame = metrics.slices(ds, filters, ds.model.last_date)
    frame = frame[frame["slice_label"] == label]
    return {
        row.slice_value: (int(row.all_users), int(row.non_activated_users))
        for row in frame.itertuples()
    }


def messages(ds: Dataset) -> list[str]:
    """Everything the app says about how the file was read."""
    mapping = ds.mapping
    return [*ds.raw.notes, *mapping.questions, *mapping.warnings, *mapping.notes]


# --- the shared hard cases --------------------------------------------------


def test_every_file_in_the_shared_cases_folder_has_a_test_here():
    present = {path.name for path in cases_folder().iterdir() if path.suffix == ".csv"}

    assert present == CASE_FILES


def test_a_utf8_file_with_a_byte_order_mark_names_its_first_column_cleanly():
    ds = load_case("ING-01_utf8_bom.csv")

    assert ds.raw.columns == ["email", "registered_at", "activated_at"]
    assert figures(ds) == (2, 1, 50.0)
    assert users(ds, "email, activated_ever") == [
        ("ana@example.com", False),
        ("bo@example.com", True),
    ]


def test_a_windows_1252_export_keeps_every_character_and_names_its_encoding():
    ds = with_slices(load_case("ING-02_cp1252_excel.csv"), "plan", "note")

    people = metrics.people(ds, NO_FILTERS, ds.model.last_date)

    assert ds.raw.encoding == "Windows-1252"
    assert people["Name"].tolist() == ["Zoë Exampleton", "René Sample"]
    assert people["Plan"].tolist() == ["Pro €", "Basic"]
    assert people["Note"].tolist() == ["Customer’s first login", "–"]


def test_a_semicolon_inside_quotes_stays_in_its_field_and_decimal_commas_read():
    ds = load_case("ING-04_semicolon_decimal_comma.csv")
    value = column(ds, "lifetime_value")
    comma = formats.uses_decimal_comma(ds.con, ds.raw.table, ds.raw.column_sql(value))
    mapping = ds.mapping.with_role("order_value", value)
    ds = ds.remapped(replace(mapping, decimal_commas={value: comma}))

    people = metrics.people(ds, NO_FILTERS, ds.model.last_date)

    assert ds.raw.delimiter == ";"
    assert ds.model.rows_used == 2
    assert users(ds, "email, first_order_value") == [
        ("ana@example.com", 97100.7),
        ("bo@example.com", 12.5),
    ]
    city = ds.con.execute("select c1 from raw_customers order by row_number")
    assert city.fetchall() == [("Köln; Innenstadt",), ("Wien",)]
    assert sorted(people["First order value"].tolist()) == [12.5, 97100.7]


def test_two_digit_years_read_as_2020_and_the_order_of_day_and_month_is_asked():
    ds = load_case("ING-04_semicolon_decimal_comma.csv")
    signup = column(ds, "signup_date")

    assert any("signup_date" in question for question in ds.mapping.questions)
    # Read day-first until the user answers: 4 July 2020, never the year 20 or 2004.
    assert users(ds, "registered_at") == [
        (dt.datetime(2020, 7, 4),),
        (dt.datetime(2020, 7, 5),),
    ]
    month_first = ds.mapping.date_formats[signup].with_order(formats.MONTH_FIRST)
    answered = ds.remapped(
        replace(ds.mapping, date_formats={signup: month_first}, questions=[])
    )
    assert users(answered, "registered_at") == [
        (dt.datetime(2020, 4, 7),),
        (dt.datetime(2020, 5, 7),),
    ]


def test_an_unclosed_quote_is_refused_with_a_message_naming_line_3():
    with pytest.raises(ReadError) as refused:
        load_case("ING-05_unclosed_quote.csv")

    assert "line 3 " in str(refused.value).lower()


def test_line_breaks_inside_quoted_fields_stay_inside_one_user():
    ds = with_slices(load_case("ING-07_quoted_newlines.csv"), "Mailing Street")

    assert figures(ds) == (2, 1, 50.0)
    assert users(ds, "user_key, extra_1") == [
        ("003A", "1 Example Way\nSuite 2"),
        ("003B", "value ends with newline\n"),
    ]


def test_an_empty_file_is_refused_with_a_message_saying_it_is_empty():
    with pytest.raises(ReadError) as refused:
        load_case("ING-09_empty.csv")

    assert "the file is empty" in str(refused.value).lower()


def test_a_header_without_rows_gives_zero_users_and_no_share():
    ds = load_case("ING-10_header_only.csv")
    as_of = ds.model.last_date

    assert figures(ds) == (0, 0, None)
    assert metrics.slices(ds, NO_FILTERS, as_of).empty
    assert metrics.trend(ds, NO_FILTERS, as_of, "month").empty
    waiting = metrics.waiting_time(ds, NO_FILTERS, as_of)
    assert waiting["non_activated_users"].tolist() == [0, 0, 0, 0, 0, 0]
    assert metrics.people(ds, NO_FILTERS, as_of).empty


def test_a_report_footer_after_blank_lines_is_set_aside_and_reported():
    ds = load_case("ING-12_trailing_blank_and_footer.csv")

    assert ds.raw.columns == ["Email", "Activated"]
    assert figures(ds) == (2, 1, 50.0)
    assert [row.excerpt for row in ds.raw.set_aside] == [
        '"Grand Totals (2 records)"',
        '"Confidential Information - Do Not Distribute"',
        '"Generated By:  Example User  1/2/2025 9:15 AM"',
    ]
    assert "3 lines after the data were ignored." in ds.raw.notes


def test_slash_dates_with_one_day_above_12_are_all_read_day_first():
    ds = load_case("ING-14_ambiguous_dates.csv")

    assert users(ds, "email, registered_at") == [
        ("ana@example.com", dt.datetime(2018, 9, 3)),
        ("bo@example.com", dt.datetime(2018, 9, 14)),
        ("cy@example.com", dt.datetime(2020, 2, 1)),
        ("di@example.com", dt.datetime(2017, 1, 12)),
    ]


def test_iso_times_with_other_zones_land_on_the_same_utc_instant():
    ds = load_case("ING-16_iso_tz_mixed.csv")

    assert users(ds, "email, registered_at") == [
        ("ana@example.com", dt.datetime(2025, 3, 30, 23, 30)),
        ("bo@example.com", dt.datetime(2025, 3, 30, 23, 30)),
        # Nanoseconds are cut to the microseconds a timestamp holds.
        ("cy@example.com", dt.datetime(2025, 4, 1, 0, 0, 0, 69866)),
        ("di@example.com", dt.datetime(2025, 4, 1)),
    ]


def test_iso_day_buckets_are_utc_days():
    ds = load_case("ING-16_iso_tz_mixed.csv")

    frame = metrics.trend(ds, NO_FILTERS, ds.model.last_date, "day")

    assert [
        (row.period_start.date(), int(row.new_registrations), int(row.all_users))
        for row in frame.itertuples()
    ] == [
        (dt.date(2025, 3, 30), 2, 2),
        (dt.date(2025, 3, 31), 0, 2),
        (dt.date(2025, 4, 1), 2, 4),
    ]


def test_the_zone_assumed_for_a_time_written_without_one_is_stated():
    ds = load_case("ING-16_iso_tz_mixed.csv")

    stated = [m for m in messages(ds) if "created_at" in m and "UTC" in m]

    assert stated, f"no message names the zone assumed; the app says {messages(ds)}"


def test_epoch_milliseconds_and_seconds_are_the_same_moment_and_a_blank_is_reported():
    ds = load_case("ING-17_epoch_mixed.csv")

    assert users(ds, "email, registered_at") == [
        ("ana@example.com", dt.datetime(2017, 6, 30, 3, 0)),
        ("bo@example.com", dt.datetime(2017, 6, 30, 3, 0)),
    ]
    assert ds.model.set_aside_counts == {texts.SET_ASIDE_NO_REGISTRATION: 1}
    assert [row.row for row in ds.model.set_aside_examples] == ["data row 3"]


def test_yes_and_no_spellings_decide_activation_and_other_words_do_not():
    ds = load_case("ING-19_boolean_spellings.csv")

    activated = [e for e, yes in users(ds, "email, activated_ever") if yes]

    assert activated == [f"u{n}@example.com" for n in (0, 2, 4, 6, 8, 11)]
    # 13 users, 6 activated; blank, NA and "Activated" are not a yes.
    assert figures(ds) == (13, 7, 53.85)


def test_unknown_and_unrecognised_yes_no_answers_are_counted_for_the_user():
    ds = load_case("ING-19_boolean_spellings.csv")
    answers = column(ds, "is_activated")

    profile = formats.profile_booleans(ds.con, ds.raw.table, ds.raw.column_sql(answers))

    assert (profile.yes, profile.no, profile.missing) == (6, 4, 2)
    assert profile.unrecognised == {"Activated": 1}


def test_empty_quoted_empty_null_and_na_cells_are_all_missing_in_every_column():
    ds = load_case("ING-20_empty_vs_null.csv")

    assert figures(ds) == (5, 4, 80.0)
    assert [(e, t) for e, t in users(ds, "email, activated_at") if t] == [
        ("en@example.com", dt.datetime(2024, 2, 1))
    ]
    by_plan = ds.remapped(ds.mapping.with_role("source", column(ds, "plan")))
    assert slice_counts(by_plan, "Plan") == {"Basic": (2, 2), "(not set)": (3, 2)}


def test_ids_and_zips_keep_their_leading_zeros():
    ds = with_slices(load_case("ING-22_leading_zeros.csv"), "zip")

    people = metrics.people(ds, NO_FILTERS, ds.model.last_date)

    assert users(ds, "user_key") == [("000123",), ("000124",), ("125",)]
    assert people["Zip"].tolist() == ["02134", "00501", "94107"]


def test_a_header_written_as_sql_shows_under_its_own_name_and_works_as_a_slice():
    ds = load_case("DDB-02_hostile_headers.csv")
    label = 'plan" FROM t; --'
    slot = slot_of(ds, label)

    assert ds.raw.columns == ["email", label, "status"]
    assert {v: n for v, (n, _) in slice_counts(ds, label).items()} == {
        "Basic": 1,
        "Pro": 1,
    }
    assert figures(ds)[0] == 2
    pro = metrics.headline(ds, Filters(slices=((slot, ("Pro",)),)), ds.model.last_date)
    assert pro.all_users == 1
    sneaky = metrics.headline(
        ds, Filters(slices=((slot, ("x' OR '1'='1",)),)), ds.model.last_date
    )
    assert sneaky.all_users == 0
    assert metrics.slice_values(ds)[slot] == ["Basic", "Pro"]


# Text a spreadsheet runs as a formula starts with one of these (or full width).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def formula_people():
    """The people list of the formula-cells case, with its text columns shown."""
    ds = load_case("INJ-01_formula_cells.csv")
    ds = with_slices(ds, "company", "note", "balance")
    return metrics.people(ds, NO_FILTERS, ds.model.last_date)


def test_downloaded_lists_neutralise_formula_text_and_keep_numbers():
    text = exports.to_csv_bytes(formula_people()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))

    # The file has no names, so the list has no name column.
    assert rows[0] == ["E-mail", "Company", "Note", "Balance"]
    assert len(rows) == 5 and all(len(row) == 4 for row in rows)
    header, *body = rows
    cells = {(row[0], name): row[i] for row in body for i, name in enumerate(header)}
    for (email, name), cell in cells.items():
        if name != "Balance":
            assert not cell.startswith(FORMULA_STARTS), (email, name, cell)
    assert [row[3] for row in body] == ["-50", "10", "0", "-0.5"]
    # The text itself is kept, after whatever makes it inert.
    assert cells[("ana@example.com", "Company")].endswith("=1+1")
    assert cells[("di@example.com", "Note")].endswith("\rleading CR")


def test_downloaded_workbooks_hold_no_formulas():
    workbook = exports.to_excel_bytes(formula_people())

    book = openpyxl.load_workbook(io.BytesIO(workbook))

    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = [c.value for c in cells if isinstance(c.value, str) and c.column in (2, 3)]
    assert all(not value.startswith(FORMULA_STARTS) for value in texts), texts
    balances = [row[3].value for row in book.active.iter_rows(min_row=2)]
    assert balances == [-50, 10, 0, -0.5]


def test_shopify_newer_layout_counts_customers_and_drops_the_apostrophe_of_zips():
    ds = load_case("CRM-01_shopify_customers.csv")
    ds = with_slices(ds, "Default Address Zip", "Tags")

    values = metrics.slice_values(ds)

    assert ds.mapping.layout is not None and "Shopify" in ds.mapping.layout
    assert figures(ds) == (2, 1, 50.0)
    assert sorted(values[slot_of(ds, "Default Address Zip")]) == ["02134", "07102"]
    assert sorted(values[slot_of(ds, "Tags")]) == ["(not set)", "vip, wholesale"]


# --- small files of our own -------------------------------------------------


def test_a_utf16_file_with_a_byte_order_mark_and_tabs_is_read():
    text = (
        "email\tregistered_at\tactivated_at\r\n"
        "zoë@example.com\t2024-01-05\t\r\n"
        "bo@example.com\t2024-01-06\t2024-01-07\r\n"
    )
    ds = load_bytes(text.encode("utf-16"), "users.txt")

    assert (ds.raw.encoding, ds.raw.delimiter) == ("UTF-16", "\t")
    assert figures(ds) == (2, 1, 50.0)
    assert users(ds, "email") == [("zoë@example.com",), ("bo@example.com",)]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_without_a_byte_order_mark_is_read(encoding):
    text = "email,registered_at,activated_at\nana@example.com,2024-01-05,\n"

    ds = load_bytes(text.encode(encoding), "users.csv")

    assert ds.raw.encoding == "UTF-16"
    assert users(ds, "email") == [("ana@example.com",)]


def test_a_program_file_named_csv_is_not_taken_for_utf16_text():
    # The start of a Linux program: zero bytes on both sides of each byte pair,
    # where UTF-16 text has them on one side only.
    program = (
        b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\x03\x00>\x00\x01\x00\x00\x00"
    ) * 200

    with pytest.raises(ReadError) as refused:
        load_bytes(program, "users.csv")

    assert str(refused.value) == texts.NOT_A_TABLE


def test_a_windows_1252_file_keeps_the_euro_sign():
    text = "email,plan\r\nana@example.com,Pro €\r\nbo@example.com,Café Basic\r\n"
    ds = with_slices(load_bytes(text.encode("cp1252")), "plan")

    assert ds.raw.encoding == "Windows-1252"
    assert users(ds, "extra_1") == [("Pro €",), ("Café Basic",)]


def test_semicolons_and_decimal_commas_give_the_right_first_order_values():
    text = (
        "email;registered_at;first_order_value\n"
        "ana@example.com;2024-01-05;1.234,50\n"
        "bo@example.com;2024-01-06;12,5\n"
        "cy@example.com;2024-01-07;0,99\n"
    )
    ds = load_bytes(text.encode())

    assert ds.raw.delimiter == ";"
    assert users(ds, "first_order_value") == [(1234.5,), (12.5,), (0.99,)]


def test_a_pipe_delimited_file_is_split_on_pipes():
    text = "email|plan|note\nana@example.com|Pro|a, b\nbo@example.com|Basic|c; d\n"
    ds = with_slices(load_bytes(text.encode()), "plan", "note")

    assert ds.raw.delimiter == "|"
    assert users(ds, "email, extra_1, extra_2") == [
        ("ana@example.com", "Pro", "a, b"),
        ("bo@example.com", "Basic", "c; d"),
    ]


def test_a_sep_line_at_the_top_chooses_the_delimiter_and_is_not_a_row():
    text = (
        "sep=;\r\nemail;name\r\nana@example.com;Doe, Ana\r\nbo@example.com;Roe, Bo\r\n"
    )
    ds = load_bytes(text.encode())

    assert (ds.raw.delimiter, ds.raw.columns) == (";", ["email", "name"])
    assert users(ds, "email, display_name") == [
        ("ana@example.com", "Doe, Ana"),
        ("bo@example.com", "Roe, Bo"),
    ]


def test_a_row_with_too_many_fields_is_set_aside_with_a_reason_and_counted():
    text = (
        "email,plan\n"
        "ana@example.com,Pro\n"
        "bo@example.com,Basic\n"
        "cy@example.com,Pro,oops\n"
        "di@example.com,Basic\n"
        "en@example.com,Pro\n"
    )
    ds = load_bytes(text.encode())
    set_aside = ds.raw.set_aside + ds.model.set_aside_examples

    assert [(row.row, bool(row.reason)) for row in ds.raw.set_aside] == [
        ("line 4", True)
    ]
    assert "oops" in ds.raw.set_aside[0].excerpt
    assert ds.model.rows_used == 4
    assert ds.raw.rows_read == 5 == ds.model.rows_used + len(set_aside)


def test_a_delimiter_at_the_end_of_every_row_adds_no_user_and_sets_none_aside():
    text = "email,plan,\nana@example.com,Pro,\nbo@example.com,Basic,\n"
    ds = load_bytes(text.encode())

    assert ds.raw.columns[:2] == ["email", "plan"]
    assert (ds.raw.rows_read, ds.model.rows_used, ds.raw.set_aside) == (2, 2, [])


def test_a_delimiter_at_the_end_of_every_data_row_only_sets_none_aside():
    text = "email,plan\nana@example.com,Pro,\nbo@example.com,Basic,\n"
    ds = with_slices(load_bytes(text.encode()), "plan")

    assert (ds.raw.rows_read, ds.model.rows_used, ds.raw.set_aside) == (2, 2, [])
    assert users(ds, "email, extra_1") == [
        ("ana@example.com", "Pro"),
        ("bo@example.com", "Basic"),
    ]


def test_columns_with_the_same_name_get_told_apart_and_keep_their_values():
    text = (
        "email,source,source\n"
        "ana@example.com,Web,Ads\n"
        "bo@example.com,Ads,Web\n"
        "cy@example.com,Web,Web\n"
    )
    ds = load_bytes(text.encode())

    assert ds.raw.columns == ["email", "source", "source (2)"]
    assert ds.mapping.roles["source"] == 1
    assert slice_counts(ds, "Source") == {"Web": (2, 2), "Ads": (1, 1)}


def test_the_same_customer_twice_is_counted_once_and_reported():
    text = (
        "customer_id,email,total_orders\n"
        "1,ana@example.com,0\n"
        "2,bo@example.com,3\n"
        "1,ana@example.com,0\n"
    )
    ds = load_bytes(text.encode())

    assert figures(ds) == (2, 1, 50.0)
    assert ds.model.set_aside_counts == {texts.SET_ASIDE_DUPLICATE: 1}
    assert [row.row for row in ds.model.set_aside_examples] == ["data row 3"]


def test_the_same_email_in_other_letter_case_is_one_person():
    text = "email,orders\nAna@Example.com,0\nana@example.com,0\nbo@example.com,1\n"
    ds = load_bytes(text.encode())

    assert figures(ds) == (2, 1, 50.0)


def test_an_excel_workbook_reads_its_first_sheet_with_data():
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    sheet = book.create_sheet("Customers")
    sheet.append(["Email", "Created At", "Total Orders", "Zip"])
    sheet.append(["ana@example.com", dt.datetime(2024, 1, 5, 10, 30), 0, "02134"])
    sheet.append(["bo@example.com", dt.datetime(2024, 1, 6), 2, "00501"])
    buffer = io.BytesIO()
    book.save(buffer)

    ds = with_slices(load_bytes(buffer.getvalue(), "customers.xlsx"), "Zip")

    assert ds.raw.file_type == "Excel workbook"
    assert any('"Customers"' in note for note in ds.raw.notes)
    assert figures(ds) == (2, 1, 50.0)
    assert users(ds, "email, registered_at, extra_1") == [
        ("ana@example.com", dt.datetime(2024, 1, 5, 10, 30), "02134"),
        ("bo@example.com", dt.datetime(2024, 1, 6), "00501"),
    ]


def test_a_parquet_file_is_read_with_its_own_column_names(tmp_path):
    path = tmp_path / "users.parquet"
    writer = duckdb.connect()
    writer.execute(
        f"""
        copy (
            select * from (values
                ('ana@example.com', '2024-01-05 10:00'::timestamp, null, 'DE'),
                ('bo@example.com', '2024-01-06'::timestamp, '2024-01-08', 'FR'),
                ('cy@example.com', '2024-01-07'::timestamp, null, 'DE')
            ) as t("E-mail", "Signed Up At", "Activated At", "Country")
        ) to '{path}' (format parquet)
        """
    )
    writer.close()

    ds = load_bytes(path.read_bytes(), "users.parquet")

    assert ds.raw.file_type == "Parquet"
    assert ds.raw.columns == ["E-mail", "Signed Up At", "Activated At", "Country"]
    assert figures(ds) == (3, 2, 66.67)
    assert slice_counts(ds, "Country") == {"DE": (2, 2), "FR": (1, 0)}


def test_the_rule_breakdown_lists_unknown_and_unrecognised_answers_with_counts():
    ds = load_case("ING-19_boolean_spellings.csv")
    breakdown = metrics.rule_breakdown(ds).set_index("Value")
    # Blank and NA are unknown (2 rows); "Activated" is not understood (1 row).
    assert breakdown.loc["(empty)", "Rows"] == 2
    assert "unknown" in breakdown.loc["(empty)", "Counted as"]
    assert breakdown.loc["Activated", "Rows"] == 1
    assert "not understand" in breakdown.loc["Activated", "Counted as"]
    customers = breakdown[breakdown["Counted as"] == "a customer"]["Rows"].sum()
    assert customers == 6


def test_every_set_aside_row_is_listed_with_where_it_is_and_why():
    ds = load_case("ING-12_trailing_blank_and_footer.csv")
    listed = metrics.set_aside_list(ds)
    # The three footer lines are lines 6, 7 and 8 of the file.
    assert listed["Where"].tolist() == ["line 6", "line 7", "line 8"]
    assert set(listed["Reason"]) == {texts.SET_ASIDE_FOOTER}
    accounting = metrics.row_accounting(ds)
    assert accounting["read"] == accounting["used"] + len(listed)


def test_a_quote_inside_the_header_is_named_instead_of_showing_an_empty_file():
    # Three rows under a header whose first name holds quotation marks, as a
    # spreadsheet formula would: without the check they vanished without a word.
    data = (
        b'=HYPERLINK("http://example.invalid/x","click"),registered_at,first_order_at\n'
        b"a@example.com,2025-01-01,\n"
        b"b@example.com,2025-01-02,2025-01-05\n"
        b"c@example.com,2025-01-03,\n"
    )
    with pytest.raises(ReadError) as refused:
        load_bytes(data)

    assert "Line 1, the line of column names" in str(refused.value)


def test_downloads_write_yes_and_no_for_a_yes_no_column():
    people = pd.DataFrame(
        {
            "E-mail": ["a@example.com", "b@example.com", "c@example.com"],
            "Accepts marketing": pd.array([True, False, None], dtype="boolean"),
        }
    )

    text = exports.to_csv_bytes(people).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    book = openpyxl.load_workbook(io.BytesIO(exports.to_excel_bytes(people)))
    cells = [row[1].value for row in book.active.iter_rows(min_row=2)]

    assert [row[1] for row in rows[1:]] == ["yes", "no", ""]
    assert cells == ["yes", "no", None]
