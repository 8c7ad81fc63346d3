"""Why it changed: automatic checks with a pass or a flag, and what to do."""

import datetime as dt

import streamlit as st

from nonactivated import checks, metrics, session, texts

view = session.current_view()
current = view.dataset

session.page_top(view, texts.CHECKS_TITLE)
figures = metrics.headline(current, view.filters, view.as_of, view.period_days)
session.stop_when_nobody(view, figures.all_users)
st.markdown(texts.headline_sentence(figures, view.period_days))
st.caption(texts.CHECKS_CAPTION)

# The sample is an export of a fixed day; a file of yours is judged against today.
today = current.model.last_date if current.is_sample else dt.datetime.now(dt.UTC).date()
shared_rule = st.session_state.get("shared_rule")
results = checks.run(
    current, view.filters, view.as_of, view.period_days, today, shared_rule
)
statuses = [result.status for result in results]
st.markdown(
    texts.checks_summary(
        statuses.count(checks.FLAG),
        statuses.count(checks.PASS),
        statuses.count(checks.CANNOT_TELL),
        len(results),
    )
)
for result in results:
    label, icon = texts.CHECK_STATUS[result.status]
    with st.container(border=True):
        st.markdown(f"{icon} **{label}: {result.title}**")
        st.markdown(texts.md(result.figure))
        if result.status == checks.FLAG:
            st.markdown(f"**{texts.CHECKS_WHAT_TO_DO}:** {result.tactics}")
        st.page_link(
            result.page, label=texts.CHECKS_OPEN, icon=":material/arrow_forward:"
        )
