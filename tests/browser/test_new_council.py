"""A new council is started from nothing in the app alone (issue 13): its administrator, given
the role by the service's staff and nothing else, sets up a strategy with an objective, a
plan, a lead, a key outcome and an action, and invites an officer by email; the officer opens
the link, chooses a password, signs in and, once attached to the lead, records an update.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import Action, ProgressUpdate
from strategies.models import Strategy
from tests.browser.conftest import watched_page
from tests.browser.test_people import PASSWORD, follow, invitation_path, press

pytestmark = pytest.mark.browser


def test_a_council_is_started_from_nothing_and_its_officer_records_an_update(
    browser, live_server, page_problems, sign_in_as, council, admin_user
):
    assert not Strategy.objects.exists()
    mail.outbox = []
    admin = sign_in_as(admin_user)
    home = reverse("governance:council-home", kwargs={"org": council.slug})
    admin.goto(home)
    expect(admin.locator("main")).to_contain_text("No strategies have been set up yet")

    admin.get_by_role("link", name="Set up a strategy").click()
    admin.get_by_label("Title").fill("Our promise to children in care")
    admin.get_by_label("Year it starts").fill("2026")
    admin.get_by_label("Year it ends").fill("2029")
    admin.get_by_label("Approved", exact=True).check()
    press(admin, "Save strategy")
    admin.get_by_role("link", name="Add objective").click()
    admin.get_by_label("Title").fill("Care leavers have a safe home")
    press(admin, "Save")
    admin.get_by_role("link", name="Set up an action plan").click()
    admin.get_by_label("Title").fill("Action plan 2026 to 2027")
    press(admin, "Save plan")
    setup = admin.url
    follow(admin, name="Change how often officers report")
    admin.get_by_label("Quarterly").check()
    press(admin, "Save and add the periods")
    expect(admin.locator("main")).to_contain_text("Reporting cadence saved")

    admin.goto(home)
    admin.get_by_role("link", name="Leads", exact=True).click()
    admin.get_by_role("link", name="Add a lead").click()
    admin.get_by_label("Name").fill("Leaving care service")
    admin.get_by_label("Council service or team").check()
    press(admin, "Save lead")

    admin.goto(setup)
    admin.get_by_role("link", name="Add a key outcome").click()
    admin.get_by_label("Key outcome").fill("Every care leaver has a home they chose")
    admin.get_by_label("1. Care leavers have a safe home").check()
    press(admin, "Save key outcome")
    admin.get_by_role("link", name="Add an action under key outcome 1").click()
    admin.get_by_label("What will be done?").fill("Open two supported flats")
    admin.get_by_label("Reference (optional)").fill("1.1")
    admin.get_by_label("By when? (optional)").fill("March 2027")
    admin.get_by_label("Leaving care service").check()
    press(admin, "Save action")
    expect(admin.get_by_role("alert")).to_contain_text("Action 1.1 added")

    admin.goto(home)
    admin.get_by_role("link", name="People", exact=True).click()
    admin.get_by_role("link", name="Invite a person").click()
    admin.get_by_label("Email address").fill("nia.okafor@example.org")
    admin.get_by_label("Officer", exact=True).check()
    press(admin, "Send invitation")

    with watched_page(browser, live_server.url, page_problems, []) as officer:
        officer.goto(invitation_path())
        officer.get_by_label("First name").fill("Nia")
        officer.get_by_label("Last name").fill("Okafor")
        officer.get_by_label("Password", exact=True).fill(PASSWORD)
        officer.get_by_label("Confirm password").fill(PASSWORD)
        press(officer, "Create account and accept")
        officer.get_by_label("Username").fill("nia.okafor@example.org")
        officer.get_by_label("Password").fill(PASSWORD)
        press(officer, "Sign in")
        expect(officer.get_by_role("heading", level=1)).to_contain_text("Testshire County Council")

        admin.reload()
        follow(admin, name="Change the leads Nia Okafor acts for")
        admin.get_by_label("Leaving care service", exact=True).check()
        press(admin, "Save leads")

        officer.get_by_role("link", name="My actions").click()
        officer.get_by_role("link", name="Open two supported flats").click()
        officer.get_by_role("link", name="Add a progress update").click()
        officer.get_by_label("What progress has been made?").fill("A provider is chosen.")
        officer.get_by_label("Amber", exact=True).check()
        press(officer, "Save update")
        expect(officer.get_by_role("alert")).to_contain_text("Progress update saved")

    action = Action.objects.get()
    update = ProgressUpdate.objects.get(action=action)
    assert (str(update.author), update.rag, action.label) == ("Nia Okafor", "amber", "1.1")
    assert action.key_outcome.objective.title == "Care leavers have a safe home"
    assert action.plan.strategy.organisation == council
