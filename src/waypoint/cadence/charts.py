"""Chart data for a KTLO KPI: its readings over time against the healthy range. Rendered by
ECharts in static/waypoint/kpis.js."""

from __future__ import annotations

from typing import Any

from waypoint.cadence.models import Kpi, KpiReading


def _f(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def kpi_chart(kpi: Kpi, readings: list[KpiReading]) -> dict[str, Any]:
    return {
        "name": kpi.name,
        "unit": kpi.unit_label,
        "low": _f(kpi.healthy_min),
        "high": _f(kpi.healthy_max),
        "points": [[r.at.isoformat(), float(r.value)] for r in readings],
    }
