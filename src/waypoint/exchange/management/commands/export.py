"""`waypoint export [--period P] [--unit U] --format csv|xlsx|json`: OKRs to stdout."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from waypoint.exchange.writing import export_rows, render
from waypoint.okrs.models import Period
from waypoint.orgs.models import Unit


class Command(BaseCommand):
    help = (
        "Write a period's objectives and key results to stdout in Waypoint's spreadsheet "
        "layout (docs/exchange.md): one row per key result. Without --period, the quarter "
        "running today."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", help="The period's name or slug, e.g. 2026-q4.")
        parser.add_argument("--unit", help="Only objectives this unit (name or slug) owns.")
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")

    def handle(
        self, *args: Any, period: str | None, unit: str | None, format: str, **options: Any
    ) -> None:
        chosen = self.find_period(period)
        owner = None
        if unit:
            owner = Unit.objects.filter(Q(slug__iexact=unit) | Q(name__iexact=unit)).first()
            if owner is None:
                raise CommandError(f"No unit “{unit}”.")
        content = render(export_rows(chosen, unit=owner), format)
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()

    def find_period(self, text: str | None) -> Period:
        if text:
            found = Period.objects.filter(Q(slug__iexact=text) | Q(name__iexact=text)).first()
            if found is None:
                names = ", ".join(Period.objects.values_list("slug", flat=True)[:8])
                raise CommandError(f"No period “{text}”. Periods: {names or 'none yet'}.")
            return found
        today = timezone.localdate()
        found = (
            Period.objects.containing(today).filter(kind=Period.Kind.QUARTER).first()
            or Period.objects.containing(today).first()
        )
        if found is None:
            raise CommandError("No period runs today: name one with --period.")
        return found
