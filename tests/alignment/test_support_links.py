"""Support goals serve units or objectives with a "supports" link, shown on both pages and on
the map; bad links are refused with a clear message and change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_objective, make_period
from waypoint.alignment.models import SupportLink
from waypoint.okrs.models import Change, Objective, Period


@pytest.fixture
def support_goal(cast: Cast, quarter: Period) -> Objective:
    return make_objective(
        quarter,
        "Close the books in three days for the checkout team",
        owner=cast.alice,
        units=[cast.checkout],
        kind=Objective.Kind.SUPPORT,
    )


@pytest.fixture
def served(cast: Cast, quarter: Period) -> Objective:
    return make_objective(
        quarter, "Shoppers find what they came for", owner=cast.charlie, units=[cast.search]
    )


def add(client: Client, objective: Objective, **data: object):  # noqa: ANN201
    return client.post(reverse("alignment:support-add", args=[objective.pk]), data, follow=True)


def test_a_member_links_a_support_goal_to_a_unit_and_an_objective(
    client: Client, cast: Cast, support_goal: Objective, served: Objective
) -> None:
    client.force_login(cast.bob)
    page = add(client, support_goal, unit=cast.search.pk)
    assert "now supports Search" in page.content.decode()
    add(client, support_goal, served_objective=served.pk)
    assert {(link.unit_id, link.served_objective_id) for link in SupportLink.objects.all()} == {
        (cast.search.pk, None),
        (None, served.pk),
    }
    assert Change.objects.filter(objective=support_goal, field="supports").count() == 2
    html = client.get(support_goal.get_absolute_url()).content.decode()
    assert "Supports" in html and served.title in html
    other = client.get(served.get_absolute_url()).content.decode()
    assert "Supported by" in other and support_goal.title in other


def test_the_map_draws_the_supports_link(
    client: Client, cast: Cast, support_goal: Objective, served: Objective
) -> None:
    SupportLink.objects.create(objective=support_goal, served_objective=served)
    SupportLink.objects.create(objective=support_goal, unit=cast.search)
    client.force_login(cast.charlie)
    data = client.get(reverse("alignment:map-data")).json()
    assert {"source": support_goal.pk, "target": served.pk, "kind": "supports"} in data["edges"]
    node = next(n for n in data["nodes"] if n["id"] == support_goal.pk)
    assert node["serves"] == ["Search"]


@pytest.mark.parametrize(
    "case, message",
    [
        ("strategic", "Only a support goal supports others"),
        ("neither", "Choose either a unit or an objective"),
        ("own unit", "Checkout owns this goal"),
        ("other period", "does not overlap"),
        ("twice", "supports Search already"),
    ],
)
def test_bad_links_are_refused_and_nothing_changes(
    client: Client, cast: Cast, quarter: Period, support_goal: Objective, case: str, message: str
) -> None:
    client.force_login(cast.alice)
    objective, data = support_goal, {"unit": cast.search.pk}
    if case == "strategic":
        objective = make_objective(
            quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
        )
    elif case == "neither":
        data = {}
    elif case == "own unit":
        data = {"unit": cast.checkout.pk}
    elif case == "other period":
        later = make_period(
            "custom",
            "Later",
            start=quarter.end + timedelta(days=400),
            end=quarter.end + timedelta(days=490),
        )
        elsewhere = make_objective(later, "Later goal", owner=cast.alice, units=[cast.search])
        data = {"served_objective": elsewhere.pk}
    elif case == "twice":
        SupportLink.objects.create(objective=support_goal, unit=cast.search)
    before = list(SupportLink.objects.values_list("pk", flat=True))
    page = add(client, objective, **data)
    assert message in page.content.decode()
    assert list(SupportLink.objects.values_list("pk", flat=True)) == before


def test_an_outsider_cannot_link_or_unlink(
    client: Client, cast: Cast, support_goal: Objective
) -> None:
    link = SupportLink.objects.create(objective=support_goal, unit=cast.search)
    client.force_login(cast.charlie)
    assert (
        client.post(
            reverse("alignment:support-add", args=[support_goal.pk]), {"unit": cast.finance.pk}
        ).status_code
        == 403
    )
    assert client.post(reverse("alignment:support-remove", args=[link.pk])).status_code == 403
    assert SupportLink.objects.count() == 1
    client.force_login(cast.alice)
    client.post(reverse("alignment:support-remove", args=[link.pk]))
    assert SupportLink.objects.count() == 0
    assert Change.objects.filter(objective=support_goal, field="supports", old="Search").exists()


def test_an_archived_unit_cannot_be_chosen_as_the_one_served(
    cast: Cast, support_goal: Objective
) -> None:
    from waypoint.alignment.forms import SupportForm
    from waypoint.orgs.actions import archive_unit

    archive_unit(cast.admin, cast.search)
    form = SupportForm({"unit": cast.search.pk})
    assert not form.is_valid()
    assert "unit" in form.errors
    assert cast.search not in form.fields["unit"].queryset
