"""The `waypoint` command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from waypoint.__main__ import main
from waypoint.orgs.management.commands import serve


def test_it_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    main(["waypoint", "--help"])
    out = capsys.readouterr().out
    for command in ("serve", "migrate", "createsuperuser"):
        assert command in out


def test_serve_help_shows_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["waypoint", "serve", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--workers", "WAYPOINT_WORKERS"):
        assert option in out


@pytest.mark.django_db
def test_it_finds_no_pending_migrations_on_a_migrated_database() -> None:
    assert serve.pending_migrations() == []


def test_it_tells_the_operator_to_migrate() -> None:
    message = serve.pending_migrations_message(["okrs.0003_scores", "orgs.0002_roles"])
    assert "2 unapplied migration(s): okrs.0003_scores, orgs.0002_roles" in message
    assert "waypoint migrate" in message


@pytest.mark.django_db
def test_serve_refuses_to_start_with_pending_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "pending_migrations", lambda: ["okrs.0099_future"])
    monkeypatch.setattr(serve.os, "execv", pytest.fail)
    with pytest.raises(CommandError, match="okrs.0099_future"):
        call_command("serve")


def test_it_binds_ipv6_hosts_in_brackets() -> None:
    argv = serve.gunicorn_argv("::1", 9000, 3)
    assert argv[argv.index("--bind") + 1] == "[::1]:9000"
    assert argv[argv.index("--workers") + 1] == "3"
