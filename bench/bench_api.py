"""API benchmark: server-side latency of lists (key results, objectives with their alignment
links, the backlog), a check-in, a meeting with its generated agenda and a KPI reading, over
HTTP with a personal token, on a synthetic organisation of 400 people (50 teams). SQLite by
default; set ``BENCH_DATABASE_URL`` (a database name containing "bench") for PostgreSQL, as
bench_pages.py.

    .venv/bin/python bench/bench_api.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import database, p95, setup_django, timed  # noqa: E402

REQUESTS = 30


def main() -> None:
    with (
        tempfile.TemporaryDirectory(prefix="waypoint-bench-api-") as tmp,
        database(Path(tmp)) as where,
    ):
        os.environ["WAYPOINT_API_RATE_PER_MINUTE"] = "1000000"  # one token sends them all
        setup_django(Path(tmp))
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        from synthetic import build

        from waypoint.api.actions import create_token

        org = build(400, date.today())
        lead = org.team_lead
        secret = create_token(lead, lead, name="bench", scope="write").secret
        headers = {"Authorization": f"Bearer {secret}"}
        client = Client()
        kr = org.sample_objective.key_results.first()
        team = org.teams[0]
        from datetime import time
        from decimal import Decimal

        from waypoint.cadence import actions as cadence

        cadence.set_cadence(
            lead, team, frequency="weekly", weekday=0, at=time(9, 30), duration_minutes=60
        )
        meeting = team.meetings.filter(status="scheduled").latest("scheduled_for")
        kpi = cadence.create_kpi(lead, team, name="Error rate", healthy_min=None, healthy_max=1)
        for n in range(20):
            cadence.park_in_backlog(lead, team, title=f"Idea {n}")
            cadence.record_kpi_reading(lead, kpi, value=Decimal(n) / 10)
        print(
            f"API latency on {where}, {len(org.teams)} teams, {REQUESTS} requests each "
            "(median / p95 ms)"
        )

        def run(label: str, call: object) -> None:
            samples = []
            for i in range(REQUESTS + 2):
                response, seconds = timed(lambda i=i: call(i))  # type: ignore[operator]
                assert response.status_code in {200, 201}, response.content
                if i >= 2:  # two warm-up requests
                    samples.append(seconds * 1000)
            print(f"  {label:<44} {statistics.median(samples):7.1f} {p95(samples):7.1f}")

        run(
            "GET /api/v1/key-results?limit=50",
            lambda i: client.get("/api/v1/key-results", {"limit": 50}, headers=headers),
        )
        run(
            "POST /api/v1/key-results/{id}/check-ins",
            lambda i: client.post(
                f"/api/v1/key-results/{kr.pk}/check-ins",
                json.dumps({"value": 10 + i / 10, "confidence": 6}),
                content_type="application/json",
                headers=headers,
            ),
        )
        run(
            "GET /api/v1/objectives?limit=50",
            lambda i: client.get("/api/v1/objectives", {"limit": 50}, headers=headers),
        )
        run(
            "GET /api/v1/backlog?unit=…",
            lambda i: client.get("/api/v1/backlog", {"unit": team.slug}, headers=headers),
        )
        run(
            "GET /api/v1/meetings/{id} (generated agenda)",
            lambda i: client.get(f"/api/v1/meetings/{meeting.pk}", headers=headers),
        )
        run(
            "POST /api/v1/kpis/{id}/readings",
            lambda i: client.post(
                f"/api/v1/kpis/{kpi.pk}/readings",
                json.dumps({"value": round(0.5 + i / 100, 2)}),
                content_type="application/json",
                headers=headers,
            ),
        )


if __name__ == "__main__":
    main()
