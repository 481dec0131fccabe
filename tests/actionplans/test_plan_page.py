import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Action, KeyOutcome, PlanSection, Rag
from actionplans.services import progress_update_record
from tests.conftest import build_period, build_plan


def _grow(plan, *, outcomes: int, actions_each: int, updates_each: int, author) -> None:
    period = plan.periods.first()
    lead = plan.actions.first().leads.first()
    start = plan.key_outcomes.count() + 1
    # Sections in turn, so the table heads each outcome's group with its section: each
    # is read with its outcome, or a query apiece.
    sections = [
        plan.sections.first(),
        PlanSection.objects.create(plan=plan, number=start + 100, title="Grown"),
    ]
    for offset in range(outcomes):
        outcome = KeyOutcome.objects.create(
            plan=plan, number=start + offset, title=f"KO {offset}", section=sections[offset % 2]
        )
        for number in range(1, actions_each + 1):
            action = Action.objects.create(
                plan=plan, key_outcome=outcome, number=number, description=f"A {number}"
            )
            action.leads.add(lead)
            for _ in range(updates_each):
                progress_update_record(
                    action=action,
                    author=author,
                    narrative="Going well",
                    rag=Rag.GREEN,
                    period=period,
                )


def _plan_page_queries(client, plan) -> tuple[int, bytes]:
    url = reverse(
        "actionplans:plan-detail", kwargs={"org": plan.strategy.organisation.slug, "pk": plan.pk}
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content


@pytest.mark.django_db
def test_plan_page_query_count_does_not_grow_with_actions_or_updates(client, council, owner):
    plan = build_plan(council, actions=2)
    build_period(plan)
    client.force_login(owner)
    small, _ = _plan_page_queries(client, plan)
    _grow(plan, outcomes=6, actions_each=5, updates_each=3, author=owner)
    large, content = _plan_page_queries(client, plan)
    assert large == small
    assert content.count(b"Going well") == 30


@pytest.mark.django_db
def test_plan_page_shows_each_column_councils_know(client, council, owner):
    plan = build_plan(council, actions=1)
    action = plan.actions.get()
    progress_update_record(
        action=action,
        author=owner,
        narrative="Homes found for 12 care leavers",
        rag=Rag.AMBER,
        period=None,
    )
    client.force_login(owner)
    _, content = _plan_page_queries(client, plan)
    page = content.decode()
    for text in [
        "Key outcome",
        "Action",
        "Lead",
        "By when",
        "Progress",
        "RAG",
        "Care leavers have a home",
        action.description,
        "March 2030",
        "Homes found for 12 care leavers",
        "Amber",
        action.leads.get().name,
    ]:
        assert text in page
    assert datetime.date(2030, 3, 31).strftime("%-d %b %Y") in page
