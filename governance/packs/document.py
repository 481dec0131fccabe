"""The board pack document: what goes in it, and building it into a stored PDF.

The pack is templates/governance/board_pack.html, made of the same partials as the web
pages: the dashboard's charts, changes and exceptions (governance/dashboard.html), the plan
table (actionplans/actionplan_detail.html) and the meeting's recommendations
(governance/meeting_detail.html). The HTML preview and the PDF render the same partial.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from actionplans.models import Action, ActionPlan
from governance.dashboard import PlanDashboard, plan_dashboard
from governance.models import BoardPack, Meeting, Recommendation, VoiceItem
from governance.packs.pdf import collecting_only_new_objects, render_pdf
from governance.packs.services import (
    board_pack_fail,
    board_pack_progress,
    board_pack_start,
    board_pack_store,
)

# Progress, in percent, at each stage of a build; laying out pages fills the gap between.
PROGRESS_DOCUMENT_READY = 20
PROGRESS_LAID_OUT = 90
# Roughly how many actions fit on a page of the plan table, to estimate the page count.
ACTIONS_PER_PAGE = 4
SECTION_PAGES = 6
PROGRESS_WRITE_SECONDS = 1.0


@dataclass
class PlanPart:
    """One plan's share of the pack."""

    plan: ActionPlan
    actions: list[Action]
    dashboard: PlanDashboard
    rag_definitions: list[tuple[str, str, str]] = field(default_factory=list)


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
            compared_with=BoardPack.objects.previous_for(meeting),
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
        taken_at = self.pack.snapshot.get("taken_at") if self.pack else None
        return datetime.datetime.fromisoformat(taken_at) if taken_at else None


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


class _ProgressReporter:
    """Turns "laying out page n" into the pack's progress, written at most once a second."""

    def __init__(self, pack: BoardPack, *, expected_pages: int):
        self.pack = pack
        self.expected_pages = max(expected_pages, 1)
        self.written_at = 0.0

    def __call__(self, page: int) -> None:
        now = time.monotonic()
        if now - self.written_at < PROGRESS_WRITE_SECONDS:
            return
        self.written_at = now
        share = min(page / self.expected_pages, 0.95)
        span = PROGRESS_LAID_OUT - PROGRESS_DOCUMENT_READY
        board_pack_progress(pack=self.pack, progress=PROGRESS_DOCUMENT_READY + int(span * share))


def board_pack_build(*, pack: BoardPack, on: datetime.date | None = None) -> BoardPack:
    """Build a requested pack: freeze its snapshot, render the document, store the PDF.

    A failure marks the pack failed (the meeting page says so, and it can be built again)
    and is raised to the caller.
    """
    pack = board_pack_start(pack=pack)
    try:
        with collecting_only_new_objects():
            spec = PackSpec.of(pack)
            html = pack_html(spec, on=on or timezone.localdate())
            board_pack_progress(pack=pack, progress=PROGRESS_DOCUMENT_READY)
            action_count = _action_count(spec)
            reporter = _ProgressReporter(
                pack, expected_pages=SECTION_PAGES + action_count // ACTIONS_PER_PAGE
            )
            rendered = render_pdf(html, on_page=reporter)
        board_pack_progress(pack=pack, progress=PROGRESS_LAID_OUT)
        stored = board_pack_store(pack=pack, content=rendered.content, pages=rendered.pages)
    except Exception as error:
        board_pack_fail(pack=pack, error=f"{type(error).__name__}: {error}")
        raise
    # Not saved: for the benchmark, which reports the share of time spent in WeasyPrint.
    stored.seconds_in_weasyprint = rendered.seconds_in_weasyprint
    return stored


def _action_count(spec: PackSpec) -> int:
    return Action.objects.filter(plan__in=[plan.pk for plan in spec.plans]).count()
