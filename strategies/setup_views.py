"""The pages that set up and keep a council's strategies: a strategy and its objectives.

Plan owners and administrators use them (strategies.permissions.can_keep_plans). The object in
the address is looked up within the council first, so another council's is a 404 before any
role is checked. SetupFormView is also the base of actionplans' setup pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView

from core.breadcrumbs import Crumb, crumb
from core.forms import add_service_errors
from strategies.models import Objective, Strategy
from strategies.permissions import can_keep_plans
from strategies.scoping import CouncilMixin
from strategies.setup import (
    STRATEGY_FIELDS,
    objective_add,
    objective_edit,
    strategy_create,
    strategy_edit,
)
from strategies.setup_forms import ObjectiveForm, StrategyForm


class SetupFormView(CouncilMixin, FormView):
    """One change to a plan or strategy on a page of its own; saved, to the page it belongs to.

    Subclasses set `page_title` and `form_class`, and define `get_subject()` (the object the
    page is about, found within the council), `subject_trail()`, `save(form)` (calls the
    service, returns the success message) and `get_success_url()`.
    """

    template_name = "strategies/setup_form.html"
    allowed = staticmethod(can_keep_plans)
    page_title = ""
    intro = ""

    def get(self, request, *args, **kwargs):
        self._check_permission()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check_permission()
        return super().post(request, *args, **kwargs)

    def _check_permission(self) -> None:
        self.subject = self.get_subject()
        if not self.allowed(self.council_role):
            raise PermissionDenied("Your role cannot do this.")

    def get_subject(self):
        return self.organisation

    def subject_trail(self) -> list[Crumb]:
        return []

    def caption(self) -> str:
        return str(self.subject)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "page_title": self.page_title,
            "caption": self.caption(),
            "intro": self.intro,
            "trail": self.trail(*self.subject_trail()),
        }

    def form_valid(self, form):
        try:
            message = self.save(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def save(self, form) -> str:
        raise NotImplementedError


def strategy_crumb(strategy: Strategy) -> Crumb:
    return crumb(
        strategy.title, "strategies:strategy-detail", strategy.organisation.slug, strategy.pk
    )


def strategy_url(strategy: Strategy) -> str:
    return reverse(
        "strategies:strategy-detail",
        kwargs={"org": strategy.organisation.slug, "pk": strategy.pk},
    )


class StrategyCreateView(SetupFormView):
    page_title = "Set up a strategy"
    form_class = StrategyForm
    intro = "Add its objectives and action plans on the strategy's page once it is saved."

    def get_initial(self):
        return {"status": Strategy.Status.DRAFT}

    def get_form_kwargs(self):
        strategies = Strategy.objects.for_organisation(self.organisation).order_by("title")
        return super().get_form_kwargs() | {"strategies": strategies}

    def save(self, form) -> str:
        fields = {name: form.cleaned_data[name] for name in STRATEGY_FIELDS}
        self.strategy = strategy_create(
            organisation=self.organisation, created_by=self.request.user, **fields
        )
        return f"Strategy {self.strategy.title} set up"

    def get_success_url(self) -> str:
        return strategy_url(self.strategy)


class StrategyMixin:
    """The strategy in the address, within the council."""

    def get_subject(self) -> Strategy:
        return get_object_or_404(
            Strategy.objects.for_organisation(self.organisation).select_related("organisation"),
            pk=self.kwargs["pk"],
        )

    def subject_trail(self) -> list[Crumb]:
        return [strategy_crumb(self.subject)]

    def get_success_url(self) -> str:
        return strategy_url(self.subject)


class StrategyEditView(StrategyMixin, SetupFormView):
    page_title = "Change the strategy"
    form_class = StrategyForm

    def get_initial(self):
        return {name: getattr(self.subject, name) for name in STRATEGY_FIELDS}

    def get_form_kwargs(self):
        strategies = (
            Strategy.objects.for_organisation(self.organisation)
            .exclude(pk=self.subject.pk)
            .order_by("title")
        )
        return super().get_form_kwargs() | {"strategies": strategies}

    def save(self, form) -> str:
        fields = {name: form.cleaned_data[name] for name in STRATEGY_FIELDS}
        strategy_edit(strategy=self.subject, changed_by=self.request.user, **fields)
        return "Strategy saved"


class ObjectiveCreateView(StrategyMixin, SetupFormView):
    form_class = ObjectiveForm

    @property
    def page_title(self) -> str:
        return f"Add {self.subject.objective_label.lower()}"

    def save(self, form) -> str:
        objective = objective_add(
            strategy=self.subject,
            added_by=self.request.user,
            title=form.cleaned_data["title"],
            aim=form.cleaned_data["aim"],
            principles=form.cleaned_data["principles"],
        )
        return f"{self.subject.objective_label} {objective.number} added"


class ObjectiveEditView(SetupFormView):
    form_class = ObjectiveForm

    def get_subject(self) -> Objective:
        return get_object_or_404(
            Objective.objects.filter(strategy__organisation=self.organisation).select_related(
                "strategy__organisation"
            ),
            pk=self.kwargs["pk"],
        )

    @property
    def page_title(self) -> str:
        return f"Change {self.subject.strategy.objective_label.lower()} {self.subject.number}"

    def caption(self) -> str:
        return self.subject.strategy.title

    def subject_trail(self) -> list[Crumb]:
        return [strategy_crumb(self.subject.strategy)]

    def get_initial(self):
        objective = self.subject
        principles = list(objective.care_principles.all())
        return {"title": objective.title, "aim": objective.aim, "principles": principles}

    def save(self, form) -> str:
        objective_edit(
            objective=self.subject,
            changed_by=self.request.user,
            title=form.cleaned_data["title"],
            aim=form.cleaned_data["aim"],
            principles=form.cleaned_data["principles"],
        )
        return f"{self.subject.strategy.objective_label} {self.subject.number} saved"

    def get_success_url(self) -> str:
        return strategy_url(self.subject.strategy)
