"""The forms of the plan set-up pages: a plan, what its ratings mean, a section and a key
outcome. They word their fields; the rules and refusals are actionplans/setup.py's."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms

from actionplans.models import ActionPlan, PlanSection
from actionplans.setup import (
    ENTER_KEY_OUTCOME,
    ENTER_PLAN_TITLE,
    ENTER_SECTION_TITLE,
    MEANING_MAX_LENGTH,
    SECTION_TITLE_MAX_LENGTH,
    SELECT_CADENCE,
    SELECT_PLAN_SECTION,
    TITLE_MAX_LENGTH,
    select_objective,
)
from core.forms import IdChoiceField, PageForm, PlainTextField
from strategies.models import Strategy


class PlanForm(PageForm):
    submit_label = "Save plan"

    title = PlainTextField(
        label="Title",
        what="The title",
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": ENTER_PLAN_TITLE},
    )
    cadence = forms.ChoiceField(
        label="How often do officers report progress?",
        choices=[*ActionPlan.Cadence.choices[:-1], ("", "Not decided yet")],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": SELECT_CADENCE},
    )

    def layout(self) -> list:
        return [Field.text("title"), Field.radios("cadence", legend_size=Size.MEDIUM)]


def meaning_field(colour: str) -> PlainTextField:
    return PlainTextField(
        label=f"What does {colour} mean? (optional)",
        what=f"What {colour} means",
        max_length=MEANING_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MeaningsForm(PageForm):
    submit_label = "Save what the ratings mean"

    red_means = meaning_field("Red")
    amber_means = meaning_field("Amber")
    green_means = meaning_field("Green")
    blue_means = meaning_field("Blue")

    def layout(self) -> list:
        return [Field.textarea(name) for name in self.fields]


class SectionForm(PageForm):
    submit_label = "Save section"

    title = PlainTextField(
        label="Title",
        what="The title",
        help_text='For example, "Care leavers" or "Health".',
        max_length=SECTION_TITLE_MAX_LENGTH,
        error_messages={"required": ENTER_SECTION_TITLE},
    )

    def layout(self) -> list:
        return [Field.text("title")]


class KeyOutcomeForm(PageForm):
    """Offers the plan's own sections and its strategy's objectives, which the view passes."""

    submit_label = "Save key outcome"

    title = PlainTextField(
        label="Key outcome",
        what="The key outcome",
        max_length=TITLE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": ENTER_KEY_OUTCOME},
    )
    section = IdChoiceField(
        label="Section",
        queryset=PlanSection.objects.none(),
        required=False,
        empty_label="No section",
        blank=True,  # so the radios offer "No section"
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": SELECT_PLAN_SECTION},
    )
    objective = IdChoiceField(
        label="Objective it serves",
        queryset=None,
        required=False,
        empty_label="None",
        blank=True,
        widget=forms.RadioSelect,
        # Worded in the strategy's own word for its objectives once the form knows it.
    )

    def __init__(self, *args, sections, objectives, strategy: Strategy, **kwargs):
        # Read before the layout is made: a plan with no sections is not asked for one.
        self.offered = {"section": list(sections), "objective": list(objectives)}
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections
        objective = self.fields["objective"]
        objective.queryset = objectives
        objective.label = f"{strategy.objective_label} it serves"
        objective.error_messages["invalid_choice"] = select_objective(strategy)
        for name, choices in self.offered.items():
            if not choices:
                del self.fields[name]

    def layout(self) -> list:
        return [
            Field.textarea("title"),
            *(
                Field.radios(name, legend_size=Size.SMALL)
                for name, choices in self.offered.items()
                if choices
            ),
        ]
