"""Units, people and periods: what every other resource refers to."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router

from waypoint.api.pagination import ListQuery, Page, page
from waypoint.api.schemas import PeriodOut, PersonOut, UnitOut
from waypoint.okrs.models import Period
from waypoint.orgs.models import Membership, Person, Unit

router = Router(tags=["Organisation"])


def unit_out(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.pk,
        "slug": unit.slug,
        "name": unit.name,
        "kind": unit.kind,
        "parent_id": unit.parent_id,
        "is_supporting": unit.is_supporting,
        "url": unit.get_absolute_url(),
    }


def person_out(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "username": person.username,
        "name": person.display_name,
        "title": person.title,
        "level": person.level,
        "unit_ids": sorted(m.unit_id for m in person.memberships.all()),
    }


def period_out(period: Period) -> dict[str, Any]:
    return {
        "id": period.pk,
        "slug": period.slug,
        "name": period.name,
        "kind": period.kind,
        "start": period.start,
        "end": period.end,
    }


class UnitQuery(ListQuery):
    kind: str | None = Field(None, max_length=20, description="company, department, team…")
    parent: str | None = Field(None, max_length=120, description="Slug of the parent unit.")
    archived: bool = Field(False, description="Include archived units.")


@router.get("/units", response=Page[UnitOut], url_name="unit-list")
def list_units(request: HttpRequest, q: Query[UnitQuery]) -> dict:
    units = Unit.objects.order_by("name", "id")
    if not q.archived:
        units = units.active()
    if q.kind:
        units = units.filter(kind=q.kind)
    if q.parent:
        units = units.filter(parent__slug=q.parent)
    return page(units, q, unit_out)


@router.get("/units/{slug}", response=UnitOut, url_name="unit-detail")
def get_unit(request: HttpRequest, slug: str) -> dict:
    return unit_out(get_object_or_404(Unit, slug=slug[:120]))


class PersonQuery(ListQuery):
    unit: str | None = Field(None, max_length=120, description="Slug of a unit they belong to.")


@router.get("/people", response=Page[PersonOut], url_name="person-list")
def list_people(request: HttpRequest, q: Query[PersonQuery]) -> dict:
    people = Person.objects.filter(is_active=True).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.only("person_id", "unit_id"))
    )
    if q.unit:
        people = people.filter(memberships__unit__slug=q.unit)
    return page(people.order_by("username", "id").distinct(), q, person_out)


@router.get("/periods", response=Page[PeriodOut], url_name="period-list")
def list_periods(request: HttpRequest, q: Query[ListQuery]) -> dict:
    return page(Period.objects.order_by("start", "kind", "id"), q, period_out)
