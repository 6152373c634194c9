"""Alignment map benchmark: the server's time and payload, and the browser's time to a drawn map.

For about 500 and about 2,000 objectives in the current quarter (synthetic organisations from
``bench/synthetic.py``) it times, as a team lead through Django's test client, the data
endpoint for the default view (the 200 nearest the top) and for the whole organisation (query
count, JSON size raw and gzipped), and the whole organisation's map page itself (which carries
the same data, so the browser does not ask twice). Then it serves the same database on a local
port, opens the map's default view and the whole organisation in headless Chromium
(Playwright, ``BENCH_CHROMIUM`` or /usr/bin/chromium) and reads the page's own figures: when
the HTML arrived, the layout in the Web Worker (computing, and the round trip with the
worker's start), Cytoscape's drawing up to its first painted frame, and when that frame came,
counted from the start of navigation: the time a person waits for the map. Uses the same
throwaway database as ``bench_pages.py`` (SQLite file, or ``BENCH_DATABASE_URL``).

    .venv/bin/python bench/bench_alignment.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from bench_pages import database, p95, timed

# (label, people, objectives per unit): about 500 and 2,000 objectives in the current quarter
SIZES = (("500", 670, 5), ("2000", 2690, 5))
KRS = 2
REQUESTS = 7
BROWSER_RUNS = 3
CHROMIUM = os.environ.get("BENCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def setup_django(data_dir: Path) -> None:
    os.environ["WAYPOINT_DATA_DIR"] = str(data_dir)
    (data_dir / "static").mkdir(exist_ok=True)
    os.environ["WAYPOINT_SECRET_KEY"] = "bench-only-insecure-key"
    os.environ["WAYPOINT_DEBUG"] = "false"
    os.environ["WAYPOINT_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["WAYPOINT_LOG_LEVEL"] = "ERROR"
    os.environ["DJANGO_SETTINGS_MODULE"] = "waypoint.settings"
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + the ORM
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import django

    django.setup()


def endpoint_figures(user: object, period_slug: str) -> list[tuple]:
    import gzip

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    rows = []
    requests = (
        ("data, default", reverse("alignment:map-data"), {}),
        ("data, whole org", reverse("alignment:map-data"), {"all": "on"}),
        ("page, whole org", reverse("alignment:map"), {"all": "on", "view": "map"}),
    )
    for name, url, query in requests:
        query = {"period": period_slug, **query}

        def get(url: str = url, query: dict = query) -> bytes:
            response = client.get(url, query)
            assert response.status_code == 200, response.status_code
            return response.content

        get()
        samples = [timed(get)[1] * 1000 for _ in range(REQUESTS)]
        with CaptureQueriesContext(connection) as queries:
            body = get()
        rows.append(
            (
                name,
                statistics.median(samples),
                p95(samples),
                len(queries.captured_queries),
                len(body) / 1024,
                len(gzip.compress(body)) / 1024,
            )
        )
    return rows


VIEWS = (("default", "&view=map"), ("whole org", "&all=on&view=map"))


def browser_figures(user: object, period_slug: str) -> dict[str, dict[str, float]]:
    """Median of the page's own timings over a few loads of each view of the map: the
    default (200 around the top, the rest collapsed) and the whole organisation."""
    from django.conf import settings
    from django.test import Client
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    server = LiveServerThread("127.0.0.1", lambda app: app, connections_override={}, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, _ in VIEWS}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            host = urlsplit(base).hostname
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": cookie,
                        "domain": host,
                        "path": "/",
                    }
                ]
            )
            page = context.new_page()
            for view, query in [v for _ in range(BROWSER_RUNS) for v in VIEWS]:
                page.goto(f"{base}/alignment/?period={period_slug}{query}")
                page.wait_for_selector("[data-map-ready], [data-map-error]", timeout=120_000)
                error = page.get_attribute("[data-alignment-map]", "data-map-error")
                if error:
                    raise RuntimeError(f"the map failed: {error}")
                figures = page.evaluate(
                    "() => { const m = window.alignmentMap;"
                    " const n = performance.getEntriesByType('navigation')[0];"
                    " return {nodes: m.nodes, html: n.responseEnd, layout: m.layoutMs,"
                    " worker: m.layoutRoundTripMs, draw: m.drawMs, setup: m.setUpMs,"
                    " drawn: m.drawnAtMs}; }"
                )
                runs[view].append(figures)
            browser.close()
    finally:
        server.terminate()
    return {
        view: {key: statistics.median(run[key] for run in done) for key in done[0]}
        for view, done in runs.items()
    }


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="waypoint-bench-") as tmp:
        data_dir = Path(tmp)
        with database(data_dir) as description:
            setup_django(data_dir)
            from django.core.management import call_command
            from django.utils import timezone
            from synthetic import build

            from waypoint.okrs.models import Objective

            call_command("migrate", interactive=False, verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
            today = timezone.localdate()
            print(f"Alignment benchmark on {description}, {os.cpu_count()} CPUs, today {today}")
            endpoint_rows, browser_rows = [], []
            for label, people, per_team in SIZES:
                call_command("flush", interactive=False, verbosity=0)
                org, seconds = timed(
                    lambda n=people, o=per_team: build(
                        n, today, objectives_per_team=o, krs_per_objective=KRS
                    )
                )
                count = Objective.objects.filter(period=org.current).count()
                print(
                    f"  {label}: {count} objectives this quarter, built in {seconds:.0f} s",
                    file=sys.stderr,
                )
                for row in endpoint_figures(org.team_lead, org.current.slug):
                    endpoint_rows.append((label, count, *row))
                browser_rows.append(
                    (label, count, browser_figures(org.team_lead, org.current.slug))
                )
            print(
                f"{'size':<6} {'objectives':>10} {'request':<16} {'median ms':>10} "
                f"{'p95 ms':>8} {'queries':>8} {'KB':>7} {'gzip KB':>8}"
            )
            for label, count, name, median, slow, queries, size, packed in endpoint_rows:
                print(
                    f"{label:<6} {count:>10} {name:<16} {median:>10.1f} {slow:>8.1f} "
                    f"{queries:>8} {size:>7.0f} {packed:>8.0f}"
                )
            print(
                f"\n{'size':<6} {'view':<10} {'nodes':>6} {'HTML at':>8} {'layout':>7} "
                f"{'worker':>7} {'draw':>6} {'set-up':>7} {'drawn at':>9}   (ms, Chromium, "
                f"median of {BROWSER_RUNS}; 'at' = since navigation start; set-up = Cytoscape "
                "given the elements, before its first frame)"
            )
            for label, _count, views in browser_rows:
                for view, f in views.items():
                    print(
                        f"{label:<6} {view:<10} {f['nodes']:>6.0f} {f['html']:>8.0f} "
                        f"{f['layout']:>7.0f} {f['worker']:>7.0f} {f['draw']:>6.0f} "
                        f"{f['setup']:>7.0f} {f['drawn']:>9.0f}"
                    )


if __name__ == "__main__":
    run()
