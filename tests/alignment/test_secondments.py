"""Secondments: a person lent to another team counts as its member while it runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.alignment.actions import second_person
from waypoint.okrs.access import can_check_in
from waypoint.okrs.models import Period
from waypoint.orgs.access import member_unit_ids
from waypoint.orgs.models import Person


def fresh(person: Person) -> Person:
    """The person without the per-request cache of their units."""
    return Person.objects.get(pk=person.pk)


def test_a_seconded_person_checks_in_for_the_team_they_joined(cast: Cast, quarter: Period) -> None:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        objective, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    assert not can_check_in(fresh(cast.charlie), kr)
    today = timezone.localdate()
    second_person(
        cast.alice,
        cast.charlie,
        cast.checkout,
        start=today,
        end=today + timedelta(days=30),
        note="Search ranking for the new checkout",
    )
    charlie = fresh(cast.charlie)
    assert member_unit_ids(charlie) == {cast.search.pk, cast.checkout.pk}
    assert can_check_in(charlie, kr)


@pytest.mark.parametrize("days", [(-20, -1), (1, 10)])
def test_outside_its_dates_a_secondment_counts_for_nothing(
    cast: Cast, days: tuple[int, int]
) -> None:
    today = timezone.localdate()
    second_person(
        cast.admin,
        cast.charlie,
        cast.checkout,
        start=today + timedelta(days=days[0]),
        end=today + timedelta(days=days[1]),
    )
    assert member_unit_ids(fresh(cast.charlie)) == {cast.search.pk}


def test_bad_secondments_are_refused(cast: Cast) -> None:
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        second_person(cast.bob, cast.charlie, cast.checkout, start=today, end=today)
    with pytest.raises(ValidationError, match="ends before it starts"):
        second_person(
            cast.alice, cast.charlie, cast.checkout, start=today, end=today - timedelta(days=1)
        )
    with pytest.raises(ValidationError, match="member of Checkout already"):
        second_person(cast.alice, cast.bob, cast.checkout, start=today, end=today)
    second_person(
        cast.alice, cast.charlie, cast.checkout, start=today, end=today + timedelta(days=5)
    )
    with pytest.raises(ValidationError, match="part of that time already"):
        second_person(
            cast.alice,
            cast.charlie,
            cast.checkout,
            start=today + timedelta(days=3),
            end=today + timedelta(days=9),
        )


def test_the_org_view_shows_secondments(client: Client, cast: Cast, quarter: Period) -> None:
    today = timezone.localdate()
    second_person(
        cast.alice,
        cast.charlie,
        cast.checkout,
        start=today,
        end=today + timedelta(days=3),
        note="Search ranking",
    )
    client.force_login(cast.bob)
    html = client.get(reverse("alignment:org-view")).content.decode()
    assert "Charlie" in html[html.index("secondments-heading") :]
    assert "Search ranking" in html
