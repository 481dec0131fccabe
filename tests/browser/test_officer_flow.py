"""An officer's round in Chromium: find an action, report progress, move its deadline.

And what the others see: a board member reads but cannot change, and an officer whose form
went stale is shown what changed, keeps what they typed, and saves only on confirming.
axe-core checks each page on the way.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from actionplans.models import Lead, ProgressUpdate
from tests.browser.test_people import follow
from tests.conftest import PASSWORD, build_period, build_plan

pytestmark = pytest.mark.browser


@pytest.fixture
def action(council, officer):
    """An action of the officer's lead, due in March 2030, in a plan with a period open."""
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
    Lead.objects.get(actions=action).officers.add(officer)
    return action


def url(name: str, action) -> str:
    return reverse(name, kwargs={"org": action.plan.strategy.organisation.slug, "pk": action.pk})


def timeline(page: Page) -> list[str]:
    return page.locator(".pledge-timeline__item").all_inner_texts()


def save(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def test_an_officer_reports_progress_and_moves_a_deadline_and_sees_both_newest_first(
    page, sign_in, axe, officer, action
):
    sign_in(officer, PASSWORD)
    axe(page)
    # The plan table, rendered now and kept (the page cache is on in browser tests).
    table = reverse(
        "actionplans:plan-detail",
        kwargs={"org": action.plan.strategy.organisation.slug, "pk": action.plan.pk},
    )
    page.goto(table)
    expect(page.get_by_role("row").filter(has_text=action.description)).to_contain_text(
        "Not yet rated"
    )

    page.get_by_role("link", name="My actions").click()
    row = page.get_by_role("row").filter(has_text=action.description)
    expect(row).to_contain_text("Update needed")
    axe(page)

    row.get_by_role("link", name=action.description).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(action.description)
    axe(page)

    follow(page, name="Add a progress update")
    axe(page)
    page.get_by_label("What progress has been made?").fill("Two care leavers moved in.")
    page.get_by_label("Amber", exact=True).check()
    save(page, "Save update")

    banner = page.get_by_role("alert")
    expect(banner).to_contain_text("Progress update saved")
    expect(page.locator(".govuk-notification-banner--success")).to_be_focused()
    axe(page)

    follow(page, name="Change the deadline")
    axe(page)
    page.get_by_label("New deadline").fill("June 2031")
    page.get_by_label("Why is the deadline changing?").fill("The new block opens later.")
    save(page, "Change deadline")

    expect(page.get_by_role("alert")).to_contain_text("Deadline changed")
    axe(page)
    newest, older = timeline(page)
    assert "Deadline changed" in newest
    assert "From March 2030 to June 2031." in newest
    assert "Reason: The new block opens later." in newest
    assert "Progress update" in older and "Amber" in older
    assert "Two care leavers moved in." in older
    by_when = page.locator(".govuk-summary-list__row").filter(has_text="By when")
    expect(by_when).to_contain_text("June 2031")
    expect(by_when).to_contain_text("Originally: March 2030")

    page.get_by_role("link", name="My actions").click()
    expect(page.get_by_role("row").filter(has_text=action.description)).to_contain_text("Updated")

    # The kept table was left behind by both changes.
    page.goto(table)
    row = page.get_by_role("row").filter(has_text=action.description)
    for text in ("Two care leavers moved in.", "June 2031", "Amber"):
        expect(row).to_contain_text(text)


def test_a_board_member_reads_the_action_but_has_no_way_to_change_it(
    page, sign_in_as, axe, page_problems, board_member, action
):
    sign_in_as(board_member)
    page.goto(url("actionplans:action-detail", action))

    expect(page.get_by_role("heading", level=1)).to_have_text(action.description)
    for link in ("Add a progress update", "Change the deadline", "Mark as no longer needed"):
        expect(page.get_by_role("link", name=link)).to_have_count(0)
    axe(page)

    for name in ("actionplans:update-create", "actionplans:deadline-change"):
        forbidden = url(name, action)
        page_problems.expect(forbidden, 403)
        assert page.goto(forbidden).status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")
        expect(page.locator(".govuk-generic-header")).to_be_visible()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        axe(page)


def test_a_stale_update_shows_what_changed_keeps_the_typed_answers_and_saves_on_confirming(
    page, sign_in_as, axe, page_problems, officer, action
):
    sign_in_as(officer)
    form = url("actionplans:update-create", action)
    first = page
    first.goto(form)
    second = page_problems.watch(page.context.new_page())
    second.goto(form)

    second.get_by_label("What progress has been made?").fill("Panel agreed the tenancy plan.")
    second.get_by_label("Green", exact=True).check()
    save(second, "Save update")
    expect(second.get_by_role("alert")).to_contain_text("Progress update saved")

    typed = "The housing panel met; the lease is still not signed."
    first.get_by_label("What progress has been made?").fill(typed)
    first.get_by_label("Red", exact=True).check()
    save(first, "Save update")

    stale = first.locator(".govuk-notification-banner").filter(has_text="Someone else changed")
    expect(stale).to_be_focused()
    expect(stale).to_contain_text("Nothing has been saved yet")
    expect(stale).to_contain_text("Progress update, rated Green")
    expect(first.get_by_label("What progress has been made?")).to_have_value(typed)
    expect(first.get_by_label("Red", exact=True)).to_be_checked()
    assert ProgressUpdate.objects.filter(action=action).count() == 1
    axe(first)

    save(first, "Save update")
    expect(first.get_by_role("alert")).to_contain_text("Progress update saved")
    newest, older = timeline(first)
    assert typed in newest and "Red" in newest
    assert "Panel agreed the tenancy plan." in older and "Green" in older
    assert ProgressUpdate.objects.filter(action=action).count() == 2
