"""Settings → Webhooks: administrators' and unit leads' webhooks, each with its delivery log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from waypoint.hooks import actions
from waypoint.hooks.access import get_webhook_for_user, require_webhook_access, visible_webhooks
from waypoint.hooks.forms import WebhookForm
from waypoint.hooks.models import Delivery, DeliveryAttempt, Webhook
from waypoint.hooks.signing import TOLERANCE_SECONDS
from waypoint.okrs.views import apply_action_errors

LOG_LENGTH = 20


@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest) -> HttpResponse:
    require_webhook_access(request.user)
    form = WebhookForm(request.user, request.POST or None)
    if form.is_valid():
        try:
            new = actions.create_webhook(request.user, **form.action_arguments())
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            return _detail(request, new.webhook, new_secret=new.secret)
    hooks = visible_webhooks(request.user)
    return render(request, "hooks/webhook_list.html", {"form": form, "webhooks": hooks})


def _detail(
    request: HttpRequest,
    hook: Webhook,
    *,
    form: WebhookForm | None = None,
    new_secret: str | None = None,
) -> HttpResponse:
    tries = Prefetch("tries", queryset=DeliveryAttempt.objects.order_by("-number"))
    deliveries = hook.deliveries.prefetch_related(tries)[:LOG_LENGTH]
    form = form or WebhookForm(request.user, initial=WebhookForm.initial_for(hook))
    return render(
        request,
        "hooks/webhook_detail.html",
        {
            "webhook": hook,
            "form": form,
            "deliveries": deliveries,
            "new_secret": new_secret,
            "tolerance": TOLERANCE_SECONDS,
            "statuses": Delivery.Status,
        },
    )


@require_http_methods(["GET", "POST"])
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hook = get_webhook_for_user(request.user, pk)
    if request.method != "POST":
        return _detail(request, hook)
    form = WebhookForm(request.user, request.POST)
    if form.is_valid():
        try:
            actions.change_webhook(request.user, hook, **form.action_arguments())
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, f"Saved “{hook.name}”.")
            return redirect(hook)
    hook.refresh_from_db()
    return _detail(request, hook, form=form)


@require_POST
def webhook_pause(request: HttpRequest, pk: int) -> HttpResponse:
    hook = get_webhook_for_user(request.user, pk)
    actions.set_webhook_active(request.user, hook, active=not hook.is_active)
    state = "resumed: events are sent again" if hook.is_active else "paused: nothing is sent"
    messages.success(request, f"“{hook.name}” {state}.")
    return redirect(hook)


@require_POST
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    hook = get_webhook_for_user(request.user, pk)
    new = actions.rotate_webhook_secret(request.user, hook)
    return _detail(request, new.webhook, new_secret=new.secret)


@require_POST
def webhook_test(request: HttpRequest, pk: int) -> HttpResponse:
    hook = get_webhook_for_user(request.user, pk)
    try:
        actions.send_test_event(request.user, hook)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "A test event is on its way; its result appears below.")
    return redirect(hook)


@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    hook = get_webhook_for_user(request.user, pk)
    actions.delete_webhook(request.user, hook)
    messages.success(request, f"Removed “{hook.name}” and its delivery log.")
    return redirect("hooks:webhook-list")
