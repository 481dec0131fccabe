"""You said, we did: what a council's young people asked for, and what was done about it.

Every role of the council may read it; the board pack prints the same table
(templates/governance/voice.html#you-said-we-did).
"""

from django.views.generic import TemplateView

from governance.models import VoiceItem
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
        return context
