"""Sign-in and password reset forms: Django's auth forms with GOV.UK wording and layout.

Errors follow the GOV.UK Design System's patterns ("Enter your password"), one message per
field; the page template shows them in an error summary above the <h1> as well as beside the
field. Templates write the <form> tag themselves (for `next` and `novalidate`), so the helpers
render only the fields and the button.

SignInForm applies the sign-in throttle (accounts/services.py), and so does AdminSignInForm,
the admin's sign-in form (config/urls.py gives it to the admin site). A refused attempt is
answered with the same page, status 200 and an error, like any other sign-in error: it is a
form to correct, read by people, and a 429 would add nothing a person sees.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.views.decorators.debug import sensitive_variables

from accounts.addresses import client_address
from accounts.services import (
    password_reset_request_start,
    sign_in_attempt_start,
    sign_in_failures_clear,
)
from core import security_log
from core.text import counted

EMAIL_FORMAT_ERROR = "Enter an email address in the correct format, like name@example.com"


def _helper(*fields, button: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields, Button.primary("submit", button))
    return helper


def _wait_text() -> str:
    return _minutes(settings.PLEDGE_SIGN_IN_WINDOW_SECONDS)


def _minutes(seconds: int) -> str:
    """A window in whole minutes, rounded up: "15 minutes"."""
    minutes = max(1, -(-seconds // 60))
    return counted(minutes, "minute")


class ThrottledSignIn:
    """The sign-in throttle on one of Django's authentication forms. The app's sign-in page
    (SignInForm) and the admin's (AdminSignInForm) both use it, so failures on either count
    towards one limit, and a block on one holds on the other."""

    @sensitive_variables()
    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()  # nothing to check: the fields say what is missing
        address = client_address(self.request)
        if not sign_in_attempt_start(username=username, address=address):
            security_log.log(
                "sign-in-refused",
                request=self.request,
                user=username[:150],
                reason="too-many-failures",
            )
            raise ValidationError(
                f"You have tried to sign in too many times. Wait {_wait_text()}, then try "
                "again, or reset your password.",
                code="throttled",
            )
        cleaned_data = super().clean()  # raises if the password is wrong: the failure stays
        sign_in_failures_clear(username=username, address=address)
        return cleaned_data


class SignInForm(ThrottledSignIn, AuthenticationForm):
    """Username and password; a failed attempt says so without telling which one was wrong."""

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "Your account has been switched off: ask your Pledge administrator",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username, password = self.fields["username"], self.fields["password"]
        username.error_messages["required"] = "Enter your username"
        password.error_messages["required"] = "Enter your password"
        # Focus moves to the error summary when there is one; autofocus would fight it.
        username.widget.attrs.pop("autofocus", None)
        self.helper = _helper(
            Field.text(
                "username",
                field_width=20,
                autocomplete="username",
                spellcheck="false",
                autocapitalize="none",
            ),
            Field.text("password", field_width=20, autocomplete="current-password"),
            button="Sign in",
        )


class AdminSignInForm(ThrottledSignIn, AdminAuthenticationForm):
    """The admin's sign-in: Django's form and page, for staff only, behind the same throttle.
    Staff accounts reach every council, so they need it at least as much as anyone."""


class PasswordResetRequestForm(PasswordResetForm):
    """The email address to send a password reset link to."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": EMAIL_FORMAT_ERROR,
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.helper = _helper(
            Field.text("email", field_width="two-thirds", spellcheck="false"),
            button="Send reset link",
        )

    def clean_email(self) -> str:
        """Counted against the reset limit, known address or not (accounts/services.py)."""
        email = self.cleaned_data["email"]
        if self.request is not None and not password_reset_request_start(
            email=email, address=client_address(self.request)
        ):
            security_log.log(
                "password-reset-refused", request=self.request, reason="too-many-requests"
            )
            raise ValidationError(
                "You have asked for too many reset links. Wait "
                f"{_minutes(settings.PLEDGE_RESET_WINDOW_SECONDS)}, then try again.",
                code="throttled",
            )
        return email


class NewPasswordForm(SetPasswordForm):
    """A new password, typed twice, checked against the password validators."""

    error_messages = {"password_mismatch": "Enter the same password in both fields"}

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.help_text = (
            "Use at least 8 characters. Do not use only numbers, a common password "
            "or something like your name."
        )
        first.error_messages["required"] = "Enter a new password"
        second.label = "Confirm new password"
        second.help_text = ""
        second.error_messages["required"] = "Confirm your new password"
        self.helper = _helper(
            Field.text("new_password1", field_width=20, autocomplete="new-password"),
            Field.text("new_password2", field_width=20, autocomplete="new-password"),
            button="Save password",
        )
