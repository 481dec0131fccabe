"""Where "overdue" starts: an open action due today is not overdue; one due yesterday is.

Each place in actionplans that judges it is tried through what it offers: the queryset, the
model, the plan table's filters and the plan table itself. The dashboards' copies are tried in
tests/governance/test_dashboard_counts.py.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from actionplans.filters import plan_action_filter
from actionplans.models import Action
from tests.conftest import build_plan_due_around

pytestmark = pytest.mark.django_db

ON = datetime.date(2027, 2, 10)


def test_the_overdue_queryset_holds_the_action_due_yesterday_not_the_one_due_today(council):
    due = build_plan_due_around(council, ON)

    assert list(Action.objects.overdue(on=ON)) == [due["yesterday"]]


def test_an_action_is_overdue_the_day_after_its_deadline_not_on_the_day(council):
    due = build_plan_due_around(council, ON)

    assert {name: action.is_overdue(on=ON) for name, action in due.items()} == {
        "yesterday": True,
        "today": False,
        "tomorrow": False,
    }


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("overdue=1", ["Due yesterday"]),
        ("not_overdue=1", ["Due today", "Due tomorrow"]),
    ],
)
def test_the_plan_tables_overdue_filters_split_at_the_day_after_the_deadline(
    council, query, listed
):
    plan = build_plan_due_around(council, ON)["today"].plan

    rows = plan_action_filter(QueryDict(query), plan=plan, today=ON).qs

    assert [action.description for action in rows] == listed


def test_the_plan_table_tags_the_action_due_yesterday_overdue_and_not_the_one_due_today(
    client, council, owner
):
    plan = build_plan_due_around(council, timezone.localdate())["today"].plan
    client.force_login(owner)

    page = client.get(reverse("actionplans:plan-detail", args=[council.slug, plan.pk]))

    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', page.content.decode(), re.S)
    tagged = {
        name: "Overdue</strong>" in row
        for row in rows
        for name in ("Due yesterday", "Due today", "Due tomorrow")
        if f">{name}</a>" in row
    }
    assert tagged == {"Due yesterday": True, "Due today": False, "Due tomorrow": False}
