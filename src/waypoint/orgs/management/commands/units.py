"""waypoint units: every unit with its id, name, kind and parent."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from waypoint.orgs.models import Unit


class Command(BaseCommand):
    help = "List the organisation's units: id, name, kind and parent (as a table or JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = [
            {
                "id": unit.pk,
                "name": unit.name,
                "slug": unit.slug,
                "kind": unit.kind,
                "parent": unit.parent.name if unit.parent else None,
            }
            for unit in Unit.objects.select_related("parent").order_by("pk")
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write("No units yet: `waypoint demo` loads a demo organisation.")
            return
        width = max(len(row["name"]) for row in rows)
        for row in rows:
            parent = row["parent"] or "—"
            self.stdout.write(
                f"{row['id']:>4}  {row['name']:<{width}}  {row['kind']:<10}  {parent}"
            )
