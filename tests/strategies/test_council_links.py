"""Links between records never cross councils, whether made in code or in Django's admin.

A board of one council that oversaw another council's plan would carry that plan into its
meetings' agenda forms and board packs; an action led by another council's lead would put
that action into the other council's officers' queues.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import RequestFactory

from actionplans.models import Lead, Measure
from governance.models import AgendaItem, Board, Recommendation
from tests.conftest import build_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def refused(add) -> bool:
    """The add raised; its savepoint is rolled back, as a request's transaction would be."""
    try:
        with transaction.atomic():
            add()
    except ValidationError as error:
        return "same council" in str(error)
    return False


def test_a_board_cannot_oversee_another_councils_plan_from_either_side(plan, other_plan):
    meeting = build_meeting(plan.strategy.organisation, plan)
    board = meeting.board
    assert refused(lambda: board.plans.add(other_plan))
    assert refused(lambda: other_plan.boards.add(board))
    assert list(board.plans.all()) == [plan]
    assert list(meeting.pack_plans()) == [plan]


def test_agenda_items_recommendations_and_measures_stay_in_their_council(plan, other_plan):
    meeting = build_meeting(plan.strategy.organisation, plan)
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Action plan review")
    recommendation = Recommendation.objects.create(
        board=meeting.board, meeting=meeting, text="Report back", owner="Director"
    )
    measure = Measure.objects.create(organisation=plan.strategy.organisation, name="EET")
    other_action = other_plan.actions.first()
    for attempt in (
        lambda: item.plans.add(other_plan),
        lambda: recommendation.actions.add(other_action),
        lambda: measure.actions.add(other_action),
        lambda: other_action.recommendations.add(recommendation),
    ):
        assert refused(attempt)
    item.plans.add(plan)
    recommendation.actions.add(plan.actions.first())
    measure.actions.add(*plan.actions.all())
    assert item.plans.count() == recommendation.actions.count() == 1
    assert measure.actions.count() == plan.actions.count()
    assert not other_action.recommendations.exists()


def test_an_action_cannot_be_led_by_another_councils_lead(plan, other_plan):
    action = plan.actions.first()
    other_lead = Lead.objects.get(organisation=other_plan.strategy.organisation)
    assert refused(lambda: action.leads.add(other_lead))
    assert refused(lambda: other_lead.actions.add(action))
    assert other_lead not in action.leads.all()


def _admin_form(model, instance, data, superuser):
    request = RequestFactory().post("/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    return model_admin.get_form(request, instance, change=True)(data, instance=instance)


def test_the_admin_says_which_plan_belongs_to_another_council(plan, other_plan, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    board = build_meeting(plan.strategy.organisation, plan).board
    data = {
        "organisation": board.organisation_id,
        "name": board.name,
        "kind": board.kind,
        "plans": [plan.pk, other_plan.pk],
    }
    form = _admin_form(Board, board, data, superuser)
    assert not form.is_valid()
    [message] = form.errors["plans"]
    assert message.startswith("Choose action plans of Testshire County Council only.")
    assert other_plan.title in message
    assert _admin_form(Board, board, data | {"plans": [plan.pk]}, superuser).is_valid()
    assert list(Board.objects.get(pk=board.pk).plans.all()) == [plan]


def test_the_admin_refuses_another_councils_lead_for_an_action(plan, other_plan, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    action = plan.actions.first()
    other_lead = Lead.objects.get(organisation=other_plan.strategy.organisation)
    form = _admin_form(type(action), action, {}, superuser)
    data = {name: form.initial.get(name) for name in form.fields} | {
        "leads": [*action.leads.values_list("pk", flat=True), other_lead.pk],
        "care_principles": [],
    }
    data = {name: value for name, value in data.items() if value is not None}
    form = _admin_form(type(action), action, data, superuser)
    assert not form.is_valid()
    assert "Choose leads of Testshire County Council only." in form.errors["leads"][0]
