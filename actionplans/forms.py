"""Forms officers use on an action. They check wording; the rules live in services.py.

A rating that contradicts the facts is warned about, never refused: the person sees the
warnings and saves again to keep their answers. What they confirmed travels in the form as
the action's version and the warnings' codes, so a confirmation never covers a newer change
to the action or a warning they were not shown.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from actionplans.models import Action, ActionPlan, ActionStatus, Rag
from actionplans.services import (
    DEADLINE_TEXT_MAX_LENGTH,
    NARRATIVE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    has_visible_text,
    plain_text,
)

# Words in a plan's definition of a colour that an overdue action cannot meet, or must.
ON_TRACK_WORDS = ("on track", "on target", "on schedule", "on time", "within timescale")
OVERDUE_WORDS = ("overdue", "deadline missed", "missed the deadline", "deadline has passed")
# Words just before a phrase that say its opposite: "not on track" does not say "on track".
# "Not" may have one word after it ("not yet on track"); "behind, but on track" is on track.
NEGATION = r"\b(?:(?:not|never|\w+n't)(?:\s+[\w']+)?|no longer|no|off|behind)"


@dataclass(frozen=True)
class RatingWarning:
    """Something about the answers that contradicts the facts; `code` names the check."""

    code: str
    message: str


class PlainTextField(forms.CharField):
    """Text kept as typed, less control characters (see services.plain_text)."""

    def __init__(self, *, label: str, what: str, max_length: int, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault(
            "max_length", f"{what} must be {max_length:,} characters or fewer"
        )
        super().__init__(label=label, max_length=max_length, **kwargs)

    def to_python(self, value):
        value = plain_text(super().to_python(value))
        # Only spaces, zero-width or direction marks is as good as empty: "Enter ...".
        return value if has_visible_text(value) else ""


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


def _quoted(meaning: str) -> str:
    """The plan's words in quotes, its own full stop dropped so the sentence ends once."""
    return f'"{meaning.strip().rstrip(".")}"'


def _says(meaning: str, phrases: tuple[str, ...]) -> bool:
    """Whether the plan's words say one of the phrases: whole words, a plural allowed
    ("within timescales"), and not negated. "On timescales" does not say "on time"."""
    text = meaning.lower().replace("\u2019", "'")
    for phrase in phrases:
        words = r"\s+".join(re.escape(word) for word in phrase.split())
        pattern = rf"(?P<negated>{NEGATION}\s+)?\b{words}s?\b"
        if any(not match["negated"] for match in re.finditer(pattern, text)):
            return True
    return False


def definition_warnings(action: Action, rag: str, *, today: datetime.date) -> list[RatingWarning]:
    """An overdue action's rating against what the plan says each colour means."""
    if not action.is_overdue(on=today):
        return []
    meanings = {value: meaning for value, _label, meaning in action.plan.rag_definitions()}
    label = Rag(rag).label
    found = []
    if rag != Rag.GREEN and _says(meanings.get(rag, ""), ON_TRACK_WORDS):
        found.append(
            RatingWarning(
                f"definition-{rag}",
                f"The plan says {label} means {_quoted(meanings[rag])}, but the action is overdue.",
            )
        )
    for other in (Rag.RED, Rag.AMBER):
        if other != rag and _says(meanings.get(other, ""), OVERDUE_WORDS):
            found.append(
                RatingWarning(
                    f"definition-{other}",
                    f"The plan says {Rag(other).label} means {_quoted(meanings[other])}. "
                    f"The action is overdue but you rated it {label}.",
                )
            )
            break
    return found


class ProgressUpdateForm(VersionedForm):
    narrative = PlainTextField(
        label="What progress has been made?",
        what="Progress",
        help_text="Write in plain words for the board. A correction is a new update: "
        "updates cannot be edited once saved.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=NARRATIVE_MAX_LENGTH,
        error_messages={"required": "Enter what progress has been made"},
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

    def warnings(self, action: Action, *, today: datetime.date) -> list[RatingWarning]:
        """Ratings that contradict the facts: saved if the person confirms, never refused."""
        rag = self.cleaned_data.get("rag")
        complete = self.cleaned_data.get("complete")
        if not rag:
            return []
        label = Rag(rag).label
        found = []
        if complete and rag in (Rag.RED, Rag.AMBER):
            found.append(
                RatingWarning(
                    "complete-not-blue",
                    f"You marked the action complete but rated it {label}. "
                    "A completed action is rated Blue.",
                )
            )
        if complete:
            return found
        if action.status == ActionStatus.COMPLETE:
            found.append(
                RatingWarning(
                    "reopens",
                    f"The action is marked complete. Rating it {label} reopens it.",
                )
            )
        if rag == Rag.GREEN and action.is_overdue(on=today):
            meaning = action.plan.green_means
            found.append(
                RatingWarning(
                    "overdue-green",
                    f"The action is overdue (its deadline was {action.deadline:%-d %B %Y}) "
                    "but you rated it Green."
                    + (f" The plan says Green means {_quoted(meaning)}." if meaning else "")
                    + " Check the rating, or change the deadline with a reason.",
                )
            )
        return found + definition_warnings(action, rag, today=today)


class DeadlineChangeForm(VersionedForm):
    new_text = PlainTextField(
        label="New deadline",
        what="The new deadline",
        help_text='For example, "31 March 2027", "June 2027" or "Ongoing".',
        max_length=DEADLINE_TEXT_MAX_LENGTH,
        error_messages={"required": "Enter the new deadline"},
    )
    reason = PlainTextField(
        label="Why is the deadline changing?",
        what="The reason",
        help_text="The board sees this reason beside the change.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
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
    reason = PlainTextField(
        label="Why is this action no longer needed?",
        what="The reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
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
