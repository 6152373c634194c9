"""Writing, editing and reading objectives through the pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.okrs.models import Change, Objective, Period
from waypoint.orgs.models import Person


def login(client: Client, person: Person) -> Client:
    client.force_login(person)
    return client


def create_url(cast: Cast, period: Period) -> str:
    return f"{reverse('okrs:objective-create')}?unit={cast.checkout.slug}&period={period.slug}"


def objective_post(cast: Cast, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Make checkout effortless on mobile",
        "description": "Half our buyers are on phones and they give up at payment.",
        "owner": cast.alice.pk,
        "units": [cast.checkout.pk],
        "stretch": "aspirational",
        "kind": "strategic",
    }
    data.update(overrides)
    return data


def test_it_creates_an_objective_and_records_it_in_the_history(
    client: Client, cast: Cast, quarter: Period
) -> None:
    response = login(client, cast.bob).post(create_url(cast, quarter), objective_post(cast))
    objective = Objective.objects.get()
    assert response.status_code == 302
    assert response["Location"] == objective.get_absolute_url()
    assert list(objective.units.all()) == [cast.checkout]
    assert objective.owner == cast.alice
    assert objective.period == quarter
    change = Change.objects.get(objective=objective)
    assert (change.field, change.author) == ("created", cast.bob)


def test_it_refuses_an_objective_without_an_owning_unit(
    client: Client, cast: Cast, quarter: Period
) -> None:
    response = login(client, cast.bob).post(
        create_url(cast, quarter), objective_post(cast, units=[])
    )
    assert response.status_code == 200
    assert "An objective needs at least one owning unit." in response.content.decode()
    assert not Objective.objects.exists()


def test_it_warns_about_a_fourth_objective_and_refuses_a_sixth(
    client: Client, cast: Cast, quarter: Period
) -> None:
    for n in range(3):
        make_objective(quarter, f"Objective {n}", owner=cast.alice, units=[cast.checkout])
    login(client, cast.alice)
    page = client.get(create_url(cast, quarter)).content.decode()
    assert "3 or fewer" in page
    response = client.post(create_url(cast, quarter), objective_post(cast), follow=True)
    assert "3 or fewer" in response.content.decode()
    make_objective(quarter, "Objective 5", owner=cast.alice, units=[cast.checkout])
    response = client.post(create_url(cast, quarter), objective_post(cast, title="Sixth"))
    assert response.status_code == 200
    assert "the limit is 5" in response.content.decode()
    assert not Objective.objects.filter(title="Sixth").exists()
    assert Objective.objects.count() == 5


def test_a_dropped_objective_does_not_count_toward_the_limit(
    client: Client, cast: Cast, quarter: Period
) -> None:
    for n in range(5):
        objective = make_objective(
            quarter, f"Objective {n}", owner=cast.alice, units=[cast.checkout]
        )
    objective.status = "dropped"
    objective.save()
    response = login(client, cast.alice).post(create_url(cast, quarter), objective_post(cast))
    assert response.status_code == 302


def test_an_outsider_cannot_write_objectives_for_a_team(
    client: Client, cast: Cast, quarter: Period
) -> None:
    response = login(client, cast.charlie).post(create_url(cast, quarter), objective_post(cast))
    assert response.status_code == 403
    assert not Objective.objects.exists()


def test_a_lead_above_the_team_can_assign_it_an_objective(
    client: Client, cast: Cast, quarter: Period
) -> None:
    from waypoint.orgs.models import Membership

    Membership.objects.create(person=cast.dana, unit=cast.product, role="lead")
    response = login(client, cast.dana).post(create_url(cast, quarter), objective_post(cast))
    assert response.status_code == 302
    assert Objective.objects.get().assigned_by == cast.dana


def test_editing_records_each_changed_field_with_its_reason(
    client: Client, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Make checkout fast", owner=cast.alice, units=[cast.checkout]
    )
    response = login(client, cast.bob).post(
        reverse("okrs:objective-edit", args=[objective.pk]),
        objective_post(
            cast,
            title="Make checkout fast and friendly",
            stretch="committed",
            reason="Agreed in the monthly review",
        ),
    )
    assert response.status_code == 302
    changes = {
        c.field: c for c in Change.objects.filter(objective=objective).exclude(field="created")
    }
    assert changes["title"].old == "Make checkout fast"
    assert changes["title"].new == "Make checkout fast and friendly"
    assert changes["stretch"].reason == "Agreed in the monthly review"
    objective.refresh_from_db()
    assert objective.version == 2
    page = client.get(objective.get_absolute_url()).content.decode()
    assert "Agreed in the monthly review" in page


def test_someone_outside_the_owning_units_cannot_edit(
    client: Client, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Make checkout fast", owner=cast.alice, units=[cast.checkout]
    )
    url = reverse("okrs:objective-edit", args=[objective.pk])
    assert login(client, cast.charlie).get(url).status_code == 403
    response = client.post(url, objective_post(cast, title="Hijacked"))
    assert response.status_code == 403
    objective.refresh_from_db()
    assert objective.title == "Make checkout fast"


def test_an_administrator_can_edit_any_objective(
    client: Client, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Make checkout fast", owner=cast.alice, units=[cast.checkout]
    )
    response = login(client, cast.admin).post(
        reverse("okrs:objective-edit", args=[objective.pk]), objective_post(cast, title="Renamed")
    )
    assert response.status_code == 302


def test_a_shared_objective_shows_on_every_owners_page(
    client: Client, cast: Cast, quarter: Period
) -> None:
    make_objective(
        quarter,
        "One checkout experience everyone trusts",
        owner=cast.alice,
        units=[cast.checkout, cast.search],
    )
    login(client, cast.charlie)
    for unit in (cast.checkout, cast.search):
        page = client.get(unit.get_absolute_url()).content.decode()
        assert "One checkout experience everyone trusts" in page
        assert "Shared · Checkout, Search" in page


def test_everyone_logged_in_can_read_every_units_okrs(
    client: Client, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Close the books faster", owner=cast.alice, units=[cast.finance], kind="support"
    )
    make_key_result(
        objective,
        "Days to close from 9 to 5",
        owner_unit=cast.finance,
        baseline=9,
        target=5,
        unit_label="days",
    )
    login(client, cast.charlie)
    assert "Close the books faster" in client.get(cast.finance.get_absolute_url()).content.decode()
    page = client.get(objective.get_absolute_url()).content.decode()
    assert "Days to close from 9 to 5" in page
    assert "Support goal" in page


def test_the_company_page_switches_between_periods(
    client: Client, cast: Cast, quarter: Period, year: Period
) -> None:
    make_objective(
        year, "Become the easiest shop to buy from", owner=cast.admin, units=[cast.company]
    )
    make_objective(quarter, "Make checkout effortless", owner=cast.admin, units=[cast.company])
    login(client, cast.bob)
    current = client.get(reverse("okrs:home")).content.decode()
    assert "Make checkout effortless" in current
    assert f"Goals for {year.name}" in current
    assert current.index("Become the easiest shop") < current.index(
        f"Objectives for {quarter.name}"
    )
    annual = client.get(f"{reverse('okrs:home')}?period={year.slug}").content.decode()
    assert "Become the easiest shop to buy from" in annual
    assert "Make checkout effortless" not in annual
    assert client.get(f"{reverse('okrs:home')}?period=nope").status_code == 404


def test_user_text_is_escaped(client: Client, cast: Cast, quarter: Period) -> None:
    make_objective(quarter, "<script>alert('x')</script>", owner=cast.alice, units=[cast.checkout])
    page = login(client, cast.bob).get(cast.checkout.get_absolute_url()).content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_links_to_higher_objectives_and_key_results_are_kept(
    client: Client, cast: Cast, quarter: Period, year: Period
) -> None:
    goal = make_objective(
        year, "Become the easiest shop to buy from", owner=cast.admin, units=[cast.company]
    )
    kr = make_key_result(
        goal, "Conversion from 2% to 3%", owner_unit=cast.product, baseline=2, target=3
    )
    response = login(client, cast.bob).post(
        create_url(cast, quarter),
        objective_post(cast, parent_objectives=[goal.pk], parent_key_results=[kr.pk]),
    )
    objective = Objective.objects.get(period=quarter)
    assert response.status_code == 302
    assert list(objective.parent_objectives.all()) == [goal]
    assert list(objective.parent_key_results.all()) == [kr]
    assert (
        "Make checkout effortless on mobile" in client.get(goal.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("status", ["achieved", "partial", "missed", "dropped"])
def test_an_objective_can_be_closed(
    client: Client, cast: Cast, quarter: Period, status: str
) -> None:
    objective = make_objective(
        quarter, "Make checkout fast", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        objective,
        "p95 from 900 to 400 ms",
        owner_unit=cast.checkout,
        baseline=900,
        target=400,
        unit_label="ms",
    )
    kr.current = 650
    kr.save()
    response = login(client, cast.alice).post(
        reverse("okrs:objective-close", args=[objective.pk]),
        {"status": status, "note": "Learned a lot"},
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.status == status
    assert (objective.score is None) == (status == "dropped")
    if status != "dropped":
        assert float(objective.score) == 0.5
    assert Change.objects.filter(
        objective=objective, field="status", reason="Learned a lot"
    ).exists()


def test_the_form_tells_an_outsider_up_front_who_writes_a_teams_objectives(
    client: Client, cast: Cast, quarter: Period
) -> None:
    page = login(client, cast.charlie).get(create_url(cast, quarter)).content.decode()
    assert "You are not a member of Checkout" in page
    page = login(client, cast.bob).get(create_url(cast, quarter)).content.decode()
    assert "You are not a member of" not in page
