"""Issuing a pack: circulating a built pack to members, after which it never changes.

A correction is a new version (request.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

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
        return current
