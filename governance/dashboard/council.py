"""A council's dashboard: its live plans side by side, and its measures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from actionplans.models import RAG_ORDER, Action, ActionPlan, ReportingPeriod
from governance.charts import RAG_STYLES, StackedBarChart, stacked_bars
from governance.dashboard.links import Link, PlanTable, RagRow, rag_row
from governance.dashboard.measures import MeasureRow, measures
from strategies.models import Organisation


@dataclass
class PlanSummary:
    plan: ActionPlan
    row: RagRow
    period: ReportingPeriod | None
    overdue: Link
    not_updated: Link
    deadline_moved: Link

    @property
    def links(self) -> list[Link]:
        """The counts after the ratings: total, overdue, not updated, deadline moved."""
        return [self.row.total, self.overdue, self.not_updated, self.deadline_moved]


@dataclass
class CouncilDashboard:
    """A council's live plans side by side (plans, chart, totals) and its measures."""

    organisation: Organisation
    on: datetime.date
    plans: list[PlanSummary]
    chart: StackedBarChart | None
    totals: dict[str, int]
    measures: list[MeasureRow] = field(default_factory=list)
    heading_level: int = 2
    plan: None = None  # the measures partial lists a plan's own actions first; a council has none

    @property
    def total_cells(self) -> list[tuple]:
        return [(RAG_STYLES[rag], self.totals.get(rag, 0)) for rag in RAG_ORDER]

    @property
    def h(self) -> int:
        return self.heading_level

    @property
    def sub(self) -> int:
        return self.heading_level + 1

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def live_plans(organisation: Organisation):
    """The plans of the council's approved strategies: the ones boards are following now."""
    return (
        ActionPlan.objects.for_organisation(organisation)
        .filter(strategy__status="approved")
        .select_related("strategy")
        .order_by("strategy__title", "title")
    )


def council_dashboard(organisation: Organisation, *, on: datetime.date) -> CouncilDashboard:
    """Every live plan's ratings and flags, in a fixed number of queries however many plans."""
    plans = list(live_plans(organisation))
    plan_ids = [plan.pk for plan in plans]
    periods: dict[int, list[ReportingPeriod]] = {}
    for period in ReportingPeriod.objects.filter(plan__in=plan_ids).order_by("starts_on"):
        periods.setdefault(period.plan_id, []).append(period)
    current = {pk: ReportingPeriod.current_of(periods.get(pk, []), on) for pk in plan_ids}
    current_ids = [period.pk for period in current.values() if period is not None]
    actions = Action.objects.filter(plan__in=plan_ids)
    counts: dict[int, dict[str, int]] = {}
    for plan_id, rag, n in actions.rag_counts("plan_id"):
        counts.setdefault(plan_id, {})[rag] = n
    flags = {
        row["plan_id"]: row for row in actions.flag_counts("plan_id", on=on, periods=current_ids)
    }
    summaries = []
    for plan in plans:
        table = PlanTable(organisation.slug, plan.pk)
        flag = flags.get(plan.pk, {})
        summaries.append(
            PlanSummary(
                plan=plan,
                row=rag_row(plan.title, counts.get(plan.pk, {}), table, {}),
                period=current[plan.pk],
                overdue=table.link(flag.get("overdue", 0), overdue=1),
                not_updated=table.link(flag.get("not_updated", 0), not_updated=1),
                deadline_moved=table.link(flag.get("deadline_moved", 0), deadline_moved=1),
            )
        )
    rated = [summary for summary in summaries if summary.row.total.count]
    chart = (
        stacked_bars(
            f"council-{organisation.pk}-plans",
            f"RAG ratings of {organisation.name}'s plans",
            [(summary.plan.title, summary.row.counts) for summary in rated],
        )
        if rated
        else None
    )
    return CouncilDashboard(
        organisation=organisation,
        on=on,
        plans=summaries,
        chart=chart,
        totals={rag: sum(s.row.counts.get(rag, 0) for s in summaries) for rag in RAG_ORDER},
        measures=measures(organisation, plan=None, prefix=f"council-{organisation.pk}"),
    )
