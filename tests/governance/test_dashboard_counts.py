"""The dashboards' numbers on small plans built by hand, so each count is known beforehand:
the council dashboard's ratings, flags and totals, and where "overdue" starts on each
dashboard (an open action due today is not overdue; one due yesterday is).

test_dashboard.py checks the same counts against the seeded Lancashire plan's rows.
"""

from __future__ import annotations

import datetime

import pytest

from actionplans.models import Rag
from actionplans.services import action_close, action_deadline_change, progress_update_record
from governance.dashboard import council_dashboard, plan_dashboard
from tests.conftest import build_period, build_plan, build_plan_due_around

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 11, 10)  # inside build_period's Q3 2026-27
RAGS = ["red", "amber", "green", "blue", "none"]


# Where "overdue" starts ----------------------------------------------------------------------


def test_the_plan_dashboard_counts_the_action_due_yesterday_overdue_not_the_one_due_today(
    council,
):
    plan = build_plan_due_around(council, ON)["today"].plan

    assert plan_dashboard(plan, on=ON).overdue.count == 1


def test_the_council_dashboard_counts_the_action_due_yesterday_overdue_not_the_one_due_today(
    council,
):
    build_plan_due_around(council, ON)

    (summary,) = council_dashboard(council, on=ON).plans

    assert summary.overdue.count == 1


def test_exceptions_list_the_action_due_yesterday_as_overdue_and_the_one_due_today_not(
    council,
):
    plan = build_plan_due_around(council, ON)["today"].plan

    groups = {group.key: group for group in plan_dashboard(plan, on=ON).exceptions}

    listed = {key: [(a.description, a.is_late) for a in g.rows] for key, g in groups.items()}
    assert listed == {
        "red": [],
        "amber": [],
        "overdue": [("Due yesterday", True)],
        "not_updated": [("Due today", False), ("Due tomorrow", False)],
    }
    assert [group.link.count for group in groups.values()] == [0, 0, 1, 2]


# The council dashboard's numbers -------------------------------------------------------------


def _rate(action, rag, *, author, period, **fields) -> None:
    progress_update_record(
        action=action, author=author, narrative="Progress.", rag=rag, period=period, **fields
    )


@pytest.fixture
def rated_plans(council, owner):
    """Two live plans: every rating, each flag with a count of its own, a closed action.

    A: 1 Red, overdue; 2 Red, due today; 3 Amber, deadline moved; 4 Green; 5 Amber, updated
    outside the period; 6 deadline moved to a past date, then completed (Blue); 7 not rated,
    deadline moved; 8 no longer needed, so counted nowhere.
    B (no reporting period): 1 Amber; 2 not rated, deadline moved.
    """
    plan = build_plan(council, actions=8, title="A: Care leavers")
    period = build_period(plan)
    a = {action.number: action for action in plan.actions.all()}
    a[1].deadline, a[2].deadline = ON - datetime.timedelta(days=1), ON
    for action in (a[1], a[2]):
        action.save(update_fields=["deadline"])
    for number, new_text in ((3, "June 2031"), (6, "1 November 2026"), (7, "2032")):
        action_deadline_change(
            action=a[number], changed_by=owner, new_text=new_text, reason="Funding moved"
        )
    for number, rag in ((1, Rag.RED), (2, Rag.RED), (3, Rag.AMBER), (4, Rag.GREEN)):
        _rate(a[number], rag, author=owner, period=period)
    earlier = build_period(
        plan,
        name="Q2 2026-27",
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 9, 30),
        update_deadline=None,
    )
    _rate(a[5], Rag.AMBER, author=owner, period=earlier)
    _rate(a[6], Rag.GREEN, author=owner, period=period, complete=True)
    action_close(action=a[8], closed_by=owner, reason="Merged into action 1")
    other = build_plan(council, actions=2, title="B: Health")
    b = {action.number: action for action in other.actions.all()}
    _rate(b[1], Rag.AMBER, author=owner, period=None)
    action_deadline_change(action=b[2], changed_by=owner, new_text="2032", reason="Waiting")
    return plan, other


def test_the_council_dashboard_counts_each_plans_ratings_and_flags_exactly(council, rated_plans):
    plan, other = rated_plans

    dashboard = council_dashboard(council, on=ON)

    summaries = {summary.plan: summary for summary in dashboard.plans}
    assert set(summaries) == {plan, other}
    first, second = summaries[plan], summaries[other]
    assert {style.rag: link.count for style, link in first.row.cells} == {
        "red": 2,
        "amber": 2,
        "green": 1,
        "blue": 1,
        "none": 1,
    }
    # Total, overdue, not updated in the period, deadline moved.
    assert [link.count for link in first.links] == [7, 1, 2, 3]
    assert first.period.name == "Q3 2026-27"
    assert {style.rag: link.count for style, link in second.row.cells} == {
        "red": 0,
        "amber": 1,
        "green": 0,
        "blue": 0,
        "none": 1,
    }
    # With no reporting period, every open action is waiting for an update.
    assert [link.count for link in second.links] == [2, 0, 2, 1]
    assert second.period is None


def test_the_council_dashboards_totals_add_up_each_rating_across_its_plans(council, rated_plans):
    dashboard = council_dashboard(council, on=ON)

    assert dashboard.totals == {"red": 2, "amber": 3, "green": 1, "blue": 1, "none": 2}
    assert [(style.rag, n) for style, n in dashboard.total_cells] == [
        ("red", 2),
        ("amber", 3),
        ("green", 1),
        ("blue", 1),
        ("none", 2),
    ]
    assert dashboard.total == 9
