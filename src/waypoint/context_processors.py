from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from waypoint.accounts.sso import sso_enabled
from waypoint.orgs.models import Organisation, Person, Unit


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
        match = request.resolver_match
        slug = match.kwargs.get("slug") if match else None
        context["sidebar"] = SimpleLazyObject(lambda: sidebar(request.user, slug))
    return context


# Up to this many units the sidebar shows the whole tree; a larger organisation gets its top,
# the way down to the unit on screen and the person's own units, never every unit.
WHOLE_TREE_UNITS = 80
# How many of a large organisation's top units it lists (the company first, then by name):
# its divisions and virtual teams grow with it, and every page renders the sidebar.
TOP_UNITS = 40


@dataclass(frozen=True)
class Sidebar:
    tree: list[tuple[Unit, list[Unit]]]
    mine: list[Unit] = field(default_factory=list)
    path: frozenset[int] = frozenset()
    units: int = 0  # how many there are in all, when the tree leaves some out

    @property
    def abridged(self) -> bool:
        return self.units > 0


def sidebar(person: Person, slug: str | None = None) -> Sidebar:
    active = Unit.objects.active()
    total = active.count()
    if total <= WHOLE_TREE_UNITS:
        return Sidebar(_whole_tree(list(active.order_by("name"))))
    path, on_path = _path_to(slug)
    at_top = active.filter(Q(parent__isnull=True) | Q(parent__parent__isnull=True))
    top = list(at_top.order_by("kind", "name")[:TOP_UNITS])
    top += [u for u in on_path if u not in top]
    opened = [u.pk for u in top if u.pk in path and u.parent_id is not None]
    below = list(active.filter(parent_id__in=opened)) if opened else []
    mine = list(active.with_member(person).order_by("name")) if person.pk else []
    return Sidebar(_whole_tree(sorted(top + below, key=lambda u: u.name)), mine, path, total)


PARENT = Unit._meta.get_field("parent")


def _path_to(slug: str | None) -> tuple[frozenset[int], list[Unit]]:
    """The unit with `slug` and the units above it (a few levels, in one query): their ids,
    and those of them that are active and at the top of the tree (the company and the units
    directly below it), which the sidebar lists even when the first TOP_UNITS leave them out."""
    if not slug:
        return frozenset(), []
    unit = Unit.objects.select_related("parent__parent__parent__parent").filter(slug=slug).first()
    path: set[int] = set()
    chain: list[Unit] = []
    while unit is not None:
        path.add(unit.pk)
        chain.append(unit)
        unit = unit.parent if PARENT.is_cached(unit) else None
    # The top of the tree is the last one or two of the chain, when it reaches the root.
    root_reached = bool(chain) and chain[-1].parent_id is None
    on_top = chain[-2:] if root_reached else []
    return frozenset(path), [u for u in on_top if u.archived_at is None]


def _whole_tree(units: list[Unit]) -> list[tuple[Unit, list[Unit]]]:
    """Top-level units (company, departments, virtual teams) with their teams."""
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
