"""Charts go to the browser without Streamlit re-checking their specification, so
the checking happens here: every chart every page draws on the sample passes the
Vega-Lite schema, and what is sent is exactly what Altair writes."""

import datetime as dt
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from nonactivated import charts, dataset, texts

REPO = Path(__file__).resolve().parents[1]
PAGES = sorted(f"views/{path.name}" for path in (REPO / "views").glob("*.py"))


def slice_frame() -> pd.DataFrame:
    # web: 3 of 4 never bought (75 %); app: 1 of 5 (20 %).
    return pd.DataFrame(
        {
            "slice_value": ["web", "app"],
            "all_users": [4, 5],
            "non_activated_users": [3, 1],
            "non_activated_pct": [75.0, 20.0],
        }
    )


def test_a_chart_is_written_out_without_validation(monkeypatch):
    chart = charts.slice_chart(slice_frame(), "Source")
    checked = chart.to_dict(validate=True)

    def refuse(*args, **kwargs):
        raise AssertionError("the specification was validated again")

    monkeypatch.setattr(alt.LayerChart, "validate", refuse)
    sent = chart.to_dict()
    assert sent == checked
    # The data travels with it, unchanged.
    assert sent["datasets"][sent["data"]["name"]][0]["slice_value"] == "web"


def test_streamlit_sends_the_same_specification_it_would_have_checked():
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    first, second = charts.trend_charts(
        pd.DataFrame(
            {
                "period_end": pd.to_datetime(["2026-01-04", "2026-01-11"]).date,
                "all_users": [10, 12],
                "non_activated_users": [7, 8],
                "non_activated_pct": [70.0, 200 / 3],
            }
        ),
        "Week",
    )
    for chart in (first, second):
        sent = _convert_altair_to_vega_lite_spec(chart)
        # Streamlit keeps the data apart, as Arrow bytes: one set per chart.
        assert len(sent["datasets"]) == 1
        spec = {k: v for k, v in sent.items() if k != "datasets"}
        type(chart).from_dict(spec, validate=True)


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_of_every_page_passes_the_schema(page, monkeypatch):
    """With checking restored, each page on the sample (touches included) draws
    without a schema error."""
    monkeypatch.setattr(charts, "_sent_unchecked", lambda chart: chart)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]


# --- no chart receives more than charts.MAX_ROWS rows --------------------------


def rows_sent(chart) -> int:
    """Rows of every data set a chart carries, as Streamlit would send them."""
    spec = chart.to_dict()
    return sum(len(rows) for rows in spec.get("datasets", {}).values())


def daily_trend(days: int) -> pd.DataFrame:
    ends = pd.date_range("1970-01-01", periods=days, freq="D")
    return pd.DataFrame(
        {
            "period_start": ends,
            "period_end": ends.date,
            "new_registrations": 1,
            "still_non_activated": 1,
            "all_users": range(1, days + 1),
            "non_activated_users": range(1, days + 1),
            "non_activated_pct": 100.0,
            "year_earlier": 1.0,
        }
    )


def test_a_long_daily_trend_is_drawn_for_its_latest_periods():
    # 20,454 days from 1 January 1970 to 31 December 2025: one row per day in the
    # trend, two in the sign-up bars and in the year-earlier lines.
    frame = daily_trend(20_454)
    counts, shares = charts.trend_charts(frame, "Day")
    assert rows_sent(counts) == 5_000 and rows_sent(shares) == 5_000
    assert charts.periods_not_drawn(frame) == 20_454 - 5_000
    # The last day drawn is the last day of the series.
    assert counts.data["period_end"].iloc[-1] == dt.date(2025, 12, 31)

    bars = charts.cohort_chart(frame, "Day")
    assert rows_sent(bars) == 2 * 2_500
    assert charts.periods_not_drawn(frame, 2) == 20_454 - 2_500

    events = pd.DataFrame({"day": [dt.date(2025, 6, 1)], "text": ["sale"]})
    lines = charts.events_trend_chart(frame, events)
    assert rows_sent(lines) == 2 * 2_500 + 1


def test_a_short_trend_is_drawn_whole():
    frame = daily_trend(90)
    counts, _ = charts.trend_charts(frame, "Day")
    assert rows_sent(counts) == 90
    assert charts.periods_not_drawn(frame) == 0


def test_the_overview_of_a_file_with_a_1970_sign_up_draws_by_day(tmp_path):
    """One sign-up dated 1 January 1970 (a common empty date) beside the sample:
    by day the trend runs from then to the sample's last day, 30 November 2026,
    far more days than a chart takes."""
    sample = (REPO / "sample_data" / "users.csv").read_text().splitlines()
    header = sample[0].split(",")
    row = dict.fromkeys(header, "")
    row.update(
        customer_id="C999999",
        email="early@example.net",
        registered_at="1970-01-01 00:00:00",
        registration_source="web",
        email_verified="no",
        device_type="mobile",
        referral_source="direct",
        country="Germany",
        accepts_marketing="no",
        signup_offer="none",
    )
    path = tmp_path / "users.csv"
    path.write_text("\n".join([*sample, ",".join(row[c] for c in header)]) + "\n")
    days = (dt.date(2026, 11, 30) - dt.date(1970, 1, 1)).days + 1

    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.query_params["grain"] = "day"
    app.session_state["dataset"] = dataset.load(path.read_bytes(), path.name)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    captions = [c.value for c in app.caption]
    assert texts.periods_not_drawn(days - charts.MAX_ROWS) in captions
