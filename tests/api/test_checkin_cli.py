"""waypoint checkin KR_ID VALUE: a check-in from a script or cron, through the same action."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from tests.api.conftest import Okrs
from waypoint.okrs.models import CheckIn


def test_it_checks_in_as_the_person_named(okrs: Okrs, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("checkin", str(okrs.kr.pk), "2.7", "--as", "bob", "--note", "From the BI job")
    assert "Checked in 2.7" in capsys.readouterr().out
    okrs.kr.refresh_from_db()
    newest = CheckIn.objects.filter(key_result=okrs.kr).latest("at")
    assert okrs.kr.current == Decimal("2.7") and newest.note == "From the BI job"
    assert newest.author.username == "bob"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2.7", "--as", "charlie"], "Only members of the owner team"),
        (["lots", "--as", "bob"], "value"),
        (["2.7", "--as", "bob", "--confidence", "12"], "confidence"),
        (["2.7", "--as", "nobody"], "No active person"),
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(
    okrs: Okrs, args: list[str], message: str
) -> None:
    before = CheckIn.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("checkin", str(okrs.kr.pk), *args)
    assert CheckIn.objects.count() == before


def test_an_unknown_key_result_is_named(okrs: Okrs) -> None:
    with pytest.raises(CommandError, match="No key result 999999"):
        call_command("checkin", "999999", "1", "--as", "bob")
