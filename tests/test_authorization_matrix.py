"""Who may change what, for every state-changing endpoint: one allowed and one forbidden
person per row, plus an anonymous visitor. For the forbidden ones the test asserts both the
refusal and that nothing at all changed in the database; for the allowed one, that the change
happened. Every URL pattern of the product must have a row here or be listed as read-only:
a new endpoint without one fails `test_every_endpoint_is_in_the_matrix`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import Cast
from tests.factory import make_check_in, make_key_result, make_objective
from waypoint.okrs import actions
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.personal.models import PersonalGoal, PersonalKeyResult
from waypoint.planning import actions as planning
from waypoint.planning.closing import open_objectives
from waypoint.planning.views import _relevance_objectives as relevance_objectives

# Pages that only read (GET, or htmx reads); the crawl in test_crawl.py covers them.
READ_ONLY = {
    "okrs:home",
    "okrs:my-okrs",
    "okrs:unit-detail",
    "okrs:objective-detail",
    "okrs:key-result-detail",
    "personal:goal-list",
    "personal:goal-detail",
    "coach:health",
    "coach:unit-health",
    "coach:hints",
    "planning:learning",
    "planning:period-list",
    "planning:proposal-list",
    "alignment:map",
    "alignment:map-data",
    "favicon.ico",
    "alignment:reports",
    "alignment:org-view",
    "planning:back-briefs",
    "planning:agenda",
    "planning:agenda-markdown",
}
# Django's own flows, tested elsewhere (tests/test_security.py and tests/accounts/).
ACCOUNT_FLOWS = {"login", "logout"}


@dataclass
class World:
    """The named cast plus the things the endpoints act on."""

    cast: Cast
    quarter: Period
    objective: Objective  # Checkout's, owned by alice; bob is on Checkout
    kr: KeyResult  # owned by Checkout, with a check-in
    search_kr: KeyResult  # on Checkout's objective, owned by Search (charlie)
    closed: Objective  # Checkout's, missed
    closed_kr: KeyResult  # on `objective`, missed
    goal: PersonalGoal  # bob's, private
    goal_kr: PersonalKeyResult
    higher: Objective | None = None  # Product's, which `objective` contributes to
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world(cast: Cast, quarter: Period) -> World:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    kr = make_key_result(
        objective, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )
    make_check_in(kr, 2.2, author=cast.bob)
    search_kr = make_key_result(
        objective, "Search-to-cart from 10% to 14%", owner_unit=cast.search, baseline=10, target=14
    )
    closed_kr = make_key_result(
        objective, "Refunds from 4% to 2%", owner_unit=cast.checkout, baseline=4, target=2
    )
    actions.close_key_result(cast.alice, closed_kr, status="missed")
    closed = make_objective(quarter, "Delight returns", owner=cast.alice, units=[cast.checkout])
    actions.close_objective(cast.alice, closed, status="missed")
    draft = make_objective(
        quarter, "Refunds without tickets", owner=cast.alice, units=[cast.checkout]
    )
    Objective.objects.filter(pk=draft.pk).update(is_draft=True)
    goal = PersonalGoal.objects.create(owner=cast.bob, title="Learn our data pipeline")
    goal_kr = PersonalKeyResult.objects.create(
        goal=goal, title="Debug 3 reports myself", kind="metric", baseline=0, target=3
    )
    world = World(cast, quarter, objective, kr, search_kr, closed, closed_kr, goal, goal_kr)
    world.higher = make_objective(
        quarter, "Payments that never fail", owner=cast.admin, units=[cast.product]
    )
    objective.parent_objectives.add(world.higher)
    world.extra["share"] = planning.propose_share(cast.bob, objective, cast.search)
    cadence_world(world)
    exchange_world(world)
    alignment_world(world)
    orgs_world(world)
    hooks_world(world)
    planning_world(world)
    return world


def planning_world(w: World) -> None:
    """The next quarter, with an objective of Product's that Checkout plans to contribute to
    and Checkout's back-brief (by bob) waiting for an answer from above."""
    from datetime import timedelta

    from tests.factory import make_period

    start = w.quarter.end + timedelta(days=1)
    upcoming = make_period("quarter", "Next quarter", start, start + timedelta(days=89), "next-q")
    w.extra["next_quarter"] = upcoming
    w.extra["above_next"] = make_objective(
        upcoming, "Payments that never fail, everywhere", owner=w.cast.admin, units=[w.cast.product]
    )
    w.extra["back_brief"] = planning.write_back_brief(
        w.cast.bob,
        w.cast.checkout,
        upcoming,
        understood="Buyers leave when payment fails",
        plan="Retry failed payments",
    )


def objective_form(w: World, o: Objective, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": o.title,
        "description": "Buyers give up at payment.",
        "owner": o.owner_id,
        "units": [u.pk for u in o.units.all()],
        "stretch": o.stretch,
        "kind": o.kind,
    }
    return {**data, **overrides}


def kr_form(kr: KeyResult, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": kr.title,
        "kind": kr.kind,
        "baseline": kr.baseline,
        "target": kr.target,
        "unit_label": kr.unit_label,
        "owner_unit": kr.owner_unit_id,
        "weight": kr.weight,
        "criteria": kr.criteria,
        "reason": "Clearer wording",
    }
    return {**data, **overrides}


@dataclass(frozen=True)
class Row:
    """`allowed` may; `forbidden` may not and gets `refused` (403, or 404 for private things,
    or 200 when a form explains the refusal next to the field)."""

    name: str
    case: str
    allowed: str
    forbidden: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    refused: int = 403

    @property
    def id(self) -> str:
        return f"{self.name} {self.case}"


def u(name: str, attr: str | None = None) -> Callable[[World], str]:
    """URL of `name` for the world's object `attr` (or without arguments)."""

    def build(w: World) -> str:
        if attr is None:
            return reverse(name)
        return reverse(name, args=[getattr(w, attr).pk])

    return build


def close_quarter_form(w: World) -> dict[str, Any]:
    """The close page's form for every open objective of Checkout, closing them as missed."""
    data: dict[str, Any] = {}
    for objective in open_objectives(w.cast.checkout, w.quarter):
        data[f"o{objective.pk}-state"] = "partial"
        data[f"o{objective.pk}-learned"] = "Apple Pay moved it"
        data[f"o{objective.pk}-miss_cause"] = "execution"
        for kr in objective.key_results.filter(status="active"):
            data[f"kr{kr.pk}-state"] = "missed"
    return data


def relevance_form(w: World) -> dict[str, Any]:
    answers = {"relevant": "yes", "on_track": "yes", "change_needed": "no"}
    return {
        f"o{objective.pk}-{key}": value
        for objective in relevance_objectives(w.cast.checkout, w.quarter)
        for key, value in answers.items()
    }


ROWS: list[Row] = [
    Row(
        "okrs:objective-create",
        "for a team one belongs to",
        "bob",
        "charlie",
        lambda w: f"{reverse('okrs:objective-create')}?unit={w.cast.checkout.slug}",
        lambda w: objective_form(w, w.objective, title="Payments that never fail"),
    ),
    Row(
        "okrs:objective-edit",
        "wording",
        "bob",
        "charlie",
        u("okrs:objective-edit", "objective"),
        lambda w: objective_form(w, w.objective, title="Make checkout effortless on phones"),
    ),
    Row(
        "okrs:objective-edit",
        "proposing to share it with a unit one cannot plan for",
        "bob",
        "charlie",
        u("okrs:objective-edit", "objective"),
        lambda w: objective_form(w, w.objective, units=[w.cast.checkout.pk, w.cast.finance.pk]),
    ),
    Row(
        "okrs:objective-close",
        "",
        "bob",
        "charlie",
        u("okrs:objective-close", "objective"),
        lambda w: {"status": "partial", "note": "Half way"},
    ),
    Row("okrs:reopen-objective", "", "bob", "charlie", u("okrs:reopen-objective", "closed")),
    Row(
        "okrs:key-result-create",
        "",
        "bob",
        "charlie",
        u("okrs:key-result-create", "objective"),
        lambda w: {
            "title": "Payment errors from 1.2% to 0.4%",
            "kind": "metric",
            "baseline": "1.2",
            "target": "0.4",
            "owner_unit": w.cast.checkout.pk,
            "weight": "1",
        },
    ),
    Row(
        "okrs:key-result-edit",
        "wording by the owner team",
        "charlie",
        "dana",
        u("okrs:key-result-edit", "search_kr"),
        lambda w: kr_form(w.search_kr, title="Search-to-cart from 10% to 15%"),
    ),
    Row(
        "okrs:key-result-edit",
        "moving to a team one cannot plan for",
        "admin",
        "bob",
        u("okrs:key-result-edit", "kr"),
        lambda w: kr_form(w.kr, owner_unit=w.cast.search.pk),
        refused=200,
    ),
    Row(
        "okrs:key-result-close",
        "by the owner team",
        "bob",
        "charlie",
        u("okrs:key-result-close", "search_kr"),
        lambda w: {"status": "achieved"},
    ),
    Row(
        "okrs:reopen-key-result",
        "by the owner team",
        "bob",
        "charlie",
        u("okrs:reopen-key-result", "closed_kr"),
    ),
    Row(
        "okrs:check-in",
        "",
        "bob",
        "charlie",
        u("okrs:check-in", "kr"),
        lambda w: {"value": "2.4", "confidence": "7", "note": "Apple Pay is live"},
    ),
    Row(
        "okrs:check-in-correct",
        "by its author, not the objective's owner",
        "bob",
        "alice",
        lambda w: reverse("okrs:check-in-correct", args=[w.kr.check_ins.get().pk]),
        lambda w: {"value": "2.3", "confidence": "7", "reason": "typed 2.2 for 2.3"},
    ),
    Row(
        "coach:dismiss",
        "a key result's finding by its owner team",
        "bob",
        "charlie",
        u("coach:dismiss"),
        lambda w: {
            "code": "baseline.missing-baseline",
            "subject": "key_result",
            "subject_id": w.search_kr.pk,
            "reason": "The baseline is in the title",
        },
    ),
    Row(
        "planning:quarter-close",
        "",
        "bob",
        "charlie",
        lambda w: (
            f"{reverse('planning:quarter-close', args=[w.cast.checkout.slug])}"
            f"?period={w.quarter.slug}"
        ),
        close_quarter_form,
    ),
    Row(
        "planning:publish-drafts",
        "",
        "bob",
        "charlie",
        lambda w: (
            f"{reverse('planning:publish-drafts', args=[w.cast.checkout.slug])}"
            f"?period={w.quarter.slug}"
        ),
    ),
    Row(
        "planning:period-create",
        "",
        "admin",
        "alice",
        u("planning:period-create"),
        lambda w: {"kind": "quarter"},
    ),
    Row(
        "planning:relevance-check",
        "",
        "bob",
        "charlie",
        lambda w: (
            f"{reverse('planning:relevance-check', args=[w.cast.checkout.slug])}"
            f"?period={w.quarter.slug}"
        ),
        relevance_form,
    ),
    Row(
        "planning:mid-quarter",
        "",
        "bob",
        "charlie",
        lambda w: (
            f"{reverse('planning:mid-quarter', args=[w.cast.checkout.slug])}"
            f"?period={w.quarter.slug}"
        ),
        lambda w: {"progress_notes": "Refunds KR needs an owner in practice"},
    ),
    Row(
        "planning:proposal-create",
        "by a contributing team",
        "bob",
        "dana",
        u("planning:proposal-create", "higher"),
        lambda w: {"kind": "drop", "reason": "The PSP deal is off"},
    ),
    Row(
        "planning:proposal-accept",
        "by the unit asked",
        "charlie",
        "dana",
        lambda w: reverse("planning:proposal-accept", args=[w.extra["share"].pk]),
    ),
    Row(
        "planning:proposal-decline",
        "by the unit asked",
        "charlie",
        "dana",
        lambda w: reverse("planning:proposal-decline", args=[w.extra["share"].pk]),
        lambda w: {"note": "Not our goal this quarter"},
    ),
    Row(
        "planning:plan",
        "a back-brief by a member of the team",
        "bob",
        "charlie",
        lambda w: (
            f"{reverse('planning:plan', args=[w.cast.checkout.slug])}"
            f"?period={w.extra['next_quarter'].slug}"
        ),
        lambda w: {"understood": "Payments must not fail", "plan": "Retry and fall back"},
    ),
    Row(
        "planning:plan-draft",
        "our part of an objective above",
        "bob",
        "charlie",
        lambda w: (
            f"{reverse('planning:plan-draft', args=[w.cast.checkout.slug])}"
            f"?period={w.extra['next_quarter'].slug}"
        ),
        lambda w: {"above": w.extra["above_next"].pk},
    ),
    Row(
        "planning:back-brief-accept",
        "by a lead above, not the team's own lead",
        "admin",
        "alice",
        lambda w: reverse("planning:back-brief-accept", args=[w.extra["back_brief"].pk]),
    ),
    Row(
        "planning:back-brief-changes",
        "by a lead above, not the team's own lead",
        "admin",
        "alice",
        lambda w: reverse("planning:back-brief-changes", args=[w.extra["back_brief"].pk]),
        lambda w: {"note": "How will you measure it?"},
    ),
    Row(
        "personal:goal-create",
        "",
        "bob",
        "",  # anyone logged in may create their own; only anonymous visitors may not
        u("personal:goal-create"),
        lambda w: {"title": "Get better at SQL"},
    ),
    Row(
        "personal:goal-edit",
        "",
        "bob",
        "alice",
        u("personal:goal-edit", "goal"),
        lambda w: {"title": "Learn our data pipeline end to end"},
        refused=404,
    ),
    Row(
        "personal:goal-delete",
        "",
        "bob",
        "admin",
        u("personal:goal-delete", "goal"),
        refused=404,
    ),
    Row(
        "personal:key-result-create",
        "",
        "bob",
        "alice",
        u("personal:key-result-create", "goal"),
        lambda w: {"title": "Write 2 queries a week", "kind": "metric", "baseline": 0, "target": 2},
        refused=404,
    ),
    Row(
        "personal:key-result-edit",
        "",
        "bob",
        "alice",
        lambda w: reverse("personal:key-result-edit", args=[w.goal.pk, w.goal_kr.pk]),
        lambda w: {"title": "Debug 4 reports myself", "kind": "metric", "baseline": 0, "target": 4},
        refused=404,
    ),
]


# --- the weekly practice (cadence) --------------------------------------------------------------


def cadence_world(w: World) -> None:
    """A weekly rhythm with its next meeting, and an open commitment of bob's."""
    from datetime import time

    from waypoint.cadence import actions as cadence_actions

    cadence_actions.set_cadence(
        w.cast.alice,
        w.cast.checkout,
        frequency="weekly",
        weekday=0,
        at=time(9, 30),
        duration_minutes=60,
    )
    w.extra["meeting"] = w.cast.checkout.meetings.get()
    w.extra["commitment"] = cadence_actions.create_commitment(
        w.cast.bob, w.cast.checkout, person=w.cast.bob, title="Run the pricing test"
    )
    w.extra["idea"] = cadence_actions.park_in_backlog(
        w.cast.bob, w.cast.checkout, title="Gift cards"
    )
    w.extra["kpi"] = cadence_actions.create_kpi(
        w.cast.bob, w.cast.checkout, name="Payment error rate", healthy_min=None, healthy_max=1
    )
    w.extra["feed"] = cadence_actions.create_calendar_feed(w.cast.bob, unit=w.cast.checkout)
    cadence_actions.record_kpi_reading(w.cast.bob, w.extra["kpi"], value=2)  # out of range


def x(name: str, key: str) -> Callable[[World], str]:
    """URL of `name` for the world's extra object `key`."""
    return lambda w: reverse(name, args=[w.extra[key].pk])


def checkout(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.cast.checkout.slug])


def later(days: int = 3) -> str:
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


READ_ONLY |= {
    "cadence:unit-meetings",
    "cadence:meeting-detail",
    "cadence:meeting-markdown",
    "cadence:meeting-print",
    "cadence:inbox",
    "cadence:inbox-count",
    "cadence:calendar-feed",
    "cadence:kpi-from-objective",
}
ROWS += [
    Row(
        "cadence:team-check-in",
        "",
        "bob",
        "charlie",
        checkout("cadence:team-check-in"),
        lambda w: {f"kr-{w.kr.pk}-value": "2.5", f"kr-{w.kr.pk}-confidence": "6"},
    ),
    Row(
        "cadence:unit-commitments",
        "",
        "bob",
        "charlie",
        checkout("cadence:unit-commitments"),
        lambda w: {"title": "Call five customers", "person": w.cast.bob.pk, "due": later()[:10]},
    ),
    *[
        Row(name, "", "bob", "charlie", x(name, "commitment"))
        for name in (
            "cadence:commitment-done",
            "cadence:commitment-drop",
            "cadence:commitment-carry-over",
        )
    ],
    Row(
        "cadence:unit-cadence",
        "",
        "bob",
        "charlie",
        checkout("cadence:unit-cadence"),
        lambda w: {
            "frequency": "biweekly",
            "weekday": 2,
            "at": "10:00",
            "duration_minutes": 45,
            "standup_at": "09:15",
            "standup_minutes": 15,
        },
    ),
    Row(
        "cadence:meeting-schedule",
        "",
        "bob",
        "charlie",
        checkout("cadence:meeting-schedule"),
        lambda w: {
            "meeting-kind": "adhoc",
            "meeting-scheduled_for": later(),
            "meeting-duration_minutes": 45,
        },
    ),
    Row(
        "cadence:meeting-agenda-item",
        "",
        "bob",
        "charlie",
        x("cadence:meeting-agenda-item", "meeting"),
        lambda w: {"item-title": "On-call handover", "item-section": "hot_topics"},
    ),
    Row(
        "cadence:meeting-notes",
        "",
        "bob",
        "charlie",
        x("cadence:meeting-notes", "meeting"),
        lambda w: {"minutes-notes": "Conversion is stuck", "minutes-decisions": "Escalate"},
    ),
    Row(
        "cadence:meeting-commitment",
        "",
        "bob",
        "charlie",
        x("cadence:meeting-commitment", "meeting"),
        lambda w: {
            "commitment-title": "Get the API key",
            "commitment-person": w.cast.bob.pk,
            "commitment-due": later()[:10],
        },
    ),
    Row(
        "cadence:meeting-backlog",
        "",
        "bob",
        "charlie",
        x("cadence:meeting-backlog", "meeting"),
        lambda w: {"backlog-title": "Gift cards"},
    ),
    Row("cadence:meeting-held", "", "bob", "charlie", x("cadence:meeting-held", "meeting")),
    Row(
        "cadence:unit-backlog-reviewed",
        "",
        "bob",
        "charlie",
        checkout("cadence:unit-backlog-reviewed"),
    ),
    Row(
        "cadence:meeting-reschedule",
        "",
        "bob",
        "charlie",
        x("cadence:meeting-reschedule", "meeting"),
        lambda w: {"reschedule-scheduled_for": later(9)},
    ),
    Row(
        "cadence:meeting-cancel",
        "",
        "bob",
        "charlie",
        x("cadence:meeting-cancel", "meeting"),
        lambda w: {"cancel-reason": "Half the team is out"},
    ),
    Row(
        "cadence:unit-backlog",
        "",
        "bob",
        "charlie",
        checkout("cadence:unit-backlog"),
        lambda w: {"title": "Loyalty points"},
    ),
    *[
        Row(name, "", "bob", "charlie", x(name, "idea"))
        for name in (
            "cadence:backlog-keep",
            "cadence:backlog-discard",
            "cadence:backlog-promote-commitment",
            "cadence:backlog-promote-objective",
        )
    ],
    Row(
        "cadence:unit-kpis",
        "",
        "bob",
        "charlie",
        checkout("cadence:unit-kpis"),
        lambda w: {"name": "Uptime", "unit_label": "%", "healthy_min": "99.9"},
    ),
    Row(
        "cadence:kpi-detail",
        "a reading",
        "bob",
        "charlie",
        x("cadence:kpi-detail", "kpi"),
        lambda w: {"value": "0.7"},
    ),
    Row("cadence:kpi-recovery", "", "bob", "charlie", x("cadence:kpi-recovery", "kpi")),
    Row(
        "cadence:unit-calendar-feed",
        "",
        "bob",
        "charlie",
        checkout("cadence:unit-calendar-feed"),
    ),
    Row(
        "cadence:reminders-setting",
        "switching one's own reminders off",
        "bob",
        "",  # everyone sets their own
        u("cadence:reminders-setting"),
    ),
    Row(
        "cadence:my-calendar-feed",
        "",
        "bob",
        "",  # anyone logged in may make a feed of their own meetings
        u("cadence:my-calendar-feed"),
    ),
    Row(
        "cadence:calendar-feed-revoke",
        "",
        "bob",
        "charlie",
        x("cadence:calendar-feed-revoke", "feed"),
    ),
]


# --- spreadsheets (exchange) ------------------------------------------------------------------


def spreadsheet(w: World) -> bytes:
    """A one-row import: a new objective for Checkout."""
    return (
        f"period,units,objective,owner\r\n{w.quarter.name},Checkout,Refunds within a day,alice\r\n"
    ).encode()


def exchange_world(w: World) -> None:
    """An upload of the administrator's, waiting for its preview to be applied."""
    from waypoint.exchange.models import Upload

    w.extra["upload"] = Upload.objects.create(
        uploaded_by=w.cast.admin, filename="okrs.csv", content=spreadsheet(w)
    )


READ_ONLY |= {"exchange:home", "exchange:export", "exchange:template", "exchange:preview"}
ROWS += [
    Row(
        "exchange:upload",
        "by a unit lead",
        "alice",
        "bob",
        u("exchange:upload"),
        lambda w: {"file": SimpleUploadedFile("okrs.csv", spreadsheet(w))},
    ),
    Row(
        "exchange:apply",
        "by whoever uploaded it",
        "admin",
        "alice",
        x("exchange:apply", "upload"),
        refused=404,
    ),
]


# Columns that change on every request, allowed or not (an API token's last use).
BOOKKEEPING = {"last_used_at"}


def database_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the product's tables (and their many-to-many links), in a stable order."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.app_config.name.startswith("waypoint."):
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in BOOKKEEPING]
        rows = model.objects.order_by("pk").values_list(*fields)
        state[model._meta.label] = [tuple(map(str, row)) for row in rows]
    return state


def person(w: World, username: str) -> Any:
    return getattr(w.cast, username)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_the_allowed_person_changes_it(client: Client, world: World, row: Row) -> None:
    client.force_login(person(world, row.allowed))
    before = database_state()
    response = client.post(row.url(world), row.data(world))
    assert response.status_code in {200, 302}
    assert database_state() != before, "an allowed request changed nothing"


@pytest.mark.parametrize("row", [r for r in ROWS if r.forbidden], ids=lambda r: r.id)
def test_the_forbidden_person_is_refused_and_nothing_changes(
    client: Client, world: World, row: Row
) -> None:
    client.force_login(person(world, row.forbidden))
    before = database_state()
    response = client.post(row.url(world), row.data(world))
    assert response.status_code == row.refused
    assert database_state() == before


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_changes(
    client: Client, world: World, row: Row
) -> None:
    before = database_state()
    response = client.post(row.url(world), row.data(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert database_state() == before


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace != "admin":
                names |= url_names(entry, inner)
        elif isinstance(entry, URLPattern):
            names.add(f"{namespace}{entry.name}" if entry.name else str(entry.pattern))
    return names


def test_every_endpoint_is_in_the_matrix() -> None:
    covered = {row.name for row in [*ROWS, *API_ROWS]} | READ_ONLY | ACCOUNT_FLOWS
    missing = sorted(url_names() - covered)
    assert missing == [], f"add a row (or a READ_ONLY entry) for: {missing}"


# --- the REST API, with personal tokens -----------------------------------------------------
# The API answers with status codes instead of redirects: the allowed person's write token
# changes it; the forbidden person's write token, the allowed person's read token and no token
# at all are refused (403, 403, 401) and change nothing.


def api_operations() -> list[tuple[str, str]]:
    """(method, "api:<url name>") of every operation of the REST API."""
    from waypoint.api.api import api

    return [
        (method, f"api:{operation.url_name}")
        for _, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
        for method in operation.methods
    ]


READ_ONLY |= {name for method, name in api_operations() if method == "GET"}
READ_ONLY |= {"api:api-root", "api:openapi-json", "api:openapi-view", "api-not-found"}


@dataclass(frozen=True)
class ApiRow:
    name: str
    case: str
    allowed: str
    forbidden: str
    method: str
    url: Callable[[World], str]
    body: Callable[[World], dict[str, Any]] = lambda w: {}
    refused: int = 403

    @property
    def id(self) -> str:
        return f"{self.name} {self.case}"


def v1(template: str, attr: str | None = None) -> Callable[[World], str]:
    """/api/v1/<template> with `{}` filled by the world's (or its extras') object `attr`."""

    def build(w: World) -> str:
        if attr is None:
            return f"/api/v1/{template}"
        obj = w.extra[attr] if attr in w.extra else getattr(w, attr)
        return f"/api/v1/{template.format(obj.pk)}"

    return build


API_ROWS: list[ApiRow] = [
    ApiRow(
        "api:objective-create",
        "",
        "bob",
        "charlie",
        "POST",
        v1("objectives"),
        lambda w: {
            "period_id": w.quarter.pk,
            "title": "Payments that never fail",
            "unit_ids": [w.cast.checkout.pk],
        },
    ),
    ApiRow(
        "api:objective-change",
        "",
        "bob",
        "charlie",
        "PATCH",
        v1("objectives/{}", "objective"),
        lambda w: {"title": "Make checkout effortless on phones"},
    ),
    ApiRow(
        "api:objective-close",
        "",
        "bob",
        "charlie",
        "POST",
        v1("objectives/{}/close", "objective"),
        lambda w: {"status": "partial", "note": "Half way"},
    ),
    ApiRow(
        "api:objective-reopen", "", "bob", "charlie", "POST", v1("objectives/{}/reopen", "closed")
    ),
    ApiRow(
        "api:key-result-create",
        "",
        "bob",
        "charlie",
        "POST",
        v1("objectives/{}/key-results", "objective"),
        lambda w: {
            "title": "Payment errors from 1.2% to 0.4%",
            "owner_unit_id": w.cast.checkout.pk,
            "baseline": 1.2,
            "target": 0.4,
        },
    ),
    ApiRow(
        "api:key-result-change",
        "wording by the owner team",
        "charlie",
        "dana",
        "PATCH",
        v1("key-results/{}", "search_kr"),
        lambda w: {"title": "Search-to-cart from 10% to 15%", "reason": "Clearer"},
    ),
    ApiRow(
        "api:key-result-close",
        "",
        "bob",
        "charlie",
        "POST",
        v1("key-results/{}/close", "search_kr"),
        lambda w: {"status": "achieved"},
    ),
    ApiRow(
        "api:key-result-reopen",
        "",
        "bob",
        "charlie",
        "POST",
        v1("key-results/{}/reopen", "closed_kr"),
    ),
    ApiRow(
        "api:check-in-create",
        "",
        "bob",
        "charlie",
        "POST",
        v1("key-results/{}/check-ins", "kr"),
        lambda w: {"value": 2.4, "confidence": 7, "note": "Apple Pay is live"},
    ),
    ApiRow(
        "api:commitment-create",
        "",
        "bob",
        "charlie",
        "POST",
        v1("commitments"),
        lambda w: {"unit_id": w.cast.checkout.pk, "title": "Call five customers"},
    ),
    ApiRow(
        "api:commitment-change",
        "",
        "bob",
        "charlie",
        "PATCH",
        v1("commitments/{}", "commitment"),
        lambda w: {"status": "done"},
    ),
    ApiRow(
        "api:agenda-item-create",
        "",
        "bob",
        "charlie",
        "POST",
        v1("meetings/{}/agenda-items", "meeting"),
        lambda w: {"title": "On-call handover"},
    ),
    ApiRow(
        "api:meeting-create",
        "",
        "bob",
        "charlie",
        "POST",
        v1("meetings"),
        lambda w: {
            "unit_id": w.cast.checkout.pk,
            "kind": "adhoc",
            "scheduled_for": later(5),
            "duration_minutes": 45,
        },
    ),
    ApiRow(
        "api:meeting-notes",
        "",
        "bob",
        "charlie",
        "PUT",
        v1("meetings/{}/notes", "meeting"),
        lambda w: {"notes": "Conversion is stuck", "decisions": "Escalate"},
    ),
    ApiRow("api:meeting-held", "", "bob", "charlie", "POST", v1("meetings/{}/held", "meeting")),
    ApiRow(
        "api:meeting-reschedule",
        "",
        "bob",
        "charlie",
        "POST",
        v1("meetings/{}/reschedule", "meeting"),
        lambda w: {"scheduled_for": later(9), "reason": "Offsite"},
    ),
    ApiRow(
        "api:meeting-cancel",
        "",
        "bob",
        "charlie",
        "POST",
        v1("meetings/{}/cancel", "meeting"),
        lambda w: {"reason": "Half the team is away"},
    ),
    ApiRow(
        "api:backlog-create",
        "",
        "bob",
        "charlie",
        "POST",
        v1("backlog"),
        lambda w: {"unit_id": w.cast.checkout.pk, "title": "Loyalty points"},
    ),
    ApiRow(
        "api:backlog-review",
        "discarding",
        "bob",
        "charlie",
        "POST",
        v1("backlog/{}/review", "idea"),
        lambda w: {"keep": False},
    ),
    ApiRow(
        "api:backlog-promote-commitment",
        "",
        "bob",
        "charlie",
        "POST",
        v1("backlog/{}/promote-to-commitment", "idea"),
    ),
    ApiRow(
        "api:backlog-promote-objective",
        "",
        "bob",
        "charlie",
        "POST",
        v1("backlog/{}/promote-to-objective", "idea"),
        lambda w: {"period_id": w.quarter.pk},
    ),
    ApiRow(
        "api:kpi-create",
        "",
        "bob",
        "charlie",
        "POST",
        v1("kpis"),
        lambda w: {"unit_id": w.cast.checkout.pk, "name": "Uptime", "healthy_min": 99.9},
    ),
    ApiRow(
        "api:kpi-reading-create",
        "",
        "bob",
        "charlie",
        "POST",
        v1("kpis/{}/readings", "kpi"),
        lambda w: {"value": 0.7},
    ),
    ApiRow(
        "api:kpi-recovery",
        "",
        "bob",
        "charlie",
        "POST",
        v1("kpis/{}/recovery", "kpi"),
        lambda w: {"period_id": w.quarter.pk},
    ),
    ApiRow(
        "api:support-link-create",
        "",
        "bob",
        "charlie",
        "POST",
        v1("objectives/{}/supports", "support_goal"),
        lambda w: {"unit_id": w.cast.search.pk},
    ),
    ApiRow(
        "api:support-link-delete",
        "",
        "bob",
        "charlie",
        "DELETE",
        v1("supports/{}", "support_link"),
    ),
    ApiRow(
        "api:finding-dismiss",
        "a key result's finding by its objective's editors",
        "bob",
        "charlie",
        "POST",
        v1("findings/dismissals"),
        lambda w: {
            "code": "baseline.missing-baseline",
            "subject": "key_result",
            "subject_id": w.search_kr.pk,
            "reason": "The baseline is in the title",
        },
    ),
    ApiRow(
        "api:proposal-accept",
        "by the unit asked",
        "charlie",
        "dana",
        "POST",
        v1("proposals/{}/accept", "share"),
    ),
    ApiRow(
        "api:proposal-decline",
        "by the unit asked",
        "charlie",
        "dana",
        "POST",
        v1("proposals/{}/decline", "share"),
        lambda w: {"note": "Not our goal this quarter"},
    ),
    ApiRow(
        "api:objective-change",
        "its contribution links",
        "bob",
        "charlie",
        "PATCH",
        v1("objectives/{}", "objective"),
        lambda w: {"parent_objective_ids": []},
    ),
]


def call_api(client: Client, row: ApiRow, w: World, token: str | None) -> Any:
    import json

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.generic(
        row.method,
        row.url(w),
        json.dumps(row.body(w)),
        content_type="application/json",
        headers=headers,
    )


def api_token(w: World, username: str, scope: str = "write") -> str:
    from waypoint.api.actions import create_token

    someone = person(w, username)
    return create_token(someone, someone, name="matrix", scope=scope).secret


@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.id)
def test_the_api_lets_the_allowed_persons_write_token_change_it(
    client: Client, world: World, row: ApiRow
) -> None:
    token = api_token(world, row.allowed)
    before = database_state()
    response = call_api(client, row, world, token)
    assert response.status_code in {200, 201, 204}, response.content
    assert database_state() != before, "an allowed request changed nothing"


@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.id)
def test_the_api_refuses_the_forbidden_person_and_nothing_changes(
    client: Client, world: World, row: ApiRow
) -> None:
    token = api_token(world, row.forbidden)
    before = database_state()
    response = call_api(client, row, world, token)
    assert response.status_code == row.refused, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert database_state() == before


@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.id)
def test_the_api_refuses_a_read_token_and_nothing_changes(
    client: Client, world: World, row: ApiRow
) -> None:
    token = api_token(world, row.allowed, "read")
    before = database_state()
    response = call_api(client, row, world, token)
    assert response.status_code == 403, response.content
    assert database_state() == before


@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.id)
def test_the_api_refuses_a_call_without_a_token_and_nothing_changes(
    client: Client, world: World, row: ApiRow
) -> None:
    before = database_state()
    response = call_api(client, row, world, None)
    assert response.status_code == 401, response.content
    assert database_state() == before


def test_every_api_write_is_in_the_matrix() -> None:
    writes = {name for method, name in api_operations() if method != "GET"}
    assert writes, "the API has no writes: is it still mounted?"
    assert sorted(writes - {row.name for row in API_ROWS}) == []


# The token settings pages (session login, like every page): tokens are the api app's state.


def token_state() -> list[tuple[Any, ...]]:
    from waypoint.api.models import ApiToken

    return list(ApiToken.objects.order_by("pk").values_list("pk", "person_id", "revoked_at"))


@pytest.fixture
def bobs_token(world: World) -> Any:
    from waypoint.api.actions import create_token

    return create_token(world.cast.bob, world.cast.bob, name="BI nightly").token


def test_anyone_logged_in_creates_their_own_token(client: Client, world: World) -> None:
    url = reverse("tokens:token-list")
    anonymous = client.post(url, {"name": "Mine", "scope": "read"})
    assert anonymous.status_code == 302 and token_state() == []
    client.force_login(world.cast.bob)
    client.post(url, {"name": "Mine", "scope": "read"})
    assert [row[1] for row in token_state()] == [world.cast.bob.pk]


def test_only_its_person_revokes_a_token(client: Client, world: World, bobs_token: Any) -> None:
    url = reverse("tokens:token-revoke", args=[bobs_token.pk])
    before = token_state()
    assert client.post(url).status_code == 302 and token_state() == before  # to log in
    client.force_login(world.cast.charlie)
    assert client.post(url).status_code == 404 and token_state() == before
    client.force_login(world.cast.bob)
    client.post(url)
    assert token_state() != before


ROWS_ELSEWHERE = {"tokens:token-list", "tokens:token-revoke"}
READ_ONLY |= ROWS_ELSEWHERE  # tested just above, with the token table as their state


def alignment_world(w: World) -> None:
    from waypoint.alignment.models import SupportLink

    w.extra["support_goal"] = support = make_objective(
        w.quarter,
        "Checkout tooling that Search can reuse",
        owner=w.cast.alice,
        units=[w.cast.checkout],
        kind="support",
    )
    w.extra["support_link"] = SupportLink.objects.create(objective=support, unit=w.cast.finance)
    from datetime import timedelta

    from django.utils import timezone

    from waypoint.alignment.models import Secondment

    today = timezone.localdate()
    # Upcoming, so it changes nobody's membership in the other rows.
    w.extra["secondment"] = Secondment.objects.create(
        person=w.cast.charlie,
        unit=w.cast.checkout,
        start=today + timedelta(days=10),
        end=today + timedelta(days=20),
    )
    w.extra["search_goal"] = search_goal = make_objective(
        w.quarter, "Shoppers find what they came for", owner=w.cast.charlie, units=[w.cast.search]
    )
    w.extra["merge"] = planning.propose_merge(w.cast.alice, support, search_goal)


ROWS += [
    Row(
        "alignment:support-add",
        "",
        "bob",
        "charlie",
        x("alignment:support-add", "support_goal"),
        lambda w: {"unit": w.cast.search.pk},
    ),
    Row(
        "alignment:support-remove",
        "",
        "bob",
        "charlie",
        x("alignment:support-remove", "support_link"),
    ),
    Row(
        "alignment:secondment-create",
        "by the receiving team's lead",
        "alice",
        "bob",
        u("alignment:secondment-create"),
        lambda w: {
            "person": w.cast.dana.pk,
            "unit": w.cast.checkout.pk,
            "start": w.quarter.start.isoformat(),
            "end": w.quarter.end.isoformat(),
        },
    ),
    Row(
        "alignment:secondment-end",
        "by the receiving team's lead",
        "alice",
        "bob",
        x("alignment:secondment-end", "secondment"),
    ),
    Row(
        "alignment:assignments",
        "to a unit below",
        "admin",
        "alice",
        lambda w: f"{reverse('alignment:assignments')}?period={w.quarter.slug}",
        lambda w: {
            "title": "Checkout and search feel like one journey",
            "units": [w.cast.search.pk],
            "stretch": "aspirational",
        },
    ),
    Row(
        "planning:merge-propose",
        "one shared objective, by an editor",
        "bob",
        "dana",
        u("planning:merge-propose", "objective"),
        lambda w: {"other": w.extra["search_goal"].pk},
    ),
    Row(
        "planning:proposal-accept",
        "one shared objective, by the other unit",
        "charlie",
        "dana",
        x("planning:proposal-accept", "merge"),
    ),
    Row(
        "planning:proposal-decline",
        "one shared objective, by the other unit",
        "charlie",
        "dana",
        x("planning:proposal-decline", "merge"),
        lambda w: {"note": "Ours is about finding, not buying"},
    ),
]


# --- the organisation: settings, units, memberships, people, invitations ------------------------


def orgs_world(w: World) -> None:
    from waypoint.orgs.models import Membership, Person
    from waypoint.seed import make_person, make_unit

    w.extra["bob_in_checkout"] = Membership.objects.get(person=w.cast.bob, unit=w.cast.checkout)
    w.extra["erin"] = make_person("erin", first_name="Erin")
    Person.objects.filter(pk=w.extra["erin"].pk).update(is_active=False)
    w.extra["old_team"] = make_unit("Old team", "team", parent=w.cast.product)
    type(w.extra["old_team"]).objects.filter(pk=w.extra["old_team"].pk).update(
        archived_at="2026-01-01T00:00:00Z"
    )
    from waypoint.accounts.actions import invite_person

    w.extra["invitation"] = invite_person(
        w.cast.alice, email="zed@example.com", unit=w.cast.checkout, link_for=lambda token: token
    )


def organisation_form(w: World) -> dict[str, Any]:
    return {
        "name": "Acme Inc.",
        "fiscal_year_start_month": 4,
        "quarter_months": 3,
        "meeting_frequency": "weekly",
        "meeting_weekday": 1,
        "meeting_at": "10:00",
        "meeting_minutes": 45,
        "limit_warn_above": 3,
        "limit_refuse_above": 5,
        "commitment_limit": 4,
    }


def slug_of(name: str, attr: str) -> Callable[[World], str]:
    def build(w: World) -> str:
        unit = getattr(w.cast, attr, None) or w.extra.get(attr)
        return reverse(name, args=[unit.slug])

    return build


def of_extra(name: str, key: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.extra[key].pk])


def of_cast(name: str, attr: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[getattr(w.cast, attr).pk])


READ_ONLY |= {"orgs:people", "orgs:person-detail", "orgs:unit-list", "orgs:unit-members"}
# Reached without logging in by design (invitation links, password reset, single sign-on);
# tested in tests/accounts/.
ACCOUNT_FLOWS |= {
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "password_change",
    "password_change_done",
    "accounts:invitation-accept",
    "accounts:sso-start",
    "accounts:sso-callback",
}
ROWS += [
    Row("orgs:settings", "", "admin", "alice", u("orgs:settings"), organisation_form),
    Row(
        "orgs:unit-create",
        "",
        "admin",
        "alice",
        u("orgs:unit-create"),
        lambda w: {"name": "Payments", "kind": "team", "parent": w.cast.product.pk},
    ),
    Row(
        "orgs:unit-edit",
        "rename and move",
        "admin",
        "alice",
        slug_of("orgs:unit-edit", "search"),
        lambda w: {"name": "Discovery", "parent": w.cast.company.pk},
    ),
    Row("orgs:unit-archive", "", "admin", "alice", slug_of("orgs:unit-archive", "finance")),
    Row("orgs:unit-restore", "", "admin", "alice", slug_of("orgs:unit-restore", "old_team")),
    Row(
        "orgs:member-add",
        "by the team's lead",
        "alice",
        "bob",
        slug_of("orgs:member-add", "checkout"),
        lambda w: {"person": w.cast.charlie.pk, "role": "member"},
    ),
    Row(
        "orgs:member-role",
        "by the team's lead",
        "alice",
        "charlie",
        of_extra("orgs:member-role", "bob_in_checkout"),
        lambda w: {"role": "lead"},
    ),
    Row(
        "orgs:member-remove",
        "by the team's lead",
        "alice",
        "charlie",
        of_extra("orgs:member-remove", "bob_in_checkout"),
    ),
    Row(
        "orgs:person-unit-add",
        "",
        "admin",
        "alice",
        of_cast("orgs:person-unit-add", "charlie"),
        lambda w: {"unit": w.cast.finance.pk, "role": "member"},
    ),
    Row("orgs:person-deactivate", "", "admin", "alice", of_cast("orgs:person-deactivate", "bob")),
    Row("orgs:person-reactivate", "", "admin", "alice", of_extra("orgs:person-reactivate", "erin")),
    Row(
        "orgs:invite",
        "",
        "admin",
        "bob",
        u("orgs:invite"),
        lambda w: {"email": "erin.new@example.com", "role": "member"},
    ),
    Row(
        "orgs:invitation-withdraw",
        "by the team's lead",
        "alice",
        "charlie",
        of_extra("orgs:invitation-withdraw", "invitation"),
    ),
    Row(
        "orgs:invitation-withdraw",
        "by an administrator",
        "admin",
        "bob",
        of_extra("orgs:invitation-withdraw", "invitation"),
    ),
]


# --- webhooks: administrators for all units, a unit's leads for their unit ------------------


def hooks_world(w: World) -> None:
    from waypoint.hooks.actions import create_webhook

    w.extra["webhook"] = create_webhook(
        w.cast.alice,
        name="Checkout channel",
        url="https://hooks.example.com/checkout",
        unit=w.cast.checkout,
        categories=["check_in"],
    ).webhook


def webhook_form(w: World) -> dict[str, Any]:
    return {
        "name": "Checkout in Teams",
        "url": "https://hooks.example.com/teams",
        "unit": w.cast.checkout.pk,
        "events": ["check_in", "close"],
        "format": "teams",
    }


ROWS += [
    Row(
        "hooks:webhook-list",
        "a lead, for their unit",
        "alice",
        "bob",
        u("hooks:webhook-list"),
        webhook_form,
    ),
    Row(
        "hooks:webhook-detail",
        "change it",
        "alice",
        "charlie",
        of_extra("hooks:webhook-detail", "webhook"),
        webhook_form,
        refused=404,
    ),
    Row(
        "hooks:webhook-pause",
        "",
        "alice",
        "charlie",
        of_extra("hooks:webhook-pause", "webhook"),
        refused=404,
    ),
    Row(
        "hooks:webhook-rotate",
        "",
        "alice",
        "charlie",
        of_extra("hooks:webhook-rotate", "webhook"),
        refused=404,
    ),
    Row(
        "hooks:webhook-test",
        "",
        "alice",
        "charlie",
        of_extra("hooks:webhook-test", "webhook"),
        refused=404,
    ),
    Row(
        "hooks:webhook-delete",
        "",
        "admin",
        "bob",
        of_extra("hooks:webhook-delete", "webhook"),
        refused=404,
    ),
]
