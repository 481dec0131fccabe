"""Dashboards: one plan's (ratings, changes since the last pack, trend, exceptions, measures)
and a council's live plans side by side. Every role of the council may read them.

A plan's dashboard reads every action and update of the plan; on a plan of 5,000 actions that
is over a hundred milliseconds. Its rendered body is therefore kept in Django's cache under a
key that changes with everything the services change (see plan_version), the last issued
pack, the date and what was asked for, and for DASHBOARD_CACHE_SECONDS at most, so an edit
made outside the services (a title changed in the admin, say) shows within that time.
Set PLEDGE_DASHBOARD_CACHE_SECONDS = 0 to turn the cache off.
"""

from __future__ import annotations

import datetime
import hashlib

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, OuterRef, Subquery, Value
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import TemplateView

from actionplans.filters import DATE_FORMATS
from actionplans.models import Action, ActionPlan, MeasureValue, ReportingPeriod
from governance.dashboard import council_dashboard, last_issued_pack, plan_dashboard
from governance.models import BoardPack
from strategies.models import ChangeRecord
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


def plan_version(plan: ActionPlan) -> tuple[str, int | None]:
    """A key that changes whenever a service changes what the dashboard shows, and the id
    of the plan's last issued pack, in one query.

    Every service write leaves an audit record in the council, so the newest record's id
    moves with each update, deadline change or closure; the newest ids of the plan's actions
    and periods, its periods' count and locks, and the council's measure values catch what
    is added without one (seeding, imports, the admin). Deletions and renames in the admin
    show when the cache entry expires.
    """
    council = plan.strategy.organisation_id

    def newest(queryset):  # by the primary key's index, backwards: one row read
        return Subquery(queryset.order_by("-pk").values("pk")[:1])

    def summed(queryset, **aggregates):
        grouped = queryset.order_by().annotate(one=Value(1)).values("one")
        return Subquery(grouped.annotate(**aggregates).values(*aggregates)[:1])

    periods = ReportingPeriod.objects.filter(plan=OuterRef("pk"))
    values = MeasureValue.objects.filter(measure__organisation=council)
    row = (
        ActionPlan.objects.filter(pk=plan.pk)
        .annotate(
            v_change=newest(ChangeRecord.objects.filter(organisation=council)),
            v_action=newest(Action.objects.filter(plan=OuterRef("pk"))),
            v_periods=summed(periods, n=Count("pk")),
            v_period=newest(periods),
            v_locked=summed(periods, last=Max("locked_at")),
            v_values=summed(values, n=Count("pk")),
            v_value=newest(values),
            v_pack=Subquery(
                BoardPack.objects.filter(
                    plans=OuterRef("pk"), issued_at__isnull=False, status=BoardPack.Status.READY
                )
                .order_by("-issued_at", "-pk")
                .values("pk")[:1]
            ),
        )
        .values_list(
            "title",
            "v_change",
            "v_action",
            "v_periods",
            "v_period",
            "v_locked",
            "v_values",
            "v_value",
            "v_pack",
        )
        .get()
    )
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32], row[-1]


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
        chosen = form.moment()
        limit = None if self.request.GET.get("show") == "all" else PAGE_LIMIT
        context.update(plan=plan, strategy=plan.strategy, since_form=form)

        def body() -> str:
            pack = last_issued_pack(plan)
            dashboard = plan_dashboard(
                plan, on=today, since=chosen or pack, limit=limit, heading_level=2
            )
            more = {"dashboard": dashboard, "last_pack": pack, "show_all_url": self._show_all_url()}
            return render_to_string("governance/dashboard.html#body", context | more)

        seconds = getattr(settings, "PLEDGE_DASHBOARD_CACHE_SECONDS", DASHBOARD_CACHE_SECONDS)
        if not seconds or form.errors:
            context["body"] = body()
            return context
        version, pack_id = plan_version(plan)
        asked = (today, chosen, pack_id, limit, self._show_all_url())
        key = f"pledge:dashboard:{plan.pk}:{version}:{hash_of(asked)}"
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
