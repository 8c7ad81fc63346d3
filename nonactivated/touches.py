"""An optional file of marketing touches: who was reached, when, how, with what.

The file is read by the same code as the customers file (any encoding, Excel,
Parquet) into ``raw_touches``; its columns are guessed here and can be changed on
the Your data page. The canonical ``touches`` table has fixed column names:

    row_number   the touch's data row in the file
    touch_key    the customer ID or lower-case e-mail the touch names
    touched_at   UTC timestamp of the touch
    channel, campaign, offer
                 text, null when the file has no such column or the cell is empty
    problem      why the row cannot count ('no_key', 'no_time', 'bad_time'), or null

A touch whose key matches nobody in the customers file is found when the touches
are joined to the users, so a change of the customers file's mapping is followed.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from nonactivated import formats, texts
from nonactivated.formats import DateFormat
from nonactivated.ingest import RawTable
from nonactivated.mapping import normalise

log = logging.getLogger(__name__)

TABLE = "touches"
RAW_TABLE = "raw_touches"

KEY_HINTS = (
    "customerid",
    "userid",
    "contactid",
    "leadid",
    "id",
    "uid",
    "memberid",
    "subscriberid",
    "recipientid",
)
EMAIL_HINTS = ("email", "emailaddress", "recipient", "recipientemail", "to")
TIME_HINTS = (
    "sentat",
    "touchedat",
    "time",
    "timestamp",
    "datetime",
    "date",
    "sent",
    "senddate",
    "sentdate",
    "eventtime",
    "eventdate",
    "occurredat",
    "deliveredat",
    "createdat",
)
CHANNEL_HINTS = ("channel", "medium", "channeltype", "touchtype", "type", "via")
CAMPAIGN_HINTS = ("campaign", "campaignname", "utmcampaign", "journey", "flow")
OFFER_HINTS = (
    "offer",
    "offercode",
    "promotion",
    "promotioncode",
    "promo",
    "promocode",
    "coupon",
    "couponcode",
    "discountcode",
    "voucher",
)
ROLES = {
    "key": "Customer ID or e-mail",
    "time": "When (date and time)",
    "channel": "Channel (e-mail, in-app, SMS...)",
    "campaign": "Campaign",
    "offer": "Offer or promotion code",
}
PROBLEMS = {
    "no_key": texts.TOUCH_NO_KEY,
    "no_time": texts.TOUCH_NO_TIME,
    "bad_time": texts.TOUCH_BAD_TIME,
    "no_user": texts.TOUCH_NO_USER,
}


@dataclass(frozen=True)
class TouchesLink:
    """Which column of the touches file plays which part."""

    key_column: int | None
    by_email: bool
    time_column: int | None
    time_format: DateFormat | None
    channel_column: int | None = None
    campaign_column: int | None = None
    offer_column: int | None = None

    def columns(self) -> dict[str, int | None]:
        return {
            "key": self.key_column,
            "time": self.time_column,
            "channel": self.channel_column,
            "campaign": self.campaign_column,
            "offer": self.offer_column,
        }

    @property
    def usable(self) -> bool:
        return self.key_column is not None and self.time_format is not None


@dataclass
class Touches:
    """The touches file as read, how its columns are understood, and what is lost."""

    raw: RawTable
    link: TouchesLink
    warnings: list[str] = field(default_factory=list)


def _find(raw: RawTable, hints: tuple[str, ...], taken: set[int]) -> int | None:
    names = [normalise(n) for n in raw.columns]
    for hint in hints:
        for index, name in enumerate(names):
            if name == hint and index not in taken:
                return index
    return None


def _key_match_share(
    con: duckdb.DuckDBPyConnection, raw: RawTable, column: int, by_email: bool
) -> float:
    """Share of the touches file's distinct keys that name a user."""
    users_key = "lower(email)" if by_email else "customer_id"
    fold = "lower" if by_email else ""
    matched, total = con.execute(
        f"""
        with touch_keys as (
            select distinct {fold}(clean_text({raw.column_sql(column)})) as k
            from {raw.table}
        ),
        user_keys as (select distinct {users_key} as k from users)
        select count(*) filter (where k in (select k from user_keys)), count(*)
        from touch_keys
        where k is not null
        """
    ).fetchone()
    return matched / total if total else 0.0


def guess_link(
    con: duckdb.DuckDBPyConnection, raw: RawTable, user_roles: dict[str, int]
) -> TouchesLink:
    """The best guess of each column's part; the key is judged by how many match."""
    names = [normalise(n) for n in raw.columns]
    candidates = []
    for index, name in enumerate(names):
        looks_like_email = "email" in name or name in EMAIL_HINTS
        if looks_like_email and "email" in user_roles:
            candidates.append((index, True))
        looks_like_id = name in KEY_HINTS or name.endswith("id")
        if not looks_like_email and looks_like_id and "user_key" in user_roles:
            candidates.append((index, False))
    best, best_share = (None, False), 0.0
    for index, by_email in candidates:
        share = _key_match_share(con, raw, index, by_email)
        if share > best_share:
            best, best_share = (index, by_email), share
    if best[0] is None and candidates:
        best = candidates[0]
    key_column, by_email = best
    taken = {key_column} if key_column is not None else set()

    time_column, time_format = None, None
    for index in [_find(raw, TIME_HINTS, taken), *range(len(raw.columns))]:
        if index is None or index in taken:
            continue
        profile = formats.profile_dates(con, raw.table, raw.column_sql(index))
        if profile.format is not None and profile.share >= 0.5:
            time_column, time_format = index, profile.format
            break
    if time_column is not None:
        taken.add(time_column)
    channel = _find(raw, CHANNEL_HINTS, taken)
    campaign = _find(raw, CAMPAIGN_HINTS, taken | {channel})
    offer = _find(raw, OFFER_HINTS, taken | {channel, campaign})
    return TouchesLink(
        key_column, by_email, time_column, time_format, channel, campaign, offer
    )


def with_columns(
    con: duckdb.DuckDBPyConnection,
    raw: RawTable,
    chosen: dict[str, int | None],
    by_email: bool,
) -> TouchesLink:
    """The link the user chose on the Your data page; the time column is re-read.

    Raises ValueError with words for the user when the time column holds no dates.
    """
    time_column, time_format = chosen.get("time"), None
    if time_column is not None:
        profile = formats.profile_dates(con, raw.table, raw.column_sql(time_column))
        if profile.format is None:
            raise ValueError(texts.not_dates(raw.columns[time_column]))
        time_format = profile.format
    return TouchesLink(
        chosen.get("key"),
        by_email,
        time_column,
        time_format,
        chosen.get("channel"),
        chosen.get("campaign"),
        chosen.get("offer"),
    )


def build_touches(
    con: duckdb.DuckDBPyConnection, raw: RawTable, link: TouchesLink
) -> None:
    """Create the canonical ``touches`` table from the raw file and its link."""
    started = time.perf_counter()
    params: dict = {}

    def text_of(index: int | None) -> str:
        return f"clean_text({raw.column_sql(index)})" if index is not None else "null"

    key = text_of(link.key_column)
    if link.by_email:
        key = f"lower({key})"
    when = "null::timestamp"
    if link.time_column is not None and link.time_format is not None:
        when, bound = link.time_format.expression(
            raw.column_sql(link.time_column), "fmt_touched"
        )
        params.update(bound)
    sql = f"""
        create or replace table {TABLE} as
        with typed as (
            select
                row_number,
                {key}::varchar as touch_key,
                {when} as touched_at,
                {text_of(link.time_column)}::varchar as time_text,
                {text_of(link.channel_column)}::varchar as channel,
                {text_of(link.campaign_column)}::varchar as campaign,
                {text_of(link.offer_column)}::varchar as offer
            from {raw.table}
        )
        select
            row_number, touch_key, touched_at, channel, campaign, offer,
            case
                when touch_key is null then 'no_key'
                when time_text is null then 'no_time'
                when touched_at is null then 'bad_time'
            end as problem
        from typed
    """
    try:
        con.execute(sql, params)
    except duckdb.OutOfMemoryException as error:
        raise MemoryError(texts.OUT_OF_MEMORY) from error
    log.info("built touches: %.0f ms", (time.perf_counter() - started) * 1000)


def accounting(con: duckdb.DuckDBPyConnection, touches: Touches) -> dict[str, int]:
    """Rows read = rows used + rows set aside, with a count for every reason.

    Keys: read, used, set_aside, and one per reason in ``PROBLEMS`` plus
    ``unreadable`` for lines the reader could not split.
    """
    users_key = "lower(email)" if touches.link.by_email else "customer_id"
    rows = dict(
        con.execute(
            f"""
            with user_keys as (
                select distinct {users_key} as k
                from users
                where {users_key} is not null
            )
            select
                coalesce(
                    problem,
                    case when user_keys.k is null then 'no_user' else 'used' end
                ) as outcome,
                count(*)
            from {TABLE}
            left join user_keys on user_keys.k = {TABLE}.touch_key
            group by outcome
            """
        ).fetchall()
    )
    log.info("touches accounting: %d outcomes", len(rows))
    counts = {reason: rows.get(reason, 0) for reason in PROBLEMS}
    counts["unreadable"] = len(touches.raw.set_aside)
    counts["used"] = rows.get("used", 0)
    counts["read"] = touches.raw.rows_read
    counts["set_aside"] = sum(counts[r] for r in PROBLEMS) + counts["unreadable"]
    return counts


def set_aside_reasons(
    con: duckdb.DuckDBPyConnection, touches: Touches, counts: dict[str, int]
) -> pd.DataFrame:
    """One row per reason a touch is not counted: how many, and example rows."""
    examples = _set_aside_examples(con, touches)
    rows = []
    if counts["unreadable"]:
        shown = ", ".join(row.row for row in touches.raw.set_aside[:5])
        rows.append((texts.TOUCH_UNREADABLE, counts["unreadable"], shown))
    for key, reason in PROBLEMS.items():
        if counts[key]:
            shown = ", ".join(texts.data_row(n) for n in examples.get(key, []))
            rows.append((reason, counts[key], shown))
    return pd.DataFrame(rows, columns=["Reason", "Rows", "For example"])


def _set_aside_examples(con: duckdb.DuckDBPyConnection, touches: Touches) -> dict:
    """Up to five data-row numbers per reason."""
    users_key = "lower(email)" if touches.link.by_email else "customer_id"
    found = con.execute(
        f"""
        with user_keys as (
            select distinct {users_key} as k from users where {users_key} is not null
        ),
        outcomes as (
            select
                row_number,
                coalesce(problem, case when user_keys.k is null then 'no_user' end)
                    as outcome
            from {TABLE}
            left join user_keys on user_keys.k = {TABLE}.touch_key
        )
        select outcome, list(row_number order by row_number)[1:5]
        from outcomes
        where outcome is not null
        group by outcome
        """
    ).fetchall()
    return dict(found)
