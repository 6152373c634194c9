"""Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>" with the webhook's secret, sent as
`Waypoint-Signature: t=<unix seconds>,v1=<hex digest>`. Receivers recompute it and refuse a
timestamp older than TOLERANCE_SECONDS, so a captured request cannot be replayed later."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOLERANCE_SECONDS = 300
SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"
