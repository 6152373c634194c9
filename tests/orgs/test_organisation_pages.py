"""The organisation in the app: settings, units, memberships and people."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import PASSWORD, make_objective
from waypoint.cadence.actions import commitment_limit
from waypoint.okrs.actions import limit_policy
from waypoint.okrs.models import Period
from waypoint.orgs.models import Membership, Organisation, OrgEvent, Person, Unit
from waypoint.planning.actions import next_span

SETTINGS = {
    "name": "Acme Inc.",
    "fiscal_year_start_month": 4,
    "quarter_months": 4,
    "meeting_frequency": "biweekly",
    "meeting_weekday": 2,
    "meeting_at": "10:00",
    "meeting_minutes": 45,
    "limit_warn_above": 2,
    "limit_refuse_above": 4,
    "commitment_limit": 3,
}


def test_saved_settings_drive_periods_limits_and_the_login_page(client: Client, cast: Cast) -> None:
    assert limit_policy().refuse_above == 5 and commitment_limit() == 5  # the settings' defaults
    client.force_login(cast.admin)
    response = client.post(reverse("orgs:settings"), SETTINGS)
    assert response.status_code == 302
    assert limit_policy().warn_above == 2 and limit_policy().refuse_above == 4
    assert commitment_limit() == 3
    span = next_span("quarter", [])
    assert (span.end.year * 12 + span.end.month) - (span.start.year * 12 + span.start.month) == 3
    assert span.start.month in {4, 8, 12}  # four-month periods from an April year start
    assert "Log in to Acme Inc." in Client().get(reverse("login")).content.decode()
    assert OrgEvent.objects.filter(text__startswith="Changed the organisation's settings").exists()


def test_bad_settings_are_explained_and_nothing_is_saved(client: Client, cast: Cast) -> None:
    client.force_login(cast.admin)
    for bad in (
        {"limit_warn_above": 6, "limit_refuse_above": 5},
        {"commitment_limit": "many"},
        {"quarter_months": 5},
        {"limit_refuse_above": 0},
        {"name": ""},
    ):
        response = client.post(reverse("orgs:settings"), {**SETTINGS, **bad})
        assert response.status_code == 400, bad
        assert 'class="errorlist' in response.content.decode(), bad
    assert not Organisation.objects.exists()
    assert limit_policy().refuse_above == 5


def test_only_administrators_open_the_settings(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    assert client.get(reverse("orgs:settings")).status_code == 403


def test_an_administrator_creates_renames_and_moves_a_unit(client: Client, cast: Cast) -> None:
    client.force_login(cast.admin)
    created = client.post(
        reverse("orgs:unit-create"),
        {"name": "Payments", "kind": "team", "parent": cast.product.pk, "is_supporting": "on"},
    )
    payments = Unit.objects.get(name="Payments")
    assert created["Location"] == reverse("orgs:unit-members", args=[payments.slug])
    assert payments.parent == cast.product and payments.is_supporting
    client.post(
        reverse("orgs:unit-edit", args=[payments.slug]),
        {"name": "Payments & Billing", "parent": cast.finance.pk},
    )
    payments.refresh_from_db()
    assert (payments.name, payments.parent, payments.slug) == (
        "Payments & Billing",
        cast.finance,
        "payments",
    )


def test_a_unit_cannot_move_under_itself_or_its_own_teams(client: Client, cast: Cast) -> None:
    client.force_login(cast.admin)
    url = reverse("orgs:unit-edit", args=[cast.product.slug])
    response = client.post(url, {"name": "Product", "parent": cast.checkout.pk})
    assert response.status_code == 400
    assert "Checkout is inside Product" in response.content.decode()
    cast.product.refresh_from_db()
    assert cast.product.parent == cast.company
    unknown = client.post(url, {"name": "Product", "parent": 999999})
    assert unknown.status_code == 400 and "valid choice" in unknown.content.decode()


def test_an_archived_unit_leaves_the_tree_and_pickers_but_its_okrs_stay_readable(
    client: Client, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Shoppers find things", owner=cast.charlie, units=[cast.search]
    )
    client.force_login(cast.admin)
    client.post(reverse("orgs:unit-archive", args=[cast.search.slug]))
    cast.search.refresh_from_db()
    assert cast.search.is_archived
    home = client.get(reverse("okrs:home")).content.decode()
    assert 'href="/units/search/' not in home.split('id="organisation"')[1].split("</nav>")[0]
    form = client.get(f"{reverse('okrs:objective-create')}?unit={cast.checkout.slug}")
    owning_units = form.content.decode().split("<legend>Owning units</legend>")[1]
    owning_units = owning_units.split("</fieldset>")[0]
    assert "Checkout" in owning_units and "Search" not in owning_units
    assert client.get(cast.search.get_absolute_url()).status_code == 200
    assert client.get(objective.get_absolute_url()).status_code == 200
    units = client.get(reverse("orgs:unit-list")).content.decode()
    assert "Archived" in units and "Search" in units
    client.post(reverse("orgs:unit-restore", args=[cast.search.slug]))
    cast.search.refresh_from_db()
    assert not cast.search.is_archived


def test_a_unit_with_current_teams_under_it_is_not_archived(client: Client, cast: Cast) -> None:
    client.force_login(cast.admin)
    response = client.post(reverse("orgs:unit-archive", args=[cast.product.slug]), follow=True)
    assert "Move or archive the units under Product first" in response.content.decode()
    cast.product.refresh_from_db()
    assert not cast.product.is_archived


def test_a_lead_manages_their_own_teams_members(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    assert client.get(reverse("orgs:unit-members", args=[cast.checkout.slug])).status_code == 200
    client.post(
        reverse("orgs:member-add", args=[cast.checkout.slug]),
        {"person": cast.dana.pk, "role": "member"},
    )
    dana = Membership.objects.get(unit=cast.checkout, person=cast.dana)
    client.post(reverse("orgs:member-role", args=[dana.pk]), {"role": "lead"})
    dana.refresh_from_db()
    assert dana.role == "lead"
    client.post(reverse("orgs:member-remove", args=[dana.pk]))
    assert not Membership.objects.filter(unit=cast.checkout, person=cast.dana).exists()
    assert client.get(reverse("orgs:unit-members", args=[cast.search.slug])).status_code == 403
    twice = client.post(
        reverse("orgs:member-add", args=[cast.checkout.slug]),
        {"person": cast.bob.pk, "role": "member"},
    )
    assert twice.status_code == 400 and "already in Checkout" in twice.content.decode()


def test_the_people_page_lists_and_searches_everyone(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    page = client.get(reverse("orgs:people")).content.decode()
    for name in ("Alice Archer", "Bob Baker", "Charlie Chen", "Dana Diaz", "Ada Admin"):
        assert name in page
    found = client.get(reverse("orgs:people"), {"q": "search"}).content.decode()
    found = found.split("<tbody>")[1]
    assert "Charlie Chen" in found and "Bob Baker" not in found  # by unit name
    nobody = client.get(reverse("orgs:people"), {"q": "zebra"}).content.decode()
    assert "Nobody matches “zebra”" in nobody
    assert client.get(reverse("orgs:person-detail", args=[cast.charlie.pk])).status_code == 403


def test_an_administrator_changes_a_persons_units(client: Client, cast: Cast) -> None:
    client.force_login(cast.admin)
    client.post(
        reverse("orgs:person-unit-add", args=[cast.charlie.pk]),
        {"unit": cast.checkout.pk, "role": "member"},
    )
    assert set(Unit.objects.with_member(cast.charlie).values_list("name", flat=True)) == {
        "Checkout",
        "Search",
    }


def test_a_deactivated_person_cannot_log_in_and_their_session_ends(
    client: Client, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Search that finds", owner=cast.charlie, units=[cast.search]
    )
    charlie = Client()
    charlie.post(reverse("login"), {"username": "charlie", "password": PASSWORD})
    assert charlie.get(reverse("okrs:my-okrs")).status_code == 200
    client.force_login(cast.admin)
    client.post(reverse("orgs:person-deactivate", args=[cast.charlie.pk]))
    assert not Person.objects.get(pk=cast.charlie.pk).is_active
    assert charlie.get(reverse("okrs:my-okrs")).status_code == 302  # logged out
    again = Client().post(reverse("login"), {"username": "charlie", "password": PASSWORD})
    assert again.status_code == 200 and "_auth_user_id" not in again.wsgi_request.session
    objective.refresh_from_db()
    assert objective.owner_id == cast.charlie.pk  # their history stays
    own = client.post(reverse("orgs:person-deactivate", args=[cast.admin.pk]), follow=True)
    assert "You cannot deactivate yourself" in own.content.decode()
