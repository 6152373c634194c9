"""Who may do what with invitations."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from waypoint.accounts.models import Invitation
from waypoint.orgs.access import AnyUser, can_manage_members, is_admin, led_unit_ids


def can_withdraw(user: AnyUser, invitation: Invitation) -> bool:
    """Administrators withdraw any invitation; a team lead those into a team they lead."""
    if is_admin(user):
        return True
    return invitation.unit is not None and can_manage_members(user, invitation.unit)


def require_withdraw(user: AnyUser, invitation: Invitation) -> None:
    if not can_withdraw(user, invitation):
        raise PermissionDenied("Only administrators and the team's leads withdraw an invitation.")


def pending_for(user: AnyUser) -> QuerySet[Invitation]:
    """The pending invitations `user` may see and withdraw: all for an administrator, those
    into the teams they lead for a lead, none for anyone else."""
    pending = Invitation.objects.pending().select_related("unit", "invited_by")
    if is_admin(user):
        return pending
    return pending.filter(unit_id__in=led_unit_ids(user), unit__archived_at__isnull=True)


def get_invitation_for_withdrawal(user: AnyUser, pk: int) -> Invitation:
    invitation = get_object_or_404(Invitation.objects.select_related("unit"), pk=pk)
    require_withdraw(user, invitation)
    return invitation
