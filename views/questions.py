"""The seven questions: each answered from the data present, or what would answer it."""

import streamlit as st

from nonactivated import answers, metrics, session, texts

view = session.current_view()
current = view.dataset

session.page_top(view, texts.QUESTIONS_TITLE)
figures = metrics.headline(current, view.filters, view.as_of, view.period_days)
session.stop_when_nobody(view, figures.all_users)
st.caption(texts.QUESTIONS_CAPTION)

for item in answers.answer_all(current, view.filters, view.as_of, view.period_days):
    with st.container(border=True):
        st.markdown(f"**{item.number}. {item.question}**")
        if item.answer is not None:
            st.markdown(texts.md(item.answer))
        else:
            st.markdown(f"{texts.QUESTION_MISSING_PREFIX} {texts.md(item.missing)}")
        st.page_link(
            item.page, label=texts.QUESTIONS_OPEN, icon=":material/arrow_forward:"
        )
