"""Every page of council data is reached through the council in its URL.

The council is looked up among the signed-in person's own, so another council's slug (and so
every object under it) is a 404, never a 403: nothing tells an outsider that it exists.
"""

from django.shortcuts import get_object_or_404

from core.breadcrumbs import Crumb, crumb
from strategies.models import CouncilRole, Organisation


class CouncilMixin:
    """For views under /councils/<org>/: sets self.organisation and self.council_role."""

    organisation: Organisation
    council_role: CouncilRole

    def dispatch(self, request, *args, **kwargs):
        self.council_role = get_object_or_404(
            # With its revision, so a kept page (core.pages) costs no query to find.
            CouncilRole.objects.for_user(request.user).select_related("organisation__revision"),
            organisation__slug=kwargs["org"],
        )
        self.organisation = self.council_role.organisation
        return super().dispatch(request, *args, **kwargs)

    def trail(self, *crumbs: Crumb) -> list[Crumb]:
        """The breadcrumbs of a council page: the council's home, then `crumbs`."""
        home = crumb(self.organisation.name, "governance:council-home", self.organisation.slug)
        return [home, *crumbs]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        context["council_role"] = self.council_role
        return context
