"""Fixtures the check-in tests share: a period that is running, and a key result in it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective, make_period
from waypoint.okrs.models import KeyResult, Period


@pytest.fixture
def period(db: None) -> Period:
    """A period that began three weeks ago and runs on for six more."""
    today = timezone.localdate()
    return make_period("custom", "Autumn push", today - timedelta(days=21), today + timedelta(42))


@pytest.fixture
def kr(cast: Cast, period: Period) -> KeyResult:
    """Checkout's satisfaction key result, measured in points, owned by Alice's objective."""
    objective = make_objective(period, "Faster support", owner=cast.alice, units=[cast.checkout])
    return make_key_result(
        objective,
        "Satisfaction from 3.1 to 3.5",
        owner_unit=cast.checkout,
        baseline=3.1,
        target=3.5,
        unit_label="pts",
    )
