"""Actions and their history: progress updates and deadline changes."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Upper
from django.utils import timezone

if TYPE_CHECKING:
    from collections.abc import Iterable

from actionplans.models.history import DeadlineChange, ProgressUpdate
from actionplans.models.plans import (
    RAG_TAG_CLASSES,
    ActionPlan,
    KeyOutcome,
    Lead,
    Rag,
    ReportingPeriod,
    search_text,
    superseded_q,
)
from strategies.models import CarePrinciple, Organisation

# An action's place in its plan: its key outcome's number, then its own number under it.
PLAN_ORDER = ("key_outcome__number", "number")
# An action's updates, newest first; of two saved at the same moment, the later written.
NEWEST_FIRST = ("-created_at", "-pk")
# What the plan table and its downloads read of an action's newest update.
NEWEST_UPDATE_FIELDS = ("id", "narrative", "created_at")


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETE = "complete", "Complete"
    NOT_NEEDED = "not_needed", "No longer needed"


# The plan's rules, each written once. The plan table's filters, the dashboards, the
# exceptions, the board pack and the templates all ask these (a template shows the value a
# QuerySet annotated; it never restates a rule). Action.is_overdue is the same rule for one
# action already read; tests/actionplans/test_rules.py holds the two together.


def overdue_q(*, on: datetime.date) -> Q:
    """Open actions whose date has passed: one due today is not yet overdue."""
    return Q(status=ActionStatus.OPEN, deadline__lt=on)


def updated_in_q(periods: Iterable[ReportingPeriod | int]) -> Q:
    """Actions with an update counted in one of `periods` (each plan's current period)."""
    periods = list(periods)
    if not periods:
        return Q(Value(False, output_field=models.BooleanField()))
    return Q(Exists(ProgressUpdate.objects.filter(action=OuterRef("pk"), period__in=periods)))


def not_updated_q(periods: Iterable[ReportingPeriod | int]) -> Q:
    """Open actions with no update in their plan's current period; every open action of a
    plan that has no current period."""
    return Q(status=ActionStatus.OPEN) & ~updated_in_q(periods)


def deadline_moved_q() -> Q:
    """Actions whose deadline has been changed at least once."""
    return Q(Exists(DeadlineChange.objects.filter(action=OuterRef("pk"))))


def action_label(reference: str, outcome_number: int, number: int) -> str:
    """How an action is referred to: the plan's own reference, else its place in the plan
    (its key outcome's number and its number under it, "4.3")."""
    return reference or f"{outcome_number}.{number}"


def as_flag(condition: Q) -> Case:
    """A rule as a true/false column, for a page that shows it beside each row: false, not
    null, where a value it compares is missing (an action with no date is never overdue)."""
    return Case(When(condition, then=Value(True)), default=Value(False))


def period_list(period: ReportingPeriod | None) -> list[ReportingPeriod]:
    return [] if period is None else [period]


class ActionQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> ActionQuerySet:
        return self.filter(plan__strategy__organisation=organisation)

    def of_plan(self, plan: ActionPlan) -> ActionQuerySet:
        """The plan's actions, found through their key outcomes as well. The same rows: an
        action is only ever filed under a key outcome of its own plan (action_setup checks
        it). But PostgreSQL can then read a page in plan order by walking the key outcomes'
        (plan, number) index and stopping after the page, instead of sorting every action
        of a large plan: 11 ms to under 1 ms for the first page of 5,000 actions."""
        return self.filter(plan=plan, key_outcome__plan=plan)

    def for_plan_page(self) -> ActionQuerySet:
        """Everything one row of the plan table (and its downloads, and a board pack's
        table) shows, in a fixed number of queries: the newest update as columns, not
        another query's model instances (about 4 ms of a 35 ms page, rendered afresh)."""
        return (
            self.select_related("key_outcome", "key_outcome__section")
            .with_newest_update()
            .prefetch_related(Prefetch("leads", queryset=Lead.objects.order_by("name")))
            .order_by(*PLAN_ORDER)
        )

    def with_newest_update(
        self, *fields: str, by: datetime.datetime | None = None
    ) -> ActionQuerySet:
        """Annotate `newest_update_<field>` for each of `fields` of each action's newest
        update (made by `by`, when given), None without one; by default what
        `Action.latest_update` gives: its id, narrative and time. A subquery per field and
        action: for a page of rows, not for a query that then filters on a window."""
        newest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by(*NEWEST_FIRST)
        if by is not None:
            newest = newest.filter(created_at__lte=by)
        return self.annotate(
            **{
                f"newest_update_{name}": Subquery(newest.values(name)[:1])
                for name in fields or NEWEST_UPDATE_FIELDS
            }
        )

    def for_choices(self) -> ActionQuerySet:
        """As a form's list of actions shows them: by plan, then in plan order, with what
        their labels read ("1.2 description") and what the services check (the council)."""
        return self.select_related("key_outcome", "plan__strategy").order_by(
            "plan__title", *PLAN_ORDER, "pk"
        )

    def for_action_page(self) -> ActionQuerySet:
        """An action with its leads and whole timeline, in a fixed number of queries."""
        return self.select_related(
            "plan__strategy",
            "key_outcome__section",
            "key_outcome__objective",
            "carried_from__plan",
            "carried_from__key_outcome",
        ).prefetch_related(
            Prefetch("leads", queryset=Lead.objects.order_by("name")),
            Prefetch("carried_to", queryset=Action.objects.select_related("plan", "key_outcome")),
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("author", "period").order_by(
                    *NEWEST_FIRST
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
            ReportingPeriod.objects.filter(plan=OuterRef("plan"))
            .taking_updates(on=on)
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

    def current(self) -> ActionQuerySet:
        """Actions of plans whose strategy has not been superseded (see superseded_q)."""
        return self.exclude(superseded_q("plan__"))

    def for_my_actions(self, user, *, on: datetime.date, roles) -> ActionQuerySet:
        """The actions of the leads this person acts for, in councils where they hold one of
        `roles` (those that report on actions, actionplans.permissions.REPORTING_ROLES): a
        board member or viewer there reads the plan but has nothing to do. Open actions of
        plans whose strategy is superseded are history (superseded_q), not work to do.

        Those needing an update for the current period first, then overdue, then the rest.
        """
        return (
            self.current()
            .filter(
                leads__officers=user,
                plan__strategy__organisation__roles__user=user,
                plan__strategy__organisation__roles__role__in=roles,
                status=ActionStatus.OPEN,
            )
            .distinct()
            .with_period_status(on=on)
            .annotate(
                needs_update=as_flag(
                    Q(current_period_id__isnull=False) & Q(updated_this_period=False)
                ),
                is_late=as_flag(overdue_q(on=on)),
            )
            .select_related("key_outcome", "plan__strategy__organisation")
            .prefetch_related(Prefetch("leads", queryset=Lead.objects.order_by("name")))
            .order_by("-needs_update", "-is_late", F("deadline").asc(nulls_last=True), "pk")
        )

    def matching(self, text: str) -> ActionQuerySet:
        """Actions whose wording, reference, key outcome or leads hold every word of `text`
        (the first ten): the plan table's search and the action pickers' narrowing."""
        queryset = self
        for word in text.split()[:10]:
            # Exists, not a join: a join repeats actions with two leads, and the DISTINCT
            # that removed them sorted every matching row (a third of the search's time).
            lead_named = Lead.objects.filter(actions=OuterRef("pk"), name__icontains=word)
            # As icontains, in capitals on both sides: the database's, for both.
            capitals = Upper(Value(word))
            queryset = queryset.filter(
                Q(search_text__contains=capitals)  # the description and the leads' words
                | Q(reference__iexact=word)
                | Q(key_outcome__search_text__contains=capitals)
                | Exists(lead_named)
            )
        return queryset

    def overdue(self, *, on: datetime.date) -> ActionQuerySet:
        return self.filter(overdue_q(on=on))

    def not_overdue(self, *, on: datetime.date) -> ActionQuerySet:
        return self.exclude(overdue_q(on=on))

    def not_updated_in(self, period: ReportingPeriod | None) -> ActionQuerySet:
        return self.filter(not_updated_q(period_list(period)))

    def deadline_moved(self) -> ActionQuerySet:
        return self.filter(deadline_moved_q())

    def with_overdue_flag(self, *, on: datetime.date) -> ActionQuerySet:
        """Annotate `is_late`: whether each action is overdue on `on`."""
        return self.annotate(is_late=as_flag(overdue_q(on=on)))

    def counted(self) -> ActionQuerySet:
        """The actions a plan's RAG counts, its table (unless asked for a status) and its
        downloads include: all but those no longer needed (retired). Their pages and history
        stay."""
        return self.exclude(status=ActionStatus.NOT_NEEDED)

    def rag_counts(self, *group_by: str) -> QuerySet:
        """Rows of (*group_by, rag, n): how many counted actions have each rating, per group,
        counted by the database."""
        return self.counted().order_by().values_list(*group_by, "rag").annotate(n=Count("pk"))

    def flag_counts(
        self, group_by: str, *, on: datetime.date, periods: Iterable[ReportingPeriod | int]
    ) -> QuerySet:
        """Per group (such as "plan_id"), how many are no longer needed, overdue,
        not updated in their plan's current period (one of `periods`), and have a moved
        deadline: the plan table's filters of the same names count the same."""
        counts = {
            "not_needed": Count("pk", filter=Q(status=ActionStatus.NOT_NEEDED)),
            "overdue": Count("pk", filter=overdue_q(on=on)),
            "not_updated": Count("pk", filter=not_updated_q(periods)),
            "deadline_moved": Count("pk", filter=deadline_moved_q()),
        }
        return self.order_by().values(group_by).annotate(**counts)


class Action(models.Model):
    """A promise the council makes under a key outcome, owned by one or more leads."""

    Status = ActionStatus

    STATUS_TAG_CLASSES = {
        Status.OPEN: "govuk-tag--teal",
        Status.COMPLETE: "",  # the default tag: blue
        Status.NOT_NEEDED: "govuk-tag--grey",
    }

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    key_outcome = models.ForeignKey(KeyOutcome, on_delete=models.PROTECT, related_name="actions")
    number = models.PositiveSmallIntegerField(help_text="Order within the key outcome.")
    reference = models.CharField(
        max_length=20,
        blank=True,
        help_text='The plan\'s own reference for the action, such as "1.1" or "4.3".',
    )
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
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
        help_text="The unfinished action of an earlier plan this one carries on.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    search_text = search_text("description", "leads_text")

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", *PLAN_ORDER]
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
    def leads_line(self) -> str:
        """The action's leads on one line, "; " between them, or the lead as the source plan
        wrote it when none is recorded: as the downloads, the pack and the exceptions print
        them. Reads `leads.all()`, so prefetch them for a list of actions."""
        return "; ".join(lead.name for lead in self.leads.all()) or self.leads_text

    @property
    def label(self) -> str:
        """How the action is referred to (action_label)."""
        return action_label(self.reference, self.key_outcome.number, self.number)

    @property
    def rag_tag_class(self) -> str:
        return RAG_TAG_CLASSES[self.rag]

    @property
    def status_tag_class(self) -> str:
        return self.STATUS_TAG_CLASSES[self.status]

    @property
    def latest_update(self) -> ProgressUpdate | None:
        """The newest update: from `with_newest_update`'s columns when read with them (its
        other fields then load when first used, as any deferred field), else a query."""
        if not hasattr(self, "newest_update_id"):
            return self.updates.order_by(*NEWEST_FIRST).first()
        if self.newest_update_id is None:
            return None
        known = {name: getattr(self, f"newest_update_{name}") for name in NEWEST_UPDATE_FIELDS}
        known["action_id"] = self.pk
        # from_db takes the values in the order of the model's fields.
        names = [f.attname for f in ProgressUpdate._meta.concrete_fields if f.attname in known]
        return ProgressUpdate.from_db(self._state.db, names, [known[name] for name in names])

    @property
    def first_deadline_change(self) -> DeadlineChange | None:
        """The earliest change: its old value is the deadline the plan first set."""
        changes = list(self.deadline_changes.all())
        return min(changes, key=lambda change: (change.changed_at, change.pk)) if changes else None

    def is_overdue(self, *, on: datetime.date) -> bool:
        return self.status == self.Status.OPEN and self.deadline is not None and self.deadline < on
