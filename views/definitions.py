"""Compare definitions: two or three rules for who counts as a customer, applied to
the same people: counts, shares and where they disagree."""

import streamlit as st

from nonactivated import charts, definitions, metrics, session, texts

view = session.current_view()
current = view.dataset

session.page_top(view, texts.DEFINITIONS_TITLE, texts.DEFINITIONS_SUBTITLE)
figures = metrics.headline(current, view.filters, view.as_of, view.period_days)
session.stop_when_nobody(view, figures.all_users)

candidates = {definitions.rule_id(r): r for r in definitions.candidate_rules(current)}
if len(candidates) < 2:
    st.info(texts.md(texts.one_rule_only(current.rule_text)))
    st.page_link("views/data.py", label=texts.CHOOSE_RULE, icon=":material/tune:")
    st.stop()

kept = [i for i in st.session_state.get("compared_rules", []) if i in candidates]
chosen = st.multiselect(
    texts.RULES_TO_COMPARE,
    options=list(candidates),
    default=kept or list(candidates)[:3],
    format_func=lambda i: candidates[i].describe(current.raw.columns),
    max_selections=3,
    help=texts.RULES_TO_COMPARE_HELP,
    key=f"compared_rules_{current.version}_{id(current.con)}",
)
st.session_state["compared_rules"] = chosen
if len(chosen) < 2:
    st.info(texts.PICK_TWO_RULES)
    st.stop()

with st.spinner(texts.COMPARING_RULES):
    comparison = definitions.compare_rules(
        current, view.filters, view.as_of, [candidates[i] for i in chosen]
    )
rules = comparison.rules.assign(letter=list(texts.RULE_LETTERS[: len(chosen)]))
st.markdown(
    "  \n".join(texts.rule_legend(r.letter, r.rule) for r in rules.itertuples())
)
for column, rule in zip(st.columns(len(rules)), rules.itertuples(), strict=True):
    column.metric(
        texts.rule_metric_label(rule.letter),
        texts.count(rule.non_activated),
        delta=texts.share(rule.non_activated_pct),
        delta_color="off",
        delta_arrow="off",
        help=texts.rule_metric_help(rule.rule, rule.activated, rule.non_activated_pct),
        border=True,
    )
st.caption(texts.definitions_caption(current.model.has_activation_time))
st.altair_chart(
    charts.definitions_chart(rules, comparison.all_users),
    width="stretch",
)

st.subheader(texts.OVERLAP_TITLE)
letters = dict(zip(rules["rule"], rules["letter"], strict=True))
for pair in comparison.pairs.itertuples():
    st.markdown(
        "- "
        + texts.overlap_sentence(
            letters[pair.rule_a], letters[pair.rule_b], pair.activated_a_not_b
        )
    )
with st.expander(texts.SHOW_TABLE):
    st.dataframe(
        texts.definitions_table(rules[["letter", *comparison.rules.columns]]),
        hide_index=True,
        width="stretch",
    )
