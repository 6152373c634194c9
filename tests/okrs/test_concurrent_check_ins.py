"""Simultaneous check-ins on one key result: none is lost and the current value is the newest.

Runs on whichever database the suite runs on; on PostgreSQL (where rows are locked) this is the
test that caught the lost update. Each thread has its own database connection."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connections

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from waypoint.okrs import actions
from waypoint.okrs.models import CheckIn, KeyResult, Period

WORKERS = 8
ROUNDS = 12


@pytest.fixture
def kr(cast: Cast, quarter: Period) -> KeyResult:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    return make_key_result(
        objective, "Conversion from 2% to 3%", owner_unit=cast.checkout, baseline=2, target=3
    )


def check_in_together(kr_pk: int, author_pk: int, values: list[Decimal]) -> list[BaseException]:
    """Each value checked in by its own thread, all released at once."""
    from waypoint.orgs.models import Person

    start = threading.Barrier(len(values))
    errors: list[BaseException] = []

    def work(value: Decimal) -> None:
        try:
            author = Person.objects.get(pk=author_pk)
            key_result = KeyResult.objects.select_related("objective").get(pk=kr_pk)
            start.wait(timeout=10)
            actions.record_check_in(author, key_result, value=value, confidence=7)
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(value,)) for value in values]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.mark.django_db(transaction=True)
def test_simultaneous_check_ins_leave_the_newest_value_current(cast: Cast, kr: KeyResult) -> None:
    stale_rounds = 0
    for round_ in range(ROUNDS):
        values = [Decimal(f"{round_}.{worker}") for worker in range(WORKERS)]
        errors = check_in_together(kr.pk, cast.bob.pk, values)
        assert errors == []
        kr.refresh_from_db()
        newest = CheckIn.objects.filter(key_result=kr).order_by("-at", "-id").first()
        assert newest is not None
        stale_rounds += (kr.current, kr.last_checked_in_at) != (newest.value, newest.at)
    assert stale_rounds == 0
    recorded = sorted(CheckIn.objects.filter(key_result=kr).values_list("value", flat=True))
    expected = sorted(Decimal(f"{r}.{w}") for r in range(ROUNDS) for w in range(WORKERS))
    assert recorded == expected  # none lost, none duplicated
