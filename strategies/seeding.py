"""Loading the seeded councils' strategies from fixtures/ (see the seed command).

Each loader writes only what differs from the database (core.seeding), so seeding twice changes
nothing.
"""

from __future__ import annotations

import datetime

from core.seeding import upsert
from strategies.models import CarePrinciple, Objective, Organisation, Strategy, StrategyPrinciple


def load_care_principles(data: dict) -> None:
    for row in data["care_principles"]:
        upsert(
            CarePrinciple,
            {"number": row["number"]},
            {"text": row["text"], "source": row["source"]},
        )


def load_organisation(data: dict) -> tuple[Organisation, dict[str, Strategy]]:
    org_data = data["organisation"]
    organisation = upsert(
        Organisation,
        {"slug": org_data["slug"]},
        {"name": org_data["name"], "source": org_data.get("source", "")},
    )
    strategies: dict[str, Strategy] = {}
    for row in data["strategies"]:
        decision = row.get("decision") or {}
        # The source's status, unless the demonstration layer has since marked the strategy
        # superseded by its own (governance/seeding/demo_plan.py): seeding again keeps that.
        by_demo = Strategy.objects.filter(
            organisation=organisation, title=row["title"], superseded_by__is_demo=True
        ).exists()
        status = {} if by_demo else {"status": row["status"]}
        strategy = upsert(
            Strategy,
            {"organisation": organisation, "title": row["title"]},
            status
            | {
                "period_start_year": row["period_start_year"],
                "period_end_year": row["period_end_year"],
                "summary": row.get("summary", ""),
                "objective_label": row.get("objective_label") or "Objective",
                "decision_maker": decision.get("decision_maker", ""),
                "decision_date": iso_date(decision.get("date")),
                "decision_date_text": decision.get("date_text", ""),
                "decision_reference": decision.get("reference", ""),
                "key_decision": decision.get("key_decision"),
                "decision_part": decision.get("part", ""),
                "report_by": decision.get("report_by", ""),
                "source": row["source"],
            },
        )
        strategies[row["key"]] = strategy
        for objective in row.get("objectives", []):
            upsert(
                Objective,
                {"strategy": strategy, "number": objective["number"]},
                {
                    "title": objective["title"],
                    "aim": objective.get("aim", ""),
                    "source": objective["source"],
                },
            )
        for principle in row.get("principles", []):
            upsert(
                StrategyPrinciple,
                {"strategy": strategy, "number": principle["number"]},
                {"text": principle["text"], "source": principle["source"]},
            )
    return organisation, strategies


def iso_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
