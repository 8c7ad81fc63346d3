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

from dataclasses import dataclass

import numpy as np
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
    bought = per_day["became_customers"].to_numpy(dtype=float)
    waiting = per_day["still_waiting"].to_numpy(dtype=float)
    leaving = bought + waiting
    # Still waiting at the start of a day: everyone, less those who left before.
    at_risk = leaving.sum() - np.concatenate([[0.0], np.cumsum(leaving)[:-1]])
    counted = at_risk > 0
    survival = np.cumprod(
        np.where(counted, 1 - bought / np.where(counted, at_risk, 1), 1.0)
    )
    # Nobody left to buy after a day where everyone bought: the curve is exact
    # from there on, with no spread.
    spread_terms = at_risk > bought
    greenwood = np.cumsum(
        np.where(
            spread_terms,
            bought / np.where(spread_terms, at_risk * (at_risk - bought), 1),
            0.0,
        )
    )
    half_width = Z_95 * survival * np.sqrt(greenwood)
    return pd.DataFrame(
        {
            "day": np.arange(last + 1),
            "at_risk": at_risk.astype(int),
            "became_customers": bought.astype(int),
            "still_waiting": waiting.astype(int),
            "survival": survival,
            "activated_pct": 100 * (1 - survival),
            "low_pct": 100 * np.clip(1 - survival - half_width, 0, 1),
            "high_pct": 100 * np.clip(1 - survival + half_width, 0, 1),
            "greenwood": greenwood,
        }
    )


def _at(curve: pd.DataFrame, column: str, days: np.ndarray) -> np.ndarray:
    """A column of the curve at each of ``days``. After the last day the data
    reaches, or two years, the curve stays flat: nothing is known about later
    purchases."""
    last = min(int(curve["day"].iloc[-1]), DAY_LIMIT)
    return curve[column].to_numpy()[np.clip(days, 0, last)]


def survival_at(curve: pd.DataFrame, day: int) -> float:
    """S(day), flat after the data or two years end."""
    if curve.empty:
        return 1.0
    return float(_at(curve, "survival", np.array([day]))[0])


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
    ``kaplan_meier`` plus customers_without_date and bought_days, the exact days
    from sign-up to purchase added up)."""
    curve = kaplan_meier(counts)
    timed = counts.dropna(subset=["day"])
    customers = int(timed["became_customers"].sum())
    # Exact durations, fractions of a day kept, not the curve's whole days.
    total_days = float(timed["bought_days"].astype(float).sum())
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


def chances_within(curve: pd.DataFrame, waited, horizon: int) -> np.ndarray:
    """The chance that someone who has waited ``waited`` whole days buys within the
    next ``horizon`` days: (S(waited) - S(waited + horizon)) / S(waited)."""
    waited = np.asarray(waited, dtype=int)
    before = _at(curve, "survival", waited)
    after = _at(curve, "survival", waited + horizon)
    # Nobody still waiting stands where S is 0; the guard only avoids 0 / 0.
    return np.where(before > 0, (before - after) / np.where(before > 0, before, 1), 0)


def _chance_bands(
    curve: pd.DataFrame, waited: np.ndarray, horizon: int
) -> tuple[np.ndarray, np.ndarray]:
    """A 95 % range for ``chances_within``, from Greenwood's variance of the log of
    S(waited + horizon) / S(waited), the part of the curve the chance uses."""
    kept = 1 - chances_within(curve, waited, horizon)
    spread = _at(curve, "greenwood", waited + horizon) - _at(curve, "greenwood", waited)
    factor = np.exp(Z_95 * np.sqrt(np.maximum(spread, 0)))
    low = np.clip(1 - np.minimum(1.0, kept * factor), 0, 1)
    high = np.clip(1 - kept / factor, 0, 1)
    return low, high


def _waiting(curve: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The whole days waited and how many people waited that long."""
    rows = curve[curve["still_waiting"] > 0]
    return rows["day"].to_numpy(dtype=int), rows["still_waiting"].to_numpy()


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
    waited, people = _waiting(curve)
    chance = chances_within(curve, waited, horizon)
    low, high = _chance_bands(curve, waited, horizon)
    per_day = pd.DataFrame(
        {
            "wait_order": [wait_group(int(day)) for day in waited],
            "still_waiting": people,
            "expected_customers": people * chance,
            "low_customers": people * low,
            "high_customers": people * high,
        }
    )
    columns = [
        "wait_order",
        "still_waiting",
        "expected_customers",
        "low_customers",
        "high_customers",
    ]
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
    waited, people = _waiting(curve)
    chance = chances_within(curve, waited, horizon)
    raised = np.minimum(1.0, chance * (1 + more_pct / 100))
    return float((people * (raised - chance)).sum())


def extra_if_sooner(curve: pd.DataFrame, horizon: int, sooner_days: int) -> float:
    """Extra new customers within ``horizon`` days if every purchase came
    ``sooner_days`` days earlier: those who would have bought in the days just
    after the horizon buy within it, (S(d + H) - S(d + H + Y)) / S(d) per person."""
    waited, people = _waiting(curve)
    later = chances_within(curve, waited, horizon + sooner_days)
    return float((people * (later - chances_within(curve, waited, horizon))).sum())


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
