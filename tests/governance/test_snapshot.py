"""The plan state a board pack freezes, rebuilt at past moments, and comparing two states."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from actionplans.models import Action, ActionPlan, ActionStatus, KeyOutcome, ProgressUpdate, Rag
from actionplans.services import action_close, action_deadline_change, progress_update_record
from governance.dashboard.snapshot import plan_state, state_compare
from strategies.models import ChangeRecord
from tests.conftest import build_plan

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 1, day, hour))


def rate(action: Action, rag: str, when: datetime.datetime, narrative: str = "") -> None:
    progress_update_record(
        action=action,
        author=None,
        narrative=narrative or f"Rated {rag}",
        rag=rag,
        period=None,
        recorded_at=when,
    )


@pytest.fixture
def plan(council):
    plan = build_plan(council, actions=3)
    Action.objects.filter(plan=plan).update(created_at=at(1, 9))
    return plan


def actions_of(plan) -> list[Action]:
    return list(Action.objects.filter(plan=plan).order_by("number"))


def test_state_now_gives_each_action_in_the_shared_format(plan):
    first, second, _ = actions_of(plan)
    rate(first, Rag.RED, at(2), "Panels cancelled")
    action_deadline_change(
        action=second, changed_by=None, new_text="June 2031", reason="Partners asked"
    )

    state = plan_state(plan)

    assert state["plan_id"] == plan.pk and state["plan_title"] == plan.title
    assert datetime.datetime.fromisoformat(state["at"]) <= timezone.now()
    assert set(state["actions"]) == {str(action.pk) for action in actions_of(plan)}
    row = state["actions"][str(first.pk)]
    assert row == {
        "number": "1.1",
        "label": "1.1",
        "key_outcome_id": first.key_outcome_id,
        "description": first.description,
        "rag": "red",
        "status": "open",
        "deadline": "2030-03-31",
        "deadline_text": "March 2030",
        "narrative": "Panels cancelled",
        "updated_at": at(2).isoformat(),
        "deadline_changes": 0,
    }
    moved = state["actions"][str(second.pk)]
    assert (moved["deadline"], moved["deadline_text"]) == ("2031-06-30", "June 2031")
    assert moved["deadline_changes"] == 1
    assert moved["narrative"] == "" and moved["updated_at"] is None
    assert json.loads(json.dumps(state)) == state


def test_a_past_state_rewinds_ratings_deadlines_and_completion(plan):
    first, second, third = actions_of(plan)
    rate(first, Rag.RED, at(2), "Behind")
    rate(first, Rag.GREEN, at(10), "Caught up")
    action_deadline_change(
        action=second,
        changed_by=None,
        new_text="June 2031",
        reason="Partners asked",
        changed_at=at(5),
    )
    action_deadline_change(
        action=second,
        changed_by=None,
        new_text="June 2032",
        reason="Again",
        changed_at=at(12),
    )
    rate(third, Rag.AMBER, at(3))
    rate(third, Rag.BLUE, at(11))

    then = plan_state(plan, at=at(8))["actions"]

    assert then[str(first.pk)]["rag"] == "red"
    assert then[str(first.pk)]["narrative"] == "Behind"
    assert then[str(first.pk)]["updated_at"] == at(2).isoformat()
    assert then[str(second.pk)]["deadline_text"] == "June 2031"
    assert then[str(second.pk)]["deadline"] == "2031-06-30"
    assert then[str(second.pk)]["deadline_changes"] == 1
    assert then[str(second.pk)]["rag"] == "none"
    # Only the second moved: the others' deadlines then are their own.
    assert {then[str(action.pk)]["deadline_text"] for action in (first, third)} == {"March 2030"}
    assert (then[str(third.pk)]["rag"], then[str(third.pk)]["status"]) == ("amber", "open")
    before_anything = plan_state(plan, at=at(1, 10))["actions"]
    assert before_anything[str(second.pk)]["deadline_text"] == "March 2030"
    assert {row["rag"] for row in before_anything.values()} == {"none"}
    assert plan_state(plan, at=at(20))["actions"] == plan_state(plan)["actions"]


def test_closing_an_action_is_rewound_from_the_audit_trail(plan):
    first, *_ = actions_of(plan)
    before_close = timezone.now()
    action_close(action=first, closed_by=None, reason="Merged into 1.2")

    assert plan_state(plan)["actions"][str(first.pk)]["status"] == ActionStatus.NOT_NEEDED
    then = plan_state(plan, at=before_close)["actions"][str(first.pk)]
    assert then["status"] == ActionStatus.OPEN


def test_an_action_added_later_is_not_in_the_earlier_state(plan):
    outcome = KeyOutcome.objects.get(plan=plan)
    added = Action.objects.create(
        plan=plan, key_outcome=outcome, number=9, description="New", created_at=at(15)
    )
    carried = Action.objects.create(
        plan=plan, key_outcome=outcome, number=10, description="Seeded late", created_at=at(15)
    )
    # Loaded after the fact, but with history from before: it was part of the plan then.
    rate(carried, Rag.AMBER, at(4))

    then = plan_state(plan, at=at(8))["actions"]

    assert str(added.pk) not in then
    assert then[str(carried.pk)]["rag"] == "amber"
    assert str(added.pk) in plan_state(plan, at=at(16))["actions"]


@pytest.mark.parametrize("moment", [None, at(8)])
def test_state_takes_the_same_queries_however_big_the_plan(
    council, django_assert_num_queries, moment
):
    ContentType.objects.get_for_model(Action)  # cached per process, as in a running server
    small, big = build_plan(council, actions=2), build_plan(council, actions=12)
    Action.objects.update(created_at=at(1))
    for action in Action.objects.filter(plan=big):
        for day in (2, 5, 9):
            rate(action, Rag.AMBER, at(day))
        action_deadline_change(
            action=action, changed_by=None, new_text="May 2031", reason="Later", changed_at=at(6)
        )
    with django_assert_num_queries(1):
        small_state = plan_state(small, at=moment)
    with django_assert_num_queries(1):
        big_state = plan_state(big, at=moment)
    assert (len(small_state["actions"]), len(big_state["actions"])) == (2, 12)


def test_compare_lists_moves_completions_additions_and_deadlines(plan):
    first, second, third = actions_of(plan)
    rate(first, Rag.AMBER, at(2))
    rate(second, Rag.GREEN, at(2))
    rate(third, Rag.RED, at(2))
    before = json.loads(json.dumps(plan_state(plan, at=at(3))))

    rate(first, Rag.GREEN, at(4))
    rate(second, Rag.RED, at(4))
    rate(third, Rag.BLUE, at(4))
    action_deadline_change(
        action=second, changed_by=None, new_text="May 2031", reason="Later", changed_at=at(5)
    )
    added = Action.objects.create(
        plan=plan, key_outcome=first.key_outcome, number=4, description="New", created_at=at(5)
    )

    changes = state_compare(before, plan_state(plan, at=at(6)))

    ids = {kind: [row.action_id for row in getattr(changes, kind)] for kind in changes.KINDS}
    assert ids == {
        "moved_up": [first.pk],
        "moved_down": [second.pk],
        "completed": [third.pk],
        "added": [added.pk],
        "deadline_moved": [second.pk],
    }
    assert changes.counts == {
        "moved_up": 1,
        "moved_down": 1,
        "completed": 1,
        "added": 1,
        "deadline_moved": 1,
    }
    assert changes.total == 4
    down = changes.moved_down[0]
    assert (down.rag_before, down.rag_after, down.number) == ("green", "red", "1.2")
    assert down.description == second.description
    assert (changes.before_at, changes.after_at) == (at(3).isoformat(), at(6).isoformat())


def test_compare_reads_past_unchanged_and_added_actions_and_lists_in_plan_order(plan):
    quiet, later, earlier = actions_of(plan)
    # Renumbered against their ids: 1.1 quiet, then 1.3 earlier and 1.4 later.
    Action.objects.filter(pk=earlier.pk).update(number=3)
    Action.objects.filter(pk=later.pk).update(number=4)
    for action in (quiet, later, earlier):
        rate(action, Rag.AMBER, at(2))
    before = plan_state(plan, at=at(3))
    added = Action.objects.create(
        plan=plan, key_outcome=quiet.key_outcome, number=2, description="New", created_at=at(4)
    )
    rate(later, Rag.GREEN, at(4))
    rate(earlier, Rag.GREEN, at(4))

    changes = state_compare(before, plan_state(plan))

    assert [row.action_id for row in changes.added] == [added.pk]
    assert [row.number for row in changes.moved_up] == ["1.3", "1.4"]
    assert [row.action_id for row in changes.moved_up] == [earlier.pk, later.pk]


def test_an_action_whose_every_compared_field_changed_is_listed(plan):
    first, *_ = actions_of(plan)
    rate(first, Rag.AMBER, at(2))
    before = plan_state(plan, at=at(3))
    # Rating, status, deadline, its words and the count of moves, all at once.
    action_deadline_change(
        action=first, changed_by=None, new_text="May 2031", reason="Later", changed_at=at(4)
    )
    rate(first, Rag.BLUE, at(5))

    changes = state_compare(before, plan_state(plan))

    assert [row.action_id for row in changes.completed] == [first.pk]
    assert [row.action_id for row in changes.deadline_moved] == [first.pk]


def test_a_rating_the_plan_gave_stands_until_the_first_update_after_it(plan):
    first, *_ = actions_of(plan)
    Action.objects.filter(pk=first.pk).update(rag=Rag.GREEN)  # as the plan's own table said
    rate(first, Rag.RED, at(5))

    assert plan_state(plan, at=at(3))["actions"][str(first.pk)]["rag"] == "green"
    assert plan_state(plan, at=at(6))["actions"][str(first.pk)]["rag"] == "red"


def test_history_loaded_without_an_audit_trail_rewinds_from_its_updates(plan):
    completed, first_rated_later, rated_by_the_plan = actions_of(plan)
    # A seeded plan's history: its updates and the actions as they are now, with no change
    # records, as the seed loads them.
    for action, rag, day in (
        (completed, Rag.AMBER, 3),
        (completed, Rag.BLUE, 9),
        (first_rated_later, Rag.RED, 9),
    ):
        ProgressUpdate.objects.create(
            action=action, narrative=f"Rated {rag}", rag=rag, created_at=at(day)
        )
    Action.objects.filter(pk=completed.pk).update(rag=Rag.BLUE, status=ActionStatus.COMPLETE)
    Action.objects.filter(pk=first_rated_later.pk).update(rag=Rag.RED)
    Action.objects.filter(pk=rated_by_the_plan.pk).update(rag=Rag.GREEN)

    then = plan_state(plan, at=at(5))["actions"]

    assert (then[str(completed.pk)]["rag"], then[str(completed.pk)]["status"]) == (
        "amber",
        "open",
    )
    assert then[str(first_rated_later.pk)]["rag"] == "none"
    assert then[str(rated_by_the_plan.pk)]["rag"] == "green"


def test_only_the_actions_own_audit_trail_after_the_moment_rewinds_it(plan, council):
    first, second, _ = actions_of(plan)
    action_close(action=first, closed_by=None, reason="Merged into 1.2")
    ChangeRecord.objects.filter(object_id=first.pk).update(at=at(3))
    # Another kind of record that happens to have the second action's id, changed later.
    ChangeRecord.objects.create(
        organisation=council,
        content_type=ContentType.objects.get_for_model(ActionPlan),
        object_id=second.pk,
        object_repr="A plan",
        summary="Adopted",
        changes={"status": ["draft", "adopted"], "rag": ["red", "green"]},
        at=at(10),
    )

    then = plan_state(plan, at=at(5))["actions"]

    assert then[str(first.pk)]["status"] == ActionStatus.NOT_NEEDED
    assert (then[str(second.pk)]["status"], then[str(second.pk)]["rag"]) == ("open", "none")


def test_compare_of_a_state_with_itself_finds_nothing(plan):
    rate(actions_of(plan)[0], Rag.RED, at(2))
    state = plan_state(plan)
    changes = state_compare(state, state)
    assert not changes.any and changes.counts == dict.fromkeys(changes.KINDS, 0)


def test_a_first_rating_is_not_a_move(plan):
    before = plan_state(plan, at=at(1, 10))
    rate(actions_of(plan)[0], Rag.RED, at(2))
    changes = state_compare(before, plan_state(plan))
    assert not changes.any
