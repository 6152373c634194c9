"""waypoint alignment: the period's fragmentation, org-chart mirroring and marginalisation."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from waypoint.alignment import reports
from waypoint.okrs.models import Period


def find_period(slug: str | None) -> Period:
    if slug:
        period = Period.objects.filter(slug=slug).first()
        if period is None:
            known = ", ".join(Period.objects.order_by("-start").values_list("slug", flat=True))
            raise CommandError(f"No period {slug!r}. Periods: {known or 'none yet'}.")
        return period
    today = timezone.localdate()
    period = (
        Period.objects.containing(today).filter(kind=Period.Kind.QUARTER).first()
        or Period.objects.order_by("-start").first()
    )
    if period is None:
        raise CommandError("No periods yet: an administrator opens the first one.")
    return period


class Command(BaseCommand):
    help = (
        "Print the alignment reports of a period (the current quarter unless --period): "
        "objectives in different departments pursuing the same goal, the share of "
        "cross-functional objectives per quarter, and units left out of the strategy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", help="period slug, e.g. 2026-q3")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        found = reports.build(find_period(options["period"]))
        data = reports.as_json(found)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(as_text(data, found.period.name))


def as_text(data: dict, period_name: str) -> str:
    lines = [
        f"Alignment reports for {period_name}",
        "",
        "Fragmentation (same goal, different departments):",
    ]
    for pair in data["fragmentation"]:
        first, second = pair["first"], pair["second"]
        lines.append(
            f"  {pair['similarity']:.2f}  #{first['id']} {first['title']} ({first['owners']})"
            f"  ~  #{second['id']} {second['title']} ({second['owners']})"
        )
    if not data["fragmentation"]:
        lines.append("  none")
    lines += ["", "Org-chart mirroring (objectives per quarter):"]
    for row in data["mirroring"]:
        lines.append(
            f"  {row['period']}: {row['single_department']} single-department, "
            f"{row['cross_functional']} cross-functional "
            f"({round(row['cross_functional_share'] * 100)}%)"
        )
    lines += ["", "Marginalisation (units left out):"]
    for row in data["marginalisation"]:
        lines.append(f"  {row['unit']}: {row['why']}")
    if not data["marginalisation"]:
        lines.append("  none")
    return "\n".join(lines)
