"""Who may set up webhooks: administrators, for all units or any one; a unit's leads, for that
unit. A webhook is reached only through here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from waypoint.hooks.models import Webhook
from waypoint.orgs.access import AnyUser, is_admin, led_unit_ids
from waypoint.orgs.models import Unit


def can_manage_webhooks(user: AnyUser, unit: Unit | None) -> bool:
    """`unit` None means every unit: administrators only."""
    if is_admin(user):
        return True
    return unit is not None and not unit.is_archived and unit.pk in led_unit_ids(user)


def manageable_units(user: AnyUser):  # noqa: ANN201 (a QuerySet of units)
    units = Unit.objects.active().order_by("name")
    return units if is_admin(user) else units.filter(pk__in=led_unit_ids(user))


def require_webhook_access(user: AnyUser) -> None:
    if not (is_admin(user) or led_unit_ids(user)):
        raise PermissionDenied("Webhooks are set up by administrators and by a unit's leads.")


def visible_webhooks(user: AnyUser):  # noqa: ANN201 (a QuerySet of webhooks)
    hooks = Webhook.objects.select_related("unit")
    return hooks if is_admin(user) else hooks.filter(unit_id__in=led_unit_ids(user))


def get_webhook_for_user(user: AnyUser, pk: int) -> Webhook:
    """The webhook, if `user` may manage it; 404 otherwise (nothing says it exists)."""
    hook = Webhook.objects.select_related("unit").filter(pk=pk).first()
    if hook is None or not can_manage_webhooks(user, hook.unit):
        raise Http404("No such webhook.")
    return hook
