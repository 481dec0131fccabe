"""What governance's forms share: date fields and council action choices.

Each part's forms are beside it (boards/forms.py, packs/forms.py, voice/forms.py). They check
wording; rules live in services.
"""

from __future__ import annotations

import datetime

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError

from actionplans.models import Action
from core.forms import IdChoicesField, PageForm
from core.text import plain_text
from governance.links import SELECT_COUNCIL_ACTIONS, SELECT_COUNCIL_PLANS

TEXT_MAX = 5000
# A plans field offers only the council's plans (the view passes them in), so a choice it did
# not offer was typed or tampered with: say so in the same words as the services.
COUNCIL_PLAN_CHOICES = {
    "invalid_choice": SELECT_COUNCIL_PLANS,
    "invalid_pk_value": SELECT_COUNCIL_PLANS,
}


class DayMonthYearField(DateInputField):
    """GOV.UK's day, month and year boxes. A day the month does not have, or a number too
    large for a date, is not a real date: crispy-forms-gds shows Python's own words for the
    first ("day is out of range for month") and lets OverflowError through."""

    def compress(self, data_list):
        day, month, year = data_list
        if day and month and year:
            try:
                return datetime.date(int(year), int(month), int(day))
            except (ValueError, OverflowError) as error:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        return super().compress(data_list)


def date_field(*, label: str, required: bool, help_text: str = "") -> DayMonthYearField:
    field = DayMonthYearField(label=label, required=required, help_text=help_text)
    field.error_messages |= {
        "required": f"Enter the {label.lower()}",
        "incomplete": f"Enter the {label.lower()} as a day, month and year",
        "invalid": f"Enter a real {label.lower()}",
    }
    return field


def status_field(choices, *, message: str) -> forms.ChoiceField:
    """A record's status as radios; `message` (its service's) when none or another is sent."""
    return forms.ChoiceField(
        label="Status",
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


def actions_field(label: str) -> IdChoicesField:
    """The actions a record concerns, from the council's own: see ActionsForm."""
    return IdChoicesField(
        label=label,
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": SELECT_COUNCIL_ACTIONS,
            "invalid_pk_value": SELECT_COUNCIL_ACTIONS,
        },
    )


# The actions picker: a fieldset per key outcome, each action by its reference (issue 13).
GROUPED_ACTIONS = "components/grouped_checkboxes.html"
# The id of a form with a picker, which the box that narrows it (form_page.html) sends.
PICKER_FORM_ID = "picker-form"


def action_choice_label(action: Action) -> str:
    return f"{action.label} {action.description[:120]}"


class ActionsForm(PageForm):
    """A form with an `actions` field offering only `actions`, the council's own, which the
    view passes in: a choice list never offers another council's. The picker groups them by
    plan and key outcome (`action_groups`), and a page may narrow the list (`narrow`)."""

    picks_actions = True  # governance/form_page.html then offers the box that narrows it

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = action_choice_label
        self.helper.form_id = PICKER_FORM_ID
        self.offered = actions
        self.narrowed_by = ""

    @classmethod
    def kept_while_narrowing(cls, data, **kwargs) -> ActionsForm:
        """The form as sent by its "Show matching actions" button, not saved: unbound, so no
        error shows, with what was typed and ticked kept (a tick outside the narrowed list
        is kept too: chosen_elsewhere), for a person without JavaScript."""
        form = cls(**kwargs)
        form.initial = {
            name: field.widget.value_from_datadict(data, {}, form.add_prefix(name))
            for name, field in form.fields.items()
        }
        return form

    def narrow(self, text: str) -> None:
        """Offer only the actions matching `text` (ActionQuerySet.matching)."""
        self.narrowed_by = plain_text(text)
        if self.narrowed_by:
            field = self.fields["actions"]
            field.queryset = field.queryset.matching(self.narrowed_by)

    @property
    def chosen_elsewhere(self) -> list[tuple[int, str]]:
        """(id, label) of the actions ticked that the narrowed list does not show."""
        if not self.narrowed_by:
            return []
        chosen = {int(v) for v in self["actions"].value() or [] if str(v).isdigit()}
        shown = set(self.fields["actions"].queryset.values_list("pk", flat=True))
        return [
            (action.pk, action_choice_label(action))
            for action in self.offered.filter(pk__in=chosen - shown)
        ]

    @property
    def action_groups(self) -> list[tuple[str, list[tuple[int, str]]]]:
        """(heading, [(id, label)]) per key outcome, in plan order, as the picker shows them."""
        groups: dict[tuple, list] = {}
        for action in self.fields["actions"].queryset:
            outcome = action.key_outcome
            heading = f"{action.plan.title}: {outcome.number}. {outcome.title}"
            groups.setdefault((action.plan_id, outcome.number, heading), []).append(
                (action.pk, action_choice_label(action))
            )
        return [(heading, choices) for (_, _, heading), choices in groups.items()]
