"""Signing in through the real form in Chromium: the pages load whole and pass axe."""

import re
from urllib.parse import urljoin

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-9"
DASH = "\N{EN DASH}"  # between the page title and "Pledge"


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user(
        username="officer", password=PASSWORD, email="officer@example.org", first_name="Olu"
    )


def test_signing_in_through_the_form_lands_on_a_page_without_accessibility_problems(
    page, sign_in, axe, person
):
    sign_in(person, PASSWORD)

    assert page.get_by_role("button", name=re.compile("^Sign out")).is_visible()
    assert page.title().endswith(f" {DASH} Pledge")
    axe(page)


def test_asking_for_a_page_while_signed_out_returns_to_it_after_signing_in(page, person):
    page.goto("/my-actions/")
    assert "/accounts/login/" in page.url

    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/my-actions/")


def test_an_empty_sign_in_shows_an_error_summary_that_takes_focus(page, axe):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert summary.locator("a").all_inner_texts() == ["Enter your username", "Enter your password"]
    assert page.title() == f"Error: Sign in {DASH} Pledge"
    # GOV.UK Frontend's JavaScript (our module) moves focus to the summary.
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    axe(page)


def test_a_wrong_password_says_so_without_saying_which_field_was_wrong(page, axe, person):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    assert page.locator(".govuk-error-summary a").all_inner_texts() == [
        "Enter a correct username and password"
    ]
    axe(page)


def test_signing_out_returns_to_the_sign_in_page(page, sign_in, person):
    sign_in(person, PASSWORD)

    page.get_by_role("button", name=re.compile("^Sign out")).click()
    page.wait_for_url("**/accounts/login/")

    page.goto("/")
    assert "/accounts/login/" in page.url


def test_the_stylesheet_script_and_every_file_it_refers_to_load(page, page_problems):
    page.goto("/accounts/login/")

    # Our compiled CSS applied: system fonts, not GOV.UK's Transport typeface.
    font = page.locator("h1").evaluate("e => getComputedStyle(e).fontFamily")
    assert font.startswith("system-ui") and "GDS Transport" not in font
    header = page.locator(".govuk-generic-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 12, 12)"
    # The inline script ran (it has the CSP nonce) and so did GOV.UK Frontend's module.
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    page.wait_for_function("document.querySelector('[data-govuk-skip-link-init]') !== null")

    # Every url() in the stylesheet resolves, even ones this page does not use.
    css_url = page.evaluate("document.querySelector('link[rel=stylesheet]').href")
    css = page.request.get(css_url)
    assert css.ok, css_url
    urls = {urljoin(css_url, u) for u in re.findall(r"url\(\"?([^\")]+)\"?\)", css.text())}
    urls = {u for u in urls if not u.startswith("data:")}
    assert urls, "expected the stylesheet to refer to GOV.UK's images"
    for url in sorted(urls):
        assert page.request.get(url).ok, url
    icon = page.evaluate("document.querySelector('link[rel=icon]').href")
    assert page.request.get(icon).ok, icon
    assert page_problems.entries == []
