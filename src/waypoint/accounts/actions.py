"""Letting people in: invitations by mail, accepting one, and people created by single
sign-on. Each runs in one transaction and records an OrgEvent."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from waypoint.accounts.access import require_withdraw
from waypoint.accounts.models import Invitation, token_digest
from waypoint.orgs.access import can_manage_members, is_admin
from waypoint.orgs.actions import record
from waypoint.orgs.models import Membership, Organisation, Person, Unit


class InvitationUnusable(Exception):
    """The link was used already, revoked, expired or never existed; the message says which."""


@transaction.atomic
def invite_person(
    author: Person,
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    unit: Unit | None = None,
    role: str = Membership.Role.MEMBER,
    link_for: Callable[[str], str],
) -> Invitation:
    """Mail a one-time link (valid WAYPOINT_INVITATION_DAYS) to a new person. Administrators
    invite anyone; a team lead invites into their own team. If the mail cannot be sent,
    nothing is kept."""
    if unit is None and not is_admin(author):
        raise PermissionDenied("Choose one of your teams to invite into.")
    if unit is not None and not can_manage_members(author, unit):
        raise PermissionDenied(f"Only {unit}'s leads and administrators invite into it.")
    email = email.strip()
    if Person.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": f"{email} already has an account here."})
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Choose lead or member."})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        unit=unit,
        role=role,
        digest=token_digest(token),
        invited_by=author,
        created_at=now,
        expires_at=now + timedelta(days=settings.WAYPOINT_INVITATION_DAYS),
    )
    organisation = Organisation.current()
    context = {
        "invitation": invitation,
        "link": link_for(token),
        "organisation": organisation,
        "author": author,
        "days": settings.WAYPOINT_INVITATION_DAYS,
        "sso": bool(settings.WAYPOINT_OIDC_ISSUER),
    }
    send_mail(
        f"{author} invites you to {organisation.name}'s OKRs",
        render_to_string("accounts/invitation_email.txt", context),
        None,
        [email],
    )
    record(author, f"Invited {email}" + (f" to {unit}" if unit else ""), unit=unit)
    return invitation


@transaction.atomic
def withdraw_invitation(author: Person, invitation: Invitation) -> Invitation:
    """Withdraw a pending invitation: its link stops working at once and says it was withdrawn.
    Administrators withdraw any; a team lead those into a team they lead."""
    current = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=invitation.pk)
    )
    require_withdraw(author, current)
    state = current.state
    if state != "pending":
        done = {"accepted": "was accepted already", "revoked": "was withdrawn already"}
        raise ValidationError(
            f"The invitation for {current.email} {done.get(state, 'has expired')}; "
            "nothing was changed."
        )
    current.revoked_at = timezone.now()
    current.save(update_fields=["revoked_at"])
    record(author, f"Withdrew the invitation for {current.email}", unit=current.unit)
    return current


def usable_invitation(token: str, *, lock: bool = False) -> Invitation:
    """The invitation behind a link, or InvitationUnusable saying why it no longer works."""
    queryset = Invitation.objects.select_related("unit", "invited_by")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(digest=token_digest(token)).first()
    if invitation is None:
        raise InvitationUnusable(
            "This invitation link is not valid. Check that it was copied whole."
        )
    state = invitation.state
    if state == "accepted":
        raise InvitationUnusable(
            "This invitation has been used already. Log in with the account it created, "
            "or reset its password."
        )
    if state == "revoked":
        raise InvitationUnusable("This invitation was withdrawn. Ask for a new one.")
    if state == "expired":
        raise InvitationUnusable(
            f"This invitation expired on {timezone.localtime(invitation.expires_at):%-d %B %Y}. "
            "Ask the person who invited you for a new one."
        )
    return invitation


def join_invited_unit(invitation: Invitation, person: Person) -> None:
    if invitation.unit is not None and not invitation.unit.is_archived:
        Membership.objects.get_or_create(
            unit=invitation.unit, person=person, defaults={"role": invitation.role}
        )
    invitation.accepted_at = timezone.now()
    invitation.person = person
    invitation.save(update_fields=["accepted_at", "person"])


def unique_username(email: str) -> str:
    base = email.strip().lower()[:140]
    username, n = base, 2
    while Person.objects.filter(username__iexact=username).exists():
        username, n = f"{base}-{n}", n + 1
    return username


@transaction.atomic
def accept_invitation(token: str, *, first_name: str, last_name: str, password: str) -> Person:
    """Create the invited person with the password they chose; the link then stops working."""
    invitation = usable_invitation(token, lock=True)
    if Person.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationUnusable(f"{invitation.email} already has an account here. Log in instead.")
    person = Person(
        username=unique_username(invitation.email),
        email=invitation.email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    validate_password(password, person)
    person.set_password(password)
    person.save()
    join_invited_unit(invitation, person)
    record(invitation.invited_by, f"{person} accepted the invitation", person=person)
    return person


@transaction.atomic
def create_person_from_sso(claims: dict[str, Any]) -> Person:
    """Someone the provider vouches for signs in for the first time: create them, with no
    password of their own. A pending invitation for their address brings them into its unit;
    otherwise they join no unit until a lead or an administrator adds them."""
    email = claims["email"]
    person = Person(
        username=unique_username(email),
        email=email,
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
    )
    if not person.first_name and claims.get("name"):
        person.first_name = str(claims["name"])[:150]
    person.set_unusable_password()
    person.save()
    invitation = Invitation.objects.pending().filter(email__iexact=email).first()
    if invitation is not None:
        join_invited_unit(invitation, person)
    record(None, f"{person} signed in with single sign-on for the first time", person=person)
    return person
