"""What changed: the change in registered users who never bought between two
moments, split into more registrations, a different mix across a slice, and a
different share never buying within each part of the slice.

The count at a moment T is a sum over the parts i of the slice:

    never_bought(T) = all_users(T) * mix_i(T) * never_share_i(T)

where mix_i is part i's share of all registered users and never_share_i the share
of part i who never bought. The change of each product is split with the Shapley
(symmetric) form for three factors, so the three effects add up exactly to the
change, with no remainder, whichever order the factors are taken in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nonactivated import metrics
from nonactivated.dataset import Dataset
from nonactivated.metrics import _cached
from nonactivated.queries import Filters, end_of_day

# A part with fewer registered users than this at either moment has a share that
# one person moves by several points; its effects are flagged as unreliable.
MIN_PART_USERS = 30
NO_SPLIT = ""
EFFECTS = ("more_registrations", "mix", "rate")


@dataclass(frozen=True)
class Change:
    """The whole change and its three parts, with one row per slice part."""

    before_day: dt.date
    after_day: dt.date
    before: int
    after: int
    more_registrations: float
    mix: float
    rate: float
    parts: pd.DataFrame

    @property
    def total(self) -> int:
        return self.after - self.before


def year_earlier(day: dt.date) -> dt.date:
    """The same date a year before; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def shapley_three(x0, y0, z0, x1, y1, z1) -> tuple[float, float, float]:
    """Each factor's share of x1*y1*z1 - x0*y0*z0, averaged over the six orders in
    which the factors can change; the three always add up to the whole change."""
    dx, dy, dz = x1 - x0, y1 - y0, z1 - z0
    effect_x = dx * ((y0 * z0 + y1 * z1) / 3 + (y0 * z1 + y1 * z0) / 6)
    effect_y = dy * ((x0 * z0 + x1 * z1) / 3 + (x0 * z1 + x1 * z0) / 6)
    effect_z = dz * ((x0 * y0 + x1 * y1) / 3 + (x0 * y1 + x1 * y0) / 6)
    return effect_x, effect_y, effect_z


def decompose(counts: pd.DataFrame, before_day: dt.date, after_day: dt.date) -> Change:
    """Split the change from counts per part at the two moments.

    ``counts`` columns: slice_value, before_users, before_non_activated,
    after_users, after_non_activated.
    """
    counts = counts[(counts["before_users"] > 0) | (counts["after_users"] > 0)]
    users_before = float(counts["before_users"].sum())
    users_after = float(counts["after_users"].sum())
    rows = []
    for part in counts.itertuples(index=False):
        mix_after = part.after_users / users_after if users_after else None
        mix_before = part.before_users / users_before if users_before else mix_after
        if mix_after is None:
            mix_after = mix_before
        share_after = (
            part.after_non_activated / part.after_users if part.after_users else None
        )
        share_before = (
            part.before_non_activated / part.before_users
            if part.before_users
            else share_after
        )
        if share_after is None:
            share_after = share_before
        # With nobody registered at a moment, only the number of people changed.
        x0 = users_before
        y0, z0 = (
            (mix_before, share_before) if users_before else (mix_after, share_after)
        )
        volume, mix, rate = shapley_three(
            x0, y0, z0, users_after, mix_after, share_after
        )
        rows.append(
            {
                "slice_value": part.slice_value,
                "before_users": int(part.before_users),
                "before_non_activated": int(part.before_non_activated),
                "after_users": int(part.after_users),
                "after_non_activated": int(part.after_non_activated),
                "before_pct": 100.0 * share_before,
                "after_pct": 100.0 * share_after,
                "more_registrations": volume,
                "mix": mix,
                "rate": rate,
                "total": int(part.after_non_activated) - int(part.before_non_activated),
                "too_small": min(part.before_users, part.after_users) < MIN_PART_USERS,
            }
        )
    parts = pd.DataFrame(
        rows,
        columns=[
            "slice_value",
            "before_users",
            "before_non_activated",
            "after_users",
            "after_non_activated",
            "before_pct",
            "after_pct",
            *EFFECTS,
            "total",
            "too_small",
        ],
    )
    return Change(
        before_day=before_day,
        after_day=after_day,
        before=int(counts["before_non_activated"].sum()),
        after=int(counts["after_non_activated"].sum()),
        more_registrations=float(parts["more_registrations"].sum()),
        mix=float(parts["mix"].sum()),
        rate=float(parts["rate"].sum()),
        parts=parts,
    )


def what_changed(
    dataset: Dataset,
    filters: Filters,
    before_day: dt.date,
    after_day: dt.date,
    slice_column: str,
) -> Change:
    """The change in the count between the ends of two days, split by a slice."""
    if slice_column != NO_SPLIT and slice_column not in dataset.model.slice_labels:
        raise ValueError(f"not a slice of this file: {slice_column!r}")
    params = {
        "slice": slice_column,
        "before_end": end_of_day(before_day),
        "after_end": end_of_day(after_day),
    }
    counts = _cached(dataset, "what_changed", params, filters)
    return decompose(counts, before_day, after_day)


def largest_contributors(change: Change, limit: int = 3) -> pd.DataFrame:
    """The parts that moved the count most, biggest first (by size of the move)."""
    parts = change.parts[change.parts["total"] != 0]
    order = parts["total"].abs().sort_values(ascending=False, kind="stable").index
    return parts.loc[order].head(limit)


def whole_parts(effects: list[float], total: int) -> list[int]:
    """Round the effects to whole people so that they still add up to ``total``:
    the rounding error goes to the effects rounded furthest from their value."""
    floors = [int(value // 1) for value in effects]
    left = total - sum(floors)
    order = sorted(
        range(len(effects)), key=lambda i: effects[i] - floors[i], reverse=True
    )
    for i in order[: max(left, 0)]:
        floors[i] += 1
    return floors


def trend_with_year_earlier(
    dataset: Dataset, filters: Filters, as_of: dt.date, grain: str
) -> pd.DataFrame:
    """The count at each period end and on the same date a year earlier.

    Columns: period_end (date), non_activated_users, year_earlier (missing before
    the data starts).
    """
    frame = metrics.trend(dataset, filters, as_of, grain)[
        ["period_end", "non_activated_users"]
    ].copy()
    daily = metrics.trend(dataset, filters, as_of, "day")
    by_day = dict(
        zip(
            pd.to_datetime(daily["period_end"]).dt.date,
            daily["non_activated_users"],
            strict=True,
        )
    )
    frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
    frame["year_earlier"] = [
        by_day.get(year_earlier(end)) for end in frame["period_end"]
    ]
    frame["year_earlier"] = frame["year_earlier"].astype("Float64")
    return frame


def events_in_range(
    events: list[tuple[dt.date, str]], frame: pd.DataFrame
) -> pd.DataFrame:
    """The marked events that fall on the trend's time axis. Columns: day, text."""
    rows = [(day, text) for day, text in events]
    marks = pd.DataFrame(rows, columns=["day", "text"])
    if frame.empty:
        return marks.iloc[0:0]
    first, last = min(frame["period_end"]), max(frame["period_end"])
    return marks[
        (marks["day"] >= first - dt.timedelta(days=31)) & (marks["day"] <= last)
    ]


def effect_bars(change: Change, labels: dict[str, str]) -> pd.DataFrame:
    """The three effects in whole people that add up to the change, for the chart.

    ``labels`` names each of EFFECTS. Columns: step, people.
    """
    effects = whole_parts(
        [change.more_registrations, change.mix, change.rate], change.total
    )
    return pd.DataFrame({"step": [labels[name] for name in EFFECTS], "people": effects})
