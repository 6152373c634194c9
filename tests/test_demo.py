"""The demo organisation and `waypoint demo`: shape, idempotence, logins, planted problems."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from waypoint.cadence.models import (
    BacklogItem,
    BacklogReview,
    Commitment,
    Kpi,
    KpiReading,
    Meeting,
    Score,
)
from waypoint.coach.service import diagnose_period
from waypoint.demo import DELIBERATE_PROBLEMS, DEMO_LOGINS, DemoSummary, load_demo
from waypoint.domain.periods import previous_quarter, quarter_of, year_of
from waypoint.okrs.models import Change, CheckIn, KeyResult, Objective, Period, Status
from waypoint.orgs.models import Membership, Organisation, OrgEvent, Person, Unit
from waypoint.personal.models import PersonalGoal

PASSWORD = "demo-secret"

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def everything() -> dict[str, int]:
    models = (
        Unit,
        Person,
        Membership,
        Period,
        Objective,
        KeyResult,
        CheckIn,
        Change,
        Score,
        Commitment,
        Meeting,
        BacklogItem,
        Kpi,
        KpiReading,
        PersonalGoal,
        Organisation,
        OrgEvent,
        BacklogReview,
    )
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def summary() -> DemoSummary:
    return load_demo(today(), PASSWORD)


def current_quarter() -> Period:
    return Period.objects.get(slug=quarter_of(today()).slug)


def test_loading_twice_duplicates_nothing(summary: DemoSummary) -> None:
    before = everything()
    again = load_demo(today(), PASSWORD)
    assert again == summary
    assert everything() == before


def test_the_organisation_is_named_and_its_name_is_shown_on_login_and_in_settings(
    summary: DemoSummary, client: Client
) -> None:
    [organisation] = Organisation.objects.all()
    assert organisation.name == "Tidewater Software"
    assert "Log in to Tidewater Software" in client.get("/accounts/login/").content.decode()
    client.force_login(Person.objects.get(username="admin"))
    page = client.get("/organisation/settings/").content.decode()
    assert 'value="Tidewater Software"' in page
    load_demo(today(), PASSWORD)  # a reload keeps what an administrator may have changed
    assert Organisation.objects.get().name == "Tidewater Software"


def test_held_meetings_keep_the_agenda_they_had(summary: DemoSummary) -> None:
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    assert held.exists() and not held.filter(held_agenda__isnull=True).exists()


def test_search_cancelled_twice_and_its_health_page_says_so(
    summary: DemoSummary, client: Client
) -> None:
    client.force_login(Person.objects.get(username="admin"))
    page = client.get(reverse("coach:unit-health", args=["search"])).content.decode()
    assert "last 2 weekly meetings did not happen" in page
    assert "Clarify the purpose of the meeting and recommit" in page


def test_it_has_departments_including_supporting_ones(summary: DemoSummary) -> None:
    departments = Unit.objects.filter(kind=Unit.Kind.DEPARTMENT)
    assert 4 <= departments.count() <= 6
    assert departments.filter(is_supporting=True).count() >= 2
    assert Unit.objects.filter(kind=Unit.Kind.TEAM).count() >= 12
    assert Unit.objects.filter(kind=Unit.Kind.COMPANY).count() == 1


def test_it_has_one_cross_functional_virtual_team(summary: DemoSummary) -> None:
    virtual = Unit.objects.get(kind=Unit.Kind.VIRTUAL)
    assert virtual.member_units.count() >= 3
    assert virtual.memberships.count() >= 4
    assert virtual.objectives.exists()


def test_it_has_the_people_from_the_user_journeys(summary: DemoSummary) -> None:
    assert summary.people >= 60
    admin = Person.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert Person.objects.get(username="maya").level == Person.Level.SENIOR
    assert Person.objects.get(username="raj").level == Person.Level.LEADERSHIP
    assert Membership.objects.filter(
        person__username="lena", unit__slug="checkout", role=Membership.Role.LEAD
    ).exists()
    assert Membership.objects.filter(person__username="tom", unit__slug="checkout").exists()
    assert Membership.objects.get(person__username="ana", unit__slug="finance").unit.is_supporting
    assert not Person.objects.filter(first_name="").exists()


def test_it_has_annual_goals_and_two_quarters(summary: DemoSummary) -> None:
    current = quarter_of(today())
    previous = previous_quarter(current)
    annual = Objective.objects.filter(period__slug=year_of(today()).slug, units__kind="company")
    assert 3 <= annual.count() <= 4
    past = Objective.objects.filter(period__slug=previous.slug)
    assert past.exists()
    assert set(past.values_list("status", flat=True)) <= {
        Status.ACHIEVED,
        Status.PARTIAL,
        Status.MISSED,
    }
    assert not past.filter(score__isnull=True).exists()
    assert Objective.objects.filter(period__slug=current.slug, status=Status.ACTIVE).count() > 20


def test_it_has_at_least_ten_weeks_of_check_ins(summary: DemoSummary) -> None:
    quarters = [quarter_of(today()), previous_quarter(quarter_of(today()))]
    moments = CheckIn.objects.filter(
        key_result__objective__period__slug__in=[q.slug for q in quarters]
    ).values_list("at", flat=True)
    assert len({moment.isocalendar()[:2] for moment in moments}) >= 10


def test_check_ins_refresh_their_key_results(summary: DemoSummary) -> None:
    for kr in KeyResult.objects.exclude(last_checked_in_at=None)[:20]:
        latest = kr.check_ins.order_by("-at").first()
        assert (kr.current, kr.confidence, kr.last_checked_in_at) == (
            latest.value,
            latest.confidence,
            latest.at,
        )


def test_every_key_result_keeps_the_progress_its_values_give(summary: DemoSummary) -> None:
    stored = list(KeyResult.objects.all())
    assert [kr.progress_display for kr in stored] == [kr.measured_progress() for kr in stored]
    assert any(kr.progress_display is not None for kr in stored)


def test_it_has_a_shared_objective_owned_by_two_units(summary: DemoSummary) -> None:
    shared = Objective.objects.annotate(owners=Count("units")).filter(owners__gte=2)
    assert shared.filter(period__slug=quarter_of(today()).slug).exists()


def test_every_objective_was_recorded_as_created(summary: DemoSummary) -> None:
    created = Change.objects.filter(field="created").values_list("objective_id", flat=True)
    assert set(created) == set(Objective.objects.values_list("pk", flat=True))


def test_every_key_result_has_one_owner_team_and_a_target(summary: DemoSummary) -> None:
    assert not KeyResult.objects.filter(owner_unit=None).exists()
    assert not KeyResult.objects.filter(target=None).exists()


def test_the_planted_problems_exist(summary: DemoSummary) -> None:
    period = current_quarter()
    for problem in DELIBERATE_PROBLEMS:
        if problem.subject == "unit":
            assert Unit.objects.filter(slug=problem.title).exists()
        elif problem.subject == "objective":
            assert Objective.objects.filter(period=period, title=problem.title).exists()
        else:
            assert KeyResult.objects.filter(
                objective__period=period, title=problem.title, owner_unit__slug=problem.unit
            ).exists()


def _finding_title(subject: str, subject_id: int) -> str:
    if subject == "unit":
        return Unit.objects.get(pk=subject_id).slug
    if subject == "objective":
        return Objective.objects.get(pk=subject_id).title
    return KeyResult.objects.get(pk=subject_id).title


def test_the_coach_flags_exactly_the_planted_problems(summary: DemoSummary) -> None:
    period = current_quarter()
    expected = sorted(
        (p.code, p.subject, p.title)
        for p in DELIBERATE_PROBLEMS
        if p.visible(period.start, period.end, today())
    )
    findings = diagnose_period(period, today=today()).findings
    found = sorted((f.code, f.subject, _finding_title(f.subject, f.subject_id)) for f in findings)
    assert found == expected


def test_demo_command_prints_the_logins() -> None:
    out = StringIO()
    call_command("demo", "--no-serve", "--password", PASSWORD, stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:" in text
    assert PASSWORD in text
    for login in DEMO_LOGINS:
        assert login.username in text and login.role in text


def test_admin_logs_in_with_the_demo_password(summary: DemoSummary) -> None:
    client = Client()
    assert client.login(username="admin", password=PASSWORD)
    assert client.login(username="tom", password=PASSWORD)
    assert not client.login(username="admin", password="wrong")


def test_reloading_with_another_password_changes_it(summary: DemoSummary) -> None:
    load_demo(today(), "another-secret")
    assert Client().login(username="maya", password="another-secret")


def test_finance_supports_sales_and_two_departments_chase_one_goal(summary: DemoSummary) -> None:
    from waypoint.alignment import reports
    from waypoint.alignment.models import SupportLink

    link = SupportLink.objects.select_related("objective", "unit").get()
    assert (link.objective.kind, link.unit.slug) == ("support", "sales-marketing")
    assert link.objective.units.get().slug == "finance"
    found = reports.build(current_quarter())
    pairs = {(p.first.title, p.second.title) for p in found.fragmentation}
    assert (
        "Win back lapsed enterprise customers",
        "Win back lapsed enterprise customers before the renewal season",
    ) in pairs
