"""How long people take to become customers, and what the waiting backlog is worth.

The SQL in ``queries/time_to_activate.sql`` counts, per whole day since sign-up,
the people who bought that day and the people still waiting after that many days.
From those counts this module estimates the share who have bought by each day with
the Kaplan-Meier method: people still waiting are not dropped and not counted as
never buying; they count for as long as they have been seen waiting ("censored").

Notation used below: S(d) is the estimated share of people who have NOT bought
within d days of signing up; 1 - S(d) is the share who have.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

# Days are counted up to two years; anything later sits in one last day, LIMIT + 1.
DAY_LIMIT = 730
# 95 % of a normal distribution lies within 1.96 standard errors.
Z_95 = 1.96
# Groups of people still waiting, the same as on the Slices page, by whole days
# waited: (first day, last day, order).
WAIT_GROUPS = ((0, 0, 1), (1, 6, 2), (7, 29, 3), (30, 89, 4), (90, 364, 5))
LAST_WAIT_GROUP = 6


def kaplan_meier(counts: pd.DataFrame) -> pd.DataFrame:
    """The estimated share who have bought by each day, with a 95 % band.

    ``counts`` columns: day (0 .. DAY_LIMIT + 1), became_customers, still_waiting;
    days may repeat or be missing. Returns one row per day from 0 to the last day:
    day, at_risk (still waiting at the start of the day), became_customers,
    still_waiting, survival (S), activated_pct, low_pct, high_pct (Greenwood's
    band, clipped to 0-100) and greenwood (the running sum behind the band).
    """
    timed = counts.dropna(subset=["day"])
    last = int(timed["day"].max()) if len(timed) else 0
    per_day = (
        timed.astype({"day": int})
        .groupby("day")[["became_customers", "still_waiting"]]
        .sum()
        .reindex(range(last + 1), fill_value=0)
    )
    rows = []
    at_risk = int(per_day.sum().sum())
    survival, greenwood = 1.0, 0.0
    for day, (bought, waiting) in per_day.iterrows():
        bought, waiting = int(bought), int(waiting)
        if at_risk > 0 and bought:
            survival *= 1 - bought / at_risk
            # Nobody left to buy after a day where everyone bought: the curve is
            # exact from there on, with no spread.
            if at_risk > bought:
                greenwood += bought / (at_risk * (at_risk - bought))
        spread = Z_95 * survival * math.sqrt(greenwood)
        rows.append(
            {
                "day": day,
                "at_risk": at_risk,
                "became_customers": bought,
                "still_waiting": waiting,
                "survival": survival,
                "activated_pct": 100 * (1 - survival),
                "low_pct": 100 * max(0.0, 1 - survival - spread),
                "high_pct": 100 * min(1.0, 1 - survival + spread),
                "greenwood": greenwood,
            }
        )
        at_risk -= bought + waiting
    return pd.DataFrame(rows)


def survival_at(curve: pd.DataFrame, day: int) -> float:
    """S(day). After the last day the data reaches, or two years, the curve stays
    flat: nothing is known about later purchases."""
    if curve.empty:
        return 1.0
    last = min(int(curve["day"].iloc[-1]), DAY_LIMIT)
    return float(curve["survival"].iloc[min(max(day, 0), last)])


def _greenwood_at(curve: pd.DataFrame, day: int) -> float:
    last = min(int(curve["day"].iloc[-1]), DAY_LIMIT)
    return float(curve["greenwood"].iloc[min(max(day, 0), last)])


def day_reaching(curve: pd.DataFrame, share_pct: float) -> int | None:
    """The first day by which the estimated share who bought reaches
    ``share_pct``; None when it is not reached within the data."""
    shown = curve[curve["day"] <= DAY_LIMIT]
    # A tiny tolerance, so 50 % worked out as 49.999999 still counts as 50 %.
    reached = shown[shown["activated_pct"] >= share_pct - 1e-9]
    return None if reached.empty else int(reached["day"].iloc[0])


@dataclass(frozen=True)
class TimeToActivate:
    """The figures of one curve: overall, or of one group."""

    label: str
    curve: pd.DataFrame
    users: int
    customers: int
    still_waiting: int
    customers_without_date: int
    median_day: int | None
    p75_day: int | None
    p90_day: int | None
    mean_days_of_customers: float | None

    def bought_by(self, day: int) -> float:
        """Estimated share (0-100) who bought within ``day`` days."""
        return 100 * (1 - survival_at(self.curve, day))


def summarise(counts: pd.DataFrame, label: str = "") -> TimeToActivate:
    """Curve and figures from the counts of one group (columns as in
    ``kaplan_meier`` plus customers_without_date)."""
    curve = kaplan_meier(counts)
    timed = counts.dropna(subset=["day"])
    customers = int(timed["became_customers"].sum())
    total_days = float((timed["day"] * timed["became_customers"]).sum())
    return TimeToActivate(
        label=label,
        curve=curve,
        users=customers + int(timed["still_waiting"].sum()),
        customers=customers,
        still_waiting=int(timed["still_waiting"].sum()),
        customers_without_date=int(counts["customers_without_date"].sum()),
        median_day=day_reaching(curve, 50),
        p75_day=day_reaching(curve, 75),
        p90_day=day_reaching(curve, 90),
        mean_days_of_customers=total_days / customers if customers else None,
    )


def by_group(counts: pd.DataFrame) -> list[TimeToActivate]:
    """One summary per slice value, largest group first.

    ``counts`` columns: slice_value and those of ``summarise``."""
    groups = [
        summarise(part, str(value)) for value, part in counts.groupby("slice_value")
    ]
    return sorted(groups, key=lambda g: (-g.users, g.label))


# --- what the backlog is worth ---------------------------------------------


def wait_group(day: int) -> int:
    """The order of the waiting group a number of whole days falls in."""
    for first, last, order in WAIT_GROUPS:
        if first <= day <= last:
            return order
    return LAST_WAIT_GROUP


def chance_within(curve: pd.DataFrame, waited: int, horizon: int) -> float:
    """The chance that someone who has waited ``waited`` whole days buys within the
    next ``horizon`` days: (S(waited) - S(waited + horizon)) / S(waited)."""
    before = survival_at(curve, waited)
    if before <= 0:
        return 0.0
    return (before - survival_at(curve, waited + horizon)) / before


def _chance_band(curve: pd.DataFrame, waited: int, horizon: int) -> tuple[float, float]:
    """A 95 % range for ``chance_within``, from Greenwood's variance of the log of
    S(waited + horizon) / S(waited), the part of the curve the chance uses."""
    kept = 1 - chance_within(curve, waited, horizon)
    spread = _greenwood_at(curve, waited + horizon) - _greenwood_at(curve, waited)
    if kept <= 0 or spread <= 0:
        return 1 - kept, 1 - kept
    factor = math.exp(Z_95 * math.sqrt(spread))
    return max(0.0, 1 - min(1.0, kept * factor)), max(0.0, 1 - kept / factor)


@dataclass(frozen=True)
class Outlook:
    """Expected new customers among the people still waiting, within a horizon."""

    horizon: int
    by_wait: pd.DataFrame
    still_waiting: int
    expected: float
    low: float
    high: float


def outlook(curve: pd.DataFrame, horizon: int) -> Outlook:
    """For each waiting group: the people still waiting, their chance to buy within
    ``horizon`` days, and the expected new customers (people x chance), with the
    range from the curve's 95 % band.

    ``by_wait`` columns: wait_order, still_waiting, expected_customers,
    low_customers, high_customers, chance_pct (expected / still waiting)."""
    rows = []
    for row in curve.itertuples():
        if not row.still_waiting:
            continue
        waited = int(row.day)
        chance = chance_within(curve, waited, horizon)
        low, high = _chance_band(curve, waited, horizon)
        rows.append(
            {
                "wait_order": wait_group(waited),
                "still_waiting": row.still_waiting,
                "expected_customers": row.still_waiting * chance,
                "low_customers": row.still_waiting * low,
                "high_customers": row.still_waiting * high,
            }
        )
    columns = [
        "wait_order",
        "still_waiting",
        "expected_customers",
        "low_customers",
        "high_customers",
    ]
    per_day = pd.DataFrame(rows, columns=columns)
    by_wait = (
        per_day.groupby("wait_order", as_index=False)[columns[1:]]
        .sum()
        .sort_values("wait_order")
    )
    by_wait["chance_pct"] = (
        100 * by_wait["expected_customers"] / by_wait["still_waiting"]
    )
    return Outlook(
        horizon=horizon,
        by_wait=by_wait.reset_index(drop=True),
        still_waiting=int(per_day["still_waiting"].sum()),
        expected=float(per_day["expected_customers"].sum()),
        low=float(per_day["low_customers"].sum()),
        high=float(per_day["high_customers"].sum()),
    )


def extra_if_more(curve: pd.DataFrame, horizon: int, more_pct: float) -> float:
    """Extra new customers within ``horizon`` days if each waiting person's chance
    to buy were ``more_pct`` % higher (a chance never goes above 100 %)."""
    extra = 0.0
    for row in curve.itertuples():
        if row.still_waiting:
            chance = chance_within(curve, int(row.day), horizon)
            raised = min(1.0, chance * (1 + more_pct / 100))
            extra += row.still_waiting * (raised - chance)
    return extra


def extra_if_sooner(curve: pd.DataFrame, horizon: int, sooner_days: int) -> float:
    """Extra new customers within ``horizon`` days if every purchase came
    ``sooner_days`` days earlier: those who would have bought in the days just
    after the horizon buy within it, (S(d + H) - S(d + H + Y)) / S(d) per person."""
    extra = 0.0
    for row in curve.itertuples():
        if row.still_waiting:
            waited = int(row.day)
            later = chance_within(curve, waited, horizon + sooner_days)
            extra += row.still_waiting * (later - chance_within(curve, waited, horizon))
    return extra


def curve_frame(summaries: list[TimeToActivate]) -> pd.DataFrame:
    """The curves of several groups in one frame for the chart, up to two years.

    Columns: group, day, activated_pct, low_pct, high_pct, at_risk."""
    parts = [
        s.curve[s.curve["day"] <= DAY_LIMIT].assign(group=s.label)[
            ["group", "day", "activated_pct", "low_pct", "high_pct", "at_risk"]
        ]
        for s in summaries
    ]
    return pd.concat(parts, ignore_index=True)
