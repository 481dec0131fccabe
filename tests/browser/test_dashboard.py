"""Dashboards in Chromium: axe finds nothing in any state, and the pages work at 320 px wide
and at 200% zoom with no sideways scrolling of the page (wide tables scroll in their own
focusable region). Served from the seeded site with its demonstration layer, plus a board
pack issued last quarter so that "since the last pack" has changes to list.

tests/browser/test_every_page.py counts the URL names quoted here as scanned:
"governance:plan-dashboard", "governance:plan-dashboard-breakdown" and
"governance:council-dashboard".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from actionplans.models import ActionPlan
from governance.dashboard.frozen import freeze
from governance.dashboard.snapshot import plan_state
from governance.models import Board, Meeting
from governance.packs.build import board_pack_start
from governance.packs.issue import board_pack_issue
from governance.packs.request import board_pack_request
from governance.packs.store import board_pack_store
from tests.browser.conftest import watched_page
from tests.browser.seeded_site import SeededSite, serve_seeded_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

BOARD, EMPTY = "lancashire-board", "emptyshire-owner"
LINCOLNSHIRE = "lincolnshire-viewer"


def issue_last_quarters_pack(plan: ActionPlan) -> None:
    """An issued pack that froze the plan as it stood at the end of its first quarter."""
    owner = get_user_model().objects.get(username="lancashire-owner")
    first = plan.periods.order_by("starts_on").first()
    board = Board.objects.get(organisation__slug="lancashire", name="Corporate Parenting Board")
    meeting = Meeting.objects.get(board=board, date=first.ends_on + datetime.timedelta(days=35))
    pack = board_pack_request(
        meeting=meeting, plans=[plan], part="I", requested_by=owner, background=False
    )
    board_pack_start(pack=pack)
    board_pack_issue(
        pack=board_pack_store(pack=pack, content=b"%PDF-1.7", pages=1), issued_by=owner
    )
    then = timezone.make_aware(datetime.datetime.combine(first.ends_on, datetime.time.max))
    # As if built then: the state the pack froze is the plan at the end of that quarter.
    freeze(pack, {"taken_at": then.isoformat(), "plans": {str(plan.pk): plan_state(plan, at=then)}})


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[SeededSite]:
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=media),
        serve_seeded_site(django_db_blocker, {BOARD, EMPTY, LINCOLNSHIRE}) as seeded,
    ):
        with django_db_blocker.unblock():
            plan = ActionPlan.objects.get(pk=seeded.objects["lancashire_plan"])
            issue_last_quarters_pack(plan)
        yield seeded


def plan_dashboard(
    site: SeededSite,
    key: str = "lancashire_plan",
    query: str = "",
    name: str = "governance:plan-dashboard",
) -> str:
    slug = "lancashire" if key == "lancashire_plan" else "lincolnshire"
    url = reverse(name, args=[slug, site.objects[key]])
    return f"{url}?{query}" if query else url


def council_dashboard(slug: str) -> str:
    return reverse("governance:council-dashboard", args=[slug])


STATES = [
    ("plan, since the last pack", BOARD, plan_dashboard, "Changes since the last board pack"),
    (
        "plan, since a date",
        BOARD,
        lambda s: plan_dashboard(s, query="since=1/1/2026"),
        "Changes since 1 January 2026",
    ),
    ("plan, every row", BOARD, lambda s: plan_dashboard(s, query="show=all"), "Exceptions"),
    (
        "plan, no actions and no pack",
        LINCOLNSHIRE,
        lambda s: plan_dashboard(s, "lincolnshire_plan"),
        "no actions recorded yet",
    ),
    (
        "plan, trend and breakdown",
        BOARD,
        lambda s: plan_dashboard(s, name="governance:plan-dashboard-breakdown"),
        "RAG ratings by section, key outcome and lead",
    ),
    ("council", BOARD, lambda s: council_dashboard("lancashire"), "RAG ratings by plan"),
    (
        "council, no plans",
        EMPTY,
        lambda s: council_dashboard("emptyshire"),
        "no action plans under an approved strategy",
    ),
]


@pytest.mark.parametrize(("state", "user", "path", "shows"), STATES, ids=[s[0] for s in STATES])
def test_the_dashboard_in_this_state_has_no_accessibility_violations(
    state, user, path, shows, site, browser, page_problems, axe
):
    with watched_page(browser, site.url, page_problems, site.cookies_for(user)) as page:
        assert page.goto(path(site)).status == 200
        assert shows in page.locator("main").inner_text()
        assert page.locator("main h1").count() == 1
        axe(page)


def test_a_wrong_date_is_shown_in_an_error_summary_that_takes_focus(
    site, browser, page_problems, axe
):
    with watched_page(browser, site.url, page_problems, site.cookies_for(BOARD)) as page:
        page.goto(plan_dashboard(site))
        page.get_by_label("Compare with the plan as it was on").fill("31/02/2026")
        page.get_by_role("button", name="Compare").click()
        page.wait_for_load_state()
        assert page.title().startswith("Error: ")
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_be_focused()
        assert "Enter a real date" in summary.inner_text()
        axe(page)


def _no_sideways_scroll(page) -> None:
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"


@pytest.mark.parametrize(
    ("viewport", "scale"),
    [({"width": 320, "height": 640}, 1), ({"width": 640, "height": 400}, 2)],
    ids=["320px", "200% zoom of 1280px"],
)
@pytest.mark.parametrize("which", ["plan", "council"])
def test_the_dashboard_fits_a_narrow_or_zoomed_window(
    which, viewport, scale, site, browser, page_problems
):
    # 200% zoom of a 1280 px window lays the page out in 640 CSS pixels at twice the density.
    context = browser.new_context(
        base_url=site.url, viewport=viewport, device_scale_factor=scale, locale="en-GB"
    )
    context.add_cookies(site.cookies_for(BOARD))
    page = page_problems.watch(context.new_page())
    try:
        page.goto(plan_dashboard(site) if which == "plan" else council_dashboard("lancashire"))
        _no_sideways_scroll(page)
        chart = page.locator("svg.pledge-chart").first
        assert chart.bounding_box()["width"] <= viewport["width"]
        # A wide table scrolls inside its region, which the keyboard can reach.
        region = page.locator(".pledge-table-scroll").first
        region.focus()
        expect(region).to_be_focused()
        if which == "plan":
            link = page.get_by_role("link", name="Red").first
            link.click()
            page.wait_for_load_state()
            assert "rag=red" in page.url
    finally:
        context.close()
    assert not page_problems.entries, page_problems.entries


def test_the_council_dashboard_gives_a_plans_name_room_at_1280px(site, browser, page_problems):
    # The name column was squeezed to about 40 px, a syllable a line, over 20 lines.
    cookies = site.cookies_for(BOARD)
    viewport = {"width": 1280, "height": 800}
    with watched_page(browser, site.url, page_problems, cookies, viewport=viewport) as page:
        page.goto(council_dashboard("lancashire"))
        name = page.locator(".pledge-rag-table tbody th").first
        assert name.bounding_box()["width"] >= 150
        assert name.bounding_box()["height"] <= 300  # not 20 lines of a syllable each
        region = page.locator(".pledge-table-scroll").first
        assert region.evaluate("region => region.scrollWidth <= region.clientWidth")
