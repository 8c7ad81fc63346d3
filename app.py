"""Entry point: page set-up, the shared sidebar (data, view, filters), navigation."""

import logging
import time

import duckdb
import streamlit as st

from nonactivated import session, texts
from nonactivated.database import DatabaseError

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
log = logging.getLogger("app")
run_started = time.perf_counter()

st.set_page_config(
    page_title=texts.APP_TITLE, page_icon=":material/group_off:", layout="wide"
)

# The page scripts live in views/, not pages/: Streamlit still lists a pages/
# folder on its own when a page's address is opened directly, and then skips
# this script's sidebar.
# Sections group the pages the way staff think: the figures first, then the
# questions they bring, then the data itself.
FIGURES = [
    st.Page(
        "views/overview.py",
        title="Overview",
        icon=":material/monitoring:",
        default=True,
    ),
    st.Page(
        "views/slices.py",
        title=texts.SLICES_TITLE,
        icon=":material/bar_chart:",
    ),
    st.Page("views/people.py", title="People", icon=":material/group:"),
]
QUESTIONS = [
    # One page per question staff bring; each new page adds its own line here.
    st.Page("views/questions.py", title="The seven questions", icon=":material/quiz:"),
    st.Page(
        "views/time_to_activate.py",
        title="Time to first purchase",
        icon=":material/timer:",
    ),
    st.Page("views/revenue.py", title="What it is worth", icon=":material/savings:"),
    st.Page("views/cohorts.py", title="Sign-up groups", icon=":material/grid_on:"),
    st.Page(
        "views/what_changed.py", title="What changed", icon=":material/difference:"
    ),
    st.Page(
        "views/definitions.py", title="Compare definitions", icon=":material/rule:"
    ),
    st.Page(
        "views/channels.py", title="Channels and offers", icon=":material/campaign:"
    ),
    st.Page("views/feedback.py", title="What they say", icon=":material/chat:"),
    st.Page("views/checks.py", title="Why it changed", icon=":material/troubleshoot:"),
]
DATA = [
    st.Page("views/data.py", title="Your data", icon=":material/table_view:"),
]
# Every page stays listed: a folded list hid Your data, where the rule is set.
pages = st.navigation(
    {"Figures": FIGURES, "Questions": QUESTIONS, "Data": DATA}, expanded=True
)

try:
    session.data_source_sidebar()
    current = session.current_dataset()
    try:
        st.session_state["view"] = session.view_sidebar(current)
        pages.run()
    except (MemoryError, DatabaseError) as error:
        # DuckDB's memory limit keeps the server alive, and a team database's
        # refusal or time limit ends one question only: the visitor gets words,
        # and the rest of the app goes on working.
        st.error(texts.md(str(error)))
    except duckdb.CatalogException:
        # A page that reads the session's DuckDB tables directly, instead of
        # through queries.run, finds no users there when they live in a team's
        # database.
        shown = st.session_state.get("dataset")
        if shown is None or shown.remote is None:
            raise
        st.warning(texts.DB_PAGE_NOT_READY, icon=":material/info:")
finally:
    # Server time of the whole run, load included: what bench/e2e.py reads. A
    # page that ends early (st.stop, an empty state) is a whole run too.
    log.info(
        "page %s: %.0f ms",
        pages.url_path or "overview",
        (time.perf_counter() - run_started) * 1000,
    )
