"""Writes to board packs: asking for one, building it, storing the PDF, issuing it.

A pack, once issued, is the record of what members were told: nothing here changes it again,
and a correction is a new version.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from actionplans.models import ActionPlan
from governance.boards.services import _plans_of_council
from governance.dashboard.snapshot import plan_state
from governance.models import BoardPack, Meeting
from strategies.audit import change_record

SELECT_PACK_PLANS = "Select at least one plan for the pack"
SELECT_PACK_PART = "Select Part I or Part II"


class PackIssuedError(ValidationError):
    """The pack was issued: it is the record of what members were told and never changes."""

    def __init__(self, pack: BoardPack):
        super().__init__(
            f"Version {pack.version} was issued on {pack.issued_at:%-d %B %Y} and cannot "
            "change: build a new version instead"
        )


def _lock_pack(pack: BoardPack) -> BoardPack:
    current = (
        BoardPack.objects.select_for_update(of=("self",))
        .select_related("meeting__board__organisation")
        .get(pk=pack.pk)
    )
    if current.is_issued:
        raise PackIssuedError(current)
    return current


@transaction.atomic
def board_pack_request(
    *,
    meeting: Meeting,
    plans: Iterable[ActionPlan],
    part: str,
    requested_by,
    background: bool = True,
) -> BoardPack:
    """Ask for the next version of a meeting's pack; it is built in the background.

    With `background=False` the caller builds it (governance.packs.document.board_pack_build).
    """
    plans = _plans_of_council(plans, meeting.board)
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
        transaction.on_commit(lambda: _enqueue_build(pack.pk))
    return pack


def _enqueue_build(pack_id: int) -> None:
    # The task module imports this one (through governance.packs.document): import it late.
    from governance.packs.tasks import board_pack_build_task

    board_pack_build_task.enqueue(pack_id)


@transaction.atomic
def board_pack_start(*, pack: BoardPack, at: datetime.datetime | None = None) -> BoardPack:
    """Begin building: freeze every action's state now, and pick the pack to compare with."""
    current = _lock_pack(pack)
    if current.status not in (BoardPack.Status.QUEUED, BoardPack.Status.FAILED):
        raise ValidationError(f"Version {current.version} is already {current.status}")
    at = at or timezone.now()
    plans = list(current.plans.select_related("strategy").order_by("title"))
    current.snapshot = {
        "taken_at": at.isoformat(),
        "plans": {str(plan.pk): plan_state(plan) for plan in plans},
    }
    current.compared_with = BoardPack.objects.exclude(pk=current.pk).previous_for(current.meeting)
    current.status = BoardPack.Status.BUILDING
    current.progress = 10
    current.error = ""
    current.save(update_fields=["snapshot", "compared_with", "status", "progress", "error"])
    return current


def board_pack_progress(*, pack: BoardPack, progress: int) -> None:
    """Record how far the build has got (one row, one statement)."""
    BoardPack.objects.filter(pk=pack.pk, status=BoardPack.Status.BUILDING).update(
        progress=max(0, min(progress, 99))
    )


@transaction.atomic
def board_pack_store(*, pack: BoardPack, content: bytes, pages: int) -> BoardPack:
    """Keep the built PDF in the configured storage and mark the pack ready."""
    current = _lock_pack(pack)
    if current.status != BoardPack.Status.BUILDING:
        raise ValidationError(f"Version {current.version} is not being built")
    current.pdf.save(current.file_name, ContentFile(content), save=False)
    current.status = BoardPack.Status.READY
    current.progress = 100
    current.pages = pages
    current.built_at = timezone.now()
    current.save(update_fields=["pdf", "status", "progress", "pages", "built_at"])
    change_record(
        organisation=current.meeting.board.organisation,
        actor=current.created_by,
        obj=current,
        summary=f"Board pack version {current.version} built ({pages} pages)",
        at=current.built_at,
    )
    return current


def board_pack_fail(*, pack: BoardPack, error: str) -> None:
    """Mark a build failed, with why, so the page says so and it can be built again."""
    BoardPack.objects.filter(pk=pack.pk, issued_at__isnull=True).update(
        status=BoardPack.Status.FAILED, error=error[:2000]
    )


@transaction.atomic
def board_pack_issue(*, pack: BoardPack, issued_by) -> BoardPack:
    """Circulate a built pack to members; from now on it never changes."""
    current = _lock_pack(pack)
    if current.status != BoardPack.Status.READY:
        raise ValidationError("Only a pack that has been built can be issued")
    current.issued_at = timezone.now()
    current.issued_by = issued_by
    current.save(update_fields=["issued_at", "issued_by"])
    change_record(
        organisation=current.meeting.board.organisation,
        actor=issued_by,
        obj=current,
        summary=f"Board pack version {current.version} issued",
        at=current.issued_at,
    )
    return current
