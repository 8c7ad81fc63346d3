"""The seven questions staff bring, each answered from the data present, or with
the column or file that would answer it.

Each answer names the page that shows it in full: ``QUESTION_PAGES`` maps a
question's number to that page, one line per question.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nonactivated import channels, checks, feedback, metrics, texts
from nonactivated.dataset import Dataset
from nonactivated.metrics import _cached
from nonactivated.queries import Filters, end_of_day

# Which page shows each question in full.
QUESTION_PAGES = {
    1: "views/time_to_activate.py",
    2: "views/channels.py",
    3: "views/slices.py",
    4: "views/slices.py",
    5: "views/channels.py",
    6: "views/feedback.py",
    7: "views/what_changed.py",
}
# Groups smaller than this make a share that chance alone can swing.
MIN_GROUP = 30
OFFER_WORDS = ("offer", "promo", "coupon", "discount", "voucher")


@dataclass(frozen=True)
class Answer:
    """One question: the answer in words, or what is missing to answer it."""

    number: int
    question: str
    answer: str | None
    missing: str | None
    page: str


def _answer(number: int, answer: str | None = None, missing: str | None = None):
    return Answer(
        number, texts.QUESTIONS[number], answer, missing, QUESTION_PAGES[number]
    )


def time_to_activate(dataset: Dataset, filters: Filters, as_of: dt.date) -> Answer:
    model = dataset.model
    if not model.has_registration:
        return _answer(1, missing=texts.MISSING_REGISTRATION)
    if not model.has_activation_time:
        return _answer(1, missing=texts.MISSING_CUSTOMER_DATE)
    row = _cached(
        dataset, "activation_within", {"as_of_end": end_of_day(as_of)}, filters
    ).iloc[0]
    if not row["registered"]:
        return _answer(1, missing=texts.MISSING_MONTH_OF_DATA)
    return _answer(
        1,
        texts.answer_time_to_activate(
            int(row["registered"]),
            int(row["within_7_days"]),
            int(row["within_30_days"]),
        ),
    )


def _slice_groups(dataset: Dataset, filters: Filters, as_of: dt.date, column: str):
    frame = metrics.slices(dataset, filters, as_of)
    return frame[frame["slice"] == column]


def regions(dataset: Dataset, filters: Filters, as_of: dt.date) -> Answer:
    if "country" not in dataset.model.slice_labels:
        return _answer(3, missing=texts.MISSING_COUNTRY)
    groups = _slice_groups(dataset, filters, as_of, "country")
    # People without a country say nothing about where the backlog is, but how
    # many they are is said, or a small country would look like the whole story.
    unset = groups["slice_value"].isin([texts.NOT_SET, texts.EMPTY_LABEL])
    without_country = int(groups.loc[unset, "non_activated_users"].sum())
    part = groups[~unset]
    if part.empty:
        return _answer(3, missing=texts.MISSING_COUNTRY_VALUES)
    most = part.sort_values(
        ["non_activated_users", "slice_value"], ascending=[False, True]
    ).iloc[0]
    sizeable = part[part["all_users"] >= MIN_GROUP]
    worst = None
    if not sizeable.empty:
        worst = sizeable.sort_values(
            ["non_activated_pct", "slice_value"], ascending=[False, True]
        ).iloc[0]
    answer = texts.answer_regions(
        most, worst, without_country, len(sizeable), MIN_GROUP
    )
    return _answer(3, answer)


def verification(dataset: Dataset, filters: Filters, as_of: dt.date) -> Answer:
    if "verified" not in dataset.model.slice_labels:
        return _answer(4, missing=texts.MISSING_VERIFIED)
    part = _slice_groups(dataset, filters, as_of, "verified").set_index("slice_value")
    if not {"verified", "not verified"} <= set(part.index):
        return _answer(4, missing=texts.MISSING_BOTH_VERIFIED)
    return _answer(
        4,
        texts.answer_verification(
            part.loc["verified", "non_activated_pct"],
            part.loc["not verified", "non_activated_pct"],
        ),
    )


def _touch_comparison(dataset: Dataset, filters: Filters):
    """The Channels page's default comparison, or None when it cannot be made."""
    touches = dataset.touches
    if touches is None or not touches.link.usable:
        return None
    if not dataset.model.has_activation_time:
        return None
    span = channels.touch_span(dataset)
    if span.first is None:
        return None
    days = 14
    start, end = channels.default_window(span, dataset.model.last_date, days)
    return channels.channel_activation(dataset, filters, start, end, days)


def _best_group(frame, kind: str):
    part = frame[
        (frame["group_kind"] == kind)
        & (frame["users"] >= MIN_GROUP)
        # People reached without an offer are not an offer to recommend.
        & (frame["group_value"] != texts.NO_VALUE_LABEL)
    ]
    if part.empty:
        return None
    return part.sort_values(
        ["activated_pct", "group_value"], ascending=[False, True]
    ).iloc[0]


def _untouched_pct(frame) -> float | None:
    part = frame[frame["group_kind"] == "untouched"]
    return None if part.empty else float(part["activated_pct"].iloc[0])


def channels_answer(dataset: Dataset, filters: Filters) -> Answer:
    if dataset.touches is None and dataset.remote is not None:
        return _answer(2, missing=texts.TOUCHES_NOT_ON_DATABASE)
    if dataset.touches is None:
        return _answer(2, missing=texts.MISSING_TOUCHES)
    if dataset.touches.link.channel_column is None:
        return _answer(2, missing=texts.MISSING_TOUCH_CHANNEL)
    frame = _touch_comparison(dataset, filters)
    if frame is None:
        return _answer(2, missing=texts.MISSING_TOUCH_USABLE)
    best = _best_group(frame, "channel")
    if best is None:
        return _answer(2, missing=texts.MISSING_PEOPLE)
    return _answer(2, texts.answer_best_group(best, _untouched_pct(frame), 14))


def offers(dataset: Dataset, filters: Filters, as_of: dt.date) -> Answer:
    touches = dataset.touches
    if touches is not None and touches.link.offer_column is not None:
        frame = _touch_comparison(dataset, filters)
        best = None if frame is None else _best_group(frame, "offer")
        if best is not None:
            return _answer(5, texts.answer_best_group(best, _untouched_pct(frame), 14))
    labels = dataset.model.slice_labels
    offer_slice = next(
        (
            column
            for column, label in labels.items()
            if any(word in label.lower() for word in OFFER_WORDS)
        ),
        None,
    )
    if offer_slice is None:
        return _answer(5, missing=texts.MISSING_OFFERS)
    part = _slice_groups(dataset, filters, as_of, offer_slice)
    part = part[part["all_users"] >= MIN_GROUP]
    if part.empty:
        return _answer(5, missing=texts.MISSING_PEOPLE)
    best = part.sort_values(
        ["non_activated_pct", "slice_value"], ascending=[True, True]
    ).iloc[0]
    return _answer(5, texts.answer_offer_slice(labels[offer_slice], best))


def what_they_say(dataset: Dataset, filters: Filters, as_of: dt.date) -> Answer:
    if "feedback" not in dataset.mapping.roles:
        return _answer(6, missing=texts.MISSING_FEEDBACK)
    found = feedback.answers(dataset, filters, as_of)
    terms = feedback.terms(dataset, filters, as_of).head(3)
    if terms.empty:
        return _answer(6, missing=texts.NO_FEEDBACK_ANSWERS)
    return _answer(6, texts.answer_feedback(terms, int(found["people"].sum())))


def trends(
    dataset: Dataset, filters: Filters, as_of: dt.date, period_days: int
) -> Answer:
    model = dataset.model
    if not (model.has_registration and model.has_activation_time):
        return _answer(7, missing=texts.MISSING_ACTIVATION_TIME)
    year_day = as_of - dt.timedelta(days=365)
    first = model.first_registered
    if first is None or first.date() > year_day:
        return _answer(7, missing=texts.MISSING_A_YEAR)
    result = checks.year_ago(
        metrics.headline(dataset, filters, as_of, period_days),
        metrics.headline(dataset, filters, year_day, period_days),
    )
    if result.status == checks.CANNOT_TELL:
        return _answer(7, missing=texts.MISSING_A_YEAR)
    return _answer(7, result.figure)


def answer_all(
    dataset: Dataset, filters: Filters, as_of: dt.date, period_days: int
) -> list[Answer]:
    """The seven answers for the current view, in the order of the questions."""
    return [
        time_to_activate(dataset, filters, as_of),
        channels_answer(dataset, filters),
        regions(dataset, filters, as_of),
        verification(dataset, filters, as_of),
        offers(dataset, filters, as_of),
        what_they_say(dataset, filters, as_of),
        trends(dataset, filters, as_of, period_days),
    ]
