"""Slices: where the registered users who never bought come from."""

import streamlit as st

from nonactivated import charts, exports, metrics, session, texts

view = session.current_view()
current = view.dataset

session.page_top(view, texts.SLICES_TITLE)
figures = metrics.headline(current, view.filters, view.as_of, view.period_days)
session.stop_when_nobody(view, figures.all_users)
st.metric(
    texts.NON_ACTIVATED,
    texts.count(figures.non_activated_users),
    help=texts.NON_ACTIVATED_HELP,
)

st.subheader(texts.WAITING_TITLE)
if current.model.has_registration:
    waiting = metrics.waiting_time(current, view.filters, view.as_of)
    st.caption(texts.WAITING_CAPTION)
    st.altair_chart(
        charts.waiting_chart(waiting), width="stretch", height=charts.TREND_HEIGHT
    )
else:
    st.info(texts.NO_WAITING_WITHOUT_DATES)

frame = metrics.slices(current, view.filters, view.as_of)
if frame.empty:
    st.info(texts.NO_SLICES)
    st.stop()
st.subheader(texts.SLICES_GROUPS_TITLE)
st.caption(texts.SLICES_CAPTION)
labels = current.model.slice_labels
columns = st.columns(2)
for position, (column, label) in enumerate(labels.items()):
    part = frame[frame["slice"] == column]
    with columns[position % 2]:
        st.subheader(texts.md(label))
        shown = part.head(25)
        st.altair_chart(charts.slice_chart(shown, label), width="stretch")
        if len(part) > len(shown):
            st.caption(texts.more_values(len(part) - len(shown)))
with st.expander(texts.SHOW_TABLE):
    table = texts.slice_table(frame)
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        texts.DOWNLOAD_CSV, exports.to_csv_bytes(table), "slices.csv", "text/csv"
    )
