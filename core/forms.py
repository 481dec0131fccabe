"""Form machinery every app's forms and views share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from core.text import has_visible_text, plain_text, too_long

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


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form, against the field it names where there is one."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
