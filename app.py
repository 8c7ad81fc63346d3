"""Entry point: page set-up, the shared sidebar (data, view, filters), navigation."""

import logging

import duckdb
import streamlit as st

from nonactivated import session, texts
from nonactivated.database import DatabaseError

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
try:
    st.session_state["view"] = session.view_sidebar(current)
    pages.run()
except (MemoryError, DatabaseError) as error:
    # DuckDB's memory limit keeps the server alive, and a team database's refusal
    # or time limit ends one question only: the visitor gets words, and the rest
    # of the app goes on working.
    st.error(texts.md(str(error)))
except duckdb.CatalogException:
    # A page that reads the session's DuckDB tables directly, instead of through
    # queries.run, finds no users there when they live in a team's database.
    shown = st.session_state.get("dataset")
    if shown is None or shown.remote is None:
        raise
    st.warning(texts.DB_PAGE_NOT_READY, icon=":material/info:")
