"""Sam's journey (USER-JOURNEYS.md) end to end in a real browser: he names the organisation in
its settings, invites a colleague by mail (a real SMTP server on loopback), she accepts and
sets her password, he imports last quarter's spreadsheet as LibreOffice saved it, and she
sees the OKRs she owns."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from tests.accounts.conftest import Mailbox, mailbox
from tests.browser.conftest import LoginAs
from tests.conftest import Cast
from tests.exchange.conftest import Convert, csv_bytes, libreoffice
from tests.exchange.test_spreadsheets import row
from waypoint.okrs.models import KeyResult, Objective, Period
from waypoint.orgs.models import Membership, Organisation, Person

pytestmark = pytest.mark.browser
__all__ = ["libreoffice", "mailbox"]  # the fixtures, shared with their own test modules

PASSWORD = "a-long-and-private-phrase"


def test_sam_sets_up_invites_imports_and_his_colleague_sees_her_okrs(
    logged_in_page: LoginAs,
    browser: Browser,
    live_server: object,
    cast: Cast,
    quarter: Period,
    mailbox: Mailbox,
    libreoffice: Convert,
    tmp_path: Path,
) -> None:
    sam = logged_in_page(cast.admin)

    # 1. The organisation's settings: its name, shown on the login page and in mails.
    sam.goto("/")
    sam.get_by_role("link", name="Organisation", exact=True).click()
    expect(sam.get_by_role("heading", name="Organisation settings")).to_be_visible()
    sam.get_by_label("Name").fill("Tidewater Software")
    sam.get_by_role("button", name="Save settings").click()
    expect(sam.get_by_text("Saved the organisation's settings.")).to_be_visible()
    assert Organisation.objects.get().name == "Tidewater Software"

    # 2. Invite Nora into Checkout; the mail arrives through SMTP.
    sam.get_by_role("link", name="People", exact=True).first.click()
    sam.get_by_role("link", name="Invite people").click()
    sam.get_by_label("Email").fill("nora@example.com")
    sam.get_by_label("First name").fill("Nora")
    sam.get_by_label("Last name").fill("Newton")
    sam.get_by_label("Joins").select_option(label="Checkout")
    sam.get_by_role("button", name="Send invitation").click()
    expect(sam.get_by_text("Sent an invitation to nora@example.com.")).to_be_visible()
    expect(
        sam.get_by_role("button", name="Withdraw the invitation for nora@example.com")
    ).to_be_visible()
    [mail] = mailbox.to("nora@example.com")
    assert "Tidewater Software" in mail["Subject"]
    link = mailbox.link_to("nora@example.com")

    # 3. Nora, in her own browser, accepts and chooses a password.
    context = browser.new_context(base_url=live_server.url)  # type: ignore[attr-defined]
    nora = context.new_page()
    nora.goto(urlsplit(link).path)
    expect(nora.get_by_role("heading", name="Join Tidewater Software")).to_be_visible()
    nora.get_by_label("Choose a password").fill(PASSWORD)
    nora.get_by_label("The password again").fill(PASSWORD)
    nora.get_by_role("button", name="Create my account").click()
    nora.wait_for_url(lambda url: "/invitations/" not in url)
    person = Person.objects.get(email="nora@example.com")
    assert person.get_full_name() == "Nora Newton"
    assert Membership.objects.filter(person=person, unit=cast.checkout).exists()

    # 4. Sam imports last quarter's spreadsheet, as LibreOffice saved it, with Nora as owner.
    typed = tmp_path / "okrs-from-the-old-tool.csv"
    typed.write_bytes(
        csv_bytes(
            [
                row(quarter, owner="nora@example.com"),
                row(
                    quarter,
                    owner="nora@example.com",
                    **{"key result": "Cut refunds from 4% to 2%", "baseline": "4", "target": "2"},
                ),
            ]
        )
    )
    sheet = libreoffice(typed, "xlsx")
    sam.goto("/")
    sam.get_by_role("link", name="Spreadsheets").click()
    sam.get_by_label("Spreadsheet").set_input_files(str(sheet))
    sam.get_by_role("button", name="Check the file").first.click()
    expect(sam.get_by_role("heading", name="Ready to import")).to_be_visible()
    sam.get_by_role("button", name="Import 3 changes").click()
    expect(sam.get_by_text(f"Imported {sheet.name}: 1 objective(s) created")).to_be_visible()
    objective = Objective.objects.get(title="Payments that never fail")
    assert objective.owner == person and objective.key_results.count() == 2

    # 5. Nora sees the OKRs she owns.
    nora.goto("/")
    nora.get_by_role("link", name="My OKRs").first.click()
    expect(nora.get_by_text("Payments that never fail").first).to_be_visible()
    nora.get_by_role("link", name="Payments that never fail").first.click()
    for kr in KeyResult.objects.filter(objective=objective):
        expect(nora.get_by_text(kr.title).first).to_be_visible()
    context.close()
