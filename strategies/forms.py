"""The forms of the people pages that need only roles: inviting a person, changing a role,
and accepting an invitation. They word their fields; the rules are in strategies/people.py."""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin

from core.forms import PageForm, PlainTextField
from strategies.models import Role
from strategies.people import ROLE_HINTS, SELECT_ROLE

EMAIL_FORMAT_ERROR = "Enter an email address in the correct format, like name@example.com"
NAME_MAX = 150


def role_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[Choice(value, name, hint=ROLE_HINTS[value]) for value, name in Role.choices],
        widget=forms.RadioSelect,
        error_messages={"required": SELECT_ROLE, "invalid_choice": SELECT_ROLE},
    )


class InvitationForm(PageForm):
    submit_label = "Send invitation"

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The invitation's link is sent here. It works once, for 7 days.",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": EMAIL_FORMAT_ERROR,
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    role = role_field("Which role will they have?")

    def layout(self) -> list:
        return [
            Field.text("email", field_width="two-thirds", spellcheck="false"),
            Field.radios("role", legend_size=Size.MEDIUM),
        ]


class RoleForm(PageForm):
    submit_label = "Save role"

    role = role_field("Which role do they have?")

    def layout(self) -> list:
        return [Field.radios("role", legend_size=Size.MEDIUM)]


class InvitationAcceptForm(SetPasswordMixin, PageForm):
    """A new account's name and password; its username is the invited address."""

    submit_label = "Create account and accept"
    error_messages = {"password_mismatch": "Enter the same password in both fields"}

    first_name = PlainTextField(
        label="First name",
        what="First name",
        max_length=NAME_MAX,
        error_messages={"required": "Enter your first name"},
    )
    last_name = PlainTextField(
        label="Last name",
        what="Last name",
        max_length=NAME_MAX,
        error_messages={"required": "Enter your last name"},
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="Password", label2="Confirm password"
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)
        first, second = self.fields["password1"], self.fields["password2"]
        first.help_text = (
            "Use at least 8 characters. Do not use only numbers, a common password "
            "or something like your name."
        )
        first.error_messages["required"] = "Enter a password"
        second.help_text = ""
        second.error_messages["required"] = "Confirm your password"

    def layout(self) -> list:
        return [
            Field.text("first_name", field_width=20, autocomplete="given-name"),
            Field.text("last_name", field_width=20, autocomplete="family-name"),
            Field.text("password1", field_width=20, autocomplete="new-password"),
            Field.text("password2", field_width=20, autocomplete="new-password"),
        ]

    def clean(self):
        self.validate_passwords()
        # Checked as the account it will be: not too like the address or the name.
        candidate = get_user_model()(
            username=self.email,
            email=self.email,
            first_name=self.cleaned_data.get("first_name", ""),
            last_name=self.cleaned_data.get("last_name", ""),
        )
        self.validate_password_for_user(candidate, password_field_name="password1")
        return super().clean()
