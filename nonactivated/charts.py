"""Altair charts, one function per chart, each drawn from a small aggregated frame.

Colours come from the Okabe-Ito palette, which colour-blind readers can tell apart,
and mean the same thing on every page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import altair as alt
import pandas as pd

from nonactivated import texts

NON_ACTIVATED = "#D55E00"
ALL_USERS = "#7F7F7F"
CUSTOMERS = "#0072B2"
MAX_ROWS = 5000
# Heights in pixels for the whole chart, titles and axes included: Streamlit
# sizes fixed-height charts by the height it is given, not by the chart's own.
TREND_HEIGHT = 360
SHARE_HEIGHT = 260


def _sent_unchecked(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The chart, whose specification Streamlit will write out without checking
    it against the Vega-Lite schema again.

    Streamlit's ``st.altair_chart`` calls ``chart.to_dict()``, which validates the
    whole specification on every run: a good part of the time a chart costs,
    spent on code of ours that does not change between runs. The specification
    stays exactly the one Altair writes; ``tests/test_chart_specs.py`` checks
    every chart of this module against the schema instead.
    """
    to_dict = functools.partial(type(chart).to_dict, chart, validate=False)
    # Altair routes attribute writes into the specification; this one is the
    # object's own, so it goes past that.
    object.__setattr__(chart, "to_dict", to_dict)
    return chart


def unchecked(build: Callable) -> Callable:
    """Mark the chart (or charts) a builder returns as sent without re-checking."""

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        built = build(*args, **kwargs)
        if isinstance(built, tuple):
            return tuple(_sent_unchecked(chart) for chart in built)
        return _sent_unchecked(built)

    return wrapper


def latest_periods(frame: pd.DataFrame, rows_per_period: int = 1) -> pd.DataFrame:
    """The latest periods of a time series, as many as a chart takes.

    A day-by-day trend over years of sign-ups (or one sign-up dated 1970) has
    more periods than a chart can carry; the chart shows the latest ones and the
    page says how many earlier ones are only in the table. ``rows_per_period`` is
    how many rows of chart data one period becomes.
    """
    return frame.tail(MAX_ROWS // rows_per_period)


def periods_not_drawn(frame: pd.DataFrame, rows_per_period: int = 1) -> int:
    """How many of the earliest periods ``latest_periods`` leaves out."""
    return len(frame) - len(latest_periods(frame, rows_per_period))


def _guard(frame: pd.DataFrame) -> pd.DataFrame:
    # Charts are drawn from aggregates only; a frame this large is a bug upstream.
    if len(frame) > MAX_ROWS:
        raise ValueError(f"chart data has {len(frame)} rows, more than {MAX_ROWS}")
    return frame


@unchecked
def trend_charts(
    frame: pd.DataFrame, grain_label: str
) -> tuple[alt.LayerChart, alt.LayerChart]:
    """Two charts over the same time axis, read together: how many registered
    users had never bought at each period end among all registered users, and
    what share of them that is.

    Frame columns: period_end (date), all_users, non_activated_users,
    non_activated_pct.
    """
    data = _guard(latest_periods(frame)).assign(
        period=lambda f: pd.to_datetime(f["period_end"])
    )
    data["period_text"] = data["period"].dt.strftime("%-d %b %Y")
    # Months read as "Mar 2025"; days and weeks need the day too.
    label_format = "%b %Y" if grain_label == "Month" else "%-d %b %Y"
    time_axis = alt.X(
        "utcyearmonthdate(period):T",
        title=f"End of each {grain_label.lower()}",
        axis=alt.Axis(format=label_format, labelAngle=0, labelOverlap=True),
    )
    tooltip = [
        alt.Tooltip("period_text:N", title="As of"),
        alt.Tooltip("non_activated_users:Q", title="Never bought", format=","),
        alt.Tooltip("all_users:Q", title="All registered", format=","),
        alt.Tooltip(
            "non_activated_pct:Q", title="Share never bought (%)", format=".2f"
        ),
    ]
    # The layers share one data set, given once: Altair then need not compare
    # each layer's data to find that out.
    base = alt.Chart().encode(x=time_axis, tooltip=tooltip)
    all_users = base.mark_line(color=ALL_USERS, strokeDash=[4, 3]).encode(
        y=alt.Y(
            "all_users:Q",
            title="Users",
            scale=alt.Scale(zero=True),
            axis=alt.Axis(tickMinStep=1, format=",.0f"),
        )
    )
    stock = base.mark_line(color=NON_ACTIVATED, strokeWidth=2.5).encode(
        y=alt.Y("non_activated_users:Q")
    )
    counts = alt.layer(all_users, stock, data=data).properties(
        height=260,
        title="Registered but never bought (orange) among all registered (grey)",
    )
    share_axis = alt.Y(
        "non_activated_pct:Q",
        title="Share never bought (%)",
        scale=alt.Scale(domain=[0, 100]),
    )
    # Drawn as two layers: Streamlit sizes a layered chart by its height
    # property, where a single area chart came out squashed.
    area = base.mark_area(color=NON_ACTIVATED, opacity=0.2).encode(y=share_axis)
    edge = base.mark_line(color=NON_ACTIVATED, strokeWidth=2).encode(y=share_axis)
    shares = alt.layer(area, edge, data=data).properties(
        height=180, title="Share of all registered who never bought"
    )
    return counts, shares


@unchecked
def cohort_chart(frame: pd.DataFrame, grain_label: str) -> alt.LayerChart:
    """Users who registered in each period, split into those who have bought and
    those who have not, as of the export.

    Frame columns: period_start, new_registrations, still_non_activated.
    """
    # Two bars (rows) per period.
    data = latest_periods(frame, 2).assign(
        period=lambda f: pd.to_datetime(f["period_start"])
    )
    data["bought"] = data["new_registrations"] - data["still_non_activated"]
    long = data.melt(
        id_vars=["period", "new_registrations"],
        value_vars=["still_non_activated", "bought"],
        var_name="group",
        value_name="users",
    )
    long["group"] = long["group"].map(
        {"still_non_activated": "Never bought", "bought": "Became customers"}
    )
    return (
        alt.Chart(_guard(long))
        .mark_bar()
        .encode(
            x=alt.X(
                "utcyearmonthdate(period):T",
                title=f"{grain_label} of registration",
                axis=alt.Axis(format="%b %Y", labelAngle=0),
            ),
            y=alt.Y("users:Q", title="Users", stack=True),
            color=alt.Color(
                "group:N",
                title=None,
                scale=alt.Scale(
                    domain=["Never bought", "Became customers"],
                    range=[NON_ACTIVATED, CUSTOMERS],
                ),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("utcyearmonthdate(period):T", title="Registered in"),
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("users:Q", title="Users", format=","),
                alt.Tooltip("new_registrations:Q", title="All registered", format=","),
            ],
        )
        .properties(height=300)
    )


@unchecked
def slice_chart(frame: pd.DataFrame, label: str) -> alt.LayerChart:
    """One bar per value of a slice: how many never bought, labelled with the
    share of that group who never bought.

    Frame columns: slice_value, all_users, non_activated_users, non_activated_pct.
    """
    data = _guard(frame).copy()
    # An empty bar gets no label: "0.0 %" beside nothing reads as a mistake.
    data["label"] = [
        f"{pct:.1f} %" if people else ""
        for pct, people in zip(
            data["non_activated_pct"], data["non_activated_users"], strict=True
        )
    ]
    order = data.sort_values("non_activated_users", ascending=False)["slice_value"]
    base = alt.Chart().encode(
        y=alt.Y(
            "slice_value:N",
            title=None,
            sort=list(order),
            axis=alt.Axis(labelLimit=220),
        ),
        x=alt.X(
            "non_activated_users:Q",
            title="Never bought",
            scale=alt.Scale(zero=True),
            axis=alt.Axis(tickMinStep=1, format=",.0f"),
        ),
        tooltip=[
            alt.Tooltip("slice_value:N", title=label),
            alt.Tooltip("non_activated_users:Q", title="Never bought", format=","),
            alt.Tooltip("all_users:Q", title="All registered", format=","),
            alt.Tooltip(
                "non_activated_pct:Q", title="Share never bought (%)", format=".2f"
            ),
        ],
    )
    bars = base.mark_bar(color=NON_ACTIVATED)
    labels = base.mark_text(align="left", dx=4, color="#333333").encode(text="label:N")
    return alt.layer(bars, labels, data=data).properties(height=alt.Step(24))


def _bar_share(pct: float, people: int) -> str:
    """A bar's share label: none on an empty bar, and never "0.0 %" on a bar
    that holds people."""
    if not people:
        return ""
    return "under 0.1 %" if pct < 0.05 else f"{pct:.1f} %"


@unchecked
def waiting_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """How long the people who never bought have been waiting since they registered.

    Frame columns: bucket_order, bucket, non_activated_users, share_pct.
    """
    data = _guard(frame).copy()
    data["label"] = [
        _bar_share(pct, people)
        for pct, people in zip(
            data["share_pct"].fillna(0), data["non_activated_users"], strict=True
        )
    ]
    base = alt.Chart().encode(
        x=alt.X(
            "bucket:N",
            title="Time since registration",
            sort=list(data["bucket"]),
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y(
            "non_activated_users:Q",
            title="Never bought",
            scale=alt.Scale(zero=True),
            axis=alt.Axis(tickMinStep=1, format=",.0f"),
        ),
        tooltip=[
            alt.Tooltip("bucket:N", title="Waiting"),
            alt.Tooltip("non_activated_users:Q", title="Never bought", format=","),
            alt.Tooltip("share_pct:Q", title="Share (%)", format=".2f"),
        ],
    )
    bars = base.mark_bar(color=NON_ACTIVATED)
    labels = base.mark_text(dy=-6, color="#333333").encode(text="label:N")
    return alt.layer(bars, labels, data=data).properties(height=280)


# --- time to first purchase and what the backlog is worth -------------------

# Okabe-Ito, blue first, as customers; the next colours are far from blue and
# from each other (no sky blue, and bluish green only from the fifth group on),
# so lines that run close together can still be told apart.
GROUP_COLOURS = ["#0072B2", "#E69F00", "#CC79A7", "#000000", "#009E73", "#D55E00"]
# Percentage points kept between two line-end labels, so they do not overlap.
LABEL_GAP_PCT = 6.0
CURVE_HEIGHT = 380
PATH_HEIGHT = 300


def _curve_points(frame: pd.DataFrame) -> pd.DataFrame:
    # A step line needs only the days where the share moves, and the last day.
    moved = frame["activated_pct"].diff().fillna(1) != 0
    moved.iloc[-1] = True
    return frame[moved]


def _line_ends(data: pd.DataFrame) -> pd.DataFrame:
    """Where each group's name is written: at the end of its line, moved up just
    enough that no two names overlap."""
    ends = (
        data.sort_values("day")
        .groupby("group", sort=False)
        .tail(1)
        .sort_values("activated_pct")
        .reset_index(drop=True)
    )
    placed = []
    for pct in ends["activated_pct"]:
        placed.append(max(pct, placed[-1] + LABEL_GAP_PCT) if placed else pct)
    return ends.assign(label_pct=placed)


@unchecked
def time_to_activate_chart(
    frame: pd.DataFrame, with_band: bool, last_day: int
) -> alt.LayerChart:
    """The estimated share of people who have bought by each day after signing
    up, one step line per group, with the 95 % band when one group is drawn, and
    a dotted line at half.

    Frame columns: group, day, activated_pct, low_pct, high_pct, at_risk.
    """
    shown = frame[frame["day"] <= last_day]
    data = pd.concat(
        [_curve_points(part) for _, part in shown.groupby("group", sort=False)]
    )
    data = _guard(data)
    groups = list(dict.fromkeys(frame["group"]))
    x = alt.X(
        "day:Q",
        title="Days since signing up",
        # The axis ends where the data does, when that is before the chosen day.
        scale=alt.Scale(domain=[0, max(1, int(data["day"].max()))], nice=False),
        axis=alt.Axis(tickMinStep=1, format=",.0f"),
    )
    y_scale = alt.Scale(domain=[0, 100])
    tooltip = [
        alt.Tooltip("group:N", title="Group"),
        alt.Tooltip("day:Q", title="Within days", format=","),
        alt.Tooltip("activated_pct:Q", title="Bought (%)", format=".2f"),
        alt.Tooltip("low_pct:Q", title="At least (%)", format=".2f"),
        alt.Tooltip("high_pct:Q", title="At most (%)", format=".2f"),
        alt.Tooltip("at_risk:Q", title="Still counted that day", format=","),
    ]
    # Each line carries its name at its end (no legend to look up).
    colour = alt.Color(
        "group:N",
        title=None,
        scale=alt.Scale(domain=groups, range=GROUP_COLOURS[: len(groups)]),
        legend=None,
    )
    base = alt.Chart(data).encode(x=x)
    # A thinner single line leaves its band, often narrow, room to show.
    line = base.mark_line(
        clip=True, interpolate="step-after", strokeWidth=1.5 if with_band else 2.5
    ).encode(
        y=alt.Y("activated_pct:Q", title="Have bought (%, estimated)", scale=y_scale),
        color=colour,
        tooltip=tooltip,
    )
    half_data = alt.Chart(pd.DataFrame({"half": [50], "text": ["half"]}))
    half = half_data.mark_rule(color=ALL_USERS, strokeDash=[2, 3]).encode(
        y=alt.Y("half:Q", scale=y_scale)
    )
    half_label = half_data.mark_text(
        align="left", baseline="bottom", dx=4, dy=-2, color=ALL_USERS
    ).encode(y=alt.Y("half:Q", scale=y_scale), x=alt.value(0), text="text:N")
    layers = [half, half_label, line]
    if len(groups) > 1:
        names = (
            alt.Chart(_line_ends(data))
            .mark_text(align="left", baseline="middle", dx=6, fontWeight="bold")
            .encode(
                x=x,
                y=alt.Y("label_pct:Q", scale=y_scale),
                text="group:N",
                color=colour,
            )
        )
        layers.append(names)
    if with_band:
        # Strong enough to see on a laptop screen, light enough for the line.
        band = base.mark_area(
            interpolate="step-after", color=CUSTOMERS, opacity=0.3, clip=True
        ).encode(
            y=alt.Y("low_pct:Q", scale=y_scale),
            y2="high_pct:Q",
            tooltip=tooltip,
        )
        layers.insert(0, band)
    return alt.layer(*layers).properties(
        height=320, title="Share who have bought, by days since signing up"
    )


@unchecked
def revenue_path_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """From everyone registered to the people who never bought, to those expected
    to buy within the horizon: one bar per step, the number written on each.

    Frame columns: step_order, step, people, label, kind (all, customers,
    waiting, expected, revenue). The revenue step is money, so it gets its words
    and no bar on the people axis.
    """
    data = _guard(frame)
    kinds = ["all", "customers", "waiting", "expected"]
    colours = [ALL_USERS, CUSTOMERS, NON_ACTIVATED, "#009E73"]
    base = alt.Chart().encode(
        y=alt.Y(
            "step:N",
            title=None,
            sort=list(data.sort_values("step_order")["step"]),
            axis=alt.Axis(labelLimit=260),
        ),
        x=alt.X(
            "people:Q",
            title="People",
            # Room on the right for the numbers written after the longest bar.
            scale=alt.Scale(domain=[0, max(1.0, 1.6 * float(data["people"].max()))]),
            axis=alt.Axis(tickMinStep=1, format=",.0f"),
        ),
    )
    bars = (
        base.mark_bar()
        .encode(
            color=alt.Color(
                "kind:N", scale=alt.Scale(domain=kinds, range=colours), legend=None
            ),
            tooltip=[
                alt.Tooltip("step:N", title="Step"),
                alt.Tooltip("people:Q", title="People", format=",.0f"),
                alt.Tooltip("label:N", title="Figure"),
            ],
        )
        .transform_filter(alt.datum.kind != "revenue")
    )
    labels = base.mark_text(align="left", dx=4, color="#333333").encode(text="label:N")
    return alt.layer(bars, labels, data=data).properties(height=alt.Step(44))


# --- sign-up groups, what changed, definitions ------------------------------
UNKNOWN_YET = "#E0E0E0"
EVENT = "#000000"
YEAR_EARLIER = "#E69F00"
# Rows tall enough for a 12-pixel name on each, and numbers in the cells that
# can be read without zooming.
COHORT_ROW_HEIGHT = 26
CELL_FONT_SIZE = 12


@unchecked
def cohort_grid_chart(frame: pd.DataFrame, grain_label: str) -> alt.LayerChart:
    """A grid: each sign-up group down, weeks since signing up across, each cell
    the share of the group who had bought by then. Cells that cannot be known yet
    are grey and empty; shares of too few people carry an asterisk.

    Frame columns: cohort_start, weeks_since, users, activated, activated_pct,
    observable, too_small.
    """
    data = _guard(frame).copy()
    start = pd.to_datetime(data["cohort_start"])
    data["group"] = start.dt.strftime(
        "%b %Y" if grain_label == "Month" else "%-d %b %Y"
    )
    data["known"] = data["observable"].map({True: "yes", False: "not yet"})
    data["label"] = [
        f"{pct:.0f}{'*' if small else ''}" if seen else ""
        for pct, small, seen in zip(
            data["activated_pct"], data["too_small"], data["observable"], strict=True
        )
    ]
    order = list(data.sort_values("cohort_start")["group"].drop_duplicates())
    # The colours spread over the shares actually seen, so that groups a few
    # points apart can be told apart; the numbers in the cells give the scale.
    seen_pct = data.loc[data["observable"], "activated_pct"]
    low = float(seen_pct.min()) if len(seen_pct) else 0.0
    high = max(float(seen_pct.max()) if len(seen_pct) else 0.0, low + 1.0)
    base = alt.Chart().encode(
        x=alt.X(
            "weeks_since:O",
            title="Weeks since signing up",
            axis=alt.Axis(labelAngle=0),
        ),
        # Every row carries its name: without it half the rows go unnamed.
        y=alt.Y(
            "group:O",
            title=f"{grain_label} of sign-up",
            sort=order,
            axis=alt.Axis(labelOverlap=False, labelFontSize=12),
        ),
        tooltip=[
            alt.Tooltip("group:N", title="Signed up in"),
            alt.Tooltip("weeks_since:Q", title="Within weeks"),
            alt.Tooltip("users:Q", title="People in the group", format=","),
            alt.Tooltip("activated:Q", title="Had bought", format=","),
            alt.Tooltip(
                "activated_pct:Q", title="Share who had bought (%)", format=".1f"
            ),
            alt.Tooltip("known:N", title="Known yet"),
        ],
    )
    seen = (
        base.transform_filter(alt.datum.observable)
        .mark_rect()
        .encode(
            color=alt.Color(
                "activated_pct:Q",
                title="Bought (%)",
                scale=alt.Scale(domain=[low, high], range=["#F2F7FB", CUSTOMERS]),
            )
        )
    )
    unknown = base.transform_filter(~alt.datum.observable).mark_rect(color=UNKNOWN_YET)
    labels = base.mark_text(fontSize=CELL_FONT_SIZE).encode(
        text="label:N",
        color=alt.condition(
            alt.datum.activated_pct > low + (high - low) * 0.6,
            alt.value("white"),
            alt.value("black"),
        ),
    )
    return alt.layer(seen, unknown, labels, data=data).properties(
        height=alt.Step(COHORT_ROW_HEIGHT)
    )


def cohort_grid_height(frame: pd.DataFrame) -> int:
    """Room for every group's row plus the axes and the colour legend."""
    return COHORT_ROW_HEIGHT * int(frame["cohort_start"].nunique()) + 90


@unchecked
def change_chart(effects: pd.DataFrame) -> alt.LayerChart:
    """The three parts of the change as bars from zero: a rise in people who never
    bought is orange (worse), a fall blue (better); the labels add up to the change.

    Frame columns: step (label, in order), people (whole, signed).
    """
    data = _guard(effects).copy()
    data["direction"] = data["people"].map(lambda v: "up" if v > 0 else "down")
    data["label"] = data["people"].map(lambda v: f"{v:+,.0f}")
    base = alt.Chart(data).encode(
        y=alt.Y(
            "step:N",
            title=None,
            sort=list(data["step"]),
            axis=alt.Axis(labelLimit=260),
        ),
        x=alt.X(
            "people:Q",
            title="Change in registered, never bought (people)",
            scale=alt.Scale(zero=True),
            axis=alt.Axis(format=",.0f", tickMinStep=1),
        ),
        tooltip=[
            alt.Tooltip("step:N", title="Part"),
            alt.Tooltip("label:N", title="People"),
        ],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "direction:N",
            legend=None,
            scale=alt.Scale(domain=["up", "down"], range=[NON_ACTIVATED, CUSTOMERS]),
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"zero": [0]}))
        .mark_rule(color="#333333")
        .encode(x="zero:Q")
    )
    labels = base.mark_text(align="left", dx=4, color="#333333").encode(text="label:N")
    return (bars + rule + labels).properties(height=alt.Step(40))


@unchecked
def events_trend_chart(frame: pd.DataFrame, events: pd.DataFrame) -> alt.LayerChart:
    """The count at each period end, the same date a year earlier dashed, and the
    events the user marked as labelled vertical rules.

    Frame columns: period_end, non_activated_users, year_earlier.
    Events columns: day, text.
    """
    # Two lines (rows) per period.
    data = latest_periods(frame, 2).copy()
    data["period"] = pd.to_datetime(data["period_end"])
    data["period_text"] = data["period"].dt.strftime("%-d %b %Y")
    long = data.melt(
        id_vars=["period", "period_text"],
        value_vars=["non_activated_users", "year_earlier"],
        var_name="series",
        value_name="users",
    ).dropna(subset=["users"])
    long["series"] = long["series"].map(
        {"non_activated_users": "Never bought", "year_earlier": "A year earlier"}
    )
    time_axis = alt.X(
        "utcyearmonthdate(period):T",
        title=None,
        axis=alt.Axis(format="%b %Y", labelAngle=0, labelOverlap=True),
    )
    lines = (
        alt.Chart(_guard(long))
        .mark_line()
        .encode(
            x=time_axis,
            y=alt.Y(
                "users:Q",
                title="Registered, never bought",
                scale=alt.Scale(zero=True),
                axis=alt.Axis(format=",.0f"),
            ),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=["Never bought", "A year earlier"],
                    range=[NON_ACTIVATED, YEAR_EARLIER],
                ),
                legend=alt.Legend(orient="top"),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                legend=None,
                scale=alt.Scale(
                    domain=["Never bought", "A year earlier"], range=[[1, 0], [5, 3]]
                ),
            ),
            tooltip=[
                alt.Tooltip("period_text:N", title="At the end of"),
                alt.Tooltip("series:N", title="Line"),
                alt.Tooltip("users:Q", title="People", format=","),
            ],
        )
    )
    marks = _guard(events).copy()
    marks["day"] = pd.to_datetime(marks["day"])
    marks["day_text"] = marks["day"].dt.strftime("%-d %b %Y")
    rule_base = alt.Chart(marks).encode(
        x=alt.X("utcyearmonthdate(day):T"),
        tooltip=[
            alt.Tooltip("day_text:N", title="Event day"),
            alt.Tooltip("text:N", title="Event"),
        ],
    )
    rules = rule_base.mark_rule(color=EVENT, strokeWidth=1.5)
    names = rule_base.mark_text(
        align="left", baseline="top", dx=3, dy=2, angle=0, color=EVENT, fontSize=11
    ).encode(y=alt.value(0), text="text:N")
    return (lines + rules + names).properties(height=280)


@unchecked
def definitions_chart(rules: pd.DataFrame, all_users: int) -> alt.LayerChart:
    """One bar per rule compared: how many registered people it says never bought,
    labelled with their share of everyone registered.

    Frame columns: letter, rule, activated, non_activated, non_activated_pct.
    """
    frame = rules.assign(
        slice_value=rules["letter"],
        all_users=all_users,
        non_activated_users=rules["non_activated"],
    )
    return slice_chart(
        frame[["slice_value", "all_users", "non_activated_users", "non_activated_pct"]],
        "Rule",
    )


# --- channels and offers ------------------------------------------------------
@unchecked
def channel_chart(frame: pd.DataFrame, label: str) -> alt.LayerChart:
    """One bar per channel, campaign or offer, and one for people not touched: the
    share who became customers soon after, labelled with how many people it is of.

    Frame columns: group, users, activated_within, activated_pct, touched (bool).
    """
    data = _guard(frame).copy()
    # The same rounding as every sentence about these shares (texts.share), so the
    # chart and the seven questions never show two figures for one share.
    data["share_text"] = data["activated_pct"].map(texts.share)
    data["label"] = [
        f"{text} of {users:,}"
        for text, users in zip(data["share_text"], data["users"], strict=True)
    ]
    data["colour"] = data["touched"].map({True: CUSTOMERS, False: ALL_USERS})
    base = alt.Chart().encode(
        y=alt.Y(
            "group:N",
            title=None,
            sort=list(data["group"]),
            axis=alt.Axis(labelLimit=220),
        ),
        x=alt.X(
            "activated_pct:Q",
            title="Became customers soon after (%)",
            # Room on the right for the label of the longest bar.
            scale=alt.Scale(domain=[0, max(data["activated_pct"].max(), 0.1) * 1.3]),
        ),
        tooltip=[
            alt.Tooltip("group:N", title=label),
            alt.Tooltip("users:Q", title="People", format=","),
            alt.Tooltip("activated_within:Q", title="Became customers", format=","),
            alt.Tooltip("share_text:N", title="Share"),
        ],
    )
    bars = base.mark_bar().encode(color=alt.Color("colour:N", scale=None))
    labels = base.mark_text(align="left", dx=4, color="#333333").encode(text="label:N")
    return alt.layer(bars, labels, data=data).properties(height=alt.Step(24))


# --- what they say --------------------------------------------------------------
@unchecked
def feedback_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """One bar per word or phrase: how many people who never bought used it.

    Frame columns: term, kind ('word' or 'phrase'), people.
    """
    data = _guard(frame).copy()
    base = alt.Chart().encode(
        y=alt.Y(
            "term:N",
            title=None,
            sort=list(data["term"]),
            axis=alt.Axis(labelLimit=220),
        ),
        x=alt.X(
            "people:Q",
            title="People who used it",
            scale=alt.Scale(zero=True),
            axis=alt.Axis(tickMinStep=1, format=",.0f"),
        ),
        tooltip=[
            alt.Tooltip("term:N", title="Word or phrase"),
            alt.Tooltip("kind:N", title="Kind"),
            alt.Tooltip("people:Q", title="People", format=","),
        ],
    )
    bars = base.mark_bar(color=NON_ACTIVATED)
    labels = base.mark_text(align="left", dx=4, color="#333333").encode(
        text=alt.Text("people:Q", format=",")
    )
    return alt.layer(bars, labels, data=data).properties(height=alt.Step(24))
