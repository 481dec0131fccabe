"""The plan dashboard's first screen answers a board member's three questions (how is the plan
doing, what changed, what needs the board's attention); the trend and the breakdowns are on
their own page, with counts that still link to the plan table filtered to exactly them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.dashboard import plan_dashboard
from tests.governance import test_dashboard

# The seeded Lancashire plan and a board member signed in, as the dashboard's own tests have them.
lancashire = test_dashboard.lancashire
board_client = test_dashboard.board_client

pytestmark = pytest.mark.django_db


def main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_the_first_thing_under_the_heading_is_the_three_questions(lancashire, board_client):
    page = main(
        board_client.get(reverse("governance:plan-dashboard", args=["lancashire", lancashire.pk]))
    )
    below_title = page[page.index("</h1>") :]
    headings = re.findall(r"<h2[^>]*>\s*([^<]+?)\s*</h2>", below_title)

    assert headings[:3] == [
        "How the plan is doing",
        "What changed since the last meeting",
        "What needs the board's attention",
    ]
    dashboard = plan_dashboard(lancashire, on=timezone.localdate())
    red = next(link for style, link in dashboard.summary.cells if style.label == "Red")
    glance = page[: page.index('id="plan-')]
    assert f'href="{red.url.replace("&", "&amp;")}">{red.count} Red</a>' in glance
    for group in dashboard.exceptions:
        if group.link.count:
            anchor = f"plan-{lancashire.pk}-exceptions-{group.key}"
            assert f'href="#{anchor}">{group.title}: {group.link.count}</a>' in glance
            assert f'id="{anchor}"' in page
    # The trend and breakdowns have moved to their own page, linked from here.
    assert "Trend by reporting period" not in page
    breakdown = reverse("governance:plan-dashboard-breakdown", args=["lancashire", lancashire.pk])
    assert f'href="{breakdown}"' in page


def test_the_breakdown_page_shows_the_trend_and_every_breakdowns_counts(lancashire, board_client):
    url = reverse("governance:plan-dashboard-breakdown", args=["lancashire", lancashire.pk])

    page = main(board_client.get(url))

    assert '<h1 class="govuk-heading-l">Trend and breakdown</h1>' in page
    assert "Trend by reporting period" in page
    for breakdown in plan_dashboard(lancashire, on=timezone.localdate(), limit=25).breakdowns:
        assert breakdown.title in page
        for row in breakdown.rows:
            assert f'href="{row.total.url.replace("&", "&amp;")}">{row.total.count}</a>' in page


def test_the_compare_date_is_a_govuk_text_input(lancashire, board_client):
    page = main(
        board_client.get(reverse("governance:plan-dashboard", args=["lancashire", lancashire.pk]))
    )

    field = re.search(r'<input type="text" name="since"[^>]*>', page).group(0)
    assert 'class="govuk-input govuk-input--width-10"' in field
