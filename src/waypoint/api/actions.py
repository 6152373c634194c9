"""Creating, using and revoking personal API tokens. The settings page, the CLI and the API's
authentication call these."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypoint.api.access import can_manage_token
from waypoint.api.models import ApiToken
from waypoint.okrs.access import require
from waypoint.orgs.models import Person

TOKEN_PREFIX = "wpt_"
# Writing last-used on every request would make each API read a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its secret: shown once, never stored."""

    token: ApiToken
    secret: str


@transaction.atomic
def create_token(
    author: Person,
    person: Person,
    *,
    name: str,
    scope: str = ApiToken.Scope.READ,
    expires_at: datetime | None = None,
) -> NewToken:
    """Make a token acting as `person` (only they, or an administrator, may)."""
    require(can_manage_token(author, person), "You can only create tokens for yourself.")
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Name the token after what uses it, e.g. “BI nightly job”."
    if scope not in ApiToken.Scope.values:
        errors["scope"] = "Choose read or write."
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = "Choose an expiry date in the future, or none."
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person,
        name=name.strip(),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=ApiToken.digest_of(secret),
        scope=scope,
        expires_at=expires_at,
    )
    return NewToken(token, secret)


@transaction.atomic
def revoke_token(author: Person, token: ApiToken) -> ApiToken:
    """Revoke a token for good; it keeps its row so its owner sees when it was last used."""
    require(can_manage_token(author, token.person), "You can only revoke your own tokens.")
    if token.is_revoked:
        raise ValidationError("This token is already revoked.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def note_use(token: ApiToken) -> None:
    """Record that the token was just used (at most once per minute)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
