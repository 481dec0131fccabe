"""Forms for meetings, agendas and recommendations. They check wording; rules live in services."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms

from actionplans.models import ActionPlan
from core.forms import IdChoicesField, PlainTextField
from governance.boards import services
from governance.forms import (
    COUNCIL_PLAN_CHOICES,
    GROUPED_ACTIONS,
    TEXT_MAX,
    ActionsForm,
    PageForm,
    actions_field,
    date_field,
    status_field,
)
from governance.models import Recommendation


class MeetingForm(PageForm):
    submit_label = "Schedule meeting"

    date = date_field(
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


class AgendaItemForm(PageForm):
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
    plans = IdChoicesField(
        label="Plans the report covers",
        queryset=ActionPlan.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=COUNCIL_PLAN_CHOICES,
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


class RecommendationForm(ActionsForm):
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
    due_on = date_field(label="Due date", required=False)
    actions = actions_field("Actions it concerns (optional)")

    def layout(self):
        return [
            Field.textarea("text"),
            Field.text("owner"),
            Field("due_on"),
            Field("actions", template=GROUPED_ACTIONS),
        ]


class RecommendationUpdateForm(PageForm):
    submit_label = "Save update"

    text = PlainTextField(
        what="What has happened",
        label="What has happened?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        error_messages={"required": services.ENTER_WHAT_HAPPENED},
    )
    status = status_field(
        Recommendation.Status.choices, message=services.SELECT_RECOMMENDATION_STATUS
    )

    def layout(self):
        return [Field.textarea("text"), Field.radios("status", legend_size=Size.SMALL)]
