"""Inviting a person to a council by email, and the link that email carries: single-use,
expiring, stored only as a digest, limited in number, and never a 500 however it is opened."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from strategies.models import ChangeRecord, CouncilRole, Invitation, Role
from strategies.people import invitation_accept, invitation_send, token_digest
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

NEW_PASSWORD = "a-long-new-password-for-pledge"


def link_in(message) -> str:
    """The invitation's path, read from the plain-text part of the email."""
    return urlsplit(re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)).path


def invite(council, admin, email="new.officer@example.org", role=Role.OFFICER):
    mail.outbox = []
    invitation = invitation_send(organisation=council, email=email, role=role, invited_by=admin)
    (message,) = mail.outbox
    return invitation, message


def token_of(message) -> str:
    return link_in(message).rstrip("/").rsplit("/", 1)[1]


def test_the_email_names_the_council_as_sender_and_carries_the_link_in_both_parts(
    council, admin_user, settings
):
    settings.PLEDGE_SITE_URL = "https://pledge.example.org"
    invitation, message = invite(council, admin_user)

    assert message.to == ["new.officer@example.org"]
    assert message.from_email == "Testshire County Council via Pledge <pledge@localhost>"
    assert message.subject == "You are invited to Testshire County Council on Pledge"
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    path = link_in(message)
    assert f"https://pledge.example.org{path}" in message.body
    assert f'href="https://pledge.example.org{path}"' in html
    assert "as Officer for Testshire County Council" in message.body
    # Only the digest is kept: the database holds nothing that opens the link.
    token = token_of(message)
    assert token not in invitation.token_hash
    assert invitation.token_hash == token_digest(token)
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)


def test_inviting_is_recorded_with_who_and_what(council, admin_user):
    invitation, _ = invite(council, admin_user)

    record = ChangeRecord.objects.for_object(invitation).get()
    assert (record.actor, record.organisation) == (admin_user, council)
    assert record.changes == {"role": [None, "officer"]}


@pytest.mark.parametrize("persona", ["owner", "officer", "outsider"])
def test_only_the_councils_administrators_may_invite(council, personas, persona):
    with pytest.raises(PermissionDenied):
        invitation_send(
            organisation=council,
            email="x@example.org",
            role=Role.ADMIN,
            invited_by=personas[persona],
        )
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_administrator_cannot_invite_anyone_to_another_council(other_council, admin_user):
    with pytest.raises(PermissionDenied):
        invitation_send(
            organisation=other_council,
            email="x@example.org",
            role=Role.ADMIN,
            invited_by=admin_user,
        )
    assert not Invitation.objects.exists()


def test_someone_already_in_the_council_is_not_invited_again(council, admin_user, officer):
    with pytest.raises(ValidationError) as refused:
        invitation_send(
            organisation=council,
            email="OFFICER@example.org",
            role=Role.OWNER,
            invited_by=admin_user,
        )
    assert "already has a role in Testshire County Council" in str(refused.value)


def test_a_council_sends_a_limited_number_of_invitations_a_day(council, admin_user, settings):
    settings.PLEDGE_INVITATIONS_PER_DAY = 3
    for number in range(3):
        invite(council, admin_user, email=f"person{number}@example.org")
    with pytest.raises(ValidationError) as refused:
        invite(council, admin_user, email="one.more@example.org")
    assert "has sent 3 invitations in the last 24 hours" in str(refused.value)
    assert Invitation.objects.count() == 3


def test_one_address_is_sent_a_limited_number_and_only_the_newest_link_works(
    client, council, admin_user, settings
):
    settings.PLEDGE_INVITATIONS_PER_ADDRESS = 2
    _, first_email = invite(council, admin_user)
    _, second_email = invite(council, admin_user)
    with pytest.raises(ValidationError):
        invite(council, admin_user, email="New.Officer@example.org")

    assert client.get(link_in(first_email)).status_code == 410
    assert client.get(link_in(second_email)).status_code == 200


def test_the_limit_counts_only_the_last_day(council, admin_user, settings):
    settings.PLEDGE_INVITATIONS_PER_DAY = 1
    invitation, _ = invite(council, admin_user)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    invite(council, admin_user, email="another@example.org")


def test_an_email_that_cannot_be_sent_keeps_nothing(council, admin_user, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.strategies.broken_mail.BrokenBackend"}}
    with pytest.raises(OSError):
        invitation_send(
            organisation=council, email="x@example.org", role=Role.OFFICER, invited_by=admin_user
        )
    assert not Invitation.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_a_new_person_chooses_a_password_then_signs_in_with_their_email(
    client, council, admin_user
):
    _, message = invite(council, admin_user, email="New.Officer@Example.org")
    page = client.get(link_in(message))
    assert page.status_code == 200
    assert b"Your username is your email address" in page.content

    answer = client.post(
        link_in(message),
        {
            "first_name": "Nia",
            "last_name": "Officer",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("accounts:login"))
    person = get_user_model().objects.get(email="new.officer@example.org")
    assert (person.username, str(person), person.is_staff) == (
        "new.officer@example.org",
        "Nia Officer",
        False,
    )
    assert CouncilRole.objects.get(user=person).role == Role.OFFICER
    assert client.login(username="new.officer@example.org", password=NEW_PASSWORD)
    # Used: the same link now says so.
    used = client.get(link_in(message))
    assert used.status_code == 410
    assert b"This invitation has been used" in used.content


def test_the_password_form_says_what_is_wrong_in_govuk_words(client, council, admin_user):
    _, message = invite(council, admin_user)

    empty = client.post(link_in(message), {})
    assert b"Error: Join Testshire County Council on Pledge" in empty.content
    for words in (b"Enter your first name", b"Enter a password", b"Confirm your password"):
        assert words in empty.content
    different = client.post(
        link_in(message),
        {"first_name": "A", "last_name": "B", "password1": NEW_PASSWORD, "password2": "other"},
    )
    assert b"Enter the same password in both fields" in different.content
    weak = client.post(
        link_in(message),
        {"first_name": "A", "last_name": "B", "password1": "12345678", "password2": "12345678"},
    )
    assert b"This password is entirely numeric" in weak.content
    assert not get_user_model().objects.filter(email="new.officer@example.org").exists()


def test_someone_with_an_account_signs_in_and_accepts_without_a_new_account(
    client, council, other_council, admin_user, outsider
):
    _, message = invite(council, admin_user, email="outsider@example.org", role=Role.BOARD)
    signed_out = client.get(link_in(message))
    assert b"Sign in to accept" in signed_out.content
    # A password typed while signed out makes no second account.
    client.post(link_in(message), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert get_user_model().objects.filter(email="outsider@example.org").count() == 1

    client.login(username="outsider", password=PASSWORD)
    assert b"Accept the invitation" in client.get(link_in(message)).content
    answer = client.post(link_in(message))

    assert answer["Location"] == reverse("governance:council-home", kwargs={"org": "testshire"})
    roles = dict(CouncilRole.objects.filter(user=outsider).values_list("organisation", "role"))
    assert roles == {council.pk: Role.BOARD, other_council.pk: Role.OWNER}


def test_someone_signed_in_as_another_person_cannot_take_the_invitation(
    client, council, admin_user, viewer
):
    _, message = invite(council, admin_user)
    client.force_login(viewer)

    assert b"this invitation is for another email address" in client.get(link_in(message)).content
    client.post(link_in(message), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert Invitation.objects.get().used_at is None
    with pytest.raises(ValidationError):
        invitation_accept(token=token_of(message), person=viewer)


def test_an_expired_invitation_says_so_and_cannot_be_accepted(client, council, admin_user):
    invitation, message = invite(council, admin_user)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    page = client.get(link_in(message))
    assert page.status_code == 410
    assert b"This invitation has expired" in page.content
    assert b"Ask an administrator of Testshire County Council" in page.content
    assert client.post(link_in(message), {"password1": "x"}).status_code == 410
    with pytest.raises(ValidationError):
        invitation_accept(token=token_of(message), password=NEW_PASSWORD)
    assert not CouncilRole.objects.filter(user__email="new.officer@example.org").exists()


@pytest.mark.parametrize(
    "token", ["not-a-token", "A" * 43, "%00", "x" * 2000, "..%2Fadmin", "é"], ids=repr
)
def test_an_unknown_token_is_a_clear_page_never_an_error(client, officer, token):
    url = reverse("strategies:invitation-accept", kwargs={"token": token})
    for signed_in in (False, True):
        if signed_in:
            client.force_login(officer)
        page = client.get(url)
        assert page.status_code == 404
        assert b"This invitation link is not valid" in page.content
        assert "no-store" in page["Cache-Control"]


def test_a_link_accepted_a_second_time_gives_no_second_role(council, admin_user, make_person):
    _, message = invite(council, admin_user, email="twice@example.org")
    person = make_person("twice")
    invitation_accept(token=token_of(message), person=person)
    with pytest.raises(ValidationError):
        invitation_accept(token=token_of(message), person=person)
    assert CouncilRole.objects.filter(user=person).count() == 1
