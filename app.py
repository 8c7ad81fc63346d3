"""Entry point: page set-up, the shared sidebar (data, view, filters), navigation."""

import logging

import streamlit as st

from nonactivated import session, texts

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

st.set_page_config(
    page_title=texts.APP_TITLE, page_icon=":material/group_off:", layout="wide"
)

# Sections group the pages the way staff think: the figures first, then the
# questions they bring, then the data itself.
FIGURES = [
    st.Page(
        "pages/overview.py",
        title="Overview",
        icon=":material/monitoring:",
        default=True,
    ),
    st.Page("pages/slices.py", title="Slices", icon=":material/bar_chart:"),
    st.Page("pages/people.py", title="People", icon=":material/group:"),
]
QUESTIONS = [
    # One page per question staff bring; each new page adds its own line here.
    st.Page("pages/questions.py", title="The seven questions", icon=":material/quiz:"),
    st.Page(
        "pages/channels.py", title="Channels and offers", icon=":material/campaign:"
    ),
    st.Page("pages/feedback.py", title="What they say", icon=":material/chat:"),
    st.Page("pages/checks.py", title="Why it changed", icon=":material/troubleshoot:"),
]
DATA = [
    st.Page("pages/data.py", title="Your data", icon=":material/table_view:"),
]
pages = st.navigation(
    {
        "Figures": FIGURES,
        **({"Questions": QUESTIONS} if QUESTIONS else {}),
        "Data": DATA,
    }
)

session.data_source_sidebar()
current = session.current_dataset()
st.session_state["view"] = session.view_sidebar(current)
try:
    pages.run()
except MemoryError as error:
    # DuckDB's memory limit keeps the server alive; the visitor gets words, and
    # the rest of the app goes on working.
    st.error(str(error))
