"""Counts that link to the plan table filtered to exactly the actions they count."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from actionplans.models import RAG_ORDER, ActionStatus, Rag
from actionplans.paths import ActionPaths
from governance.charts import RAG_STYLES, RagStyle

OPEN = ActionStatus.OPEN


@dataclass(frozen=True)
class Link:
    """A count, and the plan table filtered to exactly the actions it counts ('' if none)."""

    count: int
    url: str = ""


class PlanTable:
    """Builds links to one plan's table (actionplans:plan-detail) with its filters."""

    def __init__(self, organisation_slug: str, plan_id: int):
        self.base = reverse("actionplans:plan-detail", args=[organisation_slug, plan_id])
        self.slug = organisation_slug
        self._action = ActionPaths(organisation_slug)

    def url(self, **params) -> str:
        return f"{self.base}?{urlencode(params, doseq=True)}" if params else self.base

    def link(self, count: int, **params) -> Link:
        return Link(count, self.url(**params))

    def action_url(self, action_id: int) -> str:
        return self._action(action_id)


def rag_filter(rag: str) -> dict:
    """The plan-table parameters for the actions a RAG count counts (no longer needed left out)."""
    if rag == Rag.BLUE:
        return {"rag": rag}
    return {"rag": rag, "status": OPEN}


# Encoded once: a large plan's breakdowns make thousands of these links.
RAG_QUERIES = {rag: urlencode(rag_filter(rag)) for rag in RAG_ORDER}
EVERY_STATUS = urlencode({"status": [ActionStatus.OPEN, ActionStatus.COMPLETE]}, doseq=True)


@dataclass
class RagRow:
    """Counts of one group of actions by rating, each a Link, worst first, and the total."""

    label: str
    counts: dict[str, int]
    cells: list[tuple[RagStyle, Link]]
    total: Link


def rag_row(label: str, counts: dict[str, int], table: PlanTable, group: dict) -> RagRow:
    """A row of counts; `group` is the plan-table filter of the whole row, e.g. {"lead": 3}."""
    prefix = f"{table.base}?{urlencode(group)}&" if group else f"{table.base}?"
    cells = [
        (RAG_STYLES[rag], Link(counts.get(rag, 0), prefix + RAG_QUERIES[rag])) for rag in RAG_ORDER
    ]
    total = sum(counts.get(rag, 0) for rag in RAG_ORDER)
    return RagRow(label, counts, cells, Link(total, prefix + EVERY_STATUS))
