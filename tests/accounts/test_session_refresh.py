"""A signed-in session's expiry moves forward at most once a minute, and idle sessions end."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts import middleware

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

PAGE = reverse("strategies:council-list")


@pytest.fixture
def signed_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="officer"))
    return client


def expiry(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_request_within_the_minute_does_not_write_the_session(signed_in, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    signed_in.get(PAGE)
    first = expiry(signed_in)

    clock[0] += middleware.REFRESH_SECONDS - 1
    signed_in.get(PAGE)

    assert expiry(signed_in) == first


def test_a_request_after_the_minute_pushes_the_expiry_forward(signed_in, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    signed_in.get(PAGE)
    first = expiry(signed_in)

    clock[0] += middleware.REFRESH_SECONDS
    signed_in.get(PAGE)

    assert expiry(signed_in) > first
    assert signed_in.session[middleware.REFRESHED_KEY] == int(clock[0])


def test_a_session_idle_past_its_age_is_signed_out(signed_in):
    signed_in.get(PAGE)
    Session.objects.filter(session_key=signed_in.session.session_key).update(
        expire_date=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    )

    response = signed_in.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_visitor_who_is_not_signed_in_gets_no_session(client):
    client.get(reverse("accounts:login"))

    assert not Session.objects.exists()


def test_the_first_request_after_signing_in_does_not_write_the_session(signed_in):
    signed_in_at = expiry(signed_in)

    signed_in.get(PAGE)

    assert expiry(signed_in) == signed_in_at
