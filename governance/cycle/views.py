"""A plan's reporting periods page, and the plan owner's changes to its cycle: the cadence,
a period's update deadline, and pausing reminders for a period or a lead."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from actionplans.cycle import (
    lead_reminders_pause,
    plan_cadence_set,
    reporting_period_deadline_change,
    reporting_period_reminders_pause,
)
from actionplans.models import ActionPlan, Lead, ReportingPeriod
from actionplans.permissions import can_set_reporting_cycle
from core.breadcrumbs import crumb
from core.forms import add_service_errors
from core.text import counted
from governance.cycle.forms import CadenceForm, PeriodDeadlineForm
from governance.models import Meeting
from governance.views import ManagedFormView
from strategies.scoping import CouncilMixin


class PlanCycleMixin(CouncilMixin):
    """Resolves the plan (or the period) in the URL within the council: another council's
    is a 404 before any role is checked."""

    def get_plan(self) -> ActionPlan:
        if not hasattr(self, "plan"):
            self.plan = get_object_or_404(
                ActionPlan.objects.for_organisation(self.organisation).select_related("strategy"),
                pk=self.kwargs["pk"],
            )
        return self.plan

    def periods_url(self, plan: ActionPlan) -> str:
        return reverse(
            "governance:plan-periods", kwargs={"org": self.organisation.slug, "pk": plan.pk}
        )


def period_status(period: ReportingPeriod, current: ReportingPeriod | None, today) -> str:
    if period.is_locked:
        return "Reported"
    if current is not None and period.pk == current.pk:
        return "Current"
    if period.starts_on > today:
        return "Upcoming"
    return "Over, not reported"


class PlanPeriodsView(PlanCycleMixin, TemplateView):
    """The plan's cadence, its periods with their deadlines, and whose reminders are paused.
    Every role of the council reads it; plan owners and administrators change it."""

    template_name = "governance/plan_periods.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.get_plan()
        today = timezone.localdate()
        periods = list(plan.periods.order_by("starts_on"))
        current = ReportingPeriod.current_of(periods, today)
        days = plan.reminder_days_before
        reminded = settings.PLEDGE_REMINDER_DAYS_BEFORE if days is None else days
        can_manage = can_set_reporting_cycle(self.council_role)
        after = " (before the board meets)" if plan.cadence == ActionPlan.Cadence.MEETINGS else ""
        context.update(
            plan=plan,
            periods=[(period, period_status(period, current, today)) for period in periods],
            leads=Lead.objects.filter(actions__plan=plan).distinct().order_by("name"),
            due_before=f"{counted(plan.update_deadline_days, 'day')} before the period ends{after}",
            reminded=f"{counted(reminded, 'day')} before the update deadline",
            reminder_days_default=days is None,
            can_manage=can_manage,
            cadence_url=reverse(
                "governance:plan-cadence", kwargs={"org": self.organisation.slug, "pk": plan.pk}
            )
            if can_manage
            else "",
            trail=self.trail(
                crumb(plan.title, "actionplans:plan-detail", self.organisation.slug, plan.pk)
            ),
        )
        return context


class PlanCadenceView(PlanCycleMixin, ManagedFormView):
    allowed = staticmethod(can_set_reporting_cycle)
    form_class = CadenceForm
    page_title = "Reporting cadence"

    def get_subject(self):
        return self.get_plan()

    def back(self):
        return self.periods_url(self.plan), "Back to the reporting periods"

    def get_initial(self):
        plan = self.get_plan()
        return {
            "cadence": plan.cadence,
            "update_deadline_days": plan.update_deadline_days,
            "reminder_days_before": plan.reminder_days_before,
        }

    def form_valid(self, form):
        plan = self.get_plan()
        cadence = form.cleaned_data["cadence"]
        try:
            change = plan_cadence_set(
                plan=plan,
                cadence=cadence,
                update_deadline_days=form.cleaned_data["update_deadline_days"],
                reminder_days_before=form.cleaned_data["reminder_days_before"],
                meeting_dates=Meeting.objects.dates_of_plan(plan)
                if cadence == ActionPlan.Cadence.MEETINGS
                else None,
                changed_by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        added, removed = len(change.added), len(change.removed)
        message = f"Reporting cadence saved: {counted(added, 'period')} added"
        if removed:
            message += f", {removed} not yet begun replaced"
        messages.success(self.request, message)
        return HttpResponseRedirect(self.periods_url(plan))


class PeriodMixin(CouncilMixin):
    def get_period(self) -> ReportingPeriod:
        if not hasattr(self, "period"):
            self.period = get_object_or_404(
                ReportingPeriod.objects.filter(
                    plan__strategy__organisation=self.organisation
                ).select_related("plan__strategy"),
                pk=self.kwargs["pk"],
            )
        return self.period

    def periods_url(self) -> str:
        return reverse(
            "governance:plan-periods",
            kwargs={"org": self.organisation.slug, "pk": self.get_period().plan_id},
        )


class PeriodDeadlineView(PeriodMixin, ManagedFormView):
    allowed = staticmethod(can_set_reporting_cycle)
    form_class = PeriodDeadlineForm
    page_title = "Change the update deadline"

    def get_subject(self):
        period = self.get_period()
        return f"{period.plan.title}: {period.name}"

    def back(self):
        return self.periods_url(), "Back to the reporting periods"

    def get_initial(self):
        return {"deadline": self.get_period().update_deadline}

    def form_valid(self, form):
        period = self.get_period()
        try:
            reporting_period_deadline_change(
                period=period, deadline=form.cleaned_data["deadline"], changed_by=self.request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Updates for {period.name} are now due by {period.update_deadline:%-d %B %Y}",
        )
        return HttpResponseRedirect(self.periods_url())


def _paused(request) -> bool | None:
    """The button's answer: "yes" pauses, "no" resumes; anything else is malformed."""
    return {"yes": True, "no": False}.get(request.POST.get("paused", ""))


class PeriodRemindersView(PeriodMixin, View):
    """POST only: pause or resume every email about one period."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        period = self.get_period()
        if not can_set_reporting_cycle(self.council_role):
            raise PermissionDenied("Your role cannot do this.")
        paused = _paused(request)
        if paused is None:
            return HttpResponseBadRequest("Send paused=yes or paused=no.")
        reporting_period_reminders_pause(period=period, paused=paused, changed_by=request.user)
        state = "paused" if paused else "resumed"
        messages.success(request, f"Reminders {state} for {period.name}")
        return HttpResponseRedirect(self.periods_url())


class LeadRemindersView(PlanCycleMixin, View):
    """POST only: pause or resume reminders and chasers to one lead's officers."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        lead = get_object_or_404(
            Lead.objects.for_organisation(self.organisation), pk=kwargs["lead"]
        )
        if not can_set_reporting_cycle(self.council_role):
            raise PermissionDenied("Your role cannot do this.")
        paused = _paused(request)
        if paused is None:
            return HttpResponseBadRequest("Send paused=yes or paused=no.")
        lead_reminders_pause(lead=lead, paused=paused, changed_by=request.user)
        state = "paused" if paused else "resumed"
        messages.success(request, f"Reminders {state} for {lead.name}")
        return HttpResponseRedirect(self.periods_url(plan))
