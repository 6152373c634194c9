"""Username and password login, which an installation using single sign-on may switch off."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class PasswordBackend(ModelBackend):
    """Django's own password check, while WAYPOINT_PASSWORD_LOGIN is on. Deactivated people are
    refused (as by Django), and their open sessions end with their next request."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        if not settings.WAYPOINT_PASSWORD_LOGIN:
            return None
        return super().authenticate(request, *args, **kwargs)
