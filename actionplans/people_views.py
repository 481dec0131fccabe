"""The council's people pages: the list, inviting, a person's role and leads, removing.

The administrators of the council change people (strategies.people.can_manage_people); plan
owners read the list. Every person and invitation is looked up within the council in the
address, so another council's is a 404 before any role is checked.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from actionplans.models import Lead
from actionplans.people import (
    council_member_remove,
    leads_of,
    officer_leads_set,
    pending_invitations,
    people_of,
)
from actionplans.people_forms import LeadsForm
from core.breadcrumbs import crumb
from core.forms import PageForm, add_service_errors
from strategies.forms import InvitationForm, RoleForm
from strategies.models import CouncilRole, Invitation
from strategies.people import (
    can_manage_people,
    can_see_people,
    council_role_change,
    invitation_send,
    invitation_withdraw,
)
from strategies.scoping import CouncilMixin


class PeopleMixin(CouncilMixin):
    """A people page: finds the person in the address within the council, then checks the
    role (`allowed`)."""

    allowed = staticmethod(can_manage_people)

    def setup_person(self) -> None:
        if "pk" in self.kwargs:
            self.person = get_object_or_404(
                CouncilRole.objects.filter(organisation=self.organisation).select_related(
                    "user", "organisation"
                ),
                pk=self.kwargs["pk"],
            )
        if not self.allowed(self.council_role):
            raise PermissionDenied("Your role cannot do this.")

    def people_url(self) -> str:
        return reverse("actionplans:people-list", kwargs={"org": self.organisation.slug})

    def people_trail(self):
        return self.trail(crumb("People", "actionplans:people-list", self.organisation.slug))


class PeopleListView(PeopleMixin, TemplateView):
    """Everyone with a role in the council, the leads they act for, and open invitations."""

    template_name = "actionplans/people_list.html"
    allowed = staticmethod(can_see_people)

    def get(self, request, *args, **kwargs):
        self.setup_person()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "people": people_of(self.organisation),
            "invitations": pending_invitations(self.organisation).select_related("invited_by"),
            "can_manage": can_manage_people(self.council_role),
            "trail": self.trail(),
        }


class PersonFormView(PeopleMixin, FormView):
    """One change to the council's people, on a page of its own; saved, back to the list."""

    template_name = "actionplans/person_form.html"
    page_title = ""
    intro = ""

    def get(self, request, *args, **kwargs):
        self.setup_person()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_person()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        person = getattr(self, "person", None)
        return super().get_context_data(**kwargs) | {
            "page_title": self.page_title,
            "caption": str(person.user) if person else self.organisation.name,
            "email": person.user.email if person else "",
            "intro": self.intro,
            "trail": self.people_trail(),
        }

    def form_valid(self, form):
        try:
            message = self.save(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return HttpResponseRedirect(self.people_url())

    def save(self, form) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError


class InvitationCreateView(PersonFormView):
    page_title = "Invite a person"
    form_class = InvitationForm
    intro = (
        "They get an email with a link to join. Someone new chooses a password; someone who "
        "already uses Pledge signs in to accept."
    )

    def save(self, form) -> str:
        invitation = invitation_send(
            organisation=self.organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=self.request.user,
        )
        return f"Invitation sent to {invitation.email}"


class PersonRoleView(PersonFormView):
    page_title = "Change role"
    form_class = RoleForm

    def get_initial(self):
        return {"role": self.person.role}

    def save(self, form) -> str:
        changed = council_role_change(
            council_role=self.person, role=form.cleaned_data["role"], changed_by=self.request.user
        )
        return f"{self.person.user} is now {changed.get_role_display()}"


class PersonLeadsView(PersonFormView):
    page_title = "Leads they act for"
    form_class = LeadsForm

    def get_form_kwargs(self):
        # Retired leads are not offered: their actions and officers have gone to another.
        leads = Lead.objects.for_organisation(self.organisation).active().order_by("name")
        return super().get_form_kwargs() | {"leads": leads}

    def get_initial(self):
        return {"leads": list(leads_of(self.person))}

    def save(self, form) -> str:
        officer_leads_set(
            council_role=self.person,
            leads=form.cleaned_data["leads"],
            changed_by=self.request.user,
        )
        return f"Leads of {self.person.user} saved"


class RemoveForm(PageForm):
    """Are you sure? Asked as a question, so an empty or stray POST removes no one."""

    sure = forms.ChoiceField(
        label="Are you sure you want to remove them from the council?",
        choices=[("yes", "Yes, remove them"), ("no", "No, keep them")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if you want to remove them from the council",
            "invalid_choice": "Select yes if you want to remove them from the council",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("sure", legend_size=Size.MEDIUM, inline=True),
            Button.warning("remove", "Continue"),
        )

    def layout(self) -> list:
        return []


class PersonRemoveView(PersonFormView):
    template_name = "actionplans/person_remove.html"
    page_title = "Remove from the council"
    form_class = RemoveForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"leads": list(leads_of(self.person))}

    def form_valid(self, form):
        if form.cleaned_data["sure"] != "yes":
            return HttpResponseRedirect(super().people_url())
        return super().form_valid(form)

    def save(self, form) -> str:
        council_member_remove(council_role=self.person, removed_by=self.request.user)
        return f"{self.person.user} has been removed from {self.organisation.name}"

    def people_url(self) -> str:
        if self.person.user_id == self.request.user.pk:
            # Removed themselves: the council's pages are no longer theirs.
            return reverse("strategies:council-list")
        return super().people_url()


class InvitationWithdrawView(CouncilMixin, View):
    """POST only: the invitation's link stops working."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        invitation = get_object_or_404(
            Invitation.objects.filter(organisation=self.organisation).select_related(
                "organisation"
            ),
            pk=kwargs["pk"],
        )
        if not can_manage_people(self.council_role):
            raise PermissionDenied("Your role cannot do this.")
        invitation_withdraw(invitation=invitation, withdrawn_by=request.user)
        messages.success(request, f"Invitation of {invitation.email} withdrawn")
        return HttpResponseRedirect(
            reverse("actionplans:people-list", kwargs={"org": self.organisation.slug})
        )
