"""The sign-in throttle: failures per username and address, per address, and cooling off."""

import datetime
import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.addresses import client_address
from accounts.models import SignInFailure
from tests.accounts.test_sign_in_pages import error_summary

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

PASSWORD = "a-long-test-password-9"
HOME = "127.0.0.1"  # the test client's REMOTE_ADDR
ELSEWHERE = "198.51.100.7"
TOO_MANY = (
    "You have tried to sign in too many times. Wait 15 minutes, then try again, "
    "or reset your password."
)
WRONG = "Enter a correct username and password"


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user(username="officer", password=PASSWORD)


@pytest.fixture
def clock(monkeypatch):
    """Django's clock, stopped now and moved on by hand."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta) -> None:
            self.now += datetime.timedelta(**delta)

    stopped = Clock()
    monkeypatch.setattr(timezone, "now", lambda: stopped.now)
    return stopped


def sign_in(client, username: str, password: str, address: str = HOME, **headers):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, times: int, username: str = "officer", address: str = HOME) -> None:
    for _ in range(times):
        assert error_summary(sign_in(client, username, "not-it", address)) == [WRONG]


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_limit_is_five_failures_in_fifteen_minutes_unless_set(settings):
    assert settings.PLEDGE_SIGN_IN_FAILURES == 5
    assert settings.PLEDGE_SIGN_IN_ADDRESS_FAILURES == 50
    assert settings.PLEDGE_SIGN_IN_WINDOW_SECONDS == 15 * 60
    assert settings.PLEDGE_TRUSTED_PROXY_COUNT == 0


def test_after_five_failures_the_next_attempt_is_refused_with_a_gov_uk_error(client, person):
    fail(client, 5)

    response = sign_in(client, "officer", "not-it")

    assert response.status_code == 200
    assert error_summary(response) == [TOO_MANY]
    assert response.content.decode().count("<title>Error: Sign in") == 1


def test_the_right_password_is_refused_too_without_being_checked(client, person, monkeypatch):
    fail(client, 5)
    checked = []
    monkeypatch.setattr(
        type(person), "check_password", lambda self, raw: checked.append(raw) or True
    )

    response = sign_in(client, "officer", PASSWORD)

    assert error_summary(response) == [TOO_MANY]
    assert checked == []
    assert not is_signed_in(client)


def test_a_username_typed_in_other_capitals_counts_as_the_same(client, person):
    fail(client, 3, "officer")
    fail(client, 2, "OFFICER")

    assert error_summary(sign_in(client, "Officer", PASSWORD)) == [TOO_MANY]


def test_another_username_from_the_same_address_may_still_sign_in(
    client, person, django_user_model
):
    django_user_model.objects.create_user(username="colleague", password=PASSWORD)
    fail(client, 5)

    response = sign_in(client, "colleague", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_same_username_from_another_address_may_still_sign_in(client, person):
    fail(client, 5)

    response = sign_in(client, "officer", PASSWORD, address=ELSEWHERE)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_block_lifts_when_the_oldest_failure_leaves_the_window(client, person, clock):
    fail(client, 1)
    clock.advance(minutes=5)
    fail(client, 4)
    clock.advance(minutes=9)
    assert error_summary(sign_in(client, "officer", PASSWORD)) == [TOO_MANY]

    clock.advance(minutes=1, seconds=1)  # the first failure is now 15 minutes and 1 s old
    fail(client, 1)  # one more try; that makes five in the window again
    assert error_summary(sign_in(client, "officer", PASSWORD)) == [TOO_MANY]

    clock.advance(minutes=5)  # the other four have left
    response = sign_in(client, "officer", PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_attempts_refused_during_the_block_do_not_make_it_longer(client, person, clock):
    fail(client, 5)
    for _ in range(14):
        clock.advance(minutes=1)
        assert error_summary(sign_in(client, "officer", PASSWORD)) == [TOO_MANY]

    clock.advance(minutes=1, seconds=1)

    assert sign_in(client, "officer", PASSWORD).status_code == 302


def test_signing_in_clears_the_failures_for_that_username_and_address(client, person):
    fail(client, 4)
    fail(client, 2, address=ELSEWHERE)

    assert sign_in(client, "officer", PASSWORD).status_code == 302

    assert list(SignInFailure.objects.values_list("address", flat=True)) == [ELSEWHERE] * 2
    client.logout()
    fail(client, 5)  # five more before the next block, not one


def test_failures_are_kept_without_the_password(client, person):
    sign_in(client, "Officer", "my-secret-guess-42")

    failure = SignInFailure.objects.get()
    assert (failure.username, failure.address) == ("officer", HOME)
    stored = [str(getattr(failure, field.attname)) for field in SignInFailure._meta.fields]
    assert not any("my-secret-guess-42" in value for value in stored)


def test_failures_older_than_the_window_are_deleted(client, person, clock):
    fail(client, 3, "someone-else")
    clock.advance(minutes=15, seconds=1)

    fail(client, 1)

    assert list(SignInFailure.objects.values_list("username", flat=True)) == ["officer"]


def test_an_empty_form_is_not_counted(client):
    sign_in(client, "officer", "")

    assert not SignInFailure.objects.exists()


def test_one_address_trying_many_usernames_is_refused_for_every_username(client, person, settings):
    settings.PLEDGE_SIGN_IN_ADDRESS_FAILURES = 8
    for number in range(8):
        fail(client, 1, f"guess-{number}")

    assert error_summary(sign_in(client, "officer", PASSWORD)) == [TOO_MANY]
    assert error_summary(sign_in(client, "guess-99", "not-it")) == [TOO_MANY]
    assert sign_in(client, "officer", PASSWORD, address=ELSEWHERE).status_code == 302


def test_the_wait_in_the_message_follows_the_window(client, person, settings):
    settings.PLEDGE_SIGN_IN_WINDOW_SECONDS = 61
    settings.PLEDGE_SIGN_IN_FAILURES = 1
    fail(client, 1)

    assert error_summary(sign_in(client, "officer", PASSWORD)) == [
        TOO_MANY.replace("15 minutes", "2 minutes")
    ]


def test_behind_a_proxy_the_address_it_saw_is_counted_and_spoofed_entries_are_not(
    client, person, settings
):
    settings.PLEDGE_TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        sign_in(
            client,
            "officer",
            "not-it",
            "10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"1.1.1.{number}, 203.0.113.9",
        )

    assert set(SignInFailure.objects.values_list("address", flat=True)) == {"203.0.113.9"}
    spoofed = sign_in(
        client, "officer", PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9"
    )
    assert error_summary(spoofed) == [TOO_MANY]
    other_person = sign_in(
        client, "officer", PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    assert other_person.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),  # no proxy: the header is ignored
        (1, "10.0.0.2", "203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "10.0.0.3", "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "10.0.0.3", "203.0.113.9", "10.0.0.3"),  # shorter than the proxies: not trusted
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (0, "2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::/64"),
        (0, "::ffff:192.0.2.1", "", "192.0.2.1"),
        (0, "", "", "unknown"),
    ],
)
def test_the_client_address_is_read_from_remote_addr_or_the_trusted_proxies_entry(
    settings, proxies, remote, forwarded, expected
):
    settings.PLEDGE_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_an_administrator_sees_failures_and_deleting_them_lifts_the_block(
    client, person, django_user_model
):
    admin_client = Client()
    admin_client.force_login(
        django_user_model.objects.create_superuser("superuser", "super@example.org", PASSWORD)
    )
    fail(client, 5)
    changelist = reverse("admin:accounts_signinfailure_changelist")

    listed = admin_client.get(changelist, {"q": "officer"})
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 5
    assert admin_client.get(reverse("admin:accounts_signinfailure_add")).status_code == 403
    ids = list(SignInFailure.objects.values_list("pk", flat=True))
    deleted = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert deleted.status_code == 302

    assert sign_in(client, "officer", PASSWORD).status_code == 302


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("staff", "staff@example.org", PASSWORD)


def admin_sign_in(client, username: str, password: str, address: str = HOME):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def admin_error(response) -> str:
    match = re.search(r'<p class="errornote">\s*(.*?)\s*</p>', response.content.decode(), re.S)
    return match.group(1) if match else ""


def test_the_admin_sign_in_is_refused_after_as_many_failures_as_the_apps(client, staff):
    for _ in range(5):
        assert "Please enter the correct username and password" in admin_error(
            admin_sign_in(client, "staff", "not-it")
        )

    response = admin_sign_in(client, "staff", PASSWORD)

    assert response.status_code == 200
    assert admin_error(response) == TOO_MANY
    assert not is_signed_in(client)


def test_failures_on_either_sign_in_page_count_towards_one_limit(client, staff):
    fail(client, 3, "staff")
    for _ in range(2):
        admin_sign_in(client, "STAFF", "not-it")

    assert admin_error(admin_sign_in(client, "staff", PASSWORD)) == TOO_MANY
    assert error_summary(sign_in(client, "staff", PASSWORD)) == [TOO_MANY]


def test_one_address_trying_many_usernames_on_the_admin_is_refused(client, staff, settings):
    settings.PLEDGE_SIGN_IN_ADDRESS_FAILURES = 8
    for number in range(8):
        admin_sign_in(client, f"guess-{number}", "not-it")

    assert admin_error(admin_sign_in(client, "staff", PASSWORD)) == TOO_MANY
    assert admin_sign_in(client, "staff", PASSWORD, address=ELSEWHERE).status_code == 302


def test_signing_in_to_the_admin_clears_its_failures(client, staff):
    for _ in range(4):
        admin_sign_in(client, "staff", "not-it")

    assert admin_sign_in(client, "staff", PASSWORD).status_code == 302
    assert not SignInFailure.objects.exists()


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {}, "unknown"),
        (1, {}, "unknown"),
        (1, {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "203.0.113.9"),
        (2, {"REMOTE_ADDR": "10.0.0.3"}, "10.0.0.3"),
    ],
)
def test_a_request_without_remote_addr_or_x_forwarded_for_is_still_given_an_address(
    settings, proxies, meta, expected
):
    """A server on a Unix socket, or a proxy that sends no header, leaves them out."""
    settings.PLEDGE_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR")
    request.META.update(meta)

    assert client_address(request) == expected
