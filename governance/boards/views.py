"""Boards and panels: who sits on them, the plans they oversee, and their meetings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView

from actionplans.views import add_service_errors
from governance import permissions
from governance.boards.services import meeting_schedule
from governance.forms import MeetingForm
from governance.models import Board, Recommendation
from strategies.scoping import CouncilMixin


class BoardListView(CouncilMixin, ListView):
    """The council's boards, panels and young people's councils, with the plans each oversees."""

    template_name = "governance/board_list.html"
    context_object_name = "boards"

    def get_queryset(self):
        return Board.objects.for_organisation(self.organisation).for_board_list()


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
        )
        return context


class ManagedFormView(FormView):
    """A form only some roles may use: it looks up its object first, then checks the role.

    Subclasses set `page_title` and define `get_subject()` (the object from the URL, looked
    up within the council, so another council's is a 404 before any 403) and `back()`.
    """

    template_name = "governance/form_page.html"
    page_title = ""
    allowed = staticmethod(permissions.can_manage_meetings)

    def get(self, request, *args, **kwargs):
        self._check_permission()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check_permission()
        return super().post(request, *args, **kwargs)

    def _check_permission(self) -> None:
        self.get_subject()
        if not self.allowed(self.council_role):
            raise PermissionDenied("Your role cannot do this.")

    def get_subject(self):
        raise NotImplementedError

    def back(self) -> tuple[str, str]:
        """(url, words) for the back link, which is also where a saved form returns to."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        back_url, back_text = self.back()
        context.update(
            page_title=self.page_title,
            caption=str(self.get_subject()),
            back_url=back_url,
            back_text=back_text,
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
