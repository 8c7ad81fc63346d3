"""Every word the app's users read, kept together so they can be reviewed at once.

Written for shop staff who have never heard of SQL: "registered but never
bought" rather than jargon, dates like "3 Mar 2025", thousands separators.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

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


def header_swallowed_rows(line: int) -> str:
    return (
        f'Line {line:,}, the line of column names, has a quotation mark (") inside '
        "a name, so the rows under it cannot be told apart. Remove the quotation "
        "marks from that line (or export the file again) and upload it once more."
    )


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
PEOPLE_IN_FILE = "People in the file"
PEOPLE_IN_FILE_HELP = (
    "Everyone the file lists once, whatever their sign-up date. Who of them bought "
    "can be told once a column says so."
)


def rule_time(column: str) -> str:
    return f'Has a date in "{column}" on or before the chosen day'


def rule_order_count(column: str) -> str:
    return f'"{column}" is above 0'


def rule_verified(column: str) -> str:
    return f'"{column}" says yes'


def rule_values(column: str, values: list[str]) -> str:
    """The rule in words; an empty string among ``values`` means an empty cell,
    said plainly rather than as a quoted value. The file's own names stay quoted,
    as staff know them."""
    said = [f'"{v}"' for v in values if v != ""]
    if "" in values:
        said.append("empty")
    if len(said) == 1:
        return f'"{column}" is {said[0]}'
    return f'"{column}" is {", ".join(said[:-1])} or {said[-1]}'


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
NO_PURCHASE_DATES_AS_OF = (
    "Nobody in your file has a date of buying yet, so the figures are as of the "
    "latest date in the file."
)
PERIOD_HELP = (
    "New customers are counted over this many days up to the chosen day; every "
    "figure is compared with the same length of time just before."
)
PERIOD_HELP_REGISTERED_ONLY = (
    "Your rule for a customer has no date, so only the number of registered "
    "people is compared: with the number registered this many days earlier. Who "
    "had bought back then is unknown, so the other figures show no change."
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
# Without a customer date the chart counts sign-ups per period instead.
GRAIN_LABEL_SIGNUPS = "Count the people who registered in each"
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


def all_rows_set_aside(rows: int) -> str:
    return (
        f"All {rows:,} rows of the file were set aside while reading it, so there is "
        "nobody to count. Your data lists each row and the reason, such as fewer "
        "values than the line of column names."
    )


def all_rows_not_counted(rows: int, reasons: dict[str, int]) -> str:
    """Every row of the file was read but none stands for a person to count."""
    listed = "; ".join(
        f"{reason}: {count:,} {'row' if count == 1 else 'rows'}"
        for reason, count in sorted(reasons.items(), key=lambda item: -item[1])
    )
    return (
        f"None of the {rows:,} rows of the file could be counted, so there is "
        f"nobody to show. Why: {listed}. Your data lists the rows; if a column "
        "was read wrongly, choose another there."
    )


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
    "chosen day. Labels give each waiting time's share of all the people who never "
    "bought; an empty bar has no label."
)
SLICES_GROUPS_TITLE = "Who they are, by group"
NO_WAITING_WITHOUT_DATES = (
    "Your file has no registration dates, so we cannot say how long people have "
    "waited. Add a column with each person's sign-up date."
)
NO_SLICES = (
    "Your file has no columns to split people by (such as country, source or "
    "device). You can choose some on the Your data page."
)
SLICES_CAPTION = (
    "In each chart below, bars count the people who never bought in each group; "
    "labels give the share of everyone registered in that group who never bought."
)


def filter_choices_capped(offered: int, values: int) -> str:
    return f"Only the {offered:,} most common of {values:,} values can be picked here."


def periods_not_drawn(hidden: int, in_table: bool = True) -> str:
    said = (
        f"The chart shows the latest periods only: {hidden:,} earlier ones are "
        "not drawn."
    )
    return said + (" The table below lists them all." if in_table else "")


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
ORDERS_WITHOUT_CUSTOMERS = (
    "An orders file is used together with a customers file: add the customers "
    "export above. Until then the figures are the sample's."
)
NO_ROWS_IN_FILE = "The file has its column names but no rows below them."
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
RULE_VALUES_LINK = "See how each value is counted"


def unclear_rule_note(unclear) -> str:
    """Under the Overview's figures: who is counted as never bought only because
    the rule's column is empty or holds a word we could not read."""
    parts = []
    if unclear.empty:
        people = "person has" if unclear.empty == 1 else "people have"
        parts.append(f'{unclear.empty:,} {people} an empty "{md(unclear.column)}"')
    if unclear.not_understood:
        shown = ", ".join(f'"{md(w)}"' for w in unclear.words[:5])
        more = " and others" if len(unclear.words) > 5 else ""
        people = "person has" if unclear.not_understood == 1 else "people have"
        parts.append(
            f"{unclear.not_understood:,} {people} a value we could not read "
            f"({shown}{more})"
        )
    return (
        f"Note: {' and '.join(parts)}. We count them as not customers, so they are "
        "among the people who never bought. If they should count otherwise, change "
        "the rule on the Your data page."
    )


RULE_BREAKDOWN = "How each value of that column is counted (rows of the file):"


def file_line(number: int) -> str:
    return f"line {number:,}"


DOWNLOAD_SET_ASIDE = "Download the list of rows set aside"

UPLOAD_KEPT_NOTE = (
    "Your files stay in this browser tab only. Reloading the page, or opening a "
    "shared link, starts again from the sample: upload the file again to go on, "
    "and pick again any filter on a value the sample does not have."
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
    """registration_source reads as "Registration source" and country as
    "Country"; names the file wrote in capitals or spaces stay as they are."""
    if re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", name):
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


# --- loading progress (speed) ------------------------------------------------

LOAD_STEPS = {
    "read": "Reading your file…",
    "orders": "Reading your orders file…",
    "mapping": "Working out what each column holds…",
    "users": "Counting your users…",
}


def load_step(step: str, done: int, total: int) -> str:
    """ "Step 2 of 3: Working out what each column holds…" """
    return f"Step {done} of {total}: {LOAD_STEPS[step]}"


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


# --- time to first purchase -------------------------------------------------
EVERYONE = "Everyone"
OTHER_VALUES = "All other values"
TIME_TO_ACTIVATE_TITLE = "Time to first purchase"
TIME_TO_ACTIVATE_SUBTITLE = (
    "How long people take to buy for the first time after signing up, and how "
    "many are still waiting."
)
TIME_TO_ACTIVATE_CAPTION = (
    "The line shows the estimated share of people who have bought within each "
    "number of days after signing up. People who have not bought yet are not "
    "dropped and not counted as never buying: each counts for the days we have "
    "seen them wait (the Kaplan-Meier method), so recent sign-ups do not drag the "
    "line down. The shaded band is where the true share lies with 95 % confidence; "
    "it widens where few people have been waiting that long. Days are counted "
    "as whole days after signing up: a purchase 5 minutes or 24 hours after "
    "signing up counts as within 1 day, 25 hours as within 2 days. It does not "
    "say why people buy, and it does not forecast beyond two years."
)
NO_CURVE_WITHOUT_DATES = (
    "Your file has no registration dates, so we cannot count the days from "
    "signing up to buying. Add a column with each person's sign-up date (such as "
    '"Created at") to see this page.'
)
NO_CURVE_WITHOUT_TIME = (
    "Your rule for a customer has no date, so we cannot tell when people bought. "
    "Add a column with the date of the first order or of activation, or an orders "
    "file in the sidebar, to see this page."
)
NOBODY_TO_CURVE = (
    "Everyone in this view became a customer without a date, so there is no "
    "waiting time to show."
)
# The lead cards: the share who bought within a few fixed days.
BOUGHT_WITHIN_DAYS = (7, 30, 90)


def bought_within_label(day: int) -> str:
    return f"Bought within {day} days"


def bought_within_help(day: int) -> str:
    return (
        f"The estimated share of people who bought within {day} days of signing "
        "up, counting people still waiting for as long as they have waited (the "
        "line below at day "
        f"{day})."
    )


NOT_KNOWN_YET = "not known yet"


def bought_within_value(summary, day: int) -> str:
    """The share who bought within ``day`` days, or "not known yet" when nobody
    in the data has been seen that long."""
    if int(summary.curve["day"].iloc[-1]) < day:
        return NOT_KNOWN_YET
    return share(summary.bought_by(day))


def band_note(summary) -> str:
    """How wide the 95 % band is, in numbers: with many people it is too narrow
    to see behind the line."""
    curve = summary.curve
    parts = [
        f"within {d} days, {share(curve['low_pct'].iloc[d])} to "
        f"{share(curve['high_pct'].iloc[d])}"
        for d in (30, 90)
        if d <= int(curve["day"].iloc[-1])
    ]
    if not parts:
        return ""
    return (
        f"The 95 % band: {'; '.join(parts)}. Where it is narrower than the line, "
        "the estimate is that precise."
    )


def marks_line(summary) -> str:
    """The days by which half, three in four and nine in ten have bought."""
    parts = [
        f"{name} within **{days(day)}**"
        if day is not None
        else f"{name}: **{NOT_REACHED}**"
        for name, day in (
            ("Half have bought", summary.median_day),
            ("three in four", summary.p75_day),
            ("nine in ten", summary.p90_day),
        )
    ]
    return f"{'; '.join(parts)}. {NOT_REACHED_MEANING}"


NOT_REACHED_MEANING = (
    '"Not reached yet" means that, within the two years the line covers, fewer '
    "than that share have bought so far (an estimate from the people seen "
    "waiting that long): many people never buy."
)
STILL_WAITING = "Still waiting"
MEDIAN_HELP = (
    "The first day by which an estimated 50 % of people had bought, counting "
    "people still waiting for as long as they have waited."
)
P75_HELP = "The first day by which an estimated 75 % of people had bought."
P90_HELP = "The first day by which an estimated 90 % of people had bought."
STILL_WAITING_HELP = (
    "People registered by the chosen day who had not bought by then: the same "
    "people as Registered, never bought."
)
NOT_REACHED = "not reached yet"
COMPARE_TITLE = "Compare groups"
COMPARE_LABEL = "Compare by"
COMPARE_NONE = "Nobody: everyone together"
COMPARE_CAPTION = (
    "One line per group, its name written at its end; the largest groups are "
    "drawn and the rest are put together. A group with few people has a wide "
    "range of uncertainty: compare groups of a few hundred people or more."
)
MEAN_CAVEAT = (
    "Only people who already bought are in this average; people still waiting "
    "are left out, so it understates how long buying really takes. It uses the "
    "exact time from signing up to buying, so it can differ from the whole "
    "days of the line."
)
CURVE_TABLE_TITLE = "Show the share by day as a table"
CURVE_DAYS_LABEL = "Draw the first"
CURVE_DAYS = {30: "30 days", 90: "90 days", 365: "year", 730: "two years"}
# Most first purchases come in the first weeks: 90 days shows the rise.
CURVE_DAYS_DEFAULT = 90


def days(value: int | None) -> str:
    if value is None:
        return NOT_REACHED
    if value == 0:
        return "0 days (at sign-up)"
    return "1 day" if value == 1 else f"{value:,} days"


def median_sentence(summary) -> str:
    """What the curve says in one sentence, in plain words."""
    last_day = min(int(summary.curve["day"].iloc[-1]), 730)
    if summary.median_day is None:
        return (
            f"**Fewer than half of people buy within {days(last_day)}** of "
            f"signing up: by then an estimated {share(summary.bought_by(last_day))} "
            "have bought."
        )
    return (
        f"**Half of people buy within {days(summary.median_day)}** of signing up; "
        f"by day 30 an estimated {share(summary.bought_by(30))} have bought."
    )


def mean_line(summary) -> str:
    if summary.mean_days_of_customers is None:
        return "Nobody has bought yet, so there is no average time to buy."
    return (
        f"People who already bought took {summary.mean_days_of_customers:,.1f} days "
        f"on average ({summary.customers:,} people). {MEAN_CAVEAT}"
    )


def undated_note(customers: int) -> str:
    return (
        f"{customers:,} customers have no date of purchase, so they are not in "
        "the line (they are counted as customers on every other page)."
    )


def curve_table(summary):
    """The share who bought within chosen days, for reading and checking."""
    rows = []
    curve = summary.curve
    for day_ in (0, 1, 7, 14, 30, 60, 90, 180, 365, 730):
        if day_ > curve["day"].iloc[-1]:
            break
        row = curve.iloc[day_]
        rows.append(
            {
                "Within days": day_,
                "Bought (%, estimated)": rounded(row.activated_pct),
                "At least (%)": rounded(row.low_pct),
                "At most (%)": rounded(row.high_pct),
                "Still counted that day": int(row.at_risk),
            }
        )
    return pd.DataFrame(rows)


def group_table(groups):
    return pd.DataFrame(
        [
            {
                "Group": g.label,
                "People": g.users,
                "Bought": g.customers,
                "Still waiting": g.still_waiting,
                "Half within": days(g.median_day),
                "Three in four within": days(g.p75_day),
                "Nine in ten within": days(g.p90_day),
                "Bought within 30 days (%)": rounded(g.bought_by(30)),
            }
            for g in groups
        ]
    )


# --- what it is worth ---------------------------------------------------------
REVENUE_TITLE = "What it is worth"
REVENUE_SUBTITLE = (
    "How many of the people who never bought are likely to buy soon, and what "
    "their first orders could bring."
)
REVENUE_CAPTION = (
    "For the people still waiting, grouped by how long they have waited, the "
    "chance of buying within the next days comes from the Time to first purchase "
    "curve: of the people who had waited as long, how many bought in the days "
    "after. Expected new customers = people waiting x that chance, added up. "
    "Revenue = expected new customers x the value of a first order. The range "
    "comes from the curve's 95 % band; it does not include how much first orders "
    "vary. This is an estimate from your own history, not a promise: it assumes "
    "people keep buying the way they did, and it says nothing about later orders."
)
HORIZON_LABEL = "Within the next"
HORIZONS = {30: "30 days", 90: "90 days", 180: "180 days", 365: "365 days"}


def worth_not_known_yet(horizon: int, followed: int) -> str:
    return (
        f"Nobody in the data has been followed for {horizon} days yet (the longest "
        f"is {followed:,} {'day' if followed == 1 else 'days'}), so how many will "
        "buy within that time is not known yet. Choose a shorter time, or a later "
        "day in the sidebar."
    )


VALUE_LABEL = "Value of a first order"
VALUE_MEAN = "Average from your data"
VALUE_MEDIAN = "Middle value (median) from your data"
VALUE_TYPED = "Type a value"
VALUE_TYPED_LABEL = "Value of one first order (in your shop's currency)"
VALUE_TYPED_HELP = "Your own estimate, such as the average first basket."
NO_VALUES = (
    "Your file has no first-order values (such as a first order value column or "
    "the totals of an orders file), so type the value of a typical first order."
)
EXPECTED_CUSTOMERS = "Expected new customers"
REVENUE_AT_STAKE = "First-order revenue at stake"
VALUE_USED = "Value of a first order used"
EXPECTED_HELP = (
    "People still waiting x their chance of buying within the chosen days, "
    "added up over how long they have waited."
)
REVENUE_HELP = "Expected new customers x the value of a first order."
PATH_TITLE = "From everyone registered to revenue"
PATH_CAPTION = (
    "All registered users are either customers already or registered but never "
    "bought; each new customer leaves the never-bought group. Some of those who "
    "never bought are expected to buy within the chosen days, and their first "
    "orders give the revenue."
)
WHAT_IF_TITLE = "What if"
MORE_LABEL = "Each waiting person's chance of buying rises by (%)"
MORE_HELP = (
    "For example a welcome offer that makes people 10 % more likely to buy: "
    "a 20 % chance becomes 22 %."
)
SOONER_LABEL = "Everyone buys sooner by (days)"
SOONER_HELP = (
    "For example a reminder that brings purchases forward: people who would "
    "have bought in the days just after the chosen period buy within it."
)
EXTRA_CUSTOMERS = "Extra new customers"
EXTRA_REVENUE = "Extra first-order revenue"
BY_WAIT_TITLE = "By how long people have waited"
BY_WAIT_CAPTION = (
    "Check one line by hand: people waiting x chance of buying = expected new "
    "customers. People who waited longer than the data covers (over two years) "
    "get no chance, because nobody in the data was seen buying that late."
)
WAIT_GROUP_LABELS = {
    1: "0-1 days",
    2: "1-7 days",
    3: "7-30 days",
    4: "30-90 days",
    5: "90-365 days",
    6: "over a year",
}


def money(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not available"
    # Whole units everywhere, so figures side by side read the same way.
    return f"{value:,.0f}"


def between(low: float, high: float, in_money: bool = False) -> str:
    shown = money if in_money else count
    return f"between {shown(low)} and {shown(high)}"


def value_note(values) -> str:
    return (
        f"From {values.customers_with_value:,} customers' first orders: average "
        f"{money(values.mean)}, middle value {money(values.median)}, the middle "
        f"half between {money(values.lower_quartile)} and "
        f"{money(values.upper_quartile)}."
    )


def revenue_sentence(outlook, value: float) -> str:
    return (
        f"Of the **{outlook.still_waiting:,}** people still waiting, about "
        f"**{count(outlook.expected)}** are expected to buy within "
        f"{outlook.horizon} days ({between(outlook.low, outlook.high)}), worth "
        f"about **{money(outlook.expected * value)}** in first orders "
        f"({between(outlook.low * value, outlook.high * value, True)})."
    )


def path_frame(headline, outlook, value: float, period_days: int) -> pd.DataFrame:
    """The steps of the path chart: people at each, and the words written on it.

    Columns: step_order, step, people, label, kind."""
    everyone = headline.all_users
    waiting = headline.non_activated_users
    steps = [
        {
            "step_order": 1,
            "step": "All registered users",
            "people": everyone,
            "label": count(everyone),
            "kind": "all",
        },
        {
            "step_order": 2,
            "step": "Customers already",
            "people": everyone - waiting,
            "label": f"{count(everyone - waiting)} "
            + (
                f"({count(headline.new_customers)} new in the last {period_days} days)"
                if headline.new_customers is not None
                else ""
            ),
            "kind": "customers",
        },
        {
            "step_order": 3,
            "step": "Registered, never bought",
            "people": waiting,
            "label": f"{count(waiting)} ({share(headline.non_activated_pct)} "
            "of all registered)",
            "kind": "waiting",
        },
        {
            "step_order": 4,
            "step": f"Expected new customers in {outlook.horizon} days",
            "people": outlook.expected,
            "label": f"{count(outlook.expected)} "
            f"({count(outlook.low)}-{count(outlook.high)})",
            "kind": "expected",
        },
        {
            "step_order": 5,
            "step": "Their first-order revenue",
            # Money, not people: no bar on the people axis, only the words.
            "people": 0.0,
            "label": f"{money(outlook.expected * value)} "
            f"({money(outlook.low * value)}-{money(outlook.high * value)})",
            "kind": "revenue",
        },
    ]
    return pd.DataFrame(steps)


def by_wait_table(outlook):
    frame = outlook.by_wait
    return frame.assign(
        group=frame["wait_order"].map(WAIT_GROUP_LABELS),
        chance_pct=frame["chance_pct"].map(rounded),
        expected_customers=frame["expected_customers"].round(1),
        low_customers=frame["low_customers"].round(1),
        high_customers=frame["high_customers"].round(1),
    )[
        [
            "group",
            "still_waiting",
            "chance_pct",
            "expected_customers",
            "low_customers",
            "high_customers",
        ]
    ].rename(
        columns={
            "group": "Waiting since sign-up",
            "still_waiting": "People waiting",
            "chance_pct": f"Chance to buy within {outlook.horizon} days (%)",
            "expected_customers": "Expected new customers",
            "low_customers": "At least",
            "high_customers": "At most",
        }
    )


# --- sign-up groups, what changed, compare definitions -----------------------
COHORTS_TITLE = "Sign-up groups"
COHORTS_SUBTITLE = (
    "Of the people who signed up in the same week or month, how many had bought "
    "within 1, 2, 3… weeks, so newer groups can be compared with older ones at the "
    "same age."
)
COHORT_GRAIN_LABEL = "Group people by the"
COHORTS_NEED_REGISTRATION = (
    "Sign-up groups need the day each person registered, and this file has no "
    "registration date column. Choose one under “What each column means” on the "
    "Your data page, if the file has it."
)
COHORTS_NEED_TIME = (
    "Sign-up groups need the day each person became a customer (a date of first "
    "order or activation, or an orders file with dates). The rule in use says only "
    "who bought by the export, not when, so how long it took cannot be shown."
)
NO_COHORTS = "Nobody signed up in the weeks or months shown here."


def cohorts_caption(min_users: int, groups: int, weeks: int, grain: str) -> str:
    return (
        f"Each row is the people who signed up in one {grain} (the last {groups} "
        f"{grain}s up to the chosen day); each column, how many weeks after their "
        "own sign-up. A cell is the share of the group who had bought within that "
        f"many weeks (1 to {weeks}). Grey cells cannot be known yet: some people in "
        "the group signed up too recently. A share marked * comes from fewer than "
        f"{min_users} people and can swing with a single purchase. This is not the "
        "headline count: it follows each group over its own time, and it leaves out "
        "people who signed up before the first group shown."
    )


def cohort_headline_label(weeks: int) -> str:
    return f"Bought within {weeks} weeks, latest group that can tell"


def _cohort_group(group: str, grain: str) -> str:
    return f"the week starting {group}" if grain == "week" else group


def cohort_headline_help(
    group: str, users: int, previous: str | None, grain: str = "week"
) -> str:
    text = f"People who signed up in {_cohort_group(group, grain)}: {users:,}."
    if previous:
        text += (
            f" The arrow compares with the {grain} before "
            f"({_cohort_group(previous, grain)}), in percentage points."
        )
    return text


def cohort_headline_sentence(latest, weeks: int, grain: str) -> str:
    """Which group the lead figure is, and what its arrow compares with."""
    text = (
        f"Signed up in **{_cohort_group(latest.group, grain)}**, the latest {grain} "
        f"whose people have all had {weeks} weeks: {share(latest.share, 1)} of "
        f"its {latest.users:,} people bought within {weeks} weeks."
    )
    if latest.previous_group is not None:
        text += (
            f" The arrow compares with the {grain} before, "
            f"{_cohort_group(latest.previous_group, grain)} "
            f"({share(latest.previous_share, 1)})."
        )
    return text


def cohort_grid_table(frame):
    """The grid for reading and checking: one row per group and week."""
    return frame.assign(
        cohort_start=frame["cohort_start"].map(day),
        activated_pct=frame["activated_pct"].round(2),
        observable=frame["observable"].map({True: "yes", False: "not yet"}),
        too_small=frame["too_small"].map({True: "yes", False: ""}),
    )[
        [
            "cohort_start",
            "weeks_since",
            "users",
            "activated",
            "activated_pct",
            "observable",
            "too_small",
        ]
    ].rename(
        columns={
            "cohort_start": "Signed up in the period starting",
            "weeks_since": "Within weeks",
            "users": "People in the group",
            "activated": "Had bought",
            "activated_pct": "Share who had bought (%)",
            "observable": "Known yet",
            "too_small": "Too few people",
        }
    )


CHANGED_TITLE = "What changed"
CHANGED_SUBTITLE = (
    "Why the number of people who registered but never bought moved between two "
    "days: more sign-ups, a different mix of where people come from, or a "
    "different share of them buying."
)
CHANGED_NEEDS_DATES = (
    "Comparing two days needs both the day each person registered and the day they "
    "became a customer. With this file and rule, only the export day is known, so "
    "there is nothing to compare with."
)
COMPARE_WITH_LABEL = "Compare the chosen day with"
COMPARE_PREVIOUS = "previous"
COMPARE_YEAR = "year"
COMPARE_DAY = "day"


def compare_options(period_days: int) -> dict[str, str]:
    return {
        COMPARE_PREVIOUS: f"{period_days} days earlier (the sidebar's period)",
        COMPARE_YEAR: "the same day a year earlier",
        COMPARE_DAY: "another day I choose",
    }


OTHER_DAY_LABEL = "The other day"
SPLIT_BY_LABEL = "Split by"
NO_SPLIT_LABEL = "(no split: everyone together)"
EVERYONE = "Everyone"
BEFORE_LABEL = "Before"
AFTER_LABEL = "After"


def changed_metric_label(day_after) -> str:
    return f"Registered, never bought on {day(day_after)}"


def changed_metric_help(day_before, before: int) -> str:
    return (
        f"On {day(day_before)} it was {before:,}. The change is shown below the "
        "number; a fall is good."
    )


EFFECT_LABELS = {
    "more_registrations": "More or fewer registered users",
    "mix": "A different mix across the split",
    "rate": "A different share never buying within each part",
}
EFFECT_HELP = {
    "more_registrations": (
        "How much the count would have moved if only the number of registered "
        "users had changed, with the same mix and the same shares as before."
    ),
    "mix": (
        "How much it moved because parts with more (or fewer) non-buyers grew as a "
        "share of everyone registered."
    ),
    "rate": (
        "How much it moved because, within each part, a different share of people "
        "had not bought."
    ),
}


def changed_caption(min_users: int) -> str:
    return (
        "The number compared is the one on the Overview: everyone registered by the "
        "end of a day who had not bought by then. Its change between the two days is "
        "split into three parts that add up exactly to the change: more registered "
        "users, a different mix across the split you choose, and a different share "
        "never buying within each part (the effects are averaged over every order "
        "in which the three could change, so no part is left over). Whole numbers "
        "are rounded so that they still add up. It says what moved the count, not "
        "why people behaved so; and a part with fewer than "
        f"{min_users} people on either day is marked, as its share is unreliable."
    )


def signed(value: float) -> str:
    return f"{round(value):+,}"


def contributor_sentence(label: str, row) -> str:
    """One line about one part of the split, in words."""
    direction = "up" if row.total > 0 else "down"
    pieces = [
        f"{EFFECT_WORDS[name]} {signed(getattr(row, name))}"
        for name in ("more_registrations", "mix", "rate")
    ]
    return (
        f"**{md(label)} = {md(row.slice_value)}**: {direction} by "
        f"{abs(row.total):,} (from {row.before_non_activated:,} to "
        f"{row.after_non_activated:,}; share never bought "
        f"{row.before_pct:.1f} % → {row.after_pct:.1f} %): " + ", ".join(pieces) + "."
    )


EFFECT_WORDS = {
    "more_registrations": "from the number registered",
    "mix": "from the mix",
    "rate": "from the share buying",
}
CONTRIBUTORS_TITLE = "The parts that moved it most"
NO_CHANGE = "The count is the same on both days."
SAME_DAY = "Both days are the same: choose another day to compare with."


def small_parts_warning(names: list[str], min_users: int, more: int) -> str:
    listed = ", ".join(md(n) for n in names)
    if more:
        listed += f" and {more:,} more"
    return (
        f"Fewer than {min_users} people on one of the days in: {listed}. Their "
        "shares swing with a handful of people; read their parts with care."
    )


def changed_table(parts, label: str):
    return parts.assign(
        slice_value=parts["slice_value"].fillna(EVERYONE),
        before_pct=parts["before_pct"].round(2),
        after_pct=parts["after_pct"].round(2),
        more_registrations=parts["more_registrations"].round(1),
        mix=parts["mix"].round(1),
        rate=parts["rate"].round(1),
        too_small=parts["too_small"].map({True: "yes", False: ""}),
    ).rename(
        columns={
            "slice_value": label,
            "before_users": "Registered before",
            "before_non_activated": "Never bought before",
            "after_users": "Registered after",
            "after_non_activated": "Never bought after",
            "before_pct": "Share never bought before (%)",
            "after_pct": "Share never bought after (%)",
            "more_registrations": "From registrations",
            "mix": "From mix",
            "rate": "From buying share",
            "total": "Change",
            "too_small": "Too few people",
        }
    )


EVENTS_TITLE = "How it moved, with a year earlier and your own events"
EVENTS_CAPTION = (
    "The count at the end of each week (orange) and its value on the same date a "
    "year earlier (yellow, dashed), so a season can be told from a real change. "
    "Black lines are events you mark below, such as a competitor's sale or a "
    "price change; they are kept in this tab and in the page address, so a shared "
    "link shows them too. A mark is a note, not a measured effect."
)
EVENT_DAY_LABEL = "Event day"
EVENT_TEXT_LABEL = "What happened (a few words)"
ADD_EVENT = "Mark this event"
REMOVE_EVENT = "Remove"
EVENT_TEXT_EMPTY = "Write a few words about the event first."
NO_YEAR_EARLIER = "The data does not reach back a year, so there is no line for it."


def event_line(day_value, text: str) -> str:
    return f"{day(day_value)}: {md(text)}"


DEFINITIONS_TITLE = "Compare definitions"
DEFINITIONS_SUBTITLE = (
    "What counts as a customer changes the count. Here two or three rules your file "
    "allows are applied to the same people, side by side."
)
RULES_TO_COMPARE = "Rules to compare (two or three)"
RULES_TO_COMPARE_HELP = (
    "Rules come from the columns of your file: dates of a first order or "
    "activation, a number of orders, a status column, e-mail verification, or an "
    "orders file. The first is the rule in use on every other page."
)
PICK_TWO_RULES = "Pick at least two rules to compare."
COMPARING_RULES = "Applying each rule to everyone… (a few seconds for a million)"
RULE_LETTERS = ("A", "B", "C")


def one_rule_only(rule_text: str) -> str:
    return (
        f"Your file allows one rule only: {rule_text}. A comparison needs a second "
        "sign of buying in the file, such as a date of first order, a number of "
        "orders, a status column (like “Converted”), an e-mail verified column, or "
        "an orders file uploaded next to it."
    )


def definitions_caption(has_time: bool) -> str:
    text = (
        "Every rule is applied to the same registered people (the sidebar's filters "
        "apply). For each rule: how many it counts as customers and how many as "
        "registered but never bought; then, for each pair, how many people one rule "
        "counts as customers and the other does not. It does not say which rule is "
        "right: that is a business choice, made on the Your data page."
    )
    if has_time:
        text += (
            " Rules with a date count purchases up to the chosen day; rules without "
            "one (a yes/no, a status, a number of orders) know only the export, so "
            "they count as of the export whatever day is chosen."
        )
    return text


def rule_legend(letter: str, rule_text: str) -> str:
    return f"**{letter}**: {md(rule_text)}"


def rule_metric_label(letter: str) -> str:
    # Not "never bought": a rule may be about a confirmed e-mail or a status.
    return f"Not counted as customers under {letter}"


def rule_metric_help(rule_text: str, activated: int, pct) -> str:
    return (
        f"{md(rule_text)}. Customers under it: {activated:,}; share never bought: "
        + (share(pct) if pct is not None else "not available")
    )


OVERLAP_TITLE = "Where the rules disagree"


def overlap_sentence(letter_a: str, letter_b: str, people: int) -> str:
    if not people:
        return (
            f"Everyone **{letter_a}** counts as a customer, **{letter_b}** counts too."
        )
    noun = "person" if people == 1 else "people"
    return (
        f"**{letter_a}** counts **{people:,}** {noun} as customers whom "
        f"**{letter_b}** does not."
    )


def definitions_table(rules):
    return rules.assign(non_activated_pct=rules["non_activated_pct"].round(2)).rename(
        columns={
            "letter": "Rule",
            "rule": "Counted as a customer when",
            "activated": "Customers",
            "non_activated": "Registered, never bought",
            "non_activated_pct": "Share never bought (%)",
            "only_this": "Customers under this rule only",
        }
    )


# --- channels and offers (the touches file) -----------------------------------
TOUCHES_UPLOAD_LABEL = "Touches: messages and offers sent (optional)"
TOUCHES_UPLOAD_HELP = (
    "Optional: a file with one row per message or offer sent to a person: their "
    "customer ID or e-mail, when, and the channel (e-mail, in-app, SMS), campaign "
    "or promotion code. It shows who became a customer soon after being reached."
)
TOUCHES_SAMPLE_NOTE = (
    "The sample shop comes with a made-up file of messages sent to its customers."
)
TOUCH_NO_KEY = "No customer ID or e-mail"
TOUCH_NO_TIME = "No date"
TOUCH_BAD_TIME = "The date could not be read"
TOUCH_NO_USER = "Names nobody in the customers file"
TOUCH_UNREADABLE = "The line could not be read"
TOUCHES_NOT_LINKED = (
    "We could not tell which column of the touches file names the person (their "
    "customer ID or e-mail, as in the customers file) or when they were reached. "
    "Choose them on the Your data page."
)
NO_VALUE_LABEL = "(none)"
NOT_TOUCHED = "Not touched"
CHANNELS_TITLE = "Channels and offers"
CHANNELS_CAPTION = (
    "For people reached by a message in the chosen weeks: the share who became "
    "customers within the chosen number of days after their first message in "
    "those weeks, counting only people who had not bought before it. They are "
    "compared with people who had registered before the first day, had not bought "
    "by then and got no message in those weeks: the share of them who bought within "
    "the same number of days after the first day. It does not show purchases "
    "without a date, people the touches file does not name, or messages outside "
    "the chosen weeks."
)
ASSOCIATION_WARNING = (
    "This shows what happened after a message, not what the message caused. "
    "Shops tend to write to people who are already close to buying, and people "
    "who open an app get in-app messages, so a higher share can come from who was "
    "chosen rather than from the message. To learn what a message causes, hold back "
    "a random group from it and compare."
)
NO_TOUCHES = (
    "Upload a touches file in the sidebar (one row per message or offer sent: the "
    "person's customer ID or e-mail, when, the channel, campaign or promotion code) "
    "to see which channels and offers go with people becoming customers."
)
TOUCHES_NEED_TIME = (
    "This needs the date each person became a customer. Your rule for a customer "
    "has no date; choose one with a date (such as a first-order date or an orders "
    "file) on the Your data page."
)
TOUCHES_UNUSABLE = (
    "No row of the touches file can be used: see Your data for which columns name "
    "the person and the time, and why rows were set aside."
)
WINDOW_FROM = "Messages sent from"
WINDOW_TO = "until"
DAYS_AFTER_LABEL = "Became a customer within"
TOUCHED_FIGURE = "Bought soon after a message"
UNTOUCHED_FIGURE = "Bought in the same time without one"
TOUCHED_FIGURE_HELP = (
    "Of the people reached in these weeks who had not bought before their first "
    "message, the share who bought within the chosen days after it."
)
UNTOUCHED_FIGURE_HELP = (
    "Of the people registered before the first day, not customers by then and not "
    "reached in these weeks, the share who bought within the chosen days after the "
    "first day."
)
NO_TOUCHES_IN_WINDOW = "No message in these weeks reached anyone in this view."
BY_KIND_TITLE = {
    "channel": "By channel",
    "campaign": "By campaign",
    "offer": "By offer",
}
_BY_SHARE = (
    "Largest share who became customers first (among the 25 groups that reached "
    "the most people); the grey bar is people not reached."
)
BY_KIND_ORDER = {
    "channel": _BY_SHARE,
    "campaign": _BY_SHARE,
    "offer": _BY_SHARE[:-1]
    + "; people reached without an offer are left out (they are in the table).",
}


def days_label(days: int) -> str:
    return f"{days} days"


def people_of(count_: int) -> str:
    return f"of {count_:,} people"


def window_too_late(last_useful: dt.date, days: int) -> str:
    return (
        f"Messages after {day(last_useful)} have had fewer than {days} days to "
        "show an order in your data, so their share reads low."
    )


def touches_facts(touches, counts: dict) -> list[tuple[str, str]]:
    raw = touches.raw
    facts = [("Touches file", raw.file_name), ("Kind", raw.file_type)]
    if raw.encoding:
        facts.append(("Encoding", raw.encoding))
    facts.append(("Rows read", f"{counts['read']:,}"))
    facts.append(("Rows used", f"{counts['used']:,}"))
    facts.append(("Rows set aside", f"{counts['set_aside']:,}"))
    return facts


def channel_table(frame):
    """The comparison as a table with words for headers."""
    names = {
        "group_kind": "Grouped by",
        "group_value": "Group",
        "users": "People",
        "activated_within": "Became customers",
        "activated_pct": "Share (%)",
    }
    kinds = {
        "any": "Any message",
        "channel": "Channel",
        "campaign": "Campaign",
        "offer": "Offer",
        "untouched": NOT_TOUCHED,
    }
    table = frame.assign(group_kind=frame["group_kind"].map(kinds))
    table["activated_pct"] = table["activated_pct"].map(lambda v: rounded(v, 2))
    return table.rename(columns=names)


TOUCHES_TITLE = "Touches file"
TOUCHES_MAPPING_CAPTION = (
    "Which column of the touches file plays which part. Only the person and the "
    "time are needed; channel, campaign and offer each give a breakdown."
)
TOUCHES_BY_EMAIL = "The person column holds e-mail addresses (not customer IDs)"
APPLY_TOUCHES = "Use these touches columns"


# --- what they say (free-text feedback) -----------------------------------------
FEEDBACK_TITLE = "What they say"
FEEDBACK_CAPTION = (
    "The words and two-word phrases used most by the people who had not bought by "
    "the chosen day, in the free-text column of your file (feedback, comment, note "
    'or reason), counting each person once per word. Common words such as "the" '
    'or "not" are left out, and so is anything after the first 2,000 characters '
    "of an answer. It does not show what people who bought wrote, nor what people "
    "meant: read a few answers before deciding."
)
NO_FEEDBACK_COLUMN = (
    "Your file has no free-text column we recognise (such as feedback, comment, "
    "note or reason). Add a column with what people told you holds them back, or "
    'choose it as "Free-text feedback or comment" on the Your data page.'
)
NO_FEEDBACK_ANSWERS = "Nobody in this view who has not bought wrote anything there."
FEEDBACK_PEOPLE = "People who wrote something"
FEEDBACK_PEOPLE_HELP = (
    "People who had not bought by the chosen day and whose free-text column is "
    "not empty."
)
FEEDBACK_EXAMPLES_TITLE = "What they wrote"
FEEDBACK_PRIVACY = (
    "Answers are shown as written, with e-mail addresses and phone numbers hidden. "
    "Other personal details people typed (names, addresses) are not hidden."
)
CONTACT_HIDDEN = "[hidden]"
FEEDBACK_TERM = "Word or phrase"
FEEDBACK_KINDS = {"word": "word", "phrase": "phrase"}


def feedback_of(people: int, total: int) -> str | None:
    return f"of {total:,} who never bought" if total else None


def feedback_column_line(column: str) -> str:
    return f'Read from the column "{column}".'


def term_heading(term: str, people: int) -> str:
    who = "person" if people == 1 else "people"
    return f'"{term}" ({people:,} {who})'


def feedback_table(frame):
    table = frame.assign(kind=frame["kind"].map(FEEDBACK_KINDS))
    return table.rename(
        columns={"term": FEEDBACK_TERM, "kind": "Kind", "people": "People"}
    )


# --- health checks: why it changed, what to do ----------------------------------
CHECKS_TITLE = "Why it changed"
CHECKS_CAPTION = (
    "Automatic checks on the current view that often explain a worse figure, each "
    "with a pass or a flag, the figure behind it, the page that shows it and what "
    "to do. A flag is a lead to look into, not a proven cause; a pass means this "
    "check found nothing, not that nothing is wrong. The checks cannot see outside "
    "events (a competitor's sale, a site outage) or changes the file does not hold."
)
CHECK_STATUS = {
    "pass": ("Pass", ":material/check_circle:"),
    "flag": ("Look into this", ":material/flag:"),
    "cannot_tell": ("Cannot tell", ":material/help:"),
}
CHECKS_OPEN = "Open the page that shows it"
CHECKS_WHAT_TO_DO = "What to do"
CHECK_NO_DATES = "Your file has no registration dates, so this cannot be told."
CHECK_NO_TIME = (
    "This needs registration dates and the date each person became a customer; "
    "your file or rule does not have both."
)
CHECK_NO_VERIFIED = (
    "Your file has no column saying whether each e-mail was verified; add one to "
    "see this check."
)
CHECK_NO_REGISTRATIONS = "Nobody signed up in this period or the period before."
CHECK_NO_NEW_REGISTRATIONS = "Nobody signed up in this period, so nothing jumped."
CHECK_NO_BACKLOG = "Nobody was waiting at the start or the end of this period."
CHECK_NO_YEAR = "Your data does not reach back a year before the chosen day."
NO_RULE_SHORT = "no rule chosen"
CHECKS = {
    "freshness": (
        "Is the data up to date?",
        "views/data.py",
        "Export the file again so the latest sign-ups and orders are in it; an old "
        "export makes recent weeks look empty. If sign-ups really stopped, check the "
        "sign-up form and the tool that records it.",
    ),
    "unverified": (
        "More sign-ups without a verified e-mail?",
        "views/slices.py",
        "Resend the confirmation e-mail with a clear subject line and a reminder a "
        "day later; check that it does not land in spam; let people shop before "
        "confirming; and look for bot or fake sign-ups (many from one source, "
        "odd addresses) and add a simple check to the form.",
    ),
    "spike_source": (
        "A jump in sign-ups from one source?",
        "views/slices.py",
        "New people from one source need time to buy, and some sources bring "
        "people after a prize rather than a product. Give them a welcome series "
        "made for that source, judge the source on how many buy after 30 days, and "
        "pause paid sources whose people rarely buy.",
    ),
    "spike_device": (
        "A jump in sign-ups from one device?",
        "views/slices.py",
        "Test sign-up and checkout on that device: a broken page or slow checkout "
        "on one kind of phone or browser leaves people registered but not buying. "
        "Fix it, then write to the people who got stuck.",
    ),
    "ageing": (
        "Is the backlog getting older?",
        "views/slices.py",
        "People waiting more than three months rarely buy on their own. Send a "
        "win-back offer with an end date, ask in one question what holds them back, "
        "and stop writing to those who never open, to keep your e-mails out of spam.",
    ),
    "year_ago": (
        "Worse than the same day a year ago?",
        "views/what_changed.py",
        "Compare with last year's campaigns and season: if last year had a sale or "
        "a welcome offer at this time, plan one; if the gap keeps growing, look at "
        "what changed in the shop since (prices, shipping costs, sign-up flow).",
    ),
    "rule": (
        "Has the rule for a customer changed?",
        "views/data.py",
        "Figures under different rules do not compare. Choose the same rule as "
        "the figures you compare with (the one recognised in the file, or the one "
        "in the link you were sent) on Your data, or keep yours and compare only "
        "figures made with it, saying so when you share them.",
    ),
}


def check_no_slice(slice_name: str) -> str:
    words = {"source": "registration source", "device": "device type"}
    return (
        f"Your file has no {words.get(slice_name, slice_name)} column; add one to see "
        "this check."
    )


def freshness_figure(latest: dt.date, age_days: int) -> str:
    days_ = "day" if age_days == 1 else "days"
    return f"The latest registration is on {day(latest)}, {age_days:,} {days_} ago."


def unverified_figure(now: float, before: float) -> str:
    return (
        f"{share(now)} of the people who registered in this period had not verified "
        f"their e-mail, against {share(before)} in the period before."
    )


def spike_no_sign_ups(label: str) -> str:
    return (
        "Nobody signed up in this period or the period before, or nobody who did "
        f'has a value in "{label}", so there is nothing to compare.'
    )


def spike_figure(label: str, value: str, now: int, before: int) -> str:
    return (
        f'{int(now):,} people registered with {label} "{value}" in this period, '
        f"against {int(before):,} in the period before."
    )


def no_spike_figure(
    label: str, value: str, now: int, before: int, min_people: int, min_share: float
) -> str:
    return (
        f'No value of "{label}" jumped. A jump is a value whose sign-ups at least '
        f"doubled against the period before and are at least {min_people:,} people "
        f"and at least {min_share:g} % of this period's sign-ups. The largest rise "
        f'is "{value}": {int(now):,} registrations against {int(before):,} in the '
        "period before."
    )


def ageing_figure(now: float, before: float) -> str:
    return (
        f"{share(now)} of the people who never bought have waited 90 days or more, "
        f"against {share(before)} at the start of the period."
    )


def year_figure(now_pct, before_pct, now_new, before_new) -> str:
    text = (
        f"{share(now_pct)} of registered people never bought, against "
        f"{share(before_pct)} on the same day a year earlier"
    )
    if now_new is not None and before_new is not None:
        text += (
            f"; {now_new:,} new customers in the period, against {before_new:,} "
            "a year earlier"
        )
    return text + "."


def rule_same_figure(rule: str) -> str:
    return f"The rule in force is the one recognised in the file: {rule}."


def rule_changed_figure(now: str, at_load: str) -> str:
    return f"The rule in force is: {now}. The file was read with: {at_load}."


def rule_shared_figure(now: str, shared: str) -> str:
    return (
        f"The rule in force is: {now}. The link you opened was made with another "
        f'rule ("{shared}"), so its figures and yours do not compare.'
    )


def checks_summary(flags: int, passed: int, cannot_tell: int, total: int) -> str:
    """Says how many checks passed, flagged and could not run, so a calm summary
    never hides checks that were not made."""
    text = f"{passed} of the {total} checks passed"
    if flags:
        verb = "flags" if flags == 1 else "flag"
        text = f"**{flags} of the {total} checks {verb}** something to look into; " + (
            f"{passed} passed"
        )
    else:
        text += ", none flagged anything to look into"
    if cannot_tell:
        text += f"; {cannot_tell} of {total} could not run with this file or view"
    return text + "."


# --- the seven questions ----------------------------------------------------------
QUESTIONS_TITLE = "The seven questions"
QUESTIONS_CAPTION = (
    "The questions shops most often ask about people who registered but never "
    "bought, each answered in one line from the data loaded and the current view, "
    "with the page that shows more. Where the data cannot answer, it says which "
    "column or file would. These are associations in your data, not proven causes."
)
QUESTIONS = {
    1: "How long do people take to become customers, and can it be shortened?",
    2: "Which channels (e-mail, in-app, SMS) go with people becoming customers?",
    3: "Which regions or groups hold more people who never bought?",
    4: "Does the sign-up flow change who buys (verified e-mail or not)?",
    5: "Do offers and promotions go with people becoming customers?",
    6: "What do people say holds them back?",
    7: "How do season and year-on-year trends move the number?",
}
QUESTIONS_OPEN = "See it in full"
QUESTION_MISSING_PREFIX = "Cannot answer yet:"
MISSING_REGISTRATION = "Add a column with the date each person registered."
MISSING_ACTIVATION_TIME = (
    "Add the date each person became a customer (a first-order date, or an orders "
    "file with order dates), and a registration date."
)
MISSING_CUSTOMER_DATE = (
    "Add the date each person became a customer (a first-order date, or an orders "
    "file with order dates)."
)
MISSING_COUNTRY_VALUES = (
    "The country column is empty for everyone in this view; fill it in your export."
)
MISSING_MONTH_OF_DATA = (
    "Nobody in this view registered at least 30 days before the chosen day."
)
MISSING_COUNTRY = (
    "Add a column with each person's country or region (or another group such as "
    "age band) to your customers file."
)
MISSING_PEOPLE = "Too few people in this view for a share worth reading."
MISSING_VERIFIED = (
    "Add a column saying whether each person verified their e-mail (yes/no)."
)
MISSING_BOTH_VERIFIED = (
    "Your file has people with a verified e-mail or without one, but not both, so "
    "there is nothing to compare."
)
MISSING_TOUCHES = (
    "Upload a touches file in the sidebar: one row per message sent, with the "
    "person's customer ID or e-mail, when, and the channel."
)
MISSING_TOUCH_CHANNEL = (
    "Add a channel column (e-mail, in-app, SMS) to the touches file."
)
MISSING_TOUCH_USABLE = (
    "The touches file cannot be used yet: it needs people matched to the customers "
    "file, a time for each touch, and the date each person became a customer."
)
MISSING_OFFERS = (
    "Add an offer or promotion code column to the touches file, or a column with "
    "the offer each person saw at sign-up to the customers file."
)
MISSING_FEEDBACK = (
    "Add a free-text column (feedback, comment or reason) to your customers file."
)
MISSING_A_YEAR = (
    "Needs registrations and purchases reaching back at least a year before the "
    "chosen day."
)


def answer_time_to_activate(registered: int, within_7: int, within_30: int) -> str:
    people = "person" if registered == 1 else "people"
    return (
        f"Of {registered:,} {people} who registered at least 30 days before the chosen "
        f"day, {share(100 * within_7 / registered)} became customers within 7 days "
        f"and {share(100 * within_30 / registered)} within 30 days. The sooner "
        "after sign-up, the more a reminder can still do."
    )


def answer_regions(
    most, worst, without_country: int, sizeable_count: int, min_group: int
) -> str:
    """``most``/``worst``: slice rows of countries; ``worst`` None when no
    country has ``min_group`` people; ``sizeable_count`` how many have."""
    never = "person" if without_country == 1 else "people"
    text = (
        f'Among people with a country, "{most["slice_value"]}" holds the most who '
        f"never bought: {int(most['non_activated_users']):,} "
        f"({share(most['share_of_non_activated_pct'])} of everyone who never bought)."
    )
    if without_country:
        text += f" {without_country:,} {never} who never bought have no country set."
    if worst is None:
        return text + (
            f" No country has at least {min_group:,} registered people, too few to "
            "compare shares."
        )
    if sizeable_count == 1:
        return text + (
            f' Only "{worst["slice_value"]}" has at least {min_group:,} registered '
            f"people ({share(worst['non_activated_pct'])} of its "
            f"{int(worst['all_users']):,} never bought), so there is no other "
            "country to compare its share with."
        )
    return text + (
        f" Among the {sizeable_count:,} countries with at least {min_group:,} "
        f"registered people, the highest share who never bought is in "
        f'"{worst["slice_value"]}": {share(worst["non_activated_pct"])} of its '
        f"{int(worst['all_users']):,} registered people."
    )


def answer_verification(verified_pct: float, unverified_pct: float) -> str:
    return (
        f"{share(unverified_pct)} of people without a verified e-mail never bought, "
        f"against {share(verified_pct)} of those with one. Comparing before and after "
        "a change of the sign-up flow needs the day of the change."
    )


def answer_best_group(best, untouched_pct: float | None, days: int) -> str:
    text = (
        f'"{best["group_value"]}" has the highest share: '
        f"{share(best['activated_pct'])} of {int(best['users']):,} people reached "
        f"became customers within {days} days"
    )
    if untouched_pct is not None:
        text += f", against {share(untouched_pct)} of people not reached"
    return text + ". This is an association, not proof the message caused it."


def answer_offer_slice(label: str, best) -> str:
    return (
        f'By "{label}", "{best["slice_value"]}" has the lowest share who never '
        f"bought: {share(best['non_activated_pct'])} of "
        f"{int(best['all_users']):,} people. This is an association, not proof the "
        "offer caused it."
    )


def answer_feedback(terms, people: int) -> str:
    listed = ", ".join(f'"{row.term}" ({row.people:,})' for row in terms.itertuples())
    return f"{people:,} people who never bought wrote something; most used: {listed}."


# --- question pages on a database connection --------------------------------------

TOUCHES_NOT_ON_DATABASE = (
    "Channels and offers need a touches file (one row per message or offer sent), "
    "which can be added only when the users come from a file, for now. To see "
    "this, export the table to a file and upload it together with the touches file."
)
