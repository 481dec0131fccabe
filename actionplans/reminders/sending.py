"""Sending each owed email once: the writing half of `manage.py send_reminders`.

A run first claims what it will send: one ReminderSent row per person, period, kind and round,
inserted in one statement that skips any row already there (the unique constraint). It then
reads back the rows it inserted (by its run id) and sends only those, so two runs at once
never both send one. After sending, the rows of emails that went are marked sent and the
rows of emails that failed are deleted, so the next run tries them again; one failure is
logged and never stops the others. A run that dies between claiming and marking leaves
claims without `sent_at`: after STALE_CLAIM they are released and sent again (at most one
duplicate, only after a crash).

The email names only action labels, titles (cut short) and links, never a progress
narrative, and is built from one council's rows only (due.Email).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import uuid
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from actionplans.models import ReminderSent
from actionplans.reminders.due import Email, Kind, emails_due
from core.mail import council_sender, site_url
from core.text import counted

logger = logging.getLogger("pledge.reminders")

STALE_CLAIM = datetime.timedelta(hours=1)
TITLE_CHARS = 100


@dataclass
class RunReport:
    """What a run did: emails sent, emails that failed (retried next run), and for a dry
    run the emails it would have sent."""

    sent: list[Email] = field(default_factory=list)
    failed: list[Email] = field(default_factory=list)
    would_send: list[Email] = field(default_factory=list)


def _key(email: Email, slot) -> tuple[int, int, str, datetime.date]:
    period, round_on = slot
    return (email.person.pk, period.pk, email.kind, round_on)


def _only(emails: list[Email], keys: set) -> list[Email]:
    """Each email cut down to the periods whose keys are in `keys`; empty ones dropped."""
    kept = []
    for email in emails:
        email.actions = {s: a for s, a in email.actions.items() if _key(email, s) in keys}
        if email.actions:
            if email.kind == Kind.DIGEST:
                named = {a.pk for actions in email.actions.values() for a in actions}
                email.by_lead = {
                    lead: [a for a in actions if a.pk in named]
                    for lead, actions in email.by_lead.items()
                    if any(a.pk in named for a in actions)
                }
            kept.append(email)
    return kept


def reminders_send(*, now: datetime.datetime | None = None, dry_run: bool = False) -> RunReport:
    """Send the day's reminders, chasers and digests that have not been sent yet."""
    now = now or timezone.now()
    emails = emails_due(on=timezone.localdate(now))
    wanted = {_key(e, slot) for e in emails for slot in e.actions}
    if dry_run:
        taken = set(
            ReminderSent.objects.filter(period__in={k[1] for k in wanted}).values_list(
                "person_id", "period_id", "kind", "round_on"
            )
        )
        return RunReport(would_send=_only(emails, wanted - taken))
    ReminderSent.objects.filter(sent_at__isnull=True, claimed_at__lt=now - STALE_CLAIM).delete()
    run = uuid.uuid4()
    return deliver(claim(emails, run=run, now=now), run=run)


def claim(emails: list[Email], *, run: uuid.UUID, now: datetime.datetime) -> list[Email]:
    """Insert a ReminderSent row for each email and period under `run`, skipping those
    already there, and return the emails cut down to the rows this run inserted."""
    ReminderSent.objects.bulk_create(
        [
            ReminderSent(
                person=email.person,
                organisation=email.organisation,
                period=period,
                kind=email.kind,
                round_on=round_on,
                run=run,
                claimed_at=now,
                actions=len(actions),
            )
            for email in emails
            for (period, round_on), actions in email.actions.items()
        ],
        ignore_conflicts=True,
    )
    ours = set(
        ReminderSent.objects.filter(run=run).values_list(
            "person_id", "period_id", "kind", "round_on"
        )
    )
    return _only(emails, ours)


def deliver(emails: list[Email], *, run: uuid.UUID) -> RunReport:
    """Send emails claimed by `run`; mark the claims of those sent, release the others."""
    report = RunReport()
    connection = mailers.default
    for email in emails:
        try:
            connection.send_messages([email_message(email)])
        except Exception:
            logger.exception(
                "Could not send the %s to %s for %s; the next run tries again",
                email.kind,
                email.person.email,
                email.organisation.slug,
            )
            report.failed.append(email)
            with contextlib.suppress(Exception):
                connection.close()
        else:
            report.sent.append(email)
    with contextlib.suppress(Exception):
        connection.close()
    if report.failed:
        failed = Q()
        for email in report.failed:
            failed |= Q(person=email.person.pk, organisation=email.organisation.pk, kind=email.kind)
        ReminderSent.objects.filter(failed, run=run).delete()
    ReminderSent.objects.filter(run=run).update(sent_at=timezone.now())
    return report


def _sender(email: Email) -> str:
    return council_sender(email.organisation.name)


def _item(email: Email, action) -> dict:
    path = reverse(
        "actionplans:update-create", kwargs={"org": email.organisation.slug, "pk": action.pk}
    )
    return {
        "label": action.label,
        "title": Truncator(" ".join(action.description.split())).chars(TITLE_CHARS),
        "url": site_url(path),
    }


def _subject(email: Email) -> str:
    count = email.action_count
    actions = counted(count, "action")
    if email.kind == Kind.REMINDER:
        deadline = min(period.update_deadline for period, _ in email.actions)
        return f"{actions} to update by {deadline:%-d %B %Y}"
    if email.kind == Kind.CHASER:
        return f"Overdue: {actions} still to update"
    if email.kind == Kind.CHASE:
        return f"Please update {actions} now"
    return f"Weekly digest: {actions} still to update"


def email_context(email: Email) -> dict:
    periods = sorted(email.actions, key=lambda slot: (slot[0].plan.title, slot[0].starts_on))
    return {
        "kind": email.kind,
        "subject": _subject(email),
        "name": email.person.get_full_name() or email.person.username,
        "council": email.organisation.name,
        "plans": [
            {
                "title": period.plan.title,
                "period": period.name,
                "deadline": period.update_deadline,
                "actions": [_item(email, action) for action in email.actions[(period, r)]],
            }
            for period, r in periods
        ],
        "leads": [
            (lead, [_item(email, action) for action in actions])
            for lead, actions in sorted(email.by_lead.items())
        ],
        "my_actions_url": site_url(reverse("actionplans:my-actions")),
        "preference_url": site_url(
            reverse("actionplans:reminder-preference", kwargs={"org": email.organisation.slug})
        ),
    }


def email_message(email: Email) -> EmailMultiAlternatives:
    """The email with its plain text and HTML parts."""
    context = email_context(email)
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=render_to_string("actionplans/emails/reminder.txt", context),
        from_email=_sender(email),
        to=[email.person.email],
    )
    message.attach_alternative(
        render_to_string("actionplans/emails/reminder.html", context), "text/html"
    )
    return message
