"""An action's history: its progress updates, its deadline changes, and its rating at the end
of each reporting period. The read rules over them (updated in a period, deadline moved, the
newest update) are ActionQuerySet's and the Q builders in actions.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from actionplans.models.plans import RAG_TAG_CLASSES, Rag, ReportingPeriod


class ProgressUpdate(models.Model):
    """What an officer reported on an action in a period, with a rating; never edited."""

    action = models.ForeignKey(
        "actionplans.Action", on_delete=models.PROTECT, related_name="updates"
    )
    period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.PROTECT, related_name="updates"
    )
    narrative = models.TextField()
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="progress_updates",
    )
    created_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(
        max_length=200, blank=True, help_text="For progress carried over from a source document."
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["action", "-created_at"]
        indexes = [
            models.Index(fields=["action", "-created_at"], name="update_action_newest"),
            models.Index(fields=["period", "action"], name="update_period_action"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(rag__in=Rag.values), name="update_rag_is_known"),
            models.CheckConstraint(condition=~Q(narrative=""), name="update_has_narrative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rag_display()}: {self.narrative[:60]}"

    @property
    def rag_tag_class(self) -> str:
        return RAG_TAG_CLASSES[self.rag]


class DeadlineChange(models.Model):
    """A moved deadline: what it was, what it became, why, who moved it and when."""

    action = models.ForeignKey(
        "actionplans.Action", on_delete=models.PROTECT, related_name="deadline_changes"
    )
    old_text = models.CharField(max_length=200, blank=True)
    old_date = models.DateField(null=True, blank=True)
    new_text = models.CharField(max_length=200, blank=True)
    new_date = models.DateField(null=True, blank=True)
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadline_changes",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["action", "-changed_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="deadline_change_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.old_text or self.old_date} → {self.new_text or self.new_date}"


class ClosingRating(models.Model):
    """An action's rating at the end of a reporting period, recorded once the period has
    ended (actionplans/closing.py): what the dashboard's trend and the board pack count for
    each past period, instead of replaying every update made by then on every read."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="closing_ratings"
    )
    action = models.ForeignKey("actionplans.Action", on_delete=models.CASCADE, related_name="+")
    rag = models.CharField(max_length=10, choices=Rag.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "action"], name="closing_rating_once")
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.rag} at the end of {self.period_id}"
