"""The only way cadence pages obtain units, commitments, meetings, backlog items and KPIs for a
user, and where their permissions live.

Reading is open to everyone logged in (transparency, as with OKRs). Acting for a unit — writing
its commitments, running its meetings, curating its backlog and KPIs — is for its members, leads
of the units above it and administrators (the same rule as planning its objectives)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from waypoint.cadence.models import BacklogItem, CalendarFeed, Commitment, Kpi, Meeting
from waypoint.okrs.access import require
from waypoint.orgs.access import AnyUser, can_plan_for
from waypoint.orgs.models import Unit

ACT_REFUSAL = "Only members of {unit}, leads of the units above it and administrators can do this."


def can_act_for(user: AnyUser, unit: Unit) -> bool:
    """Members of a unit act for it; so do leads of units above it and administrators."""
    return bool(user.is_authenticated and can_plan_for(user, unit))


def require_act_for(user: AnyUser, unit: Unit) -> None:
    require(can_act_for(user, unit), ACT_REFUSAL.format(unit=unit.name))


def get_unit_for_user(user: AnyUser, slug: str, *, act: bool = False) -> Unit:
    """The unit `slug`, or 404; with `act`, PermissionDenied unless the user may act for it."""
    unit = get_object_or_404(Unit.objects.select_related("parent"), slug=slug)
    if act:
        require_act_for(user, unit)
    return unit


def get_commitment_for_user(user: AnyUser, pk: int) -> Commitment:
    """A commitment to change: its person, or anyone who may act for its unit."""
    commitment = get_object_or_404(
        Commitment.objects.select_related("unit__parent", "person", "key_result"), pk=pk
    )
    require(
        commitment.person_id == user.pk or can_act_for(user, commitment.unit),
        ACT_REFUSAL.format(unit=commitment.unit.name),
    )
    return commitment


def get_meeting_for_user(user: AnyUser, pk: int, *, act: bool = False) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("unit__parent"), pk=pk)
    if act:
        require_act_for(user, meeting.unit)
    return meeting


def get_backlog_item_for_user(user: AnyUser, pk: int) -> BacklogItem:
    item = get_object_or_404(BacklogItem.objects.select_related("unit__parent"), pk=pk)
    require_act_for(user, item.unit)
    return item


def get_kpi_for_user(user: AnyUser, pk: int, *, act: bool = False) -> Kpi:
    kpi = get_object_or_404(Kpi.objects.select_related("unit__parent"), pk=pk)
    if act:
        require_act_for(user, kpi.unit)
    return kpi


def get_active_feed(token: str) -> CalendarFeed:
    """The feed behind `token`, or 404 — the same 404 for a wrong and a revoked token."""
    return get_object_or_404(
        CalendarFeed.objects.select_related("unit", "person"), token=token, revoked_at__isnull=True
    )


def get_feed_for_user(user: AnyUser, pk: int) -> CalendarFeed:
    feed = get_object_or_404(CalendarFeed.objects.select_related("unit__parent"), pk=pk)
    if feed.unit is not None:
        require_act_for(user, feed.unit)
    else:
        require(feed.person_id == user.pk, "You can only revoke your own calendar feed.")
    return feed
