"""The person's choice of reminder emails in a council, and "chase now" on a plan."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.views import View
from django.views.generic import FormView

from actionplans import permissions
from actionplans.reminders.chase import plan_chase
from actionplans.reminders.preferences import reminder_preference_set, weekly_digest_chosen
from actionplans.views import PlanMixin
from core.forms import PageForm
from core.text import counted
from strategies.scoping import CouncilMixin

SELECT_HOW = "Select how you want to hear about actions that need an update"


class ReminderPreferenceForm(PageForm):
    submit_label = "Save"

    how = forms.ChoiceField(
        label="How do you want to hear about actions that need an update?",
        choices=[
            ("separate", "A reminder before each update deadline, and a chaser after it"),
            ("digest", "One weekly digest of every action still to update"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": SELECT_HOW, "invalid_choice": SELECT_HOW},
    )

    def layout(self) -> list:
        return [Field.radios("how", legend_size=Size.MEDIUM)]


class ReminderPreferenceView(CouncilMixin, FormView):
    template_name = "actionplans/person_form.html"
    form_class = ReminderPreferenceForm

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        return super().post(request, *args, **kwargs)

    def _check(self) -> None:
        if not permissions.can_choose_reminders(self.council_role):
            raise PermissionDenied("Only people who report on actions are sent reminders.")

    def get_initial(self):
        return {"how": "digest" if weekly_digest_chosen(self.council_role) else "separate"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "page_title": "Reminder emails",
            "caption": self.organisation.name,
            "intro": "When actions of the leads you act for have no update for the current "
            f"reporting period, Pledge emails you about them. This choice is for "
            f"{self.organisation.name} only.",
            "trail": self.trail(),
        }

    def form_valid(self, form):
        digest = form.cleaned_data["how"] == "digest"
        reminder_preference_set(council_role=self.council_role, weekly_digest=digest)
        messages.success(
            self.request,
            "You will get one weekly digest"
            if digest
            else "You will get a reminder before each deadline and a chaser after it",
        )
        return HttpResponseRedirect(reverse("actionplans:my-actions"))


class PlanChaseView(PlanMixin, View):
    """POST only: send the plan's chasers now, at most once a day, and say how many people
    were emailed (or, pressed again, when it was done)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        if not permissions.can_chase(self.council_role):
            raise PermissionDenied("Your role cannot chase updates.")
        result = plan_chase(plan=plan, chased_by=request.user)
        when = formats.date_format(timezone.localtime(result.chased_at), "j F Y \\a\\t H:i")
        if not result.chased:
            messages.info(
                request,
                f"This plan was already chased today, on {when}. You can chase it again tomorrow.",
            )
        elif not result.delivered:  # called inside an outer transaction: sent on its commit
            people = result.people_claimed
            message = f"Chasers are being sent to {counted(people, 'person')}"
            messages.success(request, message)
        else:
            people = result.people_emailed
            message = f"Chasers sent to {counted(people, 'person')}"
            if result.report.failed:
                failed = len(result.report.failed)
                message += f"; {failed} could not be sent (the error is logged)"
            messages.success(request, message)
        return HttpResponseRedirect(
            reverse(
                "actionplans:plan-detail", kwargs={"org": self.organisation.slug, "pk": plan.pk}
            )
        )
