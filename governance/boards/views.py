"""Boards and panels: who sits on them, the plans they oversee, and their meetings, with each
meeting's agenda and the recommendations the board makes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, ListView

from actionplans.models import Action
from core.breadcrumbs import crumb
from core.forms import add_service_errors
from governance import permissions
from governance.boards.forms import (
    AgendaItemForm,
    MeetingForm,
    RecommendationForm,
    RecommendationUpdateForm,
)
from governance.boards.services import (
    agenda_item_add,
    meeting_schedule,
    recommendation_record,
    recommendation_update_add,
)
from governance.models import Board, Meeting, Recommendation
from governance.views import ManagedFormView
from strategies.scoping import CouncilMixin


class BoardListView(CouncilMixin, ListView):
    """The council's boards, panels and young people's councils, with the plans each oversees."""

    template_name = "governance/board_list.html"
    context_object_name = "boards"

    def get_queryset(self):
        return Board.objects.for_organisation(self.organisation).for_board_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trail"] = self.trail()
        return context


class BoardMixin(CouncilMixin):
    """Resolves the board in the URL within the council; another council's is a 404."""

    def get_board(self) -> Board:
        if not hasattr(self, "board"):
            self.board = get_object_or_404(
                Board.objects.for_organisation(self.organisation), pk=self.kwargs["pk"]
            )
        return self.board


class BoardDetailView(BoardMixin, DetailView):
    template_name = "governance/board_detail.html"
    context_object_name = "board"

    def get_object(self, queryset=None):
        return self.get_board()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = self.object
        today = timezone.localdate()
        meetings = board.meetings.order_by("-date")
        context.update(
            memberships=board.memberships.select_related("user").order_by(
                "role", "user__last_name"
            ),
            plans=board.plans.select_related("strategy").order_by("title"),
            upcoming=meetings.filter(date__gte=today).order_by("date"),
            past=meetings.filter(date__lt=today),
            open_recommendations=Recommendation.objects.filter(board=board)
            .open()
            .with_overdue_flag(on=today)
            .select_related("meeting")
            .order_by("due_on", "created_at"),
            today=today,
            can_manage=permissions.can_manage_meetings(self.council_role),
            trail=self.trail(
                crumb("Boards and panels", "governance:board-list", self.organisation.slug)
            ),
        )
        return context


class MeetingCreateView(BoardMixin, ManagedFormView):
    form_class = MeetingForm
    page_title = "Schedule a meeting"

    def get_subject(self):
        return self.get_board()

    def back(self):
        url = reverse(
            "governance:board-detail", kwargs={"org": self.organisation.slug, "pk": self.board.pk}
        )
        return url, f"Back to {self.board.name}"

    def form_valid(self, form):
        try:
            meeting = meeting_schedule(
                board=self.board,
                date=form.cleaned_data["date"],
                title=form.cleaned_data["title"],
                scheduled_by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Meeting scheduled for {meeting.date:%-d %B %Y}")
        return HttpResponseRedirect(
            reverse(
                "governance:meeting-detail",
                kwargs={"org": self.organisation.slug, "pk": meeting.pk},
            )
        )


class MeetingMixin(CouncilMixin):
    """Resolves the meeting in the URL within the council; another council's is a 404."""

    def get_meeting(self) -> Meeting:
        if not hasattr(self, "meeting"):
            self.meeting = get_object_or_404(
                Meeting.objects.for_organisation(self.organisation).for_meeting_page(),
                pk=self.kwargs["pk"],
            )
        return self.meeting

    def meeting_url(self) -> str:
        return reverse(
            "governance:meeting-detail",
            kwargs={"org": self.organisation.slug, "pk": self.get_meeting().pk},
        )


class MeetingDetailView(MeetingMixin, DetailView):
    template_name = "governance/meeting_detail.html"
    context_object_name = "meeting"

    def get_object(self, queryset=None):
        return self.get_meeting()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        can_build = permissions.can_build_packs(self.council_role)
        packs = meeting.packs.with_superseded().select_related("created_by", "issued_by")
        if not can_build:
            packs = packs.issued()  # drafts are for those who prepare packs
        packs = list(packs.prefetch_related("plans"))
        context.update(
            board=meeting.board,
            agenda_items=meeting.agenda_items.all(),
            recommendations=Recommendation.objects.at_meeting(meeting)
            .with_trail()
            .with_overdue_flag(on=timezone.localdate()),
            packs=packs,
            building=any(pack.is_in_progress for pack in packs),
            default_plans=meeting.default_pack_plans(),
            can_manage=permissions.can_manage_meetings(self.council_role),
            can_build=can_build,
            can_read_exempt=permissions.can_read_exempt(self.council_role),
            today=timezone.localdate(),
            trail=self.trail(
                crumb(
                    meeting.board.name,
                    "governance:board-detail",
                    self.organisation.slug,
                    meeting.board.pk,
                )
            ),
        )
        return context


class AgendaItemCreateView(MeetingMixin, ManagedFormView):
    form_class = AgendaItemForm
    page_title = "Add a report to the agenda"

    def get_subject(self):
        return self.get_meeting()

    def back(self):
        return self.meeting_url(), "Back to the meeting"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"plans": self.meeting.pack_plans()}

    def form_valid(self, form):
        try:
            item = agenda_item_add(
                meeting=self.meeting,
                title=form.cleaned_data["title"],
                author_role=form.cleaned_data["author_role"],
                actions_asked=form.cleaned_data["actions_asked"],
                plans=form.cleaned_data["plans"],
                added_by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Item {item.number} added to the agenda")
        return HttpResponseRedirect(self.meeting_url())


class RecommendationCreateView(MeetingMixin, ManagedFormView):
    form_class = RecommendationForm
    page_title = "Record a recommendation"

    def get_subject(self):
        return self.get_meeting()

    def back(self):
        return self.meeting_url(), "Back to the meeting"

    def get_form_kwargs(self):
        actions = Action.objects.filter(
            plan__in=self.meeting.pack_plans().values("pk")
        ).for_choices()
        return super().get_form_kwargs() | {"actions": actions}

    def form_valid(self, form):
        try:
            recommendation_record(
                meeting=self.meeting,
                text=form.cleaned_data["text"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                actions=form.cleaned_data["actions"],
                recorded_by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Recommendation recorded")
        return HttpResponseRedirect(self.meeting_url() + "#recommendations")


class RecommendationUpdateView(CouncilMixin, ManagedFormView):
    form_class = RecommendationUpdateForm
    page_title = "Update a recommendation"

    def get_subject(self):
        if not hasattr(self, "recommendation"):
            self.recommendation = get_object_or_404(
                Recommendation.objects.for_organisation(self.organisation).select_related(
                    "board", "meeting"
                ),
                pk=self.kwargs["pk"],
            )
        return self.recommendation

    def back(self):
        recommendation = self.get_subject()
        if recommendation.meeting_id:
            name, pk = "governance:meeting-detail", recommendation.meeting_id
        else:
            name, pk = "governance:board-detail", recommendation.board_id
        url = reverse(name, kwargs={"org": self.organisation.slug, "pk": pk})
        return url, "Back to the meeting" if recommendation.meeting_id else "Back to the board"

    def get_initial(self):
        return {"status": self.get_subject().status}

    def form_valid(self, form):
        try:
            recommendation_update_add(
                recommendation=self.recommendation,
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                author=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Recommendation updated")
        return HttpResponseRedirect(self.back()[0])
