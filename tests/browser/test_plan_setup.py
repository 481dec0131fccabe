"""Setting up and keeping strategies and plans in Chromium, as a plan owner: every page passes
axe empty and with errors, and none scrolls sideways at 320 px.

tests/browser/test_every_page.py counts the URL names quoted here as scanned:
"strategies:strategy-create", "strategies:strategy-edit", "strategies:objective-create",
"strategies:objective-edit", "actionplans:plan-create", "actionplans:plan-setup",
"actionplans:plan-edit", "actionplans:plan-meanings", "actionplans:section-create",
"actionplans:section-edit", "actionplans:key-outcome-create", "actionplans:key-outcome-edit",
"actionplans:action-create", "actionplans:action-edit", "actionplans:action-move",
"actionplans:action-reorder", "actionplans:lead-list", "actionplans:lead-create",
"actionplans:lead-edit", "actionplans:lead-merge", "actionplans:lead-retire",
"actionplans:plan-carry-over".
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import Action, ActionPlan, KeyOutcome, Lead, ReportingPeriod
from strategies.models import Strategy
from tests.browser.test_people import check, expect_errors, follow, press
from tests.conftest import build_plan, build_strategy

pytestmark = pytest.mark.browser


def test_a_plan_owner_sets_up_a_strategy_and_its_objectives(sign_in_as, axe, council, owner):
    page = sign_in_as(owner)
    page.goto(reverse("governance:council-home", kwargs={"org": council.slug}))
    follow(page, name="Set up a strategy")
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

    follow(page, name="Add objective")
    check(page, axe)
    press(page, "Save")
    expect_errors(page, "Enter the title")
    check(page, axe)
    page.get_by_label("Title").fill("Children in care feel safe")
    press(page, "Save")
    expect(page.get_by_role("alert")).to_contain_text("Objective 1 added")
    follow(page, name="Change objective 1")
    check(page, axe)
    page.get_by_label("Aim (optional)").fill("Fewer moves between homes")
    press(page, "Save")
    expect(page.locator("main")).to_contain_text("Aim: Fewer moves between homes")

    follow(page, name="Change the strategy")
    check(page, axe)
    page.get_by_label("Approved", exact=True).check()
    press(page, "Save strategy")
    expect(page.get_by_role("alert")).to_contain_text("Strategy saved")
    assert Strategy.objects.get().status == Strategy.Status.APPROVED


def test_a_plan_owner_sets_up_a_plan_its_ratings_sections_and_key_outcomes(
    sign_in_as, axe, council, owner
):
    strategy = build_strategy(council, title="Our promise")
    page = sign_in_as(owner)
    page.goto(
        reverse("strategies:strategy-detail", kwargs={"org": council.slug, "pk": strategy.pk})
    )
    follow(page, name="Set up an action plan")
    check(page, axe)
    press(page, "Save plan")
    expect_errors(page, "Enter the plan's title")
    check(page, axe)
    page.get_by_label("Title").fill("Action plan 2026 to 2027")
    press(page, "Save plan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up the plan")
    expect(page.locator("main")).to_contain_text("This plan has no key outcomes yet")
    check(page, axe)
    # How often officers report has one home, the reporting cycle's, which adds the periods.
    setup = page.url
    follow(page, name="Change how often officers report")
    page.get_by_label("Quarterly").check()
    press(page, "Save and add the periods")
    expect(page.locator("main")).to_contain_text("Reporting cadence saved")
    assert ReportingPeriod.objects.filter(plan__title="Action plan 2026 to 2027").exists()
    page.goto(setup)
    expect(page.locator("main")).to_contain_text("Quarterly")

    follow(page, name="Change what the ratings mean")
    check(page, axe)
    # The box holds 1,000 characters; a browser that ignores maxlength sends more.
    page.locator("textarea[name=red_means]").evaluate("box => box.removeAttribute('maxlength')")
    page.get_by_label("What does Red mean? (optional)").fill("R" * 1001)
    press(page, "Save what the ratings mean")
    expect_errors(page, "What Red means must be 1,000 characters or fewer")
    check(page, axe)
    page.get_by_label("What does Red mean? (optional)").fill("Off track; the board's help needed")
    press(page, "Save what the ratings mean")
    expect(page.locator("main")).to_contain_text("Off track; the board's help needed")

    page.get_by_role("link", name="Add a section").click()
    press(page, "Save section")
    expect_errors(page, "Enter the section's title")
    check(page, axe)
    page.get_by_label("Title").fill("Care leavers")
    press(page, "Save section")
    follow(page, name="Rename section 1")
    check(page, axe)
    press(page, "Save section")

    follow(page, name="Add a key outcome")
    check(page, axe)
    press(page, "Save key outcome")
    expect_errors(page, "Enter the key outcome")
    check(page, axe)
    page.get_by_label("Key outcome").fill("Care leavers have a safe home")
    page.get_by_label("Care leavers", exact=True).check()
    press(page, "Save key outcome")
    expect(page.get_by_role("alert")).to_contain_text("Key outcome 1 added")
    follow(page, name="Change key outcome 1")
    check(page, axe)
    page.get_by_label("No section").check()
    press(page, "Save key outcome")
    check(page, axe)

    page.get_by_role("link", name="Action plan 2026 to 2027").first.click()
    page.get_by_role("link", name="Set up the plan").click()
    follow(page, name="Change the plan's title")
    check(page, axe)
    plan = ActionPlan.objects.get()
    assert (plan.cadence, plan.red_means) == ("quarterly", "Off track; the board's help needed")
    assert KeyOutcome.objects.get().section is None


def test_a_plan_owner_adds_changes_moves_and_reorders_actions(sign_in_as, axe, council, owner):
    plan = build_plan(council, actions=2)
    KeyOutcome.objects.create(plan=plan, number=2, title="Care leavers are heard")
    Lead.objects.create(organisation=council, name="Virtual School")
    page = sign_in_as(owner)
    page.goto(reverse("actionplans:plan-detail", kwargs={"org": council.slug, "pk": plan.pk}))
    follow(page, name="Set up the plan")
    check(page, axe)

    follow(page, name="Add an action under key outcome 1")
    check(page, axe)
    press(page, "Save action")
    expect_errors(page, "Enter what the action is")
    check(page, axe)
    page.get_by_label("What will be done?").fill("Open a drop-in for care leavers")
    page.get_by_label("Reference (optional)").fill("DI-1")
    page.get_by_label("By when? (optional)").fill("June 2027")
    page.get_by_label("Virtual School").check()
    press(page, "Save action")
    expect(page.get_by_role("alert")).to_contain_text("Action DI-1 added")
    check(page, axe)

    with page.expect_navigation():
        page.get_by_role("button", name="move action DI-1 up").click()
    first = plan.key_outcomes.get(number=1)
    first_three = page.locator(f"#key-outcome-{first.pk} td[data-label=Ref]")
    expect(first_three).to_have_text(["1.1", "DI-1", "1.3"])

    follow(page, name="Change action DI-1")
    check(page, axe)
    page.get_by_label("What will be done?").fill(" ")
    press(page, "Save action")
    expect_errors(page, "Enter what the action is")
    check(page, axe)
    page.get_by_label("What will be done?").fill("Open a weekly drop-in for care leavers")
    press(page, "Save action")
    expect(page.get_by_role("alert")).to_contain_text("Action saved")
    expect(page.locator("main")).to_contain_text("Action changed")
    check(page, axe)

    follow(page, name="Move to another key outcome")
    check(page, axe)
    press(page, "Move action")
    expect_errors(page, "Select a key outcome of this plan")
    check(page, axe)
    page.get_by_label("2. Care leavers are heard").check()
    press(page, "Move action")
    expect(page.get_by_role("alert")).to_contain_text("Action moved to key outcome 2")
    moved = Action.objects.get(reference="DI-1")
    assert (moved.key_outcome.number, moved.description) == (
        2,
        "Open a weekly drop-in for care leavers",
    )


def test_a_plan_owner_adds_renames_merges_and_retires_leads(sign_in_as, axe, council, owner):
    plan = build_plan(council, actions=1)
    housing = Lead.objects.get(actions__plan=plan)
    page = sign_in_as(owner)
    page.goto(reverse("governance:council-home", kwargs={"org": council.slug}))
    follow(page, name="Leads", exact=True)
    check(page, axe)
    follow(page, name="Add a lead")
    check(page, axe)
    press(page, "Save lead")
    expect_errors(page, "Enter the lead's name", "Select what kind of lead it is")
    check(page, axe)
    page.get_by_label("Name").fill("Leaving care service")
    page.get_by_label("Council service or team").check()
    press(page, "Save lead")
    expect(page.get_by_role("alert")).to_contain_text("Lead Leaving care service added")

    follow(page, name="Rename Leaving care service")
    check(page, axe)
    page.get_by_label("Name").fill("Leaving care")
    press(page, "Save lead")

    follow(page, name=f"Merge {housing.name} into another")
    check(page, axe)
    press(page, "Merge leads")
    expect_errors(page, "Select the lead to merge it into")
    check(page, axe)
    page.get_by_label("Leaving care", exact=True).check()
    press(page, "Merge leads")
    expect(page.get_by_role("alert")).to_contain_text(f"{housing.name} merged into Leaving care")
    expect(page.locator("main")).to_contain_text("Merged into Leaving care")
    check(page, axe)

    extra = Lead.objects.create(organisation=council, name="Youth offending")
    page.reload()
    follow(page, name="Retire Youth offending")
    check(page, axe)
    press(page, "Continue")
    expect_errors(page, "Select yes if you want to retire the lead")
    check(page, axe)
    page.get_by_label("Yes, retire it").check()
    press(page, "Continue")
    expect(page.get_by_role("alert")).to_contain_text("Youth offending retired")
    extra.refresh_from_db()
    assert extra.retired_at is not None


def test_a_plan_owner_carries_unfinished_actions_into_a_new_plan(sign_in_as, axe, council, owner):
    old = build_plan(council, actions=2, title="Plan 2023 to 2026")
    new = ActionPlan.objects.create(strategy=old.strategy, title="Plan 2026 to 2029")
    KeyOutcome.objects.create(plan=new, number=1, title="Care leavers choose their home")
    page = sign_in_as(owner)
    page.goto(reverse("actionplans:plan-setup", kwargs={"org": council.slug, "pk": new.pk}))
    follow(page, name="Carry over unfinished actions from an earlier plan")
    check(page, axe)
    press(page, "Carry actions over")
    expect_errors(page, "Select another plan of this council")
    check(page, axe)
    page.get_by_label("Plan 2023 to 2026").check()
    press(page, "Carry actions over")
    check(page, axe)
    press(page, "Carry actions over")
    expect_errors(page, "Select a key outcome of this plan for at least one key outcome")
    check(page, axe)
    page.get_by_label("Key outcome 1: Care leavers have a home (2 unfinished)").select_option(
        label="1. Care leavers choose their home"
    )
    press(page, "Carry actions over")
    expect(page.get_by_role("alert")).to_contain_text("2 unfinished actions carried over")
    page.get_by_role("link", name="Action 1 of Plan 2023 to 2026").click()
    expect(page.locator("main")).to_contain_text("Carried over from")
    check(page, axe)
    assert new.actions.count() == 2
