"""Chart data for a key result: its check-ins over time against the straight line from
baseline to target across the period. Drawn by ECharts in static/waypoint/app.js."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from waypoint.domain import progress as dp
from waypoint.okrs.models import CheckIn, KeyResult, Period


def key_result_chart(
    key_result: KeyResult, check_ins: list[CheckIn], period: Period
) -> dict[str, Any]:
    baseline, target = dp.effective_bounds(key_result.to_measure())
    plan: list[list[Any]] = []
    if baseline is not None and target is not None:
        (start, start_value), (end, end_value) = dp.trend_line(
            period.start, period.end, baseline, target
        )
        plan = [[start.isoformat(), start_value], [end.isoformat(), end_value]]
    actual: list[list[Any]] = []
    if baseline is not None and check_ins:
        actual.append([period.start.isoformat(), baseline])
    actual += [[c.as_of.isoformat(), float(c.value)] for c in check_ins]
    return {
        "id": key_result.pk,
        "title": key_result.title,
        "unit": key_result.unit_label,
        "plan": plan,
        "actual": actual,
        "target": target,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def key_result_charts(
    key_results: list[KeyResult], check_ins: list[CheckIn], period: Period
) -> dict[int, dict[str, Any]]:
    by_kr: dict[int, list[CheckIn]] = defaultdict(list)
    for item in check_ins:
        by_kr[item.key_result_id].append(item)
    return {kr.pk: key_result_chart(kr, by_kr[kr.pk], period) for kr in key_results}
