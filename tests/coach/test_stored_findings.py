"""Findings are data: stored, kept current by each write, and read by pages without diagnosing.

After any sequence of writes the stored objective- and unit-scope findings are exactly what a
full diagnosis of the same data finds; organisation-scope findings are never stale (each one
stored is still found), and the background rebuild brings them all back."""

from __future__ import annotations

import html
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.coach.conftest import Planted, login
from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.cadence.models import Meeting
from waypoint.coach import refresh
from waypoint.coach.actions import dismiss_finding
from waypoint.coach.models import Finding
from waypoint.coach.snapshot import build_snapshot
from waypoint.coach.tasks import rebuild_running_periods
from waypoint.domain import diagnosis as dx
from waypoint.domain.diagnosis.engine import scope_of
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.models import Objective, Period
from waypoint.ops.queue import run_due_tasks

INCREMENTAL = {"objective", "unit"}


def _key(f: object) -> tuple[object, ...]:
    return (
        f.code,
        f.subject,
        f.subject_id,
        f.level,
        f.severity,
        tuple(f.unit_ids),
        f.what,
        f.fix,
    )


def stored(period: Period, scopes: set[str]) -> set[tuple[object, ...]]:
    refresh.flush()
    return {_key(f) for f in Finding.objects.filter(period=period, scope__in=scopes)}


def diagnosed(period: Period, scopes: set[str]) -> set[tuple[object, ...]]:
    findings = dx.diagnose(build_snapshot(period), today=timezone.localdate())
    return {_key(f) for f in findings if scope_of(f.code) in scopes}


def assert_current(period: Period) -> None:
    """Objective and unit findings exactly as a full diagnosis finds them; no organisation
    finding that a full diagnosis no longer finds."""
    assert stored(period, INCREMENTAL) == diagnosed(period, INCREMENTAL)
    assert stored(period, {"organisation"}) <= diagnosed(period, {"organisation"})


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_every_check_has_a_scope() -> None:
    scopes = {check.code: check.scope for check in dx.CHECKS}
    assert set(scopes.values()) <= set(dx.engine.SCOPES)
    assert scopes["disconnected.fragmented"] == "organisation"
    assert scopes["activity.output-kr"] == "objective"
    assert scopes["big.too-many-objectives"] == "unit"
    assert scopes["sandbagging.always-full"] == "unit"  # reads one unit's learning loop


def test_a_sequence_of_writes_keeps_stored_findings_equal_to_a_full_diagnosis(
    cast: Cast, quarter: Period, planted: Planted
) -> None:
    assert_current(quarter)
    okr_actions.record_check_in(cast.bob, planted.good_kr, value=Decimal("2.5"), confidence=7)
    assert_current(quarter)
    okr_actions.change_key_result(
        cast.bob,
        planted.bad_kr,
        {"title": "Raise blog-led signups from 40 to 90 a week", "baseline": Decimal(40)},
        reason="Measure the outcome.",
    )
    assert_current(quarter)
    # Over the ideal: two more objectives for Checkout (four in all), with no key results.
    for n in range(2):
        okr_actions.create_objective(
            cast.alice,
            period=quarter,
            title=f"Delight returning shoppers, part {n}",
            owner=cast.bob,
            units=[cast.checkout],
        )
    assert_current(quarter)
    assert Finding.objects.filter(
        code="big.too-many-objectives", subject="unit", subject_id=cast.checkout.pk
    ).exists()
    newest = Objective.objects.filter(title__startswith="Delight returning").last()
    okr_actions.close_objective(cast.alice, newest, status="dropped", note="Too many.")
    assert_current(quarter)
    # The company goal closes: the objectives linked to it now contribute to a closed goal.
    okr_actions.close_objective(
        cast.admin, planted.company_goal, status="achieved", note="Done.", score=Decimal("1")
    )
    assert_current(quarter)
    assert Finding.objects.filter(
        code="disconnected.closed-parent", subject_id=planted.good.pk
    ).exists()
    okr_actions.reopen(cast.admin, planted.company_goal, reason="Not quite.")
    assert_current(quarter)
    okr_actions.change_objective(
        cast.alice, planted.good, {"parent_objectives": []}, reason="Standalone for now."
    )
    assert_current(quarter)
    okr_actions.change_objective(
        cast.admin, planted.good, {"units": [cast.checkout, cast.search]}, reason="Shared."
    )
    assert_current(quarter)
    okr_actions.change_objective(
        cast.admin, planted.good, {"units": [cast.search]}, reason="Search's now."
    )
    assert_current(quarter)


def test_an_objective_created_with_the_factories_is_checked_without_any_rebuild(
    cast: Cast, quarter: Period
) -> None:
    objective = make_objective(quarter, "Keep the lights on", owner=cast.bob, units=[cast.checkout])
    make_key_result(objective, "Launch the new status page", owner_unit=cast.checkout)
    assert_current(quarter)
    assert Finding.objects.filter(objective_id=objective.pk).exists()


def test_a_check_in_removes_the_no_check_in_finding_from_the_objective_page_at_once(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    if timezone.localdate() - quarter.start <= timedelta(days=21):
        pytest.skip("set-and-forget only speaks after two missed cadences")
    objective = make_objective(
        quarter, "Make returns painless", owner=cast.bob, units=[cast.checkout]
    )
    kr = make_key_result(
        objective,
        "Cut return handling time from 9 to 3 days",
        owner_unit=cast.checkout,
        baseline=9,
        target=3,
    )
    login(client, cast.bob)
    before = page(client, objective.get_absolute_url())
    assert "has had no check-in this period" in before
    response = client.post(
        reverse("okrs:check-in", args=[kr.pk]), {"value": "8", "confidence": "6"}
    )
    assert response.status_code == 302
    assert "has had no check-in" not in page(client, objective.get_absolute_url())
    assert_current(quarter)


def test_an_edit_removes_the_finding_from_the_pages_at_once(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    login(client, cast.alice)
    health = reverse("coach:unit-health", args=[cast.checkout.slug]) + f"?period={quarter.slug}"
    assert "Publish 4 blog posts" in page(client, health)
    okr_actions.change_key_result(
        cast.alice,
        planted.bad_kr,
        {"title": "Raise blog-led signups from 40 to 90 a week", "baseline": Decimal(40)},
        reason="Measure the outcome.",
    )
    assert "Publish 4 blog posts" not in page(client, health)
    assert "describes work to finish" not in page(client, planted.bad.get_absolute_url())


def test_a_dismissal_hides_the_stored_finding_at_once_and_keeps_it_stored(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    login(client, cast.alice)
    assert "describes work to finish" in page(client, planted.bad.get_absolute_url())
    dismiss_finding(
        cast.alice,
        code="activity.output-kr",
        subject="key_result",
        subject_id=planted.bad_kr.pk,
        reason="The launch plan is the point this quarter.",
    )
    assert "describes work to finish" not in page(client, planted.bad.get_absolute_url())
    assert Finding.objects.filter(code="activity.output-kr", subject_id=planted.bad_kr.pk).exists()


def test_pages_read_stored_findings_and_never_run_the_checks(
    client: Client, cast: Cast, quarter: Period, planted: Planted, monkeypatch: pytest.MonkeyPatch
) -> None:
    refresh.flush()

    def refuse(*args: object, **kwargs: object) -> list[dx.Finding]:
        raise AssertionError("a page ran the coach")

    monkeypatch.setattr(dx, "diagnose", refuse)
    login(client, cast.alice)
    for url in (
        reverse("coach:health"),
        reverse("coach:unit-health", args=[cast.checkout.slug]),
        planted.bad.get_absolute_url(),
        cast.checkout.get_absolute_url(),
        reverse("cadence:inbox"),
        "/api/v1/findings",
    ):
        assert client.get(url).status_code == 200, url


def _fragmented(cast: Cast, quarter: Period) -> tuple[Objective, Objective]:
    first = make_objective(
        quarter, "Win back lapsed enterprise customers", owner=cast.bob, units=[cast.checkout]
    )
    second = make_objective(
        quarter, "Win back lapsed enterprise customers fast", owner=cast.dana, units=[cast.finance]
    )
    return first, second


def test_the_background_task_finds_fragmentation_and_an_edit_clears_it_at_once(
    cast: Cast, quarter: Period, planted: Planted
) -> None:
    first, second = _fragmented(cast, quarter)
    refresh.flush()
    fragmented = Finding.objects.filter(code="disconnected.fragmented")
    assert not fragmented.exists()  # organisation-wide: not re-checked by the write itself
    if quarter.start <= timezone.localdate() <= quarter.end:
        rebuild_running_periods.enqueue()
        assert run_due_tasks() >= 1
    else:
        call_command("coach_refresh", period=quarter.slug)
    assert fragmented.filter(subject_id=first.pk, other_objective_id=second.pk).exists()
    assert_current(quarter)
    assert stored(quarter, {"organisation"}) == diagnosed(quarter, {"organisation"})
    # Renaming the second objective makes the pair's finding stale: it goes with the edit.
    okr_actions.change_objective(
        cast.admin, second, {"title": "Close the books in three days"}, reason="Not the same."
    )
    refresh.flush()
    assert not fragmented.exists()
    assert_current(quarter)


def test_a_meeting_cancelled_twice_is_a_unit_finding_without_any_rebuild(
    cast: Cast, quarter: Period, planted: Planted
) -> None:
    today = timezone.localdate()
    if not quarter.start + timedelta(days=14) <= today <= quarter.end:
        pytest.skip("the rhythm checks speak while the quarter runs")
    now = timezone.now()
    meetings = [
        Meeting.objects.create(
            unit=cast.checkout, kind="weekly", scheduled_for=now + timedelta(days=d)
        )
        for d in (-9, -2)
    ]
    assert_current(quarter)
    for meeting in meetings:
        meeting.status = Meeting.Status.CANCELLED
        meeting.save()
    assert_current(quarter)
    assert Finding.objects.filter(
        code="set_and_forget.meetings-slipping", subject_id=cast.checkout.pk
    ).exists()


def test_coach_refresh_rebuilds_every_period_and_reports_counts(
    cast: Cast, quarter: Period, planted: Planted, capsys: pytest.CaptureFixture[str]
) -> None:
    Finding.objects.all().delete()
    call_command("coach_refresh")
    out = capsys.readouterr().out
    assert f"{quarter.slug}: " in out
    assert stored(quarter, {"objective", "unit", "organisation"}) == diagnosed(
        quarter, {"objective", "unit", "organisation"}
    )


def test_a_rebuild_writes_only_what_changed_and_keeps_when_a_finding_was_first_seen(
    cast: Cast, quarter: Period, planted: Planted
) -> None:
    first, second = _fragmented(cast, quarter)
    call_command("coach_refresh", period=quarter.slug)
    before = {f.pk: (_key(f), f.first_seen) for f in Finding.objects.filter(period=quarter)}
    assert before
    with CaptureQueriesContext(connection) as queries:
        call_command("coach_refresh", period=quarter.slug)
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "DELETE"))]
    assert not any("coach_finding" in sql for sql in writes), writes
    after = {f.pk: (_key(f), f.first_seen) for f in Finding.objects.filter(period=quarter)}
    assert after == before  # the same rows, untouched
    # A rename changes what the coach says about that objective and nothing else.
    okr_actions.change_objective(
        cast.admin, second, {"title": "Close the books in three days"}, reason="Not the same."
    )
    call_command("coach_refresh", period=quarter.slug)
    kept = {f.pk for f in Finding.objects.filter(period=quarter)} & set(before)
    elsewhere = {
        pk
        for pk, (key, _) in before.items()
        if key[2] != second.pk and key[0] != "disconnected.fragmented"
    }
    assert elsewhere <= kept  # not written again
    assert stored(quarter, {"objective", "unit", "organisation"}) == diagnosed(
        quarter, {"objective", "unit", "organisation"}
    )
    first_seen = {key[:3]: seen for key, seen in before.values()}
    for f in Finding.objects.filter(period=quarter):
        if (f.code, f.subject, f.subject_id) in first_seen:
            assert f.first_seen == first_seen[(f.code, f.subject, f.subject_id)]


def test_coach_refresh_refuses_an_unknown_period(db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No period with slug 'nope'"):
        call_command("coach_refresh", period="nope")


@pytest.mark.django_db(transaction=True)
def test_a_committed_check_in_re_checks_its_objective_before_the_response(
    client: Client, cast: Cast, quarter: Period
) -> None:
    """Outside a test's transaction, as in production: the re-check runs when the write
    commits, so the stored findings are current before anyone reads them."""
    objective = make_objective(
        quarter, "Make returns painless", owner=cast.bob, units=[cast.checkout]
    )
    kr = make_key_result(
        objective,
        "Cut return handling time from 9 to 3 days",
        owner_unit=cast.checkout,
        baseline=9,
        target=3,
    )
    finding = Finding.objects.filter(code="set_and_forget.no-check-in", subject_id=kr.pk)
    assert finding.exists() == (timezone.localdate() - quarter.start > timedelta(days=21))
    client.force_login(cast.bob)
    response = client.post(
        reverse("okrs:check-in", args=[kr.pk]), {"value": "8", "confidence": "6"}
    )
    assert response.status_code == 302
    assert not finding.exists()  # read straight from the table: no page flushed anything
    assert stored(quarter, INCREMENTAL) == diagnosed(quarter, INCREMENTAL)


def test_the_schedule_queues_a_rebuild_only_when_one_is_due(
    cast: Cast, quarter: Period, planted: Planted, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_tasks_db.models import DBTaskResult

    if not quarter.start <= timezone.localdate() <= quarter.end:
        pytest.skip("the schedule rebuilds the running periods")
    assert refresh.rebuild_due()
    assert refresh.queue_scheduled_rebuild()
    assert refresh.queue_scheduled_rebuild()  # still due, but one run is waiting: not two
    waiting = DBTaskResult.objects.ready().filter(task_path__endswith="rebuild_running_periods")
    assert waiting.count() == 1
    run_due_tasks()
    assert not refresh.rebuild_due()
    assert not refresh.queue_scheduled_rebuild()
    later = timezone.now() + timedelta(seconds=901)
    assert refresh.rebuild_due(later)
