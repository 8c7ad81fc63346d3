"""Your data: what was read, what was set aside and why, and how it is understood."""

import streamlit as st

from nonactivated import exports, metrics, session, texts
from nonactivated import mapping as mapping_module
from nonactivated import touches as touches_module
from nonactivated.formats import DAY_FIRST, MONTH_FIRST
from nonactivated.mapping import ROLES, ActivationRule

view = session.current_view()
current = view.dataset
raw = current.raw
mapping = current.mapping
columns = raw.columns

st.title(texts.DATA_TITLE)
session.data_note(current)

st.subheader(texts.WHAT_WAS_READ)
st.markdown(
    "\n".join(f"- **{name}:** {value}" for name, value in texts.file_facts(current))
)
for note in [*raw.notes, *mapping.notes]:
    st.caption(texts.md(note))

st.subheader(texts.ROWS_TITLE)
counts = metrics.row_accounting(current)
cols = st.columns(3)
cols[0].metric(texts.ROWS_READ, texts.count(counts["read"]))
cols[1].metric(texts.ROWS_USED, texts.count(counts["used"]))
cols[2].metric(texts.ROWS_SET_ASIDE, texts.count(counts["set_aside"]))
st.caption(texts.WHO_IS_ONE_PERSON)
reasons = metrics.set_aside_reasons(current)
if not counts["read"]:
    st.info(texts.NO_ROWS_IN_FILE)
elif reasons.empty:
    st.success(texts.NOTHING_SET_ASIDE)
else:
    st.dataframe(reasons, hide_index=True, width="stretch")
    st.download_button(
        texts.DOWNLOAD_SET_ASIDE,
        exports.to_csv_bytes(metrics.set_aside_list(current)),
        "rows-set-aside.csv",
        "text/csv",
        icon=":material/download:",
    )
if current.model.orders_matched is not None:
    st.caption(
        texts.md(texts.orders_matched(current.model.orders_matched, current.orders))
    )

st.subheader(texts.RULE_TITLE)
st.markdown(f"**{texts.RULE_NOW}** {texts.md(current.rule_text)}")
breakdown = metrics.rule_breakdown(current)
if breakdown is not None:
    st.caption(texts.RULE_BREAKDOWN)
    st.dataframe(breakdown, hide_index=True)
kinds = texts.RULE_KINDS
rule = mapping.activation
# Not a form: the values offered follow the column chosen, before applying.
kind = st.radio(
    texts.RULE_KIND_LABEL,
    options=[k for k in kinds if k != "orders_file" or current.orders is not None],
    format_func=kinds.get,
    index=list(kinds).index(rule.kind) if rule else 0,
    key="rule_kind",
)
if kind != "orders_file":
    rule_column = st.selectbox(
        texts.RULE_COLUMN_LABEL,
        options=range(len(columns)),
        format_func=lambda i: columns[i],
        index=rule.column if rule and rule.column is not None else 0,
        key="rule_column",
    )
chosen_values = []
if kind == "values":
    known_values = [
        v for v, _ in mapping_module.status_values(current.con, raw, rule_column)
    ]
    chosen_values = st.multiselect(
        texts.RULE_VALUES_LABEL,
        options=known_values,
        default=[v for v in (rule.values if rule else ()) if v in known_values],
        format_func=lambda v: v or texts.EMPTY_LABEL,
        help=texts.RULE_VALUES_HELP,
        key="rule_values",
    )
if st.button(texts.APPLY_RULE, key="apply_rule"):
    column = None if kind == "orders_file" else rule_column
    values = tuple(chosen_values) if kind == "values" else ()
    try:
        updated = mapping_module.with_rule(
            current.con, raw, mapping, ActivationRule(kind, column, values)
        )
    except ValueError as error:
        st.error(str(error))
    else:
        session.replace_dataset(current.remapped(updated))
        st.rerun()

questions = [c for c, f in mapping.date_formats.items() if f.ambiguous or f.order]
if questions:
    st.subheader(texts.DATES_TITLE)
    for column in questions:
        date_format = mapping.date_formats[column]
        order = st.radio(
            texts.md(texts.date_order_question(columns[column], date_format.example)),
            options=[DAY_FIRST, MONTH_FIRST],
            format_func=lambda o, f=date_format: texts.date_order_option(o, f.example),
            index=0 if date_format.order == DAY_FIRST else 1,
            key=f"date_order_{column}",
            horizontal=True,
        )
        changed = order != date_format.order or date_format.ambiguous
        if changed and st.button(texts.CONFIRM_DATES, key=f"confirm_dates_{column}"):
            updated = mapping_module.with_date_order(raw, mapping, column, order)
            session.replace_dataset(current.remapped(updated))
            st.rerun()

st.subheader(texts.MAPPING_TITLE)
st.caption(texts.MAPPING_CAPTION)
with st.form("mapping"):
    picked = {}
    options = [None, *range(len(columns))]
    for role, label in ROLES.items():
        current_column = mapping.roles.get(role)
        picked[role] = st.selectbox(
            label,
            options=options,
            index=options.index(current_column),
            format_func=lambda i: texts.NOT_IN_FILE if i is None else columns[i],
            key=f"role_{role}",
        )
    extras = st.multiselect(
        texts.EXTRA_SLICES_LABEL,
        options=range(len(columns)),
        default=mapping.extra_slices,
        format_func=lambda i: columns[i],
        max_selections=mapping_module.EXTRA_SLICE_SLOTS,
        help=texts.EXTRA_SLICES_HELP,
    )
    if st.form_submit_button(texts.APPLY_MAPPING):
        roles = {r: c for r, c in picked.items() if c is not None}
        updated = mapping_module.with_roles(
            current.con, raw, mapping, roles, list(extras)
        )
        session.replace_dataset(current.remapped(updated))
        st.rerun()

if current.touches is not None:
    touches = current.touches
    st.subheader(texts.TOUCHES_TITLE)
    touch_counts = touches_module.accounting(current.con, touches)
    st.markdown(
        "\n".join(
            f"- **{name}:** {texts.md(value)}"
            for name, value in texts.touches_facts(touches, touch_counts)
        )
    )
    for warning in touches.warnings:
        st.warning(warning, icon=":material/warning:")
    reasons = touches_module.set_aside_reasons(current.con, touches, touch_counts)
    if reasons.empty:
        st.success(texts.NOTHING_SET_ASIDE)
    else:
        st.dataframe(reasons, hide_index=True, width="stretch")
    touch_columns = touches.raw.columns
    with st.form("touches_mapping"):
        st.caption(texts.TOUCHES_MAPPING_CAPTION)
        chosen = {}
        touch_options = [None, *range(len(touch_columns))]
        for part, label in touches_module.ROLES.items():
            now = touches.link.columns()[part]
            chosen[part] = st.selectbox(
                label,
                options=touch_options,
                index=touch_options.index(now),
                format_func=lambda i: (
                    texts.NOT_IN_FILE if i is None else touch_columns[i]
                ),
                key=f"touch_role_{part}",
            )
        by_email = st.toggle(
            texts.TOUCHES_BY_EMAIL, value=touches.link.by_email, key="touch_by_email"
        )
        if st.form_submit_button(texts.APPLY_TOUCHES):
            try:
                link = touches_module.with_columns(
                    current.con, touches.raw, chosen, by_email
                )
            except ValueError as error:
                st.error(str(error))
            else:
                session.replace_dataset(current.with_touches_link(link))
                st.rerun()

st.subheader(texts.PREVIEW_TITLE)
st.dataframe(metrics.preview(current), hide_index=True, width="stretch")
