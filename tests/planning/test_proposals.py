"""Negotiation, not pushing: shared objectives and changes higher up are proposed and answered."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective, make_person
from waypoint.okrs.models import Change, Objective, Period, Status
from waypoint.planning import actions
from waypoint.planning.access import proposals_for
from waypoint.planning.models import Proposal


@pytest.fixture
def objective(cast: Cast, quarter: Period) -> Objective:
    return make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )


def edit(client: Client, objective: Objective, units: list[int]) -> object:
    return client.post(
        reverse("okrs:objective-edit", args=[objective.pk]),
        {
            "title": objective.title,
            "owner": objective.owner_id,
            "units": units,
            "stretch": objective.stretch,
            "kind": objective.kind,
        },
        follow=True,
    )


def test_adding_a_unit_one_cannot_plan_for_proposes_it_to_that_unit(
    client: Client, cast: Cast, objective: Objective
) -> None:
    client.force_login(cast.bob)
    body = edit(client, objective, [cast.checkout.pk, cast.search.pk]).content.decode()
    assert "Proposed to Search" in body
    assert list(objective.units.all()) == [cast.checkout]  # not an owner until accepted
    proposal = Proposal.objects.get()
    assert (proposal.kind, proposal.unit, proposal.state) == ("share", cast.search, "open")
    assert list(proposals_for(cast.charlie)) == [proposal]  # Search has no lead: its members
    assert list(proposals_for(cast.dana)) == []


def test_the_other_unit_accepts_and_the_agreement_is_in_the_history(
    client: Client, cast: Cast, objective: Objective
) -> None:
    proposal = actions.propose_share(cast.bob, objective, cast.search, reason="One goal, not two")
    client.force_login(cast.charlie)
    page = client.get(objective.get_absolute_url()).content.decode()
    assert "Proposed to Search" in page and "Accept" in page
    client.post(reverse("planning:proposal-accept", args=[proposal.pk]), {"note": "Agreed"})
    assert set(objective.units.all()) == {cast.checkout, cast.search}
    change = Change.objects.get(objective=objective, field="shared with")
    assert "agreed by Charlie Chen" in change.new
    assert change.author == cast.charlie


def test_a_lead_answers_for_a_unit_that_has_one(cast: Cast, objective: Objective) -> None:
    lead = make_person("lee")
    cast.search.memberships.create(person=lead, role="lead")
    proposal = actions.propose_share(cast.bob, objective, cast.search)
    with pytest.raises(PermissionDenied):
        actions.accept_proposal(cast.charlie, proposal)
    actions.accept_proposal(lead, proposal)
    assert objective.units.filter(pk=cast.search.pk).exists()


def test_answering_twice_or_by_someone_else_is_refused(
    client: Client, cast: Cast, objective: Objective
) -> None:
    proposal = actions.propose_share(cast.bob, objective, cast.search)
    client.force_login(cast.dana)
    assert client.post(reverse("planning:proposal-accept", args=[proposal.pk])).status_code == 403
    actions.decline_proposal(cast.charlie, proposal, note="Not our goal this quarter")
    with pytest.raises(ValidationError, match="declined already"):
        actions.accept_proposal(cast.charlie, proposal)
    assert list(objective.units.all()) == [cast.checkout]


def test_declining_needs_a_note(cast: Cast, objective: Objective) -> None:
    proposal = actions.propose_share(cast.bob, objective, cast.search)
    with pytest.raises(ValidationError, match="Say why"):
        actions.decline_proposal(cast.charlie, proposal, note=" ")
    assert Proposal.objects.get().state == "open"


def test_creating_a_shared_objective_proposes_the_units_one_cannot_plan_for(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.bob)
    url = f"{reverse('okrs:objective-create')}?unit={cast.checkout.slug}&period={quarter.slug}"
    client.post(
        url,
        {
            "title": "Search that leads to checkout",
            "owner": cast.alice.pk,
            "units": [cast.checkout.pk, cast.search.pk],
            "stretch": "aspirational",
            "kind": "strategic",
        },
    )
    created = Objective.objects.get()
    assert list(created.units.all()) == [cast.checkout]
    assert Proposal.objects.get().unit == cast.search


@pytest.fixture
def higher(cast: Cast, quarter: Period, objective: Objective) -> Objective:
    """Product's objective that Checkout's contributes to."""
    top = make_objective(
        quarter, "Payments that never fail", owner=cast.admin, units=[cast.product]
    )
    objective.parent_objectives.add(top)
    make_key_result(
        top, "Failed payments from 2% to 0.5%", owner_unit=cast.product, baseline=2, target=0.5
    )
    return top


def test_a_contributing_team_proposes_a_change_above_and_the_owner_accepts(
    client: Client, cast: Cast, higher: Objective
) -> None:
    kr = higher.key_results.get()
    client.force_login(cast.bob)
    response = client.post(
        reverse("planning:proposal-create", args=[higher.pk]),
        {"kind": "target", "key_result": kr.pk, "target": "1", "reason": "0.5% needs a new PSP"},
    )
    assert response.status_code == 302
    page = client.get(higher.get_absolute_url()).content.decode()
    assert "Change proposed" in page
    proposal = Proposal.objects.get()
    assert list(proposals_for(cast.admin)) == [proposal]
    actions.accept_proposal(cast.admin, proposal, note="Fair")
    kr.refresh_from_db()
    assert kr.target == Decimal("1")
    assert "0.5% needs a new PSP" in kr.changes.get(field="key result target").reason


def test_an_accepted_drop_drops_the_objective(cast: Cast, higher: Objective) -> None:
    proposal = actions.propose_change(cast.bob, higher, kind="drop", reason="The PSP deal is off")
    actions.accept_proposal(cast.admin, proposal)
    higher.refresh_from_db()
    assert higher.status == Status.DROPPED


def test_an_outsider_cannot_propose_changes(client: Client, cast: Cast, higher: Objective) -> None:
    client.force_login(cast.dana)
    url = reverse("planning:proposal-create", args=[higher.pk])
    assert client.get(url).status_code == 403
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    "data, error",
    [
        ({"kind": "reword", "reason": "Too big"}, "Write the new wording."),
        ({"kind": "target", "reason": "Too big"}, "Choose one of the objective"),
        ({"kind": "drop", "reason": ""}, "Say why the change is needed."),
    ],
)
def test_an_incomplete_proposal_is_refused_and_keeps_what_was_typed(
    client: Client, cast: Cast, higher: Objective, data: dict[str, str], error: str
) -> None:
    client.force_login(cast.bob)
    response = client.post(reverse("planning:proposal-create", args=[higher.pk]), data)
    assert error in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_monthly_check_records_answers_and_offers_a_proposal_above(
    client: Client, cast: Cast, quarter: Period, objective: Objective, higher: Objective
) -> None:
    client.force_login(cast.bob)
    url = f"{reverse('planning:relevance-check', args=[cast.checkout.slug])}?period={quarter.slug}"
    page = client.get(url).content.decode()
    assert "Make checkout effortless" in page and "Payments that never fail" in page
    assert reverse("planning:proposal-create", args=[higher.pk]) in page
    data = {}
    for o in (objective, higher):
        data |= {
            f"o{o.pk}-relevant": "yes",
            f"o{o.pk}-on_track": "no",
            f"o{o.pk}-change_needed": "no",
            f"o{o.pk}-note": "",
        }
    data[f"o{higher.pk}-change_needed"] = "yes"
    response = client.post(url, data, follow=True)
    assert "1 objective need a change" in response.content.decode().replace(
        "objectives", "objective"
    )
    client.force_login(cast.charlie)
    assert client.get(url).status_code == 403
