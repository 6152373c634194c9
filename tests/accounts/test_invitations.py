"""Invitations by mail: a one-time link that expires, sent through a real SMTP server."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.accounts.conftest import Mailbox
from tests.conftest import Cast
from waypoint.accounts.models import Invitation
from waypoint.orgs.models import Membership, Organisation, OrgEvent, Person

NEW_PASSWORD = "a-long-and-private-phrase"


def invite(client: Client, email: str, unit_pk: int | str = "", role: str = "member"):  # type: ignore[no-untyped-def]
    data = {"email": email, "first_name": "Erin", "last_name": "Evans", "unit": unit_pk}
    return client.post(reverse("orgs:invite"), {**data, "role": role})


def accept(client: Client, link: str, password: str = NEW_PASSWORD):  # type: ignore[no-untyped-def]
    data = {"first_name": "Erin", "last_name": "Evans", "password1": password}
    return client.post(urlsplit(link).path, {**data, "password2": password})


def test_an_invitation_mail_arrives_and_its_link_creates_the_account(
    client: Client, cast: Cast, mailbox: Mailbox
) -> None:
    Organisation.objects.create(name="Acme")
    client.force_login(cast.admin)
    response = invite(client, "erin@example.com", cast.checkout.pk)
    assert response.status_code == 302
    [mail] = mailbox.to("erin@example.com")
    assert mail["Subject"] == "Ada Admin invites you to Acme's OKRs"
    link = mailbox.link_to("erin@example.com")
    assert link.startswith("http://testserver/accounts/invitations/")

    visitor = Client()
    page = visitor.get(urlsplit(link).path)
    assert page.status_code == 200
    assert "Join Acme" in page.content.decode() and "erin@example.com" in page.content.decode()
    response = accept(visitor, link)
    assert response.status_code == 302
    erin = Person.objects.get(email="erin@example.com")
    assert erin.get_full_name() == "Erin Evans" and erin.check_password(NEW_PASSWORD)
    assert Membership.objects.filter(person=erin, unit=cast.checkout, role="member").exists()
    assert visitor.get(reverse("okrs:my-okrs")).status_code == 200  # logged in

    fresh = Client()
    login = fresh.post(reverse("login"), {"username": erin.username, "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_a_used_link_is_refused_with_a_clear_page(
    client: Client, cast: Cast, mailbox: Mailbox
) -> None:
    client.force_login(cast.admin)
    invite(client, "erin@example.com")
    link = mailbox.link_to("erin@example.com")
    accept(Client(), link)
    again = Client().get(urlsplit(link).path)
    assert again.status_code == 410
    assert "This invitation has been used already" in again.content.decode()
    before = Person.objects.count()
    assert accept(Client(), link, "another-long-phrase").status_code == 410
    assert Person.objects.count() == before


def test_an_expired_link_is_refused_and_creates_nobody(
    client: Client, cast: Cast, mailbox: Mailbox
) -> None:
    client.force_login(cast.admin)
    invite(client, "erin@example.com")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    link = mailbox.link_to("erin@example.com")
    page = Client().get(urlsplit(link).path)
    assert page.status_code == 410 and "This invitation expired on" in page.content.decode()
    assert accept(Client(), link).status_code == 410
    assert not Person.objects.filter(email="erin@example.com").exists()


def test_the_link_expires_after_a_week(client: Client, cast: Cast, mailbox: Mailbox) -> None:
    client.force_login(cast.admin)
    invite(client, "erin@example.com")
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert "for 7 days" in mailbox.to("erin@example.com")[0].get_payload(decode=True).decode()


def test_an_unknown_or_mangled_link_is_refused(cast: Cast, client: Client) -> None:
    page = client.get(reverse("accounts:invitation-accept", args=["not-a-real-token"]))
    assert page.status_code == 410
    assert "This invitation link is not valid" in page.content.decode()


def test_a_weak_or_mismatched_password_keeps_the_link_working(
    client: Client, cast: Cast, mailbox: Mailbox
) -> None:
    client.force_login(cast.admin)
    invite(client, "erin@example.com")
    link = mailbox.link_to("erin@example.com")
    visitor = Client()
    weak = accept(visitor, link, "password")
    assert weak.status_code == 400 and "too common" in weak.content.decode()
    data = {"first_name": "Erin", "password1": NEW_PASSWORD, "password2": "something else"}
    differ = visitor.post(urlsplit(link).path, data)
    assert differ.status_code == 400 and "The two passwords differ" in differ.content.decode()
    assert not Person.objects.filter(email="erin@example.com").exists()
    assert accept(visitor, link).status_code == 302


def test_a_lead_invites_into_their_own_team_only(
    client: Client, cast: Cast, mailbox: Mailbox
) -> None:
    client.force_login(cast.alice)
    page = client.get(reverse("orgs:invite")).content.decode()
    assert f'<option value="{cast.checkout.pk}"' in page
    assert f'<option value="{cast.search.pk}"' not in page
    refused = invite(client, "erin@example.com", cast.search.pk)
    assert refused.status_code == 400 and not mailbox.messages
    assert invite(client, "erin@example.com", cast.checkout.pk, role="lead").status_code == 302
    assert Invitation.objects.get().unit == cast.checkout
    client.force_login(cast.bob)
    assert client.get(reverse("orgs:invite")).status_code == 403


def test_an_address_that_already_has_an_account_is_not_invited(
    client: Client, cast: Cast, mailbox: Mailbox
) -> None:
    cast.bob.email = "bob@example.com"
    cast.bob.save()
    client.force_login(cast.admin)
    response = invite(client, "BOB@example.com")
    assert response.status_code == 400
    assert "already has an account" in response.content.decode()
    assert not mailbox.messages and not Invitation.objects.exists()


def test_when_the_mail_cannot_be_sent_nothing_is_kept(client: Client, cast: Cast, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    client.force_login(cast.admin)
    response = invite(client, "erin@example.com")
    assert response.status_code == 400
    assert "could not be sent" in response.content.decode()
    assert not Invitation.objects.exists() and not OrgEvent.objects.exists()


def test_withdrawing_an_invitation_from_the_people_page_makes_its_link_fail_clearly(
    client: Client, cast: Cast, mailbox: Mailbox
) -> None:
    client.force_login(cast.admin)
    invite(client, "erin@example.com", cast.checkout.pk)
    invitation = Invitation.objects.get()
    link = mailbox.link_to("erin@example.com")
    page = client.get(reverse("orgs:people")).content.decode()
    assert "erin@example.com" in page and "Withdraw" in page
    url = reverse("orgs:invitation-withdraw", args=[invitation.pk])
    response = client.post(url, follow=True)
    text = response.content.decode()
    assert "Withdrew the invitation for erin@example.com: its link no longer works." in text
    assert "Invitations not yet accepted" not in text  # no longer pending
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and invitation.state == "revoked"
    assert OrgEvent.objects.filter(text="Withdrew the invitation for erin@example.com").exists()

    visitor = Client()
    refused = visitor.get(urlsplit(link).path)
    assert refused.status_code == 410
    assert "This invitation was withdrawn. Ask for a new one." in refused.content.decode()
    assert accept(visitor, link).status_code == 410
    assert not Person.objects.filter(email="erin@example.com").exists()

    again = client.post(url, follow=True).content.decode()
    assert "was withdrawn already; nothing was changed" in again


def test_an_accepted_invitation_cannot_be_withdrawn(
    client: Client, cast: Cast, mailbox: Mailbox
) -> None:
    from waypoint.accounts.actions import withdraw_invitation

    client.force_login(cast.admin)
    invite(client, "erin@example.com")
    accept(Client(), mailbox.link_to("erin@example.com"))
    invitation = Invitation.objects.get()
    with pytest.raises(ValidationError, match="was accepted already; nothing was changed"):
        withdraw_invitation(cast.admin, invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and invitation.state == "accepted"


def test_a_lead_sees_and_withdraws_only_their_teams_invitations(
    client: Client, cast: Cast, mailbox: Mailbox
) -> None:
    client.force_login(cast.admin)
    invite(client, "erin@example.com", cast.checkout.pk)
    invite(client, "sid@example.com", cast.search.pk)
    into_checkout = Invitation.objects.get(email="erin@example.com")
    into_search = Invitation.objects.get(email="sid@example.com")
    client = Client()  # without the administrator's flash messages
    client.force_login(cast.alice)  # leads Checkout
    page = client.get(reverse("orgs:people")).content.decode()
    assert "erin@example.com" in page and "sid@example.com" not in page
    assert (
        client.post(reverse("orgs:invitation-withdraw", args=[into_search.pk])).status_code == 403
    )
    into_search.refresh_from_db()
    assert into_search.state == "pending"
    assert (
        client.post(reverse("orgs:invitation-withdraw", args=[into_checkout.pk])).status_code == 302
    )
    into_checkout.refresh_from_db()
    assert into_checkout.state == "revoked"
    client.force_login(cast.bob)  # a member, not a lead
    assert "Withdraw" not in client.get(reverse("orgs:people")).content.decode()
