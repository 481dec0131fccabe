"""Loading the seeded councils' action plans, leads and measures from fixtures/."""

from __future__ import annotations

import datetime

from django.utils import timezone

from actionplans import closing
from actionplans.deadlines import deadline_date
from actionplans.models import (
    Action,
    ActionPlan,
    DeadlineChange,
    KeyOutcome,
    Lead,
    Measure,
    MeasureValue,
    PlanSection,
    ProgressUpdate,
    Rag,
)
from core.seeding import set_if_changed, upsert
from strategies.models import Organisation, Strategy
from strategies.seeding import iso_date


def load_action_plans(
    organisation: Organisation, data: dict, strategies: dict[str, Strategy]
) -> dict[str, ActionPlan]:
    plans: dict[str, ActionPlan] = {}
    for row in data["action_plans"]:
        strategy = strategies[row["strategy"]]
        plan = upsert(
            ActionPlan,
            {"strategy": strategy, "title": row["title"]},
            {"source": row["source"]},
        )
        plans[row["key"]] = plan
        leads = {
            lead["key"]: upsert(
                Lead,
                {"organisation": organisation, "name": lead["name"]},
                {"kind": lead["kind"], "source": lead["source"]},
            )
            for lead in row.get("leads", [])
        }
        sections = {
            title: upsert(PlanSection, {"plan": plan, "number": number}, {"title": title})
            for number, title in enumerate(row.get("sections", []), start=1)
        }
        # Notes carried over from the source are dated by the report that circulated them.
        notes_dated = _as_at(strategy.decision_date)
        for outcome_row in row.get("key_outcomes", []):
            outcome = upsert(
                KeyOutcome,
                {"plan": plan, "number": outcome_row["number"]},
                {
                    "title": outcome_row["title"],
                    "section": sections.get(outcome_row.get("section") or ""),
                    "source": outcome_row["source"],
                },
            )
            for number, action_row in enumerate(outcome_row["actions"], start=1):
                _load_action(plan, outcome, number, action_row, leads, notes_dated)
    return plans


def _load_action(plan, outcome, number, row, leads, notes_dated) -> None:
    values = {
        "plan": plan,
        "description": row["description"],
        "leads_text": row.get("leads_text", ""),
        "deadline_text": row.get("deadline_text", ""),
        "deadline": deadline_date(row.get("deadline_text", "")),
        "source": row["source"],
    }
    if DeadlineChange.objects.filter(action__key_outcome=outcome, action__number=number).exists():
        # Moved since it was seeded (by an officer, or the demonstration layer): the seeded
        # deadline is kept as the first change's "from"; seeding again must not move it back.
        del values["deadline_text"], values["deadline"]
    action = upsert(Action, {"key_outcome": outcome, "number": number}, values)
    set_if_changed(action.leads, [leads[key] for key in row.get("leads", [])])
    for note in row.get("progress", []):
        if not ProgressUpdate.objects.filter(action=action, source=note["source"]).exists():
            ProgressUpdate.objects.create(
                action=action,
                narrative=note["narrative"],
                rag=Rag.NOT_RATED,
                source=note["source"],
                created_at=notes_dated,
            )
            closing.reopen(plan, notes_dated)  # history with an earlier date


def _as_at(day: datetime.date | None) -> datetime.datetime:
    if day is None:
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def load_measures(organisation: Organisation, data: dict, strategies: dict[str, Strategy]) -> None:
    for row in data.get("measures", []):
        measure = upsert(
            Measure,
            {"organisation": organisation, "name": row["name"]},
            {
                "strategy": strategies.get(row.get("strategy") or ""),
                "unit": row.get("unit", ""),
                "good_direction": row["good_direction"],
                "target": row.get("target"),
                "source": row["source"],
            },
        )
        for value in row["values"]:
            upsert(
                MeasureValue,
                {"measure": measure, "date": iso_date(value["date"])},
                {
                    "date_text": value.get("date_text", ""),
                    "value": value["value"],
                    "note": value.get("note", ""),
                    "source": value["source"],
                },
            )
