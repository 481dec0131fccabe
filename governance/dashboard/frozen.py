"""A board pack's frozen state as rows (FrozenAction), beside its JSON: written once by
`freeze` when a build starts, and compared with the plan now by the database (`pack_compare`),
which returns only the actions that may have changed for `state_compare` to classify."""

from __future__ import annotations

import datetime

from django.db.models import F, FilteredRelation, Q, QuerySet
from django.db.models.lookups import Exact
from django.utils import timezone

from actionplans.models import ActionPlan
from governance.dashboard.snapshot import (
    COMPARED_FIELDS,
    STATE_FIELDS,
    Changes,
    state_compare,
    state_entry,
    state_fields,
    state_rows,
)
from governance.models import BoardPack, FrozenAction


def freeze(pack: BoardPack, snapshot: dict) -> None:
    """Keep `snapshot` ({"taken_at": iso, "plans": {"<plan id>": plan_state}}) as the pack's
    frozen state: the JSON, the record as circulated, and its rows (FrozenAction), which the
    dashboard compares with (pack_compare). Saves both; any earlier freeze of the pack (a
    failed build tried again) is replaced."""
    pack.snapshot = snapshot
    pack.frozen_at = datetime.datetime.fromisoformat(snapshot["taken_at"])
    pack.save(update_fields=["snapshot", "frozen_at"])
    FrozenAction.objects.filter(pack=pack).delete()
    FrozenAction.objects.bulk_create(
        (
            FrozenAction(pack=pack, plan_id=int(plan_id), action_id=int(key), **_columns(entry))
            for plan_id, state in snapshot["plans"].items()
            for key, entry in state["actions"].items()
        ),
        batch_size=1000,
    )


def _columns(entry: dict) -> dict:
    """A plan_state entry's compared fields as FrozenAction's columns (a snapshot stored
    before packs counted deadline moves has no such key: None)."""
    columns = {name: entry.get(name) for name in COMPARED_FIELDS}
    columns["deadline_text"] = columns["deadline_text"] or ""
    if columns["deadline"]:
        columns["deadline"] = datetime.date.fromisoformat(columns["deadline"])
    return columns


def _frozen_entry(row: dict) -> dict:
    """What a comparison reads of an action's frozen entry (its state, and how often its
    deadline had moved), from a FrozenAction read with `then__` columns."""
    entry = {name: row[f"then__{name}"] for name in COMPARED_FIELDS}
    if entry["deadline"]:
        entry["deadline"] = entry["deadline"].isoformat()
    if entry["deadline_changes"] is None:  # frozen before packs counted them
        del entry["deadline_changes"]
    return entry


def pack_compare(plan: ActionPlan, pack: BoardPack) -> Changes | None:
    """What changed in the plan since `pack` froze it (None: the pack did not freeze it).

    The same as state_compare(pack's frozen plan_state, plan_state(plan)), with the database
    doing the reading: it returns only the actions whose state differs from their frozen row
    (or that have none), so a 5,000-action plan with a few hundred changes reads a few
    hundred rows, and none of the pack's JSON."""
    if not FrozenAction.objects.filter(pack=pack, plan=plan).exists():
        return None
    before, after = {}, {}
    for row in changed_rows(plan, pack):
        key = str(row["pk"])
        after[key] = state_entry(row, row)
        if row["then__pk"] is not None:
            before[key] = _frozen_entry(row)
    return state_compare(
        {"at": pack.frozen_at.isoformat() if pack.frozen_at else None, "actions": before},
        {"at": timezone.now().isoformat(), "actions": after},
    )


def changed_rows(plan: ActionPlan, pack: BoardPack) -> QuerySet:
    """The plan's actions that have no frozen row in `pack` or whose state may differ from
    it, as state_rows' values with the frozen row's columns (`then__...`), in plan order."""
    then = FilteredRelation("frozen_states", condition=Q(frozen_states__pack=pack))
    fields = state_fields(None, narratives=False)
    fields += ["then__pk", *(f"then__{name}" for name in COMPARED_FIELDS)]
    return (
        state_rows(plan, None, narratives=False)
        .annotate(then=then)
        .filter(_differs_from_then())
        .values(*fields)
    )


def _differs_from_then() -> Q:
    """Actions without a frozen row, or whose state may differ from it: every action that
    `_same` tells apart (and perhaps a few it does not, which state_compare then skips).
    Of the compared columns only the deadline may be empty; a count of deadline changes is
    empty when frozen before packs counted them. The count is a subquery per action, so it
    is compared last, once."""
    differs = Q(then__pk__isnull=True) | Q(then__deadline_changes__isnull=True)
    for name in STATE_FIELDS:
        differs |= _unequal(name, f"then__{name}")
    differs |= Q(deadline__isnull=True, then__deadline__isnull=False)
    differs |= Q(deadline__isnull=False, then__deadline__isnull=True)
    return differs | ~Q(deadline_change_count=F("then__deadline_changes"))


def _unequal(name: str, other: str) -> Q:
    """NOT (name = other): unequal when neither is empty (either empty: unknown, so false).
    A lookup used as an expression, not `~Q(name=F(other))`, which would add IS NULL tests;
    and not `<` or `>`, which compare text in the column's collation, where `=` need not."""
    return ~Q(Exact(F(name), F(other)))
