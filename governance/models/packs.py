"""Board packs: the papers printed for a meeting, frozen once issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import slugify

from actionplans.models import ActionPlan
from governance.models.boards import Meeting
from strategies.models import Organisation


class BoardPackQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> BoardPackQuerySet:
        return self.filter(meeting__board__organisation=organisation)

    def built(self) -> BoardPackQuerySet:
        return self.filter(status=BoardPack.Status.READY)

    def issued(self) -> BoardPackQuerySet:
        return self.filter(issued_at__isnull=False)

    def comparison_base(self, meeting: Meeting, plans) -> BoardPack | None:
        """What a pack for `meeting` shows changes since: the last pack issued for an earlier
        meeting of its board that froze any of `plans`. The one place this is chosen (the
        build records it as `compared_with`; the preview asks it too). Another version of the
        same meeting's pack is never it, and neither is a draft the board never saw."""
        return (
            self.issued()
            .filter(
                meeting__board=meeting.board_id,
                meeting__date__lt=meeting.date,
                plans__in=[plan.pk for plan in plans],
            )
            .select_related("meeting__board")
            .defer("snapshot")  # compared with through its rows (FrozenAction)
            .order_by("-meeting__date", "-version")
            .first()
        )

    def with_superseded(self) -> BoardPackQuerySet:
        """Annotate `is_superseded`: a later version of the same meeting's pack, of the same
        part, has been issued. Part I and Part II are separate papers: one does not replace
        the other."""
        return self.annotate(is_superseded=Exists(_newer_issued()))


def _newer_issued():
    return BoardPack.objects.issued().filter(
        meeting=OuterRef("meeting"), part=OuterRef("part"), version__gt=OuterRef("version")
    )


class BoardPack(models.Model):
    """The papers printed for a meeting: a frozen snapshot of the plans and its PDF.

    Once issued it is the record of what members were told and never changes; a correction
    is issued as a new version.
    """

    class Part(models.TextChoices):
        PART_I = "I", "Part I (public)"
        PART_II = "II", "Part II (exempt)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    # How a pack is listed: its build status until issued, then issued or superseded.
    ISSUED = ("Issued", "govuk-tag--green")
    SUPERSEDED = ("Superseded", "govuk-tag--grey")
    STATUS_TAG_CLASSES = {
        Status.QUEUED: "govuk-tag--grey",
        Status.BUILDING: "govuk-tag--yellow",
        Status.READY: "govuk-tag--green",
        Status.FAILED: "govuk-tag--red",
    }

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="packs")
    version = models.PositiveSmallIntegerField(default=1)
    part = models.CharField(max_length=2, choices=Part.choices, default=Part.PART_I)
    plans = models.ManyToManyField(ActionPlan, related_name="board_packs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    snapshot = models.JSONField(default=dict, blank=True)
    # When the plans' state was frozen: the snapshot's "taken_at", readable without it.
    frozen_at = models.DateTimeField(null=True, blank=True)
    compared_with = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The earlier pack that 'changed since the last pack' is measured from.",
    )
    pdf = models.FileField(upload_to="board-packs/%Y/", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)
    built_at = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = BoardPackQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="pack_version_unique"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="pack_progress_percent"),
            models.CheckConstraint(
                condition=Q(issued_at__isnull=True) | Q(status="ready"),
                name="pack_issued_only_when_ready",
            ),
        ]

    def __str__(self) -> str:
        return f"Board pack v{self.version}, {self.meeting}"

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def is_in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)

    @property
    def status_tag_class(self) -> str:
        return self.STATUS_TAG_CLASSES[self.status]

    @property
    def listing(self) -> tuple[str, str]:
        """(label, GOV.UK tag class) wherever packs are listed: "Superseded" once a later
        version is issued (`with_superseded`), "Issued", else the build's status."""
        if getattr(self, "is_superseded", False):
            return self.SUPERSEDED
        if self.is_issued:
            return self.ISSUED
        return self.get_status_display(), self.status_tag_class

    def newer_issued(self) -> BoardPack | None:
        """The latest later version of this meeting's pack (same part) that was issued."""
        return (
            BoardPack.objects.issued()
            .filter(meeting=self.meeting_id, part=self.part, version__gt=self.version)
            .order_by("-version")
            .first()
        )

    @property
    def file_name(self) -> str:
        """What the download is called: council, board, meeting date, version, part."""
        meeting = self.meeting
        part = "-part-ii" if self.part == self.Part.PART_II else ""
        return (
            f"{meeting.board.organisation.slug}-{slugify(meeting.board.name)}-"
            f"{meeting.date:%Y-%m-%d}-pack-v{self.version}{part}.pdf"
        )


class FrozenAction(models.Model):
    """What a comparison reads of one action of one plan as a board pack froze it: the
    compared fields of `BoardPack.snapshot`'s `plans[plan]["actions"]` entries, kept as a
    table too so that the database compares the plan now with a pack
    (governance/dashboard/frozen.py `pack_compare`) instead of Python reading a large plan's
    megabytes of JSON on every dashboard. The rest of each entry (wording, narrative) stays
    in the JSON alone. Written once, with the snapshot, when the pack's build starts
    (`freeze`); never changed after."""

    pack = models.ForeignKey(BoardPack, on_delete=models.CASCADE, related_name="frozen_actions")
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="+")
    # Not a constraint: the pack keeps its record of an action whatever becomes of it.
    action = models.ForeignKey(
        "actionplans.Action",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="frozen_states",
    )
    rag = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    deadline = models.DateField(null=True)
    deadline_text = models.CharField(max_length=200, blank=True)
    # None: frozen before packs counted deadline changes (the snapshot had no such key).
    deadline_changes = models.IntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pack", "plan", "action"], name="frozen_action_once_per_pack"
            )
        ]

    def __str__(self) -> str:
        return f"Action {self.action_id} in {self.pack}"
