"""Boards, their members, their meetings and the agenda of each meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q

from actionplans.models import ActionPlan
from strategies.models import Organisation


class BoardQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> BoardQuerySet:
        return self.filter(organisation=organisation)

    def for_board_list(self) -> BoardQuerySet:
        """Each board with its plans and how many members and meetings it has."""
        return self.annotate(
            member_count=Count("memberships", distinct=True),
            meeting_count=Count("meetings", distinct=True),
        ).prefetch_related(Prefetch("plans", queryset=ActionPlan.objects.order_by("title")))


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

    def dates_of_plan(self, plan: ActionPlan) -> list:
        """The days the boards that oversee `plan` meet: what its periods align to."""
        return list(self.filter(board__plans=plan).order_by("date").values_list("date", flat=True))

    def for_meeting_page(self) -> MeetingQuerySet:
        """A meeting with its board and its agenda, each item with the plans it covers."""
        return self.select_related("board__organisation").prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.prefetch_related(
                    Prefetch("plans", queryset=ActionPlan.objects.order_by("title"))
                ),
            )
        )


class Meeting(models.Model):
    """A meeting of a board, with its agenda and papers."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
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

    def pack_plans(self) -> models.QuerySet[ActionPlan]:
        """The plans a pack for this meeting may cover: the board's, and those on its agenda."""
        return (
            ActionPlan.objects.filter(Q(boards=self.board_id) | Q(agenda_items__meeting=self))
            .distinct()
            .select_related("strategy")
            .order_by("title")
        )

    def default_pack_plans(self) -> list[ActionPlan]:
        """The agenda's plans when it names any, else every plan the board oversees whose
        strategy is not superseded (ActionPlanQuerySet.current): the pack may still be asked
        for a superseded one (pack_plans)."""
        on_agenda = {plan.pk: plan for item in self.agenda_items.all() for plan in item.plans.all()}
        if on_agenda:
            return sorted(on_agenda.values(), key=lambda plan: plan.title)
        return list(self.board.plans.current().select_related("strategy").order_by("title"))


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
