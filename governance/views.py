"""Pages that belong to no single part of governance: the council's home, and the form page
that boards, packs and voice share (ManagedFormView)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from actionplans.models import ActionPlan
from actionplans.permissions import can_import_plans
from governance import permissions
from governance.models import Meeting
from strategies.models import Strategy
from strategies.people import can_see_people
from strategies.permissions import can_keep_plans
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
        context["can_import_plans"] = can_import_plans(self.council_role)
        context["can_keep_plans"] = can_keep_plans(self.council_role)
        context["can_see_people"] = can_see_people(self.council_role)
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


# The name of the picker's "Show matching actions" button (governance/form_page.html).
NARROW = "narrow"


class ManagedFormView(FormView):
    """A form only some roles may use: it looks up its object first, then checks the role.

    Subclasses set `page_title` and define `get_subject()` (the object from the URL, looked
    up within the council, so another council's is a 404 before any 403) and `back()`.
    """

    template_name = "governance/form_page.html"
    page_title = ""
    allowed = staticmethod(permissions.can_manage_meetings)

    def get(self, request, *args, **kwargs):
        self._check_permission()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check_permission()
        form_class = self.get_form_class()
        if NARROW in request.POST and hasattr(form_class, "kept_while_narrowing"):
            # "Show matching actions": the form sent back narrowed, with its ticks and
            # words kept, and nothing saved (ActionsForm.kept_while_narrowing).
            kwargs = self.get_form_kwargs()
            data = kwargs.pop("data")
            kwargs.pop("files", None)
            form = form_class.kept_while_narrowing(data, **kwargs)
            form.narrow(data.get("find", ""))
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def _check_permission(self) -> None:
        self.get_subject()
        if not self.allowed(self.council_role):
            raise PermissionDenied("Your role cannot do this.")

    def get_subject(self):
        raise NotImplementedError

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The actions picker's list, narrowed by the words asked for above it. Only a page
        # read is narrowed: a form sent is checked against every action it may name.
        if self.request.method == "GET" and hasattr(form, "narrow"):
            form.narrow(self.request.GET.get("find", ""))
        return form

    def back(self) -> tuple[str, str]:
        """(url, words) for the back link, which is also where a saved form returns to."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        back_url, back_text = self.back()
        context.update(
            page_title=self.page_title,
            caption=str(self.get_subject()),
            back_url=back_url,
            back_text=back_text,
        )
        return context
