"""An action's reference (Action.label) in the board's pages and the pack."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Action, Rag
from actionplans.services import progress_update_record
from governance.boards.forms import RecommendationForm
from governance.boards.services import recommendation_record
from governance.dashboard.snapshot import plan_state, state_compare
from governance.models import Response
from governance.voice.services import voice_item_record, voice_response_record
from tests.conftest import build_meeting
from tests.governance.packs import build, read

pytestmark = pytest.mark.django_db


@pytest.fixture
def referenced(plan) -> Action:
    """The plan's first action, which the council's own plan calls 4.3."""
    action = plan.actions.order_by("number").first()
    action.reference = "4.3"
    action.save(update_fields=["reference"])
    return action


def test_the_pack_shows_the_reference_in_plan_table_exceptions_and_recommendations(
    plan, owner, referenced
):
    progress_update_record(
        action=referenced, author=owner, narrative="Stalled", rag=Rag.RED, period=None
    )
    meeting = build_meeting(plan.strategy.organisation, plan)
    recommendation_record(
        meeting=meeting,
        text="Report on homes for care leavers",
        owner="",
        due_on=None,
        actions=[referenced],
        recorded_by=owner,
    )
    _, pages = read(build(meeting, [plan], by=owner))
    text = " ".join(pages)
    description = referenced.description
    assert f"4.3 {description} Red" in text  # the exceptions
    assert f"Actions: 4.3 {description}" in text  # the recommendation
    plan_table = text[text.index("Every action with its latest update") :]
    assert f"4.3 {description}" in plan_table
    assert f"1.2 Action 2 of {plan.title}" in plan_table


def test_the_dashboards_exceptions_and_changes_show_the_reference(client, owner, referenced):
    plan = referenced.plan
    progress_update_record(
        action=referenced, author=owner, narrative="Going well", rag=Rag.GREEN, period=None
    )
    before = plan_state(plan)
    progress_update_record(
        action=referenced, author=owner, narrative="Stalled", rag=Rag.RED, period=None
    )
    changes = state_compare(before, plan_state(plan))
    assert [row.label for row in changes.moved_down] == ["4.3"]
    client.force_login(owner)
    page = client.get(reverse("governance:plan-dashboard", args=["testshire", plan.pk])).text
    assert '<span class="pledge-exceptions__number">4.3</span>' in page


def test_a_state_stored_before_references_shows_the_actions_place():
    before = {"actions": {"7": {"number": "2.1", "description": "D", "rag": "green"}}}
    after = {"actions": {"7": {"number": "2.1", "description": "D", "rag": "red"}}}
    after["actions"]["7"] |= {"status": "open", "deadline": None, "deadline_text": ""}
    before["actions"]["7"] |= {"status": "open", "deadline": None, "deadline_text": ""}
    assert [row.label for row in state_compare(before, after).moved_down] == ["2.1"]


def test_choosing_actions_for_a_recommendation_lists_them_by_reference(plan, referenced):
    form = RecommendationForm(actions=Action.objects.filter(plan=plan).for_choices())
    labels = [label for _, label in form.fields["actions"].choices]
    assert labels[:2] == [f"4.3 {referenced.description}", f"1.2 Action 2 of {plan.title}"]


def _voice_page(client, council) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("governance:voice", args=[council.slug]))
    assert response.status_code == 200
    return len(queries), response.text


def test_the_voice_page_names_the_actions_behind_an_answer_by_reference_at_one_cost(
    client, council, owner, plan, referenced
):
    item = voice_item_record(organisation=council, said="Somewhere to live", recorded_by=owner)
    voice_response_record(
        voice_item=item,
        text="We are finding homes.",
        status=Response.Status.PLANNED,
        actions=[referenced],
        author=owner,
    )
    client.force_login(owner)
    one, page = _voice_page(client, council)
    assert "4.3 <a" in page
    voice_response_record(
        voice_item=item,
        text="More homes found.",
        status=Response.Status.PLANNED,
        actions=list(plan.actions.all()),
        author=owner,
    )
    three, page = _voice_page(client, council)
    assert "1.3 <a" in page
    assert three == one
