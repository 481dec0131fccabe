"""Measures: each indicator's values, target and good direction, and the actions meant to
move it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from actionplans.models import PLAN_ORDER, Action, ActionPlan, Measure, MeasureValue
from governance.charts import LineChart, line_chart
from governance.dashboard.links import PlanTable
from strategies.models import Organisation


@dataclass
class MeasureRow:
    """A measure with its values oldest first, its latest, target, direction, chart and the
    actions linked to it (of this plan first, with their urls)."""

    measure: Measure
    values: list[MeasureValue]
    chart: LineChart | None
    actions: list[tuple[Action, str]]

    @property
    def latest(self) -> MeasureValue | None:
        return self.values[-1] if self.values else None

    @property
    def previous(self) -> MeasureValue | None:
        return self.values[-2] if len(self.values) > 1 else None

    def text(self, value: Decimal | None) -> str:
        return measure_text(value, self.measure.unit)

    @property
    def latest_text(self) -> str:
        return self.text(self.latest.value) if self.latest else ""

    @property
    def previous_text(self) -> str:
        return self.text(self.previous.value) if self.previous else ""

    @property
    def target_text(self) -> str:
        return self.text(self.measure.target) if self.measure.target is not None else ""

    @property
    def movement(self) -> str:
        """'better', 'worse' or 'same' since the previous value; '' with one value."""
        if not self.previous:
            return ""
        change = self.latest.value - self.previous.value
        if change == 0:
            return "same"
        better = change > 0 if self.measure.good_direction == Measure.Direction.UP else change < 0
        return "better" if better else "worse"

    @property
    def value_texts(self) -> list[tuple[MeasureValue, str]]:
        return [(value, self.text(value.value)) for value in self.values]


def measure_text(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    number = f"{value.normalize():f}"
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}".strip()


def measures(organisation: Organisation, *, plan: ActionPlan | None, prefix: str):
    """The council's measures with their values and linked actions, in three queries."""
    rows = []
    linked = Action.objects.select_related("plan", "key_outcome").order_by(
        "plan__title", *PLAN_ORDER
    )
    queryset = Measure.objects.filter(organisation=organisation).prefetch_related(
        Prefetch("values", queryset=MeasureValue.objects.order_by("date")),
        Prefetch("actions", queryset=linked),
    )
    slug = organisation.slug
    for measure in queryset.order_by("name"):
        values = list(measure.values.all())
        actions = sorted(measure.actions.all(), key=lambda a: plan is None or a.plan_id != plan.pk)
        tables = {}
        links = []
        for action in actions:
            table = tables.setdefault(action.plan_id, PlanTable(slug, action.plan_id))
            links.append((action, table.action_url(action.pk)))
        rows.append(MeasureRow(measure, values, _measure_chart(measure, values, prefix), links))
    # Measures meant to move this plan's actions first, then the rest, each by name.
    if plan is not None:
        rows.sort(key=lambda row: not any(a.plan_id == plan.pk for a, _ in row.actions))
    return rows


def _measure_chart(measure: Measure, values: list[MeasureValue], prefix: str) -> LineChart | None:
    if len(values) < 2:
        return None
    texts = [measure_text(value.value, measure.unit) for value in values]
    labels = [value.date_text or f"{value.date:%b %Y}" for value in values]
    target = float(measure.target) if measure.target is not None else None
    target_text = f"Target {measure_text(measure.target, measure.unit)}" if target else ""
    described = ", then ".join(
        f"{text} ({label})" for text, label in zip(texts, labels, strict=True)
    )
    return line_chart(
        f"{prefix}-measure-{measure.pk}",
        measure.name,
        x_labels=labels,
        series=[("Value", [float(value.value) for value in values], None, texts)],
        target=target,
        target_text=target_text,
        description=f"{measure.name}: {described}." + (f" {target_text}." if target_text else ""),
        show_values=True,
    )
