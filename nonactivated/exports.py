"""Downloads of the people list as CSV and Excel, safe to open in a spreadsheet.

Text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab
or a carriage return, or their full-width forms) gets a leading apostrophe;
numbers, including negative ones, stay numbers.
"""

from __future__ import annotations

import io
import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value):
    """The value, made inert if a spreadsheet would treat it as a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


# Numbers a spreadsheet shows as written: no leading zero (zip codes, ids) and few
# enough digits that Excel does not turn them into 7.0E+12.
SPREADSHEET_NUMBER = re.compile(r"-?(0|[1-9]\d{0,10})(\.\d+)?")


# A spreadsheet user reads "yes" and "no", not Python's True and False.
YES_NO = {True: "yes", False: "no"}


def safe_frame(frame: pd.DataFrame, numbers_as_numbers: bool = False) -> pd.DataFrame:
    """A copy with formula-like text made inert and yes/no columns in words; with
    ``numbers_as_numbers``, text columns that hold only plain numbers become
    numbers (decided per column)."""
    safe = frame.copy()
    for column in safe.columns:
        # DuckDB gives yes/no columns a boolean type, with or without gaps.
        if pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].map(YES_NO, na_action="ignore")
            continue
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            present = safe[column].dropna()
            if (
                numbers_as_numbers
                and len(present)
                and present.map(
                    lambda v: (
                        isinstance(v, str) and bool(SPREADSHEET_NUMBER.fullmatch(v))
                    )
                ).all()
            ):
                safe[column] = pd.to_numeric(safe[column])
                continue
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    # A byte-order mark makes Excel open the file as UTF-8, keeping accents intact.
    # With CRLF line ends the writer quotes a cell holding a bare carriage return,
    # which a spreadsheet would otherwise take for the end of a row.
    text = safe_frame(frame).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def to_excel_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    safe = safe_frame(frame, numbers_as_numbers=True)
    for column in safe.columns:
        if pd.api.types.is_datetime64_any_dtype(safe[column]):
            safe[column] = safe[column].dt.tz_localize(None)
    with pd.ExcelWriter(
        buffer,
        engine="xlsxwriter",
        engine_kwargs={
            "options": {"strings_to_formulas": False, "strings_to_urls": False}
        },
    ) as writer:
        safe.to_excel(writer, index=False, sheet_name="People")
    return buffer.getvalue()
