"""Writes to boards' work (governance/boards/services.py): each change as it is kept, the
refusals in GOV.UK words, and the change record each leaves."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from governance.boards.services import (
    ENTER_MEETING_DATE,
    ENTER_RECOMMENDATION,
    ENTER_REPORT_TITLE,
    ENTER_WHAT_HAPPENED,
    SELECT_RECOMMENDATION_STATUS,
    agenda_item_add,
    meeting_schedule,
    recommendation_record,
    recommendation_update_add,
)
from governance.links import SELECT_COUNCIL_ACTIONS
from governance.models import AgendaItem, Meeting, Recommendation
from strategies.models import ChangeRecord
from tests.conftest import build_meeting

pytestmark = pytest.mark.django_db

MARCH_3 = datetime.date(2027, 3, 3)


def record_of(obj) -> ChangeRecord:
    return ChangeRecord.objects.for_object(obj).get()


def test_a_meeting_is_scheduled_with_its_title_trimmed_and_recorded(owner, council, plan):
    board = build_meeting(council, plan).board

    meeting = meeting_schedule(
        board=board, date=MARCH_3, title="  Spring review ", scheduled_by=owner
    )

    meeting.refresh_from_db()
    assert (meeting.board, meeting.date, meeting.title) == (board, MARCH_3, "Spring review")
    record = record_of(meeting)
    assert (record.organisation, record.actor) == (council, owner)
    assert record.summary == "Meeting scheduled for 3 March 2027"


def test_a_board_meets_once_a_day_and_a_meeting_needs_a_date(owner, council, plan):
    board = build_meeting(council, plan).board
    other_board = build_meeting(council, plan).board
    meeting_schedule(board=board, date=MARCH_3, title="", scheduled_by=owner)

    with pytest.raises(ValidationError) as twice:
        meeting_schedule(board=board, date=MARCH_3, title="Again", scheduled_by=owner)
    with pytest.raises(ValidationError) as undated:
        meeting_schedule(board=board, date=None, title="Some day", scheduled_by=owner)
    meeting_schedule(board=other_board, date=MARCH_3, title="", scheduled_by=owner)

    assert twice.value.message_dict == {"date": [f"{board.name} already meets on 3 March 2027"]}
    assert undated.value.message_dict == {"date": [ENTER_MEETING_DATE]}
    assert Meeting.objects.filter(date=MARCH_3).count() == 2


def test_agenda_items_are_numbered_in_turn_for_each_meeting_and_recorded(owner, council, plan):
    meeting = build_meeting(council, plan)
    other_meeting = build_meeting(council, plan)

    def add(meeting, title, plans=()):
        return agenda_item_add(
            meeting=meeting,
            title=title,
            author_role=" Director of Children's Services ",
            actions_asked=" Note the report ",
            plans=plans,
            added_by=owner,
        )

    first = add(meeting, " Annual report ", [plan])
    second = add(meeting, "Sufficiency")
    elsewhere = add(other_meeting, "Annual report")

    assert [(item.meeting, item.number) for item in (first, second, elsewhere)] == [
        (meeting, 1),
        (meeting, 2),
        (other_meeting, 1),
    ]
    first.refresh_from_db()
    assert (first.title, first.author_role, first.actions_asked) == (
        "Annual report",
        "Director of Children's Services",
        "Note the report",
    )
    assert list(first.plans.all()) == [plan] and not second.plans.exists()
    record = record_of(first)
    assert (record.organisation, record.actor) == (council, owner)
    assert record.summary == f"Agenda item 1 added to {meeting}"
    assert record.changes == {"plans": [None, [plan.title]]}
    assert record_of(second).summary == f"Agenda item 2 added to {meeting}"


def test_an_agenda_item_needs_a_title(owner, council, plan):
    meeting = build_meeting(council, plan)

    with pytest.raises(ValidationError) as refused:
        agenda_item_add(
            meeting=meeting, title="  ", author_role="", actions_asked="", plans=[], added_by=owner
        )

    assert refused.value.message_dict == {"title": [ENTER_REPORT_TITLE]}
    assert not AgendaItem.objects.exists()


def test_a_recommendation_is_kept_with_its_owner_due_date_and_actions_and_recorded(
    owner, council, plan
):
    meeting = build_meeting(council, plan)
    actions = list(plan.actions.order_by("number")[:2])

    recommendation = recommendation_record(
        meeting=meeting,
        text=" Publish the local offer ",
        owner=" Head of Service ",
        due_on=MARCH_3,
        actions=actions,
        recorded_by=owner,
    )

    recommendation.refresh_from_db()
    assert (recommendation.board, recommendation.meeting) == (meeting.board, meeting)
    assert (recommendation.text, recommendation.owner) == (
        "Publish the local offer",
        "Head of Service",
    )
    assert (recommendation.due_on, recommendation.created_by, recommendation.status) == (
        MARCH_3,
        owner,
        "open",
    )
    assert set(recommendation.actions.all()) == set(actions)
    record = record_of(recommendation)
    assert (record.organisation, record.actor) == (council, owner)
    assert record.summary == f"Recommendation recorded at {meeting}"
    assert record.changes == {"owner": [None, "Head of Service"], "due_on": [None, "2027-03-03"]}


def test_a_recommendation_needs_words_and_only_this_councils_actions(
    owner, council, plan, other_plan
):
    meeting = build_meeting(council, plan)

    with pytest.raises(ValidationError) as refused:
        recommendation_record(
            meeting=meeting,
            text="   ",
            owner="",
            due_on=None,
            actions=[other_plan.actions.first()],
            recorded_by=owner,
        )

    assert refused.value.message_dict == {
        "text": [ENTER_RECOMMENDATION],
        "actions": [SELECT_COUNCIL_ACTIONS],
    }
    assert not Recommendation.objects.exists()


def test_an_update_to_a_recommendation_keeps_its_words_status_author_and_time(owner, council, plan):
    recommendation = recommendation_record(
        meeting=build_meeting(council, plan),
        text="Publish",
        owner="",
        due_on=None,
        recorded_by=owner,
    )
    at = datetime.datetime(2027, 2, 3, 10, 30, tzinfo=datetime.UTC)

    update = recommendation_update_add(
        recommendation=recommendation, text=" Drafted ", status="in_progress", author=owner, at=at
    )

    update.refresh_from_db()
    assert (update.text, update.status, update.author, update.created_at) == (
        "Drafted",
        "in_progress",
        owner,
        at,
    )
    assert (recommendation.status, recommendation.closed_at) == ("in_progress", None)


def test_an_update_needs_words_and_a_status_and_a_closed_recommendation_takes_none(
    owner, council, plan
):
    recommendation = recommendation_record(
        meeting=build_meeting(council, plan),
        text="Publish",
        owner="",
        due_on=None,
        recorded_by=owner,
    )

    with pytest.raises(ValidationError) as empty:
        recommendation_update_add(recommendation=recommendation, text=" ", status="x", author=owner)
    recommendation_update_add(
        recommendation=recommendation, text="Done", status="done", author=owner
    )
    with pytest.raises(ValidationError) as closed:
        recommendation_update_add(
            recommendation=recommendation, text="Again", status="open", author=owner
        )

    assert empty.value.message_dict == {
        "text": [ENTER_WHAT_HAPPENED],
        "status": [SELECT_RECOMMENDATION_STATUS],
    }
    assert closed.value.messages == ["This recommendation is closed: record a new one to reopen it"]
    assert recommendation.updates.count() == 1
