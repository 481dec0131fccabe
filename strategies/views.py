from django.db.models import Count, Q
from django.shortcuts import redirect
from django.views.generic import DetailView, ListView

from strategies.models import CarePrinciple, CouncilRole, Strategy
from strategies.scoping import CouncilMixin


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
        context["plans"] = strategy.action_plans.annotate(
            action_count=Count("actions", distinct=True)
        ).order_by("title")
        # The statutory principles that no action of this strategy's plans is tagged with.
        context["principles_without_actions"] = CarePrinciple.objects.annotate(
            action_count=Count("actions", filter=Q(actions__plan__strategy=strategy))
        ).filter(action_count=0)
        return context
