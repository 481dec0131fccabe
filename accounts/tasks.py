"""Sending a password reset link, after the answer to the request has gone.

The reset page answers every well-formed request the same way and at the same speed: it
counts the request (accounts/services.py), and sends nothing itself. Looking the address up
and sending the email happen in this task, queued once the answer is sent
(accounts/views.py), so a known address is not answered more slowly than an unknown one.
In the embedded default the task runs in the same process right after the answer; in
production (PLEDGE_TASKS=database) a worker runs it.
"""

from __future__ import annotations

from django.tasks import task

EMAIL_TEMPLATE = "registration/password_reset_email.txt"
SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"


@task
def password_reset_email_send(email: str, domain: str, use_https: bool) -> None:
    """Email a reset link to each active account with the address, if any has it."""
    from django.contrib.auth.forms import PasswordResetForm

    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            email_template_name=EMAIL_TEMPLATE,
            subject_template_name=SUBJECT_TEMPLATE,
        )
