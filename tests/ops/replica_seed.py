"""The organisation of the read-replica test, written to the primary before the replica is made.

Run as `python -m tests.ops.replica_seed OUT.json` with DATABASE_URL naming the (migrated)
primary: builds the test cast and the main pages' organisation (tests/browser/main_pages.py),
an API token, and writes the URLs to crawl and the ids the test needs to OUT.json.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(out: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.utils import timezone

    from tests.browser.main_pages import MAIN_PAGES, build_org
    from tests.factory import PASSWORD, ensure_periods, make_cast
    from waypoint.api.actions import create_token
    from waypoint.api.models import ApiToken
    from waypoint.domain.periods import quarter_of
    from waypoint.okrs.models import Period

    today = timezone.localdate()
    ensure_periods(today)
    quarter = Period.objects.get(slug=quarter_of(today).slug)
    # A fast hash: the test logs in several people, and the server checks each password.
    cast = make_cast(PBKDF2PasswordHasher().encode(PASSWORD, "replica", iterations=1000))
    org = build_org(cast, quarter)
    token = create_token(cast.alice, cast.alice, name="BI", scope=ApiToken.Scope.READ).secret
    pages = [
        {"name": page.name, "url": page.url(org), "who": page.who, "status": page.status}
        for page in MAIN_PAGES
    ]
    pages += [
        {"name": "inbox", "url": "/inbox/", "who": "alice", "status": 200},
        {
            "name": "alignment data",
            "url": f"/alignment/map-data/?period={quarter.slug}",
            "who": "alice",
            "status": 200,
        },
        {
            "name": "team check-in",
            "url": f"/units/{cast.checkout.slug}/check-ins/",
            "who": "bob",
            "status": 200,
        },
    ]
    out.write_text(
        json.dumps(
            {
                "pages": pages,
                "objective_url": org.objective.get_absolute_url(),
                "objective_title": org.objective.title,
                "kr": org.kr.pk,
                "api_list": f"/api/v1/objectives?unit={cast.checkout.slug}",
                "token": token,
                "usernames": {"alice": cast.alice.username, "bob": cast.bob.username},
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
