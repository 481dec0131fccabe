"""The read rules of recommendations (governance/models/recommendations.py): which a meeting
shows, which are open or overdue, and the trail each is read with."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from actionplans.models import KeyOutcome
from governance.models import Meeting, Recommendation, RecommendationUpdate
from tests.conftest import build_meeting, build_plan

pytestmark = pytest.mark.django_db


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def recommend(board, text, *, meeting=None, made=None, closed=None, **fields):
    status = fields.pop("status", "done" if closed else "open")
    return Recommendation.objects.create(
        board=board,
        meeting=meeting,
        text=text,
        status=status,
        created_at=at(made or datetime.date(2026, 6, 1)),
        closed_at=at(closed) if closed else None,
        **fields,
    )


def test_a_meeting_shows_its_own_the_boards_earlier_ones_still_open_and_those_closed_since_the_last(
    council, plan
):
    meeting = build_meeting(council, plan, date=datetime.date(2027, 1, 20))
    board = meeting.board
    earlier = Meeting.objects.create(board=board, date=datetime.date(2026, 10, 1))
    later = Meeting.objects.create(board=board, date=datetime.date(2027, 4, 1))
    elsewhere = build_meeting(council, plan, date=datetime.date(2026, 10, 1))
    recommend(board, "Made here, closed since", meeting=meeting, closed=datetime.date(2027, 1, 2))
    recommend(board, "Made earlier, open", meeting=earlier)
    recommend(board, "Made earlier, closed that day", meeting=earlier, closed=meeting.date)
    recommend(
        board, "Made earlier, closed before", meeting=earlier, closed=datetime.date(2027, 1, 19)
    )
    recommend(board, "Closed before the last meeting", closed=datetime.date(2026, 9, 30))
    recommend(board, "Closed on the last meeting's day", closed=earlier.date)
    recommend(board, "Closed the day after it", closed=datetime.date(2026, 10, 2))
    recommend(board, "Made outside a meeting, open", made=datetime.date(2026, 11, 5))
    recommend(board, "Made outside a meeting that day", made=meeting.date)
    recommend(board, "Made at the next meeting", meeting=later)
    recommend(elsewhere.board, "Another board's", meeting=elsewhere)
    # Another board meeting in between reports nothing of this board's.
    Meeting.objects.create(board=elsewhere.board, date=datetime.date(2026, 11, 1))

    shown = Recommendation.objects.at_meeting(meeting).order_by("text")

    assert [str(recommendation) for recommendation in shown] == [
        "Closed the day after it",
        "Made earlier, closed before",
        "Made earlier, closed that day",
        "Made earlier, open",
        "Made here, closed since",
        "Made outside a meeting, open",
    ]
    # Reported as closed once: at the first meeting on or after the day it was closed.
    at_earlier = set(map(str, Recommendation.objects.at_meeting(earlier)))
    assert {"Closed before the last meeting", "Closed on the last meeting's day"} <= at_earlier
    assert "Closed the day after it" not in map(str, Recommendation.objects.at_meeting(later))


def test_overdue_means_due_before_the_day_and_not_closed(council, plan):
    board = build_meeting(council, plan).board
    today = datetime.date(2027, 2, 1)
    yesterday, tomorrow = today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    recommend(board, "due yesterday", due_on=yesterday)
    recommend(board, "due yesterday, in progress", due_on=yesterday, status="in_progress")
    recommend(board, "due today", due_on=today)
    recommend(board, "due tomorrow", due_on=tomorrow)
    recommend(board, "due yesterday, done", due_on=yesterday, closed=today)
    recommend(board, "due yesterday, dropped", due_on=yesterday, status="dropped", closed=today)
    recommend(board, "no date")

    flags = dict(Recommendation.objects.with_overdue_flag(on=today).values_list("text", "is_late"))

    assert [text for text, late in flags.items() if late] == [
        "due yesterday",
        "due yesterday, in progress",
    ]
    assert flags["no date"] is False


def test_open_leaves_out_done_and_dropped_and_a_council_sees_only_its_boards(
    council, other_council, plan, other_plan
):
    board = build_meeting(council, plan).board
    other_board = build_meeting(other_council, other_plan).board
    recommend(board, "open")
    recommend(board, "in progress", status="in_progress")
    recommend(board, "done", closed=datetime.date(2027, 1, 1))
    recommend(board, "dropped", status="dropped", closed=datetime.date(2027, 1, 1))
    recommend(other_board, "another council's")

    assert sorted(Recommendation.objects.open().values_list("text", flat=True)) == [
        "another council's",
        "in progress",
        "open",
    ]
    assert sorted(
        Recommendation.objects.for_organisation(council).values_list("text", flat=True)
    ) == ["done", "dropped", "in progress", "open"]


def test_the_trail_lists_actions_in_plan_order_and_updates_newest_first_in_three_queries(
    django_assert_num_queries, owner, council
):
    meeting = build_meeting(council, date=datetime.date(2027, 1, 20))
    second_plan, first_plan = (
        build_plan(council, title="B plan"),
        build_plan(council, title="A plan"),
    )
    recommendation = recommend(meeting.board, "x" * 100, meeting=meeting, created_by=owner)
    b_actions, a_actions = list(second_plan.actions.all()), list(first_plan.actions.all())
    # A's first action moved under a second key outcome, as number 1 there: plan order is by
    # key outcome, then number, whatever the numbers alone say.
    moved = a_actions.pop(0)
    moved.key_outcome = KeyOutcome.objects.create(plan=first_plan, number=2, title="Work")
    moved.save(update_fields=["key_outcome"])
    # And numbers that run against the order the actions were written in.
    a_actions[0].number = 5
    a_actions[0].save(update_fields=["number"])
    a_actions.reverse()
    recommendation.actions.set([b_actions[0], a_actions[0], moved, a_actions[1]])
    updates = [
        RecommendationUpdate.objects.create(
            recommendation=recommendation,
            text=text,
            status="in_progress",
            created_at=when,
            author=owner if text == "third" else None,
        )
        for text, when in [
            ("first", at(datetime.date(2027, 2, 1))),
            ("third", at(datetime.date(2027, 3, 1))),
            ("second, same time", at(datetime.date(2027, 2, 1))),
        ]
    ]

    with django_assert_num_queries(3):
        [read] = Recommendation.objects.with_trail()
        actions = [
            (action.plan.title, action.key_outcome.number, action) for action in read.actions.all()
        ]
        trail = [(str(update), update.author) for update in read.updates.all()]
        assert (read.meeting, read.created_by) == (meeting, owner)

    assert actions == [("A plan", 1, action) for action in a_actions] + [
        ("A plan", 2, moved),
        ("B plan", 1, b_actions[0]),
    ]
    assert trail == [("third", owner), ("second, same time", None), ("first", None)]
    assert updates[1].pk < updates[2].pk
    assert str(read) == "x" * 80
    assert str(RecommendationUpdate(text="y" * 100)) == "y" * 80
