"""axe-core finds nothing on every page of the product, in every state it has.

PAGES lists each page in each state: empty, with errors (a form submitted empty or wrong),
and populated (the seeded councils with their demonstration layer, see seeded_site.py). A
new page is one line here; `test_every_page_is_listed_or_excluded_with_a_reason` fails until
its URL name is listed, excluded below with a reason, or named by the browser tests of
another module that scan it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.access_table import url_patterns
from tests.browser.conftest import axe, watched_page
from tests.browser.error_urls import SERVER_ERROR_PATH
from tests.browser.seeded_site import SeededSite, serve_seeded_site

# django_db: so that the test database is set up, and each test can read it; the seeded
# site itself is built once for the module and committed (see seeded_site.py).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

OWNER, OFFICER, BOARD = "lancashire-owner", "lancashire-officer", "lancashire-board"
NOTHING_TO_DO = "lincolnshire-officer"  # acts for no lead: Lincolnshire's plan is empty


@dataclass(frozen=True)
class State:
    """One page in one state: who looks (None: signed out), where, what they do, what shows."""

    name: str  # the URL name, or the error page's status for error pages
    state: str  # "populated", "empty", "errors: ..." (the title must then start "Error: ")
    user: str | None
    path: Callable[[SeededSite], str]
    do: Callable[[Page], None] | None = None
    shows: str = ""  # text in <main> that proves the page is in this state
    status: int = 200
    urlconf: str = ""

    def __str__(self) -> str:
        return f"{self.name} {self.state} ({self.user or 'signed out'})"


def at(name: str, *args: str, query: str = "") -> Callable[[SeededSite], str]:
    """The path of URL `name`; each arg is a name in the site's objects, or used as it is."""

    def path(site: SeededSite) -> str:
        url = reverse(name, args=[site.objects.get(arg, arg) for arg in args])
        return f"{url}?{query}" if query else url

    return path


def fixed(path: str) -> Callable[[SeededSite], str]:
    return lambda site: path


def submit(button: str, answers: dict[str, str | bool] | None = None) -> Callable[[Page], None]:
    """Fill fields by their labels (True ticks a box or picks a radio), then press `button`."""

    def do(page: Page) -> None:
        for label, value in (answers or {}).items():
            field = page.get_by_label(label, exact=True)
            field.check() if value is True else field.fill(value)
        with page.expect_navigation():
            page.get_by_role("button", name=button, exact=True).click()

    return do


def sign_in_too_often(page: Page) -> None:
    """One wrong password more than the throttle allows, for a username nobody else uses."""
    for _ in range(settings.PLEDGE_SIGN_IN_FAILURES + 1):
        submit("Sign in", {"Username": "nobody-by-this-name", "Password": "not-it"})(page)


ACTION = ("lancashire", "officers_action")
PLAN = ("lancashire", "lancashire_plan")

PAGES = [
    # Signing in and resetting a password, signed out.
    State("accounts:login", "empty", None, at("accounts:login"), shows="Sign in to Pledge"),
    State("accounts:login", "errors: nothing entered", None, at("accounts:login"),
          submit("Sign in"), shows="Enter your username"),
    State("accounts:login", "errors: wrong password", None, at("accounts:login"),
          submit("Sign in", {"Username": OFFICER, "Password": "not-the-password"}),
          shows="Enter a correct username and password"),
    State("accounts:login", "errors: too many attempts", None, at("accounts:login"),
          sign_in_too_often, shows="You have tried to sign in too many times"),
    State("accounts:password-reset", "empty", None, at("accounts:password-reset"),
          shows="Reset your password"),
    State("accounts:password-reset", "errors: nothing entered", None,
          at("accounts:password-reset"), submit("Send reset link"),
          shows="Enter your email address"),
    State("accounts:password-reset", "errors: not an email address", None,
          at("accounts:password-reset"),
          submit("Send reset link", {"Email address": "not-an-email-address"}),
          shows="Enter an email address in the correct format"),
    State("accounts:password-reset-done", "populated", None, at("accounts:password-reset-done"),
          shows="Check your email"),
    State("accounts:password-reset-confirm", "populated", None,
          at("accounts:password-reset-confirm", "reset_uid", "reset_token"),
          shows="Choose a new password"),
    State("accounts:password-reset-confirm", "errors: nothing entered", None,
          at("accounts:password-reset-confirm", "reset_uid", "reset_token"),
          submit("Save password"), shows="Enter a new password"),
    State("accounts:password-reset-confirm", "errors: passwords differ", None,
          at("accounts:password-reset-confirm", "reset_uid", "reset_token"),
          submit("Save password", {"New password": "a-long-new-password-1",
                                   "Confirm new password": "a-different-password-2"}),
          shows="Enter the same password in both fields"),
    State("accounts:password-reset-confirm", "expired link", None,
          at("accounts:password-reset-confirm", "MQ", "not-a-token"),
          shows="The link has expired"),
    State("accounts:password-reset-complete", "populated", None,
          at("accounts:password-reset-complete"), shows="Your password has been changed"),
    # The footer's pages, open to everyone.
    State("strategies:accessibility", "populated", None, at("strategies:accessibility"),
          shows="Enforcement procedure"),
    State("strategies:privacy", "populated", None, at("strategies:privacy"),
          shows="What personal data Pledge holds"),
    State("strategies:cookies", "populated", None, at("strategies:cookies"),
          shows="csrftoken"),
    State("strategies:contact", "signed out", None, at("strategies:contact"),
          shows="Sign in to see the names"),
    State("strategies:contact", "populated", OWNER, at("strategies:contact"),
          shows="Demo Administrator (Lancashire County Council)"),
    State("strategies:contact", "empty", "no-council", at("strategies:contact"),
          shows="No administrator is recorded"),
    # Councils and strategies.
    State("strategies:council-list", "populated", "two-councils", at("strategies:council-list"),
          shows="West Sussex County Council"),
    State("strategies:council-list", "empty", "no-council", at("strategies:council-list"),
          shows="You do not have a role in any council yet"),
    State("governance:council-home", "populated", OWNER, at("governance:council-home",
          "lancashire"), shows="Children Looked After and Care Leavers Strategic Action Plan"),
    State("governance:council-home", "with a past meeting", "lincolnshire-board",
          at("governance:council-home", "lincolnshire"), shows="Recent meetings"),
    State("governance:council-home", "empty", "emptyshire-owner",
          at("governance:council-home", "emptyshire"),
          shows="No strategies have been set up yet"),
    State("governance:voice", "populated", BOARD, at("governance:voice", "lancashire"),
          shows="Actions in our plans behind this"),
    State("governance:voice", "empty", "emptyshire-owner", at("governance:voice", "emptyshire"),
          shows="No one has recorded what young people said yet"),
    State("governance:voice", "with the links to record", OWNER,
          at("governance:voice", "lancashire"), shows="Record what was done"),
    State("governance:voice-create", "empty", OWNER, at("governance:voice-create", "lancashire"),
          shows="What did young people say?"),
    State("governance:voice-create", "errors: nothing entered", OWNER,
          at("governance:voice-create", "lancashire"), submit("Save what young people said"),
          shows="Enter what young people said"),
    State("governance:voice-respond", "empty", OWNER,
          at("governance:voice-respond", "lancashire", "lancashire_ask"),
          shows="What was done?"),
    State("governance:voice-respond", "errors: nothing entered", OWNER,
          at("governance:voice-respond", "lancashire", "lancashire_ask"),
          submit("Save what was done"), shows="Select the status"),
    State("strategies:strategy-detail", "populated", OWNER,
          at("strategies:strategy-detail", "lancashire", "lancashire_strategy"),
          shows="Corporate parenting principles nothing serves yet"),
    State("strategies:strategy-detail", "with a plan of no actions", "west-sussex-board",
          at("strategies:strategy-detail", "west-sussex", "west_sussex_strategy"),
          shows="Multi-agency implementation plan"),
    State("strategies:strategy-detail", "empty", "lincolnshire-owner",
          at("strategies:strategy-detail", "lincolnshire", "bare_strategy"),
          shows="No action plan has been set up for this strategy"),
    # Boards and their meetings, as a board member reads them (their forms: test_meetings.py).
    State("governance:board-list", "populated", BOARD, at("governance:board-list", "lancashire"),
          shows="Plans it oversees"),
    State("governance:board-list", "empty", "emptyshire-owner",
          at("governance:board-list", "emptyshire"), shows="No boards have been set up yet"),
    State("governance:board-detail", "populated", BOARD,
          at("governance:board-detail", "lancashire", "lancashire_board"), shows="Meetings"),
    State("governance:meeting-detail", "populated", OWNER,
          at("governance:meeting-detail", "lancashire", "lancashire_meeting"), shows="Agenda"),
    # The action plan table.
    State("actionplans:plan-detail", "populated", OWNER, at("actionplans:plan-detail", *PLAN),
          shows="Key outcome"),
    State("actionplans:plan-detail", "second page", BOARD,
          at("actionplans:plan-detail", *PLAN, query="page=2"), shows="Previous"),
    State("actionplans:plan-detail", "filtered and sorted", OFFICER,
          at("actionplans:plan-detail", *PLAN, query="rag=red&rag=amber&sort=-deadline"),
          shows="match the filters"),
    State("actionplans:plan-detail", "empty: no action matches", OFFICER,
          at("actionplans:plan-detail", *PLAN, query="q=no+action+says+this"),
          shows="No actions match the filters"),
    State("actionplans:plan-detail", "errors: a due date that is not a date", OFFICER,
          at("actionplans:plan-detail", *PLAN, query="due_after=31%2F02%2F2027"),
          shows="There is a problem"),
    State("actionplans:plan-detail", "empty", "lincolnshire-owner",
          at("actionplans:plan-detail", "lincolnshire", "lincolnshire_plan"),
          shows="This plan has no actions recorded yet"),
    # The plan's reporting cycle: its periods, cadence and a period's deadline.
    State("governance:plan-periods", "populated", OWNER, at("governance:plan-periods", *PLAN),
          shows="Reminders by lead"),
    State("governance:plan-periods", "read only", BOARD, at("governance:plan-periods", *PLAN),
          shows="Updates due"),
    State("governance:plan-periods", "empty", OWNER,
          at("governance:plan-periods", "lancashire", "new_plan"),
          shows="The plan has no reporting periods yet"),
    State("governance:plan-cadence", "empty", OWNER, at("governance:plan-cadence", *PLAN),
          shows="How often does the plan report?"),
    State("governance:plan-cadence", "errors: days not a number", OWNER,
          at("governance:plan-cadence", *PLAN),
          submit("Save and add the periods",
                 {"How many days before a period ends are updates due?": "lots"}),
          shows="Enter how many days before the period ends updates are due"),
    State("governance:period-deadline", "empty", OWNER,
          at("governance:period-deadline", "lancashire", "lancashire_period"),
          shows="Change the update deadline"),
    State("governance:period-deadline", "errors: not a real date", OWNER,
          at("governance:period-deadline", "lancashire", "lancashire_period"),
          submit("Save the deadline", {"Day": "31", "Month": "2", "Year": "2027"}),
          shows="Enter a real update deadline"),
    State("actionplans:reminder-preference", "populated", OFFICER,
          at("actionplans:reminder-preference", "lancashire"),
          shows="How do you want to hear about actions that need an update?"),
    # An action, and the forms officers and plan owners use on it.
    State("actionplans:action-detail", "populated", OWNER,
          at("actionplans:action-detail", "lancashire", "moved_action"), shows="Deadline changed"),
    State("actionplans:action-detail", "read only", BOARD,
          at("actionplans:action-detail", "lancashire", "moved_action"), shows="Timeline"),
    State("actionplans:action-detail", "complete", OFFICER,
          at("actionplans:action-detail", "lancashire", "complete_action"), shows="Blue"),
    State("actionplans:action-detail", "empty", OWNER,
          at("actionplans:action-detail", "lancashire", "not_started_action"),
          shows="No progress has been reported yet"),
    State("actionplans:action-detail", "no longer needed", OWNER,
          at("actionplans:action-detail", "lancashire", "not_needed_action"),
          shows="Why no longer needed"),
    State("actionplans:update-create", "empty", OFFICER, at("actionplans:update-create", *ACTION),
          shows="Reporting period"),
    State("actionplans:update-create", "errors: nothing entered", OFFICER,
          at("actionplans:update-create", *ACTION), submit("Save update"),
          shows="Select a RAG rating"),
    State("actionplans:update-create", "with a warning to confirm", OFFICER,
          at("actionplans:update-create", *ACTION),
          submit("Save update", {"What progress has been made?": "Done, late.", "Red": True,
                                 "This action is complete (rates it Blue)": True}),
          shows="You marked the action complete but rated it Red"),
    State("actionplans:update-create", "errors: only spaces written", OFFICER,
          at("actionplans:update-create", *ACTION),
          submit("Save update", {"What progress has been made?": "   ", "Amber": True}),
          shows="Enter what progress has been made"),
    State("actionplans:update-create", "empty: no reporting period open", OWNER,
          at("actionplans:update-create", "lancashire", "not_started_action"),
          shows="What progress has been made?"),
    State("actionplans:deadline-change", "empty", OFFICER,
          at("actionplans:deadline-change", *ACTION), shows="Why is the deadline changing?"),
    State("actionplans:deadline-change", "errors: nothing entered", OFFICER,
          at("actionplans:deadline-change", *ACTION), submit("Change deadline"),
          shows="Enter the new deadline"),
    State("actionplans:deadline-change", "errors: no reason given", OFFICER,
          at("actionplans:deadline-change", *ACTION),
          submit("Change deadline", {"New deadline": "June 2031"}),
          shows="Enter the reason for changing the deadline"),
    State("actionplans:action-close", "empty", OWNER, at("actionplans:action-close", *ACTION),
          shows="Why is this action no longer needed?"),
    State("actionplans:action-close", "errors: nothing entered", OWNER,
          at("actionplans:action-close", *ACTION), submit("Mark as no longer needed"),
          shows="Enter why this action is no longer needed"),
    State("actionplans:my-actions", "populated", OFFICER, at("actionplans:my-actions"),
          shows="Update needed"),
    State("actionplans:my-actions", "empty", NOTHING_TO_DO, at("actionplans:my-actions"),
          shows="You have no open actions"),
    # Error pages.
    State("403", "a board member opens the update form", BOARD,
          at("actionplans:update-create", *ACTION), status=403, shows="You cannot do this"),
    State("404", "no such page", OWNER, fixed("/no-such-page/"), status=404,
          shows="Page not found"),
    State("404", "another council's action", NOTHING_TO_DO,
          at("actionplans:action-detail", *ACTION), status=404, shows="Page not found"),
    State("404", "signed out", None, fixed("/no-such-page/"), status=404,
          shows="Page not found"),
    State("500", "server error", None, fixed(SERVER_ERROR_PATH), status=500,
          urlconf="tests.browser.error_urls", shows="Try again later"),
]  # fmt: skip

# URL names that are not pages a person reads, each with the reason.
NOT_PAGES = {
    "healthz": "plain text for load balancers",
    "readyz": "plain text for load balancers",
    "accounts:logout": "POST only; it redirects to sign-in (test_sign_in.py signs out)",
    "actionplans:plan-export-csv": "a CSV download of the plan table (test_plan_export.py)",
    "actionplans:plan-export-xlsx": "an Excel download of the plan table (test_plan_export.py)",
    "actionplans:plan-chase": "POST only: the chase now button on plan-detail",
    "governance:period-reminders": "POST only: the pause button on plan-periods",
    "governance:lead-reminders": "POST only: the pause button on plan-periods",
    "signon:start": "redirects to the council's provider; test_single_sign_on.py runs axe on "
    "the sign-in page that links to it and on the pages it leads to",
    "signon:callback": "the provider's return: a redirect, or the refusal page that "
    "test_single_sign_on.py checks with axe",
}
# Pages added by the dashboard, meeting, import and people work, whose own browser tests run axe
# on every state: each of their URL names must appear, quoted, in one of these modules.
SCANNED_ELSEWHERE = [
    "test_dashboard.py",
    "test_meetings.py",
    "test_plan_import.py",
    "test_people.py",
    "test_plan_setup.py",
]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[SeededSite]:
    usernames = {state.user for state in PAGES if state.user}
    with serve_seeded_site(django_db_blocker, usernames) as seeded:
        yield seeded


@pytest.mark.parametrize("state", PAGES, ids=str)
def test_the_page_in_this_state_has_no_accessibility_violations(
    state, site, browser, page_problems, settings
):
    if state.urlconf:
        settings.ROOT_URLCONF = state.urlconf
    path = state.path(site)
    if state.status != 200:
        page_problems.expect(path, state.status)
    with watched_page(browser, site.url, page_problems, site.cookies_for(state.user)) as page:
        response = page.goto(path)
        assert response.status == state.status, f"{path} answered {response.status}"
        if state.do:
            state.do(page)
        errors = page.locator(".govuk-error-summary")
        if state.state.startswith("errors"):
            assert page.title().startswith("Error: "), page.title()
            # GOV.UK Frontend's script moves focus to the summary.
            expect(errors).to_be_focused()
        else:
            assert not page.title().startswith("Error: "), page.title()
            assert errors.count() == 0, errors.inner_text()
        # A banner answering what the person just did takes focus, like an error summary.
        alerts = page.locator(".govuk-notification-banner[role=alert]")
        if alerts.count():
            expect(alerts.first).to_be_focused()
        assert page.locator("main h1").count() == 1
        if state.status != 500:  # rendered with no context, so no CSP nonce for the script
            assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
        assert state.shows in page.locator("main").inner_text()
        axe(page)


def _named_in(module: str, name: str) -> bool:
    path = Path(__file__).with_name(module)
    return path.exists() and re.search(rf"[\"']{re.escape(name)}[\"']", path.read_text())


def test_every_page_is_listed_or_excluded_with_a_reason():
    names = set(url_patterns())
    listed = {state.name for state in PAGES if not state.name.isdigit()}
    scanned_elsewhere = {
        name for name in names if any(_named_in(module, name) for module in SCANNED_ELSEWHERE)
    }
    unscanned = sorted(names - listed - NOT_PAGES.keys() - scanned_elsewhere)
    assert unscanned == [], f"Add these pages to PAGES in {__file__}: {unscanned}"
    gone = sorted((listed | NOT_PAGES.keys()) - names)
    assert gone == [], f"PAGES or NOT_PAGES name URLs that no longer exist: {gone}"
