"""Forms officers use on an action. They word their fields; the rules live in services.py
and ratings.py.

A rating that contradicts the facts is warned about, never refused: the person sees the
warnings and saves again to keep their answers. What they confirmed travels in the form as
the action's version and the warnings' codes, so a confirmation never covers a newer change
to the action or a warning they were not shown.
"""

from __future__ import annotations

import datetime

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from actionplans.models import Action, ActionPlan, Rag
from actionplans.ratings import RatingWarning, rating_warnings
from actionplans.services import (
    DEADLINE_TEXT_MAX_LENGTH,
    ENTER_CLOSE_REASON,
    ENTER_DEADLINE,
    ENTER_DEADLINE_REASON,
    ENTER_PROGRESS,
    NARRATIVE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    SELECT_RAG,
)
from core.forms import PlainTextField, submit_button


class VersionedForm(forms.Form):
    """Carries the action's version as the person saw it, so a stale save is caught."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # "version:code,code": what the person was shown when they chose to save anyway.
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput, max_length=300)

    @staticmethod
    def confirmation(version: int, codes: set[str]) -> str:
        return f"{version}:{','.join(sorted(codes))}"

    def confirms(self, codes: set[str]) -> bool:
        """Whether the person saw and confirmed every one of these warnings at this version."""
        if not codes:
            return True
        token = self.cleaned_data.get("confirmed") or ""
        version, _, seen = token.partition(":")
        return version == str(self.cleaned_data.get("version")) and codes <= set(
            filter(None, seen.split(","))
        )

    def warnings(self, action: Action, *, today: datetime.date) -> list[RatingWarning]:
        return []


def _rag_choices(plan: ActionPlan) -> list[Choice]:
    meanings = {
        Rag.RED: plan.red_means,
        Rag.AMBER: plan.amber_means,
        Rag.GREEN: plan.green_means,
    }
    return [
        Choice(rag.value, rag.label, hint=meanings[rag])
        if meanings[rag]
        else Choice(rag.value, rag.label)
        for rag in (Rag.RED, Rag.AMBER, Rag.GREEN)
    ]


class ProgressUpdateForm(VersionedForm):
    narrative = PlainTextField(
        label="What progress has been made?",
        what="Progress",
        help_text="Write in plain words for the board. A correction is a new update: "
        "updates cannot be edited once saved.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=NARRATIVE_MAX_LENGTH,
        error_messages={"required": ENTER_PROGRESS},
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        widget=forms.RadioSelect,
        error_messages={
            "required": SELECT_RAG,
            "invalid_choice": SELECT_RAG,
        },
    )
    complete = forms.BooleanField(
        label="This action is complete (rates it Blue)",
        required=False,
    )

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag"].choices = _rag_choices(plan)
        self.fields["rag"].required = True
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("narrative", label_size=Size.MEDIUM, label_tag="h2"),
            Field.radios("rag", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.checkbox("complete"),
            Field("version"),
            Field("confirmed"),
            submit_button("save", "Save update"),
        )

    def warnings(self, action: Action, *, today: datetime.date) -> list[RatingWarning]:
        """Ratings that contradict the facts: saved if the person confirms, never refused."""
        rag = self.cleaned_data.get("rag")
        if not rag:
            return []
        complete = bool(self.cleaned_data.get("complete"))
        return rating_warnings(action, rag=rag, complete=complete, today=today)


class DeadlineChangeForm(VersionedForm):
    new_text = PlainTextField(
        label="New deadline",
        what="The new deadline",
        help_text='For example, "31 March 2027", "June 2027" or "Ongoing".',
        max_length=DEADLINE_TEXT_MAX_LENGTH,
        error_messages={"required": ENTER_DEADLINE},
    )
    reason = PlainTextField(
        label="Why is the deadline changing?",
        what="The reason",
        help_text="The board sees this reason beside the change.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": ENTER_DEADLINE_REASON},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("new_text", label_size=Size.MEDIUM, field_width=20),
            Field.textarea("reason", label_size=Size.MEDIUM),
            Field("version"),
            Field("confirmed"),
            submit_button("save", "Change deadline"),
        )


class ActionCloseForm(VersionedForm):
    reason = PlainTextField(
        label="Why is this action no longer needed?",
        what="The reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": ENTER_CLOSE_REASON},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", label_size=Size.MEDIUM),
            Field("version"),
            Field("confirmed"),
            submit_button("save", "Mark as no longer needed", "govuk-button--warning"),
        )
