"""Charts go to the browser without Streamlit re-checking their specification, so
the checking happens here: every chart every page draws on the sample passes the
Vega-Lite schema, and what is sent is exactly what Altair writes."""

from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from nonactivated import charts

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
