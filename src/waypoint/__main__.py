"""The `waypoint` command: Django's management commands, with kebab-case names allowed.

waypoint demo [--no-serve]      load the demo organisation and serve it
waypoint serve [--port P]       run the production server over the current data
waypoint backup [FILE]          back up the database while Waypoint runs
waypoint export / import FILE   OKRs to and from spreadsheets (docs/exchange.md)
waypoint dump [FILE] / load FILE   the whole instance as JSON, e.g. SQLite → PostgreSQL
waypoint coach / coach-eval     run the OKR coach; coach-train retrains its text model
waypoint migrate, createsuperuser, …   any Django management command
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
