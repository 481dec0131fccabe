from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import DetailView, FormView, ListView

from core.forms import PageForm, add_service_errors
from strategies.forms import InvitationAcceptForm
from strategies.models import CarePrinciple, CouncilRole, Objective, Strategy
from strategies.people import account_for_email, invitation_accept, invitation_for_token
from strategies.permissions import can_keep_plans
from strategies.scoping import CouncilMixin


class AcceptForm(PageForm):
    """Nothing to fill in: the signed-in person accepts the invitation."""

    submit_label = "Accept the invitation"

    def layout(self) -> list:
        return []


class CouncilListView(ListView):
    """The councils the signed-in person works with; straight to the one if there is one."""

    template_name = "strategies/council_list.html"
    context_object_name = "council_roles"

    def get_queryset(self):
        return CouncilRole.objects.for_user(self.request.user).select_related("organisation")

    def get(self, request, *args, **kwargs):
        roles = list(self.get_queryset()[:2])
        if len(roles) == 1:
            return redirect("governance:council-home", org=roles[0].organisation.slug)
        return super().get(request, *args, **kwargs)


@dataclass(frozen=True)
class PrincipleServed:
    """One of the seven corporate parenting principles, with what of the strategy serves it."""

    principle: CarePrinciple
    objectives: list
    actions: list

    @property
    def serves(self) -> bool:
        return bool(self.objectives or self.actions)


def principles_served(strategy: Strategy) -> list[PrincipleServed]:
    """Each principle with the strategy's objectives and its plans' actions linked to it, in
    three queries whatever their number (the links are read through the principles' own
    many-to-many tables: the actions are actionplans', which this app does not import)."""
    objectives = defaultdict(list)
    links = Objective.care_principles.through.objects.filter(objective__strategy=strategy)
    for link in links.select_related("objective").order_by("objective__number"):
        objectives[link.careprinciple_id].append(link.objective)
    actions = defaultdict(list)
    links = CarePrinciple.actions.through.objects.filter(action__plan__strategy=strategy)
    for link in links.select_related("action__key_outcome", "action__plan").order_by(
        "action__plan__title", "action__key_outcome__number", "action__number"
    ):
        actions[link.careprinciple_id].append(link.action)
    return [
        PrincipleServed(principle, objectives[principle.pk], actions[principle.pk])
        for principle in CarePrinciple.objects.order_by("number")
    ]


class StrategyDetailView(CouncilMixin, DetailView):
    template_name = "strategies/strategy_detail.html"
    context_object_name = "strategy"

    def get_queryset(self):
        return (
            Strategy.objects.for_organisation(self.organisation)
            .select_related("superseded_by")
            .prefetch_related("objectives", "principles")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        strategy = self.object
        context["trail"] = self.trail()
        context["can_keep"] = can_keep_plans(self.council_role)
        context["plans"] = strategy.action_plans.annotate(
            action_count=Count("actions", distinct=True)
        ).order_by("title")
        context["principles"] = principles_served(strategy)
        context["principles_unserved"] = [
            served for served in context["principles"] if not served.serves
        ]
        return context


@method_decorator([login_not_required, never_cache], name="dispatch")
@method_decorator(sensitive_post_parameters("password1", "password2"), name="dispatch")
class InvitationAcceptView(FormView):
    """The link in an invitation's email, signed in or out. Someone new chooses a name and a
    password, then signs in; someone with an account signs in as it and accepts. A link that
    is unknown, used, withdrawn or expired gets a page saying so (404 or 410)."""

    template_name = "strategies/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = invitation_for_token(kwargs["token"])
        if self.invitation is None:
            return self.gone("unknown", status=404)
        state = self.invitation.state()
        if state != "pending":
            return self.gone(state, status=410)
        self.situation = self._situation(request.user)
        return super().dispatch(request, *args, **kwargs)

    def _situation(self, user) -> str:
        """new: make an account; sign-in: the address has one; accept: signed in as it;
        other-account: signed in as someone else."""
        if user.is_authenticated:
            mine = user.email.lower() == self.invitation.email
            return "accept" if mine else "other-account"
        return "sign-in" if account_for_email(self.invitation.email) else "new"

    def gone(self, state: str, *, status: int):
        context = {"state": state, "invitation": self.invitation}
        return render(self.request, "strategies/invitation_gone.html", context, status=status)

    def get_form_class(self):
        return InvitationAcceptForm if self.situation == "new" else AcceptForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.situation == "new":
            kwargs["email"] = self.invitation.email
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "invitation": self.invitation,
            "organisation_name": self.invitation.organisation.name,
            "situation": self.situation,
            "sign_in_url": f"{reverse('accounts:login')}?{urlencode({'next': self.request.path})}",
        }

    def post(self, request, *args, **kwargs):
        if self.situation not in {"new", "accept"}:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            if self.situation == "new":
                invitation_accept(
                    token=self.kwargs["token"],
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
            else:
                council_role = invitation_accept(
                    token=self.kwargs["token"], person=self.request.user
                )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        organisation = self.invitation.organisation
        home = reverse("governance:council-home", kwargs={"org": organisation.slug})
        if self.situation == "new":
            messages.success(
                self.request,
                "Your account is ready. Sign in with your email address and the password "
                "you chose.",
            )
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': home})}")
        messages.success(
            self.request, f"You are now {council_role.get_role_display()} in {organisation.name}"
        )
        return redirect(home)
