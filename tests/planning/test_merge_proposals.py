"""“Propose one shared objective” from the fragmentation report: two units chasing the same
goal separately agree to pursue it as one objective, each team keeping its key results."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.okrs.models import Change, CheckIn, KeyResult, Objective, Period, Status
from waypoint.orgs.models import Membership
from waypoint.planning import actions
from waypoint.planning.models import Proposal


@pytest.fixture
def pair(cast: Cast, quarter: Period) -> tuple[Objective, Objective]:
    """Checkout and Search both want returning buyers, each on their own."""
    checkout = make_objective(
        quarter, "Win back lapsed buyers", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(checkout, "Win back 120 buyers", owner_unit=cast.checkout, target=120)
    make_check_in(kr, 30, author=cast.bob)
    search = make_objective(
        quarter, "Win back lapsed buyers before the sales", owner=cast.charlie, units=[cast.search]
    )
    search_kr = make_key_result(
        search, "Bring 80 lapsed buyers back to search", owner_unit=cast.search, target=80
    )
    make_check_in(search_kr, 20, author=cast.charlie)
    return checkout, search


def test_accepting_makes_one_shared_objective_with_every_key_result(
    cast: Cast, quarter: Period, pair: tuple[Objective, Objective]
) -> None:
    checkout, search = pair
    child = make_objective(quarter, "Reminder mails", owner=cast.charlie, units=[cast.search])
    child.parent_objectives.add(search)
    proposal = actions.propose_merge(cast.bob, checkout, search)
    assert proposal.unit == cast.search
    assert not checkout.units.filter(pk=cast.search.pk).exists()  # not before it is accepted
    actions.accept_proposal(cast.charlie, proposal)
    checkout.refresh_from_db()
    search.refresh_from_db()
    assert set(checkout.units.all()) == {cast.checkout, cast.search}
    owners = dict(checkout.key_results.values_list("title", "owner_unit__name"))
    assert owners == {
        "Win back 120 buyers": "Checkout",
        "Bring 80 lapsed buyers back to search": "Search",
    }
    assert CheckIn.objects.filter(key_result__objective=checkout).count() == 2
    assert search.status == Status.DROPPED and "Merged into" in search.closing_note
    assert list(child.parent_objectives.all()) == [checkout]
    fields = set(Change.objects.filter(objective=checkout).values_list("field", flat=True))
    assert {"merge proposed", "merged with", "key result joined"} <= fields
    agreed = Change.objects.get(objective=checkout, field="merged with")
    assert agreed.author == cast.charlie and "agreed by Charlie Chen" in agreed.new
    assert Change.objects.filter(objective=search, field="merged into").exists()


def test_declining_needs_a_note_and_is_recorded_on_both(
    cast: Cast, pair: tuple[Objective, Objective]
) -> None:
    checkout, search = pair
    proposal = actions.propose_merge(cast.bob, checkout, search)
    with pytest.raises(ValidationError, match="Say why"):
        actions.decline_proposal(cast.charlie, proposal, note=" ")
    actions.decline_proposal(cast.charlie, proposal, note="Ours is about the spring sales")
    for side in pair:
        assert Change.objects.filter(
            objective=side, field="proposal declined", reason="Ours is about the spring sales"
        ).exists()
    assert checkout.units.count() == 1 and KeyResult.objects.filter(objective=search).count() == 1


def test_bad_merges_are_refused(
    cast: Cast, quarter: Period, year: Period, pair: tuple[Objective, Objective]
) -> None:
    checkout, search = pair
    with pytest.raises(PermissionDenied):
        actions.propose_merge(cast.dana, checkout, search)
    with pytest.raises(ValidationError, match="itself"):
        actions.propose_merge(cast.bob, checkout, checkout)
    annual = make_objective(
        year, "Win back buyers this year", owner=cast.charlie, units=[cast.search]
    )
    with pytest.raises(ValidationError, match="same period"):
        actions.propose_merge(cast.bob, checkout, annual)
    actions.propose_merge(cast.bob, checkout, search)
    with pytest.raises(ValidationError, match="proposed already"):
        actions.propose_merge(cast.charlie, search, checkout)
    with pytest.raises(PermissionDenied):
        actions.accept_proposal(cast.dana, Proposal.objects.get())
    assert Proposal.objects.count() == 1


def test_a_merge_that_would_make_a_loop_is_refused_and_changes_nothing(
    cast: Cast, quarter: Period, pair: tuple[Objective, Objective]
) -> None:
    checkout, search = pair
    middle = make_objective(quarter, "Buyers come back", owner=cast.alice, units=[cast.checkout])
    middle.parent_objectives.add(checkout)  # middle → checkout
    search.parent_objectives.add(middle)  # search → middle: merged, checkout → middle → checkout
    proposal = actions.propose_merge(cast.bob, checkout, search)
    with pytest.raises(ValidationError, match="loop"):
        actions.accept_proposal(cast.charlie, proposal)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.OPEN
    assert checkout.units.count() == 1 and search.key_results.count() == 1


def test_the_report_offers_it_in_one_step_and_then_shows_it_proposed(
    client: Client, cast: Cast, quarter: Period, pair: tuple[Objective, Objective]
) -> None:
    checkout, _ = pair
    # The report pairs objectives of different departments: Finance chases the same buyers.
    Membership.objects.create(person=cast.charlie, unit=cast.finance)
    search = make_objective(
        quarter, "Win back lapsed buyers before renewals", owner=cast.charlie, units=[cast.finance]
    )
    reports = f"{reverse('alignment:reports')}?period={quarter.slug}"
    client.force_login(cast.bob)
    html = client.get(reports).content.decode()
    assert "Propose one shared objective" in html
    response = client.post(
        reverse("planning:merge-propose", args=[checkout.pk]), {"other": search.pk, "next": reports}
    )
    assert response.status_code == 302 and response["Location"] == reports
    proposal = Proposal.objects.get(kind=Proposal.Kind.MERGE)
    assert (proposal.objective, proposal.other_objective) == (checkout, search)
    html = client.get(reports).content.decode()
    assert "Proposed to Finance" in html and "Propose one shared objective" not in html
    client.force_login(cast.charlie)
    assert "one shared objective" in client.get(reverse("planning:proposal-list")).content.decode()
    page = client.get(search.get_absolute_url()).content.decode()
    assert "One shared objective proposed" in page
    client.post(reverse("planning:proposal-accept", args=[proposal.pk]))
    assert checkout.units.count() == 2
