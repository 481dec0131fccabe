from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.text import plural


class Role(models.TextChoices):
    """What a person may do in one council (see README, "Who may do what")."""

    ADMIN = "admin", "Administrator"
    OWNER = "owner", "Plan owner"
    OFFICER = "officer", "Officer"
    BOARD = "board", "Board member"
    VIEWER = "viewer", "Viewer"


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganisationQuerySet:
        """The councils this person holds a role in; nothing for anyone signed out."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(roles__user=user)


class Organisation(models.Model):
    """A council that shares this deployment; its data is seen only by its own people."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    demo_since = models.DateTimeField(
        null=True, blank=True, help_text="When the demonstration layer was added, if it was."
    )
    source = models.CharField(max_length=200, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def data_revision(self) -> int:
        """Moves after every committed change to the council's data (strategies.revisions);
        0 before its first. Read the council with select_related("revision") to save a query."""
        try:
            return self.revision.value
        except CouncilRevision.DoesNotExist:
            return 0


class CouncilRevision(models.Model):
    """How many times the council's data has changed: pages rendered from it are reused until
    it moves (strategies.revisions)."""

    # A row of its own, moved only by strategies.revisions in one UPDATE that adds one, so a
    # copy of the council saved from an older read (an admin form, say) cannot put an older
    # number back.
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="revision"
    )
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.organisation_id} at {self.value}"


class CouncilRoleQuerySet(models.QuerySet):
    def for_user(self, user) -> CouncilRoleQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class CouncilRole(models.Model):
    """The role one person holds in one council."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_roles"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    objects = CouncilRoleQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_role_per_person_per_council"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="council_role_is_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"


class InvitationQuerySet(models.QuerySet):
    def pending(self, *, now=None) -> InvitationQuerySet:
        """Not yet accepted or withdrawn, and not expired."""
        return self.filter(
            used_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class Invitation(models.Model):
    """An email asking a person to take a role in a council, by a link that works once.

    Only the token's SHA-256 digest is kept: the link in the email is the one copy of the
    token, so a copy of the database opens no invitation (strategies/people.py).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations_accepted",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "created_at"], name="invitation_council_when"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_known"),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(accepted_by__isnull=False),
                name="invitation_used_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation of {self.email} as {self.get_role_display()}"

    def state(self, *, now=None) -> str:
        """ "accepted", "withdrawn", "expired" or "pending"."""
        if self.used_at:
            return "accepted"
        if self.withdrawn_at:
            return "withdrawn"
        return "expired" if self.expires_at <= (now or timezone.now()) else "pending"


class StrategyQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> StrategyQuerySet:
        return self.filter(organisation=organisation)

    def for_council_home(self) -> StrategyQuerySet:
        return self.annotate(
            objective_count=models.Count("objectives", distinct=True),
            plan_count=models.Count("action_plans", distinct=True),
        ).order_by("-period_start_year", "title")


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


class Strategy(models.Model):
    """A council's strategy for the children it looks after and its care leavers."""

    Status = StrategyStatus

    STATUS_TAG_CLASSES = {
        Status.DRAFT: "govuk-tag--yellow",
        Status.APPROVED: "govuk-tag--green",
        Status.SUPERSEDED: "govuk-tag--grey",
    }

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="strategies"
    )
    title = models.CharField(max_length=300)
    period_start_year = models.PositiveSmallIntegerField()
    period_end_year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(blank=True)
    objective_label = models.CharField(
        max_length=40,
        default="Objective",
        help_text='What this strategy calls its objectives: "Objective", "Priority", '
        '"Area of focus".',
    )
    decision_maker = models.CharField(max_length=200, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    decision_date_text = models.CharField(
        max_length=100, blank=True, help_text="The decision's date in the source's own words."
    )
    decision_reference = models.CharField(max_length=100, blank=True)
    key_decision = models.BooleanField(null=True, blank=True)
    decision_part = models.CharField(
        max_length=20, blank=True, help_text='"Part I" (public) or "Part II" (exempt).'
    )
    report_by = models.CharField(max_length=200, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    source = models.CharField(max_length=200, blank=True)
    is_demo = models.BooleanField(
        default=False,
        help_text="Added by the demonstration layer, with its plans and everything under them.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StrategyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "strategies"
        ordering = ["organisation__name", "-period_start_year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"], name="strategy_title_unique_in_council"
            ),
            models.CheckConstraint(
                condition=Q(period_end_year__gte=models.F("period_start_year")),
                name="strategy_period_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(status__in=StrategyStatus.values), name="strategy_status_is_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_superseded(self) -> bool:
        """Its plans are kept as history: actionplans.models.plans.superseded_q, read here."""
        return self.status == self.Status.SUPERSEDED

    @property
    def period_display(self) -> str:
        """A strategy's years: "2024 to 2027", or "2026" for a strategy of one year."""
        start, end = self.period_start_year, self.period_end_year
        return str(start) if start == end else f"{start} to {end}"

    @property
    def status_tag_class(self) -> str:
        return self.STATUS_TAG_CLASSES[self.status]

    @property
    def objective_label_plural(self) -> str:
        return plural(self.objective_label)

    @property
    def decision_summary(self) -> str:
        """Who decided and when, leaving out whichever the source does not say."""
        return ", ".join(part for part in (self.decision_maker, self.decision_when) if part)

    @property
    def decision_when(self) -> str:
        return self.decision_date_text or (
            self.decision_date.strftime("%-d %B %Y") if self.decision_date else ""
        )


class Objective(models.Model):
    """One of a strategy's objectives, priorities or areas of focus, with its aim."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="objectives")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    aim = models.TextField(blank=True)
    care_principles = models.ManyToManyField(
        "CarePrinciple",
        blank=True,
        related_name="objectives",
        help_text="The corporate parenting principles this objective serves.",
    )
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"], name="objective_number_unique_in_strategy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class StrategyPrinciple(models.Model):
    """A principle a strategy says underlies it, in its own words."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="principles")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"], name="principle_number_unique_in_strategy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class CarePrinciple(models.Model):
    """One of the seven corporate parenting principles of the Children and Social Work Act 2017."""

    number = models.PositiveSmallIntegerField(unique=True)
    text = models.TextField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class ChangeRecordQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> ChangeRecordQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).select_related("actor")


class ChangeRecord(models.Model):
    """Who changed a piece of a council's plan data, what they changed, and when."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="change_records"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_records",
        help_text="Empty when the change was made by the system (seeding, imports).",
    )
    at = models.DateTimeField(default=timezone.now)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    changes = models.JSONField(
        default=dict, blank=True, help_text="Field name to [old value, new value]."
    )

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="change_object_newest"),
            models.Index(fields=["organisation", "-at"], name="change_council_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or 'system'}: {self.summary}"
