"""Dashboards: one plan's (ratings, changes since the last pack, trend, exceptions, measures)
and a council's live plans side by side. Every role of the council may read them.

A plan's dashboard reads every action and update of the plan; on a plan of 5,000 actions that
is a quarter of a second. What it renders is therefore kept in Django's cache under the
council's data revision (core.pages), which moves with every committed change to the
council's data, and reused for the same plan, query string and date.
"""

from __future__ import annotations

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from actionplans.models import ActionPlan
from core.breadcrumbs import Crumb, crumb
from core.forms import DATE_FORMATS, submit_button
from core.pages import KeptPageMixin
from governance.dashboard import council_dashboard, last_issued_pack, plan_dashboard
from strategies.scoping import CouncilMixin

# The most rows a breakdown shows before "show all" (the pack prints them all).
PAGE_LIMIT = 25


class SinceForm(forms.Form):
    """The date to compare the plan with, when there is no board pack or to look further back."""

    since = forms.DateField(
        label="Compare with the plan as it was on",
        help_text="For example, 1/10/2026",
        required=False,
        input_formats=DATE_FORMATS,
        # crispy-forms-gds styles text inputs only; a DateInput would be left unstyled.
        widget=forms.TextInput,
        error_messages={"invalid": "Enter a real date, for example 1/10/2026"},
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("since", field_width=10),
            submit_button("compare", "Compare", "govuk-button--secondary"),
        )

    def clean_since(self):
        since = self.cleaned_data["since"]
        if since is not None and since > self.today:
            raise forms.ValidationError("The date must be today or in the past")
        return since

    def moment(self) -> datetime.datetime | None:
        """The start of the chosen day, when a valid date was chosen."""
        if not self.is_bound or not self.is_valid() or self.cleaned_data["since"] is None:
            return None
        day = self.cleaned_data["since"]
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class PlanDashboardView(KeptPageMixin, CouncilMixin, TemplateView):
    """How a plan is doing, what got worse and what needs the board's attention.

    The same for every role of the council, so what it renders is kept under the council's
    data revision (core.pages.KeptPageMixin).
    """

    template_name = "governance/dashboard.html"
    title = "Dashboard"
    # The most rows each list of changes or exceptions shows before "show all" or the plan
    # table: few, so the page stays short enough to read before a meeting.
    limit = 5

    def render_page(self, context: dict, today: datetime.date) -> dict:
        """A 404 for another council's plan."""
        plan = get_object_or_404(
            ActionPlan.objects.for_organisation(self.organisation).select_related(
                "strategy__organisation"
            ),
            pk=self.kwargs["pk"],
        )
        form = SinceForm(self.request.GET if "since" in self.request.GET else None, today=today)
        chosen = form.moment()
        limit = None if self.request.GET.get("show") == "all" else self.limit
        pack = last_issued_pack(plan)
        context = context | {
            "plan": plan,
            "strategy": plan.strategy,
            "since_form": form,
            "dashboard": plan_dashboard(
                plan, on=today, since=chosen or pack, limit=limit, heading_level=2
            ),
            "last_pack": pack,
            "show_all_url": self._show_all_url(),
            "trail": self.trail(*self.crumbs(plan)),
        }
        return self.page_parts(
            f"{'Error: ' if form.errors else ''}{self.title}: {plan.title}", context
        )

    def crumbs(self, plan: ActionPlan) -> list[Crumb]:
        return [
            crumb("Dashboard", "governance:council-dashboard", self.organisation.slug),
            crumb(plan.title, "actionplans:plan-detail", self.organisation.slug, plan.pk),
        ]

    def _show_all_url(self) -> str:
        query = self.request.GET.copy()
        query["show"] = "all"
        return f"?{query.urlencode()}"


class PlanBreakdownView(PlanDashboardView):
    """A plan's trend and its ratings by objective or section, key outcome and lead."""

    template_name = "governance/dashboard_breakdown.html"
    title = "Trend and breakdown"
    limit = PAGE_LIMIT

    def crumbs(self, plan: ActionPlan) -> list[Crumb]:
        slug = self.organisation.slug
        return [
            *super().crumbs(plan),
            crumb("Plan dashboard", "governance:plan-dashboard", slug, plan.pk),
        ]


class CouncilDashboardView(CouncilMixin, TemplateView):
    """A council's live plans side by side, with its measures."""

    template_name = "governance/council_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dashboard"] = council_dashboard(self.organisation, on=timezone.localdate())
        context["trail"] = self.trail()
        return context
