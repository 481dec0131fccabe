"""The forms of a plan import: the upload, and the correction of which column is which.
They word the questions; reading the file is importing.reading's."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from actionplans.importing import columns as col
from actionplans.importing.preview import Column
from actionplans.importing.readers import ACCEPTED, MAX_BYTES, MAX_SIZE_WORDS, detect
from actionplans.importing.reading import Mapping
from actionplans.importing.table import UnreadableFile
from actionplans.importing.writing import ENTER_PLAN_TITLE, PLAN_TITLE_MAX, strategy_title_taken
from core.forms import PageForm, PlainTextField
from strategies.models import Organisation, Strategy

NEW_STRATEGY = ""
SELECT_FILE = "Select the file that holds your action plan"
TOO_LARGE = f"The selected file must be smaller than {MAX_SIZE_WORDS}"
SELECT_STRATEGY = "Select a strategy of this council, or a new strategy"
# The form's value for a column not imported (columns.IGNORED is "", which a required
# select would take as no answer).
NOT_IMPORTED = "none"
SELECT_FIELD = "Select what the column holds"


class PlanUploadForm(PageForm):
    """The plan's title, its strategy and its file. A file that cannot be read as a plan at
    all (too large, empty, of a type Pledge does not read) is refused here, with the reader's
    words; what the file says is checked on the preview."""

    submit_label = "Upload and preview"

    plan_title = PlainTextField(
        label="What is the plan called?",
        what="The plan's title",
        max_length=PLAN_TITLE_MAX,
        error_messages={"required": ENTER_PLAN_TITLE},
    )
    strategy = forms.ChoiceField(
        label="Which strategy does the plan serve?",
        required=False,
        error_messages={"invalid_choice": SELECT_STRATEGY},
    )
    file = forms.FileField(
        label="Upload the plan",
        help_text=f"{ACCEPTED[0].upper()}{ACCEPTED[1:]}, smaller than {MAX_SIZE_WORDS}.",
        error_messages={
            "required": SELECT_FILE,
            "empty": "The selected file is empty",
            "invalid": SELECT_FILE,
            "missing": SELECT_FILE,
        },
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        self.strategies = {
            str(strategy.pk): strategy
            for strategy in Strategy.objects.for_organisation(organisation).order_by(
                "-period_start_year", "title"
            )
        }
        super().__init__(*args, **kwargs)
        self.fields["strategy"].choices = [
            (NEW_STRATEGY, "A new strategy with the plan's title"),
            *((pk, str(strategy)) for pk, strategy in self.strategies.items()),
        ]
        self.file_format = ""
        self.data_read = b""

    def layout(self) -> list:
        return [Field.text("plan_title"), Field.select("strategy"), Field("file")]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if getattr(uploaded, "too_large", False) or uploaded.size > MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        data = uploaded.read()
        try:  # what the file is, from its content: the rest is read in the background
            self.file_format = detect(data)
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from error
        self.data_read = data
        return uploaded

    def clean(self):
        cleaned = super().clean()
        title = cleaned.get("plan_title")
        if title and cleaned.get("strategy") == NEW_STRATEGY:
            taken = strategy_title_taken(self.organisation, title)
            if taken:
                self.add_error("plan_title", taken)
        return cleaned

    def chosen_strategy(self) -> Strategy | None:
        return self.strategies.get(self.cleaned_data["strategy"])


def _field_name(table: int, index: int) -> str:
    return f"column-{table}-{index}"


class ColumnsForm(PageForm):
    """What each column of each table holds, as read, for the person to correct."""

    submit_label = "Preview again with these columns"

    def __init__(self, *args, columns: list[Column], **kwargs):
        self.tables: dict[str, list[Column]] = {}
        for column in columns:
            self.tables.setdefault(column.where, []).append(column)
        super().__init__(*args, **kwargs)  # the layout names the fields added below
        choices = [(field or NOT_IMPORTED, name) for field, name in col.FIELD_NAMES.items()]
        for number, table in enumerate(self.tables.values()):
            for column in table:
                self.fields[_field_name(number, column.index)] = forms.ChoiceField(
                    label=_column_label(column),
                    choices=choices,
                    initial=column.field or NOT_IMPORTED,
                    error_messages={"required": SELECT_FIELD, "invalid_choice": SELECT_FIELD},
                )

    def layout(self) -> list:
        parts = []
        for number, (where, table) in enumerate(self.tables.items()):
            fields = [Field.select(_field_name(number, column.index)) for column in table]
            if len(self.tables) > 1 or where:
                legend = where[:1].upper() + where[1:] if where else "The table"
                parts.append(Fieldset(*fields, legend=legend, legend_size=Size.SMALL))
            else:
                parts += fields
        return parts

    def clean(self):
        cleaned = super().clean()
        for number, (where, table) in enumerate(self.tables.items()):
            chosen = [cleaned.get(_field_name(number, column.index)) for column in table]
            if None in chosen:
                continue
            named = [field for field in chosen if field != NOT_IMPORTED]
            first = _field_name(number, table[0].index)
            if col.ACTION not in named:
                self.add_error(first, f"Select which column{_of(where)} holds the actions")
            twice = sorted({col.FIELD_NAMES[f] for f in named if named.count(f) > 1})
            if twice:
                self.add_error(
                    first,
                    f"Select each kind of column once{_of(where)}: {', '.join(twice)} "
                    "is selected for more than one column",
                )
        return cleaned

    def mapping(self) -> Mapping:
        return {
            where: [
                _stored(self.cleaned_data[_field_name(number, column.index)]) for column in table
            ]
            for number, (where, table) in enumerate(self.tables.items())
        }


def _stored(value: str) -> str:
    return col.IGNORED if value == NOT_IMPORTED else value


def _of(where: str) -> str:
    return f" of {where}" if where else ""


def _column_label(column: Column) -> str:
    heading = " ".join(column.heading.split())
    if len(heading) > 80:
        heading = heading[:79] + "\u2026"
    return f"Column {column.index + 1}: {heading}" if heading else f"Column {column.index + 1}"
