"""Reminders, chasers and digests (actionplans/reminders/): who gets what on which day, each
once, from one council's rows only, in a fixed number of queries. Sent through Django's
locmem backend; test_reminders_smtp.py sends through a real SMTP server."""

from __future__ import annotations

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionplans.models import Lead, ProgressUpdate, Rag, ReminderSent
from actionplans.reminders import sending
from strategies.models import CouncilRole, Role
from tests.conftest import build_period, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def at(day: str) -> datetime.datetime:
    """Noon, local time, on an ISO date."""
    moment = datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(12))
    return timezone.make_aware(moment)


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.PLEDGE_SITE_URL = "https://pledge.example.org"
    settings.PLEDGE_REMINDER_DAYS_BEFORE = 7
    settings.PLEDGE_DIGEST_WEEKDAY = 0
    settings.DEFAULT_FROM_EMAIL = "Pledge <pledge@example.org>"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []


def plan_with_officer(council, officer, *, actions: int = 3, **plan_fields):
    """A plan whose one lead `officer` acts for, in Q3 2026-27: 1 October to 31 December,
    updates due by 15 December, so reminders start on 8 December."""
    plan = build_plan(council, actions=actions, **plan_fields)
    build_period(plan)
    Lead.objects.filter(actions__plan=plan).distinct().get().officers.add(officer)
    return plan


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def run(day: str) -> sending.RunReport:
    return sending.reminders_send(now=at(day))


# Who gets what on which day -----------------------------------------------------------------


def test_officers_get_a_reminder_before_the_deadline_and_a_chaser_after_it_once_each(
    council, officer, owner
):
    plan = plan_with_officer(council, officer)
    first = plan.actions.order_by("number").first()
    ProgressUpdate.objects.create(
        action=first, period=plan.periods.get(), narrative="Done", rag=Rag.GREEN
    )

    days = {}
    for day in ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-15", "2026-12-16"]:
        mail.outbox = []
        run(day)
        days[day] = sorted((m.to[0], m.subject) for m in mail.outbox)

    assert days == {
        "2026-12-07": [],
        "2026-12-08": [
            ("officer@example.org", "2 actions to update by 15 December 2026"),
            ("owner@example.org", "Weekly digest: 2 actions still to update"),
        ],
        "2026-12-09": [],
        "2026-12-15": [("owner@example.org", "Weekly digest: 2 actions still to update")],
        "2026-12-16": [("officer@example.org", "Overdue: 2 actions still to update")],
    }
    kinds = ReminderSent.objects.filter(sent_at__isnull=False).values_list("kind", flat=True)
    assert sorted(kinds) == ["chaser", "digest", "digest", "reminder"]


def test_a_plans_own_days_before_the_deadline_overrides_the_default(council, officer):
    plan_with_officer(council, officer, reminder_days_before=2)
    assert run("2026-12-12").sent == []
    assert [e.kind for e in run("2026-12-13").sent] == ["reminder"]


def test_an_officer_in_two_councils_gets_one_email_for_each_with_only_its_actions(
    council, other_council, officer
):
    CouncilRole.objects.create(user=officer, organisation=other_council, role=Role.OFFICER)
    ours = plan_with_officer(council, officer, actions=2, title="Our plan")
    theirs = plan_with_officer(other_council, officer, actions=1, title="Their plan")
    second_of_ours = build_plan(council, actions=1, title="Our other plan")
    build_period(second_of_ours)
    Lead.objects.filter(actions__plan=second_of_ours).distinct().get().officers.add(officer)

    run("2026-12-08")

    messages = {m.from_email: m for m in sent_to("officer@example.org")}
    assert set(messages) == {
        "Testshire County Council via Pledge <pledge@example.org>",
        "Elsewhere Borough Council via Pledge <pledge@example.org>",
    }
    testshire = messages["Testshire County Council via Pledge <pledge@example.org>"].body
    elsewhere = messages["Elsewhere Borough Council via Pledge <pledge@example.org>"].body
    for action in [*ours.actions.all(), *second_of_ours.actions.all()]:
        assert f"/councils/testshire/actions/{action.pk}/update/" in testshire
        assert action.description in testshire
        assert action.description not in elsewhere
    for action in theirs.actions.all():
        assert f"/councils/elsewhere/actions/{action.pk}/update/" in elsewhere
        assert action.description not in testshire
    assert "elsewhere" not in testshire and "testshire" not in elsewhere


def test_only_people_who_report_on_actions_in_that_council_are_emailed(
    council, other_council, officer, viewer, make_person
):
    plan = plan_with_officer(council, officer)
    lead = Lead.objects.filter(actions__plan=plan).distinct().get()
    stranger = make_person("stranger", other_council, Role.OFFICER)  # no role in Testshire
    no_email = make_person("noemail", council, Role.OFFICER)
    no_email.email = ""
    no_email.save()
    lead.officers.add(viewer, stranger, no_email)

    run("2026-12-08")

    assert [m.to for m in mail.outbox] == [["officer@example.org"]]


def test_after_a_pack_locks_the_period_reminders_follow_the_next_periods_deadline(council, officer):
    plan = plan_with_officer(council, officer)
    plan.periods.update(locked_at=at("2026-12-16"))
    build_period(
        plan,
        name="Q4 2026-27",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 3, 31),
        update_deadline=datetime.date(2027, 3, 15),
    )

    assert run("2026-12-17").sent == []
    reminded = run("2027-03-08").sent
    assert [(e.kind, [p.name for p, _ in e.actions]) for e in reminded] == [
        ("reminder", ["Q4 2026-27"])
    ]


# What an email says -------------------------------------------------------------------------


def test_the_email_names_labels_titles_and_links_but_no_narrative(council, officer, owner):
    plan = plan_with_officer(council, officer, actions=2)
    first, second = plan.actions.order_by("number")
    first.reference = "4.3"
    first.description = "Find homes " + "for care leavers " * 20
    first.save()
    earlier = build_period(
        plan, name="Q2", starts_on=datetime.date(2026, 7, 1), ends_on=datetime.date(2026, 9, 30)
    )
    ProgressUpdate.objects.create(
        action=first, period=earlier, narrative="A private matter", rag=Rag.RED
    )

    run("2026-12-08")

    (message,) = sent_to("officer@example.org")
    (html, kind) = message.alternatives[0]
    assert kind == "text/html"
    link = f"https://pledge.example.org/councils/testshire/actions/{first.pk}/update/"
    for part in (message.body, html):
        assert link in part
        assert "4.3 Find homes for care leavers" in part
        assert f"1.2 {second.description}" in part
        assert "A private matter" not in part
        assert "for care leavers " * 10 not in part  # titles are cut short
    assert f'<a href="{link}">' in html
    assert '<html lang="en">' in html
    (digest,) = sent_to("owner@example.org")
    lead = Lead.objects.get(actions=first).name
    assert f"{lead} (2)" in digest.body


# Sent once ----------------------------------------------------------------------------------


def test_running_twice_sends_nothing_new(council, officer, owner):
    plan_with_officer(council, officer)
    first = run("2026-12-08")
    again = run("2026-12-08")
    assert (len(first.sent), len(again.sent), len(mail.outbox)) == (2, 0, 2)


def test_a_run_that_starts_while_another_is_sending_sends_nothing_twice(
    council, officer, owner, monkeypatch
):
    """Another run claims and sends between this run's reading and its claiming."""
    plan_with_officer(council, officer)
    reading = sending.emails_due

    def read_then_let_another_run(*, on):
        emails = reading(on=on)
        monkeypatch.setattr(sending, "emails_due", reading)
        other_run.append(sending.reminders_send(now=at("2026-12-08")))
        return emails

    other_run = []
    monkeypatch.setattr(sending, "emails_due", read_then_let_another_run)
    this_run = run("2026-12-08")

    assert (len(other_run[0].sent), len(this_run.sent), len(mail.outbox)) == (2, 0, 2)


class FlakyBackend(EmailBackend):
    """Django's locmem backend, refusing mail to one address as an SMTP server might."""

    refuse = "officer@example.org"

    def send_messages(self, messages):
        if any(self.refuse in message.to for message in messages):
            raise smtplib.SMTPRecipientsRefused({self.refuse: (550, b"Mailbox unavailable")})
        return super().send_messages(messages)


def test_a_failed_send_is_logged_retried_next_run_and_stops_no_other(
    council, officer, owner, make_person, settings, caplog
):
    plan = plan_with_officer(council, officer)
    colleague = make_person("colleague", council, Role.OFFICER)
    Lead.objects.filter(actions__plan=plan).distinct().get().officers.add(colleague)
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}

    failing = run("2026-12-08")
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    retried = run("2026-12-09")

    assert [e.person.email for e in failing.failed] == ["officer@example.org"]
    assert sorted(e.person.email for e in failing.sent) == [
        "colleague@example.org",
        "owner@example.org",
    ]
    assert "Could not send the reminder to officer@example.org" in caplog.text
    assert [e.person.email for e in retried.sent] == ["officer@example.org"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "colleague@example.org",
        "officer@example.org",
        "owner@example.org",
    ]


def test_a_claim_left_by_a_run_that_died_is_sent_again_an_hour_later(council, officer, owner):
    plan_with_officer(council, officer)
    run("2026-12-08")
    ReminderSent.objects.update(sent_at=None)  # as if the run died before marking them
    mail.outbox = []

    assert sending.reminders_send(now=at("2026-12-08") + datetime.timedelta(minutes=59)).sent == []
    later = sending.reminders_send(now=at("2026-12-08") + datetime.timedelta(minutes=61))
    assert len(later.sent) == 2


# The command --------------------------------------------------------------------------------


def test_the_command_dry_run_lists_what_it_would_send_and_records_nothing(
    council, officer, owner, today_is, capsys
):
    plan_with_officer(council, officer)
    today_is(datetime.date(2026, 12, 8))

    call_command("send_reminders", "--dry-run")
    dry = capsys.readouterr().out
    call_command("send_reminders")
    wet = capsys.readouterr().out
    call_command("send_reminders", "--dry-run")
    after = capsys.readouterr().out

    assert "Would send a reminder to officer@example.org (Testshire County Council): 3" in dry
    assert "2 emails would be sent." in dry
    assert "2 emails sent." in wet
    assert "0 emails would be sent." in after
    assert len(mail.outbox) == 2


# Queries ------------------------------------------------------------------------------------


def officers_with_plans(council, make_person, count: int, prefix: str) -> None:
    for index in range(count):
        person = make_person(f"{prefix}{index}", council, Role.OFFICER)
        plan_with_officer(council, person, actions=2)


def test_the_run_costs_the_same_queries_for_2_or_12_officers(council, make_person, owner):
    counts = []
    for size, prefix, day in [(2, "small", "2026-12-08"), (12, "large", "2026-12-16")]:
        officers_with_plans(council, make_person, size, prefix)
        with CaptureQueriesContext(connection) as queries:
            report = run(day)
        counts.append(len(queries))
        assert len(report.sent) >= size
    assert counts[0] == counts[1]
