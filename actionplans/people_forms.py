"""The leads an officer acts for, as checkboxes of the council's own leads."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms

from actionplans.people import SELECT_COUNCIL_LEADS
from core.forms import IdChoicesField, PageForm


class LeadsForm(PageForm):
    """Offers only `leads`, the council's own, which the view passes in, by name."""

    submit_label = "Save leads"

    leads = IdChoicesField(
        label="Which leads do they act for?",
        help_text="They can update the actions of these leads, and are reminded about them. "
        "Select all that apply.",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": SELECT_COUNCIL_LEADS,
            "invalid_pk_value": SELECT_COUNCIL_LEADS,
        },
    )

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = leads

    def layout(self) -> list:
        return [Field.checkboxes("leads", legend_size=Size.MEDIUM, small=True)]
