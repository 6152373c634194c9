"""Mail settings from one `EMAIL_URL` (parsed by dj-email-url), refused at start when they
cannot work: `smtp://user:password@host:25`, `smtp+tls://…:587` (STARTTLS) or
`smtp+ssl://…:465`. Without it, mail is written to the console."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import dj_email_url

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"
SCHEMES = {"smtp": (False, False), "smtp+tls": (True, False), "smtp+ssl": (False, True)}


class EmailUrlError(ValueError):
    pass


def email_settings(url: str) -> dict[str, Any]:
    """Django's EMAIL_* settings for `url`; EmailUrlError with the reason when it is unusable."""
    if not url:
        return {"EMAIL_BACKEND": CONSOLE}
    scheme = urlsplit(url).scheme
    if scheme not in SCHEMES:
        raise EmailUrlError(
            f"EMAIL_URL must start with smtp://, smtp+tls:// or smtp+ssl://, not {scheme or url!r}."
        )
    try:
        parsed = dj_email_url.parse(url)
    except ValueError as exc:
        raise EmailUrlError(f"EMAIL_URL cannot be parsed: {exc}.") from exc
    if not parsed.get("EMAIL_HOST"):
        raise EmailUrlError(
            "EMAIL_URL names no host, e.g. smtp+tls://user:password@mail.example.com:587."
        )
    tls, ssl = SCHEMES[scheme]
    return {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": parsed["EMAIL_HOST"],
        "EMAIL_PORT": parsed["EMAIL_PORT"] or (465 if ssl else 587 if tls else 25),
        "EMAIL_HOST_USER": parsed["EMAIL_HOST_USER"] or "",
        "EMAIL_HOST_PASSWORD": parsed["EMAIL_HOST_PASSWORD"] or "",
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
        "EMAIL_TIMEOUT": 20,
    }
