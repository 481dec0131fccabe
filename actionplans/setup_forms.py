"""The forms of the plan set-up pages: a plan, what its ratings mean, a section, a key
outcome, an action (added, changed, moved) and a lead (added, renamed, merged, retired). They
word their fields; the rules and refusals are setup.py's, action_setup.py's and leads.py's."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms

from actionplans.action_setup import (
    DESCRIPTION_MAX_LENGTH,
    ENTER_DESCRIPTION,
    REFERENCE_MAX_LENGTH,
    SELECT_EARLIER_PLAN,
    SELECT_KEY_OUTCOME,
)
from actionplans.forms import VersionedForm
from actionplans.leads import ENTER_LEAD_NAME, SELECT_KIND, SELECT_MERGE_INTO
from actionplans.leads import NAME_MAX_LENGTH as LEAD_NAME_MAX_LENGTH
from actionplans.models import Lead, PlanSection
from actionplans.people import SELECT_COUNCIL_LEADS
from actionplans.services import DEADLINE_TEXT_MAX_LENGTH
from actionplans.setup import (
    ENTER_KEY_OUTCOME,
    ENTER_PLAN_TITLE,
    ENTER_SECTION_TITLE,
    MEANING_MAX_LENGTH,
    SECTION_TITLE_MAX_LENGTH,
    SELECT_PLAN_SECTION,
    TITLE_MAX_LENGTH,
    select_objective,
)
from core.forms import IdChoiceField, IdChoicesField, PageForm, PlainTextField
from strategies.models import Strategy
from strategies.setup_forms import ObjectiveForm, principle_label


class PlanForm(PageForm):
    submit_label = "Save plan"

    title = PlainTextField(
        label="Title",
        what="The title",
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": ENTER_PLAN_TITLE},
    )

    def layout(self) -> list:
        return [Field.text("title")]


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


class ActionForm(PageForm):
    """A new action's wording, reference, leads and deadline; `leads` are the council's own,
    which the view passes. ActionEditForm leaves the deadline to its own page (with a
    reason) and carries the version the person saw."""

    submit_label = "Save action"

    description = PlainTextField(
        label="What will be done?",
        what="The action",
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": ENTER_DESCRIPTION},
    )
    reference = PlainTextField(
        label="Reference (optional)",
        what="The reference",
        help_text="The plan's own number for it, such as 1.1 or 4.3. Leave it empty to number "
        "it by its key outcome and its place there.",
        max_length=REFERENCE_MAX_LENGTH,
        required=False,
    )
    deadline_text = PlainTextField(
        label="By when? (optional)",
        what="The deadline",
        help_text='As the plan says it: "31 March 2027", "June 2027" or "Ongoing".',
        max_length=DEADLINE_TEXT_MAX_LENGTH,
        required=False,
    )
    leads = IdChoicesField(
        label="Leads",
        help_text="Who is responsible for it. Select all that apply.",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": SELECT_COUNCIL_LEADS,
            "invalid_pk_value": SELECT_COUNCIL_LEADS,
        },
    )

    principles = ObjectiveForm.base_fields["principles"]

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = leads
        self.fields["principles"].label_from_instance = principle_label

    def layout(self) -> list:
        return [
            Field.textarea("description"),
            Field.text("reference", field_width=10),
            *(
                [Field.text("deadline_text", field_width=20)]
                if "deadline_text" in self.fields
                else []
            ),
            Field.checkboxes("leads", legend_size=Size.SMALL, small=True),
            Field.checkboxes("principles", legend_size=Size.SMALL, small=True),
        ]


class ActionEditForm(VersionedForm, ActionForm):
    deadline_text = None  # changed on its own page, with a reason

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.fields[-1:-1] = [Field("version"), Field("confirmed")]


class ActionMoveForm(VersionedForm, PageForm):
    submit_label = "Move action"

    key_outcome = IdChoiceField(
        label="Which key outcome should it move to?",
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": SELECT_KEY_OUTCOME, "invalid_choice": SELECT_KEY_OUTCOME},
    )

    def __init__(self, *args, key_outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_outcome"].queryset = key_outcomes
        self.fields["key_outcome"].label_from_instance = lambda ko: f"{ko.number}. {ko.title}"
        self.helper.layout.fields[-1:-1] = [Field("version"), Field("confirmed")]

    def layout(self) -> list:
        return [Field.radios("key_outcome", legend_size=Size.MEDIUM)]


class LeadForm(PageForm):
    submit_label = "Save lead"

    name = PlainTextField(
        label="Name",
        what="The name",
        help_text="A service, role, team or partner body, such as Virtual School Head.",
        max_length=LEAD_NAME_MAX_LENGTH,
        error_messages={"required": ENTER_LEAD_NAME},
    )
    kind = forms.ChoiceField(
        label="What kind of lead is it?",
        choices=Lead.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": SELECT_KIND, "invalid_choice": SELECT_KIND},
    )

    def layout(self) -> list:
        return [Field.text("name"), Field.radios("kind", legend_size=Size.SMALL)]


class LeadMergeForm(PageForm):
    """Offers the council's other leads that are not retired, which the view passes."""

    submit_label = "Merge leads"

    into = IdChoiceField(
        label="Which lead should it be merged into?",
        help_text="Its actions and the officers who act for it move to that lead.",
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": SELECT_MERGE_INTO, "invalid_choice": SELECT_MERGE_INTO},
    )

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = leads

    def layout(self) -> list:
        return [Field.radios("into", legend_size=Size.MEDIUM)]


class LeadRetireForm(PageForm):
    """Are you sure? Asked as a question, so an empty or stray POST retires nothing."""

    submit_label = "Continue"

    sure = forms.ChoiceField(
        label="Are you sure you want to retire this lead?",
        choices=[("yes", "Yes, retire it"), ("no", "No, keep it")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if you want to retire the lead",
            "invalid_choice": "Select yes if you want to retire the lead",
        },
    )

    def layout(self) -> list:
        return [Field.radios("sure", legend_size=Size.MEDIUM, inline=True)]


class CarryOverForm(PageForm):
    """Which earlier plan, then for each of its key outcomes with unfinished actions, which
    key outcome of this plan they go under (or none)."""

    submit_label = "Carry actions over"

    from_plan = IdChoiceField(
        label="Which plan are the unfinished actions in?",
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": SELECT_EARLIER_PLAN, "invalid_choice": SELECT_EARLIER_PLAN},
    )

    def __init__(self, *args, plans, from_outcomes=(), into_outcomes=(), **kwargs):
        self.from_outcomes = list(from_outcomes)
        super().__init__(*args, **kwargs)
        self.fields["from_plan"].queryset = plans
        choices = [("", "Do not carry them over")] + [
            (str(outcome.pk), f"{outcome.number}. {outcome.title}") for outcome in into_outcomes
        ]
        for outcome in self.from_outcomes:
            self.fields[f"outcome_{outcome.pk}"] = forms.ChoiceField(
                label=f"Key outcome {outcome.number}: {outcome.title} "
                f"({outcome.open_actions} unfinished)",
                choices=choices,
                required=False,
                error_messages={"invalid_choice": SELECT_KEY_OUTCOME},
            )

    def layout(self) -> list:
        return [
            Field.radios("from_plan", legend_size=Size.MEDIUM),
            *(Field.select(f"outcome_{outcome.pk}") for outcome in self.from_outcomes),
        ]

    def mapping(self, into_outcomes) -> dict:
        """Old key outcome's id to the key outcome of this plan chosen for it, or None."""
        by_pk = {str(outcome.pk): outcome for outcome in into_outcomes}
        return {
            outcome.pk: by_pk.get(self.cleaned_data.get(f"outcome_{outcome.pk}") or "")
            for outcome in self.from_outcomes
        }
