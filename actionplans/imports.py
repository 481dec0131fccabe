"""A plan owner's import of an existing plan in the browser, step by step.

The upload is kept as a PlanImport between the pages; each page reads it afresh with the
person's column corrections (importing.reading), and confirming writes it as one plan
(importing.writing) under a lock on the PlanImport, so a second press of the button, or a
second tab, imports nothing more. The management command import_plan is the same reading
and writing without the pages.
"""

from __future__ import annotations

import hashlib
import logging

from django.db import DatabaseError, transaction
from django.utils import timezone

from actionplans.importing.preview import Preview
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


class ImportFailed(Exception):
    """Writing the plan failed in the database; everything it wrote was rolled back."""


def plan_import_preview(plan_import: PlanImport) -> Preview:
    """What importing the file would create now, with the person's column corrections and
    the council's leads as they are."""
    known = Lead.objects.for_organisation(plan_import.organisation).values_list("name", flat=True)
    return preview_file(bytes(plan_import.data), mapping=plan_import.mapping, known_leads=known)


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
    """Keep an uploaded plan file for its preview; nothing is written to the plan's tables."""
    return PlanImport.objects.create(
        organisation=organisation,
        uploaded_by=uploaded_by,
        file_name=file_name[-FILE_NAME_MAX:],
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        format=file_format,
        plan_title=plan_title,
        strategy=strategy,
    )


def plan_import_remap(*, plan_import: PlanImport, mapping: Mapping) -> None:
    """Keep the person's corrections to which column is which."""
    plan_import.mapping = mapping
    plan_import.save(update_fields=["mapping"])


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
