"""People: the registered users behind the number, to download for a campaign."""

import streamlit as st

from nonactivated import exports, metrics, session, texts

PAGE_SIZE = 1000

view = session.current_view()
current = view.dataset

st.title(texts.PEOPLE_TITLE)
session.data_note(current)
st.markdown(
    texts.rule_line(current.rule_text, view.as_of, current.model.has_registration)
)

has_consent = "consent" in current.mapping.roles
marketing_only = st.toggle(
    texts.MARKETING_ONLY,
    key="marketing_only",
    disabled=not has_consent,
    help=texts.MARKETING_ONLY_HELP if has_consent else texts.NO_CONSENT_COLUMN,
)
everyone = metrics.people(current, view.filters, view.as_of, marketing_only)
if everyone.empty:
    st.info(texts.NO_PEOPLE)
    if view.filters.active:
        st.button(
            texts.CLEAR_FILTERS, on_click=session.clear_filters, key="clear_people"
        )
    st.stop()

st.metric(texts.PEOPLE_COUNT, texts.count(len(everyone)))
left, right = st.columns(2)
left.download_button(
    texts.DOWNLOAD_CSV,
    exports.to_csv_bytes(everyone),
    "never-bought.csv",
    "text/csv",
    icon=":material/download:",
)
right.download_button(
    texts.DOWNLOAD_EXCEL,
    exports.to_excel_bytes(everyone),
    "never-bought.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)
if len(everyone) > PAGE_SIZE:
    st.caption(texts.first_rows_shown(PAGE_SIZE, len(everyone)))
st.dataframe(everyone.head(PAGE_SIZE), hide_index=True, width="stretch")
st.caption(texts.PEOPLE_PRIVACY)
