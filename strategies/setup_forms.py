"""The forms of the strategy pages: a strategy and an objective. They word their fields; the
rules, and the refusals the forms reuse, are strategies/setup.py's."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from core.forms import DATE_FORMATS, IdChoiceField, IdChoicesField, PageForm, PlainTextField
from strategies.models import CarePrinciple, Strategy, StrategyStatus
from strategies.setup import (
    AIM_MAX_LENGTH,
    DECIDED_BY_MAX_LENGTH,
    ENTER_END_YEAR,
    ENTER_OBJECTIVE_TITLE,
    ENTER_START_YEAR,
    ENTER_STRATEGY_TITLE,
    FIRST_YEAR,
    LABEL_MAX_LENGTH,
    LAST_YEAR,
    REFERENCE_MAX_LENGTH,
    SELECT_PRINCIPLES,
    SELECT_REPLACED_BY,
    SELECT_STATUS,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    YEAR_RANGE,
)


def year_field(label: str, empty: str) -> forms.IntegerField:
    wrong = f"{YEAR_RANGE}, like 2026"
    return forms.IntegerField(
        label=label,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": empty,
            "invalid": wrong,
            "min_value": wrong,
            "max_value": wrong,
        },
    )


class StrategyForm(PageForm):
    submit_label = "Save strategy"

    title = PlainTextField(
        label="Title",
        what="The title",
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": ENTER_STRATEGY_TITLE},
    )
    summary = PlainTextField(
        label="Summary (optional)",
        what="The summary",
        max_length=SUMMARY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    objective_label = PlainTextField(
        label="What does the strategy call its objectives? (optional)",
        what="What the strategy calls its objectives",
        help_text="For example, Objective, Priority or Area of focus. Leave empty for Objective.",
        max_length=LABEL_MAX_LENGTH,
        required=False,
    )
    period_start_year = year_field("Year it starts", ENTER_START_YEAR)
    period_end_year = year_field("Year it ends", ENTER_END_YEAR)
    status = forms.ChoiceField(
        label="Status",
        choices=StrategyStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": SELECT_STATUS, "invalid_choice": SELECT_STATUS},
    )
    superseded_by = IdChoiceField(
        label="Which strategy replaces it? (optional)",
        help_text="Only for a superseded strategy. Its plans are then kept as history: "
        "officers are not asked to update them and board packs leave them out.",
        queryset=Strategy.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": SELECT_REPLACED_BY},
    )
    decision_maker = PlainTextField(
        label="Who approved it (optional)",
        what="Who decided",
        help_text="For example, Cabinet or the Corporate Parenting Board.",
        max_length=DECIDED_BY_MAX_LENGTH,
        required=False,
    )
    decision_date = forms.DateField(
        label="Date of the decision (optional)",
        help_text="For example, 14 March 2026 or 14/3/2026.",
        input_formats=DATE_FORMATS,
        required=False,
        widget=forms.TextInput,
        error_messages={"invalid": "The date of the decision must be a real date"},
    )
    decision_reference = PlainTextField(
        label="Decision reference (optional)",
        what="The decision's reference",
        max_length=REFERENCE_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, strategies, **kwargs):
        """`strategies`: the council's others, one of which may replace this one."""
        super().__init__(*args, **kwargs)
        self.fields["superseded_by"].queryset = strategies

    def layout(self) -> list:
        return [
            Field.text("title"),
            Field.textarea("summary"),
            Field.text("objective_label", field_width=20),
            Fieldset(
                Field.text("period_start_year", field_width=4),
                Field.text("period_end_year", field_width=4),
                legend="Period",
                legend_size=Size.MEDIUM,
            ),
            Field.radios("status", legend_size=Size.MEDIUM, inline=True),
            Field.select("superseded_by"),
            Fieldset(
                Field.text("decision_maker"),
                Field.text("decision_date", field_width=10),
                Field.text("decision_reference", field_width=20),
                legend="Approval decision",
                legend_size=Size.MEDIUM,
            ),
        ]


class ObjectiveForm(PageForm):
    submit_label = "Save"

    title = PlainTextField(
        label="Title",
        what="The title",
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": ENTER_OBJECTIVE_TITLE},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    aim = PlainTextField(
        label="Aim (optional)",
        what="The aim",
        max_length=AIM_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    principles = IdChoicesField(
        label="Which corporate parenting principles does it serve? (optional)",
        help_text="Select all that apply. The strategy's page shows, for each principle, "
        "what serves it.",
        queryset=CarePrinciple.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": SELECT_PRINCIPLES,
            "invalid_pk_value": SELECT_PRINCIPLES,
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].label_from_instance = principle_label

    def layout(self) -> list:
        return [
            Field.textarea("title"),
            Field.textarea("aim"),
            Field.checkboxes("principles", legend_size=Size.SMALL, small=True),
        ]


def principle_label(principle: CarePrinciple) -> str:
    return principle.text[:1].upper() + principle.text[1:]
