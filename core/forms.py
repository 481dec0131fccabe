"""Form machinery every app's forms and views share."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.core.exceptions import ValidationError

from core.text import has_visible_text, plain_text, too_long

# The ids a database's bigint primary key can hold. Asked for a larger one, SQLite's driver
# raises OverflowError rather than finding nothing.
ID_RANGE = range(1, 2**63)

# The ways a date may be typed in one text box: 31/3/2027, 31-3-2027, 2027-03-31,
# 31 March 2027 and 31 Mar 2027.
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]


class PlainTextField(forms.CharField):
    """Text kept as typed, less control characters (see core.text.plain_text)."""

    def __init__(self, *, label: str, what: str, max_length: int, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("max_length", too_long(what, max_length))
        super().__init__(label=label, max_length=max_length, **kwargs)

    def to_python(self, value):
        value = plain_text(super().to_python(value))
        # Only spaces, zero-width or direction marks is as good as empty: "Enter ...".
        return value if has_visible_text(value) else ""


class IdChoicesField(forms.ModelMultipleChoiceField):
    """Choices from a queryset, sent as ids: every id must be a whole number a bigint key can
    hold before the database is asked, or the person sees the field's "Select ..." message
    (its `invalid_choice`) rather than an error page."""

    def _check_values(self, value):
        for chosen in value:
            try:
                number = int(str(chosen))
            except ValueError:
                number = 0  # not a number: outside the range too
            if number not in ID_RANGE:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": chosen},
                )
        return super()._check_values(value)


class IdChoiceField(forms.ModelChoiceField):
    """One choice from a queryset, sent as an id, checked as IdChoicesField checks each: a
    value that is not a whole number a bigint key can hold is the field's "Select ..."
    message (its `invalid_choice`), not an error page."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = int(str(value))
        except ValueError:
            number = 0
        if number not in ID_RANGE:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def submit_button(name: str, label: str, css_class: str = "") -> Button:
    """A form's GOV.UK button, as the templates write theirs: a <button>, whose words wrap
    on a narrow screen. crispy's Submit is an <input>, whose words do not: "Preview again
    with these columns" was cut off at 320 px."""
    return Button(name, label, css_class=css_class, type="submit")


class PageForm(forms.Form):
    """A GOV.UK form drawn by crispy-forms-gds (governance/form_page.html, the import upload):
    subclasses give `layout()` and `submit_label`."""

    submit_label = "Save"

    def layout(self) -> list:
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.layout(), submit_button("save", self.submit_label))


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form, against the field it names where there is one."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
