"""Page benchmark: server-side time and queries of the main pages on synthetic organisations.

Runs against a throwaway SQLite file in a temporary directory, or, when ``BENCH_DATABASE_URL``
is set, against a dedicated PostgreSQL database of that name which it creates and drops (the
name must contain "bench"). For each size it empties the database, builds the organisation
with ``bench/synthetic.py`` and requests each page through Django's test client as a team
lead: a few warm-up requests, then timed ones, then one more under CaptureQueriesContext to
count queries. Finally it times ``load_demo`` once on an empty database.

    make bench                                   # SQLite
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/waypoint_bench make bench
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from synthetic import SyntheticOrg

T = TypeVar("T")

# (label, people) of the synthetic organisation (bench/synthetic.py)
SIZES: tuple[tuple[str, int], ...] = (("S", 200), ("M", 500), ("L", 1000))
WARMUP = 2
MIN_REQUESTS = 5
MAX_REQUESTS = 20
PAGE_BUDGET_SECONDS = 3.0  # stop sampling a page after this long (but take MIN_REQUESTS)


@dataclass(frozen=True)
class Figure:
    size: str
    page: str
    median_ms: float
    p95_ms: float
    queries: int
    requests: int


COLD = " (cold)"


def p95(samples: list[float]) -> float:
    """The 95th percentile, nearest-rank (the slowest sample when there are fewer than 20)."""
    ordered = sorted(samples)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


@contextmanager
def database(data_dir: Path) -> Iterator[str]:
    """Point Django at a throwaway database; yields a description of it."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url:
        os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
        yield "SQLite (temporary file)"
        return
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = config["NAME"]
    if "bench" not in name:
        sys.exit(
            f"BENCH_DATABASE_URL names {name!r}: refusing to drop a database whose name "
            "does not contain 'bench'."
        )

    def admin(statement: sql.Composed) -> None:
        with psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    admin(drop)
    admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ["DATABASE_URL"] = url
    try:
        yield f"PostgreSQL ({name}, created for this run)"
    finally:
        from django.db import connections

        connections.close_all()
        admin(drop)


def setup_django(data_dir: Path) -> None:
    os.environ["WAYPOINT_DATA_DIR"] = str(data_dir)
    (data_dir / "static").mkdir(exist_ok=True)  # WhiteNoise warns when STATIC_ROOT is missing
    os.environ["WAYPOINT_SECRET_KEY"] = "bench-only-insecure-key"
    os.environ["WAYPOINT_DEBUG"] = "false"
    os.environ["WAYPOINT_ALLOWED_HOSTS"] = "testserver"
    os.environ["WAYPOINT_LOG_LEVEL"] = "ERROR"
    os.environ["DJANGO_SETTINGS_MODULE"] = "waypoint.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import django

    django.setup()


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """Run ``action``; return its result and the seconds it took."""
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def measure(size: str, pages: dict[str, str], user: object) -> list[Figure]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)

    from django.core.cache import cache

    def get(url: str, cold: bool = False) -> None:
        if cold:  # the first request after a change: the coach diagnoses afresh
            cache.clear()
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")

    figures = []
    for page, url in pages.items():
        cold = page.endswith(COLD)
        for _ in range(WARMUP):
            get(url, cold)
        samples: list[float] = []
        started = time.perf_counter()
        while len(samples) < MAX_REQUESTS and (
            len(samples) < MIN_REQUESTS or time.perf_counter() - started < PAGE_BUDGET_SECONDS
        ):
            if cold:
                cache.clear()
            samples.append(timed(lambda url=url: get(url))[1] * 1000)
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            get(url)
        figures.append(
            Figure(
                size,
                page,
                statistics.median(samples),
                p95(samples),
                len(queries.captured_queries),
                len(samples),
            )
        )
        print(f"  {size} {page:<14} {figures[-1].median_ms:8.1f} ms", file=sys.stderr)
    return figures


def pages_of(org: SyntheticOrg) -> dict[str, str]:
    from django.urls import reverse

    return {
        "company": reverse("okrs:home"),
        "department": org.departments[0].get_absolute_url(),
        "team": org.teams[0].get_absolute_url(),
        "objective": org.sample_objective.get_absolute_url(),
        "my-okrs": reverse("okrs:my-okrs"),
        "health": reverse("coach:health"),
        "team" + COLD: org.teams[0].get_absolute_url(),
        "health" + COLD: reverse("coach:health"),
    }


def empty_database() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def counts() -> str:
    from waypoint.okrs.models import CheckIn, KeyResult, Objective
    from waypoint.orgs.models import Person, Unit

    return (
        f"{Unit.objects.count()} units, {Person.objects.count()} people, "
        f"{Objective.objects.count()} objectives, {KeyResult.objects.count()} KRs, "
        f"{CheckIn.objects.count()} check-ins"
    )


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="waypoint-bench-") as tmp:
        data_dir = Path(tmp)
        with database(data_dir) as description:
            setup_django(data_dir)
            from django.core.management import call_command
            from django.utils import timezone
            from synthetic import build

            from waypoint.demo import load_demo

            total = time.perf_counter()
            call_command("migrate", interactive=False, verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)  # pages link to them
            today = timezone.localdate()
            print(f"Page benchmark on {description}, {os.cpu_count()} CPUs, today {today}")
            figures: list[Figure] = []
            notes: list[str] = []
            for label, people in SIZES:
                empty_database()
                org = build(people, today)
                notes.append(
                    f"{label} = {people} people, {len(org.teams)} teams: "
                    f"built in {org.seconds:.1f} s ({counts()})"
                )
                figures += measure(label, pages_of(org), org.team_lead)
            empty_database()
            _, demo_seconds = timed(lambda: load_demo(today))
            notes.append(f"load_demo: {demo_seconds:.2f} s ({counts()})")
            print_table(figures)
            for note in notes:
                print(note)
            print(f"Total {time.perf_counter() - total:.0f} s")


def print_table(figures: list[Figure]) -> None:
    print(f"{'size':<5} {'page':<14} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'n':>4}")
    for f in figures:
        print(
            f"{f.size:<5} {f.page:<14} {f.median_ms:>10.1f} {f.p95_ms:>8.1f} "
            f"{f.queries:>8} {f.requests:>4}"
        )


if __name__ == "__main__":
    run()
