"""Importing a plan in Chromium: axe finds nothing on the upload, preview (with its columns
form) and error pages, the journey works with a real file upload, and the pages do not
scroll sideways at 320 px.

tests/browser/test_every_page.py counts the URL names quoted here as scanned:
"actionplans:import-upload", "actionplans:import-preview", "actionplans:import-confirm".
"""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from actionplans.imports import plan_import_upload
from actionplans.models import ActionPlan, Lead, PlanImport
from tests.actionplans.test_import_pages import BROKEN_CSV, PLAN_CSV
from tests.actionplans.test_import_reading import being_read
from tests.browser.conftest import session_cookies
from tests.browser.test_reflow import CUT_OFF

pytestmark = pytest.mark.browser

# PLEDGE_SCREENSHOTS=/some/dir keeps a picture of the preview at each width, to look at.
SCREENSHOTS = os.environ.get("PLEDGE_SCREENSHOTS", "")


def upload_page(council) -> str:
    return reverse("actionplans:import-upload", kwargs={"org": council.slug})


def upload_file(page: Page, name: str, data: bytes, title: str = "Care leavers plan") -> None:
    page.get_by_label("What is the plan called?").fill(title)
    page.get_by_label("Upload the plan").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and preview").click()


def expect_errors(page: Page, *messages: str) -> None:
    assert page.title().startswith("Error: "), page.title()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    for message in messages:
        assert message in summary.inner_text()


def no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"


def test_a_plan_owner_imports_a_plan_and_every_step_passes_axe(sign_in_as, axe, owner, council):
    Lead.objects.create(organisation=council, name="Fostering service")
    page = sign_in_as(owner)
    page.goto(reverse("governance:council-home", kwargs={"org": council.slug}))
    page.get_by_role("link", name="Import a plan").click()
    page.wait_for_url(upload_page(council))
    axe(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Upload and preview").click()
    expect_errors(page, "Enter the plan's title", "Select the file that holds your action plan")
    axe(page)

    upload_file(page, "plan.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    expect_errors(page, "old Word or Excel format")
    axe(page)

    upload_file(page, "plan.csv", PLAN_CSV)
    plan_import = PlanImport.objects.get(file_name="plan.csv")
    assert page.title().startswith("Check the plan before importing it")
    assert page.get_by_text("3 new, 1 already in").is_visible()
    axe(page)

    page.get_by_label("Column 2: Action").select_option("Not imported")
    with page.expect_navigation():
        page.get_by_role("button", name="Preview again with these columns").click()
    expect_errors(page, "Select which column holds the actions")
    axe(page)

    page.get_by_label("Column 2: Action").select_option("Action")
    page.get_by_label("Column 5: Progress").select_option("Not imported")
    with page.expect_navigation():
        page.get_by_role("button", name="Preview again with these columns").click()
    assert not page.title().startswith("Error: ")
    assert "Two flats found" not in page.locator("main").inner_text()

    with page.expect_navigation():
        page.get_by_role("button", name="Import the plan").click()
    plan = ActionPlan.objects.get(title="Care leavers plan")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_focused()
    assert "Care leavers plan is imported, with 3 actions" in banner.inner_text()
    plan_import.refresh_from_db()
    assert plan_import.plan == plan
    axe(page)


def test_a_file_with_errors_shows_them_in_a_page_that_passes_axe(sign_in_as, axe, owner, council):
    plan_import = plan_import_upload(
        organisation=council,
        uploaded_by=owner,
        file_name="broken.csv",
        data=BROKEN_CSV,
        file_format="csv",
        plan_title="Broken plan",
        strategy=None,
    )
    page = sign_in_as(owner)
    page.goto(
        reverse("actionplans:import-preview", kwargs={"org": council.slug, "pk": plan_import.pk})
    )

    expect_errors(page, "The file has 1 problem to fix before it can be imported")
    assert page.get_by_role("button", name="Import the plan").count() == 0
    axe(page)


def test_a_file_still_being_read_says_how_far_it_has_got_in_a_page_that_passes_axe(
    sign_in_as, axe, owner, council
):
    plan_import = being_read(council, owner, rows_read=250, rows_total=5004)
    page = sign_in_as(owner)
    page.goto(
        reverse("actionplans:import-preview", kwargs={"org": council.slug, "pk": plan_import.pk})
    )
    assert page.title().startswith("Reading your file")
    assert "Read 250 of 5004 rows." in page.locator("main").inner_text()
    axe(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_import_pages_fit_the_window(
    browser, live_server, page_problems, owner, council, width
):
    rows = "".join(
        f"{n // 6 + 1}.{n % 6 + 1},Outcome {n // 6} for children leaving care,"
        f"Action {n}: a long description of what the council will do,"
        f"Leaving Care Team / Housing Options,Q{n % 4 + 1} 2026/27,"
        f"Progress so far on action {n},{'RAG'[n % 3]}\r\n"
        for n in range(30)
    )
    data = f"Ref,Key Outcome,Action,Lead,By when?,Progress,RAG\r\n{rows}".encode()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, locale="en-GB"
    )
    context.add_cookies(session_cookies(owner, live_server.url))
    page = page_problems.watch(context.new_page())
    try:
        page.goto(upload_page(council))
        no_sideways_scroll(page)
        upload_file(page, "a-long-file-name-of-a-council-plan-2026-27.csv", data)
        no_sideways_scroll(page)
        assert page.evaluate(CUT_OFF) == []  # "Preview again with these columns" whole
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/import-preview-{width}-top.png")
        table = page.locator(".pledge-import-table")
        assert table.bounding_box()["width"] <= width
        table.scroll_into_view_if_needed()
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/import-preview-{width}-table.png")
    finally:
        context.close()
    assert not page_problems.entries, page_problems.entries
