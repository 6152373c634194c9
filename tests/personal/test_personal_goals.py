"""Personal goals are private to their owner and whoever they share them with."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from waypoint.personal.models import PersonalGoal, PersonalKeyResult


@pytest.fixture
def goal(client: Client, cast: Cast) -> PersonalGoal:
    client.force_login(cast.bob)
    response = client.post(
        reverse("personal:goal-create"),
        {
            "title": "Get comfortable with our data pipeline",
            "description": "So I can debug reports myself",
        },
    )
    assert response.status_code == 302
    return PersonalGoal.objects.get()


def test_i_create_a_goal_with_a_key_result_and_see_its_progress(
    client: Client, cast: Cast, goal: PersonalGoal
) -> None:
    response = client.post(
        reverse("personal:key-result-create", args=[goal.pk]),
        {
            "title": "Ship 3 fixes to the pipeline",
            "kind": "quantity",
            "baseline": "0",
            "target": "3",
            "current": "1",
        },
    )
    assert response.status_code == 302
    kr = PersonalKeyResult.objects.get()
    assert kr.progress.raw == pytest.approx(1 / 3)
    page = client.get(reverse("okrs:my-okrs")).content.decode()
    assert "Get comfortable with our data pipeline" in page
    assert "33%" in page


def test_teammates_and_administrators_cannot_see_my_goal(
    client: Client, cast: Cast, goal: PersonalGoal
) -> None:
    for person in (cast.alice, cast.charlie, cast.admin):
        client.force_login(person)
        assert client.get(goal.get_absolute_url()).status_code == 404
        assert "data pipeline" not in client.get(reverse("okrs:my-okrs")).content.decode()
        assert "data pipeline" not in client.get(reverse("personal:goal-list")).content.decode()
        assert "data pipeline" not in client.get(cast.checkout.get_absolute_url()).content.decode()


def test_a_goal_i_share_is_readable_but_not_editable_by_that_person(
    client: Client, cast: Cast, goal: PersonalGoal
) -> None:
    client.post(
        reverse("personal:goal-edit", args=[goal.pk]),
        {"title": goal.title, "shared_with": [cast.alice.pk]},
    )
    client.force_login(cast.alice)
    assert client.get(goal.get_absolute_url()).status_code == 200
    assert "data pipeline" in client.get(reverse("personal:goal-list")).content.decode()
    response = client.post(reverse("personal:goal-edit", args=[goal.pk]), {"title": "Hacked"})
    assert response.status_code == 404
    client.force_login(cast.charlie)
    assert client.get(goal.get_absolute_url()).status_code == 404
    goal.refresh_from_db()
    assert goal.title == "Get comfortable with our data pipeline"


def test_a_personal_metric_needs_a_target_different_from_its_start(
    client: Client, cast: Cast, goal: PersonalGoal
) -> None:
    response = client.post(
        reverse("personal:key-result-create", args=[goal.pk]),
        {"title": "Read pages", "kind": "metric", "baseline": "10", "target": "10"},
    )
    assert response.status_code == 200
    assert "different from the starting point" in response.content.decode()
    assert not PersonalKeyResult.objects.exists()


def test_only_the_owner_deletes_a_goal(client: Client, cast: Cast, goal: PersonalGoal) -> None:
    client.force_login(cast.alice)
    assert client.post(reverse("personal:goal-delete", args=[goal.pk])).status_code == 404
    client.force_login(cast.bob)
    client.post(reverse("personal:goal-delete", args=[goal.pk]))
    assert not PersonalGoal.objects.exists()


def test_personal_goals_are_not_in_the_admin(client: Client, cast: Cast) -> None:
    client.force_login(cast.admin)
    assert "personal" not in client.get(reverse("admin:index")).content.decode().lower()


def test_an_updated_key_result_keeps_its_decimal_value(
    client: Client, cast: Cast, goal: PersonalGoal
) -> None:
    client.post(
        reverse("personal:key-result-create", args=[goal.pk]),
        {
            "title": "Hours of SQL practice",
            "kind": "metric",
            "baseline": "0",
            "target": "20",
            "current": "2.5",
        },
    )
    assert PersonalKeyResult.objects.get().current == Decimal("2.5")


def test_editing_a_key_result_of_another_goal_is_not_found(
    client: Client, cast: Cast, goal: PersonalGoal
) -> None:
    other = PersonalGoal.objects.create(owner=cast.bob, title="Run a half marathon")
    kr = PersonalKeyResult.objects.create(
        goal=other, title="Long run of 18 km", kind="metric", baseline=8, target=18
    )
    url = reverse("personal:key-result-edit", args=[goal.pk, kr.pk])
    response = client.post(url, {"title": "Hijacked", "kind": "metric", "baseline": 1, "target": 2})
    assert response.status_code == 404
    assert PersonalKeyResult.objects.count() == 1
    kr.refresh_from_db()
    assert kr.title == "Long run of 18 km"


def test_the_admins_delete_page_for_a_person_hides_their_personal_goals(
    client: Client, cast: Cast, goal: PersonalGoal
) -> None:
    client.force_login(cast.admin)
    page = client.get(reverse("admin:orgs_person_delete", args=[cast.bob.pk])).content.decode()
    assert "Get comfortable with our data pipeline" not in page
    assert "1 private personal item" in page
