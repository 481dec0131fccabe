"""Building and reading real board packs for the tests that open the PDF: the seeded
Lancashire plan with a Red and an Amber update (the `lancashire_pack` fixture in conftest)."""

from __future__ import annotations

import datetime
import re
from io import BytesIO

from django.core.management import call_command
from pypdf import PdfReader

from actionplans.models import Action, ActionPlan, Rag
from actionplans.services import progress_update_record
from governance.models import Board, BoardPack, Meeting
from governance.packs.build import board_pack_build
from governance.packs.request import board_pack_request

RED_NARRATIVE = "Recruitment of foster carers has stalled: two panels were cancelled this quarter."
AMBER_NARRATIVE = "The SGO support offer is drafted but not yet agreed with legal services."


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def build(meeting: Meeting, plans, *, part="I", by=None) -> BoardPack:
    pack = board_pack_request(
        meeting=meeting, plans=plans, part=part, requested_by=by, background=False
    )
    return board_pack_build(pack=pack)


def read(pack: BoardPack) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(BytesIO(pack.pdf.read()))
    return reader, [squash(page.extract_text()) for page in reader.pages]


def lancashire() -> tuple[Board, ActionPlan, Meeting]:
    call_command("seed", council=["lancashire"], verbosity=0)
    board = Board.objects.get(organisation__slug="lancashire", name="Corporate Parenting Board")
    plan = ActionPlan.objects.get(
        strategy__organisation__slug="lancashire",
        title="Children Looked After and Care Leavers Strategic Action Plan 2014-17",
    )
    meeting = Meeting.objects.create(
        board=board, date=datetime.date(2026, 1, 20), title="Corporate Parenting Board"
    )
    return board, plan, meeting


def lancashire_pack(plan: ActionPlan, meeting: Meeting, owner) -> tuple[BoardPack, list[Action]]:
    actions = list(Action.objects.filter(plan=plan).order_by("key_outcome__number", "number"))
    progress_update_record(
        action=actions[10], author=owner, narrative=RED_NARRATIVE, rag=Rag.RED, period=None
    )
    progress_update_record(
        action=actions[1], author=owner, narrative=AMBER_NARRATIVE, rag=Rag.AMBER, period=None
    )
    return build(meeting, [plan], by=owner), actions
