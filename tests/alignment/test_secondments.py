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
from waypoint.alignment.actions import end_secondment, second_person
from waypoint.alignment.models import Secondment
from waypoint.cadence.actions import create_commitment
from waypoint.cadence.reminders import due_reminders
from waypoint.okrs.access import can_check_in
from waypoint.okrs.models import Period
from waypoint.orgs.access import member_unit_ids
from waypoint.orgs.models import Membership, Person


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
    with pytest.raises(ValidationError, match="seconded to Checkout from .* already"):
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
    second_person(
        cast.alice,
        cast.dana,
        cast.checkout,
        start=today + timedelta(days=5),
        end=today + timedelta(days=9),
    )
    client.force_login(cast.bob)
    html = client.get(reverse("alignment:org-view")).content.decode()
    listed = html[html.index("secondments-heading") :]
    assert "Charlie" in listed and "running now" in listed
    assert "Search ranking" in html
    assert cast.dana.display_name in listed and "starts later" in listed
    # The org chart names who is seconded to a team now, beside the team (not who comes later).
    chart = html[html.index("chart-heading") : html.index("virtual-heading")]
    row = chart[chart.index(">Checkout<") :].split("</li>")[0]
    assert f"Seconded here: {cast.charlie.display_name}" in row
    assert cast.dana.display_name not in chart


def secondments() -> list[tuple]:
    return list(Secondment.objects.values_list("person_id", "unit_id", "start", "end"))


def test_a_lead_seconds_someone_with_the_form(client: Client, cast: Cast, quarter: Period) -> None:
    today = timezone.localdate()
    client.force_login(cast.alice)
    page = client.get(reverse("alignment:secondment-create"))
    assert page.status_code == 200 and "Second someone to a team" in page.content.decode()
    response = client.post(
        reverse("alignment:secondment-create"),
        {
            "person": cast.charlie.pk,
            "unit": cast.checkout.pk,
            "start": today.isoformat(),
            "end": (today + timedelta(days=14)).isoformat(),
            "note": "Search ranking for the new checkout",
        },
    )
    assert response.status_code == 302
    assert secondments() == [(cast.charlie.pk, cast.checkout.pk, today, today + timedelta(days=14))]
    html = client.get(reverse("alignment:org-view")).content.decode()
    assert "Charlie Chen" in html and "End today" in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end": -1}, "ends before it starts"),
        ({"person": "dana-inactive"}, "Choose an active person"),
        ({"person": 999999}, "Choose an active person"),
        ({"unit": "finance"}, "Choose a team you lead"),
        ({"start": "not a date"}, "Enter a date"),
    ],
)
def test_bad_secondments_are_explained_and_nothing_is_saved(
    client: Client, cast: Cast, change: dict, message: str
) -> None:
    today = timezone.localdate()
    Person.objects.filter(pk=cast.dana.pk).update(is_active=False)
    data = {
        "person": cast.charlie.pk,
        "unit": cast.checkout.pk,
        "start": today.isoformat(),
        "end": (today + timedelta(days=3)).isoformat(),
    }
    if "end" in change:
        data["end"] = (today + timedelta(days=change["end"])).isoformat()
    if "person" in change:
        data["person"] = cast.dana.pk if change["person"] == "dana-inactive" else change["person"]
    if "unit" in change:
        data["unit"] = cast.finance.pk
    if "start" in change:
        data["start"] = change["start"]
    client.force_login(cast.alice)
    response = client.post(reverse("alignment:secondment-create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert secondments() == []


def test_an_overlapping_secondment_is_refused_on_the_form(client: Client, cast: Cast) -> None:
    today = timezone.localdate()
    second_person(cast.alice, cast.charlie, cast.checkout, start=today, end=today + timedelta(9))
    client.force_login(cast.alice)
    response = client.post(
        reverse("alignment:secondment-create"),
        {
            "person": cast.charlie.pk,
            "unit": cast.checkout.pk,
            "start": (today + timedelta(days=5)).isoformat(),
            "end": (today + timedelta(days=20)).isoformat(),
        },
    )
    assert "already: choose dates outside that" in response.content.decode()
    assert len(secondments()) == 1


def test_a_person_no_longer_active_is_not_seconded(cast: Cast) -> None:
    Person.objects.filter(pk=cast.charlie.pk).update(is_active=False)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="no longer active"):
        second_person(cast.alice, fresh(cast.charlie), cast.checkout, start=today, end=today)


def test_a_secondment_ends_early_or_is_cancelled_before_it_starts(
    client: Client, cast: Cast
) -> None:
    today = timezone.localdate()
    running = second_person(
        cast.alice,
        cast.charlie,
        cast.checkout,
        start=today - timedelta(days=3),
        end=today + timedelta(days=30),
    )
    upcoming = second_person(
        cast.admin,
        cast.dana,
        cast.checkout,
        start=today + timedelta(days=5),
        end=today + timedelta(days=9),
    )
    client.force_login(cast.bob)
    assert client.post(reverse("alignment:secondment-end", args=[running.pk])).status_code == 403
    client.force_login(cast.alice)
    client.post(reverse("alignment:secondment-end", args=[running.pk]))
    running.refresh_from_db()
    assert running.end == today
    client.post(reverse("alignment:secondment-end", args=[upcoming.pk]))
    assert not Secondment.objects.filter(pk=upcoming.pk).exists()
    with pytest.raises(ValidationError, match="ends on .* already"):
        end_secondment(cast.alice, running, last_day=today)
    assert member_unit_ids(fresh(cast.charlie)) == {cast.search.pk, cast.checkout.pk}


def test_while_seconded_they_get_the_teams_commitments_and_reminders(
    cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    make_key_result(
        objective, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="not a member of Checkout"):
        create_commitment(cast.alice, cast.checkout, person=cast.charlie, title="Tune ranking")
    assert cast.charlie.pk not in due_reminders(timezone.now())
    second_person(
        cast.alice, cast.charlie, cast.checkout, start=today, end=today + timedelta(days=7)
    )
    commitment = create_commitment(
        cast.alice, cast.checkout, person=cast.charlie, title="Tune ranking for checkout search"
    )
    assert commitment.person_id == cast.charlie.pk
    reminders = due_reminders(timezone.now())[cast.charlie.pk]
    assert any("Conversion from 2% to 3%" in r.text for r in reminders)
    assert not Membership.objects.filter(person=cast.charlie, unit=cast.checkout).exists()
