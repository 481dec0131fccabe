from django.utils import timezone
from django.views.generic import TemplateView

from actionplans.models import ActionPlan
from governance.models import Meeting
from strategies.models import Strategy
from strategies.scoping import CouncilMixin


class CouncilHomeView(CouncilMixin, TemplateView):
    """A council's home: its strategies and plans, and its boards' next meetings."""

    template_name = "governance/council_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["strategies"] = Strategy.objects.for_organisation(
            self.organisation
        ).for_council_home()
        context["plans"] = (
            ActionPlan.objects.for_organisation(self.organisation)
            .with_action_counts()
            .select_related("strategy")
            .order_by("strategy__title", "title")
        )
        context["next_meetings"] = (
            Meeting.objects.for_organisation(self.organisation)
            .upcoming(on=today)
            .select_related("board")[:5]
        )
        context["recent_meetings"] = (
            Meeting.objects.for_organisation(self.organisation)
            .filter(date__lt=today)
            .select_related("board")
            .order_by("-date")[:5]
        )
        return context
