"""One plan's dashboard: everything the partials of templates/governance/dashboard.html show.

`plan_dashboard` gathers it for the dashboard page and for the board pack, in a fixed number
of queries however many actions, updates or reporting periods the plan has. Each count carries
the link to the plan table filtered to exactly the actions behind it (actionplans/filters.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from actionplans.models import (
    Action,
    ActionPlan,
    ActionStatus,
    KeyOutcome,
    ReportingPeriod,
    period_list,
)
from governance.charts import StackedBarChart, stacked_bars
from governance.dashboard.exceptions import ExceptionGroup, exceptions
from governance.dashboard.history import Since, Trend, changes_since, trend
from governance.dashboard.links import Link, PlanTable, RagRow, rag_row
from governance.dashboard.measures import MeasureRow, measures
from governance.models import BoardPack

# Breakdowns drawn as a chart as well as a table, when they have this many rows or fewer.
CHART_ROWS = 12


@dataclass
class Breakdown:
    """RAG counts of a plan by one grouping: objective, section, key outcome or lead."""

    key: str  # "objective", "section", "key_outcome", "lead": the plan table's parameter
    title: str  # "By objective"
    heading: str  # the first column's heading: "Objective"
    rows: list[RagRow]
    total_rows: int  # before any limit
    chart: StackedBarChart | None = None

    @property
    def is_cut(self) -> bool:
        return self.total_rows > len(self.rows)


@dataclass
class PlanDashboard:
    """Everything the partials of templates/governance/dashboard.html show for one plan
    (rag-summary, rag-breakdown, rag-trend, changes-since, exceptions, measures); include
    them with `dashboard` set to this and, in print, `for_print` (no links or forms).

    plan; on (the date "overdue" and "current period" are judged on); period (the plan's
    current reporting period, or None); action_count; table (PlanTable, builds plan-table
    links); limit (the most rows a long list shows; None: all); h and sub (the levels of the
    partials' headings and sub-headings, from heading_level).
    summary: RagRow of the whole plan (label, counts {rag: n}, cells [(RagStyle, Link)] worst
    first, total Link); summary_chart (StackedBarChart). not_needed, overdue, not_updated,
    deadline_moved: Link (count, url of the plan table filtered to exactly those actions).
    breakdowns: [Breakdown] by objective and/or section (with a chart), key outcome, lead:
    key, title, heading, rows [RagRow], total_rows, is_cut, chart.
    trend: Trend (points [TrendPoint: period, at, counts, cells, total, is_current], chart).
    since: Since (basis "pack", "date", "state" or "" for none; at; pack; changes (Changes);
    lists [ChangeList: kind, title, rows [(ChangedAction, action url)], count, anchor]).
    exceptions: [ExceptionGroup] red, amber, overdue, not_updated: key, title, link, rows
    (Actions in plan order with narrative, narrative_at, is_late, is_unreported, url, leads).
    measures: [MeasureRow] (measure, values, latest/latest_text, previous/previous_text,
    target_text, movement "better"/"worse"/"same", value_texts, chart, actions [(Action, url)]).
    """

    plan: ActionPlan
    on: datetime.date
    period: ReportingPeriod | None
    action_count: int
    table: PlanTable
    summary: RagRow
    summary_chart: StackedBarChart
    not_needed: Link
    overdue: Link
    not_updated: Link
    deadline_moved: Link
    breakdowns: list[Breakdown]
    trend: Trend
    since: Since
    exceptions: list[ExceptionGroup]
    measures: list[MeasureRow]
    limit: int | None = None
    heading_level: int = 4

    @property
    def h(self) -> int:
        """The level of each partial's heading (the pack sets them under its plan's <h3>)."""
        return self.heading_level

    @property
    def sub(self) -> int:
        return self.heading_level + 1


def plan_dashboard(
    plan: ActionPlan,
    *,
    on: datetime.date,
    since: datetime.datetime | dict | BoardPack | None = None,
    limit: int | None = None,
    heading_level: int = 4,
) -> PlanDashboard:
    """The plan's dashboard on `on`, compared with `since` (a moment, a `plan_state`, or a
    board pack, whose frozen state of this plan is used; None: no comparison).

    `limit` caps the long lists (key outcomes, leads, exceptions per group, changes) for the
    web page; the board pack passes None to print them whole. `heading_level` is the level
    of each partial's own heading: 4 under the pack's plan headings, 2 on the page.
    """
    organisation = plan.strategy.organisation
    table = PlanTable(organisation.slug, plan.pk)
    periods = list(plan.periods.order_by("starts_on"))
    period = ReportingPeriod.current_of(periods, on)
    by_outcome = _counts_by_outcome(plan)
    flags = _flag_counts(plan, on=on, period=period)
    summary = rag_row(plan.title, _fold(by_outcome.values()), table, {})
    prefix = f"plan-{plan.pk}"
    return PlanDashboard(
        plan=plan,
        on=on,
        period=period,
        action_count=summary.total.count,
        table=table,
        summary=summary,
        summary_chart=stacked_bars(
            f"{prefix}-summary", f"RAG ratings of {plan.title}", [("All actions", summary.counts)]
        ),
        not_needed=table.link(flags["not_needed"], status=ActionStatus.NOT_NEEDED),
        overdue=table.link(flags["overdue"], overdue=1),
        not_updated=table.link(flags["not_updated"], not_updated=1),
        deadline_moved=table.link(flags["deadline_moved"], deadline_moved=1),
        breakdowns=_breakdowns(plan, by_outcome, table, prefix, limit),
        trend=trend(plan, periods, on=on, now=summary.counts, prefix=prefix),
        since=changes_since(plan, since, table=table, limit=limit),
        exceptions=exceptions(plan, on=on, period=period, table=table, limit=limit),
        measures=measures(organisation, plan=plan, prefix=prefix),
        limit=limit,
        heading_level=heading_level,
    )


def last_issued_pack(plan: ActionPlan) -> BoardPack | None:
    """The latest issued board pack that froze this plan: 'since the last meeting' starts there."""
    return (
        BoardPack.objects.filter(plans=plan, issued_at__isnull=False, status=BoardPack.Status.READY)
        .select_related("meeting__board")
        .defer("snapshot")  # compared with through its rows (FrozenAction): this is megabytes
        .order_by("-issued_at", "-pk")
        .first()
    )


def _counts_by_outcome(plan: ActionPlan) -> dict[int, dict[str, int]]:
    """{key outcome id: {rag: count}}, leaving out actions no longer needed."""
    counts: dict[int, dict[str, int]] = {}
    for outcome_id, rag, n in Action.objects.filter(plan=plan).rag_counts("key_outcome_id"):
        counts.setdefault(outcome_id, {})[rag] = n
    return counts


def _fold(groups) -> dict[str, int]:
    total: dict[str, int] = {}
    for counts in groups:
        for rag, n in counts.items():
            total[rag] = total.get(rag, 0) + n
    return total


def _flag_counts(plan: ActionPlan, *, on: datetime.date, period) -> dict[str, int]:
    """Counts matching the plan table's filters of the same names, in one query."""
    rows = Action.objects.filter(plan=plan).flag_counts("plan", on=on, periods=period_list(period))
    return next(
        iter(rows), dict.fromkeys(("not_needed", "overdue", "not_updated", "deadline_moved"), 0)
    )


def _breakdowns(plan, by_outcome, table: PlanTable, prefix: str, limit) -> list[Breakdown]:
    # Plain rows, not instances: a large plan has hundreds of key outcomes.
    outcomes = list(
        KeyOutcome.objects.filter(plan=plan)
        .order_by("number")
        .values(
            "pk",
            "number",
            "title",
            "objective_id",
            "objective__number",
            "objective__title",
            "section_id",
            "section__number",
            "section__title",
        )
    )
    breakdowns = []
    for key, title, heading in (
        ("objective", "By objective", "Objective"),
        ("section", "By section", "Section"),
    ):
        groups: dict[int, tuple[tuple, str, list[dict]]] = {}
        for outcome in outcomes:
            group_id = outcome[f"{key}_id"]
            if group_id is not None and outcome["pk"] in by_outcome:
                number, name = outcome[f"{key}__number"], outcome[f"{key}__title"]
                label = f"{number}. {name}" if key == "objective" else name
                entry = groups.setdefault(group_id, ((number, group_id), label, []))
                entry[2].append(by_outcome[outcome["pk"]])
        if groups:
            rows = [
                (label, _fold(counts), {key: pk})
                for pk, (_, label, counts) in sorted(groups.items(), key=lambda g: g[1][0])
            ]
            breakdowns.append(_breakdown(key, title, heading, rows, table, prefix, limit))
    outcome_rows = [
        (f"{o['number']}. {o['title']}", by_outcome[o["pk"]], {"key_outcome": o["pk"]})
        for o in outcomes
        if o["pk"] in by_outcome
    ]
    breakdowns.append(
        _breakdown(
            "key_outcome", "By key outcome", "Key outcome", outcome_rows, table, prefix, limit
        )
    )
    breakdowns.append(_breakdown("lead", "By lead", "Lead", _lead_rows(plan), table, prefix, limit))
    return breakdowns


def _breakdown(key, title, heading, rows, table: PlanTable, prefix: str, limit) -> Breakdown:
    """rows: (label, counts, plan-table filter); links are made only for the rows shown."""
    chart = None
    if key in ("objective", "section") and len(rows) <= CHART_ROWS:
        chart = stacked_bars(
            f"{prefix}-{key}",
            f"RAG ratings {title.lower()}",
            [(label, counts) for label, counts, _ in rows],
        )
    shown = rows if limit is None else rows[:limit]
    made = [rag_row(label, counts, table, group) for label, counts, group in shown]
    return Breakdown(key, title, heading, made, len(rows), chart)


def _lead_rows(plan: ActionPlan) -> list[tuple[str, dict[str, int], dict]]:
    leads: dict[int, tuple[str, dict[str, int]]] = {}
    for lead_id, name, rag, n in Action.objects.filter(plan=plan).rag_counts(
        "leads", "leads__name"
    ):
        if lead_id is not None:  # an action with no lead is in no lead's row
            leads.setdefault(lead_id, (name, {}))[1][rag] = n
    ordered = sorted(leads.items(), key=lambda item: item[1][0].lower())
    return [(name, counts, {"lead": pk}) for pk, (name, counts) in ordered]
