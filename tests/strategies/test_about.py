"""The footer's pages: on every page, open to everyone, and saying what is true of this
deployment (the cookies' names and lifetimes come from the settings)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from strategies.about import duration
from strategies.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

FOOTER = ("accessibility", "privacy", "cookies", "contact")


@pytest.mark.parametrize("name", FOOTER)
def test_each_footer_page_is_open_signed_out_and_linked_from_every_page(client, name):
    url = reverse(f"strategies:{name}")

    page = client.get(url)
    sign_in = client.get(reverse("accounts:login")).content.decode()

    assert page.status_code == 200
    assert f'<a class="govuk-footer__link" href="{url}">' in sign_in


def test_the_cookies_page_names_each_cookie_with_its_lifetime_from_the_settings(client, settings):
    settings.SESSION_COOKIE_NAME = "pledge_session"
    settings.SESSION_COOKIE_AGE = 1800
    settings.CSRF_COOKIE_AGE = 60 * 60 * 24 * 7 * 52

    text = client.get(reverse("strategies:cookies")).content.decode()

    assert "<code>pledge_session</code>" in text and "no more than 30 minutes" in text
    assert "<code>csrftoken</code>" in text and "52 weeks" in text
    assert "analytics" in text


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (3600, "1 hour"),
        (1800, "30 minutes"),
        (86400 * 3, "3 days"),
        (90, "90 seconds"),
        (1, "1 second"),
    ],
)
def test_a_lifetime_is_said_in_its_largest_whole_unit(seconds, words):
    assert duration(seconds) == words


def test_a_signed_in_person_sees_their_own_councils_administrators_by_name_and_email(
    client, officer, council, other_council, make_person
):
    make_person("ada", council, Role.ADMIN)
    make_person("grace", other_council, Role.ADMIN)
    client.force_login(officer)

    text = client.get(reverse("strategies:contact")).content.decode()

    assert "ada@example.org" in text
    assert "grace@example.org" not in text
    assert council.name in text and other_council.name not in text


def test_signed_out_the_contact_page_says_how_to_reach_an_administrator(
    client, council, make_person
):
    make_person("ada", council, Role.ADMIN)

    text = client.get(reverse("strategies:contact")).content.decode()

    assert "Sign in to see" in text and "ada@example.org" not in text
