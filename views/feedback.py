"""What they say: the words people who never bought wrote in a free-text column."""

import streamlit as st

from nonactivated import charts, exports, feedback, metrics, session, texts

view = session.current_view()
current = view.dataset

session.page_top(view, texts.FEEDBACK_TITLE)
figures = metrics.headline(current, view.filters, view.as_of, view.period_days)
session.stop_when_nobody(view, figures.all_users)
st.caption(texts.FEEDBACK_CAPTION)

column = current.mapping.roles.get("feedback")
if column is None:
    st.info(texts.NO_FEEDBACK_COLUMN, icon=":material/chat:")
    st.page_link("views/data.py", label=texts.DATA_TITLE, icon=":material/tune:")
    st.stop()
st.caption(texts.md(texts.feedback_column_line(current.raw.columns[column])))

answers = feedback.answers(current, view.filters, view.as_of)
wrote = int(answers["people"].sum()) if not answers.empty else 0
st.metric(
    texts.FEEDBACK_PEOPLE,
    texts.count(wrote),
    delta=texts.feedback_of(wrote, figures.non_activated_users),
    delta_color="off",
    delta_arrow="off",
    help=texts.FEEDBACK_PEOPLE_HELP,
)
if answers.empty:
    st.info(texts.NO_FEEDBACK_ANSWERS)
    st.stop()

terms = feedback.terms(current, view.filters, view.as_of)
if not terms.empty:
    st.altair_chart(charts.feedback_chart(terms), width="stretch")

st.subheader(texts.FEEDBACK_EXAMPLES_TITLE)
st.caption(texts.FEEDBACK_PRIVACY)
for row in terms.head(5).itertuples():
    with st.expander(texts.md(texts.term_heading(row.term, row.people))):
        for example in feedback.examples(answers, row.term):
            st.markdown(f"> {texts.md(example)}")
with st.expander(texts.SHOW_TABLE):
    table = texts.feedback_table(terms)
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        texts.DOWNLOAD_CSV,
        exports.to_csv_bytes(table),
        "feedback-words.csv",
        "text/csv",
    )
