"""The form that asks for a board pack. It checks wording; rules live in request.py."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms

from actionplans.models import ActionPlan
from core.forms import IdChoicesField
from governance.forms import COUNCIL_PLAN_CHOICES, PageForm
from governance.models import BoardPack
from governance.packs import request


class PackBuildForm(PageForm):
    submit_label = "Build the pack"

    plans = IdChoicesField(
        label="Plans in the pack",
        queryset=ActionPlan.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=COUNCIL_PLAN_CHOICES | {"required": request.SELECT_PACK_PLANS},
    )
    part = forms.ChoiceField(
        label="Part I or Part II",
        choices=BoardPack.Part.choices,
        widget=forms.RadioSelect,
        help_text="Part II papers hold exempt information and are not published.",
        error_messages={
            "required": request.SELECT_PACK_PART,
            "invalid_choice": request.SELECT_PACK_PART,
        },
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = plans

    def layout(self):
        return [
            Field.checkboxes("plans", legend_size=Size.SMALL),
            Field.radios("part", legend_size=Size.SMALL),
        ]


class PackPreviewForm(forms.Form):
    """What the preview's address may ask for: `?plan=<id>&plan=<id>&part=II`. Each may be
    left out; the view then previews the meeting's usual plans, as Part I."""

    plan = IdChoicesField(queryset=ActionPlan.objects.none(), required=False)
    part = forms.ChoiceField(choices=BoardPack.Part.choices, required=False)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
