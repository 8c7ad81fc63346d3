"""Why the number may have worsened: automatic checks, each a pass or a flag.

Every check is a pure function from figures the queries already give (or a few
plain values) to a ``CheckResult``: its status, the figure behind it in words,
the page that shows it, and the tactics that address it when it flags. ``run``
gathers the figures for the current view and runs them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nonactivated import metrics, texts
from nonactivated.dataset import Dataset
from nonactivated.mapping import ActivationRule
from nonactivated.metrics import _cached
from nonactivated.queries import Filters, end_of_day

PASS, FLAG, CANNOT_TELL = "pass", "flag", "cannot_tell"

# Below these, a change is as likely to be chance as a cause; said on the page.
STALE_AFTER_DAYS = 7
UNVERIFIED_RISE_POINTS = 5.0
SPIKE_FACTOR = 2.0
SPIKE_MIN_PEOPLE = 20
SPIKE_MIN_SHARE_PCT = 10.0
AGEING_RISE_POINTS = 2.0
YEAR_RISE_POINTS = 1.0
OLDER_BUCKETS = (5, 6)  # 90-365 days and over a year, in waiting_time.sql
# How the users table writes an unverified e-mail (see model.py).
UNVERIFIED_VALUE = "not verified"


@dataclass(frozen=True)
class CheckResult:
    """One check: what was looked at, what was found, where to see it, what to do."""

    key: str
    title: str
    status: str
    figure: str
    page: str
    tactics: str


def _result(key: str, status: str, figure: str) -> CheckResult:
    title, page, tactics = texts.CHECKS[key]
    return CheckResult(key, title, status, figure, page, tactics)


def freshness(latest: dt.date | None, today: dt.date) -> CheckResult:
    """Flags data whose latest registration is more than a week before today."""
    if latest is None:
        return _result("freshness", CANNOT_TELL, texts.CHECK_NO_DATES)
    age = (today - latest).days
    status = FLAG if age > STALE_AFTER_DAYS else PASS
    return _result("freshness", status, texts.freshness_figure(latest, age))


def unverified_growth(mix: pd.DataFrame) -> CheckResult:
    """Flags a share of unverified e-mails among new registrations that rose by
    five points or more against the period before.

    ``mix``: rows of registration_mix.sql (slice, slice_value, registered_now,
    registered_before); only the 'verified' slice is read.
    """
    part = mix[mix["slice"] == "verified"]
    if part.empty:
        return _result("unverified", CANNOT_TELL, texts.CHECK_NO_VERIFIED)
    now_total, before_total = (
        part["registered_now"].sum(),
        part["registered_before"].sum(),
    )
    if not now_total or not before_total:
        return _result("unverified", CANNOT_TELL, texts.CHECK_NO_REGISTRATIONS)
    unverified = part[part["slice_value"] == UNVERIFIED_VALUE]
    now = 100.0 * unverified["registered_now"].sum() / now_total
    before = 100.0 * unverified["registered_before"].sum() / before_total
    status = FLAG if now - before >= UNVERIFIED_RISE_POINTS else PASS
    return _result("unverified", status, texts.unverified_figure(now, before))


def spike(mix: pd.DataFrame, slice_name: str, label: str | None) -> CheckResult:
    """Flags one value of a slice (a source, a device) whose new registrations at
    least doubled against the period before, when it is at least 20 people and a
    tenth of all new registrations.

    ``mix``: rows of registration_mix.sql; only ``slice_name`` is read.
    """
    key = f"spike_{slice_name}"
    if label is None:
        return _result(key, CANNOT_TELL, texts.check_no_slice(slice_name))
    part = mix[mix["slice"] == slice_name]
    # The column is there: no row means nobody signed up in the two periods, or
    # nobody who did has a value in it (the mix leaves empty values out).
    if part.empty:
        return _result(key, CANNOT_TELL, texts.spike_no_sign_ups(label))
    total_now = part["registered_now"].sum()
    if not total_now:
        return _result(key, CANNOT_TELL, texts.CHECK_NO_NEW_REGISTRATIONS)
    growth = part.assign(
        share=100.0 * part["registered_now"] / total_now,
        extra=part["registered_now"] - part["registered_before"],
    )
    spiking = growth[
        (growth["registered_now"] >= SPIKE_FACTOR * growth["registered_before"])
        & (growth["registered_now"] >= SPIKE_MIN_PEOPLE)
        & (growth["share"] >= SPIKE_MIN_SHARE_PCT)
        & (growth["extra"] > 0)
    ]
    if spiking.empty:
        top = growth.sort_values(["extra", "slice_value"], ascending=[False, True])
        row = top.iloc[0]
        figure = texts.no_spike_figure(
            label,
            row["slice_value"],
            row["registered_now"],
            row["registered_before"],
            SPIKE_MIN_PEOPLE,
            SPIKE_MIN_SHARE_PCT,
        )
        return _result(key, PASS, figure)
    row = spiking.sort_values(["extra", "slice_value"], ascending=[False, True]).iloc[0]
    figure = texts.spike_figure(
        label, row["slice_value"], row["registered_now"], row["registered_before"]
    )
    return _result(key, FLAG, figure)


def backlog_ageing(now: pd.DataFrame, before: pd.DataFrame) -> CheckResult:
    """Flags a backlog whose share waiting 90 days or more rose by two points or
    more since the start of the period.

    ``now`` and ``before``: rows of waiting_time.sql (bucket_order,
    non_activated_users) at the chosen day and at the period's start.
    """

    def older_share(frame: pd.DataFrame) -> float | None:
        total = frame["non_activated_users"].sum()
        if not total:
            return None
        older = frame[frame["bucket_order"].isin(OLDER_BUCKETS)]
        return 100.0 * older["non_activated_users"].sum() / total

    share_now, share_before = older_share(now), older_share(before)
    if share_now is None or share_before is None:
        return _result("ageing", CANNOT_TELL, texts.CHECK_NO_BACKLOG)
    status = FLAG if share_now - share_before >= AGEING_RISE_POINTS else PASS
    return _result("ageing", status, texts.ageing_figure(share_now, share_before))


def year_ago(now: metrics.Headline | None, year_before: metrics.Headline | None):
    """Flags a share of never-bought users one point or more above the same day a
    year earlier."""
    if (
        now is None
        or year_before is None
        or not year_before.all_users
        or now.non_activated_pct is None
        or year_before.non_activated_pct is None
    ):
        return _result("year_ago", CANNOT_TELL, texts.CHECK_NO_YEAR)
    rise = now.non_activated_pct - year_before.non_activated_pct
    status = FLAG if rise >= YEAR_RISE_POINTS else PASS
    figure = texts.year_figure(
        now.non_activated_pct,
        year_before.non_activated_pct,
        now.new_customers,
        year_before.new_customers,
    )
    return _result("year_ago", status, figure)


def rule_token(rule: ActivationRule | None, columns: list[str]) -> str:
    """A short text naming a rule by its column's name, for a shared address:
    "time:first_order_at", "values:Status:Converted|Won", "orders_file"."""
    if rule is None:
        return "none"
    parts = [rule.kind]
    if rule.column is not None:
        parts.append(columns[rule.column])
    if rule.values:
        parts.append("|".join(rule.values))
    return ":".join(parts)


def rule_change(
    now: ActivationRule | None,
    at_load: ActivationRule | None,
    describe,
    shared: str | None = None,
    token=None,
) -> CheckResult:
    """Flags a rule for who is a customer other than the one recognised when the
    file was read, or than the one a shared link was made with (``shared``, a
    ``rule_token``): figures made under two rules do not compare.

    ``describe`` turns a rule into words and ``token`` into a rule_token (both
    know the dataset's column names).
    """
    if shared is not None and token is not None and shared != token(now):
        return _result("rule", FLAG, texts.rule_shared_figure(describe(now), shared))
    if now == at_load:
        return _result("rule", PASS, texts.rule_same_figure(describe(now)))
    return _result(
        "rule", FLAG, texts.rule_changed_figure(describe(now), describe(at_load))
    )


def registration_mix(
    dataset: Dataset, filters: Filters, as_of: dt.date, period_days: int
) -> pd.DataFrame:
    """Columns: slice, slice_value, registered_now, registered_before."""
    end = end_of_day(as_of)
    period = dt.timedelta(days=period_days)
    params = {
        "as_of_end": end,
        "period_start": end - period,
        "previous_start": end - 2 * period,
    }
    return _cached(dataset, "registration_mix", params, filters)


def latest_registration(dataset: Dataset) -> dt.date | None:
    """The day of the latest registration of everyone in the data, filters aside:
    the data's freshness does not depend on the slice looked at."""
    frame = _cached(dataset, "latest_registration", {}, Filters())
    latest = frame["latest_registered"].iloc[0] if len(frame) else None
    if latest is None or pd.isna(latest):
        return None
    return pd.Timestamp(latest).date()


def run(
    dataset: Dataset,
    filters: Filters,
    as_of: dt.date,
    period_days: int,
    today: dt.date,
    shared_rule: str | None = None,
) -> list[CheckResult]:
    """Every check for the current view, in the order the page shows them.

    ``shared_rule``: the rule_token in the address the session was opened with.
    """
    model = dataset.model
    labels = model.slice_labels
    has_dates = model.has_registration
    latest = latest_registration(dataset) if has_dates else None
    results = [freshness(latest, today)]

    if has_dates:
        mix = registration_mix(dataset, filters, as_of, period_days)
    else:
        mix = pd.DataFrame(
            columns=["slice", "slice_value", "registered_now", "registered_before"]
        )
    results.append(unverified_growth(mix))
    results.append(spike(mix, "source", labels.get("source")))
    results.append(spike(mix, "device", labels.get("device")))

    if has_dates and model.has_activation_time:
        start = as_of - dt.timedelta(days=period_days)
        results.append(
            backlog_ageing(
                metrics.waiting_time(dataset, filters, as_of),
                metrics.waiting_time(dataset, filters, start),
            )
        )
        year_day = as_of - dt.timedelta(days=365)
        results.append(
            year_ago(
                metrics.headline(dataset, filters, as_of, period_days),
                metrics.headline(dataset, filters, year_day, period_days),
            )
        )
    else:
        results.append(_result("ageing", CANNOT_TELL, texts.CHECK_NO_TIME))
        results.append(_result("year_ago", CANNOT_TELL, texts.CHECK_NO_TIME))

    def describe(rule: ActivationRule | None) -> str:
        return rule.describe(dataset.raw.columns) if rule else texts.NO_RULE_SHORT

    def token(rule: ActivationRule | None) -> str:
        return rule_token(rule, dataset.raw.columns)

    rule_now = dataset.mapping.activation
    results.append(
        rule_change(rule_now, dataset.rule_at_load, describe, shared_rule, token)
    )
    return results
