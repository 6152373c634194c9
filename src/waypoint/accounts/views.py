"""Accepting an invitation, and Django's password views in the product's layout."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from waypoint.accounts.actions import InvitationUnusable, accept_invitation, usable_invitation
from waypoint.orgs.models import Organisation


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150, required=False)
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label="The password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "The two passwords differ.")
        return data


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: choose a password (or sign in with single sign-on). Used, expired
    or unknown links get a page saying so, with status 410 or 404."""
    try:
        invitation = usable_invitation(token)
    except InvitationUnusable as unusable:
        return render(
            request, "accounts/invitation_unusable.html", {"reason": str(unusable)}, status=410
        )
    initial = {"first_name": invitation.first_name, "last_name": invitation.last_name}
    form = AcceptInvitationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and settings.WAYPOINT_PASSWORD_LOGIN:
        try:
            person = accept_invitation(
                token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error("password1", error)
        except InvitationUnusable as unusable:
            return render(
                request, "accounts/invitation_unusable.html", {"reason": str(unusable)}, status=410
            )
        else:
            login(request, person, backend="waypoint.accounts.backends.PasswordBackend")
            messages.success(request, f"Welcome to {Organisation.current().name}, {person}.")
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )


class PasswordsOnly:
    """Password pages are for installations with password login on."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.WAYPOINT_PASSWORD_LOGIN:
            messages.info(request, "This organisation logs in with single sign-on only.")
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PasswordResetView(PasswordsOnly, auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {"organisation": Organisation.current()}
        return super().form_valid(form)


class PasswordResetConfirmView(PasswordsOnly, auth_views.PasswordResetConfirmView):
    pass


class PasswordChangeView(PasswordsOnly, auth_views.PasswordChangeView):
    pass
