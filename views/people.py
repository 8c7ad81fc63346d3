"""People: the registered users behind the number, to download for a campaign."""

import streamlit as st

from nonactivated import exports, metrics, session, texts

SHOWN_ROWS = 1000

view = session.current_view()
current = view.dataset

session.page_top(view, texts.PEOPLE_TITLE)

has_consent = "consent" in current.mapping.roles
marketing_only = st.toggle(
    texts.MARKETING_ONLY,
    key=session.remembered("marketing_only", False),
    on_change=session.remember,
    args=("marketing_only",),
    disabled=not has_consent,
    help=texts.MARKETING_ONLY_HELP if has_consent else texts.NO_CONSENT_COLUMN,
)
total = metrics.people_count(current, view.filters, view.as_of, marketing_only)
if total == 0:
    figures = metrics.headline(current, view.filters, view.as_of, view.period_days)
    session.stop_when_nobody(view, figures.all_users)
    st.info(texts.NO_PEOPLE)
    st.stop()

st.metric(texts.PEOPLE_COUNT, texts.count(total))


def everyone():
    # Prepared only when a download is asked for, on Streamlit's own thread.
    return metrics.people(
        current, view.filters, view.as_of, marketing_only, con=current.con.cursor()
    )


left, right = st.columns(2)
left.download_button(
    texts.DOWNLOAD_CSV,
    lambda: exports.to_csv_bytes(everyone()),
    "never-bought.csv",
    "text/csv",
    icon=":material/download:",
    on_click="ignore",
)
right.download_button(
    texts.DOWNLOAD_EXCEL,
    lambda: exports.to_excel_bytes(everyone()),
    "never-bought.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    on_click="ignore",
)
if total > SHOWN_ROWS:
    st.caption(texts.first_rows_shown(SHOWN_ROWS, total))
shown = metrics.people(
    current, view.filters, view.as_of, marketing_only, page_size=SHOWN_ROWS
)
# The table's own download button must not hand out live formulas either.
st.dataframe(exports.safe_frame(shown), hide_index=True, width="stretch")
st.caption(texts.PEOPLE_PRIVACY)
