"""Smoke test of the browser setup: the login round trip."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LoginAs
from waypoint.orgs.models import Person, Unit

pytestmark = pytest.mark.browser


def test_it_sends_a_logged_out_visitor_to_the_login_page(page: Page, company: Unit) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("input[name=password]")).to_be_visible()


def test_it_lands_on_the_company_page_after_logging_in(
    logged_in_page: LoginAs, alice: Person, company: Unit, quarter: object
) -> None:
    page = logged_in_page(alice)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_contain_text(company.name)


def test_it_shows_an_error_for_a_wrong_password(page: Page, alice: Person) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", alice.username)
    page.fill("input[name=password]", "not-her-password")
    page.locator("form:has(input[name=password]) [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
