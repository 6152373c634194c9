"""The org chart with the virtual teams beside it."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import Cast
from tests.factory import make_objective, make_unit
from waypoint.okrs.models import Period

ORG = reverse("alignment:org-view")


def test_it_shows_the_org_chart_and_each_virtual_team_with_its_people_and_units(
    client: Client, cast: Cast, quarter: Period
) -> None:
    cast.virtual.member_units.add(cast.checkout, cast.search)
    make_objective(
        quarter, "One journey from search to paid", owner=cast.dana, units=[cast.virtual]
    )
    client.force_login(cast.charlie)
    html = client.get(ORG).content.decode()
    assert html.index("Acme") < html.index("Product") < html.index("Checkout")
    virtual = html[html.index('id="virtual-heading"') :]
    assert "Checkout Experience" in virtual and "1 objective" in virtual
    assert "Checkout, Search" in virtual
    assert cast.dana.display_name in virtual


def test_its_queries_do_not_grow_with_the_organisation(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.bob)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ORG).status_code == 200
        return len(captured)

    small = queries()
    for n in range(8):
        make_unit(
            f"Squad {n}",
            "virtual",
            parent=cast.product,
            members=[cast.bob],
            member_units=[cast.search],
        )
    assert queries() == small
