"""Building a synthetic organisation: rows per second per table and the total time.

    PEOPLE=10000 DB=sqlite .venv/bin/python bench/bench_synthetic.py
    PEOPLE=100000 DB=postgres .venv/bin/python bench/bench_synthetic.py

Builds ``bench/synthetic.py``'s organisation of PEOPLE people (default 10,000) in a throwaway
SQLite file (``DB=sqlite``, the default) or PostgreSQL database (``DB=postgres``,
``BENCH_DATABASE_URL``, default ``…/waypoint_bench_synthetic``; the name must contain
"bench"), after migrating, and prints what was written per table with rows per second, the
load average before and after, and the database's size.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEOPLE = int(os.environ.get("PEOPLE", "10000"))
DB = os.environ.get("DB", "sqlite")
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/waypoint_bench_synthetic"


def main() -> None:
    sys.path.insert(0, str(HERE))
    from bench_pages import counts, database, setup_django

    if DB == "postgres":
        os.environ.setdefault("BENCH_DATABASE_URL", DEFAULT_PG)
    else:
        os.environ.pop("BENCH_DATABASE_URL", None)
    with tempfile.TemporaryDirectory(prefix="waypoint-synthetic-") as tmp:
        data_dir = Path(tmp)
        with database(data_dir) as description:
            setup_django(data_dir)
            from django.core.management import call_command
            from django.db import connection
            from django.utils import timezone
            from synthetic import build, print_report

            call_command("migrate", interactive=False, verbosity=0)
            before = os.getloadavg()
            org = build(PEOPLE, timezone.localdate())
            after = os.getloadavg()
            print(f"{description}, {os.cpu_count()} CPUs, today {timezone.localdate()}")
            print_report(org)
            print(f"Load average (1/5/15 min) before {before}, after {after}")
            print(counts())
            if connection.vendor == "sqlite":
                size = Path(connection.settings_dict["NAME"]).stat().st_size
            else:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_database_size(current_database())")
                    size = cursor.fetchone()[0]
            print(f"Database size: {size / 2**20:,.0f} MiB")


if __name__ == "__main__":
    main()
