"""Plans and their structure: the plan, its sections, reporting periods, key outcomes, leads."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Concat, Upper

from strategies.models import Objective, Organisation, Strategy


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

# Worst first: the order of every count, chart segment, legend, table column and sort, with
# Not yet rated last. The first four are the ladder a rating moves up or down a step on.
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.NOT_RATED)
RAG_LADDER = RAG_ORDER[:4]


def rag_rank() -> Case:
    """An action's place in RAG_ORDER, for sorting worst first in the database."""
    whens = [When(rag=rag, then=Value(rank)) for rank, rag in enumerate(RAG_ORDER)]
    return Case(*whens, default=Value(len(RAG_ORDER)), output_field=IntegerField())


def superseded_q(plan: str = "") -> Q:
    """Whether the plan at `plan` (a path ending "__", or "" for the plan itself) belongs to a
    superseded strategy. Such a plan is history: it keeps its pages and its record, but
    officers are no longer asked for its updates (My actions, reminders) and a board pack
    leaves it out unless asked. The one home of that rule: ActionPlanQuerySet.current,
    ActionQuerySet.current and ReportingPeriodQuerySet.of_current_plans call it."""
    return Q(**{f"{plan}strategy__status": Strategy.Status.SUPERSEDED})


class ActionPlanQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> ActionPlanQuerySet:
        return self.filter(strategy__organisation=organisation)

    def current(self) -> ActionPlanQuerySet:
        """Plans whose strategy has not been superseded (see superseded_q)."""
        return self.exclude(superseded_q())

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
        MEETINGS = "meetings", "Aligned to the board's meetings"
        NOT_SET = "", "Not set"

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="action_plans")
    title = models.CharField(max_length=300)
    cadence = models.CharField(
        "reporting cadence", max_length=20, choices=Cadence.choices, blank=True
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        "days before the update deadline to remind officers",
        null=True,
        blank=True,
        help_text="Leave empty for the deployment's default (PLEDGE_REMINDER_DAYS_BEFORE).",
    )
    update_deadline_days = models.PositiveSmallIntegerField(
        "days before a period ends that updates are due",
        default=14,
        help_text="For periods aligned to the board's meetings, days before the meeting.",
    )
    chased_at = models.DateTimeField(
        null=True, blank=True, help_text="When a plan owner last pressed \u201cchase now\u201d."
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

    def of_current_plans(self) -> ReportingPeriodQuerySet:
        """Periods of plans whose strategy has not been superseded (see superseded_q)."""
        return self.exclude(superseded_q("plan__"))

    def taking_updates(self, *, on: datetime.date) -> ReportingPeriodQuerySet:
        """Open periods an update made on `on` may count for, earliest first: the first is
        the current period. That is the latest period that has begun, or, once that one has
        been reported to the board (locked), the next open one after it; before any has
        begun, the first. An open period with a later period begun after it is over."""
        begun_after = ReportingPeriod.objects.filter(
            plan=OuterRef("plan"), starts_on__lte=on, starts_on__gt=OuterRef("starts_on")
        )
        return self.open().filter(~Exists(begun_after)).order_by("starts_on")

    def current(self, *, on: datetime.date) -> ReportingPeriod | None:
        """The period updates now count for (see taking_updates)."""
        return self.taking_updates(on=on).first()

    def due_by(self, *, on: datetime.date) -> ReportingPeriodQuerySet:
        """Open periods whose update deadline (or, without one, whose end) is on or before
        `on`: what a board pack built on `on` reports, and locks when it is issued."""
        return self.open().filter(
            Q(update_deadline__lte=on) | Q(update_deadline__isnull=True, ends_on__lte=on)
        )


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
    reminders_paused = models.BooleanField(
        default=False, help_text="No reminders, chasers or digests are sent for this period."
    )
    is_demo = models.BooleanField(default=False)
    # The moment its actions' closing ratings (ClosingRating) are recorded as of: the end of
    # the period. Empty until they are, and again when history dated by then is written.
    ratings_as_of = models.DateTimeField(null=True, blank=True, editable=False)

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

    @staticmethod
    def current_of(periods: list[ReportingPeriod], on: datetime.date) -> ReportingPeriod | None:
        """As ReportingPeriod.objects.current(on=...), from periods already read."""
        latest = ReportingPeriod.latest_begun(periods, on)
        taking = [
            period
            for period in periods
            if not period.is_locked and (latest is None or period.starts_on >= latest.starts_on)
        ]
        return min(taking, key=lambda period: period.starts_on, default=None)

    @staticmethod
    def latest_begun(periods: list[ReportingPeriod], on: datetime.date) -> ReportingPeriod | None:
        """The latest period that has begun, locked or not: the period by the calendar."""
        begun = [period for period in periods if period.starts_on <= on]
        return max(begun, key=lambda period: period.starts_on, default=None)


def search_text(*fields: str) -> models.GeneratedField:
    """A column the database keeps of `fields` in capitals, one to a line, for the plan
    table's search (ActionQuerySet.matching): upper-casing every action's words on every
    search took most of a 5,000-action search's time (24 ms a scan on the bench's plan,
    9 ms reading this). A search word has no spaces, so it never spans two fields."""
    texts = [item for field in fields for item in (Value("\n"), field)][1:]
    joined = Concat(*texts, output_field=models.TextField()) if len(texts) > 1 else texts[0]
    return models.GeneratedField(
        expression=Upper(joined),
        output_field=models.TextField(),
        db_persist=True,
    )


class KeyOutcome(models.Model):
    """An outcome the plan aims for, delivered through one or more actions."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="key_outcomes")
    section = models.ForeignKey(
        PlanSection, null=True, blank=True, on_delete=models.PROTECT, related_name="key_outcomes"
    )
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="key_outcomes"
    )
    number = models.PositiveSmallIntegerField()
    title = models.TextField()
    source = models.CharField(max_length=200, blank=True)
    search_text = search_text("title")

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

    def active(self) -> LeadQuerySet:
        """Leads that may be given actions and officers: not retired (nor merged away)."""
        return self.filter(retired_at__isnull=True)


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
    reminders_paused = models.BooleanField(
        default=False,
        help_text="Its officers are sent no reminders or chasers, for any of the council's plans.",
    )
    source = models.CharField(max_length=200, blank=True)
    retired_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when the lead is retired or merged into another; it keeps its history.",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text="The lead its actions and officers moved to, when it was merged.",
    )

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="lead_name_unique"),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(retired_at__isnull=False),
                name="lead_merged_is_retired",
            ),
        ]

    def __str__(self) -> str:
        return self.name
