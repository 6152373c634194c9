"""Who may see and manage API tokens, and how a presented token becomes its person."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from waypoint.api.models import ApiToken
from waypoint.orgs.access import AnyUser, is_admin


def can_manage_token(user: AnyUser, person: object) -> bool:
    """People manage their own tokens; administrators anyone's (e.g. to revoke a leaked one)."""
    return bool(user.is_authenticated and (user == person or is_admin(user)))


def get_token_for_user(user: AnyUser, pk: int) -> ApiToken:
    """The user's own token `pk`, or 404 (someone else's tokens are not even shown to exist)."""
    token = get_object_or_404(ApiToken.objects.select_related("person"), pk=pk)
    if token.person_id != user.pk and not is_admin(user):
        raise Http404("No such token.")
    return token


def find_token(secret: str) -> ApiToken | None:
    """The token whose secret this is (usable or not), or None."""
    digest = ApiToken.digest_of(secret)
    return ApiToken.objects.select_related("person").filter(digest=digest).first()
