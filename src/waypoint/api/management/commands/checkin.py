"""waypoint checkin KR_ID VALUE --as USER [--confidence C] [--note …] [--as-of DATE]"""

from __future__ import annotations

from typing import Any

import pydantic
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from waypoint.api.management.commands.token import find_person
from waypoint.api.schemas import CheckInCreate
from waypoint.okrs import actions
from waypoint.okrs.access import get_key_result_for_user


class Command(BaseCommand):
    help = (
        "Check in on a key result from a script or cron: record VALUE as USER (who must be "
        "allowed to check in on it, as on its page). Confidence (0-10) defaults to the last one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key_result", metavar="KR_ID", type=int)
        parser.add_argument("value", metavar="VALUE")
        parser.add_argument("--as", dest="username", required=True, metavar="USER")
        parser.add_argument("--confidence", type=int, default=None, metavar="C")
        parser.add_argument("--note", default="")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            default=None,
            metavar="DATE",
            help="The day the reading is for (YYYY-MM-DD), inside the period, not in the future.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        person = find_person(options["username"])
        try:
            key_result = get_key_result_for_user(person, options["key_result"], check_in=True)
            confidence = options["confidence"]
            if confidence is None:
                confidence = key_result.confidence if key_result.confidence is not None else 5
            # The API's own input rules: a number the database holds, 0-10, clean text.
            given = CheckInCreate(
                value=options["value"],
                confidence=confidence,
                note=options["note"],
                as_of=options["as_of"] or None,
            )
            check_in = actions.record_check_in(
                person,
                key_result,
                value=given.value,
                confidence=given.confidence,
                note=given.note,
                as_of=given.as_of,
            )
        except pydantic.ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()
            )
            raise CommandError(f"Refused: {problems}.") from error
        except Http404 as error:
            raise CommandError(f"No key result {options['key_result']}.") from error
        except (PermissionDenied, ValidationError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError(" ".join(messages)) from error
        self.stdout.write(
            f"Checked in {check_in.value.normalize():f} (confidence {check_in.confidence}) on "
            f"“{key_result.title}”, as of {check_in.as_of.isoformat()}."
        )
