"""Every word the app's users read, kept together so they can be reviewed at once.

Written for shop staff who have never heard of SQL: "registered but never
bought" rather than jargon, dates like "3 Mar 2025", thousands separators.
"""

from __future__ import annotations

import datetime as dt
import math

APP_TITLE = "Registered but never bought"
APP_SUBTITLE = (
    "How many people signed up but have not become customers yet, how that moves, "
    "and where they come from."
)

# --- reading files ----------------------------------------------------------
FILE_EMPTY = "The file is empty: it has no rows to read. Export it again and upload it."
OLD_EXCEL = (
    "This is an old Excel file (.xls). Open it in Excel and save it as "
    '"Excel Workbook (.xlsx)" or "CSV UTF-8", then upload that.'
)
OUT_OF_MEMORY = (
    "The file is too large to work with here. Upload fewer columns or fewer rows "
    "(for example one year at a time)."
)
DOUBLE_DECODED = (
    'Some letters look garbled (like "JosÃ©" for "José"): the file was probably '
    "re-saved with the wrong encoding before it reached us. The text is shown as it "
    "is in the file."
)
SET_ASIDE_FOOTER = "A line after the data that is not a user (a report footer or total)"
SET_ASIDE_UNREADABLE = "The line could not be read"
SET_ASIDE_EMPTY_ROW = "An empty row"
SET_ASIDE_DUPLICATE = "The same person appears again (counted once)"
SET_ASIDE_NO_REGISTRATION = "No registration date"
SET_ASIDE_BAD_REGISTRATION = "The registration date could not be read"
SET_ASIDE_FUTURE_REGISTRATION = "Registered after the latest date in the file"


def unreadable_text(detail: str) -> str:
    return (
        "We could not read this file as a table. Check that it is a CSV or text "
        'export, or save it again as "CSV UTF-8" from Excel. '
        f"(What the reader said: {detail})"
    )


def unreadable_excel(detail: str) -> str:
    return (
        "We could not open this Excel workbook; it may be damaged or protected "
        f"with a password. Save it again as .xlsx or CSV UTF-8. ({detail})"
    )


def unreadable_parquet(detail: str) -> str:
    return f"We could not read this Parquet file. ({detail})"


def unclosed_quote(line: int) -> str:
    return (
        f'Line {line:,} opens a quotation mark (") that is never closed, so the rows '
        "after it cannot be told apart. Fix that line in the file (or export it again) "
        "and upload it once more."
    )


def too_many_fields(expected: int) -> str:
    return f"Has more values than the {expected} columns of the header"


def too_few_fields(expected: int) -> str:
    return f"Has fewer values than the {expected} columns of the header"


def footer_ignored(lines: int) -> str:
    return f"{lines:,} line{'s' if lines != 1 else ''} after the data were ignored."


def excel_sheet(name: str, sheets: int) -> str:
    if sheets > 1:
        return (
            f'Read the first sheet with data, "{name}" ({sheets} sheets in the file).'
        )
    return f'Read the sheet "{name}".'


def ambiguous_dates(column: str, example: str | None) -> str:
    shown = f' (for example "{example}")' if example else ""
    return (
        f'The dates in "{column}"{shown} could be day-first or month-first. We read '
        "them day-first. Please confirm on the Your data page."
    )


# --- activation rules -------------------------------------------------------
EMPTY_LABEL = "(empty)"
NOT_SET = "(not set)"
RULE_ORDERS_FILE = "Has an order in the orders file (the earliest order counts)"
NO_RULE = (
    "We could not find a column that says who became a customer. Choose one on the "
    "Your data page."
)


def rule_time(column: str) -> str:
    return f'Has a date in "{column}" on or before the chosen day'


def rule_order_count(column: str) -> str:
    return f'"{column}" is above 0'


def rule_verified(column: str) -> str:
    return f'"{column}" says yes'


def rule_values(column: str, values: list[str]) -> str:
    joined = ", ".join(f'"{v}"' for v in values)
    return f'"{column}" is {joined}'


# --- numbers ----------------------------------------------------------------
def count(value: int | float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not available"
    return f"{int(round(value)):,}"


def share(value: float | None, decimals: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not available"
    return f"{value:.{decimals}f} %"


def day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "no date"
    return f"{value.day} {value:%b %Y}"


ORDERS_NOT_LINKED = (
    "We could not find a column that links the orders file to the customers file "
    "(such as the e-mail address or the customer ID in both). The orders file is "
    "not used."
)

NO_COMPARISON = "No earlier period to compare with."
UNCHANGED = "Unchanged from the period before."
ROSE_GOOD = "Up from the period before: good."
ROSE_BAD = "Up from the period before: worse."
FELL_GOOD = "Down from the period before: good."
FELL_BAD = "Down from the period before: worse."
