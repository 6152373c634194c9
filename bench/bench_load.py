"""Load benchmark: `waypoint serve` with two worker processes, driven over loopback by
concurrent clients logged in as team leads, each page measured against the framework floor.

    PEOPLE=1000 DB=sqlite CLIENTS=8 make bench          # or: .venv/bin/python bench/bench_load.py
    PEOPLE=1000 DB=postgres CLIENTS=32 .venv/bin/python bench/bench_load.py

It builds a synthetic organisation of PEOPLE people (``bench/synthetic.py``: teams of about
eight in departments and divisions, four quarters of three objectives of three key results per
unit, weekly check-ins on every key result, commitments, meetings and KPIs) in a throwaway
SQLite file or PostgreSQL database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/waypoint_bench_load``; the name must contain "bench"),
starts ``waypoint serve --workers 2`` on a free port, and for
each endpoint sends REQUESTS requests from CLIENTS concurrent clients (httpx, one session per
client, each a different team lead working on their own team). The floor is a view behind
the same middleware and login that returns a fixed short page. It prints p50/p95/p99, requests
per second and errors per endpoint with p95 as a multiple of the floor's, writes
``bench/results/latest-<db>-<people>.json``, and when a 1,000-person result of the same
database is there, the growth of every p95 from 1,000 people to PEOPLE. It measures every
endpoint in turn ROUNDS times (default 3) and reports the median of the rounds' figures, each
round's p95 ratio taken against the floor of the same round.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
PEOPLE = int(os.environ.get("PEOPLE", "1000"))
DB = os.environ.get("DB", "sqlite")
CLIENTS = int(os.environ.get("CLIENTS", "8"))
REQUESTS = int(os.environ.get("REQUESTS", "160"))  # per endpoint and round, over all clients
ROUNDS = int(os.environ.get("ROUNDS", "3"))  # every endpoint in turn, this many times
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/waypoint_bench_load"


@dataclass
class Client:
    """One team lead's session and the things on their desk."""

    http: httpx.AsyncClient
    token: str
    team: str
    team_slug: str
    objective: str
    key_result: int
    reading: float  # the key result's latest value: check-ins stay near it (plausible)
    department: str
    csrf: str = ""


@dataclass
class Figures:
    samples: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.samples) or [0.0]
        return ordered[max(0, -(-len(ordered) * int(share * 100) // 100) - 1)] * 1000

    def as_dict(self) -> dict[str, float | int]:
        return {
            "p50_ms": round(statistics.median(self.samples) * 1000 if self.samples else 0, 1),
            "p95_ms": round(self.percentile(0.95), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "rps": round(len(self.samples) / self.seconds, 1) if self.seconds else 0.0,
            "errors": self.errors,
        }


def summary(rounds: list[Figures], floors: list[Figures] | None) -> dict[str, object]:
    """The median over rounds of each figure (errors summed); with the floor's rounds, the
    median of each round's p95 as a multiple of that round's floor p95."""
    each = [figures.as_dict() for figures in rounds]
    result: dict[str, object] = {
        name: round(statistics.median(float(row[name]) for row in each), 1)
        for name in ("p50_ms", "p95_ms", "p99_ms", "rps")
    }
    result["errors"] = sum(int(row["errors"]) for row in each)
    result["p95_rounds_ms"] = [row["p95_ms"] for row in each]
    if floors is not None:
        ratios = [
            figures.percentile(0.95) / floor.percentile(0.95)
            for figures, floor in zip(rounds, floors, strict=True)
            if floor.percentile(0.95)
        ]
        result["p95_ratio_to_floor"] = round(statistics.median(ratios), 2) if ratios else 0.0
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(data_dir: Path, stack: ExitStack) -> tuple[str, list[dict[str, object]], str]:
    """Build the organisation in-process; return the database URL, the clients' desks and a
    description of the organisation."""
    sys.path.insert(0, str(HERE))
    from bench_pages import counts, database, setup_django

    if DB == "postgres":
        os.environ.setdefault("BENCH_DATABASE_URL", DEFAULT_PG)
    else:
        os.environ.pop("BENCH_DATABASE_URL", None)
    stack.enter_context(database(data_dir))
    setup_django(data_dir)
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone
    from synthetic import build, print_report

    from waypoint.api.actions import create_token
    from waypoint.api.models import ApiToken
    from waypoint.okrs.models import Objective

    call_command("migrate", interactive=False, verbosity=0)
    org = build(max(PEOPLE, CLIENTS * 8), timezone.localdate())
    print_report(org, file=sys.stderr)
    described = f"{len(org.teams)} teams, built in {org.seconds:.0f} s: {counts()}"
    desks = []
    step = max(1, len(org.teams) // CLIENTS)
    for team in org.teams[::step][:CLIENTS]:
        lead = org.leads[team.pk]
        objective = Objective.objects.filter(period=org.current, units=team).first()
        kr = objective.key_results.first()
        desks.append(
            {
                "username": lead.username,
                "token": create_token(lead, lead, name="bench", scope=ApiToken.Scope.WRITE).secret,
                "team": team.get_absolute_url(),
                "team_slug": team.slug,
                "objective": objective.get_absolute_url(),
                "key_result": kr.pk,
                "reading": float(kr.current if kr.current is not None else kr.baseline or 0),
                "department": team.parent.get_absolute_url(),
            }
        )
    url = os.environ["DATABASE_URL"]
    connections.close_all()
    return url, desks, described


def serve(data_dir: Path, database_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "WAYPOINT_DATA_DIR": str(data_dir),
        "WAYPOINT_BENCH_FLOOR": "true",
        "WAYPOINT_API_RATE_PER_MINUTE": "1000000",
        "WAYPOINT_LOG_LEVEL": "WARNING",
        "WAYPOINT_ALLOWED_HOSTS": "127.0.0.1",
    }
    waypoint = Path(sys.executable).with_name("waypoint")
    process = subprocess.Popen(
        [str(waypoint), "serve", "--workers", "2", "--port", str(port)], env=env
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # the first start collects and compresses static files
    while True:
        try:
            urllib.request.urlopen(f"{base}/accounts/login/", timeout=5).close()
            return process, base
        except urllib.error.HTTPError as error:
            process.kill()
            sys.exit(f"waypoint serve answers {error.code} to the login page")
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                sys.exit("waypoint serve did not start")
            time.sleep(0.5)


async def log_in(base: str, desk: dict[str, object], password: str) -> Client:
    http = httpx.AsyncClient(base_url=base, timeout=60)
    await http.get("/accounts/login/")
    csrf = http.cookies["csrftoken"]
    response = await http.post(
        "/accounts/login/",
        data={"csrfmiddlewaretoken": csrf, "username": desk["username"], "password": password},
    )
    if response.status_code != 302:
        sys.exit(f"logging in as {desk['username']} failed: {response.status_code}")
    return Client(
        http=http,
        token=str(desk["token"]),
        team=str(desk["team"]),
        team_slug=str(desk["team_slug"]),
        objective=str(desk["objective"]),
        key_result=int(desk["key_result"]),  # type: ignore[arg-type]
        reading=float(desk["reading"]),  # type: ignore[arg-type]
        department=str(desk["department"]),
        csrf=http.cookies["csrftoken"],
    )


Request = Callable[[Client, int], Awaitable[httpx.Response]]


def endpoints() -> dict[str, Request]:
    def get(path: Callable[[Client], str], **headers: str) -> Request:
        return lambda c, n: c.http.get(path(c), headers=headers or None)

    def check_in(c: Client, n: int) -> Awaitable[httpx.Response]:
        value = round(c.reading * (1 + (n % 7) / 100), 2)  # within a few percent of the last
        data = {"csrfmiddlewaretoken": c.csrf, "value": str(value), "confidence": "7"}
        return c.http.post(f"/key-results/{c.key_result}/check-ins/", data=data)

    def api_list(c: Client, n: int) -> Awaitable[httpx.Response]:
        return c.http.get(
            f"/api/v1/objectives?unit={c.team_slug}&limit=20",
            headers={"Authorization": f"Bearer {c.token}"},
        )

    return {
        "floor": get(lambda c: "/bench/floor/"),
        "team page": get(lambda c: c.team),
        "objective page": get(lambda c: c.objective),
        "my okrs": get(lambda c: "/my/"),
        "check-in post": check_in,
        "team check-in page": get(lambda c: f"/units/{c.team_slug}/check-ins/"),
        "inbox": get(lambda c: "/inbox/"),
        "company page": get(lambda c: "/"),
        "department page": get(lambda c: c.department),
        "health page": get(lambda c: f"/coach/health/{c.team_slug}/"),
        "alignment map data": get(lambda c: "/alignment/map-data/"),
        "api objective list": api_list,
    }


async def measure(clients: list[Client], request: Request) -> Figures:
    figures = Figures()
    share = [REQUESTS // len(clients) + (i < REQUESTS % len(clients)) for i in range(len(clients))]

    async def run(client: Client, count: int) -> None:
        for n in range(count):
            start = time.perf_counter()
            try:
                response = await request(client, n)
                ok = response.status_code < 400
            except httpx.HTTPError:
                ok = False
            figures.samples.append(time.perf_counter() - start)
            figures.errors += not ok

    for client in clients:  # one warm-up each, not counted
        await request(client, 0)
    start = time.perf_counter()
    await asyncio.gather(*(run(c, n) for c, n in zip(clients, share, strict=True)))
    figures.seconds = time.perf_counter() - start
    return figures


async def drive(base: str, desks: list[dict[str, object]]) -> dict[str, list[Figures]]:
    from synthetic import PASSWORD

    clients = [await log_in(base, desk, PASSWORD) for desk in desks]
    figures: dict[str, list[Figures]] = {name: [] for name in endpoints()}
    try:
        for _ in range(ROUNDS):
            for name, request in endpoints().items():
                figures[name].append(await measure(clients, request))
        return figures
    finally:
        for client in clients:
            await client.http.aclose()


def report(figures: dict[str, list[Figures]], described: str) -> dict[str, object]:
    floors = figures["floor"]
    result: dict[str, object] = {
        "people": PEOPLE,
        "db": DB,
        "clients": CLIENTS,
        "requests_per_endpoint": REQUESTS,
        "rounds": ROUNDS,
        "workers": 2,
        "organisation": described,
        "cpus": os.cpu_count(),
        "floor": summary(floors, None),
        "endpoints": {
            name: summary(rounds, floors) for name, rounds in figures.items() if name != "floor"
        },
    }
    print(f"Load benchmark: {DB}, {PEOPLE} people ({described}), {CLIENTS} clients, 2 workers,")
    print(f"median of {ROUNDS} rounds of {REQUESTS} requests per endpoint")
    print(f"{'endpoint':<20} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}", end=" ")
    print(f"{'rps':>7} {'err':>4} {'×floor':>7}  p95 of each round")
    rows = {"floor": result["floor"], **result["endpoints"]}  # type: ignore[dict-item]
    for name, row in rows.items():
        ratio = row.get("p95_ratio_to_floor", 1.0)
        spread = " ".join(f"{p95:.0f}" for p95 in row["p95_rounds_ms"])
        print(
            f"{name:<20} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f} "
            f"{row['rps']:>7.1f} {row['errors']:>4} {ratio:>7.2f}  {spread}"
        )
    return result


def growth(result: dict[str, object]) -> None:
    baseline = RESULTS / f"latest-{DB}-1000.json"
    if PEOPLE == 1000 or not baseline.exists():
        return
    before = json.loads(baseline.read_text())["endpoints"]
    print(f"Growth of p95 from 1,000 to {PEOPLE:,} people:")
    for name, row in result["endpoints"].items():  # type: ignore[attr-defined]
        if name in before and before[name]["p95_ms"]:
            print(f"  {name:<20} {row['p95_ms'] / before[name]['p95_ms']:.2f}×")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="waypoint-load-") as tmp, ExitStack() as stack:
        data_dir = Path(tmp)
        database_url, desks, described = prepare(data_dir, stack)
        process, base = serve(data_dir, database_url)
        try:
            figures = asyncio.run(drive(base, desks))
        finally:
            process.terminate()
            process.wait(timeout=60)
        result = report(figures, described)
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"latest-{DB}-{PEOPLE}.json"
        path.write_text(json.dumps(result, indent=2) + "\n")
        print(f"Wrote {path.relative_to(HERE.parent)}")
        growth(result)


if __name__ == "__main__":
    main()
