"""The headline figures and slices as plain data, shared by the headless command.

The command runs the same loading, mapping and queries as the app.
"""

from __future__ import annotations

import datetime as dt

from nonactivated import metrics, texts
from nonactivated.dataset import Dataset
from nonactivated.queries import Filters


def _pct(value) -> float | None:
    if value is None or value != value:  # missing, or NaN for an empty group
        return None
    return texts.rounded(value)


def build_report(current: Dataset, as_of: dt.date | None = None) -> dict:
    """Figures as of ``as_of`` (default: the latest date in the data)."""
    as_of = as_of or current.model.last_date
    filters = Filters()
    figures = metrics.headline(current, filters, as_of)
    mapping = current.mapping
    columns = current.raw.columns
    slices = []
    frame = metrics.slices(current, filters, as_of)
    for column, label in current.model.slice_labels.items():
        part = frame[frame["slice"] == column]
        slices.append(
            {
                "slice": label,
                "values": [
                    {
                        "value": row.slice_value,
                        "all_users": int(row.all_users),
                        "non_activated_users": int(row.non_activated_users),
                        "non_activated_pct": _pct(row.non_activated_pct),
                    }
                    for row in part.itertuples()
                ],
            }
        )
    accounting = metrics.row_accounting(current)
    return {
        "file": current.label,
        "orders_file": current.orders.file_name if current.orders else None,
        "layout": mapping.layout,
        "encoding": current.raw.encoding,
        "as_of": as_of.isoformat() if current.model.has_registration else None,
        "activation_rule": current.rule_text,
        "mapping": {role: columns[index] for role, index in mapping.roles.items()},
        "rows_read": accounting["read"],
        "rows_used": accounting["used"],
        "rows_set_aside": accounting["set_aside"],
        "set_aside": [
            {"where": row.Where, "reason": row.Reason}
            for row in metrics.set_aside_list(current).itertuples()
        ],
        "all_users": figures.all_users,
        "non_activated_users": figures.non_activated_users,
        "non_activated_pct": _pct(figures.non_activated_pct),
        "new_customers": figures.new_customers,
        "new_customers_period_days": 30,
        "questions": list(mapping.questions),
        "warnings": list(mapping.warnings) + list(current.warnings),
        "slices": slices,
    }


def as_text(report: dict) -> str:
    """The report for a person reading a terminal or an e-mail."""
    pct = report["non_activated_pct"]
    when = report["as_of"] or "the export"
    lines = [
        f"File: {report['file']}"
        + (f" + orders: {report['orders_file']}" if report["orders_file"] else ""),
        f"Layout: {report['layout'] or 'not recognised; columns guessed'}",
        f"Customer when: {report['activation_rule']}",
        f"Rows read {report['rows_read']:,}, used {report['rows_used']:,}, "
        f"set aside {report['rows_set_aside']:,}",
        "",
        f"As of {when}:",
        f"  All registered users      {report['all_users']:>12,}",
        f"  Registered, never bought  {report['non_activated_users']:>12,}",
        f"  Share never bought        {'n/a' if pct is None else f'{pct:.2f} %':>12}",
    ]
    if report["new_customers"] is not None:
        lines.append(f"  New customers (30 days)   {report['new_customers']:>12,}")
    reasons: dict[str, list[str]] = {}
    for row in report["set_aside"]:
        reasons.setdefault(row["reason"], []).append(row["where"])
    for reason, places in reasons.items():
        shown = ", ".join(places[:5]) + (", ..." if len(places) > 5 else "")
        lines.append(f"Set aside, {len(places):,}: {reason} ({shown})")
    for question in report["questions"] + report["warnings"]:
        lines.append(f"Note: {question}")
    for part in report["slices"]:
        lines += ["", f"By {part['slice']}:"]
        for value in part["values"][:20]:
            lines.append(
                f"  {str(value['value'])[:32]:<32} {value['non_activated_users']:>10,}"
                f"  of {value['all_users']:>10,}  ({value['non_activated_pct']:.2f} %)"
            )
    return "\n".join(lines)
