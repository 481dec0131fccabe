"""The pages that set up and keep a plan: its page of parts (`plan-setup`), the plan itself,
what its ratings mean, its sections and its key outcomes. Its actions' pages are
action_views.py.

Plan owners and administrators use them (strategies.permissions.can_keep_plans). Each object
in the address is looked up within the council first, so another council's is a 404 before
any role is checked.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from actionplans.models import Action, ActionPlan, KeyOutcome, PlanSection, Rag
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
    KeyOutcomeForm,
    MeaningsForm,
    PlanForm,
    SectionForm,
)
from core.breadcrumbs import Crumb, crumb
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


def part_of_council(view, model, pk):
    """A plan's section or key outcome (`model`) by its id, within the view's council: another
    council's is a 404."""
    return get_object_or_404(
        model.objects.filter(plan__strategy__organisation=view.organisation).select_related(
            "plan__strategy__organisation"
        ),
        pk=pk,
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
    intro = (
        "Then add its sections, key outcomes and actions, or import the plan from a file, "
        "and choose how often officers report."
    )

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
        return {"title": self.subject.title}

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
        return part_of_council(self, PlanSection, self.kwargs["pk"])

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
        return part_of_council(self, KeyOutcome, self.kwargs["pk"])

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
