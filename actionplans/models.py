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

from strategies.models import CarePrinciple, Objective, Organisation, Strategy


class Rag(models.TextChoices):
    """A Red/Amber/Green rating, plus Blue for complete and Not yet rated."""

    NOT_RATED = "none", "Not yet rated"
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue (complete)"


# GOV.UK tag classes; the tag always carries the word as well as the colour.
RAG_TAG_CLASSES = {
    Rag.NOT_RATED: "govuk-tag--grey",
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.BLUE: "",  # GOV.UK's default tag is blue; Frontend 6 has no --blue modifier.
}

# Worse to better, for "moved up or down a RAG step".
RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE]


class ActionPlanQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> ActionPlanQuerySet:
        return self.filter(strategy__organisation=organisation)

    def with_action_counts(self) -> ActionPlanQuerySet:
        return self.annotate(action_count=models.Count("actions", distinct=True))


class ActionPlan(models.Model):
    """The plan that breaks a strategy into key outcomes and actions, reviewed by a board."""

    class Cadence(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        TERMLY = "termly", "Termly"
        SIX_MONTHLY = "six_monthly", "Every six months"
        ANNUAL = "annual", "Annually"
        NOT_SET = "", "Not set"

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="action_plans")
    title = models.CharField(max_length=300)
    cadence = models.CharField(
        "reporting cadence", max_length=20, choices=Cadence.choices, blank=True
    )
    red_means = models.TextField("what Red means", blank=True)
    amber_means = models.TextField("what Amber means", blank=True)
    green_means = models.TextField("what Green means", blank=True)
    blue_means = models.TextField("what Blue means", blank=True)
    source = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "title"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "title"], name="plan_title_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self) -> Organisation:
        return self.strategy.organisation

    def rag_definitions(self) -> list[tuple[str, str, str]]:
        """(value, label, meaning) for each colour the plan has defined."""
        pairs = [
            (Rag.RED, self.red_means),
            (Rag.AMBER, self.amber_means),
            (Rag.GREEN, self.green_means),
            (Rag.BLUE, self.blue_means),
        ]
        return [(rag.value, rag.label, text) for rag, text in pairs if text]


class PlanSection(models.Model):
    """A part of a plan that groups key outcomes, such as "Care Leavers"."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    number = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="section_number_unique"),
            models.UniqueConstraint(fields=["plan", "title"], name="section_title_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class ReportingPeriodQuerySet(models.QuerySet):
    def open(self) -> ReportingPeriodQuerySet:
        return self.filter(locked_at__isnull=True)

    def current(self, *, on: datetime.date) -> ReportingPeriod | None:
        """The open period updates now go to: the latest one that has begun."""
        return self.open().filter(starts_on__lte=on).order_by("-starts_on").first()


class ReportingPeriod(models.Model):
    """A round of updates, such as a quarter, with the deadline officers report by."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(max_length=100)
    starts_on = models.DateField()
    ends_on = models.DateField()
    update_deadline = models.DateField(null=True, blank=True)
    locked_at = models.DateTimeField(
        null=True, blank=True, help_text="Set once the period has been reported to the board."
    )
    is_demo = models.BooleanField(default=False)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "starts_on"], name="period_start_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class KeyOutcome(models.Model):
    """An outcome the plan aims for, delivered through one or more actions."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="key_outcomes")
    section = models.ForeignKey(
        PlanSection, null=True, blank=True, on_delete=models.PROTECT, related_name="key_outcomes"
    )
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="key_outcomes"
    )
    number = models.PositiveSmallIntegerField()
    title = models.TextField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="key_outcome_number_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class LeadQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> LeadQuerySet:
        return self.filter(organisation=organisation)


class Lead(models.Model):
    """A service, role, team or partner body that owns actions; officers act for it."""

    class Kind(models.TextChoices):
        SERVICE = "service", "Council service or team"
        ROLE = "role", "Role"
        TEAM = "team", "Team"
        PARTNER = "partner", "Partner body"
        GROUP = "group", "Group or forum"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="leads")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="leads",
        help_text="The people who update actions on this lead's behalf.",
    )
    source = models.CharField(max_length=200, blank=True)

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="lead_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


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
            "care_principles",
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

    def for_my_actions(self, user, *, on: datetime.date) -> ActionQuerySet:
        """The actions of the leads this person acts for, in councils where they hold a role.

        Those needing an update for the current period first, then overdue, then the rest.
        """
        return (
            self.filter(
                leads__officers=user,
                plan__strategy__organisation__roles__user=user,
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


class Measure(models.Model):
    """An indicator the council tracks, such as care leavers in education or work."""

    class Direction(models.TextChoices):
        UP = "up", "Higher is better"
        DOWN = "down", "Lower is better"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="measures"
    )
    strategy = models.ForeignKey(
        Strategy, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=40, blank=True)
    good_direction = models.CharField(max_length=4, choices=Direction.choices)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="measures")
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="measure_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class MeasureValue(models.Model):
    """One dated value of a measure."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    date = models.DateField()
    date_text = models.CharField(max_length=100, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["measure", "date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "date"], name="measure_value_date_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} ({self.date_text or self.date})"
