"""waypoint coach: the coach's findings for a period (and unit), as text or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.coach import service
from waypoint.domain import diagnosis as dx
from waypoint.okrs.models import Period
from waypoint.orgs.models import Unit


class Command(BaseCommand):
    help = (
        "Diagnose OKRs for BAD OKRs and the other traps. Exits with status 1 when a finding "
        "at or above --fail-on exists (for scripts and CI)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="Slug of a unit: its findings and those below it.")
        parser.add_argument("--period", help="Slug of a period (default: the current quarter).")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--fail-on",
            choices=list(dx.SEVERITY_ORDER),
            dest="fail_on",
            help="Exit non-zero when findings at this severity or worse exist.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        period = self._period(options["period"])
        diagnosis = service.diagnose_period(period)
        findings = list(diagnosis.findings)
        if options["unit"]:
            unit = Unit.objects.filter(slug=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit with slug {options['unit']!r}.")
            findings = diagnosis.for_units(service.unit_scope(unit))
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {"period": period.slug, "findings": [asdict(f) for f in findings]}, indent=2
                )
            )
        else:
            self._text(period, findings)
        if options["fail_on"] and dx.at_or_above(findings, options["fail_on"]):
            raise SystemExit(1)

    def _period(self, slug: str | None) -> Period:
        if slug:
            period = Period.objects.filter(slug=slug).first()
            if period is None:
                raise CommandError(f"No period with slug {slug!r}.")
            return period
        from django.utils import timezone

        period = (
            Period.objects.containing(timezone.localdate()).filter(kind=Period.Kind.QUARTER).first()
            or Period.objects.order_by("-start").first()
        )
        if period is None:
            raise CommandError("There are no periods yet.")
        return period

    def _text(self, period: Period, findings: list[dx.Finding]) -> None:
        self.stdout.write(f"{len(findings)} finding(s) in {period.name}")
        for f in findings:
            self.stdout.write(f"\n[{f.severity}] {f.code} ({f.level}) {f.subject} #{f.subject_id}")
            self.stdout.write(f"  {f.what}\n  why: {f.why}\n  fix: {f.fix}")
