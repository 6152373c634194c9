"""`waypoint worker` and `waypoint tick` over the real task queue: reminders go out through a
real SMTP server and webhook deliveries to a real receiver, and two workers side by side send
nothing twice."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from decimal import Decimal
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.conftest import Cast
from tests.factory import make_key_result, make_objective
from tests.hooks.receivers import receiver, verify
from waypoint.hooks import actions as hook_actions
from waypoint.okrs import actions as okr_actions
from waypoint.okrs.models import KeyResult, Period
from waypoint.orgs.models import Person


class Inbox:
    def __init__(self) -> None:
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.recipients.append(message_from_bytes(envelope.content)["To"])
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database, for worker processes started by the test."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def team(cast: Cast, quarter: Period) -> KeyResult:
    for person in (cast.alice, cast.bob):
        Person.objects.filter(pk=person.pk).update(email=f"{person.username}@example.com")
    objective = make_objective(
        quarter, "Checkout is effortless", owner=cast.alice, units=[cast.checkout]
    )
    make_key_result(objective, "Fewer refunds", owner_unit=cast.checkout, baseline=4, target=2)
    return make_key_result(
        objective, "Raise conversion", owner_unit=cast.checkout, baseline=2, target=3
    )


def wait_until(condition: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_each_reminder_and_each_webhook_once(
    cast: Cast, team: KeyResult, settings: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.WAYPOINT_WEBHOOK_ALLOW_PRIVATE = True
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "WAYPOINT_DATA_DIR": str(tmp_path),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "WAYPOINT_WEBHOOK_ALLOW_PRIVATE": "true",
        "WAYPOINT_SECRET_KEY": "insecure-test-only-key",
    }
    workers: list[subprocess.Popen] = []
    try:
        with receiver() as hooks:
            new = hook_actions.create_webhook(
                cast.admin, name="Receiver", url=hooks.url, unit=None, categories=["check_in"]
            )
            okr_actions.record_check_in(cast.alice, team, value=Decimal("2.1"), confidence=6)
            started = time.monotonic()
            for _ in range(2):
                workers.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "waypoint", "worker", "--every", "0.5"]
                        + ["--interval", "0.1"],
                        env=env,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE,
                    )
                )
            wait_until(lambda: len(hooks.requests) >= 1 and len(inbox.recipients) >= 2)
            delivered = time.monotonic() - started
            passes = DBTaskResult.objects.filter(
                task_path="waypoint.cadence.tasks.send_reminders_task", status="SUCCESSFUL"
            )

            def workers_that_ran_passes() -> set[str]:
                return {w for ids in passes.values_list("worker_ids", flat=True) for w in ids}

            # Both workers up (start-up is slow on a busy machine) and a few passes in all.
            wait_until(lambda: len(workers_that_ran_passes()) >= 2 and passes.count() >= 4, 180)
            ran_by = workers_that_ran_passes()
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(timeout=30) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
        smtp.stop()
    # "Fewer refunds" has no check-in yet: one digest each, however many passes ran.
    assert sorted(inbox.recipients) == ["alice@example.com", "bob@example.com"]
    assert len(hooks.requests) == 1 and verify(
        new.secret, hooks.requests[0].headers, hooks.requests[0].body
    )
    logs = [w.stderr.read().decode()[-3000:] for w in workers]
    assert codes == [0, 0], logs
    assert len(ran_by) == 2  # both workers took passes
    with capsys.disabled():
        print(
            f"\ntwo workers: webhook and digests in {delivered:.2f} s from process start "
            "(Python and Django start-up included); "
            f"{passes.count()} reminder passes, digests to {sorted(inbox.recipients)}"
        )


def test_tick_can_leave_the_pass_to_a_worker(cast: Cast, team: KeyResult, capsys: Any) -> None:
    call_command("tick", "--enqueue-only")
    assert "Queued a reminder pass" in capsys.readouterr().out and mail.outbox == []
    call_command("tick", "--enqueue-only")  # still one pass waiting, not two
    assert DBTaskResult.objects.ready().count() == 1
    call_command("worker", "--once")
    assert "Ran 1 task(s)" in capsys.readouterr().out
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "bob@example.com"]
    call_command("tick")
    assert "Sent 0 digest(s)" in capsys.readouterr().out and len(mail.outbox) == 2
