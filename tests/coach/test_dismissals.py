"""Dismissing a coach finding: it needs a reason, it stays dismissed, and the history keeps it."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from tests.coach.conftest import Planted, login
from tests.conftest import Cast
from waypoint.coach.models import Dismissal
from waypoint.okrs.models import Change, Period

OUTPUT_KR = "activity.output-kr"


def health_url(cast: Cast, period: Period) -> str:
    return f"{reverse('coach:unit-health', args=[cast.checkout.slug])}?period={period.slug}"


def dismiss(client: Client, planted: Planted, **overrides: object):  # noqa: ANN201
    data: dict[str, object] = {
        "code": OUTPUT_KR,
        "subject": "key_result",
        "subject_id": planted.bad_kr.pk,
        "reason": "Our readers are our buyers; the posts are the launch plan for Q-end.",
        "next": "/coach/health/checkout/",
    }
    data.update(overrides)
    return client.post(reverse("coach:dismiss"), data)


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_dismissing_with_a_reason_hides_the_finding_on_health_and_on_the_objective(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    login(client, cast.alice)
    response = dismiss(client, planted, next=health_url(cast, quarter))
    assert response.status_code == 302
    assert response["Location"] == health_url(cast, quarter)
    health = page(client, response["Location"])
    assert "Finding dismissed; the reason is kept in the history." in health
    assert "Publish 4 blog posts" not in health
    assert "1 dismissed finding hidden." in health
    objective = page(client, planted.bad.get_absolute_url())
    assert "“Publish 4 blog posts” describes work to finish" not in objective
    assert "No findings: this objective is focused, measurable and connected." in objective


def test_a_dismissed_finding_stays_dismissed_on_reload(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    login(client, cast.bob)
    dismiss(client, planted)
    for _ in range(2):
        assert "Publish 4 blog posts" not in page(client, health_url(cast, quarter))
    company = page(client, f"{reverse('coach:health')}?period={quarter.slug}")
    assert "Publish 4 blog posts" not in company
    assert "Write 3 search tutorials" in company  # only the dismissed finding is hidden
    dismissal = Dismissal.objects.get()
    assert (dismissal.code, dismissal.subject, dismissal.subject_id, dismissal.author) == (
        OUTPUT_KR,
        "key_result",
        planted.bad_kr.pk,
        cast.bob,
    )


def test_dismissing_writes_a_change_row_with_the_reason_into_the_objective_history(
    client: Client, cast: Cast, planted: Planted
) -> None:
    login(client, cast.alice)
    dismiss(client, planted, reason="  Agreed with marketing: posts are the point.  ")
    change = Change.objects.get(objective=planted.bad, field="coach finding dismissed")
    assert (change.key_result, change.old, change.new, change.author) == (
        planted.bad_kr,
        OUTPUT_KR,
        "dismissed",
        cast.alice,
    )
    assert change.reason == "Agreed with marketing: posts are the point."
    history = page(client, planted.bad.get_absolute_url())
    assert "Coach finding dismissed" in history
    assert "“Agreed with marketing: posts are the point.”" in history


def test_dismissing_again_updates_the_reason_and_keeps_one_dismissal(
    client: Client, cast: Cast, planted: Planted
) -> None:
    login(client, cast.alice)
    dismiss(client, planted, reason="First reason")
    dismiss(client, planted, reason="Second reason")
    assert Dismissal.objects.get().reason == "Second reason"
    assert Change.objects.filter(field="coach finding dismissed").count() == 2


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_empty_reason_is_refused_with_a_clear_message_and_nothing_is_saved(
    client: Client, cast: Cast, quarter: Period, planted: Planted, reason: str
) -> None:
    login(client, cast.alice)
    changes = Change.objects.count()
    response = dismiss(client, planted, reason=reason, next=health_url(cast, quarter))
    assert response.status_code == 302
    health = page(client, response["Location"])
    assert "Say why this finding does not apply." in health
    assert "Publish 4 blog posts" in health
    assert not Dismissal.objects.exists()
    assert Change.objects.count() == changes


def test_an_outsider_cannot_dismiss_and_nothing_is_saved(
    client: Client, cast: Cast, planted: Planted
) -> None:
    login(client, cast.charlie)
    changes = Change.objects.count()
    response = dismiss(client, planted)
    assert response.status_code == 403
    assert not Dismissal.objects.exists()
    assert Change.objects.count() == changes


def test_an_outsider_cannot_dismiss_a_finding_on_an_objective_either(
    client: Client, cast: Cast, planted: Planted
) -> None:
    response = dismiss(
        login(client, cast.charlie),
        planted,
        code="disconnected.no-link",
        subject="objective",
        subject_id=planted.bad.pk,
    )
    assert response.status_code == 403
    assert not Dismissal.objects.exists()


def test_dismissing_needs_a_login(client: Client, planted: Planted) -> None:
    response = dismiss(client, planted)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Dismissal.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"code": "activity.no-such-check"},
        {"subject": "person"},
        {"subject_id": "not-a-number"},
        {"subject_id": ""},
    ],
)
def test_an_unknown_finding_is_refused_with_a_clear_message(
    client: Client, cast: Cast, quarter: Period, planted: Planted, overrides: dict
) -> None:
    login(client, cast.alice)
    response = dismiss(client, planted, next=health_url(cast, quarter), **overrides)
    assert response.status_code == 302
    assert "Unknown finding." in page(client, response["Location"])
    assert not Dismissal.objects.exists()
    assert not Change.objects.filter(field="coach finding dismissed").exists()


def test_a_finding_on_a_missing_subject_is_refused(
    client: Client, cast: Cast, planted: Planted
) -> None:
    response = dismiss(login(client, cast.admin), planted, subject_id=10_000)
    assert response.status_code == 403
    assert not Dismissal.objects.exists()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/steal", "http://evil.example"]
)
def test_the_next_redirect_refuses_external_urls(
    client: Client, cast: Cast, planted: Planted, target: str
) -> None:
    response = dismiss(login(client, cast.alice), planted, next=target)
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert Dismissal.objects.exists()  # the dismissal itself still counts


def test_dismissing_is_post_only(client: Client, cast: Cast, planted: Planted) -> None:
    assert login(client, cast.alice).get(reverse("coach:dismiss")).status_code == 405


def test_a_unit_health_page_counts_only_its_own_dismissed_findings(
    client: Client, cast: Cast, quarter: Period, planted: Planted
) -> None:
    login(client, cast.charlie)
    dismiss(client, planted, subject_id=planted.search_bad_kr.pk, reason="Docs are our product")
    assert Dismissal.objects.count() == 1
    checkout = page(client, health_url(cast, quarter))
    assert "dismissed finding" not in checkout
    search = page(
        client, f"{reverse('coach:unit-health', args=[cast.search.slug])}?period={quarter.slug}"
    )
    assert "1 dismissed finding hidden." in search
