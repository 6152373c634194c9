"""Settings → API tokens: create a personal token (shown once) and revoke old ones."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from waypoint.api import actions
from waypoint.api.access import get_token_for_user
from waypoint.api.forms import TokenForm
from waypoint.okrs.views import apply_action_errors


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_secret = None
    if form.is_valid():
        try:
            new = actions.create_token(
                request.user,
                request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            new_secret, form = new.secret, TokenForm()
    tokens = request.user.api_tokens.all()
    return render(
        request, "api/token_list.html", {"form": form, "tokens": tokens, "new_secret": new_secret}
    )


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_token_for_user(request.user, pk)
    try:
        actions.revoke_token(request.user, token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Revoked “{token.name}”. It no longer works.")
    return redirect("tokens:token-list")
