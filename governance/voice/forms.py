"""Forms for "you said, we did". They check wording; rules live in the voice services."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms

from core.forms import PlainTextField
from governance.forms import (
    GROUPED_ACTIONS,
    TEXT_MAX,
    ActionsForm,
    PageForm,
    actions_field,
    status_field,
)
from governance.models import Response
from governance.voice import services as voice_services


class VoiceItemForm(PageForm):
    submit_label = "Save what young people said"

    said = PlainTextField(
        what="What young people said",
        label="What did young people say?",
        help_text="In their words, as far as you can",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        error_messages={"required": voice_services.ENTER_SAID},
    )
    theme = PlainTextField(
        what="The theme",
        label="Theme (optional)",
        help_text="Asks with the same theme are shown together, for example, Accommodation",
        max_length=200,
        required=False,
    )
    raised_at = PlainTextField(
        what="Where they said it",
        label="Where did they say it? (optional)",
        help_text="The event, forum or survey, for example, Care Leavers Forum",
        max_length=300,
        required=False,
    )
    date_text = PlainTextField(
        what="When they said it",
        label="When did they say it? (optional)",
        help_text="In words, for example, April 2026",
        max_length=100,
        required=False,
    )

    def layout(self):
        return [
            Field.textarea("said"),
            Field.text("theme"),
            Field.text("raised_at"),
            Field.text("date_text", field_width=Fluid.ONE_THIRD),
        ]


class VoiceResponseForm(ActionsForm):
    submit_label = "Save what was done"

    text = PlainTextField(
        what="What was done",
        label="What was done?",
        help_text="In plain words young people will understand",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        error_messages={"required": voice_services.ENTER_DONE},
    )
    status = status_field(Response.Status.choices, message=voice_services.SELECT_ANSWER_STATUS)
    actions = actions_field("Actions in our plans behind it (optional)")

    def layout(self):
        return [
            Field.textarea("text"),
            Field.radios("status", legend_size=Size.SMALL),
            Field("actions", template=GROUPED_ACTIONS),
        ]
