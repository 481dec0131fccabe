from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from actionplans.models import Action, ActionPlan
from strategies.models import Organisation


class BoardQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> BoardQuerySet:
        return self.filter(organisation=organisation)


class Board(models.Model):
    """A board, panel, group or young people's council that oversees or shapes the plans."""

    class Kind(models.TextChoices):
        BOARD = "board", "Corporate parenting board"
        PANEL = "panel", "Corporate parenting panel"
        IMPLEMENTATION_GROUP = "implementation_group", "Implementation group"
        CHILDREN_IN_CARE_COUNCIL = "children_in_care_council", "Children in care council"
        FORUM = "forum", "Care leavers forum"
        MANAGEMENT_TEAM = "management_team", "Management team"
        PARTNER_BOARD = "partner_board", "Partner board"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(blank=True)
    plans = models.ManyToManyField(
        ActionPlan, blank=True, related_name="boards", help_text="The plans this body oversees."
    )
    source = models.CharField(max_length=200, blank=True)

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="board_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's seat on a board, with their role there."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        YOUNG_PEOPLE = "young_people", "Young people's representative"
        OFFICER = "officer", "Officer"
        PARTNER = "partner", "Partner"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["board", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["board", "user"], name="one_seat_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}), {self.board}"


class MeetingQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> MeetingQuerySet:
        return self.filter(board__organisation=organisation)

    def upcoming(self, *, on) -> MeetingQuerySet:
        return self.filter(date__gte=on).order_by("date")


class Meeting(models.Model):
    """A meeting of a board, with its agenda and papers."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    date_text = models.CharField(
        max_length=100, blank=True, help_text="The date in the source's own words."
    )
    title = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=200, blank=True)
    is_demo = models.BooleanField(default=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["board", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["board", "date"], name="one_meeting_per_board_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.board}, {self.date:%-d %B %Y}"


class AgendaItem(models.Model):
    """A report on a meeting's agenda and what it asks members to do."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    author_role = models.CharField(max_length=200, blank=True)
    actions_asked = models.TextField("actions asked of members", blank=True)
    summary = models.TextField(blank=True)
    plans = models.ManyToManyField(ActionPlan, blank=True, related_name="agenda_items")
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_number_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class BoardPack(models.Model):
    """The papers printed for a meeting: a frozen snapshot of the plans and its PDF."""

    class Part(models.TextChoices):
        PART_I = "I", "Part I (public)"
        PART_II = "II", "Part II (exempt)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    version = models.PositiveSmallIntegerField(default=1)
    part = models.CharField(max_length=2, choices=Part.choices, default=Part.PART_I)
    plans = models.ManyToManyField(ActionPlan, related_name="board_packs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    snapshot = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(upload_to="board-packs/%Y/", blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="pack_version_unique"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="pack_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"Board pack v{self.version}, {self.meeting}"


class Recommendation(models.Model):
    """Something a board asked for, with who owns it and when it is due, until closed."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="recommendations")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    text = models.TextField()
    owner = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    actions = models.ManyToManyField(Action, blank=True, related_name="recommendations")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["board", "created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class RecommendationUpdate(models.Model):
    """A note on a recommendation's progress; the trail until it is closed."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
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


class VoiceItemQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> VoiceItemQuerySet:
        return self.filter(organisation=organisation)


class VoiceItem(models.Model):
    """ "You said": something young people asked for, where and when they said it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="voice_items"
    )
    board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.SET_NULL, related_name="voice_items"
    )
    said = models.TextField()
    theme = models.CharField(max_length=200, blank=True)
    raised_at = models.CharField(max_length=300, blank=True, help_text="The event or body.")
    raised_on = models.DateField(null=True, blank=True)
    date_text = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=200, blank=True)

    objects = VoiceItemQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "theme", "pk"]

    def __str__(self) -> str:
        return self.said[:80]


class Response(models.Model):
    """ "We did": the council's plain-words answer to a voice item, and the actions behind it."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "Under way"
        DONE = "done", "Done"
        NOT_POSSIBLE = "not_possible", "Not possible"

    voice_item = models.ForeignKey(VoiceItem, on_delete=models.CASCADE, related_name="responses")
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    actions = models.ManyToManyField(Action, blank=True, related_name="voice_responses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["voice_item", "-created_at"]

    def __str__(self) -> str:
        return self.text[:80]
