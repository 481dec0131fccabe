"""Issuing a pack: circulating a built pack to members, after which it never changes.

A correction is a new version (request.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplans.models import ReportingPeriod
from governance.models import BoardPack
from governance.packs.store import lock_unissued
from strategies.audit import change_record


def board_pack_issue(*, pack: BoardPack, issued_by) -> BoardPack:
    """Circulate a built pack to members; from now on it never changes."""
    with transaction.atomic():
        current = lock_unissued(pack)
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
        _periods_lock(current, issued_by=issued_by)
        return current


def _periods_lock(pack: BoardPack, *, issued_by) -> list[ReportingPeriod]:
    """Lock the periods the pack reported: those of its plans due by the day it was built
    (ReportingPeriod.objects.due_by). Later updates count for the next period, so the
    board's figures stay what it was told."""
    built_on = timezone.localdate(pack.built_at or pack.issued_at)
    periods = list(
        ReportingPeriod.objects.select_for_update()
        .filter(plan__in=pack.plans.all())
        .due_by(on=built_on)
        .order_by("plan", "starts_on")
    )
    for period in periods:
        period.locked_at = pack.issued_at
        period.save(update_fields=["locked_at"])
        change_record(
            organisation=pack.meeting.board.organisation,
            actor=issued_by,
            obj=period,
            summary=f"Reporting period {period.name} reported to the board and closed "
            f"(board pack version {pack.version})",
            changes={"locked_at": (None, pack.issued_at)},
            at=pack.issued_at,
        )
    return periods
