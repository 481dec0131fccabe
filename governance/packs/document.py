"""The board pack document: what goes in it, for the PDF (build.py) and the web preview.

The pack is templates/governance/board_pack.html, made of the same partials as the web
pages: the dashboard's charts, changes and exceptions (governance/dashboard.html), the plan
table (actionplans/actionplan_detail.html) and the meeting's recommendations
(governance/meeting_detail.html). The HTML preview and the PDF render the same partial.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from actionplans.models import Action, ActionPlan
from governance.dashboard import PlanDashboard, plan_dashboard
from governance.dashboard.measures import MeasureRow
from governance.models import BoardPack, Meeting, Recommendation, VoiceItem


@dataclass
class PlanPart:
    """One plan's share of the pack."""

    plan: ActionPlan
    actions: list[Action]
    dashboard: PlanDashboard
    rag_definitions: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PackMeasures:
    """The council's measures, printed once in the pack by the dashboard's `measures`
    partial, whose own "Measures" heading is the section's (level 2)."""

    plan: ActionPlan | None  # the pack's plan, whose linked actions come first; None for several
    measures: list[MeasureRow]
    h: int = 2
    sub: int = 3


@dataclass(frozen=True)
class PackSpec:
    """What a pack is of: a meeting, its plans, Part I or II, and the pack it follows.

    Made from a stored pack, or for a preview of the next version before it is built.
    """

    meeting: Meeting
    plans: list[ActionPlan]
    part: str
    version: int
    compared_with: BoardPack | None
    pack: BoardPack | None = None

    @classmethod
    def of(cls, pack: BoardPack) -> PackSpec:
        return cls(
            meeting=pack.meeting,
            plans=list(pack.plans.select_related("strategy").order_by("title")),
            part=pack.part,
            version=pack.version,
            compared_with=pack.compared_with,
            pack=pack,
        )

    @classmethod
    def preview(cls, meeting: Meeting, plans: list[ActionPlan], part: str) -> PackSpec:
        last = meeting.packs.order_by("-version").values_list("version", flat=True).first()
        return cls(
            meeting=meeting,
            plans=sorted(plans, key=lambda plan: plan.title),
            part=part,
            version=(last or 0) + 1,
            compared_with=BoardPack.objects.comparison_base(meeting, plans),
        )

    @property
    def part_label(self) -> str:
        return BoardPack.Part(self.part).label

    @property
    def is_exempt(self) -> bool:
        return self.part == BoardPack.Part.PART_II

    @property
    def taken_at(self) -> datetime.datetime | None:
        """When the stored pack froze the plans' state; None for a preview."""
        return self.pack.frozen_at if self.pack else None


def pack_context(spec: PackSpec, *, on: datetime.date, for_print: bool) -> dict:
    """Everything board_pack.html shows, read in a fixed number of queries per plan."""
    meeting = spec.meeting
    organisation = meeting.board.organisation
    parts = [
        PlanPart(
            plan=plan,
            actions=list(Action.objects.filter(plan=plan).for_plan_page().with_overdue_flag(on=on)),
            # The pack prints every row (no limit), its partials' headings under its own h3.
            dashboard=plan_dashboard(
                plan, on=on, since=spec.compared_with, limit=None, heading_level=4
            ),
            rag_definitions=plan.rag_definitions(),
        )
        for plan in spec.plans
    ]
    return {
        "spec": spec,
        "measures": PackMeasures(
            plan=parts[0].plan if len(parts) == 1 else None,
            measures=parts[0].dashboard.measures if parts else [],
        ),
        "meeting": meeting,
        "board": meeting.board,
        "council": organisation,
        "parts": parts,
        "agenda_items": list(meeting.agenda_items.prefetch_related("plans")),
        "recommendations": list(
            Recommendation.objects.at_meeting(meeting).with_trail().with_overdue_flag(on=on)
        ),
        "voice_items": list(VoiceItem.objects.for_organisation(organisation).with_responses()),
        "today": on,
        "for_print": for_print,
        # The plan table links each action to its page, which a printed pack cannot.
        "link_organisation": None if for_print else organisation,
    }


def pack_html(spec: PackSpec, *, on: datetime.date) -> str:
    """The whole pack as one HTML document, for WeasyPrint."""
    return render_to_string("governance/board_pack.html", pack_context(spec, on=on, for_print=True))
