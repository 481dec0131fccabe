"""Reminders at their edges: the plans a run skips, the people it must not email, what every
email says, the claims a failed send releases (and no others), and what "chase now" and a
person's choice record. The everyday cases are in test_reminders.py and
test_reminders_choices.py."""

from __future__ import annotations

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from actionplans.models import Action, KeyOutcome, Lead, ReminderPreference, ReminderSent
from actionplans.reminders.preferences import reminder_preference_set, weekly_digest_chosen
from strategies.models import ChangeRecord, CouncilRole, Role
from tests.actionplans.test_reminders import at, plan_with_officer, reminder_settings, run, sent_to
from tests.actionplans.test_reminders_choices import chase
from tests.conftest import build_period

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

__all__ = ["reminder_settings"]  # the autouse fixture, for this module too


# The plans a run skips ------------------------------------------------------------------------


def test_a_plan_with_no_period_to_report_on_is_skipped_and_the_plans_after_it_are_not(
    council, officer
):
    # Made first, so the run meets them before the plan that is due.
    locked = plan_with_officer(council, officer, title="Reported on")
    locked.periods.update(locked_at=at("2026-12-01"))
    undated = plan_with_officer(council, officer, title="No update deadline")
    undated.periods.update(update_deadline=None)
    not_yet = plan_with_officer(council, officer, title="Not yet")
    not_yet.periods.update(update_deadline=datetime.date(2026, 12, 30))
    due = plan_with_officer(council, officer, title="Due")

    run("2026-12-08")

    (message,) = sent_to("officer@example.org")
    assert "Due: Q3 2026-27, updates due by 15 December 2026" in message.body
    for skipped in (locked, undated, not_yet):
        assert skipped.title not in message.body
    assert due.actions.count() == 3 and message.subject == "3 actions to update by 15 December 2026"


# The people a run must not email --------------------------------------------------------------


def test_inactive_people_are_not_emailed_and_a_capitalised_address_is(
    council, officer, make_person
):
    plan = plan_with_officer(council, officer)
    lead = Lead.objects.get(actions__plan=plan, actions__number=1)
    left = make_person("left", council, Role.OFFICER)
    left.is_active = False
    left.save()
    capitalised = make_person("pat", council, Role.OFFICER)
    capitalised.email = "Pat.Officer@example.org"
    capitalised.save()
    lead.officers.add(left, capitalised)

    run("2026-12-08")

    assert sorted(message.to[0] for message in mail.outbox) == [
        "Pat.Officer@example.org",
        "officer@example.org",
    ]


def test_an_officer_who_chose_the_digest_and_then_reminders_again_gets_reminders(council, officer):
    plan_with_officer(council, officer)
    role = CouncilRole.objects.get(user=officer, organisation=council)
    reminder_preference_set(council_role=role, weekly_digest=True)
    reminder_preference_set(council_role=role, weekly_digest=False)

    run("2026-12-08")

    assert [m.subject for m in sent_to("officer@example.org")] == [
        "3 actions to update by 15 December 2026"
    ]


# What an email says ---------------------------------------------------------------------------


def test_an_email_greets_the_person_and_names_the_council_plan_period_deadline_and_links(
    council, officer
):
    officer.first_name, officer.last_name = "Olu", "Adeyemi"
    officer.save()
    plan_with_officer(council, officer, title="Care leavers' plan")

    run("2026-12-08")

    (message,) = sent_to("officer@example.org")
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "Dear Olu Adeyemi," in part
        assert "These actions of Testshire County Council need a progress update" in part
        assert "https://pledge.example.org/my-actions/" in part
        assert "https://pledge.example.org/councils/testshire/reminders/" in part
    assert "Care leavers' plan: Q3 2026-27, updates due by 15 December 2026" in message.body
    assert "Care leavers&#x27; plan: Q3 2026-27</h2>" in html
    assert "<p>Updates due by 15 December 2026.</p>" in html


def test_an_email_lists_actions_in_plan_order_and_a_digest_puts_those_without_a_lead_apart(
    council, officer, owner
):
    plan = plan_with_officer(council, officer, actions=2)
    first, second = plan.actions.order_by("number")
    lead = Lead.objects.get(actions=first)
    # Added later, but first in the plan: its id is the highest.
    added = Action.objects.create(
        plan=plan,
        key_outcome=KeyOutcome.objects.get(plan=plan),
        number=0,
        description="Added at the top",
    )
    added.leads.add(lead)
    no_lead = Action.objects.create(
        plan=plan, key_outcome=first.key_outcome, number=3, description="Nobody leads this"
    )

    run("2026-12-08")

    (reminder,) = sent_to("officer@example.org")
    places = [reminder.body.index(a.description) for a in (added, first, second)]
    assert places == sorted(places)
    assert no_lead.description not in reminder.body
    (digest,) = sent_to("owner@example.org")
    assert f"{lead.name} (3)" in digest.body
    assert f"No lead (1)\n\n- 1.3 {no_lead.description}" in digest.body


def test_each_claim_records_how_many_actions_its_email_named(council, officer):
    plan_with_officer(council, officer)
    run("2026-12-08")
    assert ReminderSent.objects.get(kind="reminder").actions == 3


def test_a_digest_names_only_the_plans_whose_round_it_had_not_sent(council, owner, officer):
    """The owner's digest for two plans, one of which was sent already this week (say its
    period's reminders began earlier): the email, and its list by lead, name only the other."""
    sent_plan = plan_with_officer(council, officer, title="Sent already")
    new_plan = plan_with_officer(council, officer, title="Not yet sent")
    ReminderSent.objects.create(
        person=owner,
        organisation=council,
        period=sent_plan.periods.get(),
        kind=ReminderSent.Kind.DIGEST,
        round_on=datetime.date(2026, 12, 7),  # the Monday of the week
        run="00000000-0000-0000-0000-000000000001",
        claimed_at=at("2026-12-07"),
        sent_at=at("2026-12-07"),
    )

    run("2026-12-08")

    (digest,) = sent_to("owner@example.org")
    assert digest.subject == "Weekly digest: 3 actions still to update"
    assert Lead.objects.get(actions__plan=new_plan, actions__number=1).name in digest.body
    assert Lead.objects.get(actions__plan=sent_plan, actions__number=1).name not in digest.body
    for action in sent_plan.actions.all():
        assert action.description not in digest.body


# A failed send releases its own claims, and no others -----------------------------------------


TESTSHIRE = "Testshire County Council via Pledge <pledge@example.org>"


class RefusingBackend(EmailBackend):
    """Django's locmem backend, refusing the messages `refuses` picks out as an SMTP server
    might, and failing to close once it has refused one."""

    refuses = staticmethod(lambda message: False)

    def send_messages(self, messages):
        for message in messages:
            if self.refuses(message):
                self.broken = True
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"Unavailable")})
        return super().send_messages(messages)

    def close(self):
        if getattr(self, "broken", False):
            raise smtplib.SMTPServerDisconnected("Connection lost")


def _refused(message) -> bool:
    to, reminder = message.to[0], message.subject.startswith("3 actions to update")
    return (
        to == "colleague@example.org"
        or (to == "officer@example.org" and message.from_email == TESTSHIRE)  # not Elsewhere's
        or (to == "owner@example.org" and reminder)  # their reminder, not their digest
    )


def test_a_failed_email_releases_its_own_claims_only_and_a_failing_close_stops_nothing(
    council, other_council, officer, owner, make_person, settings, caplog, monkeypatch
):
    plan = plan_with_officer(council, officer)
    lead = Lead.objects.get(actions__plan=plan, actions__number=1)
    colleague = make_person("colleague", council, Role.OFFICER)
    lead.officers.add(colleague, owner)  # the owner leads too: a reminder and a digest
    CouncilRole.objects.create(user=officer, organisation=other_council, role=Role.OFFICER)
    plan_with_officer(other_council, officer, title="Elsewhere's plan")
    earlier = ReminderSent.objects.create(  # last period's reminder, sent by another run
        person=officer,
        organisation=council,
        period=build_period(
            plan,
            name="Q2 2026-27",
            starts_on=datetime.date(2026, 7, 1),
            ends_on=datetime.date(2026, 9, 30),
        ),
        kind=ReminderSent.Kind.REMINDER,
        round_on=datetime.date(2026, 9, 15),
        run="00000000-0000-0000-0000-000000000002",
        claimed_at=at("2026-09-08"),
        sent_at=at("2026-09-08"),
    )
    monkeypatch.setattr(RefusingBackend, "refuses", staticmethod(_refused))
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}

    failing = run("2026-12-08")
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    retried = run("2026-12-09")

    def who(emails):
        return sorted((e.person.username, e.organisation.slug, e.kind) for e in emails)

    assert who(failing.failed) == [
        ("colleague", "testshire", "reminder"),
        ("officer", "testshire", "reminder"),
        ("owner", "testshire", "reminder"),
    ]
    assert who(failing.sent) == [
        ("officer", "elsewhere", "reminder"),
        ("owner", "testshire", "digest"),
    ]
    assert (
        "Could not send the reminder to colleague@example.org for testshire; "
        "the next run tries again"
    ) in caplog.messages
    assert who(retried.sent) == who(failing.failed)
    assert ReminderSent.objects.filter(pk=earlier.pk, sent_at__isnull=False).exists()


# What "chase now" and a person's choice record ------------------------------------------------


def test_chase_now_records_who_chased_when_and_how_many_were_chased(
    council, officer, owner, make_person, django_capture_on_commit_callbacks
):
    plan = plan_with_officer(council, officer)
    one = chase(plan, owner, "2026-12-01", django_capture_on_commit_callbacks)
    Lead.objects.get(actions__plan=plan, actions__number=1).officers.add(
        make_person("second", council, Role.OFFICER)
    )
    two = chase(plan, owner, "2026-12-02", django_capture_on_commit_callbacks)

    assert (one.chased_at, one.people_claimed, two.people_claimed) == (at("2026-12-01"), 1, 2)
    records = ChangeRecord.objects.for_object(plan).order_by("at")
    assert [(r.actor, r.summary, r.at) for r in records] == [
        (owner, "Chased now: chasers to 1 person", at("2026-12-01")),
        (owner, "Chased now: chasers to 2 people", at("2026-12-02")),
    ]
    assert records[1].changes == {
        "chased_at": [at("2026-12-01").isoformat(), at("2026-12-02").isoformat()]
    }


def test_a_persons_choice_is_theirs_in_that_council_and_recorded_when_it_changes(
    council, other_council, officer, make_person
):
    role = CouncilRole.objects.get(user=officer, organisation=council)
    colleague = CouncilRole.objects.get(user=make_person("colleague", council, Role.OFFICER))
    elsewhere = CouncilRole.objects.create(
        user=officer, organisation=other_council, role=Role.OFFICER
    )

    assert reminder_preference_set(council_role=role, weekly_digest=True) is True
    assert reminder_preference_set(council_role=role, weekly_digest=True) is False
    assert weekly_digest_chosen(role)
    assert not weekly_digest_chosen(colleague) and not weekly_digest_chosen(elsewhere)
    assert reminder_preference_set(council_role=role, weekly_digest=False) is True
    assert not weekly_digest_chosen(role)
    assert ReminderPreference.objects.filter(person=officer).count() == 1
    records = ChangeRecord.objects.filter(organisation=council).order_by("at", "pk")
    assert [(r.actor, r.summary, r.changes) for r in records] == [
        (officer, "Chose one weekly digest", {"weekly_digest": [False, True]}),
        (officer, "Chose reminders and chasers", {"weekly_digest": [True, False]}),
    ]
