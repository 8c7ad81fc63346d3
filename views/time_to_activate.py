"""Time to first purchase: how long people take to buy after signing up."""

import streamlit as st

from nonactivated import charts, metrics, session, survival, texts

view = session.current_view()
current = view.dataset

session.page_top(view, texts.TIME_TO_ACTIVATE_TITLE, texts.TIME_TO_ACTIVATE_SUBTITLE)
figures = metrics.headline(current, view.filters, view.as_of, view.period_days)
session.stop_when_nobody(view, figures.all_users)
everyone = session.curve_or_stop(view)

columns = st.columns(4)
for column, day in zip(columns, texts.BOUGHT_WITHIN_DAYS, strict=False):
    column.metric(
        texts.bought_within_label(day),
        texts.bought_within_value(everyone, day),
        help=texts.bought_within_help(day),
        border=True,
    )
columns[3].metric(
    texts.STILL_WAITING,
    texts.count(everyone.still_waiting),
    help=texts.STILL_WAITING_HELP,
    border=True,
)
st.markdown(texts.median_sentence(everyone))
st.markdown(texts.marks_line(everyone))
st.caption(texts.TIME_TO_ACTIVATE_CAPTION)
last_day = st.segmented_control(
    texts.CURVE_DAYS_LABEL,
    options=list(texts.CURVE_DAYS),
    format_func=texts.CURVE_DAYS.get,
    key=session.remembered("curve_days", texts.CURVE_DAYS_DEFAULT),
    on_change=session.remember,
    args=("curve_days",),
    required=True,
)
last_day = last_day or st.session_state.get("curve_days") or texts.CURVE_DAYS_DEFAULT
st.altair_chart(
    charts.time_to_activate_chart(
        survival.curve_frame([everyone]), with_band=True, last_day=last_day
    ),
    width="stretch",
    height=charts.CURVE_HEIGHT,
)
band_note = texts.band_note(everyone)
if band_note:
    st.caption(band_note)
st.caption(texts.mean_line(everyone))
if everyone.customers_without_date:
    st.caption(texts.undated_note(everyone.customers_without_date))
with st.expander(texts.CURVE_TABLE_TITLE):
    st.dataframe(texts.curve_table(everyone), hide_index=True, width="stretch")

st.subheader(texts.COMPARE_TITLE)
labels = current.model.slice_labels
if not labels:
    st.info(texts.NO_SLICES)
    st.stop()
options = [None, *labels]
chosen = st.selectbox(
    texts.COMPARE_LABEL,
    options=options,
    format_func=lambda c: texts.COMPARE_NONE if c is None else labels[c],
    key=session.remembered("compare_by", None),
    on_change=session.remember,
    args=("compare_by",),
)
if chosen is None:
    st.stop()
groups = metrics.time_to_activate_by(current, view.filters, view.as_of, chosen)
st.caption(texts.COMPARE_CAPTION)
st.altair_chart(
    charts.time_to_activate_chart(
        survival.curve_frame(groups), with_band=False, last_day=last_day
    ),
    width="stretch",
    height=charts.CURVE_HEIGHT,
)
st.dataframe(texts.group_table(groups), hide_index=True, width="stretch")
