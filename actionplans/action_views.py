"""The pages that keep a plan's actions: adding one, changing its wording, reference, leads
and principles, moving it to another key outcome, reordering it, and carrying a plan's
unfinished actions into a new plan. Plan owners and administrators use them; the rules are
actionplans/action_setup.py's. Each object in the address is looked up within the council
first, so another council's is a 404 before any role is checked.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View

from actionplans.action_setup import (
    action_add,
    action_edit,
    action_move,
    action_reorder,
    council_leads,
    plan_carry_over,
)
from actionplans.models import Action, ActionPlan, ActionStatus, KeyOutcome
from actionplans.services import StaleActionError
from actionplans.setup_forms import ActionEditForm, ActionForm, ActionMoveForm, CarryOverForm
from actionplans.setup_views import PlanPartMixin, part_of_council, plan_crumbs, plan_setup_url
from core.breadcrumbs import Crumb, crumb
from core.forms import ID_RANGE
from core.text import counted
from strategies.permissions import can_keep_plans
from strategies.scoping import CouncilMixin
from strategies.setup_views import SetupFormView


class ActionPageMixin:
    """A page that changes the action in the address: an open action of the council."""

    def get_subject(self) -> Action:
        return get_object_or_404(
            Action.objects.for_organisation(self.organisation).select_related(
                "plan__strategy__organisation", "key_outcome"
            ),
            pk=self.kwargs["pk"],
        )

    def caption(self) -> str:
        return f"Action {self.subject.label}"

    def subject_trail(self) -> list[Crumb]:
        action = self.subject
        return [
            *plan_crumbs(action.plan)[:2],
            crumb(
                f"Action {action.label}",
                "actionplans:action-detail",
                self.organisation.slug,
                action.pk,
            ),
        ]

    def get_success_url(self) -> str:
        return reverse(
            "actionplans:action-detail",
            kwargs={"org": self.organisation.slug, "pk": self.subject.pk},
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except StaleActionError:
            form.add_error(None, STALE)
            return self.form_invalid(form)


STALE = (
    "Someone changed this action after you opened this page. Check what it says now and save again."
)


class ActionCreateView(SetupFormView):
    page_title = "Add an action"
    form_class = ActionForm

    def get_subject(self) -> KeyOutcome:
        return part_of_council(self, KeyOutcome, self.kwargs["pk"])

    def caption(self) -> str:
        return f"Key outcome {self.subject.number}: {self.subject.title}"

    def subject_trail(self) -> list[Crumb]:
        return plan_crumbs(self.subject.plan)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"leads": council_leads(self.organisation)}

    def save(self, form) -> str:
        self.action = action_add(
            key_outcome=self.subject, added_by=self.request.user, **form.cleaned_data
        )
        return f"Action {self.action.label} added"

    def get_success_url(self) -> str:
        return plan_setup_url(self.subject.plan)


class ActionEditView(ActionPageMixin, SetupFormView):
    page_title = "Change the action"
    form_class = ActionEditForm
    intro = (
        "The timeline keeps what it said before, who changed it and when. Its progress "
        "updates stay as they were written."
    )

    def get_form_kwargs(self):
        leads = council_leads(self.organisation, self.subject)
        return super().get_form_kwargs() | {"leads": leads}

    def get_initial(self):
        action = self.subject
        return {
            "description": action.description,
            "reference": action.reference,
            "leads": list(action.leads.all()),
            "principles": list(action.care_principles.all()),
            "version": action.version,
        }

    def save(self, form) -> str:
        data = form.cleaned_data
        action_edit(
            action=self.subject,
            changed_by=self.request.user,
            description=data["description"],
            reference=data["reference"],
            leads=data["leads"],
            principles=data["principles"],
            expected_version=data["version"],
        )
        return "Action saved"


class ActionMoveView(ActionPageMixin, SetupFormView):
    page_title = "Move to another key outcome"
    form_class = ActionMoveForm

    def get_form_kwargs(self):
        others = self.subject.plan.key_outcomes.exclude(pk=self.subject.key_outcome_id)
        return super().get_form_kwargs() | {"key_outcomes": others.order_by("number")}

    def get_initial(self):
        return {"version": self.subject.version}

    def save(self, form) -> str:
        action = action_move(
            action=self.subject,
            moved_by=self.request.user,
            key_outcome=form.cleaned_data["key_outcome"],
            expected_version=form.cleaned_data["version"],
        )
        return f"Action moved to key outcome {action.key_outcome.number}"


class ActionReorderView(CouncilMixin, View):
    """POST only, from the plan's set-up page: "up" or "down" within its key outcome."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = get_object_or_404(
            Action.objects.for_organisation(self.organisation).select_related("plan__strategy"),
            pk=kwargs["pk"],
        )
        if not can_keep_plans(self.council_role):
            raise PermissionDenied("Your role cannot do this.")
        direction = request.POST.get("direction")
        if direction not in {"up", "down"}:
            return HttpResponseBadRequest("Say whether to move the action up or down.")
        action_reorder(action=action, moved_by=request.user, up=direction == "up")
        url = plan_setup_url(action.plan)
        return HttpResponseRedirect(f"{url}#key-outcome-{action.key_outcome_id}")


class PlanCarryOverView(PlanPartMixin, SetupFormView):
    """Start a plan from an earlier one: choose the plan (`?from=`), then where each of its
    key outcomes' unfinished actions go (actionplans.action_setup.plan_carry_over)."""

    page_title = "Carry over unfinished actions"
    form_class = CarryOverForm
    intro = (
        "Each unfinished action is copied under the key outcome you choose, keeping a link "
        "to its history. In the earlier plan it is marked no longer needed, saying where it went."
    )

    def from_plan(self) -> ActionPlan | None:
        """The plan in the address (`?from=`), whose key outcomes the form maps (the form
        posts back to the same address), or the one a POST that maps key outcomes names."""
        posted = self.request.POST
        maps = any(name.startswith("outcome_") for name in posted)
        asked = self.request.GET.get("from") or (posted.get("from_plan") if maps else None)
        if not asked or not str(asked).isdigit() or int(asked) not in ID_RANGE:
            return None
        return self.other_plans().filter(pk=int(asked)).first()

    def other_plans(self):
        return (
            ActionPlan.objects.for_organisation(self.organisation)
            .exclude(pk=self.subject.pk)
            .select_related("strategy__organisation")
            .order_by("title")
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs() | {"plans": self.other_plans()}
        earlier = self.from_plan()
        if earlier is not None:
            kwargs["initial"] = {"from_plan": earlier.pk}
            kwargs["from_outcomes"] = (
                earlier.key_outcomes.annotate(
                    open_actions=Count("actions", filter=Q(actions__status=ActionStatus.OPEN))
                )
                .filter(open_actions__gt=0)
                .order_by("number")
            )
            kwargs["into_outcomes"] = self.subject.key_outcomes.order_by("number")
        return kwargs

    def form_valid(self, form):
        chosen = form.cleaned_data["from_plan"]
        if chosen != self.from_plan():  # a plan chosen: now where its actions go
            return HttpResponseRedirect(f"{self.request.path}?from={chosen.pk}")
        return super().form_valid(form)

    def save(self, form) -> str:
        carried = plan_carry_over(
            from_plan=form.cleaned_data["from_plan"],
            into_plan=self.subject,
            mapping=form.mapping(self.subject.key_outcomes.all()),
            carried_by=self.request.user,
        )
        return f"{counted(len(carried), 'unfinished action')} carried over"
