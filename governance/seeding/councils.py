"""Loading the seeded councils' boards, meetings and young people's voice from fixtures/."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from actionplans.models import ActionPlan
from actionplans.seeding import load_action_plans, load_measures
from core.seeding import set_if_changed, upsert
from governance.models import AgendaItem, Board, Meeting, VoiceItem
from strategies.models import Organisation, Strategy
from strategies.seeding import iso_date, load_care_principles, load_organisation

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
COUNCIL_FIXTURES = ["lancashire", "lincolnshire", "west-sussex"]


class SeedError(Exception):
    """A fixture file is missing or malformed; the message says which and where."""


def read_fixture(name: str) -> dict:
    path = FIXTURES_DIR / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SeedError(f"Fixture {path} is missing.") from None
    except json.JSONDecodeError as error:
        raise SeedError(f"Fixture {path} is not valid JSON: {error}") from None


@transaction.atomic
def seed_councils(slugs: list[str] | None = None) -> list[Organisation]:
    """Load the seeded councils; all or nothing, and a second run changes nothing."""
    load_care_principles(read_fixture("care_principles"))
    organisations = []
    for slug in slugs or COUNCIL_FIXTURES:
        data = read_fixture(slug)
        try:
            organisation, strategies = load_organisation(data)
            plans = load_action_plans(organisation, data, strategies)
            load_measures(organisation, data, strategies)
            load_governance(organisation, data, strategies, plans)
        except KeyError as error:
            raise SeedError(
                f"Fixture {slug}.json refers to {error} which it does not define, "
                "or lacks that field."
            ) from None
        organisations.append(organisation)
    return organisations


def load_governance(
    organisation: Organisation,
    data: dict,
    strategies: dict[str, Strategy],
    plans: dict[str, ActionPlan],
) -> None:
    boards: dict[str, Board] = {}
    for row in data.get("boards", []):
        board = upsert(
            Board,
            {"organisation": organisation, "name": row["name"]},
            {
                "kind": row["kind"],
                "description": row.get("description", ""),
                "source": row["source"],
            },
        )
        boards[row["key"]] = board
        # The demonstration layer's plans stay on the boards it put them on (demo_plan.py).
        demo_plans = list(board.plans.filter(strategy__is_demo=True))
        oversees = _plans_for(row.get("oversees", []), strategies, plans)
        set_if_changed(board.plans, oversees + demo_plans)
    for row in data.get("meetings", []):
        meeting = upsert(
            Meeting,
            {"board": boards[row["board"]], "date": iso_date(row["date"])},
            {
                "date_text": row.get("date_text", ""),
                "title": row.get("title", ""),
                "source": row["source"],
            },
        )
        for number, item in enumerate(row.get("agenda_items", []), start=1):
            agenda_item = upsert(
                AgendaItem,
                {"meeting": meeting, "number": number},
                {
                    "title": item["title"],
                    "author_role": item.get("author_role", ""),
                    "actions_asked": item.get("actions_asked", ""),
                    "summary": item.get("summary", ""),
                    "source": item["source"],
                },
            )
            set_if_changed(agenda_item.plans, [plans[key] for key in item.get("plans", [])])
    for row in data.get("voice_items", []):
        upsert(
            VoiceItem,
            {"organisation": organisation, "said": row["said"], "theme": row.get("theme", "")},
            {
                "board": boards.get(row.get("board") or ""),
                "raised_at": row.get("raised_at", ""),
                "raised_on": iso_date(row.get("date")),
                "date_text": row.get("date_text", ""),
                "source": row["source"],
            },
        )


def _plans_for(keys, strategies, plans) -> list[ActionPlan]:
    """A board oversees named plans, or every plan of a named strategy."""
    found: list[ActionPlan] = []
    for key in keys:
        if key in plans:
            found.append(plans[key])
        elif key in strategies:
            found.extend(strategies[key].action_plans.all())
        else:
            raise KeyError(key)
    return found
