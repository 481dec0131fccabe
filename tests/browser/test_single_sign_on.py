"""Signing in with a council's own account in Chromium: the button on the sign-in page, the
round trip through a fake provider on 127.0.0.1 (tests/signon/fake_idp.py), and the refusal
page, each checked with axe."""

import re

import pytest

from signon.models import CouncilSignIn
from strategies.models import CouncilRole, Organisation, Role
from tests.browser.conftest import _path
from tests.signon.fake_idp import FakeProvider

pytestmark = pytest.mark.browser


@pytest.fixture
def provider(db, monkeypatch):
    council = Organisation.objects.create(name="Testshire County Council", slug="testshire")
    monkeypatch.setenv("PLEDGE_OIDC_SECRET_TESTSHIRE", "s3cret")
    with FakeProvider(client_secret="s3cret") as idp:
        CouncilSignIn.objects.create(
            organisation=council,
            issuer=idp.issuer,
            client_id=idp.client_id,
            client_secret_env="PLEDGE_OIDC_SECRET_TESTSHIRE",
        )
        idp.council = council
        yield idp


def test_signing_in_with_the_councils_account_lands_on_a_page_without_problems(
    page, axe, provider, django_user_model
):
    person = django_user_model.objects.create_user(username="olu", email="olu@testshire.example")
    CouncilRole.objects.create(user=person, organisation=provider.council, role=Role.OFFICER)
    provider.add_person("olu", subject="sub-olu", email=person.email, email_verified=True)
    provider.at_keyboard = "olu"

    page.goto("/accounts/login/")
    axe(page)
    page.get_by_role("button", name="Sign in with Testshire County Council's account").click()
    page.wait_for_load_state()

    assert page.get_by_role("button", name=re.compile("^Sign out")).is_visible()
    assert "Testshire County Council" in page.content()
    axe(page)


def test_a_person_the_provider_refuses_reads_why_on_a_page_without_problems(
    page, axe, provider, page_problems
):
    provider.at_keyboard = "nobody"  # not in the council's directory
    provider.on_redirect = lambda url: page_problems.expect(_path(url), 403)

    page.goto("/accounts/login/")
    with page.expect_response(re.compile("/callback/")) as answer:
        page.get_by_role("button", name="Sign in with Testshire County Council's account").click()
    page.wait_for_load_state()

    assert answer.value.status == 403
    assert page.get_by_role("heading", name="You cannot sign in").is_visible()
    assert "sign-in service did not sign you in" in page.content()
    axe(page)
