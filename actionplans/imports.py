"""A plan owner's import of an existing plan in the browser, step by step.

The upload is kept as a PlanImport between the pages. The file is read (importing.reading)
in the background, once on upload and again after each correction of its columns, and the
preview it gives is kept with it (PlanImport.preview), with how far the reading has got for
the page to show; the preview pages and the confirmation use the kept preview, so what the
person checked is what is imported. Confirming writes it as one plan
(importing.writing) under a lock on the PlanImport, so a second press of the button, or a
second tab, imports nothing more. The management command import_plan is the same reading
and writing without the pages.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.tasks import task
from django.utils import timezone

from actionplans.importing.preview import Message, Preview
from actionplans.importing.reading import Mapping, preview_file
from actionplans.importing.writing import import_plan
from actionplans.models import Lead, PlanImport, PlanImportStatus
from strategies.models import Organisation, Strategy

logger = logging.getLogger(__name__)

FILE_NAME_MAX = 255  # PlanImport.file_name
IMPORT_FAILED = (
    "The plan could not be imported, so nothing was saved. Try again; if it fails again, "
    "tell the service's support team which file you were importing."
)


STILL_READING = "The file is still being read. Wait until its preview is shown, then import it"

READ_FAILED = (
    "Pledge could not read this file. Open it, save it again as an Excel workbook (.xlsx), a "
    "Word document (.docx) or a CSV file, and upload the new copy. If that cannot be read "
    "either, tell the service's support team which file you were importing."
)


class ImportFailed(Exception):
    """Writing the plan failed in the database; everything it wrote was rolled back."""


def plan_import_preview(plan_import: PlanImport) -> Preview | None:
    """What importing the file would create, as read with the person's column corrections;
    None while it is being read."""
    if plan_import.preview is None:
        return None
    return Preview.from_store(plan_import.preview)


def plan_import_read(plan_import_id: int) -> Preview:
    """Read the upload's file with its column corrections and the council's leads as they
    are now, telling the PlanImport how far it has got, and keep the preview."""
    plan_import = PlanImport.objects.select_related("organisation").get(pk=plan_import_id)
    known = Lead.objects.for_organisation(plan_import.organisation).values_list("name", flat=True)

    def progress(done: int, total: int) -> None:
        PlanImport.objects.filter(pk=plan_import.pk).update(rows_read=done, rows_total=total)

    try:
        preview = preview_file(
            bytes(plan_import.data),
            mapping=plan_import.mapping,
            known_leads=list(known),
            progress=progress,
        )
    except Exception:
        # A file no rule foresaw, or a fault of ours: the person is told, the support team
        # has the traceback, and the upload is not left "being read" for ever.
        logger.exception("Reading PlanImport %s failed", plan_import.pk)
        preview = Preview(format=plan_import.format)
        preview.errors.append(Message(None, None, READ_FAILED))
    PlanImport.objects.filter(pk=plan_import.pk, status=PlanImportStatus.READING).update(
        preview=preview.to_store(), status=PlanImportStatus.UPLOADED, rows_read=0, rows_total=0
    )
    return preview


@task
def plan_import_read_task(plan_import_id: int) -> int:
    """plan_import_read in the background: in the embedded default (ImmediateBackend) as soon
    as the upload commits, in this process; in production (PLEDGE_TASKS=database) by the
    worker, while the preview page shows how far it has got. Returns the number of actions."""
    return len(plan_import_read(plan_import_id).actions)


def _read_in_background(plan_import: PlanImport) -> None:
    transaction.on_commit(lambda: plan_import_read_task.enqueue(plan_import.pk))


def plan_import_upload(
    *,
    organisation: Organisation,
    uploaded_by,
    file_name: str,
    data: bytes,
    file_format: str,
    plan_title: str,
    strategy: Strategy | None,
) -> PlanImport:
    """Keep an uploaded plan file and have it read for its preview; nothing is written to
    the plan's tables."""
    plan_import = PlanImport.objects.create(
        organisation=organisation,
        uploaded_by=uploaded_by,
        file_name=file_name[-FILE_NAME_MAX:],
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        format=file_format,
        plan_title=plan_title,
        strategy=strategy,
        status=PlanImportStatus.READING,
    )
    _read_in_background(plan_import)
    return plan_import


def plan_import_remap(*, plan_import: PlanImport, mapping: Mapping) -> None:
    """Keep the person's corrections to which column is which, and read the file again."""
    plan_import.mapping = mapping
    plan_import.preview = None
    plan_import.status = PlanImportStatus.READING
    plan_import.save(update_fields=["mapping", "preview", "status"])
    _read_in_background(plan_import)


def plan_import_confirm(*, plan_import: PlanImport, actor) -> tuple[PlanImport, bool]:
    """Write the plan the file describes, once; return the PlanImport and whether this call
    imported it.

    Under a lock on the PlanImport: an import already done is returned as it is. Raises
    ValidationError (nothing written) when the file has errors or the plan's title or
    strategy will not do, and ImportFailed when the database refused the plan: its rows are
    rolled back and the PlanImport is marked failed, so it can be tried again.
    """
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
        if locked.status == PlanImportStatus.IMPORTED:
            return locked, False
        preview = plan_import_preview(locked)
        if preview is None:
            raise ValidationError(STILL_READING)
        try:
            with transaction.atomic():
                plan = import_plan(
                    organisation=locked.organisation,
                    preview=preview,
                    plan_title=locked.plan_title,
                    file_name=locked.file_name,
                    data=bytes(locked.data),
                    actor=actor,
                    strategy=locked.strategy,
                )
        except DatabaseError:
            logger.exception("Importing PlanImport %s failed", locked.pk)
            locked.status = PlanImportStatus.FAILED
            locked.save(update_fields=["status"])
            failed = True
        else:
            locked.status = PlanImportStatus.IMPORTED
            locked.plan = plan
            locked.imported_by = actor
            locked.imported_at = timezone.now()
            locked.save(update_fields=["status", "plan", "imported_by", "imported_at"])
            failed = False
    if failed:
        raise ImportFailed(IMPORT_FAILED)
    return locked, True
