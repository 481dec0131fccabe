"""Signing in with a council's own account (signon/), against a fake OpenID Connect provider
that each test starts on 127.0.0.1 (tests/signon/fake_idp.py): real HTTP for the discovery
document, the authorize redirect, the token exchange and the keys."""

from __future__ import annotations

import datetime
import logging
from urllib.parse import urlsplit

import pytest
import requests
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from signon.models import CouncilSignIn, ExternalIdentity
from strategies.models import ChangeRecord, CouncilRole, Invitation, Role
from tests.conftest import PASSWORD
from tests.signon.fake_idp import FakeProvider

pytestmark = pytest.mark.django_db

SECRET_ENV = "PLEDGE_OIDC_SECRET_TESTSHIRE"


@pytest.fixture
def idp():
    with FakeProvider() as provider:
        yield provider


@pytest.fixture
def sso(council, idp, monkeypatch) -> CouncilSignIn:
    """Testshire signs in through the fake provider."""
    monkeypatch.setenv(SECRET_ENV, idp.client_secret)
    return CouncilSignIn.objects.create(
        organisation=council,
        issuer=idp.issuer,
        client_id=idp.client_id,
        client_secret_env=SECRET_ENV,
    )


@pytest.fixture
def security_lines(caplog):
    caplog.set_level(logging.INFO, logger="pledge.security")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "pledge.security"]


def sign_in_with(client, council, provider: FakeProvider, login: str | None):
    """The browser's round trip: Pledge's start, the provider's authorize page (where `login`
    is signed in), then back to Pledge's callback. The callback's answer."""
    provider.at_keyboard = login
    start = client.get(reverse("signon:start", args=[council.slug]))
    assert start.status_code == 302, start.content
    assert start["Location"].startswith(provider.issuer + "/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("signon:callback")
    return client.get(f"{back.path}?{back.query}")


def signed_in_as(client):
    return client.get(reverse("accounts:login")).wsgi_request.user


def home(council) -> str:
    return reverse("governance:council-home", kwargs={"org": council.slug})


def test_a_person_signs_in_with_their_councils_account_and_reaches_its_pages(
    client, council, officer, idp, sso, security_lines
):
    idp.add_person("o", subject="sub-officer", email=officer.email, email_verified=True)

    response = sign_in_with(client, council, idp, "o")

    assert response.status_code == 302
    assert signed_in_as(client) == officer
    assert client.get(home(council)).status_code == 200
    identity = ExternalIdentity.objects.get(user=officer)
    assert (identity.issuer, identity.subject) == (idp.issuer, "sub-officer")
    assert ChangeRecord.objects.filter(object_id=identity.pk, actor=officer).exists()
    assert any(
        line.startswith("signed-in user=officer council=testshire") for line in security_lines()
    )
    # The secret went to the token endpoint with the code and the PKCE verifier.
    (token_request,) = idp.token_requests
    assert token_request["client_secret"] == idp.client_secret


def test_the_sign_in_page_offers_each_council_account_that_is_in_use(client, council, sso):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in with Testshire County Council's account" in page
    assert reverse("signon:start", args=["testshire"]) in page


def test_people_are_matched_on_issuer_and_subject_not_email(client, council, make_person, idp, sso):
    alice = make_person("alice", council, Role.OFFICER)
    bob = make_person("bob", council, Role.OFFICER)
    for person in (alice, bob):
        person.email = "shared@testshire.example"
        person.save()
    for person, subject in ((alice, "S-A"), (bob, "S-B")):
        ExternalIdentity.objects.create(
            user=person, issuer=idp.issuer, subject=subject, linked_at="2026-01-01T00:00Z"
        )
    shared = {"email": "shared@testshire.example", "email_verified": True}
    idp.add_person("alice", subject="S-A", **shared)
    idp.add_person("bob", subject="S-B", **shared)
    idp.add_person("carol", subject="S-C", **shared)

    sign_in_with(client, council, idp, "bob")
    assert signed_in_as(client) == bob
    client.logout()
    sign_in_with(client, council, idp, "alice")
    assert signed_in_as(client) == alice
    client.logout()
    # A third subject with the same address is neither of them.
    response = sign_in_with(client, council, idp, "carol")
    assert response.status_code == 403
    assert "not linked to Pledge" in response.content.decode()
    assert not signed_in_as(client).is_authenticated


def test_an_email_links_an_account_once_after_which_only_the_subject_counts(
    client, council, officer, idp, sso
):
    idp.add_person("o", subject="sub-1", email=officer.email, email_verified=True)
    sign_in_with(client, council, idp, "o")
    client.logout()
    # The provider now gives another address: still the same person, found by subject.
    idp.directory["o"]["email"] = "renamed@testshire.example"
    sign_in_with(client, council, idp, "o")
    assert signed_in_as(client) == officer
    client.logout()
    # Someone else at the provider given the officer's address links to nothing.
    idp.add_person("imposter", subject="sub-2", email=officer.email, email_verified=True)
    response = sign_in_with(client, council, idp, "imposter")
    assert response.status_code == 403
    assert not signed_in_as(client).is_authenticated
    assert ExternalIdentity.objects.filter(user=officer).count() == 1


def test_an_email_the_provider_does_not_vouch_for_links_nothing(client, council, officer, idp, sso):
    idp.add_person("o", subject="sub-1", email=officer.email, email_verified=False)
    response = sign_in_with(client, council, idp, "o")
    assert response.status_code == 403
    assert not ExternalIdentity.objects.exists()
    sso.trust_email = True
    sso.save()
    sign_in_with(client, council, idp, "o")
    assert signed_in_as(client) == officer


@pytest.mark.parametrize(
    ("claim", "value", "error"),
    [
        ("aud", "another-application", "InvalidAudienceError"),
        ("iss", "http://127.0.0.1:9/another-tenant", "InvalidIssuerError"),
        ("nonce", "a-nonce-from-another-sign-in", "Nonce"),
        ("exp", 1_000_000_000, "ExpiredSignatureError"),
        ("sub", None, "MissingRequiredClaimError"),
    ],
)
def test_a_token_with_the_wrong_audience_issuer_nonce_or_expiry_is_refused(
    client, council, officer, idp, sso, security_lines, claim, value, error
):
    idp.add_person("o", subject="sub-1", email=officer.email, email_verified=True)
    idp.overrides = {claim: value}

    response = sign_in_with(client, council, idp, "o")

    assert response.status_code == 403
    assert "did not work" in response.content.decode()
    assert not signed_in_as(client).is_authenticated
    assert not ExternalIdentity.objects.exists()
    (refusal,) = [line for line in security_lines() if line.startswith("sign-in-refused")]
    assert "council=testshire" in refusal and error in refusal


def test_a_callback_replayed_is_refused_and_its_code_is_not_redeemed_again(
    client, council, officer, idp, sso
):
    idp.add_person("o", subject="sub-1", email=officer.email, email_verified=True)
    idp.at_keyboard = "o"
    start = client.get(reverse("signon:start", args=[council.slug]))
    back = requests.get(start["Location"], allow_redirects=False, timeout=5).headers["Location"]
    callback = urlsplit(back)
    assert client.get(f"{callback.path}?{callback.query}").status_code == 302
    client.logout()

    replayed = client.get(f"{callback.path}?{callback.query}")

    assert replayed.status_code == 400
    assert not signed_in_as(client).is_authenticated
    assert len(idp.token_requests) == 1


def test_a_callback_not_started_here_is_a_400(client, sso):
    response = client.get(reverse("signon:callback"), {"state": "guessed", "code": "x"})
    assert response.status_code == 400


def test_a_person_removed_from_the_councils_directory_is_refused_at_next_sign_in(
    client, council, officer, idp, sso
):
    idp.add_person("o", subject="sub-1", email=officer.email, email_verified=True)
    sign_in_with(client, council, idp, "o")
    client.logout()
    del idp.directory["o"]  # the provider now answers access_denied

    response = sign_in_with(client, council, idp, "o")

    assert response.status_code == 403
    assert "sign-in service did not sign you in" in response.content.decode()
    assert client.get(home(council)).status_code == 302  # to the sign-in page


def test_a_person_no_longer_in_the_councils_group_is_refused(client, council, officer, idp, sso):
    sso.required_group = "pledge-users"
    sso.save()
    idp.add_person(
        "o", subject="sub-1", email=officer.email, email_verified=True, groups=["pledge-users"]
    )
    sign_in_with(client, council, idp, "o")
    assert signed_in_as(client) == officer
    client.logout()
    idp.directory["o"]["groups"] = ["finance"]

    response = sign_in_with(client, council, idp, "o")

    assert response.status_code == 403
    assert "not allowed to use Pledge" in response.content.decode()
    assert not signed_in_as(client).is_authenticated


def test_a_linked_person_whose_role_was_removed_is_refused(client, council, officer, idp, sso):
    idp.add_person("o", subject="sub-1", email=officer.email, email_verified=True)
    sign_in_with(client, council, idp, "o")
    client.logout()
    CouncilRole.objects.filter(user=officer).delete()

    response = sign_in_with(client, council, idp, "o")

    assert response.status_code == 403
    assert "do not have a role in Testshire" in response.content.decode()


def test_a_council_without_a_provider_keeps_password_sign_in_and_one_with_refuses_it(
    client, council, officer, outsider, sso, security_lines
):
    login = reverse("accounts:login")
    response = client.post(login, {"username": "outsider", "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in_as(client) == outsider
    client.logout()

    response = client.post(login, {"username": "officer", "password": PASSWORD})

    assert response.status_code == 200
    assert "Sign in with Testshire County Council&#x27;s account." in response.content.decode()
    assert not signed_in_as(client).is_authenticated
    assert any("reason=password-but-provider" in line for line in security_lines())


def test_a_council_whose_provider_is_switched_off_signs_in_with_passwords_again(
    client, council, officer, sso
):
    sso.is_enabled = False
    sso.save()
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("signon:start", args=[council.slug])).status_code == 404


def test_another_councils_provider_cannot_let_anyone_into_this_council(
    client, council, other_council, officer, make_person, idp, sso, monkeypatch
):
    monkeypatch.setenv("PLEDGE_OIDC_SECRET_ELSEWHERE", "elsewhere-secret")
    with FakeProvider(client_id="elsewhere-client", client_secret="elsewhere-secret") as theirs:
        CouncilSignIn.objects.create(
            organisation=other_council,
            issuer=theirs.issuer,
            client_id=theirs.client_id,
            client_secret_env="PLEDGE_OIDC_SECRET_ELSEWHERE",
        )
        # Their directory has someone with the officer's address: it links nothing here.
        theirs.add_person("x", subject="sub-x", email=officer.email, email_verified=True)
        response = sign_in_with(client, other_council, theirs, "x")
        assert response.status_code == 403
        assert not ExternalIdentity.objects.exists()

        # Someone with a role in both councils signs in through Testshire's only.
        both = make_person("both", council, Role.OFFICER)
        CouncilRole.objects.create(user=both, organisation=other_council, role=Role.VIEWER)
        ExternalIdentity.objects.create(
            user=both, issuer=theirs.issuer, subject="sub-both", linked_at="2026-01-01T00:00Z"
        )
        theirs.add_person("both", subject="sub-both", email=both.email)
        response = sign_in_with(client, other_council, theirs, "both")
        assert response.status_code == 403
        assert "Sign in with Testshire County Council&#x27;s account." in response.content.decode()
        assert not signed_in_as(client).is_authenticated


def test_a_provider_whose_secret_is_not_set_refuses_with_a_message(
    client, council, officer, idp, sso, monkeypatch
):
    monkeypatch.delenv(SECRET_ENV)
    idp.add_person("o", subject="sub-1", email=officer.email, email_verified=True)
    response = sign_in_with(client, council, idp, "o")
    assert response.status_code == 403
    assert idp.token_requests == []


def test_a_provider_is_https_and_names_its_secret_by_a_pledge_variable(council):
    provider = CouncilSignIn(
        organisation=council,
        issuer="http://login.example.org/tenant/v2.0",
        client_id="x",
        client_secret_env="DJANGO_SECRET_KEY",
    )
    with pytest.raises(ValidationError) as refused:
        provider.full_clean()
    assert set(refused.value.message_dict) == {"issuer", "client_secret_env"}
    provider.issuer = "https://login.microsoftonline.com/tenant/v2.0"
    provider.client_secret_env = "PLEDGE_OIDC_SECRET_TESTSHIRE"
    provider.full_clean()


def test_a_provider_whose_discovery_document_names_another_issuer_is_not_followed(
    client, council, idp, sso, security_lines
):
    sso.issuer = idp.issuer + "/"  # the same document, which names the issuer without it
    sso.save()

    response = client.get(reverse("signon:start", args=[council.slug]))

    assert response.status_code == 403
    assert "did not work" in response.content.decode()
    assert any("reason=" in line and "SuspiciousOperation" in line for line in security_lines())


def invite(council, by, email: str, **fields) -> Invitation:
    now = timezone.now()
    return Invitation.objects.create(
        organisation=council,
        email=email,
        role=Role.OFFICER,
        token_hash=email.ljust(64, "x")[:64],
        invited_by=by,
        expires_at=now + datetime.timedelta(days=7),
        **fields,
    )


def test_an_invited_person_joins_by_signing_in_with_the_councils_account(
    client, council, admin_user, idp, sso, django_user_model
):
    invitation = invite(council, admin_user, "nia@testshire.example")
    idp.add_person(
        "nia",
        subject="sub-nia",
        email="Nia@testshire.example",
        email_verified=True,
        given_name="Nia",
        family_name="Okafor",
    )

    response = sign_in_with(client, council, idp, "nia")

    assert response.status_code == 302
    person = signed_in_as(client)
    assert (person.username, person.get_full_name()) == ("nia@testshire.example", "Nia Okafor")
    assert not person.has_usable_password()
    assert CouncilRole.objects.get(user=person, organisation=council).role == Role.OFFICER
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    assert ExternalIdentity.objects.get(user=person).subject == "sub-nia"
    assert client.get(home(council)).status_code == 200


def test_an_invitation_withdrawn_or_to_another_council_lets_nobody_in(
    client, council, other_council, admin_user, idp, sso, django_user_model
):
    invite(council, admin_user, "gone@testshire.example", withdrawn_at=timezone.now())
    invite(other_council, admin_user, "elsewhere@testshire.example")
    for login, email in (("gone", "gone@testshire.example"), ("x", "elsewhere@testshire.example")):
        idp.add_person(login, subject=f"sub-{login}", email=email, email_verified=True)
        response = sign_in_with(client, council, idp, login)
        assert response.status_code == 403

    assert not django_user_model.objects.filter(email__endswith="@testshire.example").exists()
    assert not ExternalIdentity.objects.exists()
