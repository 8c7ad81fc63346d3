"""What changed: the change in people who registered but never bought between two
days, split into registrations, mix and buying share; a year earlier and events."""

import datetime as dt

import streamlit as st

from nonactivated import changes, charts, metrics, session, texts

view = session.current_view()
current = view.dataset
model = current.model

session.page_top(view, texts.CHANGED_TITLE, texts.CHANGED_SUBTITLE)
figures = metrics.headline(current, view.filters, view.as_of, view.period_days)
session.stop_when_nobody(view, figures.all_users)
if not (model.has_registration and model.has_activation_time):
    st.info(texts.CHANGED_NEEDS_DATES)
    st.stop()

options = texts.compare_options(view.period_days)
columns = st.columns(2)
compare = columns[0].radio(
    texts.COMPARE_WITH_LABEL,
    options=list(options),
    format_func=options.get,
    key=session.remembered("compare_with", texts.COMPARE_PREVIOUS),
    on_change=session.remember,
    args=("compare_with",),
)
first_day = model.first_registered.date() if model.first_registered else view.as_of
if compare == texts.COMPARE_YEAR:
    before_day = changes.year_earlier(view.as_of)
elif compare == texts.COMPARE_DAY:
    # A day kept from another file may fall outside this one's dates.
    kept_day = st.session_state.get("other_day")
    if kept_day is not None and not first_day <= kept_day <= model.last_date:
        del st.session_state["other_day"]
    before_day = columns[0].date_input(
        texts.OTHER_DAY_LABEL,
        value=max(first_day, view.as_of - dt.timedelta(days=view.period_days)),
        min_value=first_day,
        max_value=model.last_date,
        format="DD/MM/YYYY",
        key="other_day",
    )
else:
    before_day = view.as_of - dt.timedelta(days=view.period_days)
labels = model.slice_labels
split_options = [changes.NO_SPLIT, *labels]
remembered_split = st.session_state.get("split_by")
if remembered_split not in split_options:
    st.session_state.pop("split_by", None)
    st.session_state.pop("split_by_widget", None)
split = columns[1].selectbox(
    texts.SPLIT_BY_LABEL,
    options=split_options,
    format_func=lambda c: labels.get(c, texts.NO_SPLIT_LABEL),
    key=session.remembered("split_by", split_options[1 if labels else 0]),
    on_change=session.remember,
    args=("split_by",),
)
if before_day == view.as_of:
    st.info(texts.SAME_DAY)
    st.stop()

# The earlier day always comes first, whichever way round it was picked.
day_a, day_b = sorted([before_day, view.as_of])
change = changes.what_changed(current, view.filters, day_a, day_b, split)
st.metric(
    texts.changed_metric_label(day_b),
    texts.count(change.after),
    delta=texts.signed(change.total) if change.total else None,
    delta_color="inverse",
    help=texts.changed_metric_help(day_a, change.before),
    border=True,
)
effects = changes.effect_bars(change, texts.EFFECT_LABELS)
for column, name, effect in zip(
    st.columns(3), changes.EFFECTS, effects["people"], strict=True
):
    column.metric(
        texts.EFFECT_LABELS[name],
        texts.signed(effect),
        help=texts.EFFECT_HELP[name],
    )
st.caption(texts.changed_caption(changes.MIN_PART_USERS))
st.altair_chart(
    charts.change_chart(effects),
    width="stretch",
)

if split != changes.NO_SPLIT:
    st.subheader(texts.CONTRIBUTORS_TITLE)
    top = changes.largest_contributors(change)
    if top.empty:
        st.markdown(texts.NO_CHANGE)
    for row in top.itertuples(index=False):
        st.markdown("- " + texts.contributor_sentence(labels[split], row))
    small = change.parts[change.parts["too_small"]]["slice_value"].tolist()
    if small:
        st.warning(
            texts.small_parts_warning(
                small[:5], changes.MIN_PART_USERS, max(len(small) - 5, 0)
            ),
            icon=":material/warning:",
        )
with st.expander(texts.SHOW_TABLE):
    st.dataframe(
        texts.changed_table(change.parts, labels.get(split, texts.NO_SPLIT_LABEL)),
        hide_index=True,
        width="stretch",
    )

st.subheader(texts.EVENTS_TITLE)
trend = changes.trend_with_year_earlier(current, view.filters, view.as_of, "week")
# Only events on the periods drawn, so none stretches the axis back again.
marks = changes.events_in_range(session.events(), charts.latest_periods(trend, 2))
st.caption(texts.EVENTS_CAPTION)
if hidden := charts.periods_not_drawn(trend, 2):
    st.caption(texts.periods_not_drawn(hidden, in_table=False))
st.altair_chart(
    charts.events_trend_chart(trend, marks),
    width="stretch",
    height=charts.TREND_HEIGHT,
)
if trend["year_earlier"].isna().all():
    st.caption(texts.NO_YEAR_EARLIER)
with st.form("event", clear_on_submit=False, border=False):
    left, right = st.columns([1, 2])
    left.date_input(
        texts.EVENT_DAY_LABEL,
        value=view.as_of,
        format="DD/MM/YYYY",
        key="event_day",
    )
    right.text_input(
        texts.EVENT_TEXT_LABEL,
        max_chars=session.EVENT_TEXT_LIMIT,
        key="event_text",
    )
    st.form_submit_button(texts.ADD_EVENT, on_click=session.add_event)
if st.session_state.pop("event_error", None):
    st.warning(texts.EVENT_TEXT_EMPTY)
for position, (event_day, event_text) in enumerate(session.events()):
    left, right = st.columns([4, 1])
    left.markdown(texts.event_line(event_day, event_text))
    right.button(
        texts.REMOVE_EVENT,
        key=f"remove_event_{position}",
        on_click=session.remove_event,
        args=(position,),
    )
