"""Sign-up groups: for each registration week or month, the share who had bought
within 1, 2, ... weeks of signing up, computed by ``queries/cohort_grid.sql``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nonactivated import texts
from nonactivated.dataset import Dataset
from nonactivated.metrics import _cached
from nonactivated.queries import Filters, end_of_day

GROUPINGS = {"week": "Week", "month": "Month"}
# How many sign-up groups down and weeks across: a grid of at most 26 x 26 cells
# stays readable and far under the chart's row limit.
GROUPS_SHOWN = {"week": 26, "month": 24}
WEEKS_ACROSS = 26
# cohort_grid.sql lists the weeks 1 to 26 itself (see there why).
if WEEKS_ACROSS > 26:
    raise ValueError("cohort_grid.sql lists weeks 1 to 26 only")
# A share of fewer people than this moves by several points with one purchase.
MIN_GROUP_USERS = 30


def first_group_start(as_of: dt.date, grain: str) -> dt.datetime:
    """The start of the earliest group shown: the as-of day's group and the ones
    before it, GROUPS_SHOWN in all. Weeks start on Monday, as in DuckDB."""
    if grain == "week":
        start = as_of - dt.timedelta(days=as_of.weekday())
        start -= dt.timedelta(weeks=GROUPS_SHOWN["week"] - 1)
    elif grain == "month":
        months = as_of.year * 12 + as_of.month - 1 - (GROUPS_SHOWN["month"] - 1)
        start = dt.date(months // 12, months % 12 + 1, 1)
    else:
        raise ValueError(f"unknown grouping {grain!r}")
    return dt.datetime.combine(start, dt.time())


def cohort_grid(
    dataset: Dataset, filters: Filters, as_of: dt.date, grain: str
) -> pd.DataFrame:
    """One row per sign-up group and week since signing up.

    Columns: cohort_start, weeks_since, users, activated, activated_pct,
    observable (the cell can be known by the as-of day), too_small (fewer than
    MIN_GROUP_USERS people in the group).
    """
    params = {
        "grain": grain,
        "first_cohort": first_group_start(as_of, grain),
        "weeks_across": WEEKS_ACROSS,
        "as_of_end": end_of_day(as_of),
    }
    frame = _cached(dataset, "cohort_grid", params, filters).copy()
    frame["observable"] = frame["observable"].astype(bool)
    frame["too_small"] = frame["users"] < MIN_GROUP_USERS
    return frame


# The page's one number: a month is long enough for most first purchases and short
# enough that a recent group can already tell.
HEADLINE_WEEKS = 4


@dataclass(frozen=True)
class LatestKnown:
    """The newest group whose share after HEADLINE_WEEKS can be known."""

    group: str
    users: int
    share: float
    previous_group: str | None
    previous_share: float | None


def group_name(start, grain: str) -> str:
    """A group as people say it: "Oct 2026" for a month, "5 Oct 2026" for a week."""
    return f"{start:%b %Y}" if grain == "month" else texts.day(start)


def latest_known(frame: pd.DataFrame, weeks: int, grain: str) -> LatestKnown | None:
    cells = frame[(frame["weeks_since"] == weeks) & frame["observable"]]
    cells = cells.sort_values("cohort_start")
    if cells.empty:
        return None
    last = cells.iloc[-1]
    before = cells.iloc[-2] if len(cells) > 1 else None
    return LatestKnown(
        group=group_name(last["cohort_start"], grain),
        users=int(last["users"]),
        share=float(last["activated_pct"]),
        previous_group=(
            group_name(before["cohort_start"], grain) if before is not None else None
        ),
        previous_share=float(before["activated_pct"]) if before is not None else None,
    )
