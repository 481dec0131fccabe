"""Keeping a built pack: its PDF is stored and it is marked ready, or a failed build is marked
failed. A pack once issued is the record of what members were told, and nothing here (or in
build.py or issue.py, which lock it the same way) changes it again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from governance.models import BoardPack
from strategies.audit import change_record


class PackIssuedError(ValidationError):
    """The pack was issued: it is the record of what members were told and never changes."""

    def __init__(self, pack: BoardPack):
        super().__init__(
            f"Version {pack.version} was issued on {pack.issued_at:%-d %B %Y} and cannot "
            "change: build a new version instead"
        )


def lock_unissued(pack: BoardPack) -> BoardPack:
    """The pack's row, locked for this transaction; refused if it has been issued."""
    current = (
        BoardPack.objects.select_for_update(of=("self",))
        .select_related("meeting__board__organisation")
        .get(pk=pack.pk)
    )
    if current.is_issued:
        raise PackIssuedError(current)
    return current


def board_pack_store(*, pack: BoardPack, content: bytes, pages: int) -> BoardPack:
    """Keep the built PDF in the configured storage and mark the pack ready."""
    with transaction.atomic():
        current = lock_unissued(pack)
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


# Deleting a pack (the service's staff, in the admin or a shell; the app never does). The
# database cannot hold a rule on a column's value, so these two receivers of pre_delete and
# post_delete are where it is said: they run for a queryset's delete() as for one pack's.


def refuse_issued_pack_deletion(sender, instance: BoardPack, **kwargs) -> None:
    """An issued pack is the record of what the board was told: it is never deleted."""
    if instance.is_issued:
        raise ProtectedError(
            f"Version {instance.version} of the pack was issued on "
            f"{instance.issued_at:%-d %B %Y}: it is the record of what the board was told "
            "and cannot be deleted",
            {instance},
        )


def forget_deleted_packs_file(sender, instance: BoardPack, using, **kwargs) -> None:
    """A deleted draft's PDF goes too, once the deletion has committed (a deletion rolled back
    keeps its file)."""
    if instance.pdf:
        storage, name = instance.pdf.storage, instance.pdf.name
        transaction.on_commit(lambda: storage.delete(name), using=using)
