"""A board pack's frozen state kept as rows (FrozenAction): the dashboard compares the plan now
with them in the database, and finds exactly what comparing with the pack's JSON finds."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from actionplans.models import Action, ActionStatus, KeyOutcome, Rag
from actionplans.services import action_close, action_deadline_change, progress_update_record
from governance.dashboard.frozen import changed_rows, freeze, pack_compare
from governance.dashboard.snapshot import COMPARED_FIELDS, plan_state, state_compare
from governance.models import BoardPack, FrozenAction
from tests.conftest import build_meeting, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def rate(action: Action, rag: str) -> None:
    progress_update_record(
        action=action, author=None, narrative=f"Rated {rag}", rag=rag, period=None
    )


def move(action: Action, text: str) -> None:
    action_deadline_change(action=action, changed_by=None, new_text=text, reason="Partners asked")


def a_pack(plan, snapshot: dict) -> BoardPack:
    pack = BoardPack.objects.create(meeting=build_meeting(plan.strategy.organisation, plan))
    pack.plans.add(plan)
    freeze(pack, snapshot)
    return pack


def frozen_now(plan) -> dict:
    return {"taken_at": timezone.now().isoformat(), "plans": {str(plan.pk): plan_state(plan)}}


def seen(changes) -> dict:
    """Each kind's actions, in order, with what the comparison says of them."""
    return {
        kind: [
            (
                row.action_id,
                row.number,
                row.after,
                {name: row.before.get(name) for name in COMPARED_FIELDS} if row.before else None,
            )
            for row in getattr(changes, kind)
        ]
        for kind in changes.KINDS
    }


@pytest.fixture
def plan(council):
    plan = build_plan(council, actions=9)
    actions = list(Action.objects.filter(plan=plan).order_by("number"))
    for action, rag in zip(
        actions, [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.AMBER, Rag.GREEN], strict=False
    ):
        rate(action, rag)
    return plan


def test_a_packs_rows_find_every_kind_of_change_its_json_finds(plan):
    up, down, done, moved_back, cleared, retired, moved, quiet, unrated = Action.objects.filter(
        plan=plan
    ).order_by("number")
    pack = a_pack(plan, frozen_now(plan))

    rate(up, Rag.AMBER)
    rate(down, Rag.RED)
    rate(done, Rag.BLUE)
    # Moved and moved back: the same deadline, but a board is told it moved.
    text = moved_back.deadline_text
    move(moved_back, "May 2031")
    move(moved_back, text)
    Action.objects.filter(pk=cleared.pk).update(deadline=None)
    action_close(action=retired, closed_by=None, reason="Merged into another action")
    move(moved, "June 2032")
    rate(unrated, Rag.GREEN)  # a first rating is not a move
    added = Action.objects.create(
        plan=plan, key_outcome=KeyOutcome.objects.get(plan=plan), number=99, description="New"
    )

    by_rows = pack_compare(plan, pack)
    by_json = state_compare(
        pack.snapshot["plans"][str(plan.pk)], plan_state(plan, narratives=False)
    )

    assert seen(by_rows) == seen(by_json)
    ids = {kind: [row.action_id for row in getattr(by_rows, kind)] for kind in by_rows.KINDS}
    assert ids == {
        "moved_up": [up.pk],
        "moved_down": [down.pk],
        "completed": [done.pk],
        "added": [added.pk],
        "deadline_moved": [moved_back.pk, cleared.pk, moved.pk],
    }
    assert quiet.pk not in {pk for kind in ids.values() for pk in kind}
    assert by_rows.before_at == pack.frozen_at.isoformat()
    assert pack.frozen_at <= datetime.datetime.fromisoformat(by_rows.after_at) <= timezone.now()


def test_the_database_returns_the_changed_actions_and_no_other(plan):
    """What the comparison's query reads: each action changed or added since the pack, and
    none that did not, however many packs froze the plan."""
    first, second, undated, *_ = Action.objects.filter(plan=plan).order_by("number")
    # No deadline and no words for one, as a plan's table often leaves it.
    Action.objects.filter(pk=undated.pk).update(deadline=None, deadline_text="")
    older = a_pack(plan, frozen_now(plan))
    rate(first, Rag.GREEN)  # was Red
    newer = a_pack(plan, frozen_now(plan))
    move(second, "June 2032")
    added = Action.objects.create(
        plan=plan, key_outcome=KeyOutcome.objects.get(plan=plan), number=99, description="New"
    )

    assert [row["pk"] for row in changed_rows(plan, newer)] == [second.pk, added.pk]
    assert [row["pk"] for row in changed_rows(plan, older)] == [first.pk, second.pk, added.pk]
    since_newer, since_older = pack_compare(plan, newer), pack_compare(plan, older)
    assert (since_newer.moved_up, since_newer.counts["added"]) == ([], 1)
    assert [row.action_id for row in since_older.moved_up] == [first.pk]


def test_the_rows_are_what_is_compared_not_the_json(plan):
    first = Action.objects.filter(plan=plan).order_by("number").first()
    pack = a_pack(plan, frozen_now(plan))
    FrozenAction.objects.filter(pack=pack, action=first).update(rag=Rag.GREEN)  # was Red

    changes = pack_compare(plan, pack)

    assert [row.action_id for row in changes.moved_down] == [first.pk]
    assert not state_compare(pack.snapshot["plans"][str(plan.pk)], plan_state(plan)).any


def test_a_pack_that_did_not_freeze_the_plan_gives_no_comparison(plan, council):
    a_pack(plan, frozen_now(plan))  # another pack did
    other = build_plan(council, actions=2)
    pack = a_pack(other, frozen_now(other))
    assert pack_compare(plan, pack) is None
    assert pack_compare(other, pack) is not None and not pack_compare(other, pack).any


def test_a_state_frozen_before_packs_kept_references_and_deadline_counts_compares_alike(plan):
    moved, moved_back, *_ = Action.objects.filter(plan=plan).order_by("number")
    snapshot = frozen_now(plan)
    for entry in snapshot["plans"][str(plan.pk)]["actions"].values():
        del entry["label"], entry["deadline_changes"]
    pack = a_pack(plan, snapshot)
    assert set(
        FrozenAction.objects.filter(pack=pack).values_list("deadline_changes", flat=True)
    ) == {None}
    move(moved, "May 2031")
    # The same deadline as frozen: only the count of moves, unknown then, tells it moved.
    text = moved_back.deadline_text
    move(moved_back, "May 2031")
    move(moved_back, text)

    by_rows = pack_compare(plan, pack)

    assert seen(by_rows) == seen(
        state_compare(snapshot["plans"][str(plan.pk)], plan_state(plan, narratives=False))
    )
    assert [row.action_id for row in by_rows.deadline_moved] == [moved.pk, moved_back.pk]


def test_freezing_again_replaces_the_rows(plan, django_assert_max_num_queries):
    first = Action.objects.filter(plan=plan).order_by("number").first()
    pack = a_pack(plan, frozen_now(plan))
    rate(first, Rag.GREEN)
    snapshot = frozen_now(plan)
    # The old rows go in one statement, not one by one with a query each for their council.
    with django_assert_max_num_queries(4):
        freeze(pack, snapshot)  # a failed build tried again

    rows = FrozenAction.objects.filter(pack=pack)
    assert rows.count() == Action.objects.filter(plan=plan).count()
    assert rows.get(action=first).rag == Rag.GREEN
    assert not pack_compare(plan, pack).any


def test_the_migration_turns_each_packs_json_into_the_rows_freeze_writes(plan):
    from importlib import import_module

    migration = import_module("governance.migrations.0005_frozen_actions")
    rate(Action.objects.filter(plan=plan).order_by("number").first(), Rag.BLUE)
    action_close(
        action=Action.objects.filter(plan=plan).order_by("number").last(),
        closed_by=None,
        reason="No longer needed",
    )
    snapshot = frozen_now(plan)
    pack = a_pack(plan, copy.deepcopy(snapshot))
    columns = [field.name for field in FrozenAction._meta.fields if field.name not in ("id",)]
    written = sorted(FrozenAction.objects.filter(pack=pack).values_list(*columns))
    FrozenAction.objects.filter(pack=pack).delete()
    BoardPack.objects.filter(pk=pack.pk).update(frozen_at=None)

    migration.rows_from_snapshots(apps, None)

    assert sorted(FrozenAction.objects.filter(pack=pack).values_list(*columns)) == written
    pack.refresh_from_db()
    assert pack.frozen_at.isoformat() == snapshot["taken_at"]
    assert {row[columns.index("status")] for row in written} >= {ActionStatus.NOT_NEEDED}
