"""URL converters shared by every app."""

from __future__ import annotations


class IdConverter:
    """A database id in a URL: at most 18 digits, so that it always fits the 64-bit ids the
    databases store (a longer number is a 404, not an overflow in the query)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
