"""The reporting cycle's forms: they word the fields; actionplans.cycle says no."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms

from actionplans.cycle import (
    DEADLINE_DAYS_RANGE,
    ENTER_DEADLINE_DAYS,
    ENTER_PERIOD_DEADLINE,
    ENTER_REMINDER_DAYS,
    REMINDER_DAYS_RANGE,
    SELECT_CADENCE,
)
from actionplans.models import ActionPlan
from core.forms import PageForm
from governance.forms import date_field


def _days_field(*, label: str, help_text: str, message: str, days: range, required: bool):
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        # GOV.UK asks for a text box for numbers: a number box changes with the mouse wheel.
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        min_value=days.start,
        max_value=days.stop - 1,
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class CadenceForm(PageForm):
    submit_label = "Save and add the periods"

    cadence = forms.ChoiceField(
        label="How often does the plan report?",
        choices=[
            (value, label)
            for value, label in ActionPlan.Cadence.choices
            if value != ActionPlan.Cadence.NOT_SET
        ]
        + [(ActionPlan.Cadence.NOT_SET, "Not set: periods are set up by hand")],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": SELECT_CADENCE},
    )
    update_deadline_days = _days_field(
        label="How many days before a period ends are updates due?",
        help_text="For periods aligned to the board's meetings, days before the meeting.",
        message=ENTER_DEADLINE_DAYS,
        days=DEADLINE_DAYS_RANGE,
        required=True,
    )
    reminder_days_before = _days_field(
        label="How many days before the deadline should officers be reminded? (optional)",
        help_text="Leave empty for the service's default.",
        message=ENTER_REMINDER_DAYS,
        days=REMINDER_DAYS_RANGE,
        required=False,
    )

    def clean_cadence(self):
        # Radios with none chosen send nothing; "Not set" is an empty value of its own.
        if "cadence" not in self.data:
            raise forms.ValidationError(SELECT_CADENCE)
        return self.cleaned_data["cadence"]

    def layout(self) -> list:
        return [
            Field.radios("cadence", legend_size=Size.MEDIUM),
            Field.text("update_deadline_days", field_width=2),
            Field.text("reminder_days_before", field_width=2),
        ]


class PeriodDeadlineForm(PageForm):
    submit_label = "Save the deadline"

    deadline = date_field(
        label="Update deadline", required=True, help_text="For example, 15 3 2027"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].error_messages["required"] = ENTER_PERIOD_DEADLINE

    def layout(self) -> list:
        return [Field("deadline")]
