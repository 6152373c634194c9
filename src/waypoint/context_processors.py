from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from waypoint.accounts.sso import sso_enabled
from waypoint.orgs.models import Organisation, Unit


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name, the organisation, how one logs in and, for people who are logged in, the
    organisation tree for navigation."""
    context: dict[str, Any] = {
        "site_name": settings.SITE_NAME,
        "organisation": SimpleLazyObject(Organisation.current),
        "password_login": settings.WAYPOINT_PASSWORD_LOGIN,
        "sso_enabled": sso_enabled(),
        "sso_button": settings.WAYPOINT_OIDC_BUTTON,
    }
    if request.user.is_authenticated:
        context["org_tree"] = lambda: org_tree()
    return context


def org_tree() -> list[tuple[Unit, list[Unit]]]:
    """Top-level units (company, departments, virtual teams) with their teams, in one query."""
    units = list(Unit.objects.active().order_by("name"))
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    tree: list[tuple[Unit, list[Unit]]] = []
    roots = sorted(children.get(None, []), key=lambda u: (u.kind != Unit.Kind.COMPANY, u.name))
    for root in roots:
        if root.kind == Unit.Kind.COMPANY:
            tree.append((root, []))
            tree += [(dept, children.get(dept.pk, [])) for dept in children.get(root.pk, [])]
        else:
            tree.append((root, children.get(root.pk, [])))
    return tree
