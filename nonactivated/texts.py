"""Every word the app's users read, kept together so they can be reviewed at once.

Written for shop staff who have never heard of SQL: "registered but never
bought" rather than jargon, dates like "3 Mar 2025", thousands separators.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def md(text: str) -> str:
    """Text from a file (a column name, a value) made safe to show where Streamlit
    reads Markdown: shown as written, never as formatting or a link."""
    escaped = MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
    # Streamlit turns "--" into a dash even when escaped; a zero-width space
    # between the two keeps them as typed.
    return escaped.replace("\\-\\-", "\\-\u200b\\-")


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
SET_ASIDE_FUTURE_REGISTRATION = "The registration date is in the future (a typo?)"


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


def data_row(number: int) -> str:
    return f"data row {number:,}"


def too_many_fields(expected: int) -> str:
    return f"Has more values than the {expected} columns of the header"


def too_few_fields(expected: int) -> str:
    return f"Has fewer values than the {expected} columns of the header"


def footer_ignored(lines: int) -> str:
    if lines == 1:
        return "1 line after the data was ignored."
    return f"{lines:,} lines after the data were ignored."


def excel_sheet(name: str, sheets: int) -> str:
    if sheets > 1:
        return (
            f'Read the sheet "{name}", the largest of the {sheets} sheets. To use '
            "another, save that sheet alone as CSV and upload it."
        )
    return f'Read the sheet "{name}".'


def ambiguous_dates(column: str, example: str | None) -> str:
    shown = f' (for example "{example}")' if example else ""
    return (
        f'The dates in "{column}"{shown} could be day-first or month-first. We read '
        "them day-first. Please confirm on the Your data page."
    )


def times_read_as_utc(column: str) -> str:
    return (
        f'Some times in "{column}" do not say their time zone. We read them as UTC, '
        "and days are counted in UTC."
    )


# --- activation rules -------------------------------------------------------
EMPTY_LABEL = "(empty)"
NOT_SET = "(not set)"
RULE_ORDERS_FILE = "Has an order in the orders file (the earliest order counts)"
NO_RULE = (
    "We could not find a column that says who became a customer (such as a first "
    "order date, a number of orders or a status), so there is nothing to count yet. "
    "Choose one on the Your data page, or add an orders file in the sidebar."
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


def rounded(value: float, decimals: int = 2) -> float:
    """Round halves up from the value as written (89.475 gives 89.48), as people do
    by hand; plain float rounding would give 89.47."""
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))


def share(value: float | None, decimals: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not available"
    return f"{rounded(value, decimals):.{decimals}f} %"


def day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "no date"
    return f"{value.day} {value:%b %Y}"


ORDERS_NOT_LINKED = (
    "We could not find a column that links the orders file to the customers file "
    "(such as the e-mail address or the customer ID in both). The orders file is "
    "not used."
)


# --- sidebar ----------------------------------------------------------------
UPLOAD_HELP = (
    "A CSV, text, Excel or Parquet export of your customers, sign-ups or leads, "
    "from Shopify, Salesforce, HubSpot, Stripe, Mailchimp, Magento, WooCommerce or "
    "any other tool. Up to 200 MB."
)
ORDERS_UPLOAD_HELP = (
    "Optional: an export of orders, payments or closed deals. When your customer "
    "file has no first-order date, the earliest order of each person gives it."
)
LOADING = "Reading your file… (a million rows take several seconds)"
AS_OF_HELP = (
    "Figures count everyone registered by the end of this day, and who had bought "
    "by then. It starts on the latest date in your data."
)
NO_DATES_AS_OF = (
    "Your file has no registration dates, so the figures are as of the day it "
    "was exported."
)
FLAG_AS_OF = (
    "Your rule for a customer has no date, so the figures are as of the latest date "
    "in the file, the day it was exported."
)
PERIOD_HELP = (
    "New customers are counted over this many days up to the chosen day; every "
    "figure is compared with the same length of time just before."
)
SAMPLE_NOTE = (
    "You are looking at a made-up sample shop. Upload your own export in the "
    "sidebar to see your figures; the sample is replaced everywhere."
)


def showing_file(name: str, rows: int) -> str:
    return f'Showing your file "{name}" ({rows:,} rows read). Only you can see it.'


def not_dates(column: str) -> str:
    return f'"{column}" does not hold dates we can read, so it cannot date activation.'


# --- overview ---------------------------------------------------------------
NON_ACTIVATED = "Registered, never bought"
NON_ACTIVATED_PCT = "Share never bought"
ALL_USERS = "All registered users"
NEW_CUSTOMERS = "New customers"
NON_ACTIVATED_HELP = (
    "People who registered by the end of the chosen day and had not become "
    "customers by then (often called non-activated users). Fewer is better."
)
NON_ACTIVATED_PCT_HELP = (
    "Registered-but-never-bought people divided by all registered users. It can "
    "fall while the count grows, when many new people sign up."
)
ALL_USERS_HELP = "Everyone who had registered by the end of the chosen day."
NEW_CUSTOMERS_HELP = (
    "People whose first purchase (or other activation) fell in the chosen period. "
    "Each one leaves the never-bought group."
)
NO_TIME_HELP = (
    "Your rule for a customer has no date, so we cannot tell when people became "
    "customers. Add a first-order date or an orders file to see this."
)
HOW_THEY_CONNECT_TITLE = "What these numbers mean and how they connect"
HOW_THEY_CONNECT = """
- **All registered users** is everyone who had signed up by the end of the chosen day.
- **Registered, never bought** is the part of them who had not become customers
  by then. It is a count at one moment, like stock on a shelf.
- **Share never bought** is the first number divided by the second. Read both
  together: the count can grow while the share falls, because more people sign up.
- **New customers** are people who became customers during the period. Each new
  customer takes one person out of the never-bought group; each new sign-up adds one.
- Arrows compare with the same length of time just before. For the never-bought
  figures, **down is good** (shown in green).
"""
TREND_TITLE = "How it moved"
GRAIN_LABEL = "Show the value at the end of each"
TREND_CAPTION = (
    "Each point is the number at the end of that day, week or month: everyone "
    "registered by then who had not bought by then."
)
FLAG_ONLY_TREND = (
    "Your rule for a customer has no date, so we cannot tell how many had bought "
    "at each earlier moment. Instead, this shows the people who registered in each "
    "period and how many of them have not bought as of the export."
)
NO_TREND_WITHOUT_DATES = (
    "Your file has no registration dates, so the figures are for the day it was "
    "exported and there is no trend to draw. Add a column with each person's "
    "sign-up date to see how the number moves."
)
SHOW_TABLE = "Show the numbers as a table"
NO_USERS = "There are no registered users in this file."
NO_USERS_IN_VIEW = "No registered users match these filters."
CLEAR_FILTERS = "Clear all filters"


def rule_line(rule_text: str, as_of, has_dates: bool) -> str:
    when = f"as of **{day(as_of)}**" if has_dates else "as of the export"
    return f"Counted as a customer when: **{md(rule_text)}** · Figures {when}."


def delta_count(now: int | None, before: int | None) -> str | None:
    """The change against the period before, short enough for a metric card."""
    if now is None or before is None:
        return None
    return f"{now - before:+,}"


def delta_points(now: float | None, before: float | None) -> str | None:
    if now is None or before is None or math.isnan(now) or math.isnan(before):
        return None
    return f"{now - before:+.2f} pts"


def headline_sentence(figures, period_days: int) -> str:
    before = figures.previous_non_activated_users
    now = figures.non_activated_users
    if before is None:
        return (
            f"{count(now)} of {count(figures.all_users)} registered people "
            f"({share(figures.non_activated_pct)}) had never bought by the export."
        )
    if now == before:
        change = "the same as"
    elif now < before:
        change = f"**{before - now:,} fewer** (good) than"
    else:
        change = f"**{now - before:,} more** (worse) than"
    return (
        f"{count(now)} of {count(figures.all_users)} registered people "
        f"({share(figures.non_activated_pct)}) had never bought: {change} "
        f"{period_days} days earlier, on {day(figures.previous_end)}."
    )


# --- slices -----------------------------------------------------------------
SLICES_TITLE = "Where they come from"
WAITING_TITLE = "How long they have been waiting"
WAITING_CAPTION = (
    "People who never bought, by the time since they registered, as of the "
    "chosen day. Labels show each group's share of them."
)
NO_WAITING_WITHOUT_DATES = (
    "Your file has no registration dates, so we cannot say how long people have "
    "waited. Add a column with each person's sign-up date."
)
NO_SLICES = (
    "Your file has no columns to split people by (such as country, source or "
    "device). You can choose some on the Your data page."
)
SLICES_CAPTION = (
    "Bars count the people who never bought in each group; labels give the share "
    "of that group who never bought."
)


def more_values(hidden: int) -> str:
    return f"{hidden:,} smaller groups are not drawn; the table below lists them all."


def slice_table(frame):
    return (
        frame.rename(
            columns={
                "slice_label": "Column",
                "slice_value": "Value",
                "all_users": "Registered",
                "non_activated_users": "Never bought",
                "non_activated_pct": "Share of the group never bought (%)",
                "share_of_non_activated_pct": "Part of all who never bought (%)",
            }
        )
        .drop(columns="slice")
        .round(2)
    )


# --- people -----------------------------------------------------------------
PEOPLE_TITLE = "The people behind the number"
MARKETING_ONLY = "Only people who accepted marketing"
MARKETING_ONLY_HELP = "Keep only people whose file says they accept marketing."
NO_CONSENT_COLUMN = "Your file has no column saying who accepts marketing."
NO_PEOPLE = "Nobody matches: everyone in this view has bought."
PEOPLE_COUNT = "People in this list"
DOWNLOAD_CSV = "Download as CSV"
DOWNLOAD_EXCEL = "Download as Excel"
PEOPLE_PRIVACY = (
    "Downloads are made safe for spreadsheets: text that Excel would run as a "
    "formula starts with an apostrophe."
)


def first_rows_shown(shown: int, total: int) -> str:
    return f"Showing the newest {shown:,} of {total:,}; the downloads hold everyone."


# --- your data --------------------------------------------------------------
DATA_TITLE = "Your data"
WHAT_WAS_READ = "What was read"
ROWS_TITLE = "Rows"
ROWS_READ = "Rows read"
ROWS_USED = "Rows used"
ROWS_SET_ASIDE = "Rows set aside"
NOTHING_SET_ASIDE = "Every row was used."
RULE_TITLE = "Who counts as a customer"
RULE_NOW = "Now:"
RULE_KINDS = {
    "time": "They have a date of activation or first order",
    "order_count": "Their number of orders is above 0",
    "values": "A status column has one of chosen values",
    "verified": "Their e-mail is verified",
    "orders_file": "They appear in the orders file",
}
RULE_KIND_LABEL = "Count someone as a customer when"
RULE_COLUMN_LABEL = "Using the column"
RULE_VALUES_LABEL = "Values that mean customer (for a status column)"
RULE_VALUES_HELP = "Pick every spelling that means the person became a customer."
APPLY_RULE = "Use this rule"
DATES_TITLE = "How dates are written"
CONFIRM_DATES = "Confirm"
MAPPING_TITLE = "What each column means"
MAPPING_CAPTION = (
    "We guessed these from the column names and values. Change any that are wrong; "
    "the figures on every page follow."
)
NOT_IN_FILE = "— not in this file —"
EXTRA_SLICES_LABEL = "Other columns to split people by"
EXTRA_SLICES_HELP = "Up to 8 columns such as plan, campaign or region."
APPLY_MAPPING = "Use these columns"
PREVIEW_TITLE = "First rows of the file"
ZONE_NOTE = (
    "Times with a zone (like +02:00 or Z) are converted to UTC; times without one "
    "are taken as UTC. Days are counted in UTC."
)


def date_order_question(column: str, example: str | None) -> str:
    shown = f' (for example "{example}")' if example else ""
    return f'Dates in "{column}"{shown} are written'


def date_order_option(order: str, example: str | None) -> str:
    return (
        "day first (3/9 is 3 September)"
        if order == "day-first"
        else ("month first (3/9 is 9 March)")
    )


def file_facts(current) -> list[tuple[str, str]]:
    raw = current.raw
    facts = [("File", current.label), ("Kind", raw.file_type)]
    if raw.encoding:
        facts.append(("Encoding", raw.encoding))
    if raw.delimiter_name:
        facts.append(("Separator", raw.delimiter_name))
    facts.append(("Columns", f"{len(raw.columns):,}"))
    facts.append(
        ("Layout recognised", current.mapping.layout or "none; columns guessed")
    )
    if current.orders is not None:
        facts.append(("Orders file", current.orders.file_name))
    facts.append(("Times", ZONE_NOTE))
    return facts


def orders_matched(matched: int, orders) -> str:
    people = "person" if matched == 1 else "people"
    return (
        f'{matched:,} {people} matched an order in "{orders.file_name}" '
        f"({orders.rows_read:,} rows read from it)."
    )


def ids_mangled(column: str) -> str:
    return (
        f'The values in "{column}" were turned into rounded numbers (like '
        "7.02255E+12), which happens when a file is opened and saved in Excel. "
        "Different people may now share one value, so we do not use that column to "
        "tell people apart. To keep the ids, export the file again and upload it "
        "without opening it in Excel."
    )


def file_facts_markdown(current) -> str:
    return "\n".join(
        f"- **{name}:** {md(value)}" for name, value in file_facts(current)
    )


COUNTED_CUSTOMER = "a customer"
COUNTED_NOT = "not a customer"
COUNTED_UNKNOWN = "unknown (empty), so not a customer"
COUNTED_NOT_UNDERSTOOD = "a word we do not understand, so not a customer"
RULE_BREAKDOWN = "How each value of that column is counted (rows of the file):"


def file_line(number: int) -> str:
    return f"line {number:,}"


DOWNLOAD_SET_ASIDE = "Download the list of rows set aside"

UPLOAD_KEPT_NOTE = (
    "Your files stay in this browser tab only. Reloading the page starts again "
    "from the sample; the filters in the address bar are kept."
)


def still_showing(current) -> str:
    if current.is_sample:
        return "Still showing the made-up sample shop."
    return f'Still showing "{current.label}".'


CHOOSE_RULE = "Choose who counts as a customer"


def trend_table(frame):
    """The trend for reading: dates as days, shares with two decimals."""
    return frame.assign(
        period_end=frame["period_end"].map(day),
        non_activated_pct=frame["non_activated_pct"].round(2),
    )[
        [
            "period_end",
            "all_users",
            "non_activated_users",
            "non_activated_pct",
            "new_registrations",
            "new_customers",
        ]
    ].rename(
        columns={
            "period_end": "At the end of",
            "all_users": "All registered",
            "non_activated_users": "Never bought",
            "non_activated_pct": "Share never bought (%)",
            "new_registrations": "Registered in the period",
            "new_customers": "Became customers in the period",
        }
    )


def cohort_table(frame):
    return frame.assign(
        period_start=frame["period_start"].map(day),
        non_activated_pct=frame["non_activated_pct"].round(2),
    ).rename(
        columns={
            "period_start": "Registered in the period starting",
            "new_registrations": "Registered",
            "still_non_activated": "Never bought",
            "non_activated_pct": "Share never bought (%)",
        }
    )


NOT_A_TABLE = (
    "This file does not look like a table of customers: we could not find rows and "
    "columns in it. Upload a CSV or text export, an Excel workbook (.xlsx) or a "
    'Parquet file; from Excel, use "Save as" and choose "CSV UTF-8".'
)


def too_many_columns(found: int, limit: int) -> str:
    return (
        f"The file has {found:,} columns; we read at most {limit:,}. Export only the "
        "columns you need (the customer, dates, status and a few groupings)."
    )


NO_RULE_HEADLESS = (
    "no column says who became a customer (such as a first order date, a number "
    "of orders or a status), so there is nothing to count. Add an orders file as "
    "the second argument, or open the file in the app and choose the rule there."
)


def as_of_after_data(last) -> str:
    return (
        f"Note: the latest date in the data is {day(last)}; figures after it assume "
        "nothing changed since."
    )


def pretty_name(name: str) -> str:
    """registration_source reads as "Registration source"; other names stay."""
    if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", name):
        return name.replace("_", " ").capitalize()
    return name


HIDDEN = "(hidden here; see People)"

NO_RULE_AS_OF = "Choose who counts as a customer on the Your data page to see figures."

WHO_IS_ONE_PERSON = (
    "Rows with the same customer ID, or without IDs the same e-mail address in any "
    "letter case, are one person: their earliest sign-up counts, and a purchase on "
    "any of them makes them a customer. The same e-mail under two different IDs "
    "counts as two people."
)


# --- a team's database as the data source (database.py, database_model.py) -----

DATA_FROM_FILE = "A file"
DATA_FROM_DATABASE = "A database connection"
DATA_FROM_LABEL = "Where the users are"
CONNECTION_LABEL = "Connection"
SOURCE_LABEL = "Table, view or saved query"
SOURCE_PLACEHOLDER = "Choose one"
CONNECTION_HELP = (
    "Connections come from the app's secrets (.streamlit/secrets.toml), set up by "
    "whoever runs the app. The password is never shown."
)
DATABASE_NOTE = (
    "The figures are computed by the database itself; only the results come to "
    "the app. Limits of this first version: dates must be stored as dates or "
    "times (not as text), each row counts as one person (repeated people are not "
    "merged), there is no orders file, and the preview and the rule's values are "
    "read from the first 1,000 rows."
)


def db_saved_query_not_select(key: str) -> str:
    return (
        f"Connection {key}: the saved query is not a single SELECT statement that "
        "can be read, so it is not used. Ask whoever wrote it in the secrets."
    )


CONNECTING = "Connecting to the database..."


def saved_query_label(name: str) -> str:
    return f"Saved query: {name}"


def database_label(key: str, source: str) -> str:
    return f"{source} (database connection {key})"


def showing_database(label: str, rows: int) -> str:
    return f"Showing {label}: {rows:,} rows, counted by the database."


def db_unknown_type(key: str, kind: str) -> str:
    return (
        f"Connection {key}: the type {kind!r} has no driver in this app; "
        'PostgreSQL (type = "postgresql") does.'
    )


def db_missing_settings(key: str, missing: list[str]) -> str:
    return f"Connection {key}: the secrets lack {', '.join(missing)}."


def db_bad_number(key: str) -> str:
    return (
        f"Connection {key}: the port or the time limit in the secrets is not a number."
    )


def db_wrong_password(key: str) -> str:
    return (
        f"Connection {key}: the database refused the user name or password. Ask "
        "whoever set up the app's secrets to check them."
    )


def db_unreachable(key: str) -> str:
    return (
        f"Connection {key}: the database server could not be reached. It may be "
        "down, or the host or port in the secrets may be wrong."
    )


def db_missing_database(key: str) -> str:
    return f"Connection {key}: the database named in the secrets does not exist."


def db_missing_table(key: str) -> str:
    return (
        f"Connection {key}: the table or view is not there (any more). It may have "
        "been renamed or removed; choose another."
    )


def db_missing_column(key: str) -> str:
    return (
        f"Connection {key}: a column the app reads is not in the table (any more). "
        "Choose the table again so its columns are read afresh."
    )


def db_no_permission(key: str) -> str:
    return (
        f"Connection {key}: this user has no permission to read that table. Ask "
        "the database's owner to grant SELECT on it."
    )


def db_timeout(key: str, seconds: float) -> str:
    return (
        f"Connection {key}: the database took longer than the time limit "
        f"({seconds:g} s) and the question was stopped. Try a narrower filter."
    )


def db_read_only(key: str) -> str:
    return f"Connection {key}: the app only reads, and the database refused a change."


def db_failed(key: str) -> str:
    return f"Connection {key}: the database could not answer the question."


def db_no_columns(key: str) -> str:
    return f"Connection {key}: the table or query has no columns."


def db_text_dates(column: str) -> str:
    return (
        f"{column} holds dates as text; this version reads dates from a database "
        "only when they are stored as dates or times, so it is not used."
    )


DB_PAGE_NOT_READY = (
    "This page does not work on a database connection yet: it needs the data "
    "loaded from a file. The other pages show the database's figures."
)


def db_set_aside_where(column: str) -> str:
    return f'in the database, where "{column}" is empty or after tomorrow'
