"""The plan over time: ratings per reporting period, and what changed since a board pack."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from actionplans.closing import closing_counts, end_of
from actionplans.models import (
    RAG_ORDER,
    ActionPlan,
    Rag,
    ReportingPeriod,
)
from governance.charts import RAG_STYLES, LineChart, RagStyle, line_chart
from governance.dashboard.frozen import pack_compare
from governance.dashboard.links import PlanTable
from governance.dashboard.snapshot import (
    ChangedAction,
    Changes,
    plan_state,
    state_compare,
)
from governance.models import BoardPack


@dataclass
class TrendPoint:
    period: ReportingPeriod
    at: datetime.datetime
    counts: dict[str, int]
    is_current: bool

    @property
    def label(self) -> str:
        return short_period_name(self.period.name)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[tuple[RagStyle, int]]:
        return [(RAG_STYLES[rag], self.counts.get(rag, 0)) for rag in RAG_ORDER]


@dataclass
class Trend:
    points: list[TrendPoint]
    chart: LineChart | None


def short_period_name(name: str) -> str:
    """'Q1 2026-27 (April to June 2026)' -> 'Q1 2026-27', for an axis."""
    return name.split(" (", 1)[0]


def trend(
    plan: ActionPlan, periods, *, on: datetime.date, now: dict[str, int], prefix: str
) -> Trend:
    """Ratings at the end of each reporting period begun by `on` (actionplans/closing.py:
    one query, however many periods, once recorded); for the current period, `now` (the
    ratings as they are). Actions no longer needed are left out, as in the counts above.
    """
    begun = [period for period in periods if period.starts_on <= on]
    past = [period for period in begun if period.ends_on < on]
    counted = closing_counts(plan, past) if past else []
    points = [
        TrendPoint(period, end_of(period.ends_on), counts, False)
        for period, counts in zip(past, counted, strict=True)
    ]
    points += [
        TrendPoint(
            period, end_of(period.ends_on), {rag: now.get(rag, 0) for rag in Rag.values}, True
        )
        for period in begun
        if period.ends_on >= on
    ]
    if not points:
        return Trend([], None)
    return Trend(points, _trend_chart(plan, points, prefix))


def _trend_chart(plan: ActionPlan, points: list[TrendPoint], prefix: str) -> LineChart:
    labels = [point.label + (" (so far)" if point.is_current else "") for point in points]
    description = " ".join(
        f"{label}: "
        + ", ".join(f"{RAG_STYLES[rag].label} {point.counts.get(rag, 0)}" for rag in RAG_ORDER)
        + "."
        for label, point in zip(labels, points, strict=True)
    )
    return line_chart(
        f"{prefix}-trend",
        f"Actions by RAG rating at the end of each reporting period, {plan.title}",
        x_labels=[point.label for point in points],
        series=[
            (
                RAG_STYLES[rag].label,
                [point.counts.get(rag, 0) for point in points],
                RAG_STYLES[rag],
                None,
            )
            for rag in RAG_ORDER
        ],
        description=description,
    )


# --- Since the last meeting --------------------------------------------------------------------


@dataclass
class ChangeList:
    """One kind of change (moved up, ...) with its rows, links to the actions, and a count."""

    kind: str
    title: str
    rows: list[tuple[ChangedAction, str]]  # (change, action url)
    count: int

    @property
    def anchor(self) -> str:
        return f"changes-{self.kind.replace('_', '-')}"

    @property
    def is_cut(self) -> bool:
        return self.count > len(self.rows)


CHANGE_TITLES = {
    "moved_up": "Moved up a RAG step",
    "moved_down": "Moved down a RAG step",
    "completed": "Completed",
    "added": "Added to the plan",
    "deadline_moved": "Deadline moved",
}


@dataclass
class Since:
    """What the plan is compared with: a board pack's frozen state, a date, or nothing."""

    basis: str = ""  # "pack", "date", "state" or "" (no comparison)
    at: datetime.datetime | None = None
    pack: BoardPack | None = None
    changes: Changes | None = None
    lists: list[ChangeList] = field(default_factory=list)

    @property
    def compared(self) -> bool:
        return self.changes is not None


def changes_since(plan: ActionPlan, basis, *, table: PlanTable, limit: int | None) -> Since:
    """Compare the plan now with `basis`: a BoardPack, a plan_state dict, a moment or None."""
    if basis is None:
        return Since()
    if isinstance(basis, BoardPack):
        changes = pack_compare(plan, basis)
        if changes is None:  # the pack did not freeze this plan
            return Since()
        kind, pack, at = "pack", basis, basis.frozen_at
    else:
        if isinstance(basis, dict):
            before, kind, at = basis, "state", datetime.datetime.fromisoformat(basis["at"])
        else:
            before, kind, at = plan_state(plan, at=basis), "date", basis
        pack = None
        changes = state_compare(before, plan_state(plan, narratives=False))
    lists = []
    for kind_name in changes.KINDS:
        rows = getattr(changes, kind_name)
        shown = rows if limit is None else rows[:limit]
        lists.append(
            ChangeList(
                kind_name,
                CHANGE_TITLES[kind_name],
                [(row, table.action_url(row.action_id)) for row in shown],
                len(rows),
            )
        )
    return Since(kind, at, pack, changes, lists)
