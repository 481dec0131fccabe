"""The password reset page: limited per address and per client, and as quick for an address
nobody has as for one that belongs to someone (the email is sent after the answer)."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import PasswordResetRequest
from accounts.views import PasswordResetRequestView
from tests.accounts.test_sign_in_pages import error_summary

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

TOO_MANY = "You have asked for too many reset links. Wait 60 minutes, then try again."


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user(
        username="officer", password="a-long-test-password-9", email="officer@example.org"
    )


def ask(client, email: str, address: str = "127.0.0.1"):
    return client.post(reverse("accounts:password-reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.mark.parametrize("email", ["officer@example.org", "nobody@example.org"])
def test_a_fourth_request_for_one_address_within_the_hour_is_refused_known_or_not(
    client, person, email
):
    for number in range(3):
        assert (
            ask(client, email.upper() if number else email, f"198.51.100.{number}").status_code
            == 302
        )
    sent = len(mail.outbox)
    response = ask(client, email, "203.0.113.9")
    assert response.status_code == 200
    assert error_summary(response) == [TOO_MANY]
    assert len(mail.outbox) == sent  # nothing more sent
    assert sent == (3 if email.startswith("officer") else 0)


def test_one_client_asking_for_many_addresses_is_refused_after_twenty(client, person):
    for number in range(20):
        assert ask(client, f"person{number}@example.org").status_code == 302
    assert error_summary(ask(client, "officer@example.org")) == [TOO_MANY]
    assert ask(client, "officer@example.org", "198.51.100.1").status_code == 302  # elsewhere


def test_the_limit_cools_off_when_the_window_has_passed(client, person, settings):
    settings.PLEDGE_RESET_WINDOW_SECONDS = 0  # every earlier request is already outside it
    for _ in range(5):
        assert ask(client, "officer@example.org").status_code == 302
    assert PasswordResetRequest.objects.count() == 1


def answer(email: str):
    """The page's answer to a request for `email`, with the queries it made, not yet closed."""
    request = RequestFactory().post(
        reverse("accounts:password-reset"), {"email": email}, REMOTE_ADDR="127.0.0.1"
    )
    request._dont_enforce_csrf_checks = True
    with CaptureQueriesContext(connection) as queries:
        response = PasswordResetRequestView.as_view()(request)
    return response, [re.sub(r"'[^']*'|\d+", "?", q["sql"]) for q in queries.captured_queries]


def test_the_answer_does_the_same_work_for_a_known_and_an_unknown_address(person):
    known, known_queries = answer("officer@example.org")
    unknown, unknown_queries = answer("nobody@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known_queries == unknown_queries
    assert not any("accounts_user" in sql for sql in known_queries)  # nobody looked up
    assert mail.outbox == []  # nothing sent before the answer has gone


def test_the_email_is_sent_once_the_answer_has_gone_and_only_once(person):
    response, _ = answer("officer@example.org")
    assert mail.outbox == []
    response.close()
    response.close()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@example.org"]
    assert "/accounts/password-reset/" in mail.outbox[0].body
