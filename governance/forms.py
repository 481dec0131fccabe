"""Forms for meetings, recommendations and packs. They check wording; rules live in services."""

from __future__ import annotations

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms

from actionplans.forms import PlainTextField
from actionplans.models import Action, ActionPlan
from governance.boards import services
from governance.models import BoardPack, Recommendation, Response
from governance.voice import services as voice_services

TEXT_MAX = 5000


def _date_field(*, label: str, required: bool, help_text: str = "") -> DateInputField:
    field = DateInputField(label=label, required=required, help_text=help_text)
    field.error_messages |= {
        "required": f"Enter the {label.lower()}",
        "incomplete": f"Enter the {label.lower()} as a day, month and year",
        "invalid": f"Enter a real {label.lower()}",
    }
    return field


class _Form(forms.Form):
    submit_label = "Save"

    def layout(self) -> list:
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.layout(), Submit("save", self.submit_label))


def _actions_field(label: str) -> forms.ModelMultipleChoiceField:
    """The actions a record concerns, from the council's own: see _ActionsForm."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": services.SELECT_COUNCIL_ACTIONS},
    )


class _ActionsForm(_Form):
    """A form with an `actions` field offering only `actions`, the council's own, which the
    view passes in: a choice list never offers another council's."""

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = lambda action: (
            f"{action.key_outcome.number}.{action.number} {action.description[:120]}"
        )


class MeetingForm(_Form):
    submit_label = "Schedule meeting"

    date = _date_field(
        label="Date of the meeting", required=True, help_text="For example, 20 1 2027"
    )
    title = PlainTextField(
        what="The title",
        label="Title (optional)",
        help_text="For example, Quarterly review of the action plan",
        max_length=300,
        required=False,
    )

    def layout(self):
        return [Field("date"), Field.text("title")]


class AgendaItemForm(_Form):
    submit_label = "Add to the agenda"

    title = PlainTextField(
        what="The report title",
        label="Report title",
        max_length=300,
        error_messages={"required": services.ENTER_REPORT_TITLE},
    )
    author_role = PlainTextField(
        what="The author's role",
        label="Author's role (optional)",
        help_text="A job title, not a name: for example, Assistant Director, Children's Services",
        max_length=200,
        required=False,
    )
    actions_asked = PlainTextField(
        what="What members are asked to do",
        label="What members are asked to do (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        required=False,
    )
    plans = forms.ModelMultipleChoiceField(
        label="Plans the report covers",
        queryset=ActionPlan.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = plans

    def layout(self):
        return [
            Field.text("title"),
            Field.text("author_role"),
            Field.textarea("actions_asked"),
            Field.checkboxes("plans", legend_size=Size.SMALL, small=True),
        ]


class RecommendationForm(_ActionsForm):
    submit_label = "Record recommendation"

    text = PlainTextField(
        what="The recommendation",
        label="What did the board recommend?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        error_messages={"required": services.ENTER_RECOMMENDATION},
    )
    owner = PlainTextField(
        what="Who will act on it",
        label="Who will act on it? (optional)",
        help_text="A role or service, for example, Virtual School Head",
        max_length=200,
        required=False,
    )
    due_on = _date_field(label="Due date", required=False)
    actions = _actions_field("Actions it concerns (optional)")

    def layout(self):
        return [
            Field.textarea("text"),
            Field.text("owner"),
            Field("due_on"),
            Field.checkboxes("actions", legend_size=Size.SMALL, small=True),
        ]


class RecommendationUpdateForm(_Form):
    submit_label = "Save update"

    text = PlainTextField(
        what="What has happened",
        label="What has happened?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        error_messages={"required": services.ENTER_WHAT_HAPPENED},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Recommendation.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": services.SELECT_RECOMMENDATION_STATUS,
            "invalid_choice": services.SELECT_RECOMMENDATION_STATUS,
        },
    )

    def layout(self):
        return [Field.textarea("text"), Field.radios("status", legend_size=Size.SMALL)]


class PackBuildForm(_Form):
    submit_label = "Build the pack"

    plans = forms.ModelMultipleChoiceField(
        label="Plans in the pack",
        queryset=ActionPlan.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": services.SELECT_PACK_PLANS},
    )
    part = forms.ChoiceField(
        label="Part I or Part II",
        choices=BoardPack.Part.choices,
        widget=forms.RadioSelect,
        help_text="Part II papers hold exempt information and are not published.",
        error_messages={
            "required": services.SELECT_PACK_PART,
            "invalid_choice": services.SELECT_PACK_PART,
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


class VoiceItemForm(_Form):
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


class VoiceResponseForm(_ActionsForm):
    submit_label = "Save what was done"

    text = PlainTextField(
        what="What was done",
        label="What was done?",
        help_text="In plain words young people will understand",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        error_messages={"required": voice_services.ENTER_DONE},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Response.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": voice_services.SELECT_ANSWER_STATUS,
            "invalid_choice": voice_services.SELECT_ANSWER_STATUS,
        },
    )
    actions = _actions_field("Actions in our plans behind it (optional)")

    def layout(self):
        return [
            Field.textarea("text"),
            Field.radios("status", legend_size=Size.SMALL),
            Field.checkboxes("actions", legend_size=Size.SMALL, small=True),
        ]
