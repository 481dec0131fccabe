"""A meeting's agenda and packs take plans of the board's council only, and recommendations and
answers to young people take actions of its plans only, whoever writes them.

The check is written once (governance.links.plans_of_council, on
strategies.integrity.of_other_councils): the services ask it before writing, the forms offer
only the council's plans and refuse any other in the same words, and the signal guard asks it
of every other writer.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from governance.boards.services import agenda_item_add, recommendation_record
from governance.links import SELECT_COUNCIL_ACTIONS, SELECT_COUNCIL_PLANS
from governance.models import AgendaItem, BoardPack, Recommendation, Response, VoiceItem
from governance.packs.request import board_pack_request
from governance.voice.services import voice_response_record
from tests.conftest import build_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture
def meeting(council, plan):
    return build_meeting(council, plan)


def test_the_services_refuse_another_councils_plan_and_write_nothing(
    owner, meeting, plan, other_plan
):
    with pytest.raises(ValidationError) as pack_refused:
        board_pack_request(meeting=meeting, plans=[plan, other_plan], part="I", requested_by=owner)
    with pytest.raises(ValidationError) as item_refused:
        agenda_item_add(
            meeting=meeting,
            title="Action plan review",
            author_role="",
            actions_asked="",
            plans=[other_plan],
            added_by=owner,
        )

    assert pack_refused.value.message_dict == {"plans": [SELECT_COUNCIL_PLANS]}
    assert item_refused.value.message_dict == {"plans": [SELECT_COUNCIL_PLANS]}
    assert not BoardPack.objects.exists() and not AgendaItem.objects.exists()


@pytest.mark.parametrize("name", ["pack-build", "agenda-item-create"])
def test_the_forms_refuse_a_plan_they_did_not_offer_in_govuk_words(
    client, owner, meeting, plan, other_plan, name
):
    client.force_login(owner)
    url = reverse(f"governance:{name}", kwargs={"org": "testshire", "pk": meeting.pk})

    response = client.post(
        url, {"plans": [plan.pk, other_plan.pk], "part": "I", "title": "Action plan review"}
    )

    assert response.status_code == 200
    assert "Select plans of this council" in response.text
    assert "Select a valid choice" not in response.text
    assert not BoardPack.objects.exists() and not AgendaItem.objects.exists()


def test_the_guard_refuses_another_councils_plan_on_a_pack_written_directly(
    owner, meeting, plan, other_plan
):
    pack = board_pack_request(
        meeting=meeting, plans=[plan], part="I", requested_by=owner, background=False
    )

    with pytest.raises(ValidationError, match="same council"), transaction.atomic():
        pack.plans.add(other_plan)
    with pytest.raises(ValidationError, match="same council"), transaction.atomic():
        other_plan.board_packs.add(pack)

    assert list(pack.plans.all()) == [plan]


def test_the_services_refuse_another_councils_action_on_the_actions_field_and_write_nothing(
    owner, council, meeting, other_plan
):
    ask = VoiceItem.objects.create(organisation=council, said="More youth clubs")
    theirs = [other_plan.actions.first()]

    with pytest.raises(ValidationError) as recommendation_refused:
        recommendation_record(
            meeting=meeting,
            text="Report back",
            owner="",
            due_on=None,
            actions=theirs,
            recorded_by=owner,
        )
    with pytest.raises(ValidationError) as answer_refused:
        voice_response_record(
            voice_item=ask,
            text="Opened two clubs",
            status=Response.Status.DONE,
            actions=theirs,
            author=owner,
        )

    assert recommendation_refused.value.message_dict == {"actions": [SELECT_COUNCIL_ACTIONS]}
    assert answer_refused.value.message_dict == {"actions": [SELECT_COUNCIL_ACTIONS]}
    assert not Recommendation.objects.exists() and not Response.objects.exists()
