"""Load for the backup tests: one process checking in on a key result as fast as it can.

Run as `python -m tests.ops.checkin_writer READY_FILE STOP_FILE` with DATABASE_URL naming a
file-based SQLite database: migrates it, seeds one team's key result, touches READY_FILE, then
checks in until STOP_FILE appears and prints how many check-ins it recorded.
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path


def main(ready: Path, stop: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from tests.factory import (
        ensure_periods,
        make_key_result,
        make_objective,
        make_person,
        make_unit,
    )
    from waypoint.domain.periods import quarter_of
    from waypoint.okrs.actions import record_check_in
    from waypoint.okrs.models import Period

    call_command("migrate", interactive=False, verbosity=0)
    today = timezone.localdate()
    ensure_periods(today)
    quarter = Period.objects.get(slug=quarter_of(today).slug)
    bob = make_person("bob", password="unused-here")
    team = make_unit("Checkout", "team", members=[bob])
    objective = make_objective(quarter, "Make checkout effortless", owner=bob, units=[team])
    key_result = make_key_result(objective, "Conversion", owner_unit=team, baseline=0, target=100)
    ready.touch()
    written = 0
    while not stop.exists():
        record_check_in(bob, key_result, value=Decimal(written % 100), confidence=5)
        written += 1
    print(written)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
