"""The state of a plan's actions at a moment, and what changed between two such states.

A board pack freezes `plan_state` for each of its plans in `BoardPack.snapshot`
(`{"taken_at": iso, "plans": {"<plan id>": plan_state(...)}}`), and the dashboard and the next
pack compare the plan now with that frozen state. The same function also rebuilds the state
at any past moment from the plan's history (progress updates, deadline changes and the audit
trail), so a board with no pack yet can pick a date to compare with.

The pack keeps it twice, written together by `frozen.freeze`: as JSON, the record as
circulated, and as FrozenAction rows, which `frozen.pack_compare` lets the database compare
with the plan now.

The format is plain JSON and is stored in issued packs, so it only ever gains keys:

    {"plan_id": 1, "plan_title": "...", "at": "<iso datetime>",
     "actions": {"<action id>": {"number": "1.2", "label": "4.3" (since references),
                                 "key_outcome_id": 3, "description": "...",
                                 "rag": "red", "status": "open", "deadline": "2026-03-31" | None,
                                 "deadline_text": "...", "narrative": "latest narrative" | "",
                                 "updated_at": "<iso>" | None, "deadline_changes": 2}}}
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone

from actionplans.models import (
    PLAN_ORDER,
    RAG_LADDER,
    Action,
    ActionPlan,
    ActionStatus,
    DeadlineChange,
    ProgressUpdate,
    Rag,
    action_label,
)
from strategies.models import ChangeRecord

STATE_FIELDS = ("rag", "status", "deadline", "deadline_text")
# What an entry reads of each action's newest update (by the moment of the state).
NEWEST_READ = ("narrative", "rag", "created_at")
# What a comparison reads of each action: its state, and how often its deadline had moved.
COMPARED_FIELDS = (*STATE_FIELDS, "deadline_changes")


def plan_state(
    plan: ActionPlan, *, at: datetime.datetime | None = None, narratives: bool = True
) -> dict:
    """Every action of the plan as it stood at `at` (None: now), in one query.

    With narratives=False the rows leave out the latest narrative ("") and its time (None),
    which is all a comparison needs and saves reading every action's newest update.

    The current row is rewound with the history recorded after `at`: a rating is the newest
    progress update's by then, a deadline is the old value of the first change after then,
    and a status is the old value of the first audited status change after then. An action
    counts as part of the plan at `at` when it was created by then or has an update by then
    (seeded actions are created when loaded, after the history they carry).
    """
    moment = at or timezone.now()
    rows = state_rows(plan, at, narratives=narratives).values(*state_fields(at, narratives))
    actions = {}
    for row in rows:
        actions[str(row["pk"])] = state_entry(row, _rewound(row) if at is not None else row)
    return {
        "plan_id": plan.pk,
        "plan_title": plan.title,
        "at": moment.isoformat(),
        "actions": actions,
    }


def state_entry(row: dict, state: dict) -> dict:
    """One action's entry in a plan_state: `row` read by state_rows, `state` its rating,
    status and deadline at the moment (the row's own, or _rewound)."""
    updated_at = row.get("newest_update_created_at")
    return {
        "number": f"{row['key_outcome__number']}.{row['number']}",
        "label": action_label(row["reference"], row["key_outcome__number"], row["number"]),
        "key_outcome_id": row["key_outcome_id"],
        "description": row["description"],
        "rag": state["rag"],
        "status": state["status"],
        "deadline": state["deadline"].isoformat() if state["deadline"] else None,
        "deadline_text": state["deadline_text"],
        "narrative": row.get("newest_update_narrative") or "",
        "updated_at": updated_at.isoformat() if updated_at else None,
        "deadline_changes": row["deadline_change_count"],
    }


def state_fields(at: datetime.datetime | None, narratives: bool) -> list[str]:
    fields = ["pk", "number", "reference", "key_outcome_id", "key_outcome__number", "description"]
    fields += [*STATE_FIELDS, "deadline_change_count"]
    if narratives or at is not None:
        fields += [f"newest_update_{name}" for name in NEWEST_READ]
    if at is not None:
        fields += ["later_deadline_text", "later_deadline", "later_status", "later_rag"]
        fields += ["has_later_update"]
    return fields


def state_rows(plan: ActionPlan, at: datetime.datetime | None, *, narratives: bool):
    updates = ProgressUpdate.objects.filter(action=OuterRef("pk"))
    deadline_changes = DeadlineChange.objects.filter(action=OuterRef("pk"))
    if at is not None:
        updates = updates.filter(created_at__lte=at)
        deadline_changes = deadline_changes.filter(changed_at__lte=at)
    change_count = (
        deadline_changes.order_by().values("action").annotate(n=Count("pk")).values("n")[:1]
    )
    actions = Action.objects.filter(plan=plan).annotate(
        deadline_change_count=Coalesce(Subquery(change_count, output_field=IntegerField()), 0),
    )
    if narratives or at is not None:
        actions = actions.with_newest_update(*NEWEST_READ, by=at)
    if at is not None:
        actions = actions.filter(Q(created_at__lte=at) | Exists(updates)).annotate(
            **_rewind_annotations(at)
        )
    return actions.order_by(*PLAN_ORDER)


def _rewind_annotations(at: datetime.datetime) -> dict:
    """The old values of the first changes after `at`, which are the values at `at`."""
    first_move = DeadlineChange.objects.filter(action=OuterRef("pk"), changed_at__gt=at).order_by(
        "changed_at", "pk"
    )
    audit = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Action),
        object_id=OuterRef("pk"),
        at__gt=at,
    ).order_by("at", "pk")
    return {
        "later_deadline_text": Subquery(first_move.values("old_text")[:1]),
        "later_deadline": Subquery(first_move.values("old_date")[:1]),
        "later_status": Subquery(
            audit.filter(changes__has_key="status").values(old=KT("changes__status__0"))[:1]
        ),
        "later_rag": Subquery(
            audit.filter(changes__has_key="rag").values(old=KT("changes__rag__0"))[:1]
        ),
        "has_later_update": Exists(
            ProgressUpdate.objects.filter(action=OuterRef("pk"), created_at__gt=at)
        ),
    }


def _rewound(row: dict) -> dict:
    """One action's rating, status and deadline at the moment the row was read for."""
    moved = row["later_deadline_text"] is not None
    if row["newest_update_rag"] is not None:
        # Ratings change only through updates, so the newest update by then says it.
        rag = row["newest_update_rag"]
    elif row["later_rag"] is not None:
        rag = row["later_rag"]
    elif row["has_later_update"]:
        rag = Rag.NOT_RATED.value
    else:
        rag = row["rag"]
    status = row["later_status"] if row["later_status"] is not None else row["status"]
    if rag == Rag.BLUE:
        status = ActionStatus.COMPLETE.value
    elif status == ActionStatus.COMPLETE:
        status = ActionStatus.OPEN.value
    return {
        "rag": rag,
        "status": status,
        "deadline": row["later_deadline"] if moved else row["deadline"],
        "deadline_text": row["later_deadline_text"] if moved else row["deadline_text"],
    }


# --- Comparing two states ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChangedAction:
    """One action that changed between two states, with its row in each."""

    action_id: int
    number: str
    description: str
    before: dict | None  # None when the action was added
    after: dict

    @property
    def label(self) -> str:
        """Action.label as it was: the plan's reference, else the place ("number"), which is
        all a state stored before references has."""
        return self.after.get("label") or self.number

    @property
    def rag_before(self) -> str | None:
        return self.before["rag"] if self.before else None

    @property
    def rag_after(self) -> str:
        return self.after["rag"]


@dataclass
class Changes:
    """What changed between two plan states, in plan order within each list.

    An action that reached Blue is listed as completed, not also as moved up. An added
    action is listed only as added. A moved deadline is listed whatever else changed.
    """

    before_at: str | None = None
    after_at: str | None = None
    moved_up: list[ChangedAction] = field(default_factory=list)
    moved_down: list[ChangedAction] = field(default_factory=list)
    completed: list[ChangedAction] = field(default_factory=list)
    added: list[ChangedAction] = field(default_factory=list)
    deadline_moved: list[ChangedAction] = field(default_factory=list)

    KINDS = ("moved_up", "moved_down", "completed", "added", "deadline_moved")

    @property
    def counts(self) -> dict[str, int]:
        return {kind: len(getattr(self, kind)) for kind in self.KINDS}

    @property
    def total(self) -> int:
        """How many actions changed in any way listed here (each counted once)."""
        return len({row.action_id for kind in self.KINDS for row in getattr(self, kind)})

    @property
    def any(self) -> bool:
        return self.total > 0


# Position on the Red < Amber < Green < Blue ladder; Not yet rated is off it.
_RAG_STEPS = {rag.value: step for step, rag in enumerate(RAG_LADDER)}


def _rag_step(rag: str) -> int | None:
    return _RAG_STEPS.get(rag)


def _plan_place(row: ChangedAction) -> tuple:
    return ([int(part) if part.isdigit() else 0 for part in row.number.split(".")], row.action_id)


def state_compare(before: dict, after: dict) -> Changes:
    """What moved between two `plan_state` results of the same plan (before, then after)."""
    old_actions = before["actions"]
    changes = Changes(before_at=before.get("at"), after_at=after.get("at"))
    for key, now in after["actions"].items():
        then = old_actions.get(key)
        if then is not None and _same(then, now):
            continue
        row = ChangedAction(int(key), now["number"], now["description"], then, now)
        if then is None:
            changes.added.append(row)
            continue
        if now["status"] == ActionStatus.COMPLETE and then["status"] != ActionStatus.COMPLETE:
            changes.completed.append(row)
        else:
            step_then, step_now = _rag_step(then["rag"]), _rag_step(now["rag"])
            if step_then is not None and step_now is not None and step_now != step_then:
                (changes.moved_up if step_now > step_then else changes.moved_down).append(row)
        if _deadline_moved(then, now):
            changes.deadline_moved.append(row)
    for kind in changes.KINDS:  # plan order (stored snapshots need not keep it)
        getattr(changes, kind).sort(key=_plan_place)
    return changes


def _same(then: dict, now: dict) -> bool:
    return all(then.get(name) == now.get(name) for name in COMPARED_FIELDS)


def _deadline_moved(then: dict, now: dict) -> bool:
    return now.get("deadline_changes", 0) > then.get("deadline_changes", 0) or (
        now["deadline"],
        now["deadline_text"],
    ) != (then["deadline"], then["deadline_text"])
