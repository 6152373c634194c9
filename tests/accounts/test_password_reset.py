"""Password reset by mail (through a real SMTP server) and password change."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import Mailbox
from tests.conftest import Cast
from tests.factory import PASSWORD
from waypoint.orgs.models import Organisation

NEW_PASSWORD = "a-new-and-private-phrase"


def log_in(username: str, password: str) -> int:
    return Client().post(reverse("login"), {"username": username, "password": password}).status_code


def test_the_reset_mail_arrives_and_its_link_sets_a_new_password(
    client: Client, cast: Cast, mailbox: Mailbox
) -> None:
    cast.bob.email = "bob@example.com"
    cast.bob.save()
    Organisation.objects.create(name="Acme")
    login_page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in login_page
    response = client.post(reverse("password_reset"), {"email": "bob@example.com"})
    assert response.status_code == 302
    [mail] = mailbox.to("bob@example.com")
    assert mail["Subject"] == "Reset your password for Acme"
    link = urlsplit(mailbox.link_to("bob@example.com")).path
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert log_in("bob", NEW_PASSWORD) == 302
    assert log_in("bob", PASSWORD) == 200  # the old one no longer works
    reused = Client().get(link, follow=True)
    assert "This link cannot be used" in reused.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client: Client, cast: Cast, mailbox: Mailbox
) -> None:
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mailbox.messages == []


def test_a_malformed_address_is_explained(client: Client, cast: Cast, mailbox: Mailbox) -> None:
    response = client.post(reverse("password_reset"), {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert mailbox.messages == []


def test_a_deactivated_person_gets_no_reset_mail(
    client: Client, cast: Cast, mailbox: Mailbox
) -> None:
    cast.bob.email, cast.bob.is_active = "bob@example.com", False
    cast.bob.save()
    client.post(reverse("password_reset"), {"email": "bob@example.com"})
    assert mailbox.messages == []


def test_a_person_changes_their_password(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    assert reverse("password_change") in client.get(reverse("okrs:my-okrs")).content.decode()
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and "incorrect" in wrong.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("okrs:my-okrs")).status_code == 200  # still logged in here
    assert log_in("bob", NEW_PASSWORD) == 302


def test_with_password_login_off_there_is_no_password_form(
    client: Client, cast: Cast, settings
) -> None:
    settings.WAYPOINT_PASSWORD_LOGIN = False
    settings.WAYPOINT_OIDC_ISSUER, settings.OIDC_RP_CLIENT_ID = "https://id.example.com", "wp"
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' not in page and reverse("accounts:sso-start") in page
    assert log_in("bob", PASSWORD) == 200
    assert "_auth_user_id" not in client.session
    response = client.get(reverse("password_reset"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
