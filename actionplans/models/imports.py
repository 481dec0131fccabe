"""An upload of a council's existing plan: kept between the preview and the confirmation,
and afterwards the record of who imported which file, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from actionplans.models.plans import ActionPlan
from strategies.models import Organisation, Strategy


class PlanImportStatus(models.TextChoices):
    READING = "reading", "Reading the file"
    UPLOADED = "uploaded", "Not imported yet"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Import failed"


class PlanImportQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> PlanImportQuerySet:
        return self.filter(organisation=organisation)


class PlanImport(models.Model):
    """A plan file a plan owner uploaded to import: checked in a preview, then imported."""

    Status = PlanImportStatus

    STATUS_TAG_CLASSES = {
        Status.READING: "",  # the default tag: blue
        Status.UPLOADED: "govuk-tag--grey",
        Status.IMPORTED: "govuk-tag--green",
        Status.FAILED: "govuk-tag--red",
    }

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plan_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    format = models.CharField(max_length=10)  # actionplans.importing.readers.Format
    # The person's corrections to the columns recognised, as importing.reading.Mapping: for
    # each table (by its `where`), the field of each of its columns. Empty: none made.
    mapping = models.JSONField(default=dict, blank=True)
    # What importing would create (importing.preview.Preview.to_store), read from the file
    # in the background with the mapping above; empty while it is being read.
    preview = models.JSONField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    plan_title = models.CharField(max_length=300)
    # None: a new strategy of the plan's title.
    strategy = models.ForeignKey(
        Strategy, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    plan = models.OneToOneField(
        ActionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_import"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    objects = PlanImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanImportStatus.values),
                name="plan_import_status_is_known",
            ),
            # Imported means a plan, who and when; anything else means none of them.
            models.CheckConstraint(
                condition=(
                    Q(
                        status=PlanImportStatus.IMPORTED,
                        plan__isnull=False,
                        imported_by__isnull=False,
                        imported_at__isnull=False,
                    )
                    | (
                        ~Q(status=PlanImportStatus.IMPORTED)
                        & Q(plan__isnull=True, imported_at__isnull=True)
                    )
                ),
                name="plan_import_imported_has_its_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def status_tag_class(self) -> str:
        return self.STATUS_TAG_CLASSES[self.status]

    @property
    def can_be_imported(self) -> bool:
        return self.status not in (PlanImportStatus.IMPORTED, PlanImportStatus.READING)

    @property
    def is_reading(self) -> bool:
        return self.status == PlanImportStatus.READING
