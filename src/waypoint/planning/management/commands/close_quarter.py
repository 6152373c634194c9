"""waypoint close-quarter: list (and apply) the proposed closes of a unit's period."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from waypoint.okrs.models import Period
from waypoint.orgs.models import Person, Unit
from waypoint.planning import actions
from waypoint.planning.closing import ObjectiveProposal, propose_close


class Command(BaseCommand):
    help = (
        "List every open objective and key result of a unit's period with its proposed score "
        "and close state, and (without --dry-run) close them so. UNIT is an id, slug or name."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("unit")
        parser.add_argument("--period", help="Slug of the period (default: the current quarter).")
        parser.add_argument("--dry-run", action="store_true", help="Only list the proposals.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--as", dest="as_user", help="Username to close as (default: an administrator)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unit = self._unit(options["unit"])
        period = self._period(options["period"])
        proposals = propose_close(unit, period)
        if options["format"] == "json":
            self.stdout.write(json.dumps({"objectives": [as_json(p) for p in proposals]}, indent=2))
        else:
            self._text(unit, period, proposals)
        if options["dry_run"] or not proposals:
            return
        author = self._author(options["as_user"])
        try:
            outcome = actions.close_quarter(author, unit, period, decisions(proposals))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if options["format"] == "text":
            self.stdout.write(f"Closed {len(outcome.closed)} objectives.")

    def _text(self, unit: Unit, period: Period, proposals: list[ObjectiveProposal]) -> None:
        if not proposals:
            self.stdout.write(f"{unit.name} has nothing open in {period.name}.")
        for p in proposals:
            self.stdout.write(f"{p.objective.title}: {p.state} at {p.score} (#{p.objective.pk})")
            for kr in p.key_results:
                self.stdout.write(f"  - {kr.key_result.title}: {kr.state} at {kr.score}")

    def _unit(self, text: str) -> Unit:
        unit = (
            Unit.objects.filter(pk=int(text)).first()
            if text.isdigit()
            else Unit.objects.filter(slug=text).first() or Unit.objects.filter(name=text).first()
        )
        if unit is None:
            raise CommandError(f"No unit {text!r} (give its id, slug or name).")
        return unit

    def _period(self, slug: str | None) -> Period:
        if slug:
            period = Period.objects.filter(slug=slug).first()
            if period is None:
                raise CommandError(f"No period with slug {slug!r}.")
            return period
        today = timezone.localdate()
        period = Period.objects.containing(today).filter(kind=Period.Kind.QUARTER).first()
        if period is None:
            raise CommandError("No current quarter: give --period.")
        return period

    def _author(self, username: str | None) -> Person:
        people = Person.objects.filter(is_active=True)
        author = (
            people.filter(username=username).first()
            if username
            else people.filter(is_superuser=True).order_by("pk").first()
        )
        if author is None:
            raise CommandError(
                f"No active person {username!r}." if username else "No administrator."
            )
        return author


def as_json(p: ObjectiveProposal) -> dict[str, Any]:
    return {
        "id": p.objective.pk,
        "title": p.objective.title,
        "proposed_state": p.state,
        "proposed_score": float(p.score),
        "key_results": [
            {
                "id": kr.key_result.pk,
                "title": kr.key_result.title,
                "proposed_score": None if kr.score is None else float(kr.score),
                "proposed_state": kr.state,
            }
            for kr in p.key_results
        ],
    }


def decisions(proposals: list[ObjectiveProposal]) -> list[actions.ObjectiveClose]:
    return [
        actions.ObjectiveClose(
            objective=p.objective,
            state=p.state,
            score=None if p.state == "dropped" else p.score,
            key_results=[
                actions.KeyResultClose(key_result=kr.key_result, state=kr.state, score=kr.score)
                for kr in p.key_results
                if not kr.already_closed
            ],
        )
        for p in proposals
    ]
