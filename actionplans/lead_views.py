"""The council's leads: the list (with open actions and officers counted), adding, renaming,
merging and retiring, for plan owners and administrators (strategies.permissions).

Each lead is looked up within the council in the address, so another council's is a 404
before any role is checked. The rules are actionplans/leads.py's.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from actionplans.leads import lead_add, lead_merge, lead_rename, lead_retire, leads_for_page
from actionplans.models import Lead
from actionplans.setup_forms import LeadForm, LeadMergeForm, LeadRetireForm
from core.breadcrumbs import Crumb, crumb
from strategies.permissions import can_keep_plans
from strategies.scoping import CouncilMixin
from strategies.setup_views import SetupFormView


class LeadListView(CouncilMixin, TemplateView):
    template_name = "actionplans/lead_list.html"

    def get(self, request, *args, **kwargs):
        if not can_keep_plans(self.council_role):
            raise PermissionDenied("Your role cannot do this.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "leads": leads_for_page(self.organisation),
            "trail": self.trail(),
        }


class LeadFormView(SetupFormView):
    """A change to one lead of the council (or a new one); saved, back to the list."""

    def get_subject(self):
        if "pk" not in self.kwargs:
            return self.organisation
        return get_object_or_404(
            Lead.objects.for_organisation(self.organisation).select_related("organisation"),
            pk=self.kwargs["pk"],
        )

    def subject_trail(self) -> list[Crumb]:
        return [crumb("Leads", "actionplans:lead-list", self.organisation.slug)]

    def get_success_url(self) -> str:
        return reverse("actionplans:lead-list", kwargs={"org": self.organisation.slug})


class LeadCreateView(LeadFormView):
    page_title = "Add a lead"
    form_class = LeadForm

    def save(self, form) -> str:
        lead = lead_add(
            organisation=self.organisation, added_by=self.request.user, **form.cleaned_data
        )
        return f"Lead {lead.name} added"


class LeadEditView(LeadFormView):
    page_title = "Rename the lead"
    form_class = LeadForm

    def get_initial(self):
        return {"name": self.subject.name, "kind": self.subject.kind}

    def save(self, form) -> str:
        lead = lead_rename(lead=self.subject, changed_by=self.request.user, **form.cleaned_data)
        return f"Lead {lead.name} saved"


class LeadMergeView(LeadFormView):
    page_title = "Merge into another lead"
    form_class = LeadMergeForm

    def get_form_kwargs(self):
        others = (
            Lead.objects.for_organisation(self.organisation)
            .active()
            .exclude(pk=self.subject.pk)
            .order_by("name")
        )
        return super().get_form_kwargs() | {"leads": others}

    def save(self, form) -> str:
        into = lead_merge(
            lead=self.subject, into=form.cleaned_data["into"], merged_by=self.request.user
        )
        return f"{self.subject.name} merged into {into.name}"


class LeadRetireView(LeadFormView):
    page_title = "Retire the lead"
    form_class = LeadRetireForm
    intro = (
        "A retired lead is no longer offered for actions or officers. Its name stays on "
        "its past actions and their history."
    )

    def form_valid(self, form):
        if form.cleaned_data["sure"] != "yes":
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)

    def save(self, form) -> str:
        lead_retire(lead=self.subject, retired_by=self.request.user)
        return f"{self.subject.name} retired"
