"""Dashboards: one plan's (ratings, changes since the last pack, trend, exceptions, measures)
and a council's live plans side by side. Every role of the council may read them.

A plan's dashboard reads every action and update of the plan; on a plan of 5,000 actions that
is over a hundred milliseconds. Its rendered body is therefore kept in Django's cache under a
key that changes with everything the services change (each action's version, the reporting
periods, the measures' values, the last issued pack, the date and what was asked for), and
for DASHBOARD_CACHE_SECONDS at most, so an edit made outside the services (in the admin, say)
shows within that time. Set PLEDGE_DASHBOARD_CACHE_SECONDS = 0 to turn the cache off.
"""

from __future__ import annotations

import datetime
import hashlib

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import TemplateView

from actionplans.filters import DATE_FORMATS
from actionplans.models import Action, ActionPlan, MeasureValue
from governance.dashboard import council_dashboard, last_issued_pack, plan_dashboard
from strategies.scoping import CouncilMixin

# The most rows a long list shows on the page before "show all" (the pack prints them all).
PAGE_LIMIT = 25
DASHBOARD_CACHE_SECONDS = 60


class SinceForm(forms.Form):
    """The date to compare the plan with, when there is no board pack or to look further back."""

    since = forms.DateField(
        label="Compare with the plan as it was on",
        help_text="For example, 1/10/2026",
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "Enter a real date, for example 1/10/2026"},
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("since", field_width=10),
            Submit("compare", "Compare", css_class="govuk-button--secondary"),
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


def plan_version(plan: ActionPlan) -> str:
    """Changes whenever a service changes what the dashboard shows (three small queries)."""
    actions = Action.objects.filter(plan=plan).aggregate(
        count=Count("pk"), versions=Sum("version"), last=Max("pk"), changed=Max("updated_at")
    )
    periods = list(
        plan.periods.order_by("pk").values_list("pk", "starts_on", "ends_on", "locked_at", "name")
    )
    values = MeasureValue.objects.filter(measure__organisation=plan.strategy.organisation_id)
    measures = values.aggregate(count=Count("pk"), last=Max("pk"))
    text = repr((plan.title, plan.strategy.title, actions, periods, measures))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class PlanDashboardView(CouncilMixin, TemplateView):
    """How a plan is doing, what got worse and what needs the board's attention."""

    template_name = "governance/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = get_object_or_404(
            ActionPlan.objects.for_organisation(self.organisation).select_related(
                "strategy__organisation"
            ),
            pk=self.kwargs["pk"],
        )
        today = timezone.localdate()
        form = SinceForm(self.request.GET if "since" in self.request.GET else None, today=today)
        pack = last_issued_pack(plan)
        chosen = form.moment()
        limit = None if self.request.GET.get("show") == "all" else PAGE_LIMIT
        context.update(plan=plan, strategy=plan.strategy, since_form=form, last_pack=pack)

        def body() -> str:
            dashboard = plan_dashboard(
                plan, on=today, since=chosen or pack, limit=limit, heading_level=2
            )
            return render_to_string(
                "governance/dashboard.html#body",
                context | {"dashboard": dashboard, "show_all_url": self._show_all_url()},
            )

        seconds = getattr(settings, "PLEDGE_DASHBOARD_CACHE_SECONDS", DASHBOARD_CACHE_SECONDS)
        if not seconds or form.errors:
            context["body"] = body()
            return context
        asked = (today, chosen, pack.pk if pack else None, limit, self._show_all_url())
        key = f"pledge:dashboard:{plan.pk}:{plan_version(plan)}:{hash_of(asked)}"
        context["body"] = cache.get(key)
        if context["body"] is None:
            context["body"] = body()
            cache.set(key, context["body"], seconds)
        return context

    def _show_all_url(self) -> str:
        query = self.request.GET.copy()
        query["show"] = "all"
        return f"?{query.urlencode()}"


def hash_of(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


class CouncilDashboardView(CouncilMixin, TemplateView):
    """A council's live plans side by side, with its measures."""

    template_name = "governance/council_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dashboard"] = council_dashboard(self.organisation, on=timezone.localdate())
        return context
