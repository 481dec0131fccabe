"""What a board asks for, and the trail of updates until each is closed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from actionplans.models import PLAN_ORDER, Action, as_flag
from governance.models.boards import Board, Meeting
from strategies.models import Organisation


def recommendation_overdue_q(*, on) -> Q:
    """Not closed, and due before `on`: one due today is not yet overdue."""
    return Q(due_on__lt=on) & ~Q(status__in=Recommendation.CLOSED)


class RecommendationQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> RecommendationQuerySet:
        return self.filter(board__organisation=organisation)

    def open(self) -> RecommendationQuerySet:
        return self.exclude(status__in=Recommendation.CLOSED)

    def at_meeting(self, meeting: Meeting) -> RecommendationQuerySet:
        """Made at this meeting, or made earlier by the board and either still open on its
        date or closed since the board's previous meeting: a closed one is reported once, as
        closed, at the first meeting on or after the day it was closed, then drops off."""
        made_before = Q(meeting__date__lt=meeting.date) | Q(
            meeting__isnull=True, created_at__date__lt=meeting.date
        )
        open_then = Q(closed_at__isnull=True) | Q(closed_at__date__gte=meeting.date)
        reported_since = Meeting.objects.filter(
            board=meeting.board_id,
            date__lt=meeting.date,
            date__gte=OuterRef("closed_on"),
        )
        closed_since_last = Q(closed_at__isnull=False) & ~Exists(reported_since)
        return (
            self.filter(board=meeting.board_id)
            .alias(closed_on=TruncDate("closed_at"))
            .filter(Q(meeting=meeting) | (made_before & (open_then | closed_since_last)))
        )

    def with_overdue_flag(self, *, on) -> RecommendationQuerySet:
        """Annotate `is_late`: whether each is overdue on `on`."""
        return self.annotate(is_late=as_flag(recommendation_overdue_q(on=on)))

    def with_trail(self) -> RecommendationQuerySet:
        """Each with its meeting, linked actions and its updates, newest first."""
        return self.select_related("meeting", "created_by").prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("plan", "key_outcome").order_by(
                    "plan__title", *PLAN_ORDER
                ),
            ),
            Prefetch(
                "updates",
                queryset=RecommendationUpdate.objects.select_related("author").order_by(
                    "-created_at", "-pk"
                ),
            ),
        )


class Recommendation(models.Model):
    """Something a board asked for, with who owns it and when it is due, until closed."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    CLOSED = (Status.DONE, Status.DROPPED)
    STATUS_TAG_CLASSES = {
        Status.OPEN: "govuk-tag--yellow",
        Status.IN_PROGRESS: "govuk-tag--teal",
        Status.DONE: "govuk-tag--green",
        Status.DROPPED: "govuk-tag--grey",
    }

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="recommendations")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    text = models.TextField()
    owner = models.CharField(max_length=200, blank=True, help_text="Who will act on it.")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    actions = models.ManyToManyField(Action, blank=True, related_name="recommendations")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["board", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["done", "dropped"], closed_at__isnull=False)
                | (~Q(status__in=["done", "dropped"]) & Q(closed_at__isnull=True)),
                name="recommendation_closed_iff_done_or_dropped",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    @property
    def status_tag_class(self) -> str:
        return self.STATUS_TAG_CLASSES[self.status]


class RecommendationUpdate(models.Model):
    """A note on a recommendation's progress; the trail until it is closed."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="updates"
    )
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Recommendation.Status.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recommendation", "-created_at"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def status_tag_class(self) -> str:
        return Recommendation.STATUS_TAG_CLASSES[self.status]
