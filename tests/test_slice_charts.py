"""The Slices page's charts: labels only where there is a bar."""

import pandas as pd

from nonactivated import charts


def labels_of(chart) -> list[str]:
    return chart.data["label"].tolist()


def test_an_empty_waiting_time_has_no_label():
    # 3 of 4 people who never bought waited under a week, 1 waited a year or
    # more, nobody in between: 75 % and 25 %, and no "0.0 %" on empty bars.
    frame = pd.DataFrame(
        {
            "bucket_order": [1, 2, 3],
            "bucket": ["Under 7 days", "7-30 days", "A year or more"],
            "non_activated_users": [3, 0, 1],
            "share_pct": [75.0, 0.0, 25.0],
        }
    )
    assert labels_of(charts.waiting_chart(frame)) == ["75.0 %", "", "25.0 %"]


def test_a_bar_with_few_people_never_reads_zero_percent():
    # 2 of 10,000 people who never bought waited under a day: 0.02 %.
    frame = pd.DataFrame(
        {
            "bucket_order": [1, 2],
            "bucket": ["0-1 days", "1-7 days"],
            "non_activated_users": [2, 9998],
            "share_pct": [0.02, 99.98],
        }
    )
    assert labels_of(charts.waiting_chart(frame)) == ["under 0.1 %", "100.0 %"]


def test_a_group_where_everyone_bought_has_no_label():
    # email: 2 of 8 never bought (25 %); paid: all 5 bought, so nothing is drawn.
    frame = pd.DataFrame(
        {
            "slice_value": ["email", "paid"],
            "all_users": [8, 5],
            "non_activated_users": [2, 0],
            "non_activated_pct": [25.0, 0.0],
        }
    )
    assert labels_of(charts.slice_chart(frame, "Source")) == ["25.0 %", ""]
