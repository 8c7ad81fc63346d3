"""Channels and offers: who became a customer soon after a touch, against who was
not touched, from the optional touches file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nonactivated import texts
from nonactivated import touches as touches_module
from nonactivated.dataset import Dataset
from nonactivated.metrics import _cached
from nonactivated.queries import Filters, end_of_day

DAYS_AFTER = (7, 14, 30, 60)
GROUP_KINDS = {"channel": "Channel", "campaign": "Campaign", "offer": "Offer"}


@dataclass(frozen=True)
class TouchSpan:
    """The days the usable touches cover; None when no touch can count."""

    first: dt.date | None
    last: dt.date | None
    touches: int


def touch_span(dataset: Dataset) -> TouchSpan:
    key = (dataset.version, "touch_span")
    if key not in dataset.results:
        dataset.results[key] = _touch_span(dataset)
    return dataset.results[key]


def touch_counts(dataset: Dataset) -> dict[str, int]:
    """Rows of the touches file read, used and set aside (see touches.accounting),
    kept with the dataset's results so a rerun asks once."""
    key = (dataset.version, "touch_counts")
    if key not in dataset.results:
        with dataset.cursor() as cursor:
            dataset.results[key] = touches_module.accounting(cursor, dataset.touches)
    return dataset.results[key]


def _touch_span(dataset: Dataset) -> TouchSpan:
    with dataset.cursor() as cursor:
        first, last, count = cursor.execute(
            f"""
            select min(touched_at), max(touched_at), count(*)
            from {touches_module.TABLE}
            where problem is null
            """
        ).fetchone()
    return TouchSpan(
        first.date() if first else None, last.date() if last else None, count
    )


def latest_useful_day(last_date: dt.date, days: int) -> dt.date:
    """The last day of touches that leaves ``days`` full days to see an order."""
    return last_date - dt.timedelta(days=days)


def default_window(span: TouchSpan, last_date: dt.date, days: int) -> tuple:
    """Every day of touches that still leaves ``days`` days to see an order (at
    most a year)."""
    latest_useful = latest_useful_day(last_date, days)
    end = min(span.last or latest_useful, latest_useful)
    start = max(span.first or end, end - dt.timedelta(days=364))
    return min(start, end), end


def channel_activation(
    dataset: Dataset,
    filters: Filters,
    window_start: dt.date,
    window_end: dt.date,
    days: int,
) -> pd.DataFrame:
    """Columns: group_kind ('any', 'channel', 'campaign', 'offer', 'untouched'),
    group_value, users, activated_within, activated_pct.

    The window runs from the start of ``window_start`` to the end of
    ``window_end`` (UTC).
    """
    params = {
        "window_start": dt.datetime.combine(window_start, dt.time()),
        "window_end": end_of_day(window_end),
        "days": int(days),
        "by_email": dataset.touches.link.by_email,
        "no_value": texts.NO_VALUE_LABEL,
    }
    frame = _cached(dataset, "channel_activation", params, filters)
    return frame.astype({"users": "int64", "activated_within": "int64"})


def comparison_rows(frame: pd.DataFrame, kind: str, most: int = 25) -> pd.DataFrame:
    """The ``most`` largest groups of one kind, the highest share who bought first,
    followed by 'not touched', for one chart. People reached without an offer are
    no offer, so they are left out of the offer chart (the table keeps them).

    Columns: group, users, activated_within, activated_pct, touched (bool).
    """
    part = frame[frame["group_kind"] == kind]
    if kind == "offer":
        part = part[part["group_value"] != texts.NO_VALUE_LABEL]
    part = part.nlargest(most, "users").sort_values(
        ["activated_pct", "users", "group_value"], ascending=[False, False, True]
    )
    untouched = frame[frame["group_kind"] == "untouched"]
    rows = pd.concat(
        [
            part.assign(group=part["group_value"], touched=True),
            untouched.assign(group=texts.NOT_TOUCHED, touched=False),
        ],
        ignore_index=True,
    )
    return rows[["group", "users", "activated_within", "activated_pct", "touched"]]
