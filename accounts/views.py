"""The password reset request page: the same answer, at the same speed, for every address."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy

from accounts.forms import PasswordResetRequestForm
from accounts.tasks import EMAIL_TEMPLATE, SUBJECT_TEMPLATE, password_reset_email_send


class RedirectThenSend(HttpResponseRedirect):
    """A redirect that queues the reset email once it has been sent to the client: the WSGI
    server closes a response after writing it, and close() is where the email is queued."""

    def __init__(self, url: str, *, email: str, domain: str, use_https: bool):
        super().__init__(url)
        self.reset_email = (email, domain, use_https)

    def close(self) -> None:
        # Before super().close(), whose request_finished signal lets Django close the
        # request's database connection: the task's queries use it first.
        if self.reset_email is not None:
            email, domain, use_https = self.reset_email
            self.reset_email = None  # closed twice (a test client, middleware): sent once
            password_reset_email_send.enqueue(email, domain, use_https)
        super().close()


class PasswordResetRequestView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    email_template_name = EMAIL_TEMPLATE
    subject_template_name = SUBJECT_TEMPLATE
    success_url = reverse_lazy("accounts:password-reset-done")

    def get_form_kwargs(self) -> dict:
        return super().get_form_kwargs() | {"request": self.request}

    def form_valid(self, form):
        # Django's view would look the address up and send here, before answering.
        return RedirectThenSend(
            str(self.get_success_url()),
            email=form.cleaned_data["email"],
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
        )
