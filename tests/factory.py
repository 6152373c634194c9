"""Plain `make_*` factories for tests: the same ones the demo organisation is built with."""

from __future__ import annotations

from waypoint.seed import (
    add_member,
    ensure_periods,
    make_check_in,
    make_key_result,
    make_objective,
    make_period,
    make_person,
    make_unit,
    period_from_span,
)

# Every person in the test cast logs in with this password.
PASSWORD = "correct-horse-battery"

__all__ = [
    "PASSWORD",
    "add_member",
    "ensure_periods",
    "make_check_in",
    "make_key_result",
    "make_objective",
    "make_period",
    "make_person",
    "make_unit",
    "period_from_span",
]
