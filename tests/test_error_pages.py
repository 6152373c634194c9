"""The frame every page shares: error pages (403, 404, 500, a refused form) in the product's
layout with a way back, the favicon wherever a browser looks for it, the product's name."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.test import Client
from django.urls import include, path, reverse

from tests.conftest import Cast
from tests.factory import make_objective
from waypoint.okrs.models import Objective, Period
from waypoint.orgs.models import Person


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a page")


# Used as the URLconf of the 500 tests: the product's URLs plus a page that fails.
urlpatterns = [path("broken/", broken_view), path("", include("waypoint.urls"))]


def logged_in(client: Client, person: Person) -> Client:
    client.force_login(person)
    return client


def assert_in_the_layout_with_a_way_back(html: str) -> None:
    assert 'class="topbar"' in html
    assert 'href="/static/waypoint/app.css"' in html or "/static/waypoint/app." in html
    assert f'href="{reverse("okrs:home")}">Go to the company page</a>' in html


def test_a_missing_objective_is_a_404_page_with_the_menu_and_a_way_back(
    client: Client, cast: Cast
) -> None:
    response = logged_in(client, cast.bob).get("/objectives/999999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "This page does not exist" in html
    assert_in_the_layout_with_a_way_back(html)
    assert 'aria-label="Main"' in html  # the signed-in menu, not a bare page


def test_an_unknown_address_is_the_same_404_page_when_signed_out(client: Client) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()


def test_a_forbidden_edit_is_a_403_page_that_says_why(
    client: Client, cast: Cast, quarter: Period
) -> None:
    objective = make_objective(
        quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout]
    )
    response = logged_in(client, cast.charlie).get(f"/objectives/{objective.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "You cannot do this here" in html
    assert "edit this objective" in html  # the refusal's own reason
    assert_in_the_layout_with_a_way_back(html)


def test_a_form_sent_without_its_csrf_token_is_refused_with_a_way_back_to_the_form(
    cast: Cast, quarter: Period
) -> None:
    client = logged_in(Client(enforce_csrf_checks=True), cast.alice)
    client.get("/objectives/new/")  # sets the CSRF cookie, as a browser would have it
    response = client.post("/objectives/new/", {"title": "Make checkout effortless"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "This form could not be sent" in html
    assert "Nothing was saved." in html
    assert 'href="/objectives/new/">Open the form again</a>' in html
    assert_in_the_layout_with_a_way_back(html)
    assert not Objective.objects.exists()


def test_a_form_sent_with_cookies_off_says_to_allow_them(cast: Cast) -> None:
    client = logged_in(Client(enforce_csrf_checks=True), cast.alice)
    response = client.post("/objectives/new/", {"title": "x"})
    assert response.status_code == 403
    assert "Allow cookies for this site" in response.content.decode()


@pytest.mark.urls("tests.test_error_pages")
def test_a_server_error_is_a_500_page_in_the_layout(cast: Cast) -> None:
    client = logged_in(Client(raise_request_exception=False), cast.bob)
    response = client.get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert_in_the_layout_with_a_way_back(html)


def test_the_500_page_renders_without_a_request(db: None) -> None:
    """Django renders 500.html with an empty context: no request, no user, no site name."""
    html = loader.get_template("500.html").render()
    assert "Something went wrong on our side" in html
    assert "<title>Something went wrong · Waypoint</title>" in html
    assert_in_the_layout_with_a_way_back(html)


def test_favicon_ico_leads_to_the_icon_the_pages_link(client: Client, cast: Cast) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content) if icon.streaming else icon.content
    page = logged_in(client, cast.bob).get("/")
    assert f'<link rel="icon" href="{response["Location"]}"' in page.content.decode()


def test_the_login_page_names_the_product_not_the_host(client: Client, db: None) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert "Log in to Waypoint</h1>" in html
    assert "<title>Log in · Waypoint</title>" in html
