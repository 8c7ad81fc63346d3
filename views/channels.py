"""Channels and offers: who became a customer soon after a message or an offer."""

import streamlit as st

from nonactivated import channels, charts, exports, metrics, session, texts

view = session.current_view()
current = view.dataset

session.page_top(view, texts.CHANNELS_TITLE)
figures = metrics.headline(current, view.filters, view.as_of, view.period_days)
session.stop_when_nobody(view, figures.all_users)
st.caption(texts.CHANNELS_CAPTION)

if current.touches is None and current.remote is not None:
    st.info(texts.TOUCHES_NOT_ON_DATABASE, icon=":material/database:")
    st.stop()
if current.touches is None:
    st.info(texts.NO_TOUCHES, icon=":material/upload_file:")
    st.stop()
if current.is_sample:
    st.caption(texts.TOUCHES_SAMPLE_NOTE)
if not current.model.has_activation_time:
    st.info(texts.TOUCHES_NEED_TIME)
    st.page_link("views/data.py", label=texts.CHOOSE_RULE, icon=":material/tune:")
    st.stop()
span = channels.touch_span(current)
counts = channels.touch_counts(current)
if not current.touches.link.usable or span.first is None or not counts["used"]:
    st.info(texts.TOUCHES_UNUSABLE)
    st.page_link("views/data.py", label=texts.DATA_TITLE, icon=":material/tune:")
    st.stop()

days = st.segmented_control(
    texts.DAYS_AFTER_LABEL,
    options=list(channels.DAYS_AFTER),
    format_func=texts.days_label,
    key=session.remembered("touch_days", 14),
    on_change=session.remember,
    args=("touch_days",),
    required=True,
)
days = days or 14
start, end = channels.default_window(span, current.model.last_date, days)
columns = st.columns(2)
window_start = columns[0].date_input(
    texts.WINDOW_FROM,
    value=start,
    min_value=span.first,
    max_value=span.last,
    format="DD/MM/YYYY",
    key="touch_window_start",
)
window_end = columns[1].date_input(
    texts.WINDOW_TO,
    value=end,
    min_value=span.first,
    max_value=span.last,
    format="DD/MM/YYYY",
    key="touch_window_end",
)
if window_end < window_start:
    window_start, window_end = window_end, window_start
latest_useful = channels.latest_useful_day(current.model.last_date, days)
if window_end > latest_useful:
    st.caption(texts.window_too_late(latest_useful, days))

frame = channels.channel_activation(
    current, view.filters, window_start, window_end, days
)
touched = frame[frame["group_kind"] == "any"]
untouched = frame[frame["group_kind"] == "untouched"]
if touched.empty:
    st.info(texts.NO_TOUCHES_IN_WINDOW)
    st.stop()
# Said only next to shares it is about, not above an upload request.
st.warning(texts.ASSOCIATION_WARNING, icon=":material/lightbulb:")
figure_columns = st.columns(2)
figure_columns[0].metric(
    texts.TOUCHED_FIGURE,
    texts.share(touched["activated_pct"].iloc[0]),
    delta=texts.people_of(int(touched["users"].iloc[0])),
    delta_color="off",
    delta_arrow="off",
    help=texts.TOUCHED_FIGURE_HELP,
    border=True,
)
figure_columns[1].metric(
    texts.UNTOUCHED_FIGURE,
    texts.share(untouched["activated_pct"].iloc[0]) if not untouched.empty else "–",
    delta=texts.people_of(int(untouched["users"].iloc[0]))
    if not untouched.empty
    else None,
    delta_color="off",
    delta_arrow="off",
    help=texts.UNTOUCHED_FIGURE_HELP,
    border=True,
)

for kind, label in channels.GROUP_KINDS.items():
    if current.touches.link.columns()[kind] is None:
        continue
    st.subheader(texts.BY_KIND_TITLE[kind])
    st.caption(texts.BY_KIND_ORDER[kind])
    rows = channels.comparison_rows(frame, kind)
    st.altair_chart(charts.channel_chart(rows, label), width="stretch")
with st.expander(texts.SHOW_TABLE):
    table = texts.channel_table(frame)
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        texts.DOWNLOAD_CSV, exports.to_csv_bytes(table), "channels.csv", "text/csv"
    )
