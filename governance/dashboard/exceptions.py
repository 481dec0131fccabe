"""Exceptions: the open actions a board discusses, in the order it would discuss them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When

from actionplans.models import (
    PLAN_ORDER,
    Action,
    Lead,
    Rag,
    as_flag,
    not_updated_q,
    overdue_q,
    period_list,
)
from governance.dashboard.links import OPEN, Link, PlanTable


@dataclass
class ExceptionGroup:
    """Exceptions of one kind, in plan order, with the link to exactly them."""

    key: str
    title: str
    link: Link
    rows: list[Action]

    @property
    def is_cut(self) -> bool:
        return self.link.count > len(self.rows)


def exceptions(plan, *, on, period, table: PlanTable, limit: int | None) -> list[ExceptionGroup]:
    """Open actions a board discusses, in the order it would: Red, Amber, then the others
    that are overdue, then those not updated in the current period. Each action once.

    Each row is an Action with `narrative`, `narrative_at`, `is_late`, `is_unreported`,
    `url`, and its leads.
    """
    late = overdue_q(on=on)
    rank = Case(
        When(rag=Rag.RED, then=Value(0)),
        When(rag=Rag.AMBER, then=Value(1)),
        When(late, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    actions = (
        Action.objects.filter(plan=plan, status=OPEN)
        .annotate(is_unreported=as_flag(not_updated_q(period_list(period))))
        .filter(Q(rag__in=[Rag.RED, Rag.AMBER]) | late | Q(is_unreported=True))
        .annotate(rank=rank)
        .order_by("rank", *PLAN_ORDER)
    )
    # Every exception's rank, in order, two numbers a row: from them the counts, and the
    # rows shown, which alone are then read whole (with their newest update, a subquery
    # each, and leads).
    ranked = list(actions.values_list("pk", "rank"))
    counts = Counter(rank for _, rank in ranked)
    if limit is not None:
        shown, taken = [], Counter()
        for pk, rank in ranked:
            taken[rank] += 1
            if taken[rank] <= limit:
                shown.append(pk)
        actions = actions.filter(pk__in=shown)
    rows = list(
        actions.with_overdue_flag(on=on)
        .with_newest_update()
        .select_related("key_outcome")
        .prefetch_related(Prefetch("leads", queryset=Lead.objects.order_by("name")))
    )
    for action in rows:
        action.narrative = action.newest_update_narrative or ""
        action.narrative_at = action.newest_update_created_at
        action.url = table.action_url(action.pk)
    quiet = [Rag.GREEN, Rag.NOT_RATED]
    period_name = period.name if period else "the current period"
    groups = [
        ("red", "Red", table.link(counts[0], rag=Rag.RED, status=OPEN)),
        ("amber", "Amber", table.link(counts[1], rag=Rag.AMBER, status=OPEN)),
        (
            "overdue",
            "Overdue, rated Green or not yet rated",
            table.link(counts[2], overdue=1, rag=quiet),
        ),
        (
            "not_updated",
            f"Not updated in {period_name}, not overdue, rated Green or not yet rated",
            table.link(counts[3], not_updated=1, not_overdue=1, rag=quiet),
        ),
    ]
    return [
        ExceptionGroup(key, title, link, [action for action in rows if action.rank == index])
        for index, (key, title, link) in enumerate(groups)
    ]
