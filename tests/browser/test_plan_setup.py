"""Setting up and keeping strategies and plans in Chromium, as a plan owner: every page passes
axe empty and with errors, and none scrolls sideways at 320 px.

tests/browser/test_every_page.py counts the URL names quoted here as scanned:
"strategies:strategy-create", "strategies:strategy-edit", "strategies:objective-create",
"strategies:objective-edit".
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from strategies.models import Strategy
from tests.browser.test_people import check, expect_errors, press

pytestmark = pytest.mark.browser


def test_a_plan_owner_sets_up_a_strategy_and_its_objectives(sign_in_as, axe, council, owner):
    page = sign_in_as(owner)
    page.goto(reverse("governance:council-home", kwargs={"org": council.slug}))
    page.get_by_role("link", name="Set up a strategy").click()
    check(page, axe)
    press(page, "Save strategy")
    expect_errors(page, "Enter the strategy's title", "Enter the year the strategy starts")
    check(page, axe)
    page.get_by_label("Title").fill("Our promise to children in care")
    page.get_by_label("Year it starts").fill("2029")
    page.get_by_label("Year it ends").fill("2026")
    press(page, "Save strategy")
    expect_errors(page, "The year the strategy ends must be the same as or after")
    check(page, axe)
    page.get_by_label("Year it starts").fill("2026")
    page.get_by_label("Year it ends").fill("2029")
    page.get_by_label("Who approved it (optional)").fill("Cabinet")
    press(page, "Save strategy")
    expect(page.get_by_role("alert")).to_contain_text("Strategy Our promise to children in care")
    check(page, axe)

    page.get_by_role("link", name="Add objective").click()
    check(page, axe)
    press(page, "Save")
    expect_errors(page, "Enter the title")
    check(page, axe)
    page.get_by_label("Title").fill("Children in care feel safe")
    press(page, "Save")
    expect(page.get_by_role("alert")).to_contain_text("Objective 1 added")
    page.get_by_role("link", name="Change objective 1").click()
    check(page, axe)
    page.get_by_label("Aim (optional)").fill("Fewer moves between homes")
    press(page, "Save")
    expect(page.locator("main")).to_contain_text("Aim: Fewer moves between homes")

    page.get_by_role("link", name="Change the strategy").click()
    check(page, axe)
    page.get_by_label("Approved", exact=True).check()
    press(page, "Save strategy")
    expect(page.get_by_role("alert")).to_contain_text("Strategy saved")
    assert Strategy.objects.get().status == Strategy.Status.APPROVED
