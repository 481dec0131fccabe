"""An action's reference (Action.label) wherever the action is shown."""

import pytest
from django.urls import reverse

from actionplans.models import Action, Lead
from tests.conftest import build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def referenced(plan) -> Action:
    """The plan's first action, which the council's own plan calls 4.3."""
    action = plan.actions.order_by("number").first()
    action.reference = "4.3"
    action.save(update_fields=["reference"])
    return action


def test_the_label_is_the_plans_reference_where_there_is_one(referenced):
    assert referenced.label == "4.3"


def test_the_label_falls_back_to_key_outcome_and_action_number(council):
    plan = build_plan(council, actions=1)
    action = plan.actions.get()
    action.key_outcome.number = 2
    action.key_outcome.save()
    action.refresh_from_db()
    assert action.reference == ""
    assert action.label == "2.1"


def test_the_plan_table_shows_each_actions_reference(client, owner, referenced):
    client.force_login(owner)
    url = reverse(
        "actionplans:plan-detail",
        args=[referenced.plan.strategy.organisation.slug, referenced.plan.pk],
    )
    page = client.get(url).text
    action_url = reverse("actionplans:action-detail", args=["testshire", referenced.pk])
    assert f'4.3 <a class="govuk-link" href="{action_url}">' in page
    # The others have no reference of their own: their place in the plan stands in.
    assert '1.2 <a class="govuk-link"' in page


def test_the_action_page_names_the_action_by_its_reference(client, owner, referenced):
    client.force_login(owner)
    page = client.get(reverse("actionplans:action-detail", args=["testshire", referenced.pk])).text
    assert '<span class="govuk-caption-l">Action 4.3 under Care leavers have a home</span>' in page


def test_my_actions_shows_each_actions_reference(client, officer, referenced):
    Lead.objects.get(actions=referenced).officers.add(officer)
    client.force_login(officer)
    page = client.get(reverse("actionplans:my-actions")).text
    assert "4.3 <a" in page
    assert "1.2 <a" in page
