"""The dashboard's query count does not depend on the number of actions, updates or periods.

Two plans of the test council, one small and one grown to several objectives, key outcomes,
reporting periods, updates, deadline changes and a measure, are read with the same queries.
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import (
    Action,
    ActionPlan,
    KeyOutcome,
    Lead,
    Measure,
    MeasureValue,
    PlanSection,
    ProgressUpdate,
    Rag,
    ReportingPeriod,
)
from actionplans.services import action_deadline_change, progress_update_record
from governance.dashboard import plan_dashboard
from strategies.models import Objective
from tests.conftest import build_plan


def grow(plan, *, outcomes: int, periods: int, owner) -> None:
    """Give a built plan more key outcomes, sections, leads, actions, periods, updates,
    moved deadlines and a measure linked to its actions."""
    council = plan.strategy.organisation
    for number in range(2, outcomes + 2):
        section = PlanSection.objects.create(plan=plan, number=number, title=f"Section {number}")
        objective = Objective.objects.create(
            strategy=plan.strategy, number=number, title=f"Objective {number}"
        )
        outcome = KeyOutcome.objects.create(
            plan=plan,
            number=number,
            title=f"Outcome {number}",
            section=section,
            objective=objective,
        )
        lead = Lead.objects.create(organisation=council, name=f"Lead {plan.pk}-{number}")
        for action_number in (1, 2, 3):
            action = Action.objects.create(
                plan=plan,
                key_outcome=outcome,
                number=action_number,
                description="Grown",
                deadline_text="May 2020",
                deadline=datetime.date(2020, 5, 31),
            )
            action.leads.add(lead)
    starts = [datetime.date(2024, 1, 1) + datetime.timedelta(days=91 * n) for n in range(periods)]
    made = [
        ReportingPeriod.objects.create(
            plan=plan, name=f"P{n}", starts_on=start, ends_on=start + datetime.timedelta(days=90)
        )
        for n, start in enumerate(starts)
    ]
    measure = Measure.objects.create(
        organisation=council, name=f"Measure {plan.pk}", unit="%", good_direction="up"
    )
    for n, period in enumerate(made):
        MeasureValue.objects.create(measure=measure, date=period.ends_on, value=40 + n)
    for index, action in enumerate(Action.objects.filter(plan=plan).order_by("pk")):
        measure.actions.add(action)
        for n, period in enumerate(made):
            at = timezone.make_aware(datetime.datetime.combine(period.starts_on, datetime.time(9)))
            rag = [Rag.RED, Rag.AMBER, Rag.GREEN][(index + n) % 3]
            progress_update_record(
                action=action,
                author=owner,
                narrative="Update",
                rag=rag,
                period=period,
                recorded_at=at + datetime.timedelta(days=10),
            )
        if index % 2:
            action_deadline_change(
                action=action,
                changed_by=owner,
                new_text="June 2031",
                reason="Later",
                changed_at=timezone.make_aware(datetime.datetime(2024, 2, 1)),
            )


def test_the_dashboard_reads_the_same_queries_however_many_actions_updates_or_periods(
    council, owner, board_member, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    small, big = build_plan(council, actions=1), build_plan(council, actions=4)
    grow(small, outcomes=1, periods=1, owner=owner)
    grow(big, outcomes=6, periods=7, owner=owner)
    assert ProgressUpdate.objects.filter(action__plan=big).count() == 22 * 7
    client.force_login(board_member)
    since = timezone.make_aware(datetime.datetime(2024, 3, 1))
    counted = []
    for plan in (small, big):
        plan = ActionPlan.objects.select_related("strategy__organisation").get(pk=plan.pk)
        plan_dashboard(plan, on=datetime.date(2026, 1, 1), since=since)  # warm the caches
        with CaptureQueriesContext(connection) as direct:
            dashboard = plan_dashboard(plan, on=datetime.date(2026, 1, 1), since=since)
        url = reverse("governance:plan-dashboard", args=[council.slug, plan.pk])
        with CaptureQueriesContext(connection) as page:
            assert client.get(url, {"since": "1/3/2024"}).status_code == 200
        counted.append((len(direct), len(page), len(dashboard.trend.points)))
    (small_direct, small_page, small_points), (big_direct, big_page, big_points) = counted
    assert (small_points, big_points) == (1, 7)
    assert small_direct == big_direct <= 16
    assert small_page == big_page
    with CaptureQueriesContext(connection) as council_page:
        client.get(reverse("governance:council-dashboard", args=[council.slug]))
    build_plan(council, actions=3)
    with CaptureQueriesContext(connection) as more_plans:
        client.get(reverse("governance:council-dashboard", args=[council.slug]))
    assert len(council_page) == len(more_plans)
