"""The council's people in Chromium: an administrator invites an officer by email, the officer
opens the link from the email, chooses a password, signs in, is attached to a lead and records
an update. axe finds nothing on every people page, empty and with errors, and none scrolls
sideways at 320 px.

tests/browser/test_every_page.py counts the URL names quoted here as scanned:
"actionplans:people-list", "actionplans:invitation-create", "actionplans:person-role",
"actionplans:person-leads", "actionplans:person-remove", "actionplans:invitation-withdraw",
"strategies:invitation-accept".
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from actionplans.models import Lead, ProgressUpdate
from strategies.models import CouncilRole, Invitation, Role
from strategies.people import invitation_send
from tests.browser.conftest import watched_page
from tests.conftest import build_period, build_plan

pytestmark = pytest.mark.browser

PASSWORD = "a-long-password-for-pledge"


def press(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def follow(page: Page, name: str, **options) -> None:
    """Click the link and wait for the page it opens: a check that reads the page (axe, the
    width at 320 px) run straight after the click could read the old page, or no page at all
    while the new one loads ("Cannot read properties of null (reading 'documentElement')")."""
    with page.expect_navigation():
        page.get_by_role("link", name=name, **options).click()


def expect_errors(page: Page, *messages: str) -> None:
    assert page.title().startswith("Error: "), page.title()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    for message in messages:
        assert message in summary.inner_text()


def fits_320(page: Page) -> None:
    """No sideways scroll at 320 px wide; the width is put back afterwards."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    page.set_viewport_size(size)
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways at 320 px: {widths}"


def check(page: Page, axe) -> None:
    axe(page)
    fits_320(page)


def invitation_path() -> str:
    """The path of the link in the one email sent, read from its plain text."""
    (message,) = mail.outbox
    return urlsplit(re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)).path


def test_an_administrator_invites_an_officer_who_joins_and_records_an_update(
    browser, live_server, page_problems, sign_in_as, axe, council, admin_user
):
    plan = build_plan(council, actions=2)
    today = timezone.localdate()
    build_period(
        plan,
        name="This quarter",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=60),
        update_deadline=today + datetime.timedelta(days=45),
    )
    action = plan.actions.order_by("number").first()
    lead = Lead.objects.get(actions=action)
    mail.outbox = []

    admin = sign_in_as(admin_user)
    admin.goto(reverse("governance:council-home", kwargs={"org": council.slug}))
    admin.get_by_role("link", name="People", exact=True).click()
    follow(admin, name="Invite a person")
    check(admin, axe)
    admin.get_by_label("Email address").fill("Nia.Okafor@example.org")
    admin.get_by_label("Officer", exact=True).check()
    press(admin, "Send invitation")
    expect(admin.get_by_role("alert")).to_contain_text("Invitation sent to nia.okafor@example.org")
    expect(admin.locator("main")).to_contain_text("Invitations waiting")
    check(admin, axe)

    # The officer, signed out in a browser of their own, opens the link from the email.
    with watched_page(browser, live_server.url, page_problems, []) as officer:
        officer.goto(invitation_path())
        expect(officer.get_by_role("heading", level=1)).to_have_text(
            "Join Testshire County Council on Pledge"
        )
        check(officer, axe)
        officer.get_by_label("First name").fill("Nia")
        officer.get_by_label("Last name").fill("Okafor")
        officer.get_by_label("Password", exact=True).fill(PASSWORD)
        officer.get_by_label("Confirm password").fill(PASSWORD)
        press(officer, "Create account and accept")
        expect(officer.get_by_role("alert")).to_contain_text("Your account is ready")
        officer.get_by_label("Username").fill("nia.okafor@example.org")
        officer.get_by_label("Password").fill(PASSWORD)
        press(officer, "Sign in")
        expect(officer.get_by_role("heading", level=1)).to_contain_text("Testshire County Council")
        officer.get_by_role("link", name="My actions").click()
        expect(officer.locator("main")).to_contain_text("ask an administrator of your council")
        expect(officer.locator("main")).to_contain_text(str(admin_user))
        check(officer, axe)

        # The administrator attaches the newcomer to the action's lead.
        admin.reload()  # the people list, now with the newcomer
        follow(admin, name="Change the leads Nia Okafor acts for")
        check(admin, axe)
        admin.get_by_label(lead.name, exact=True).check()
        press(admin, "Save leads")
        expect(admin.get_by_role("alert")).to_contain_text("Leads of Nia Okafor saved")

        officer.reload()
        officer.get_by_role("link", name=action.description).click()
        officer.get_by_role("link", name="Add a progress update").click()
        officer.get_by_label("What progress has been made?").fill("The first two flats are let.")
        officer.get_by_label("Green", exact=True).check()
        press(officer, "Save update")
        expect(officer.get_by_role("alert")).to_contain_text("Progress update saved")
        check(officer, axe)

    update = ProgressUpdate.objects.get(action=action)
    assert str(update.author) == "Nia Okafor"
    assert Invitation.objects.get().state() == "accepted"


def test_the_people_pages_pass_axe_empty_and_with_errors(
    sign_in_as, axe, page_problems, council, admin_user, officer, owner
):
    Lead.objects.create(organisation=council, name="Virtual School")
    page = sign_in_as(admin_user)
    people = reverse("actionplans:people-list", kwargs={"org": council.slug})
    page.goto(people)
    expect(page.locator("main")).to_contain_text("No invitations are waiting to be accepted")
    check(page, axe)

    page.goto(reverse("actionplans:invitation-create", kwargs={"org": council.slug}))
    press(page, "Send invitation")
    expect_errors(page, "Enter the person's email address", "Select a role")
    check(page, axe)
    page.get_by_label("Email address").fill("officer@example.org")
    page.get_by_label("Viewer", exact=True).check()
    press(page, "Send invitation")
    expect_errors(page, "already has a role in Testshire County Council")
    check(page, axe)

    mine = CouncilRole.objects.get(user=admin_user)
    page.goto(reverse("actionplans:person-role", kwargs={"org": council.slug, "pk": mine.pk}))
    check(page, axe)
    page.get_by_label("Viewer", exact=True).check()
    press(page, "Save role")
    expect_errors(page, "must keep at least one administrator")
    check(page, axe)

    theirs = CouncilRole.objects.get(user=officer)
    page.goto(reverse("actionplans:person-leads", kwargs={"org": council.slug, "pk": theirs.pk}))
    check(page, axe)
    page.goto(reverse("actionplans:person-remove", kwargs={"org": council.slug, "pk": theirs.pk}))
    check(page, axe)
    press(page, "Continue")
    expect_errors(page, "Select yes if you want to remove them from the council")
    check(page, axe)

    # With an invitation waiting, and withdrawn.
    invitation_send(
        organisation=council, email="soon@example.org", role=Role.BOARD, invited_by=admin_user
    )
    page.goto(people)
    check(page, axe)
    press(page, "Withdraw the invitation of soon@example.org")
    expect(page.get_by_role("alert")).to_contain_text("Invitation of soon@example.org withdrawn")
    check(page, axe)

    # A plan owner reads the list.
    reader = sign_in_as(owner)
    reader.goto(people)
    expect(reader.locator("main")).to_contain_text("The council's administrators invite people")
    check(reader, axe)


def test_an_invitation_link_in_each_state_is_a_page_that_passes_axe(
    browser, live_server, page_problems, axe, council, admin_user, outsider
):
    invitation_send(
        organisation=council, email="someone@example.org", role=Role.VIEWER, invited_by=admin_user
    )
    fresh = invitation_path()
    mail.outbox = []
    invitation_send(
        organisation=council, email=outsider.email, role=Role.BOARD, invited_by=admin_user
    )
    for_an_account = invitation_path()
    unknown = reverse("strategies:invitation-accept", kwargs={"token": "not-a-token"})
    page_problems.expect(unknown, 404)

    with watched_page(browser, live_server.url, page_problems, []) as page:
        page.goto(fresh)
        press(page, "Create account and accept")
        expect_errors(page, "Enter your first name", "Enter a password")
        check(page, axe)

        page.goto(for_an_account)
        expect(page.get_by_role("link", name="Sign in to accept")).to_be_visible()
        check(page, axe)

        assert page.goto(unknown).status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "This invitation link is not valid"
        )
        check(page, axe)

        Invitation.objects.filter(email="someone@example.org").update(expires_at=timezone.now())
        page_problems.expect(fresh, 410)
        assert page.goto(fresh).status == 410
        expect(page.get_by_role("heading", level=1)).to_have_text("This invitation has expired")
        check(page, axe)
