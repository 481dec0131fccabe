"""My actions: the officer's own queue, across the councils where they report on actions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionStatus, Lead, Rag
from actionplans.services import progress_update_record
from strategies.models import CouncilRole, Role
from tests.actionplans.updating import current_period, officer_action
from tests.conftest import build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def _lead_action(plan, lead, number, *, deadline=None, status=ActionStatus.OPEN) -> Action:
    outcome = plan.key_outcomes.first()
    action = Action.objects.create(
        plan=plan,
        key_outcome=outcome,
        number=number,
        description=f"{plan.strategy.organisation.slug} action {number}",
        deadline=deadline,
        deadline_text=f"{deadline:%B %Y}" if deadline else "Ongoing",
        status=status,
        rag=Rag.BLUE if status == ActionStatus.COMPLETE else Rag.NOT_RATED,
    )
    action.leads.add(lead)
    return action


def test_my_actions_lists_both_councils_needing_an_update_first_then_overdue_then_the_rest(
    client, council, other_council, make_person
):
    person = make_person("two-hats", council, Role.OFFICER)
    person.council_roles.create(organisation=other_council, role=Role.OFFICER)
    today = timezone.localdate()
    past, soon, later = (today + datetime.timedelta(days=days) for days in (-40, 20, 200))
    here, there = build_plan(council, actions=0), build_plan(other_council, actions=0)
    period_here = current_period(here)
    current_period(there)
    lead_here = Lead.objects.create(organisation=council, name="Virtual School")
    lead_there = Lead.objects.create(organisation=other_council, name="Leaving Care")
    lead_here.officers.add(person)
    lead_there.officers.add(person)
    elsewhere = Lead.objects.create(organisation=council, name="Health")

    updated = [
        _lead_action(here, lead_here, 1, deadline=past),  # overdue, updated this period
        _lead_action(here, lead_here, 2, deadline=later),  # the rest
        _lead_action(here, lead_here, 3),  # the rest, no date
    ]
    for action in updated:
        progress_update_record(
            action=action, author=person, narrative="Done", rag=Rag.AMBER, period=period_here
        )
    needing = [
        _lead_action(there, lead_there, 1, deadline=past),  # needs update and overdue
        _lead_action(here, lead_here, 4, deadline=soon),
        _lead_action(there, lead_there, 2),
    ]
    _lead_action(here, elsewhere, 5, deadline=past)  # not their lead
    _lead_action(here, lead_here, 6, status=ActionStatus.COMPLETE)  # not open
    client.force_login(person)

    response = client.get(reverse("actionplans:my-actions"))

    shown = [action.pk for action in response.context["actions"]]
    assert shown == [needing[0].pk, needing[1].pk, needing[2].pk, *[a.pk for a in updated]]
    page = response.content.decode()
    assert page.count("Update needed") == 3
    assert page.count(">Updated<") == 3
    assert page.count(">Overdue<") == 2
    assert "Testshire County Council" in page and "Elsewhere Borough Council" in page


def test_my_actions_of_equal_need_run_by_deadline_soonest_first_then_undated(
    client, council, officer
):
    today = timezone.localdate()
    plan = build_plan(council, actions=0)
    current_period(plan)
    lead = Lead.objects.create(organisation=council, name="Virtual School")
    lead.officers.add(officer)
    later, undated, soon = (
        _lead_action(plan, lead, number, deadline=deadline)
        for number, deadline in [(1, today + datetime.timedelta(days=200)), (2, None), (3, today)]
    )
    client.force_login(officer)

    shown = list(client.get(reverse("actionplans:my-actions")).context["actions"])

    assert shown == [soon, later, undated]


def test_my_actions_leaves_out_a_council_where_the_person_holds_no_role(
    client, council, other_council, officer
):
    there = build_plan(other_council, actions=1)
    there.actions.get().leads.get().officers.add(officer)
    mine = officer_action(council, officer)
    client.force_login(officer)
    shown = set(client.get(reverse("actionplans:my-actions")).context["actions"])
    assert shown == set(mine.plan.actions.all())
    assert len(shown) == 2


@pytest.mark.parametrize("role", [Role.BOARD, Role.VIEWER])
def test_my_actions_leaves_out_a_council_where_the_person_only_reads(
    client, council, other_council, officer, make_person, role
):
    """A health trust officer who sits on the other council's board acts for nothing there,
    though colleagues there report on actions."""
    there = build_plan(other_council, actions=1)
    there.actions.get().leads.get().officers.add(officer)
    CouncilRole.objects.create(user=officer, organisation=other_council, role=role)
    make_person("colleague-there", other_council, Role.OFFICER)
    mine = officer_action(council, officer)
    client.force_login(officer)
    shown = set(client.get(reverse("actionplans:my-actions")).context["actions"])
    assert shown == set(mine.plan.actions.all())
    CouncilRole.objects.filter(user=officer, organisation=other_council).update(role=Role.OFFICER)
    shown = set(client.get(reverse("actionplans:my-actions")).context["actions"])
    assert shown == set(mine.plan.actions.all()) | set(there.actions.all())
