"""Overview: the number of registered users who never bought, and how it moves."""

import streamlit as st

from nonactivated import charts, metrics, session, texts

view = session.current_view()
current = view.dataset

session.page_top(view, texts.APP_TITLE, texts.APP_SUBTITLE)
figures = metrics.headline(current, view.filters, view.as_of, view.period_days)
session.stop_when_nobody(view, figures.all_users)

columns = st.columns(4)
columns[0].metric(
    texts.NON_ACTIVATED,
    texts.count(figures.non_activated_users),
    delta=texts.delta_count(
        figures.non_activated_users, figures.previous_non_activated_users
    ),
    delta_color="inverse",
    help=texts.NON_ACTIVATED_HELP,
    border=True,
)
columns[1].metric(
    texts.NON_ACTIVATED_PCT,
    texts.share(figures.non_activated_pct),
    delta=texts.delta_points(
        figures.non_activated_pct, figures.previous_non_activated_pct
    ),
    delta_color="inverse",
    help=texts.NON_ACTIVATED_PCT_HELP,
    border=True,
)
columns[2].metric(
    texts.ALL_USERS,
    texts.count(figures.all_users),
    delta=texts.delta_count(figures.all_users, figures.previous_all_users),
    delta_color="off",
    help=texts.ALL_USERS_HELP,
    border=True,
)
columns[3].metric(
    texts.NEW_CUSTOMERS,
    texts.count(figures.new_customers) if figures.new_customers is not None else "–",
    delta=texts.delta_count(figures.new_customers, figures.previous_new_customers),
    help=texts.NEW_CUSTOMERS_HELP
    if figures.new_customers is not None
    else texts.NO_TIME_HELP,
    border=True,
)
st.markdown(texts.headline_sentence(figures, view.period_days))
unclear = metrics.unclear_rule_values(current)
if unclear is not None:
    st.caption(texts.unclear_rule_note(unclear))
    st.page_link("views/data.py", label=texts.RULE_VALUES_LINK, icon=":material/tune:")
with st.expander(texts.HOW_THEY_CONNECT_TITLE):
    st.markdown(texts.HOW_THEY_CONNECT)

st.subheader(texts.TREND_TITLE)
if not current.model.has_registration:
    st.info(texts.NO_TREND_WITHOUT_DATES)
    st.stop()
grain = st.segmented_control(
    texts.GRAIN_LABEL
    if current.model.has_activation_time
    else texts.GRAIN_LABEL_SIGNUPS,
    options=list(metrics.GRAINS),
    format_func=metrics.GRAINS.get,
    key=session.remembered("grain", "week"),
    on_change=session.remember,
    args=("grain",),
    required=True,
)
grain = grain or st.session_state.get("grain") or "week"
if current.model.has_activation_time:
    frame = metrics.trend(current, view.filters, view.as_of, grain)
    st.caption(texts.TREND_CAPTION)
    if hidden := charts.periods_not_drawn(frame):
        st.caption(texts.periods_not_drawn(hidden))
    counts, shares = charts.trend_charts(frame, metrics.GRAINS[grain])
    st.altair_chart(counts, width="stretch", height=charts.TREND_HEIGHT)
    st.altair_chart(shares, width="stretch", height=charts.SHARE_HEIGHT)
    table = texts.trend_table(frame)
else:
    st.info(texts.FLAG_ONLY_TREND)
    frame = metrics.registration_cohorts(current, view.filters, view.as_of, grain)
    if hidden := charts.periods_not_drawn(frame, 2):
        st.caption(texts.periods_not_drawn(hidden))
    st.altair_chart(
        charts.cohort_chart(frame, metrics.GRAINS[grain]),
        width="stretch",
        height=charts.TREND_HEIGHT,
    )
    table = texts.cohort_table(frame)
with st.expander(texts.SHOW_TABLE):
    st.dataframe(table, hide_index=True, width="stretch")
