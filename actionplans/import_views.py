"""The pages of a plan import, for the council's plan owners and administrators: upload,
preview (with the columns to correct), confirm. Nothing reaches the plan's tables before the
confirmation; see actionplans/imports.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.generic import FormView

from actionplans import permissions
from actionplans.import_forms import ColumnsForm, PlanUploadForm
from actionplans.importing.readers import Format
from actionplans.imports import (
    ImportFailed,
    plan_import_confirm,
    plan_import_preview,
    plan_import_remap,
    plan_import_upload,
)
from actionplans.models import PlanImport
from core.breadcrumbs import crumb
from core.text import counted
from strategies.scoping import CouncilMixin

ACTIONS_PER_PAGE = 100
# Warnings and errors shown on the page; a file with more says how many more there are.
MESSAGES_SHOWN = 100


class ImportMixin(CouncilMixin):
    """A page of the import: the PlanImport in the URL is looked up within the council first
    (another council's is a 404), then the person's role is checked (403)."""

    def check_role(self) -> None:
        if not permissions.can_import_plans(self.council_role):
            raise PermissionDenied("Only plan owners and administrators can import a plan.")

    def get_plan_import(self) -> PlanImport:
        if not hasattr(self, "plan_import"):
            self.plan_import = get_object_or_404(
                PlanImport.objects.for_organisation(self.organisation).select_related(
                    "strategy", "plan"
                ),
                pk=self.kwargs["pk"],
            )
            self.check_role()
        return self.plan_import

    def upload_trail(self):
        return self.trail(
            crumb("Import a plan", "actionplans:import-upload", self.organisation.slug)
        )


class PlanImportUploadView(ImportMixin, FormView):
    template_name = "actionplans/plan_import_form.html"
    form_class = PlanUploadForm

    def get(self, request, *args, **kwargs):
        self.check_role()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_role()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"organisation": self.organisation}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "trail": self.trail(),
            "recent": PlanImport.objects.for_organisation(self.organisation)
            .select_related("plan", "uploaded_by")
            .defer("data")[:10],
        }

    def form_valid(self, form):
        uploaded = form.cleaned_data["file"]
        plan_import = plan_import_upload(
            organisation=self.organisation,
            uploaded_by=self.request.user,
            file_name=uploaded.name or "plan",
            data=form.data_read,
            file_format=form.file_format,
            plan_title=form.cleaned_data["plan_title"],
            strategy=form.chosen_strategy(),
        )
        return HttpResponseRedirect(preview_url(plan_import))


def preview_url(plan_import: PlanImport) -> str:
    return reverse(
        "actionplans:import-preview",
        kwargs={"org": plan_import.organisation.slug, "pk": plan_import.pk},
    )


class PlanImportPreviewView(ImportMixin, FormView):
    """What the import would create, with the columns as read for the person to correct,
    then the button that imports it. An import already done goes to its plan."""

    template_name = "actionplans/plan_import_detail.html"
    form_class = ColumnsForm

    def get(self, request, *args, **kwargs):
        if self.get_plan_import().plan_id:
            return HttpResponseRedirect(plan_url(self.plan_import))
        if self.plan_import.is_reading:
            return self.reading()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.get_plan_import().plan_id:
            return HttpResponseRedirect(plan_url(self.plan_import))
        if self.plan_import.is_reading:
            return HttpResponseRedirect(preview_url(self.plan_import))
        return super().post(request, *args, **kwargs)

    def reading(self):
        """While the file is read in the background: how far it has got, and a way to look
        again (no page refreshes itself: a screen reader would lose its place)."""
        return render(
            self.request,
            "actionplans/plan_import_reading.html",
            {
                "plan_import": self.plan_import,
                "format_name": Format.NAMES.get(self.plan_import.format, self.plan_import.format),
                "trail": self.upload_trail(),
                "organisation": self.organisation,
            },
        )

    def get_preview(self):
        if not hasattr(self, "preview"):
            self.preview = plan_import_preview(self.get_plan_import())
        return self.preview

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"columns": self.get_preview().columns}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.helper.form_action = preview_url(self.get_plan_import())
        return form

    def form_valid(self, form):
        plan_import_remap(plan_import=self.get_plan_import(), mapping=form.mapping())
        return HttpResponseRedirect(preview_url(self.plan_import))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.request.GET.get("page")
        return (
            context
            | preview_context(self.get_plan_import(), self.get_preview(), page)
            | {"trail": self.upload_trail()}
        )


def preview_context(plan_import: PlanImport, preview, page_number: str | None) -> dict:
    """What the preview page shows of `preview`: a page of its actions, its counts and
    its first warnings and errors."""
    paginator = Paginator(preview.actions, ACTIONS_PER_PAGE)
    try:
        page = paginator.page(int(page_number or 1))
    except (ValueError, InvalidPage) as error:
        raise Http404(f"There is no page {page_number} of this preview") from error
    leads = preview.leads
    matched = len([lead for lead in leads if lead in preview.matched_leads])
    return {
        "plan_import": plan_import,
        "preview": preview,
        "counts": preview.counts,
        "format_name": Format.NAMES.get(plan_import.format, plan_import.format),
        "new_leads": len(leads) - matched,
        "matched_leads": matched,
        "actions": page.object_list,
        "page_obj": page,
        "errors": preview.errors[:MESSAGES_SHOWN],
        "errors_more": max(len(preview.errors) - MESSAGES_SHOWN, 0),
        "warnings": preview.warnings[:MESSAGES_SHOWN],
        "warnings_more": max(len(preview.warnings) - MESSAGES_SHOWN, 0),
    }


def plan_url(plan_import: PlanImport) -> str:
    return reverse(
        "actionplans:plan-detail",
        kwargs={"org": plan_import.organisation.slug, "pk": plan_import.plan_id},
    )


class PlanImportConfirmView(PlanImportPreviewView):
    """POST only: import the file. A second press finds it imported and goes to the plan;
    a refusal shows the preview again with the reason."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if self.get_plan_import().is_reading:
            return HttpResponseRedirect(preview_url(self.plan_import))
        try:
            done, imported = plan_import_confirm(
                plan_import=self.get_plan_import(), actor=request.user
            )
        except (ValidationError, ImportFailed) as error:
            self.plan_import.refresh_from_db()
            words = error.messages if isinstance(error, ValidationError) else [str(error)]
            form = self.form_class(columns=self.get_preview().columns)
            form.helper.form_action = preview_url(self.plan_import)
            return self.render_to_response(self.get_context_data(form=form, confirm_errors=words))
        if imported:
            count = done.plan.actions.count()
            messages.success(
                request, f"{done.plan.title} is imported, with {counted(count, 'action')}"
            )
        else:
            messages.info(request, "This file was already imported: this is its plan")
        return HttpResponseRedirect(plan_url(done))
