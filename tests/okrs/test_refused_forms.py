"""A refused form never loses what was typed: the page comes back with every value in it."""

from __future__ import annotations

from html import escape

from django.test import Client

from tests.conftest import Cast
from tests.factory import make_objective
from waypoint.okrs.models import Objective, Period

TITLE = "Make checkout effortless on mobile & tablets"
DESCRIPTION = "Half our buyers are on phones.\nThey give up at payment, not at search."


def test_a_refused_new_objective_comes_back_with_its_title_and_description(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.alice)
    response = client.post(
        f"/objectives/new/?unit={cast.checkout.slug}&period={quarter.slug}",
        {"title": TITLE, "description": DESCRIPTION, "owner": cast.alice.pk, "units": []},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "An objective needs at least one owning unit." in html
    assert f'value="{escape(TITLE)}"' in html
    assert f">\n{escape(DESCRIPTION)}</textarea>" in html
    assert not Objective.objects.exists()


def test_a_refused_edit_comes_back_with_the_new_words_not_the_stored_ones(
    client: Client, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(quarter, "Checkout works", owner=cast.alice, units=[cast.checkout])
    client.force_login(cast.alice)
    response = client.post(
        f"/objectives/{objective.pk}/edit/",
        {"title": TITLE, "description": DESCRIPTION, "owner": cast.alice.pk, "units": []},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{escape(TITLE)}"' in html
    assert f">\n{escape(DESCRIPTION)}</textarea>" in html
    objective.refresh_from_db()
    assert objective.title == "Checkout works"
