"""Top-down assignment: a lead gives the units under them an objective from one page; the
units see who assigned it and write its key results."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_objective
from waypoint.okrs.models import Change, Objective, Period
from waypoint.orgs.models import Membership, Person
from waypoint.seed import make_person

URL = reverse("alignment:assignments")


@pytest.fixture
def priya(cast: Cast) -> Person:
    """Priya leads Product, the department above Checkout and Search."""
    priya = make_person("priya", first_name="Priya", last_name="Patel")
    Membership.objects.create(person=priya, unit=cast.product, role=Membership.Role.LEAD)
    return priya


def form(cast: Cast, **overrides: object) -> dict:
    data = {
        "title": "Checkout and search feel like one journey",
        "description": "Shoppers fall between the two teams.",
        "units": [cast.checkout.pk, cast.search.pk],
        "stretch": "aspirational",
    }
    return data | overrides


def test_a_department_lead_assigns_an_objective_to_two_teams(
    client: Client, cast: Cast, quarter: Period, priya: Person
) -> None:
    make_objective(quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout])
    client.force_login(priya)
    page = client.get(URL, {"period": quarter.slug}).content.decode()
    assert "Checkout" in page and "Search" in page and "Make checkout effortless" in page
    response = client.post(f"{URL}?period={quarter.slug}", form(cast))
    assert response.status_code == 302
    objective = Objective.objects.get(title="Checkout and search feel like one journey")
    assert objective.assigned_by == priya
    assert set(objective.units.all()) == {cast.checkout, cast.search}
    assert objective.owner == cast.alice  # the lead of the first unit
    assert objective.period == quarter
    assert Change.objects.filter(objective=objective, field="assigned to").exists()
    client.force_login(cast.bob)
    team_page = client.get(cast.checkout.get_absolute_url(), {"period": quarter.slug})
    assert "Assigned by Priya Patel" in team_page.content.decode()


def test_the_owner_must_belong_to_an_assigned_unit(
    client: Client, cast: Cast, quarter: Period, priya: Person
) -> None:
    client.force_login(priya)
    response = client.post(f"{URL}?period={quarter.slug}", form(cast, owner=cast.charlie.pk))
    assert response.status_code == 302
    assert Objective.objects.get().owner == cast.charlie
    Objective.objects.all().delete()
    response = client.post(
        f"{URL}?period={quarter.slug}", form(cast, units=[cast.checkout.pk], owner=cast.charlie.pk)
    )
    assert "Choose someone in Checkout as the accountable owner" in response.content.decode()
    assert not Objective.objects.exists()


@pytest.mark.parametrize("unit", ["finance", "product"])
def test_a_unit_the_lead_does_not_lead_from_above_is_refused(
    client: Client, cast: Cast, quarter: Period, priya: Person, unit: str
) -> None:
    client.force_login(priya)
    response = client.post(
        f"{URL}?period={quarter.slug}", form(cast, units=[getattr(cast, unit).pk])
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Objective.objects.exists()


def test_the_action_names_the_units_one_cannot_assign_to(
    cast: Cast, quarter: Period, priya: Person
) -> None:
    from django.core.exceptions import ValidationError

    from waypoint.alignment.actions import assign_objective

    with pytest.raises(ValidationError, match="cannot assign to Finance"):
        assign_objective(
            priya, period=quarter, title="Close the books faster", units=[cast.finance]
        )
    assert not Objective.objects.exists()


def test_someone_with_no_units_below_gets_no_assignment_page(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.alice)  # leads Checkout, which has no units under it
    assert client.get(URL).status_code == 403
    assert client.post(URL, form(cast, units=[cast.checkout.pk])).status_code == 403
    assert not Objective.objects.exists()


def test_the_page_needs_the_same_queries_whatever_the_number_of_objectives(
    client: Client, cast: Cast, quarter: Period, priya: Person, django_assert_max_num_queries
) -> None:
    client.force_login(priya)
    for n in range(8):
        make_objective(quarter, f"Goal {n}", owner=cast.bob, units=[cast.checkout, cast.search])
    with django_assert_max_num_queries(30):
        assert client.get(URL, {"period": quarter.slug}).status_code == 200
