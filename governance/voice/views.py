"""You said, we did: what a council's young people asked for, and what was done about it.

Every role of the council may read it; the board pack prints the same table
(templates/governance/voice.html#you-said-we-did). Those who run the council's meetings
record the asks and the answers (governance.permissions.can_record_voice).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from actionplans.models import Action
from core.forms import add_service_errors
from governance import permissions
from governance.models import VoiceItem
from governance.views import ManagedFormView
from governance.voice.forms import VoiceItemForm, VoiceResponseForm
from governance.voice.services import voice_item_record, voice_response_record
from strategies.scoping import CouncilMixin


class VoiceView(CouncilMixin, TemplateView):
    """Young people's asks by theme, each with the council's answers and the actions behind them."""

    template_name = "governance/voice.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["voice_items"] = list(
            VoiceItem.objects.for_organisation(self.organisation).with_responses()
        )
        # The page adds each answer's date and its actions, linked, to the pack's table.
        context["voice_page"] = True
        context["can_record"] = permissions.can_record_voice(self.council_role)
        context["trail"] = self.trail()
        return context


class VoiceFormView(CouncilMixin, ManagedFormView):
    """A form that records on the page; a saved form returns there to show what it added."""

    allowed = staticmethod(permissions.can_record_voice)

    def voice_url(self) -> str:
        return reverse("governance:voice", kwargs={"org": self.organisation.slug})

    def back(self):
        return self.voice_url(), "Back to You said, we did"


class VoiceItemCreateView(VoiceFormView):
    form_class = VoiceItemForm
    page_title = "Record what young people said"

    def get_subject(self):
        return self.organisation

    def form_valid(self, form):
        try:
            item = voice_item_record(
                organisation=self.organisation,
                said=form.cleaned_data["said"],
                theme=form.cleaned_data["theme"],
                raised_at=form.cleaned_data["raised_at"],
                date_text=form.cleaned_data["date_text"],
                recorded_by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "What young people said has been recorded")
        return HttpResponseRedirect(f"{self.voice_url()}#ask-{item.pk}")


class VoiceResponseCreateView(VoiceFormView):
    form_class = VoiceResponseForm
    page_title = "Record what was done"

    def get_subject(self):
        if not hasattr(self, "voice_item"):
            self.voice_item = get_object_or_404(
                VoiceItem.objects.for_organisation(self.organisation), pk=self.kwargs["pk"]
            )
        return self.voice_item

    def get_form_kwargs(self):
        # Only this council's actions are offered: a link never crosses councils.
        actions = Action.objects.for_organisation(self.organisation).for_choices()
        return super().get_form_kwargs() | {"actions": actions}

    def form_valid(self, form):
        try:
            voice_response_record(
                voice_item=self.voice_item,
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                actions=form.cleaned_data["actions"],
                author=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "What was done has been recorded")
        return HttpResponseRedirect(f"{self.voice_url()}#ask-{self.voice_item.pk}")
