"""A slice with 100,000 different values (a column of codes chosen as a slice):
the charts still get at most their 25 bars, and the sidebar's filter offers the
most common values only, not 100,000 on every click."""

import dataclasses
import io

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest
from test_chart_specs import REPO

from nonactivated import dataset, session, texts

PEOPLE = 100_000


@pytest.fixture(scope="module")
def loaded():
    # Everyone has a code of their own, except that code C000000 is shared by
    # the first 1,001 people: it is the most common value.
    lines = ["customer_id,registered_at,first_order_at,device_type,coupon"]
    for n in range(PEOPLE):
        code = "C000000" if n <= 1000 else f"C{n:06d}"
        device = "mobile" if n % 2 else "desktop"
        bought = "2026-03-01 10:00:00" if n % 3 == 0 else ""
        day = f"2026-01-{1 + n % 28:02d} 09:00:00"
        lines.append(f"U{n:06d},{day},{bought},{device},{code}")
    data = ("\n".join(lines) + "\n").encode()
    first = dataset.load(data, "codes.csv")
    coupon = first.raw.columns.index("coupon")
    mapping = dataclasses.replace(first.mapping, extra_slices=[coupon])
    return first.remapped(mapping)


def distinct_codes() -> int:
    return PEOPLE - 1000


def run(page: str, loaded) -> AppTest:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    app.session_state["dataset"] = loaded
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_filter_offers_the_most_common_codes_only(loaded):
    app = run("views/overview.py", loaded)
    box = app.sidebar.multiselect(key="filter_extra_1")
    assert len(box.options) == session.FILTER_CHOICES
    assert box.options[0] == "C000000"
    captions = [c.value for c in app.sidebar.caption]
    assert texts.filter_choices_capped(500, distinct_codes()) in captions
    # Picking the most common code filters to its 1,001 people.
    box.set_value(["C000000"])
    app.run()
    assert not app.exception
    shown = next(m.value for m in app.metric if m.label == texts.ALL_USERS)
    assert shown == "1,001"


def rows_of(chart) -> list[int]:
    return [
        pa.ipc.open_stream(io.BytesIO(d.data.data)).read_all().num_rows
        for d in chart.proto.datasets
    ]


def test_the_slices_page_draws_25_bars_of_them(loaded):
    app = run("views/slices.py", loaded)
    charts = app.get("vega_lite_chart")
    sizes = [sum(rows_of(chart)) for chart in charts]
    # Waiting time (six buckets), the device (two values), the codes (25).
    assert sizes == [6, 2, 25]
    assert texts.more_values(distinct_codes() - 25) in [c.value for c in app.caption]
