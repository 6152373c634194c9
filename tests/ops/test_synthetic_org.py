"""The benchmarks' synthetic organisation (bench/synthetic.py) is one the app could have made:
the model's invariants hold, the denormalised fields agree with the rows they summarise, the
pages a team lead opens answer, and the same seed writes the same organisation."""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import OuterRef, Subquery
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from waypoint.alignment.models import SupportLink
from waypoint.cadence.models import Commitment, Kpi, KpiReading, Meeting
from waypoint.domain import progress as dp
from waypoint.okrs.models import Change, CheckIn, KeyResult, Objective, Status
from waypoint.orgs.models import Membership, Person, Unit

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from synthetic import PASSWORD, SyntheticOrg, build  # noqa: E402

PEOPLE = 200
pytestmark = pytest.mark.django_db(transaction=True)


def _build(seed: int = 7) -> SyntheticOrg:
    return build(PEOPLE, timezone.localdate(), seed=seed)


def _digest() -> str:
    """Everything the builder wrote, ids taken relative to the first of their table."""
    first = {
        model: model.objects.order_by("id").values_list("id", flat=True).first() or 0
        for model in (Unit, Person, Objective, KeyResult)
    }

    def rel(model: type, pk: int | None) -> int | None:
        return None if pk is None else pk - first[model]

    lines = []
    for u in Unit.objects.order_by("id"):
        lines.append(("unit", rel(Unit, u.id), u.kind, u.name, u.slug, rel(Unit, u.parent_id)))
    for m in Membership.objects.order_by("unit_id", "person_id"):
        lines.append(("member", rel(Unit, m.unit_id), rel(Person, m.person_id), m.role))
    for o in Objective.objects.order_by("id").prefetch_related(
        "units", "parent_objectives", "parent_key_results"
    ):
        lines.append(
            (
                "objective", rel(Objective, o.id), o.period.slug, o.title, rel(Person, o.owner_id),
                o.status, str(o.score), sorted(rel(Unit, u.id) for u in o.units.all()),
                sorted(rel(Objective, p.id) for p in o.parent_objectives.all()),
                sorted(rel(KeyResult, k.id) for k in o.parent_key_results.all()),
            )
        )  # fmt: skip
    for k in KeyResult.objects.order_by("id"):
        lines.append(
            (
                "kr", rel(KeyResult, k.id), rel(Objective, k.objective_id), k.title,
                rel(Unit, k.owner_unit_id), str(k.current), k.confidence, str(k.last_checked_in_at),
                k.status, str(k.score),
            )
        )  # fmt: skip
    for c in CheckIn.objects.order_by("key_result_id", "at", "id"):
        lines.append(("check-in", rel(KeyResult, c.key_result_id), str(c.value), str(c.at)))
    for model in (Commitment, Meeting, Kpi, KpiReading, SupportLink, Change):
        lines.append((model.__name__, model.objects.count()))
    return hashlib.sha256(repr(lines).encode()).hexdigest()


def test_the_organisation_has_the_shape_asked_for() -> None:
    org = _build()
    assert Person.objects.count() == PEOPLE == org.people
    assert len(org.teams) == PEOPLE // 8
    assert org.divisions and len(org.departments) >= 3 and org.virtual_teams
    assert any(d.is_supporting for d in org.departments)
    team_sizes = [Membership.objects.filter(unit=t).count() for t in org.teams]
    assert min(team_sizes) >= 3 and 6 <= sum(team_sizes) / len(team_sizes) <= 9
    for squad in org.virtual_teams:  # made of teams of several departments
        parents = set(squad.member_units.values_list("parent_id", flat=True))
        assert len(parents) >= 2
        assert squad.memberships.filter(role=Membership.Role.LEAD).count() == 1
    assert len(org.quarters) == 4
    for quarter in org.quarters:
        for team in org.teams:
            own = Objective.objects.filter(period=quarter, units=team)
            assert own.count() >= 3
            assert all(o.key_results.count() == 3 for o in own)
    shared = [o for o in Objective.objects.filter(period=org.current) if o.units.count() > 1]
    assert shared, "some objectives are shared by sibling teams"
    assert SupportLink.objects.exists()
    assert Commitment.objects.filter(status=Commitment.Status.OPEN).exists()
    statuses = set(Meeting.objects.values_list("status", flat=True))
    assert {"held", "cancelled", "scheduled"} <= statuses
    assert KpiReading.objects.exists()


def test_invariants_of_the_model_hold() -> None:
    org = _build()
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    members = {}
    for squad in Unit.objects.filter(kind=Unit.Kind.VIRTUAL):
        members[squad.id] = set(squad.member_units.values_list("id", flat=True))

    def under(unit: int, owners: set[int]) -> bool:
        while unit is not None:
            if unit in owners:
                return True
            unit = parents[unit]
        return False

    for objective in Objective.objects.prefetch_related("units", "key_results"):
        owners = {u.id for u in objective.units.all()}
        for kr in objective.key_results.all():  # KR owner team is an owner or under one
            assert under(kr.owner_unit_id, owners), (objective, kr)
        # the owner belongs to (leads) one of the owning units
        assert Membership.objects.filter(person=objective.owner, unit__in=owners).exists()
        if len(owners) > 1:  # shared by siblings; each owns key results
            assert len({parents[u] for u in owners}) == 1
            assert {kr.owner_unit_id for kr in objective.key_results.all()} == owners
    # no cycles: every link goes to a unit higher up or to a longer period
    edges: dict[int, set[int]] = {}
    through = Objective.parent_objectives.through.objects.values_list(
        "from_objective_id", "to_objective_id"
    )
    for child, parent in through:
        edges.setdefault(child, set()).add(parent)
    for child, parent in Objective.parent_key_results.through.objects.values_list(
        "objective_id", "keyresult__objective_id"
    ):
        edges.setdefault(child, set()).add(parent)
    state: dict[int, int] = {}

    def visit(node: int) -> None:
        state[node] = 1
        for nxt in edges.get(node, ()):
            assert state.get(nxt) != 1, f"cycle through objective {nxt}"
            if nxt not in state:
                visit(nxt)
        state[node] = 2

    for node in list(edges):
        if node not in state:
            visit(node)
    assert edges
    # support goals are the supporting units' and serve someone
    for link in SupportLink.objects.select_related("objective"):
        assert link.objective.kind == Objective.Kind.SUPPORT
        assert link.objective.units.filter(is_supporting=True).exists()
    assert org.team_lead.check_password(PASSWORD)


def test_denormalised_fields_agree_with_their_rows() -> None:
    org = _build()
    newest = CheckIn.objects.filter(key_result=OuterRef("pk")).order_by("-at", "-id")
    krs = KeyResult.objects.annotate(
        v=Subquery(newest.values("value")[:1]),
        c=Subquery(newest.values("confidence")[:1]),
        a=Subquery(newest.values("at")[:1]),
    )
    assert krs.count() > 1000
    for kr in krs:
        assert (kr.current, kr.confidence, kr.last_checked_in_at) == (kr.v, kr.c, kr.a), kr.pk
        assert kr.progress_display == kr.measured_progress(), kr.pk
    assert KeyResult.objects.filter(current__isnull=True).count() < KeyResult.objects.count() / 10
    today = timezone.localdate()
    closed = Objective.objects.filter(period__end__lt=today).prefetch_related("key_results")
    assert closed.exists()
    for objective in closed:  # closed as close_objective / close_key_result would
        assert objective.status != Status.ACTIVE and objective.closed_at is not None
        assert objective.score == Decimal(str(round(objective.progress.display, 1)))
        assert objective.changes.filter(field="status").count() == 1
        for kr in objective.key_results.all():
            assert kr.status != Status.ACTIVE
            assert kr.score == Decimal(str(dp.default_score(kr.to_measure())))
    open_ = Objective.objects.filter(period=org.current)
    assert not open_.exclude(status=Status.ACTIVE).exists()
    assert Change.objects.filter(field="created").count() == Objective.objects.count()
    assert Change.objects.filter(field="key result added").count() == KeyResult.objects.count()
    assert CheckIn.objects.filter(at__gt=timezone.now()).count() == 0


def test_a_team_lead_of_the_built_organisation_gets_the_pages() -> None:
    org = _build()
    client = Client()
    assert client.login(username=org.team_lead.username, password=PASSWORD)
    team = org.teams[0]
    kr = org.sample_objective.key_results.first()
    for url in (
        reverse("okrs:home"),
        team.get_absolute_url(),
        org.departments[0].get_absolute_url(),
        org.sample_objective.get_absolute_url(),
        reverse("okrs:my-okrs"),
        reverse("coach:health"),
        f"/coach/health/{team.slug}/",
        f"/units/{team.slug}/check-ins/",
        "/inbox/",
        "/alignment/map-data/",
        org.virtual_teams[0].get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    value = kr.current + Decimal("0.1")
    response = client.post(
        f"/key-results/{kr.pk}/check-ins/", {"value": str(value), "confidence": "7"}
    )
    assert response.status_code < 400
    kr.refresh_from_db()
    assert kr.current == value


def test_the_same_seed_writes_the_same_organisation() -> None:
    _build(seed=7)
    first = _digest()
    call_command("flush", interactive=False, verbosity=0)
    _build(seed=7)
    assert _digest() == first
    call_command("flush", interactive=False, verbosity=0)
    _build(seed=8)
    assert _digest() != first


def test_four_quarters_reaching_into_last_year() -> None:
    """Early in January the four quarters reach into last year: both years get their annual
    period and company objectives, and every link stays within its year."""
    org = build(PEOPLE, date(2027, 1, 3))
    assert [q.slug for q in org.quarters] == ["2026-q2", "2026-q3", "2026-q4", "2027-q1"]
    assert org.annual.slug == "2027"
    assert Objective.objects.filter(period__slug="2026", units=org.company).count() == 3
    for child, parent_period in Objective.parent_key_results.through.objects.values_list(
        "objective__period__start", "keyresult__objective__period__start"
    ):
        assert child.year == parent_period.year
    # the current quarter began two days ago: no check-ins yet, nothing closed
    assert not CheckIn.objects.filter(key_result__objective__period=org.current).exists()
    assert not Objective.objects.filter(period=org.current).exclude(status=Status.ACTIVE).exists()
