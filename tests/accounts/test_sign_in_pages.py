"""The sign-in, sign-out and password reset pages, through Django's test client."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

PASSWORD = "a-long-test-password-9"
DASH = "\N{EN DASH}"  # between the page title and "Pledge"


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user(
        username="officer", password=PASSWORD, email="officer@example.org"
    )


def error_summary(response) -> list[str]:
    """The error messages listed in the page's GOV.UK error summary."""
    html = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary on the page"
    return [text.strip() for text in re.findall(r"<a [^>]*>([^<]*)</a>", summary.group(0))]


def test_the_sign_in_page_is_open_to_people_who_are_signed_out(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert f"<title>Sign in {DASH} Pledge</title>" in response.content.decode()
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content
    assert b"Sign out" not in response.content


def test_a_wrong_password_shows_the_gov_uk_error_and_does_not_sign_in(client, person):
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": "not-it"})

    assert response.status_code == 200
    assert error_summary(response) == ["Enter a correct username and password"]
    assert f"<title>Error: Sign in {DASH} Pledge</title>" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_empty_sign_in_asks_for_each_field(client):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})

    assert error_summary(response) == ["Enter your username", "Enter your password"]
    assert b'href="#id_username"' in response.content
    assert b"govuk-form-group--error" in response.content


def test_signing_in_goes_to_the_page_asked_for(client, person):
    response = client.post(
        reverse("accounts:login") + "?next=/my-actions/",
        {"username": "officer", "password": PASSWORD, "next": "/my-actions/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/my-actions/"
    assert client.session["_auth_user_id"] == str(person.pk)


def test_signing_in_does_not_follow_a_next_link_to_another_site(client, person):
    response = client.post(
        reverse("accounts:login"),
        {"username": "officer", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("strategies:council-list")


def test_a_signed_out_person_asking_for_a_page_is_sent_to_sign_in(client):
    url = reverse("strategies:council-list")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_signing_out_is_post_only(client, person):
    client.force_login(person)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_signing_out_after_the_session_has_ended_still_lands_on_sign_in(client):
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_the_sign_out_button_is_a_post_form_with_a_csrf_token(client, person):
    client.force_login(person)

    html = client.get(reverse("strategies:council-list"), follow=True).content.decode()

    form = re.search(r'<form[^>]*action="/accounts/logout/"[^>]*>.*?</form>', html, re.S)
    assert form, "no sign-out form in the header"
    assert 'method="post"' in form.group(0)
    assert 'name="csrfmiddlewaretoken"' in form.group(0)


def test_a_password_reset_emails_a_link_that_sets_a_new_password(client, person):
    response = client.post(reverse("accounts:password-reset"), {"email": "officer@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert client.get(response["Location"]).status_code == 200

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your Pledge password"
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    form_page = client.get(link.group(1), follow=True)
    assert b"Choose a new password" in form_page.content
    set_url = form_page.redirect_chain[-1][0]
    new_password = "another-long-password-7"
    response = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-complete")
    assert client.get(response["Location"]).status_code == 200

    person.refresh_from_db()
    assert person.check_password(new_password)


def test_a_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address"),
        ("not-an-address", "Enter an email address in the correct format, like name@example.com"),
    ],
)
def test_a_password_reset_without_a_proper_address_says_what_to_enter(client, email, message):
    response = client.post(reverse("accounts:password-reset"), {"email": email})

    assert response.status_code == 200
    assert error_summary(response) == [message]


def test_new_passwords_that_differ_are_refused_in_gov_uk_words(client, person):
    client.post(reverse("accounts:password-reset"), {"email": "officer@example.org"})
    path = re.search(r"(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(path, follow=True).redirect_chain[-1][0]

    response = client.post(
        set_url, {"new_password1": "another-long-password-7", "new_password2": "different-one-8"}
    )

    assert error_summary(response) == ["Enter the same password in both fields"]


def test_an_expired_reset_link_says_so(client):
    response = client.get(
        reverse("accounts:password-reset-confirm", kwargs={"uidb64": "MQ", "token": "bad-token"})
    )

    assert response.status_code == 200
    assert b"The link has expired" in response.content
