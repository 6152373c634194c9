"""waypoint token create USER [--scope read|write] [--name N] [--expires-days D]
waypoint token revoke PREFIX_OR_ID
waypoint token list [USER]"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from waypoint.api import actions
from waypoint.api.models import ApiToken
from waypoint.orgs.models import Person


def find_person(username: str) -> Person:
    person = Person.objects.filter(username=username, is_active=True).first()
    if person is None:
        raise CommandError(f"No active person with username {username!r}.")
    return person


def acting_admin() -> Person:
    """The command line is the operator's: it acts with an administrator's rights."""
    return Person(is_superuser=True, is_active=True)


class Command(BaseCommand):
    help = (
        "Personal API tokens. `create USER` prints a new token once, last on its line; "
        "`revoke PREFIX_OR_ID` stops one working; `list [USER]` shows them (never the secret)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="Create a token acting as USER.")
        create.add_argument("username", metavar="USER")
        create.add_argument("--scope", choices=ApiToken.Scope.values, default="read")
        create.add_argument("--name", default="Command line", help="What will use it.")
        create.add_argument("--expires-days", type=int, default=None, help="Days it works.")
        revoke = sub.add_parser("revoke", help="Revoke a token by id or by the prefix shown.")
        revoke.add_argument("token", metavar="PREFIX_OR_ID")
        listing = sub.add_parser("list", help="List tokens (of USER).")
        listing.add_argument("username", metavar="USER", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['verb']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        person = find_person(options["username"])
        days = options["expires_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-days must be 1 or more.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            new = actions.create_token(
                acting_admin(),
                person,
                name=options["name"],
                scope=options["scope"],
                expires_at=expires_at,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{new.token.get_scope_display()} token for {person.username}: {new.secret}"
        )

    def _revoke(self, options: dict[str, Any]) -> None:
        key = options["token"].rstrip("…")
        match = Q(prefix=key) | (Q(pk=int(key)) if key.isdigit() else Q(pk__in=[]))
        tokens = list(ApiToken.objects.filter(match).select_related("person")[:2])
        if not tokens:
            raise CommandError(f"No token {key!r}: give its id or the prefix `token list` shows.")
        if len(tokens) > 1:
            raise CommandError(f"Several tokens start with {key!r}: give the id instead.")
        try:
            actions.revoke_token(acting_admin(), tokens[0])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Revoked {tokens[0]} of {tokens[0].person.username}.")

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("person").order_by("person__username", "id")
        if options["username"]:
            tokens = tokens.filter(person=find_person(options["username"]))
        for t in tokens:
            state = "revoked" if t.is_revoked else "expired" if t.is_expired else "active"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            self.stdout.write(
                f"{t.pk}\t{t.prefix}…\t{t.person.username}\t{t.scope}\t{state}\t"
                f"last used {used}\t{t.name}"
            )
