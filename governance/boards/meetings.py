"""A meeting: its agenda, the board's recommendations and the packs built for it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView, View

from actionplans.models import Action
from actionplans.views import add_service_errors
from governance import permissions
from governance.boards.services import (
    agenda_item_add,
    board_pack_build,
    board_pack_issue,
    recommendation_record,
    recommendation_update_add,
)
from governance.boards.views import ManagedFormView
from governance.forms import (
    AgendaItemForm,
    PackBuildForm,
    RecommendationForm,
    RecommendationUpdateForm,
)
from governance.models import BoardPack, Meeting, Recommendation
from governance.packs.document import PackSpec, pack_context
from strategies.scoping import CouncilMixin


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
        packs = list(
            meeting.packs.select_related("created_by", "issued_by").prefetch_related("plans")
        )
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
            can_build=permissions.can_build_packs(self.council_role),
            can_read_exempt=permissions.can_read_exempt(self.council_role),
            today=timezone.localdate(),
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


class PackBuildView(MeetingMixin, ManagedFormView):
    """Choose the plans and the part, then build; the meeting page shows the progress."""

    form_class = PackBuildForm
    page_title = "Build the board pack"
    allowed = staticmethod(permissions.can_build_packs)

    def get_subject(self):
        return self.get_meeting()

    def back(self):
        return self.meeting_url(), "Back to the meeting"

    def get_initial(self):
        return {"plans": self.meeting.default_pack_plans(), "part": BoardPack.Part.PART_I}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"plans": self.meeting.pack_plans()}

    def form_valid(self, form):
        try:
            pack = board_pack_build(
                meeting=self.meeting,
                plans=form.cleaned_data["plans"],
                part=form.cleaned_data["part"],
                requested_by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        # With the in-process task backend the pack is already built by now.
        pack.refresh_from_db()
        if pack.status == BoardPack.Status.READY:
            messages.success(self.request, f"Version {pack.version} of the board pack is ready")
        elif pack.status == BoardPack.Status.FAILED:
            messages.error(self.request, f"Version {pack.version} could not be built")
        else:
            messages.success(
                self.request, f"Version {pack.version} of the board pack is being built"
            )
        return HttpResponseRedirect(self.meeting_url() + "#packs")


class PackPreviewView(MeetingMixin, TemplateView):
    """The next pack as it would be built now, as a web page: the same partial as the PDF."""

    template_name = "governance/board_pack_preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.get_meeting()
        chosen = self.request.GET.getlist("plan")
        plans = list(meeting.pack_plans().filter(pk__in=chosen)) if chosen else []
        part = self.request.GET.get("part", BoardPack.Part.PART_I)
        if part not in BoardPack.Part.values:
            part = BoardPack.Part.PART_I
        if part == BoardPack.Part.PART_II and not permissions.can_read_exempt(self.council_role):
            raise PermissionDenied("Your role cannot read Part II papers.")
        spec = PackSpec.preview(meeting, plans or meeting.default_pack_plans(), part)
        context.update(pack_context(spec, on=timezone.localdate(), for_print=False))
        context["meeting_url"] = self.meeting_url()
        return context


class PackMixin(CouncilMixin):
    """Resolves the pack in the URL within the council; Part II only for those who may read it."""

    def get_pack(self) -> BoardPack:
        pack = get_object_or_404(
            BoardPack.objects.for_organisation(self.organisation).select_related(
                "meeting__board__organisation"
            ),
            pk=self.kwargs["pk"],
        )
        if pack.part == BoardPack.Part.PART_II and not permissions.can_read_exempt(
            self.council_role
        ):
            raise PermissionDenied("Your role cannot read Part II papers.")
        return pack


class PackDownloadView(PackMixin, View):
    """The stored PDF, named for the council, board, meeting date and version."""

    def get(self, request, *args, **kwargs):
        pack = self.get_pack()
        if pack.status != BoardPack.Status.READY or not pack.pdf:
            raise Http404("This pack has not been built.")
        return FileResponse(
            pack.pdf.open("rb"),
            as_attachment=True,
            filename=pack.file_name,
            content_type="application/pdf",
        )


class PackIssueView(PackMixin, View):
    """Circulate a built pack: from then on it is the record and never changes."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pack = self.get_pack()
        if not permissions.can_build_packs(self.council_role):
            raise PermissionDenied("Your role cannot issue board packs.")
        try:
            board_pack_issue(pack=pack, issued_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Version {pack.version} of the board pack is issued")
        url = reverse(
            "governance:meeting-detail",
            kwargs={"org": self.organisation.slug, "pk": pack.meeting_id},
        )
        return HttpResponseRedirect(url + "#packs")
