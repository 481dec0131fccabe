"""send_reminders through Django's SMTP backend to a real SMTP server (aiosmtpd) started on
127.0.0.1 by the test, reading back what the server received: headers and both parts."""

from __future__ import annotations

import datetime
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from actionplans.models import Lead, ReminderSent
from tests.conftest import build_period, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    # Django 6.1 configures email through MAILERS (config/settings.py); EMAIL_BACKEND,
    # EMAIL_HOST and EMAIL_PORT are its older spelling of the same thing.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()


def test_reminders_arrive_at_a_real_smtp_server_with_headers_both_parts_and_links(
    smtp_server, settings, council, officer, owner, today_is
):
    settings.PLEDGE_SITE_URL = "https://pledge.example.org"
    settings.DEFAULT_FROM_EMAIL = "pledge@example.org"
    plan = build_plan(council, actions=2)
    build_period(plan)  # updates due by 15 December 2026
    Lead.objects.filter(actions__plan=plan).distinct().get().officers.add(officer)
    today_is(datetime.date(2026, 12, 8))

    call_command("send_reminders")
    call_command("send_reminders")  # the second run sends nothing new

    by_recipient = {tuple(rcpt): message for rcpt, message in smtp_server.received}
    assert sorted(by_recipient) == [("officer@example.org",), ("owner@example.org",)]
    message = by_recipient[("officer@example.org",)]
    assert message["From"].addresses[0].display_name == "Testshire County Council via Pledge"
    assert message["From"].addresses[0].addr_spec == "pledge@example.org"
    assert message["To"] == "officer@example.org"
    assert message["Subject"] == "2 actions to update by 15 December 2026"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    for action in plan.actions.order_by("number"):
        link = f"https://pledge.example.org/councils/testshire/actions/{action.pk}/update/"
        assert f"Add an update: {link}" in text
        assert f'<a href="{link}">' in html
        assert f"1.{action.number} {action.description}" in text
    assert "Updates due by 15 December 2026." in html
    assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 2
