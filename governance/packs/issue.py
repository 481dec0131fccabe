"""Issuing a pack: circulating a built pack to members, after which it never changes.

A correction is a new version (request.py). Once a version is issued, the versions before it
(of the same part) are superseded: they are listed so, and a superseded draft can no longer
be issued. The meeting page asks for confirmation first (views.PackIssueView), saying what
issuing does: `issue_refusal` and `periods_to_lock` are what that page and the service share.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplans.models import ReportingPeriod
from governance.models import BoardPack, Meeting
from governance.packs.store import lock_unissued
from strategies.audit import change_record


def board_pack_issue(*, pack: BoardPack, issued_by) -> BoardPack:
    """Circulate a built pack to members; from now on it never changes."""
    with transaction.atomic():
        # The meeting's row first, as board_pack_request takes it: two versions issued at
        # once are then issued one after the other, and the older one is refused.
        Meeting.objects.select_for_update().filter(pk=pack.meeting_id).exists()
        current = lock_unissued(pack)
        refusal = issue_refusal(current)
        if refusal:
            raise ValidationError(refusal)
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


def issue_refusal(pack: BoardPack) -> str:
    """Why this unissued pack cannot be issued, in words for the page; "" if it can."""
    if pack.status != BoardPack.Status.READY:
        return "Only a pack that has been built can be issued"
    newer = pack.newer_issued()
    if newer is not None:
        return (
            f"Version {pack.version} cannot be issued: version {newer.version} was issued on "
            f"{timezone.localtime(newer.issued_at):%-d %B %Y} and supersedes it"
        )
    return ""


def periods_to_lock(pack: BoardPack):
    """The reporting periods issuing this pack closes: those of its plans due by the day it
    was built (ReportingPeriod.objects.due_by), plan by plan."""
    built_on = timezone.localdate(pack.built_at or timezone.now())
    return (
        ReportingPeriod.objects.filter(plan__in=pack.plans.all())
        .due_by(on=built_on)
        .select_related("plan")
        .order_by("plan__title", "plan", "starts_on")
    )


def _periods_lock(pack: BoardPack, *, issued_by) -> list[ReportingPeriod]:
    """Lock the periods the pack reported. Later updates count for the next period, so the
    board's figures stay what it was told."""
    periods = list(periods_to_lock(pack).select_for_update(of=("self",)))
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
