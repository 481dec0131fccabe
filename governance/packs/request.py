"""Asking for a board pack, the first step of its life (see governance/packs/__init__.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from actionplans.models import ActionPlan
from governance.links import plans_of_council
from governance.models import BoardPack, Meeting
from governance.packs.tasks import board_pack_build_task
from strategies.audit import change_record

SELECT_PACK_PLANS = "Select at least one plan for the pack"
SELECT_PACK_PART = "Select Part I or Part II"


def board_pack_request(
    *,
    meeting: Meeting,
    plans: Iterable[ActionPlan],
    part: str,
    requested_by,
    background: bool = True,
) -> BoardPack:
    """Ask for the next version of a meeting's pack: make its row and queue its build.

    The build is queued for when the transaction commits (board_pack_build_task). With
    `background=False` nothing is queued and the caller builds it (board_pack_build).
    """
    with transaction.atomic():
        plans = plans_of_council(plans, council_id=meeting.board.organisation_id)
        if not plans:
            raise ValidationError({"plans": SELECT_PACK_PLANS})
        if part not in BoardPack.Part.values:
            raise ValidationError({"part": SELECT_PACK_PART})
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        version = (locked.packs.aggregate(last=Max("version"))["last"] or 0) + 1
        pack = BoardPack.objects.create(
            meeting=locked, version=version, part=part, created_by=requested_by
        )
        pack.plans.set(plans)
        change_record(
            organisation=meeting.board.organisation,
            actor=requested_by,
            obj=pack,
            summary=f"Board pack version {version} requested",
            changes={"plans": (None, [plan.title for plan in plans]), "part": (None, part)},
        )
        if background:
            transaction.on_commit(lambda: board_pack_build_task.enqueue(pack.pk))
        return pack
