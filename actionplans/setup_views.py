"""The pages that set up and keep a plan: its page of parts (`plan-setup`), the plan itself,
what its ratings mean, its sections and its key outcomes.

Plan owners and administrators use them (strategies.permissions.can_keep_plans). Each object
in the address is looked up within the council first, so another council's is a 404 before
any role is checked.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from actionplans.action_setup import (
    action_add,
    action_edit,
    action_move,
    action_reorder,
    council_leads,
    plan_carry_over,
)
from actionplans.models import Action, ActionPlan, ActionStatus, KeyOutcome, PlanSection, Rag
from actionplans.services import StaleActionError
from actionplans.setup import (
    MEANING_FIELDS,
    key_outcome_add,
    key_outcome_edit,
    plan_create,
    plan_edit,
    plan_meanings_set,
    section_add,
    section_edit,
)
from actionplans.setup_forms import (
    ActionEditForm,
    ActionForm,
    ActionMoveForm,
    CarryOverForm,
    KeyOutcomeForm,
    MeaningsForm,
    PlanForm,
    SectionForm,
)
from core.breadcrumbs import Crumb, crumb
from core.forms import ID_RANGE
from strategies.permissions import can_keep_plans
from strategies.scoping import CouncilMixin
from strategies.setup_views import SetupFormView, StrategyMixin, strategy_crumb


def plan_crumbs(plan: ActionPlan) -> list[Crumb]:
    """The strategy, the plan, and its set-up page: above every page that changes the plan."""
    org = plan.strategy.organisation.slug
    return [
        strategy_crumb(plan.strategy),
        crumb(plan.title, "actionplans:plan-detail", org, plan.pk),
        crumb("Set up the plan", "actionplans:plan-setup", org, plan.pk),
    ]


def plan_setup_url(plan: ActionPlan) -> str:
    return reverse(
        "actionplans:plan-setup", kwargs={"org": plan.strategy.organisation.slug, "pk": plan.pk}
    )


def plan_of_council(view, pk) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.for_organisation(view.organisation).select_related(
            "strategy__organisation"
        ),
        pk=pk,
    )


class PlanSetupView(CouncilMixin, TemplateView):
    """The plan's parts with a link to change each: what its ratings mean, its sections and
    its key outcomes (with their section and objective)."""

    template_name = "actionplans/plan_setup.html"

    def get(self, request, *args, **kwargs):
        self.plan = plan_of_council(self, kwargs["pk"])
        if not can_keep_plans(self.council_role):
            raise PermissionDenied("Your role cannot do this.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        plan = self.plan
        return super().get_context_data(**kwargs) | {
            "plan": plan,
            "strategy": plan.strategy,
            "meanings": [
                (Rag(name.removesuffix("_means")).label, getattr(plan, name))
                for name in MEANING_FIELDS
            ],
            "sections": plan.sections.order_by("number"),
            "key_outcomes": plan.key_outcomes.select_related("section", "objective")
            .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("number")))
            .order_by("number"),
            "trail": self.trail(*plan_crumbs(plan)[:2]),
        }


class PlanCreateView(StrategyMixin, SetupFormView):
    page_title = "Set up an action plan"
    form_class = PlanForm
    intro = "Then add its sections, key outcomes and actions, or import the plan from a file."

    def save(self, form) -> str:
        self.plan = plan_create(
            strategy=self.subject, created_by=self.request.user, **form.cleaned_data
        )
        return f"Plan {self.plan.title} set up"

    def get_success_url(self) -> str:
        return plan_setup_url(self.plan)


class PlanPartMixin:
    """A page that changes the plan in the address."""

    def get_subject(self) -> ActionPlan:
        return plan_of_council(self, self.kwargs["pk"])

    def subject_trail(self) -> list[Crumb]:
        return plan_crumbs(self.subject)

    def get_success_url(self) -> str:
        return plan_setup_url(self.subject)


class PlanEditView(PlanPartMixin, SetupFormView):
    page_title = "Change the plan"
    form_class = PlanForm

    def get_initial(self):
        return {"title": self.subject.title, "cadence": self.subject.cadence}

    def save(self, form) -> str:
        plan_edit(plan=self.subject, changed_by=self.request.user, **form.cleaned_data)
        return "Plan saved"


class PlanMeaningsView(PlanPartMixin, SetupFormView):
    page_title = "What the ratings mean"
    form_class = MeaningsForm
    intro = (
        "Officers see these beside each rating when they report, the rating warnings read "
        "them, and the board pack prints them."
    )

    def get_initial(self):
        return {name: getattr(self.subject, name) for name in MEANING_FIELDS}

    def save(self, form) -> str:
        plan_meanings_set(plan=self.subject, changed_by=self.request.user, **form.cleaned_data)
        return "What the ratings mean saved"


class SectionCreateView(PlanPartMixin, SetupFormView):
    page_title = "Add a section"
    form_class = SectionForm

    def save(self, form) -> str:
        section = section_add(
            plan=self.subject, added_by=self.request.user, title=form.cleaned_data["title"]
        )
        return f"Section {section.title} added"


class SectionEditView(SetupFormView):
    page_title = "Rename the section"
    form_class = SectionForm

    def get_subject(self) -> PlanSection:
        return get_object_or_404(
            PlanSection.objects.filter(plan__strategy__organisation=self.organisation)
            .select_related("plan__strategy__organisation"),
            pk=self.kwargs["pk"],
        )  # fmt: skip

    def caption(self) -> str:
        return self.subject.plan.title

    def subject_trail(self) -> list[Crumb]:
        return plan_crumbs(self.subject.plan)

    def get_initial(self):
        return {"title": self.subject.title}

    def save(self, form) -> str:
        section_edit(
            section=self.subject, changed_by=self.request.user, title=form.cleaned_data["title"]
        )
        return "Section saved"

    def get_success_url(self) -> str:
        return plan_setup_url(self.subject.plan)


class KeyOutcomeFormMixin:
    def plan(self) -> ActionPlan:
        raise NotImplementedError

    def get_form_kwargs(self):
        plan = self.plan()
        return super().get_form_kwargs() | {
            "sections": plan.sections.order_by("number"),
            "objectives": plan.strategy.objectives.order_by("number"),
            "strategy": plan.strategy,
        }


class KeyOutcomeCreateView(KeyOutcomeFormMixin, PlanPartMixin, SetupFormView):
    page_title = "Add a key outcome"
    form_class = KeyOutcomeForm

    def plan(self) -> ActionPlan:
        return self.subject

    def save(self, form) -> str:
        key_outcome = key_outcome_add(
            plan=self.subject, added_by=self.request.user, **form.cleaned_data
        )
        return f"Key outcome {key_outcome.number} added"


class KeyOutcomeEditView(KeyOutcomeFormMixin, SetupFormView):
    form_class = KeyOutcomeForm

    def get_subject(self) -> KeyOutcome:
        return get_object_or_404(
            KeyOutcome.objects.filter(plan__strategy__organisation=self.organisation)
            .select_related("plan__strategy__organisation"),
            pk=self.kwargs["pk"],
        )  # fmt: skip

    def plan(self) -> ActionPlan:
        return self.subject.plan

    @property
    def page_title(self) -> str:
        return f"Change key outcome {self.subject.number}"

    def caption(self) -> str:
        return self.subject.plan.title

    def subject_trail(self) -> list[Crumb]:
        return plan_crumbs(self.subject.plan)

    def get_initial(self):
        key_outcome = self.subject
        return {
            "title": key_outcome.title,
            "section": key_outcome.section_id,
            "objective": key_outcome.objective_id,
        }

    def save(self, form) -> str:
        key_outcome_edit(
            key_outcome=self.subject, changed_by=self.request.user, **form.cleaned_data
        )
        return f"Key outcome {self.subject.number} saved"

    def get_success_url(self) -> str:
        return plan_setup_url(self.subject.plan)


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
        return get_object_or_404(
            KeyOutcome.objects.filter(plan__strategy__organisation=self.organisation)
            .select_related("plan__strategy__organisation"),
            pk=self.kwargs["pk"],
        )  # fmt: skip

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
        return f"{len(carried)} unfinished action{'s' if len(carried) != 1 else ''} carried over"
