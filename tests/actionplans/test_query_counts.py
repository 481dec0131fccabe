"""The action page and My actions cost the same number of queries however much they show."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, Lead, Rag
from actionplans.services import action_deadline_change, progress_update_record
from strategies.models import Role
from tests.actionplans.updating import current_period, officer_action, url
from tests.conftest import build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def queries_for(client, page_url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page_url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def add_history(action: Action, people: list, count: int) -> None:
    """`count` updates and `count` deadline changes, by several people, in several periods."""
    start = timezone.now() - datetime.timedelta(days=count + 1)
    periods = list(action.plan.periods.all())
    for index in range(count):
        at = start + datetime.timedelta(hours=index * 12)
        progress_update_record(
            action=action,
            author=people[index % len(people)],
            narrative=f"Update number {index}",
            rag=Rag.AMBER,
            period=periods[index % len(periods)],
            recorded_at=at,
        )
        action_deadline_change(
            action=action,
            changed_by=people[(index + 1) % len(people)],
            new_text=f"June {2031 + index}",
            reason=f"Reason number {index}",
            changed_at=at + datetime.timedelta(hours=1),
        )


def test_the_action_page_costs_the_same_with_1_or_30_updates_and_deadline_changes(
    client, council, officer, owner, admin_user
):
    small = officer_action(council, officer)
    large = Action.objects.filter(plan=small.plan).exclude(pk=small.pk).get()
    current_period(small.plan, name="Earlier", starts_on=datetime.date(2020, 1, 1))
    people = [officer, owner, admin_user]
    add_history(small, people, 1)
    add_history(large, people, 30)
    client.force_login(officer)

    few, _ = queries_for(client, url("actionplans:action-detail", small))
    many, page = queries_for(client, url("actionplans:action-detail", large))

    assert many == few
    assert page.count("Update number") == 30
    assert page.count("Reason number") == 30 + 30  # the timeline and the change records
    assert "Originally: <bdi>March 2030</bdi>" in page


def test_the_update_form_costs_the_same_with_1_or_30_updates(client, council, officer, owner):
    small = officer_action(council, officer)
    large = Action.objects.filter(plan=small.plan).exclude(pk=small.pk).get()
    add_history(small, [owner], 1)
    add_history(large, [owner], 30)
    client.force_login(officer)
    few, _ = queries_for(client, url("actionplans:update-create", small))
    many, _ = queries_for(client, url("actionplans:update-create", large))
    assert many == few


def my_actions_in_two_councils(person, councils, count: int) -> None:
    """`count` actions split over two councils, some updated this period, some overdue."""
    today = timezone.localdate()
    for council_index, council in enumerate(councils):
        plan = build_plan(council, actions=0)
        period = current_period(plan)
        outcome = plan.key_outcomes.get()
        leads = [
            Lead.objects.create(organisation=council, name=f"{person} {council_index}-{number}")
            for number in range(2)
        ]
        for lead in leads:
            lead.officers.add(person)
        for number in range(1, count // 2 + 1):
            action = Action.objects.create(
                plan=plan,
                key_outcome=outcome,
                number=number,
                description=f"Queue item {council_index}-{number}",
                deadline=today + datetime.timedelta(days=30 * (number % 3) - 20),
                deadline_text="Some time",
            )
            action.leads.add(*leads[: 1 + number % 2])
            if number % 2:
                progress_update_record(
                    action=action, author=person, narrative="Done", rag=Rag.GREEN, period=period
                )


def test_my_actions_costs_the_same_with_3_or_40_actions_across_two_councils(
    client, make_person, council, other_council
):
    few_person = make_person("few", council, Role.OFFICER)
    few_person.council_roles.create(organisation=other_council, role=Role.OFFICER)
    many_person = make_person("many", council, Role.OFFICER)
    many_person.council_roles.create(organisation=other_council, role=Role.OFFICER)
    my_actions_in_two_councils(few_person, [council, other_council], 3)
    my_actions_in_two_councils(many_person, [council, other_council], 40)
    page_url = reverse("actionplans:my-actions")

    client.force_login(few_person)
    few, few_page = queries_for(client, page_url)
    client.force_login(many_person)
    many, many_page = queries_for(client, page_url)

    assert few_page.count("Queue item") == 2  # 3 // 2 in each council
    assert many_page.count("Queue item") == 40
    assert many == few
