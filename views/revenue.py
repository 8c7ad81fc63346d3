"""What it is worth: expected new customers among those still waiting, and the
first-order revenue they could bring, with a what-if."""

import streamlit as st

from nonactivated import charts, metrics, session, survival, texts

# A typical first basket, offered when the file has no first-order values.
TYPED_VALUE = 50.0

view = session.current_view()
current = view.dataset

session.page_top(view, texts.REVENUE_TITLE, texts.REVENUE_SUBTITLE)
figures = metrics.headline(current, view.filters, view.as_of, view.period_days)
session.stop_when_nobody(view, figures.all_users)
everyone = session.curve_or_stop(view)

choices = st.columns(2)
horizon = choices[0].segmented_control(
    texts.HORIZON_LABEL,
    options=list(texts.HORIZONS),
    format_func=texts.HORIZONS.get,
    key=session.remembered("horizon", 90),
    on_change=session.remember,
    args=("horizon",),
    required=True,
)
horizon = horizon or st.session_state.get("horizon") or 90
# Past the longest time anyone was followed the curve says nothing: the few
# people seen longest would stand for everyone still waiting.
followed = int(everyone.curve["day"].iloc[-1])
if followed < horizon:
    st.info(texts.worth_not_known_yet(horizon, followed), icon=":material/schedule:")
    st.stop()

values = metrics.first_order_values(current, view.filters, view.as_of)
with choices[1]:
    if values.customers_with_value:
        source = st.radio(
            texts.VALUE_LABEL,
            options=[texts.VALUE_MEAN, texts.VALUE_MEDIAN, texts.VALUE_TYPED],
            key=session.remembered("value_source", texts.VALUE_MEAN),
            on_change=session.remember,
            args=("value_source",),
            horizontal=True,
        )
        st.caption(texts.value_note(values))
    else:
        source = texts.VALUE_TYPED
        st.caption(texts.NO_VALUES)
    if source == texts.VALUE_MEAN:
        value = values.mean
    elif source == texts.VALUE_MEDIAN:
        value = values.median
    else:
        value = st.number_input(
            texts.VALUE_TYPED_LABEL,
            min_value=0.0,
            step=5.0,
            key=session.remembered("typed_value", TYPED_VALUE),
            on_change=session.remember,
            args=("typed_value",),
            help=texts.VALUE_TYPED_HELP,
        )

outlook = survival.outlook(everyone.curve, horizon)
columns = st.columns(3)
columns[0].metric(
    texts.EXPECTED_CUSTOMERS,
    texts.count(outlook.expected),
    help=texts.EXPECTED_HELP,
    border=True,
)
columns[1].metric(
    texts.REVENUE_AT_STAKE,
    texts.money(outlook.expected * value),
    help=texts.REVENUE_HELP,
    border=True,
)
columns[2].metric(texts.VALUE_USED, texts.money(value), border=True)
st.markdown(texts.revenue_sentence(outlook, value))
st.caption(texts.REVENUE_CAPTION)

st.subheader(texts.PATH_TITLE)
st.caption(texts.PATH_CAPTION)
path = texts.path_frame(figures, outlook, value, view.period_days)
st.altair_chart(
    charts.revenue_path_chart(path),
    width="stretch",
    height=charts.PATH_HEIGHT,
)

st.subheader(texts.WHAT_IF_TITLE)
levers = st.columns(2)
more_pct = levers[0].slider(
    texts.MORE_LABEL,
    min_value=0,
    max_value=100,
    step=5,
    key=session.remembered("more_pct", 10),
    on_change=session.remember,
    args=("more_pct",),
    help=texts.MORE_HELP,
)
sooner_days = levers[1].slider(
    texts.SOONER_LABEL,
    min_value=0,
    max_value=60,
    key=session.remembered("sooner_days", 7),
    on_change=session.remember,
    args=("sooner_days",),
    help=texts.SOONER_HELP,
)
for lever, extra in (
    (levers[0], survival.extra_if_more(everyone.curve, horizon, more_pct)),
    (levers[1], survival.extra_if_sooner(everyone.curve, horizon, sooner_days)),
):
    lever.metric(texts.EXTRA_CUSTOMERS, f"+{texts.count(extra)}", border=True)
    lever.metric(texts.EXTRA_REVENUE, f"+{texts.money(extra * value)}", border=True)

st.subheader(texts.BY_WAIT_TITLE)
st.caption(texts.BY_WAIT_CAPTION)
st.dataframe(texts.by_wait_table(outlook), hide_index=True, width="stretch")
