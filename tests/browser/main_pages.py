"""The product's main pages, filled the way a team in mid-quarter fills them, for the browser
checks that must hold on every page (accessibility, phone layout)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page

from tests.factory import Cast, make_check_in, make_key_result, make_objective
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.orgs.models import Person
from waypoint.personal.models import PersonalGoal
from waypoint.seed import make_personal_goal, make_personal_key_result


@dataclass(frozen=True)
class Org:
    cast: Cast
    period: Period
    company_goal: Objective
    objective: Objective
    kr: KeyResult
    virtual_objective: Objective
    goal: PersonalGoal


def build_org(cast: Cast, period: Period) -> Org:
    """A company goal, a Checkout objective with charts, history and coach findings, a weak
    Search objective, a virtual-team objective and a personal goal: every chip, confidence
    band, chart and finding kind a page can show."""
    now = timezone.now()
    days_in = max(1, (timezone.localdate() - period.start).days)

    def ago(fraction: float) -> timezone.datetime:
        return now - timedelta(days=days_in * fraction)

    company_goal = make_objective(
        period, "Become the easiest shop to buy from", owner=cast.admin, units=[cast.company]
    )
    company_kr = make_key_result(
        company_goal,
        "Raise repeat purchase rate from 20% to 30%",
        owner_unit=cast.company,
        baseline=20,
        target=30,
        unit_label="%",
    )
    make_check_in(company_kr, 29, confidence=9, note="Loyalty mails", author=cast.admin)

    objective = make_objective(
        period,
        "Make checkout effortless on mobile",
        owner=cast.alice,
        units=[cast.checkout],
        description="Half our buyers are on phones, and most of them give up at payment.",
        parents=[company_goal],
    )
    kr = make_key_result(
        objective,
        "Raise mobile conversion from 2% to 3%",
        owner_unit=cast.checkout,
        baseline=2,
        target=3,
        unit_label="%",
        criteria="Measured in the weekly funnel report, mobile web and app together.",
    )
    for fraction, value, confidence in ((0.8, 2.1, 8), (0.5, 2.2, 5), (0.2, 2.3, 3)):
        make_check_in(
            kr,
            value,
            confidence=confidence,
            note="Apple Pay live",
            author=cast.bob,
            at=ago(fraction),
        )
    errors_kr = make_key_result(
        objective,
        "Cut payment errors from 1.2% to 0.4%",
        owner_unit=cast.checkout,
        baseline=1.2,
        target=0.4,
        unit_label="%",
    )
    make_check_in(errors_kr, 1.1, confidence=2, note="Card retries failing", author=cast.bob)
    okr_actions.change_objective(
        cast.alice,
        objective,
        {"description": objective.description + " Payment is where we lose them."},
        reason="Sharper after the funnel review",
    )
    done_kr = make_key_result(
        objective,
        "Ship one-tap reorder",
        owner_unit=cast.checkout,
        kind=KeyResult.Kind.COMPLETION,
    )
    make_check_in(done_kr, 1, confidence=10, author=cast.bob)

    weak = make_objective(
        period,
        "Shoppers find what they came for",
        owner=cast.charlie,
        units=[cast.search],
        parents=[company_goal],
    )
    make_key_result(
        weak,
        "Write 3 search tutorials",
        owner_unit=cast.search,
        kind=KeyResult.Kind.QUANTITY,
        target=3,
    )

    virtual_objective = make_objective(
        period,
        "One journey from search to paid order",
        owner=cast.dana,
        units=[cast.virtual],
        parent_krs=[company_kr],
    )
    journey_kr = make_key_result(
        virtual_objective,
        "Cut steps from search to paid from 9 to 5",
        owner_unit=cast.checkout,
        baseline=9,
        target=5,
    )
    make_check_in(journey_kr, 8, confidence=6, author=cast.dana)

    goal = make_personal_goal(
        cast.alice,
        "Get comfortable with our data pipeline",
        description="So I can read the funnel numbers myself.",
        period=period,
    )
    make_personal_key_result(goal, "Finish the SQL course", kind="completion")
    make_personal_key_result(
        goal, "Write 4 dashboards", kind="quantity", baseline=0, target=4, current=1
    )
    return Org(cast, period, company_goal, objective, kr, virtual_objective, goal)


def log_in(page: Page, person: Person) -> None:
    """Sign the browser in with a real session, without a trip through the login form."""
    client = Client()
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    host = urlsplit(page.url).hostname or "localhost"
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "domain": host, "path": "/"}]
    )


def invitation_link(org: Org, *, used: bool = False) -> str:
    """The link of an invitation alice sent to Checkout (already accepted when `used`)."""
    from waypoint.accounts.models import Invitation, token_digest

    token = f"main-pages-{'used' if used else 'open'}"
    Invitation.objects.get_or_create(
        digest=token_digest(token),
        defaults={
            "email": f"erin.{'used' if used else 'open'}@example.com",
            "unit": org.cast.checkout,
            "invited_by": org.cast.alice,
            "expires_at": timezone.now() + timedelta(days=7),
            "accepted_at": timezone.now() if used else None,
        },
    )
    return f"/accounts/invitations/{token}/"


def webhook_page(org: Org) -> str:
    """Checkout's webhook with a delivery log: one event delivered, one retrying."""
    from waypoint.hooks.actions import create_webhook
    from waypoint.hooks.models import Delivery, DeliveryAttempt, Webhook

    hook = Webhook.objects.filter(name="#team-checkout in Slack").first()
    if hook is None:
        hook = create_webhook(
            org.cast.alice,
            name="#team-checkout in Slack",
            url="https://hooks.example.com/services/checkout",
            unit=org.cast.checkout,
            categories=["check_in", "close"],
            format=Webhook.Format.SLACK,
        ).webhook
        now = timezone.now()
        done = Delivery.objects.create(
            webhook=hook,
            event="check_in.created",
            summary="Bob Baker checked in on “Raise mobile conversion” (Checkout): 2.3 of 3",
            body="{}",
            status=Delivery.Status.DELIVERED,
            attempts=1,
            delivered_at=now,
        )
        DeliveryAttempt.objects.create(delivery=done, number=1, status_code=200, duration_ms=84)
        retrying = Delivery.objects.create(
            webhook=hook,
            event="key_result.closed",
            summary="Alice Archer closed the key result “Ship one-tap reorder” as achieved",
            body="{}",
            attempts=1,
            next_attempt_at=now + timedelta(seconds=30),
        )
        DeliveryAttempt.objects.create(
            delivery=retrying,
            number=1,
            status_code=503,
            duration_ms=120,
            error="The receiver answered 503 Service Unavailable.",
        )
    return hook.get_absolute_url()


def next_quarter_planned(org: Org, page: str) -> str:
    """The next quarter with an objective of Product's and Checkout's back-brief to it (made
    once), and the URL of Checkout's planning page or Product's back-briefs."""
    from tests.factory import make_period
    from waypoint.planning import actions as planning
    from waypoint.planning.models import BackBrief

    start = org.period.end + timedelta(days=1)
    upcoming = Period.objects.filter(start=start, kind="quarter").first() or make_period(
        "quarter", "Next quarter", start, start + timedelta(days=89), "next-quarter"
    )
    cast = org.cast
    if not BackBrief.objects.filter(unit=cast.checkout, period=upcoming).exists():
        above = make_objective(
            upcoming, "Payments that never fail", owner=cast.admin, units=[cast.product]
        )
        planning.draft_contribution(cast.alice, cast.checkout, above)
        planning.write_back_brief(
            cast.alice,
            cast.checkout,
            upcoming,
            understood="Buyers leave when a payment fails or asks twice.",
            plan="Retry failed card payments and keep the basket across devices.",
            measures="First-try completion from 71% to 80%.",
            needs="A decision on the payment provider by week 2.",
            contributes_to=[above],
        )
    slug = cast.checkout.slug if page == "plan" else cast.product.slug
    return f"/units/{slug}/{page}/?period={upcoming.slug}"


@dataclass(frozen=True)
class MainPage:
    name: str
    url: Callable[[Org], str]
    who: str | None = "alice"  # None: signed out
    status: int = 200


MAIN_PAGES = [
    MainPage("company", lambda o: "/"),
    MainPage("department", lambda o: o.cast.product.get_absolute_url()),
    MainPage("team", lambda o: o.cast.checkout.get_absolute_url()),
    MainPage("virtual team", lambda o: o.cast.virtual.get_absolute_url()),
    MainPage("objective", lambda o: o.objective.get_absolute_url()),
    MainPage("key result", lambda o: o.kr.get_absolute_url()),
    MainPage("objective create form", lambda o: f"/objectives/new/?unit={o.cast.checkout.slug}"),
    MainPage("objective edit form", lambda o: f"/objectives/{o.objective.pk}/edit/"),
    MainPage("key result form", lambda o: f"/key-results/{o.kr.pk}/edit/"),
    MainPage("check-in form", lambda o: f"/key-results/{o.kr.pk}/check-ins/"),
    MainPage(
        "check-in correction form",
        lambda o: f"/check-ins/{o.kr.check_ins.last().pk}/correct/",
        who="bob",
    ),
    MainPage("close form", lambda o: f"/objectives/{o.objective.pk}/close/"),
    MainPage("my okrs", lambda o: "/my/"),
    MainPage("personal goals", lambda o: "/personal/goals/"),
    MainPage("personal goal", lambda o: f"/personal/goals/{o.goal.pk}/"),
    MainPage("personal goal form", lambda o: f"/personal/goals/{o.goal.pk}/edit/"),
    MainPage("health", lambda o: "/coach/health/"),
    MainPage("unit health", lambda o: f"/coach/health/{o.cast.checkout.slug}/"),
    MainPage("spreadsheets", lambda o: "/spreadsheets/"),
    MainPage("alignment map", lambda o: f"/alignment/?period={o.period.slug}&view=map"),
    MainPage("alignment tree", lambda o: f"/alignment/?period={o.period.slug}&view=tree"),
    MainPage("alignment reports", lambda o: f"/alignment/reports/?period={o.period.slug}"),
    MainPage("org view", lambda o: f"/alignment/organisation/?period={o.period.slug}"),
    MainPage("secondment form", lambda o: "/alignment/secondments/new/"),
    MainPage(
        "assignments", lambda o: f"/alignment/assignments/?period={o.period.slug}", who="admin"
    ),
    MainPage("quarter close", lambda o: f"/units/{o.cast.checkout.slug}/close/"),
    MainPage("learning loop", lambda o: f"/units/{o.cast.checkout.slug}/learning/"),
    MainPage("monthly check", lambda o: f"/units/{o.cast.checkout.slug}/monthly/"),
    MainPage("mid-quarter review", lambda o: f"/units/{o.cast.checkout.slug}/mid-quarter/"),
    MainPage("proposals", lambda o: "/proposals/"),
    MainPage("proposal form", lambda o: f"/objectives/{o.company_goal.pk}/proposals/new/"),
    MainPage("periods", lambda o: "/periods/", who="admin"),
    MainPage("next quarter planning", lambda o: next_quarter_planned(o, "plan")),
    MainPage("back-briefs", lambda o: next_quarter_planned(o, "back-briefs"), who="admin"),
    MainPage("monthly agenda", lambda o: f"/units/{o.cast.checkout.slug}/agendas/monthly/"),
    MainPage("quarterly agenda", lambda o: f"/units/{o.cast.product.slug}/agendas/quarterly/"),
    MainPage("annual agenda", lambda o: f"/units/{o.cast.company.slug}/agendas/annual/"),
    MainPage("login", lambda o: "/accounts/login/", who=None),
    MainPage("people", lambda o: "/people/", who="admin"),
    MainPage("person", lambda o: f"/people/{o.cast.bob.pk}/", who="admin"),
    MainPage("units", lambda o: "/organisation/units/", who="admin"),
    MainPage("unit form", lambda o: f"/organisation/units/{o.cast.search.slug}/edit/", who="admin"),
    MainPage("unit members", lambda o: f"/organisation/units/{o.cast.checkout.slug}/members/"),
    MainPage("organisation settings", lambda o: "/organisation/settings/", who="admin"),
    MainPage("webhooks", lambda o: "/settings/webhooks/"),
    MainPage("webhook", webhook_page),
    MainPage("invite", lambda o: "/people/invite/"),
    MainPage("password change", lambda o: "/accounts/password/change/"),
    MainPage("password reset", lambda o: "/accounts/password/reset/", who=None),
    MainPage("invitation", lambda o: invitation_link(o), who=None),
    MainPage("used invitation", lambda o: invitation_link(o, used=True), who=None, status=410),
    MainPage("not found", lambda o: "/objectives/999999/", status=404),
]

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def open_main_page(page: Page, main_page: MainPage, org: Org, viewport: str) -> None:
    """Open the page as its person at the viewport's size, charts drawn."""
    page.set_viewport_size(VIEWPORTS[viewport])
    if main_page.who:
        page.goto("/accounts/login/")
        log_in(page, getattr(org.cast, main_page.who))
    url = main_page.url(org)
    response = page.goto(url)
    assert response is not None and response.status == main_page.status, url
    assert urlsplit(page.url).path == urlsplit(url).path, f"{url} went to {page.url}"
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-kr-chart], [data-heatmap], [data-trend]')]"
        ".every((el) => el.querySelector('svg'))"
    )
    # The alignment map is drawn (or has said why not) before anything inspects the page.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-map-started]')]"
        ".every((el) => el.hasAttribute('data-map-ready') || el.hasAttribute('data-map-error'))"
    )
