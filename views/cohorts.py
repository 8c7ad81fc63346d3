"""Sign-up groups: the share of each registration week or month who had bought
within 1, 2, 3… weeks of signing up."""

import streamlit as st

from nonactivated import charts, cohorts, exports, metrics, session, texts

view = session.current_view()
current = view.dataset

session.page_top(view, texts.COHORTS_TITLE, texts.COHORTS_SUBTITLE)
figures = metrics.headline(current, view.filters, view.as_of, view.period_days)
session.stop_when_nobody(view, figures.all_users)
if not current.model.has_registration:
    st.info(texts.COHORTS_NEED_REGISTRATION)
    st.stop()
if not current.model.has_activation_time:
    st.info(texts.COHORTS_NEED_TIME)
    st.stop()

grain = st.segmented_control(
    texts.COHORT_GRAIN_LABEL,
    options=list(cohorts.GROUPINGS),
    format_func=lambda g: cohorts.GROUPINGS[g].lower(),
    key=session.remembered("cohort_grain", "week"),
    on_change=session.remember,
    args=("cohort_grain",),
    required=True,
)
grain = grain or st.session_state.get("cohort_grain") or "week"
frame = cohorts.cohort_grid(current, view.filters, view.as_of, grain)
if frame.empty:
    st.info(texts.NO_COHORTS)
    st.stop()

latest = cohorts.latest_known(frame, cohorts.HEADLINE_WEEKS, grain)
if latest is not None:
    st.metric(
        texts.cohort_headline_label(cohorts.HEADLINE_WEEKS),
        texts.share(latest.share, 1),
        delta=texts.delta_points(latest.share, latest.previous_share),
        help=texts.cohort_headline_help(
            latest.group, latest.users, latest.previous_group, grain
        ),
        border=True,
    )
    st.caption(texts.cohort_headline_sentence(latest, cohorts.HEADLINE_WEEKS, grain))
st.caption(
    texts.cohorts_caption(
        cohorts.MIN_GROUP_USERS,
        cohorts.GROUPS_SHOWN[grain],
        cohorts.WEEKS_ACROSS,
        grain,
    )
)
st.altair_chart(
    charts.cohort_grid_chart(frame, cohorts.GROUPINGS[grain]),
    width="stretch",
    height=charts.cohort_grid_height(frame),
)
with st.expander(texts.SHOW_TABLE):
    table = texts.cohort_grid_table(frame)
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        texts.DOWNLOAD_CSV,
        exports.to_csv_bytes(table),
        "sign-up-groups.csv",
        "text/csv",
    )
