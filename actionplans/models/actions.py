"""Actions and their history: progress updates and deadline changes."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from actionplans.models.plans import (
    RAG_TAG_CLASSES,
    ActionPlan,
    KeyOutcome,
    Lead,
    Rag,
    ReportingPeriod,
)
from strategies.models import CarePrinciple, Organisation


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETE = "complete", "Complete"
    NOT_NEEDED = "not_needed", "No longer needed"


class ActionQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> ActionQuerySet:
        return self.filter(plan__strategy__organisation=organisation)

    def for_plan_page(self) -> ActionQuerySet:
        """Everything one row of the plan table shows, in a fixed number of queries."""
        latest_update = ProgressUpdate.objects.order_by("-created_at", "-pk")[:1]
        return (
            self.select_related("key_outcome", "key_outcome__section", "key_outcome__objective")
            .prefetch_related(
                Prefetch("leads", queryset=Lead.objects.order_by("name")),
                Prefetch("updates", queryset=latest_update, to_attr="latest_updates"),
            )
            .order_by("key_outcome__number", "number")
        )

    def for_choices(self) -> ActionQuerySet:
        """As a form's list of actions shows them: by plan, then in plan order, with what
        their labels read ("1.2 description") and what the services check (the council)."""
        return self.select_related("key_outcome", "plan__strategy").order_by(
            "plan__title", "key_outcome__number", "number", "pk"
        )

    def for_action_page(self) -> ActionQuerySet:
        """An action with its leads and whole timeline, in a fixed number of queries."""
        return self.select_related(
            "plan__strategy", "key_outcome__section", "key_outcome__objective"
        ).prefetch_related(
            Prefetch("leads", queryset=Lead.objects.order_by("name")),
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("author", "period").order_by(
                    "-created_at", "-pk"
                ),
            ),
            Prefetch(
                "deadline_changes",
                queryset=DeadlineChange.objects.select_related("changed_by").order_by(
                    "-changed_at", "-pk"
                ),
            ),
        )

    def with_period_status(self, *, on: datetime.date) -> ActionQuerySet:
        """Annotate the plan's current period and whether the action has an update in it."""
        current_period = (
            ReportingPeriod.objects.filter(
                plan=OuterRef("plan"), locked_at__isnull=True, starts_on__lte=on
            )
            .order_by("-starts_on")
            .values("pk")[:1]
        )
        return self.annotate(
            current_period_id=Subquery(current_period),
            updated_this_period=Exists(
                ProgressUpdate.objects.filter(
                    action=OuterRef("pk"), period=OuterRef("current_period_id")
                )
            ),
        )

    def for_my_actions(self, user, *, on: datetime.date, roles) -> ActionQuerySet:
        """The actions of the leads this person acts for, in councils where they hold one of
        `roles` (those that report on actions, actionplans.permissions.REPORTING_ROLES): a
        board member or viewer there reads the plan but has nothing to do.

        Those needing an update for the current period first, then overdue, then the rest.
        """
        return (
            self.filter(
                leads__officers=user,
                plan__strategy__organisation__roles__user=user,
                plan__strategy__organisation__roles__role__in=roles,
                status=ActionStatus.OPEN,
            )
            .distinct()
            .with_period_status(on=on)
            .annotate(
                needs_update=ExpressionWrapper(
                    Q(current_period_id__isnull=False) & Q(updated_this_period=False),
                    output_field=models.BooleanField(),
                ),
                is_late=Case(
                    When(deadline__lt=on, then=Value(True)),
                    default=Value(False),
                    output_field=models.BooleanField(),
                ),
            )
            .select_related("plan__strategy__organisation", "key_outcome")
            .prefetch_related(Prefetch("leads", queryset=Lead.objects.order_by("name")))
            .order_by("-needs_update", "-is_late", F("deadline").asc(nulls_last=True), "pk")
        )

    def overdue(self, *, on: datetime.date) -> ActionQuerySet:
        return self.filter(status=ActionStatus.OPEN, deadline__lt=on)

    def not_updated_in(self, period: ReportingPeriod | None) -> ActionQuerySet:
        if period is None:
            return self.filter(status=ActionStatus.OPEN)
        return self.filter(status=ActionStatus.OPEN).exclude(
            Exists(ProgressUpdate.objects.filter(action=OuterRef("pk"), period=period))
        )


class Action(models.Model):
    """A promise the council makes under a key outcome, owned by one or more leads."""

    Status = ActionStatus

    STATUS_TAG_CLASSES = {
        Status.OPEN: "govuk-tag--teal",
        Status.COMPLETE: "",  # the default tag: blue
        Status.NOT_NEEDED: "govuk-tag--grey",
    }

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    key_outcome = models.ForeignKey(KeyOutcome, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField(help_text="Order within the key outcome.")
    description = models.TextField()
    leads = models.ManyToManyField(Lead, blank=True, related_name="actions")
    leads_text = models.TextField(
        blank=True, help_text="The lead as the source plan wrote it, before it was split."
    )
    deadline_text = models.CharField(
        "by when (source's words)",
        max_length=200,
        blank=True,
        help_text='As the plan writes it: "June 2015", "Ongoing review/ assessment".',
    )
    deadline = models.DateField(
        null=True, blank=True, help_text="The date read from the words, where one can be."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices, default=Rag.NOT_RATED)
    closed_reason = models.TextField(blank=True)
    care_principles = models.ManyToManyField(CarePrinciple, blank=True, related_name="actions")
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every change, so a stale form cannot overwrite one."
    )
    source = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "key_outcome__number", "number"]
        indexes = [
            models.Index(fields=["plan", "status", "deadline"], name="action_plan_status_deadline"),
            models.Index(fields=["plan", "rag"], name="action_plan_rag"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key_outcome", "number"], name="action_number_unique_in_outcome"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_is_known"
            ),
            models.CheckConstraint(condition=Q(rag__in=Rag.values), name="action_rag_is_known"),
            # Blue means complete, and complete means Blue.
            models.CheckConstraint(
                condition=Q(status="complete", rag="blue")
                | (~Q(status="complete") & ~Q(rag="blue")),
                name="action_blue_iff_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def rag_tag_class(self) -> str:
        return RAG_TAG_CLASSES[self.rag]

    @property
    def status_tag_class(self) -> str:
        return self.STATUS_TAG_CLASSES[self.status]

    @property
    def latest_update(self) -> ProgressUpdate | None:
        """The newest update; uses the plan page's prefetch when present."""
        if hasattr(self, "latest_updates"):
            return self.latest_updates[0] if self.latest_updates else None
        return self.updates.order_by("-created_at", "-pk").first()

    @property
    def first_deadline_change(self) -> DeadlineChange | None:
        """The earliest change: its old value is the deadline the plan first set."""
        changes = list(self.deadline_changes.all())
        return min(changes, key=lambda change: (change.changed_at, change.pk)) if changes else None

    def is_overdue(self, *, on: datetime.date) -> bool:
        return self.status == self.Status.OPEN and self.deadline is not None and self.deadline < on


class ProgressUpdate(models.Model):
    """What an officer reported on an action in a period, with a rating; never edited."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
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

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="deadline_changes")
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
