"""A meeting's board packs: build one, preview the next, download and issue them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from core.forms import add_service_errors
from governance import permissions
from governance.boards.views import MeetingMixin
from governance.models import BoardPack
from governance.packs.document import PackSpec, pack_context
from governance.packs.forms import PackBuildForm, PackPreviewForm
from governance.packs.issue import board_pack_issue, issue_refusal, periods_to_lock
from governance.packs.request import board_pack_request
from governance.packs.store import PackIssuedError
from governance.views import ManagedFormView
from strategies.scoping import CouncilMixin


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
            pack = board_pack_request(
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
        if not permissions.can_build_packs(self.council_role):
            raise PermissionDenied("Only those who prepare board packs can preview them.")
        form = PackPreviewForm(self.request.GET, plans=meeting.pack_plans())
        if not form.is_valid():
            # An edited address, like a page number past the end of the plan table.
            raise Http404("This meeting's pack has no such plan or part.")
        plans = list(form.cleaned_data["plan"])
        part = form.cleaned_data["part"] or BoardPack.Part.PART_I
        if part == BoardPack.Part.PART_II and not permissions.can_read_exempt(self.council_role):
            raise PermissionDenied("Your role cannot read Part II papers.")
        spec = PackSpec.preview(meeting, plans or meeting.default_pack_plans(), part)
        context.update(pack_context(spec, on=timezone.localdate(), for_print=False))
        context["meeting_url"] = self.meeting_url()
        return context


class PackMixin(CouncilMixin):
    """Resolves the pack in the URL within the council, for those who may read it: drafts
    for those who prepare packs, Part II not for viewers (permissions.can_read_pack)."""

    def get_pack(self) -> BoardPack:
        pack = get_object_or_404(
            BoardPack.objects.for_organisation(self.organisation).select_related(
                "meeting__board__organisation"
            ),
            pk=self.kwargs["pk"],
        )
        if not permissions.can_read_pack(self.council_role, pack):
            raise PermissionDenied("Your role cannot read this board pack.")
        return pack

    def meeting_url(self, pack: BoardPack) -> str:
        url = reverse(
            "governance:meeting-detail",
            kwargs={"org": self.organisation.slug, "pk": pack.meeting_id},
        )
        return url + "#packs"


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


class PackIssueView(PackMixin, TemplateView):
    """Circulate a built pack, once its page has said what that does: the pack is frozen
    and circulated, the periods it reported are closed, and older versions are superseded."""

    template_name = "governance/board_pack_issue.html"

    def get_pack(self) -> BoardPack:
        pack = super().get_pack()
        if not permissions.can_build_packs(self.council_role):
            raise PermissionDenied("Your role cannot issue board packs.")
        return pack

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pack = self.get_pack()
        refusal = str(PackIssuedError(pack).message) if pack.is_issued else issue_refusal(pack)
        older = pack.meeting.packs.filter(part=pack.part, version__lt=pack.version)
        context.update(
            pack=pack,
            meeting=pack.meeting,
            board=pack.meeting.board,
            plans=list(pack.plans.order_by("title")),
            periods=list(periods_to_lock(pack)) if not refusal else [],
            superseding=list(older.order_by("version")),
            refusal=refusal,
            meeting_url=self.meeting_url(pack),
        )
        return context

    def post(self, request, *args, **kwargs):
        pack = self.get_pack()
        try:
            board_pack_issue(pack=pack, issued_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Version {pack.version} of the board pack is issued")
        return HttpResponseRedirect(self.meeting_url(pack))
