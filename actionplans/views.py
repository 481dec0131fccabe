from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView, TemplateView

from actionplans import permissions
from actionplans.filters import filter_form_html, plan_action_filter
from actionplans.forms import ActionCloseForm, DeadlineChangeForm, ProgressUpdateForm
from actionplans.models import Action, ActionPlan, ActionStatus
from actionplans.paths import ActionPaths
from actionplans.periods import update_counts_for
from actionplans.services import (
    StaleActionError,
    action_close,
    action_deadline_change,
    progress_update_record,
)
from actionplans.timeline import action_timeline
from core.breadcrumbs import crumb
from core.forms import add_service_errors
from core.pages import KeptPageMixin
from strategies.models import ChangeRecord, Organisation
from strategies.people import administrators_of
from strategies.permissions import can_keep_plans
from strategies.scoping import CouncilMixin


class PlanMixin(CouncilMixin):
    """Resolves the plan in the URL within the council; another council's plan is a 404."""

    def get_plan(self) -> ActionPlan:
        if not hasattr(self, "plan"):
            self.plan = get_object_or_404(
                ActionPlan.objects.for_organisation(self.organisation).select_related("strategy"),
                pk=self.kwargs["pk"],
            )
        return self.plan


class ActionPlanDetailView(KeptPageMixin, PlanMixin, TemplateView):
    """The plan as councils know it: key outcome, action, lead, by when, progress, RAG.

    The same for every role of the council, so what it renders is kept under the council's
    data revision (core.pages.KeptPageMixin).
    """

    template_name = "actionplans/actionplan_detail.html"
    paginate_by = 50

    def render_page(self, context: dict, today) -> dict:
        """A 404 for another council's plan or a page number past the end."""
        plan = self.get_plan()
        # The same rows, order and prefetching as the plan's downloads (actionplans.exports).
        filterset = plan_action_filter(self.request.GET, plan=plan, today=today)
        paginator = Paginator(filterset.qs, self.paginate_by)
        number = self.request.GET.get("page") or 1
        try:
            page = paginator.page(paginator.num_pages if number == "last" else int(number))
        except (ValueError, InvalidPage) as error:
            raise Http404(f"There is no page {number} of this table") from error
        actions = list(page.object_list)
        paths = ActionPaths(self.organisation.slug)
        for action in actions:
            action.url = paths(action.pk)
        context = context | {
            "plan": plan,
            "strategy": plan.strategy,
            "filter": filterset,
            "filter_form": filter_form_html(filterset),
            "period": filterset.period,
            "filtered": bool(self.request.GET.keys() - {"page", "sort"}),
            "today": today,
            "actions": actions,
            "page_obj": page,
            "trail": self.trail(
                crumb(
                    plan.strategy.title,
                    "strategies:strategy-detail",
                    self.organisation.slug,
                    plan.strategy.pk,
                )
            ),
        }
        title = f"{'Error: ' if filterset.form.errors else ''}{plan.title}"
        parts = self.page_parts(title, context)
        # Above the owners' links and chase button, which are not kept.
        parts["head"] = render_to_string(f"{self.template_name}#page-head", context, self.request)
        return parts

    def get_context_data(self, **kwargs):
        # Outside what is kept: the same for every role, but for these links and button.
        return super().get_context_data(**kwargs) | {
            "can_chase": permissions.can_chase(self.council_role),
            "can_keep": can_keep_plans(self.council_role),
            "plan_pk": self.kwargs["pk"],
        }


class ActionMixin(CouncilMixin):
    """Resolves the action in the URL within the council."""

    def get_action(self) -> Action:
        if not hasattr(self, "action"):
            self.action = get_object_or_404(
                Action.objects.for_organisation(self.organisation).for_action_page(),
                pk=self.kwargs["pk"],
            )
        return self.action

    def reload_action(self) -> Action:
        del self.action
        return self.get_action()


class ActionDetailView(ActionMixin, DetailView):
    template_name = "actionplans/action_detail.html"
    context_object_name = "action"

    def get_object(self, queryset=None):
        return self.get_action()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.object
        today = timezone.localdate()
        # Every change, however many: the page is where the audit trail is read.
        history = list(ChangeRecord.objects.for_object(action))
        context.update(
            plan=action.plan,
            strategy=action.plan.strategy,
            timeline=action_timeline(action, history),
            history=history,
            can_keep=can_keep_plans(self.council_role) and action.status == ActionStatus.OPEN,
            overdue=action.is_overdue(on=today),
            can_update=permissions.can_update_action(self.council_role, action),
            can_close=permissions.can_close_action(self.council_role, action),
            trail=self.trail(
                crumb(
                    action.plan.title,
                    "actionplans:plan-detail",
                    self.organisation.slug,
                    action.plan.pk,
                )
            ),
        )
        return context


def changes_since(action: Action, seen_version: int) -> tuple[list[ChangeRecord], object]:
    """The audit records of the changes made after `seen_version`, newest first, and the
    newest progress update among them (None if they added none)."""
    count = min(max(action.version - seen_version, 0), 20)
    records = list(ChangeRecord.objects.for_object(action)[:count]) if count else []
    if not records:
        return records, None
    since = min(record.at for record in records)
    newest = next((update for update in action.updates.all() if update.created_at >= since), None)
    return records, newest


class ActionFormView(ActionMixin, FormView):
    """An officer's change to one action, refused when the action moved on since the form opened.

    When someone else changed the action after the form was opened, or the answers
    contradict the facts, the form comes back with everything typed kept and what changed
    or looks wrong shown on one page, and saves only when the person saves again. What
    they were shown (the action's version and the warnings) travels with the form, so
    the next save needs another look if either has moved on.
    """

    template_name = "actionplans/action_form.html"
    permission_check = staticmethod(permissions.can_update_action)
    # The role alone: a form posted after the action was closed comes back with the
    # service's refusal and the typed answers, rather than a bare 403 that loses them.
    role_check = staticmethod(permissions.reports_on_action)
    page_title = ""
    success_message = ""

    def get(self, request, *args, **kwargs):
        self._check_permission(self.permission_check)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check_permission(self.role_check)
        return super().post(request, *args, **kwargs)

    def _check_permission(self, check) -> None:
        if not check(self.council_role, self.get_action()):
            raise PermissionDenied("You cannot change this action.")

    def get_initial(self):
        return {"version": self.get_action().version}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.get_action()
        context.update(
            action=action,
            plan=action.plan,
            strategy=action.plan.strategy,
            page_title=self.page_title,
        )
        return context

    def get_success_url(self):
        return reverse(
            "actionplans:action-detail",
            kwargs={"org": self.organisation.slug, "pk": self.get_action().pk},
        )

    def form_valid(self, form):
        seen = form.cleaned_data["version"]
        action = self.get_action()
        warnings = form.warnings(action, today=timezone.localdate())
        if seen != action.version or not form.confirms({w.code for w in warnings}):
            return self.confirm(form, warnings=warnings, seen_version=seen)
        try:
            self.save(form, expected_version=seen)
        except StaleActionError:
            # Someone saved between this request reading the action and locking it.
            action = self.reload_action()
            warnings = form.warnings(action, today=timezone.localdate())
            return self.confirm(form, warnings=warnings, seen_version=seen)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def confirm(self, form, *, warnings, seen_version: int):
        """Show the form again, data kept, with what needs a second look; save on confirm."""
        action = self.get_action()
        codes = {warning.code for warning in warnings}
        data = form.data.copy()
        data["version"] = str(action.version)
        data["confirmed"] = form.confirmation(action.version, codes)
        again = self.get_form_class()(data=data, **self.form_kwargs_extra())
        again.is_valid()
        stale = seen_version != action.version
        other_changes, their_update = changes_since(action, seen_version) if stale else ([], None)
        return self.render_to_response(
            self.get_context_data(
                form=again,
                warnings=[warning.message for warning in warnings],
                stale=stale,
                other_changes=other_changes,
                their_update=their_update,
            )
        )

    def form_kwargs_extra(self) -> dict:
        return {}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | self.form_kwargs_extra()


class ProgressUpdateCreateView(ActionFormView):
    page_title = "Add a progress update"
    form_class = ProgressUpdateForm
    success_message = "Progress update saved"

    def form_kwargs_extra(self) -> dict:
        return {"plan": self.get_action().plan}

    def get_context_data(self, **kwargs):
        period, reported = update_counts_for(self.get_action().plan, on=timezone.localdate())
        return super().get_context_data(**kwargs) | {"period": period, "reported": reported}

    def save(self, form, *, expected_version: int) -> None:
        # The service decides the period when it saves (under a lock): what the page said,
        # unless a board pack was issued in between, when the update counts for the next.
        progress_update_record(
            action=self.get_action(),
            author=self.request.user,
            narrative=form.cleaned_data["narrative"],
            rag=form.cleaned_data["rag"],
            complete=form.cleaned_data["complete"],
            expected_version=expected_version,
        )


class DeadlineChangeView(ActionFormView):
    page_title = "Change the deadline"
    form_class = DeadlineChangeForm
    success_message = "Deadline changed"

    def save(self, form, *, expected_version: int) -> None:
        action_deadline_change(
            action=self.get_action(),
            changed_by=self.request.user,
            new_text=form.cleaned_data["new_text"],
            reason=form.cleaned_data["reason"],
            expected_version=expected_version,
        )


class ActionCloseView(ActionFormView):
    page_title = "Mark as no longer needed"
    form_class = ActionCloseForm
    success_message = "Action marked as no longer needed"
    permission_check = staticmethod(permissions.can_close_action)
    role_check = staticmethod(permissions.decides_on_action)

    def save(self, form, *, expected_version: int) -> None:
        action_close(
            action=self.get_action(),
            closed_by=self.request.user,
            reason=form.cleaned_data["reason"],
            expected_version=expected_version,
        )


class MyActionsView(ListView):
    """The signed-in officer's queue across their councils: needing an update first."""

    template_name = "actionplans/my_actions.html"
    context_object_name = "actions"
    paginate_by = 50

    def get_queryset(self):
        return Action.objects.for_my_actions(
            self.request.user, on=timezone.localdate(), roles=permissions.REPORTING_ROLES
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Where the person can choose one weekly digest instead of reminders and chasers.
        context["reminder_councils"] = Organisation.objects.filter(
            roles__user=self.request.user, roles__role__in=permissions.REPORTING_ROLES
        ).order_by("name")
        if not context["actions"]:
            # Who can attach them to a lead: their councils' administrators, by name.
            councils = Organisation.objects.visible_to(self.request.user)
            context["administrators"] = administrators_of(councils)
        return context
