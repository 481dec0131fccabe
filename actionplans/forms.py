"""Forms officers use on an action. They check wording; the rules live in services.py."""

from __future__ import annotations

import datetime

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from actionplans.models import Action, ActionPlan, Rag

NARRATIVE_MAX = 5000


class VersionedForm(forms.Form):
    """Carries the action's version as the person saw it, so a stale save is caught."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Set when the person has seen the warnings or the other person's change and saves anyway.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


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
    narrative = forms.CharField(
        label="What progress has been made?",
        help_text="Write in plain words for the board. A correction is a new update: "
        "updates cannot be edited once saved.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=NARRATIVE_MAX,
        error_messages={
            "required": "Enter what progress has been made",
            "max_length": f"Progress must be {NARRATIVE_MAX:,} characters or fewer",
        },
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a RAG rating",
            "invalid_choice": "Select a RAG rating",
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
            Submit("save", "Save update"),
        )

    def warnings(self, action: Action, *, today: datetime.date) -> list[str]:
        """Ratings that contradict the facts: saved if the person confirms, never refused."""
        rag = self.cleaned_data.get("rag")
        complete = self.cleaned_data.get("complete")
        found = []
        if complete and rag in (Rag.RED, Rag.AMBER):
            found.append(
                f"You marked the action complete but rated it {Rag(rag).label}. "
                "A completed action is rated Blue."
            )
        if not complete and rag == Rag.GREEN and action.is_overdue(on=today):
            found.append(
                f"The action is overdue (its deadline was {action.deadline:%-d %B %Y}) "
                "but you rated it Green. Check the plan's definition of Green, or change "
                "the deadline with a reason."
            )
        return found


class DeadlineChangeForm(VersionedForm):
    new_text = forms.CharField(
        label="New deadline",
        help_text='For example, "31 March 2027", "June 2027" or "Ongoing".',
        max_length=200,
        error_messages={"required": "Enter the new deadline"},
    )
    reason = forms.CharField(
        label="Why is the deadline changing?",
        help_text="The board sees this reason beside the change.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter the reason for changing the deadline"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("new_text", label_size=Size.MEDIUM, field_width=20),
            Field.textarea("reason", label_size=Size.MEDIUM),
            Field("version"),
            Field("confirmed"),
            Submit("save", "Change deadline"),
        )


class ActionCloseForm(VersionedForm):
    reason = forms.CharField(
        label="Why is this action no longer needed?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter why this action is no longer needed"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", label_size=Size.MEDIUM),
            Field("version"),
            Field("confirmed"),
            Submit("save", "Mark as no longer needed", css_class="govuk-button--warning"),
        )
