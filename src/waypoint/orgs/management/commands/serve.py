"""`waypoint serve`: the production server (gunicorn) over the current database."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def pending_migrations(database: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Return the migrations not yet applied to `database`, as "app_label.name" strings."""
    executor = MigrationExecutor(connections[database])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def pending_migrations_message(pending: list[str]) -> str:
    shown = ", ".join(pending[:5]) + (f" and {len(pending) - 5} more" if len(pending) > 5 else "")
    return (
        f"The database has {len(pending)} unapplied migration(s): {shown}.\n"
        "Back it up, then run `waypoint migrate` before `waypoint serve`."
    )


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "waypoint.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        # Several serve processes may share a machine; gunicorn's control socket would clash.
        "--no-control-socket",
    ]


class Command(BaseCommand):
    help = (
        "Serve Waypoint with gunicorn: refuse to start while migrations are pending, collect "
        "static files into the data directory, then run the web server in the foreground."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host",
            default=os.environ.get("WAYPOINT_HOST", "127.0.0.1"),
            help="Address to listen on (default: $WAYPOINT_HOST or 127.0.0.1).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT", "8000")),
            help="Port to listen on (default: $PORT or 8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WAYPOINT_WORKERS", "2")),
            help="Number of gunicorn worker processes (default: $WAYPOINT_WORKERS or 2).",
        )

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        pending = pending_migrations()
        if pending:
            raise CommandError(pending_migrations_message(pending))
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Waypoint serving on http://{host}:{port}/ with {workers} workers")
        self.stdout.flush()
        argv = gunicorn_argv(host, port, workers)
        os.execv(argv[0], argv)
