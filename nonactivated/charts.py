"""Altair charts, one function per chart, each drawn from a small aggregated frame.

Colours come from the Okabe-Ito palette, which colour-blind readers can tell apart,
and mean the same thing on every page.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

NON_ACTIVATED = "#D55E00"
ALL_USERS = "#7F7F7F"
CUSTOMERS = "#0072B2"
MAX_ROWS = 5000
# Heights in pixels for the whole chart, titles and axes included: Streamlit
# sizes fixed-height charts by the height it is given, not by the chart's own.
TREND_HEIGHT = 360
SHARE_HEIGHT = 260


def _guard(frame: pd.DataFrame) -> pd.DataFrame:
    # Charts are drawn from aggregates only; a frame this large is a bug upstream.
    if len(frame) > MAX_ROWS:
        raise ValueError(f"chart data has {len(frame)} rows, more than {MAX_ROWS}")
    return frame


def trend_charts(
    frame: pd.DataFrame, grain_label: str
) -> tuple[alt.LayerChart, alt.LayerChart]:
    """Two charts over the same time axis, read together: how many registered
    users had never bought at each period end among all registered users, and
    what share of them that is.

    Frame columns: period_end (date), all_users, non_activated_users,
    non_activated_pct.
    """
    data = _guard(frame).assign(period=lambda f: pd.to_datetime(f["period_end"]))
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
    base = alt.Chart(data).encode(x=time_axis, tooltip=tooltip)
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
    counts = (all_users + stock).properties(
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
    shares = (area + edge).properties(
        height=180, title="Share of all registered who never bought"
    )
    return counts, shares


def cohort_chart(frame: pd.DataFrame, grain_label: str) -> alt.LayerChart:
    """Users who registered in each period, split into those who have bought and
    those who have not, as of the export.

    Frame columns: period_start, new_registrations, still_non_activated.
    """
    data = _guard(frame).assign(period=lambda f: pd.to_datetime(f["period_start"]))
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
        alt.Chart(long)
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


def slice_chart(frame: pd.DataFrame, label: str) -> alt.LayerChart:
    """One bar per value of a slice: how many never bought, labelled with the
    share of that group who never bought.

    Frame columns: slice_value, all_users, non_activated_users, non_activated_pct.
    """
    data = _guard(frame).copy()
    data["label"] = data["non_activated_pct"].map(lambda v: f"{v:.1f} %")
    order = data.sort_values("non_activated_users", ascending=False)["slice_value"]
    base = alt.Chart(data).encode(
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
    return (bars + labels).properties(height=alt.Step(24))


def waiting_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """How long the people who never bought have been waiting since they registered.

    Frame columns: bucket_order, bucket, non_activated_users, share_pct.
    """
    data = _guard(frame).copy()
    data["label"] = data["share_pct"].fillna(0).map(lambda v: f"{v:.1f} %")
    base = alt.Chart(data).encode(
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
    return (bars + labels).properties(height=280)


# --- channels and offers ------------------------------------------------------
def channel_chart(frame: pd.DataFrame, label: str) -> alt.LayerChart:
    """One bar per channel, campaign or offer, and one for people not touched: the
    share who became customers soon after, labelled with how many people it is of.

    Frame columns: group, users, activated_within, activated_pct, touched (bool).
    """
    data = _guard(frame).copy()
    data["label"] = [
        f"{pct:.1f} % of {users:,}"
        for pct, users in zip(data["activated_pct"], data["users"], strict=True)
    ]
    data["colour"] = data["touched"].map({True: CUSTOMERS, False: ALL_USERS})
    base = alt.Chart(data).encode(
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
            alt.Tooltip("activated_pct:Q", title="Share (%)", format=".2f"),
        ],
    )
    bars = base.mark_bar().encode(color=alt.Color("colour:N", scale=None))
    labels = base.mark_text(align="left", dx=4, color="#333333").encode(text="label:N")
    return (bars + labels).properties(height=alt.Step(24))


# --- what they say --------------------------------------------------------------
def feedback_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """One bar per word or phrase: how many people who never bought used it.

    Frame columns: term, kind ('word' or 'phrase'), people.
    """
    data = _guard(frame).copy()
    base = alt.Chart(data).encode(
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
    return (bars + labels).properties(height=alt.Step(24))
