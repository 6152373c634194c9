"""Single sign-on with OpenID Connect (mozilla-django-oidc), configured by WAYPOINT_OIDC_*.

The provider's endpoints come from its discovery document (`<issuer>/.well-known/
openid-configuration`), fetched when someone signs in and kept in the shared cache. People are
matched by a verified email address; someone new is created on first login and joins no unit
until a lead or an administrator adds them.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from waypoint.orgs.models import Person

logger = logging.getLogger(__name__)
REFUSAL = "_waypoint_sso_refusal"


class SsoRefused(Exception):
    """A login the provider vouched for that Waypoint still refuses; the message says why."""


def sso_enabled() -> bool:
    return bool(settings.WAYPOINT_OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def discovery() -> dict[str, Any]:
    """The provider's discovery document, checked to be the configured issuer's."""
    issuer = settings.WAYPOINT_OIDC_ISSUER
    key = f"waypoint:oidc-discovery:{issuer}"
    document: dict[str, Any] | None = cache.get(key)
    if document is None:
        response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10)
        response.raise_for_status()
        document = response.json()
        if document.get("issuer", "").rstrip("/") != issuer:
            raise SsoRefused("The sign-in provider's discovery document names another issuer.")
        cache.set(key, document, 3600)
    return document


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


def check_claims(claims: dict[str, Any]) -> None:
    """Refuse an address the provider has not verified, or one outside the allowed domains."""
    email = claims.get("email") or ""
    if not email:
        raise SsoRefused("Your sign-in provider did not tell Waypoint your email address.")
    if claims.get("email_verified") is not True:
        raise SsoRefused(
            f"Your sign-in provider has not verified {email}. Verify it there, then try again."
        )
    allowed = settings.WAYPOINT_OIDC_ALLOWED_DOMAINS
    if allowed and email_domain(email) not in allowed:
        raise SsoRefused(
            f"{email} is not an address of this organisation "
            f"(single sign-on accepts {', '.join('@' + d for d in allowed)})."
        )


class SsoBackend(OIDCAuthenticationBackend):
    """Authenticates the OIDC callback only; every other login passes by it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Endpoints are set in `authenticate`, once the discovery document is at hand.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Person | None:  # type: ignore[override]
        if request is None or not sso_enabled() or "code" not in request.GET:
            return None
        try:
            document = discovery()
            self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
            self.OIDC_OP_USER_ENDPOINT = document["userinfo_endpoint"]
            self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
            self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
            self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
            self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
            self.OIDC_RP_IDP_SIGN_KEY = None
            return super().authenticate(request, **kwargs)
        except SsoRefused as refusal:
            setattr(request, REFUSAL, str(refusal))
        except (requests.RequestException, SuspiciousOperation, jwt.PyJWTError, KeyError) as exc:
            logger.warning("Single sign-on refused: %s", exc)
            setattr(request, REFUSAL, "Your sign-in provider's answer could not be accepted.")
        return None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The signature and nonce (checked by the library), then that the token was issued by
        the configured issuer to this client and no other."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SsoRefused("The sign-in was meant for another application, so it was refused.")
        if str(payload.get("iss", "")).rstrip("/") != settings.WAYPOINT_OIDC_ISSUER:
            raise SsoRefused("The sign-in came from another provider, so it was refused.")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]):  # type: ignore[no-untyped-def]
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        check_claims(claims)
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) > 1:
            raise SsoRefused(
                f"More than one person has the address {claims['email']}; "
                "ask an administrator to fix that."
            )
        if users:
            person = users[0]
            if not person.is_active:
                raise SsoRefused("Your account has been deactivated.")
            return person
        from waypoint.accounts.actions import create_person_from_sso

        return create_person_from_sso(claims)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return True  # checked in get_or_create_user, with the reason kept


class SsoStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's authorization endpoint."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:  # type: ignore[override]
        if not sso_enabled():
            messages.error(request, "Single sign-on is not set up on this installation.")
            return HttpResponseRedirect(reverse("login"))
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discovery()["authorization_endpoint"]
        except (requests.RequestException, SsoRefused, KeyError, ValueError) as exc:
            logger.warning("Single sign-on provider unreachable: %s", exc)
            messages.error(request, "The sign-in provider cannot be reached; try again shortly.")
            return HttpResponseRedirect(reverse("login"))
        return super().get(request)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: logged in, or the login page saying why not."""

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, REFUSAL, None) or (
            "The sign-in was cancelled or could not be completed."
        )
        messages.error(self.request, reason)
        return HttpResponseRedirect(reverse("login"))
