"""What plan owners and officers choose about reminders, on a controlled clock: a paused period
or lead is skipped, an officer who chose one weekly digest gets it instead of the reminder
and chaser, and "chase now" sends the plan's chasers once a day, after its transaction
commits, through the same claims as the cron job."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.cycle import lead_reminders_pause, reporting_period_reminders_pause
from actionplans.models import ActionPlan, Lead, ReminderSent
from actionplans.reminders.chase import plan_chase
from actionplans.reminders.preferences import reminder_preference_set
from strategies.models import ChangeRecord, CouncilRole, Role
from tests.actionplans.test_reminders import at, plan_with_officer, reminder_settings, run
from tests.conftest import build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

__all__ = ["reminder_settings"]  # the autouse settings of test_reminders.py, used here too

DAYS = ["2026-12-07", "2026-12-08", "2026-12-14", "2026-12-15", "2026-12-16", "2026-12-21"]


def week_of_emails() -> dict[str, list[tuple[str, str]]]:
    """Who got which subject on each day of DAYS (Monday 7 December to Monday 21)."""
    days = {}
    for day in DAYS:
        mail.outbox = []
        run(day)
        days[day] = sorted((message.to[0], message.subject) for message in mail.outbox)
    return days


def chase(plan, who, day: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return plan_chase(plan=plan, chased_by=who, now=at(day))


# Pauses -------------------------------------------------------------------------------------


def test_a_paused_period_gets_no_reminder_chaser_or_digest_until_resumed(council, officer, owner):
    plan = plan_with_officer(council, officer)
    period = plan.periods.get()
    reporting_period_reminders_pause(period=period, paused=True, changed_by=owner)

    assert week_of_emails() == {day: [] for day in DAYS}

    reporting_period_reminders_pause(period=period, paused=False, changed_by=owner)
    mail.outbox = []
    run("2026-12-22")
    assert sorted(m.subject for m in mail.outbox) == [
        "Overdue: 3 actions still to update",
        "Weekly digest: 3 actions still to update",
    ]


def test_a_paused_lead_s_officers_are_skipped_but_other_leads_officers_and_owners_are_not(
    council, officer, owner, make_person
):
    plan = plan_with_officer(council, officer)
    other_officer = make_person("health", council, Role.OFFICER)
    health = Lead.objects.create(organisation=council, name="Health")
    health.officers.add(other_officer)
    plan.actions.order_by("number").first().leads.add(health)
    paused = Lead.objects.exclude(pk=health.pk).get()
    lead_reminders_pause(lead=paused, paused=True, changed_by=owner)

    days = week_of_emails()

    assert days["2026-12-08"] == [
        ("health@example.org", "1 action to update by 15 December 2026"),
        ("owner@example.org", "Weekly digest: 3 actions still to update"),
    ]
    assert days["2026-12-16"] == [("health@example.org", "Overdue: 1 action still to update")]
    assert not [m for day in days.values() for m in day if m[0] == "officer@example.org"]


# One weekly digest instead ------------------------------------------------------------------


def test_an_officer_who_chose_the_digest_gets_it_weekly_instead_of_reminder_and_chaser(
    council, officer, owner
):
    plan_with_officer(council, officer)
    role = CouncilRole.objects.get(user=officer, organisation=council)
    reminder_preference_set(council_role=role, weekly_digest=True)

    days = week_of_emails()

    digest = "Weekly digest: 3 actions still to update"
    assert days == {
        "2026-12-07": [],
        "2026-12-08": [("officer@example.org", digest), ("owner@example.org", digest)],
        "2026-12-14": [("officer@example.org", digest), ("owner@example.org", digest)],
        "2026-12-15": [],
        "2026-12-16": [],
        "2026-12-21": [("officer@example.org", digest), ("owner@example.org", digest)],
    }


def test_the_digest_choice_is_per_council(council, other_council, officer):
    CouncilRole.objects.create(user=officer, organisation=other_council, role=Role.OFFICER)
    plan_with_officer(council, officer)
    plan_with_officer(other_council, officer)
    role = CouncilRole.objects.get(user=officer, organisation=council)
    reminder_preference_set(council_role=role, weekly_digest=True)

    report = run("2026-12-08")

    assert sorted((e.organisation.slug, e.kind) for e in report.sent) == [
        ("elsewhere", "reminder"),
        ("testshire", "digest"),
    ]


def test_an_officers_digest_names_only_the_actions_of_their_leads(
    council, officer, owner, make_person
):
    plan = plan_with_officer(council, officer, actions=2)
    plan.actions.order_by("number").first().leads.set(
        [Lead.objects.create(organisation=council, name="Health")]
    )
    reminder_preference_set(
        council_role=CouncilRole.objects.get(user=officer, organisation=council),
        weekly_digest=True,
    )

    run("2026-12-08")

    mine = [m for m in mail.outbox if m.to == ["officer@example.org"]]
    assert [m.subject for m in mine] == ["Weekly digest: 1 action still to update"]
    second = plan.actions.order_by("number").last()
    assert reverse("actionplans:update-create", args=[council.slug, second.pk]) in mine[0].body


def test_an_officer_chooses_the_digest_on_its_page_and_the_choice_is_recorded(
    client, council, officer
):
    client.force_login(officer)
    page = reverse("actionplans:reminder-preference", args=[council.slug])

    empty = client.post(page, {})
    response = client.post(page, {"how": "digest"}, follow=True)

    assert "Select how you want to hear about actions that need an update" in (
        empty.content.decode()
    )
    assert "You will get one weekly digest" in response.content.decode()
    assert ChangeRecord.objects.get().summary == "Chose one weekly digest"
    assert re.search(r'value="digest"\s+checked', client.get(page).content.decode())


# Chase now ----------------------------------------------------------------------------------


def test_chase_now_emails_the_officers_at_once_and_says_how_many(
    council, officer, owner, make_person, django_capture_on_commit_callbacks
):
    plan = plan_with_officer(council, officer)
    second = make_person("second", council, Role.OFFICER)
    Lead.objects.get(actions__plan=plan, actions__number=1).officers.add(second)

    result = chase(plan, owner, "2026-12-01", django_capture_on_commit_callbacks)

    assert (result.chased, result.people_emailed) == (True, 2)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("officer@example.org", "Please update 3 actions now"),
        ("second@example.org", "Please update 3 actions now"),
    ]
    claims = ReminderSent.objects.filter(sent_at__isnull=False).values_list("kind", "round_on")
    assert sorted(claims) == [("chase", datetime.date(2026, 12, 1))] * 2


def test_chase_now_twice_the_same_day_sends_nothing_and_says_when(
    council, officer, owner, django_capture_on_commit_callbacks
):
    plan = plan_with_officer(council, officer)
    chase(plan, owner, "2026-12-01", django_capture_on_commit_callbacks)
    mail.outbox = []

    again = chase(plan, owner, "2026-12-01", django_capture_on_commit_callbacks)
    next_day = chase(plan, owner, "2026-12-02", django_capture_on_commit_callbacks)

    assert (again.chased, again.chased_at) == (False, at("2026-12-01"))
    assert (next_day.chased, next_day.people_emailed) == (True, 1)
    assert len(mail.outbox) == 1


def test_chase_now_sends_nothing_until_its_transaction_commits(
    council, officer, owner, django_capture_on_commit_callbacks
):
    plan = plan_with_officer(council, officer)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = plan_chase(plan=plan, chased_by=owner, now=at("2026-12-01"))
    before_commit = len(mail.outbox)
    for callback in callbacks:
        callback()

    assert (before_commit, len(mail.outbox), result.people_emailed) == (0, 1, 1)


def test_chase_now_names_only_its_own_plan_and_skips_paused_leads(
    council, officer, owner, django_capture_on_commit_callbacks
):
    plan = plan_with_officer(council, officer)
    other = plan_with_officer(council, officer, actions=5)
    lead_reminders_pause(
        lead=Lead.objects.get(actions__plan=other, actions__number=1),
        paused=True,
        changed_by=owner,
    )

    chase(plan, owner, "2026-12-01", django_capture_on_commit_callbacks)
    chase(other, owner, "2026-12-01", django_capture_on_commit_callbacks)

    assert [m.subject for m in mail.outbox] == ["Please update 3 actions now"]
    for action in other.actions.all():
        assert f"/actions/{action.pk}/update/" not in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_chase_now_on_the_plan_page_says_how_many_people_were_emailed(
    client, council, officer, owner
):
    """With real commits, as a request has them: the chasers go as the chase commits, before
    the page says how many went."""
    plan = plan_with_officer(council, officer)
    ReminderSent.objects.all().delete()
    plan.periods.update(
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        ends_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    client.force_login(owner)
    url = reverse("actionplans:plan-chase", args=[council.slug, plan.pk])

    first = client.post(url, follow=True).content.decode()
    second = client.post(url, follow=True).content.decode()

    assert "Chasers sent to 1 person" in first
    assert [m.to for m in mail.outbox] == [["officer@example.org"]]
    assert "This plan was already chased today" in second
    assert client.get(url).status_code == 405
    assert ActionPlan.objects.get(pk=plan.pk).chased_at is not None


def test_a_plan_without_periods_chases_no_one(
    council, officer, owner, django_capture_on_commit_callbacks
):
    plan = build_plan(council)
    Lead.objects.get(actions__plan=plan, actions__number=1).officers.add(officer)

    result = chase(plan, owner, "2026-12-01", django_capture_on_commit_callbacks)

    assert (result.chased, result.people_emailed, len(mail.outbox)) == (True, 0, 0)


# The admin ----------------------------------------------------------------------------------


def test_staff_read_what_was_sent_in_the_admin_and_cannot_add_change_or_delete_it(
    client, django_user_model, council, officer
):
    plan_with_officer(council, officer)
    run("2026-12-08")
    sent = ReminderSent.objects.get()
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))

    listing = client.get(reverse("admin:actionplans_remindersent_changelist"))
    shown = client.get(reverse("admin:actionplans_remindersent_change", args=[sent.pk]))
    posted = client.post(
        reverse("admin:actionplans_remindersent_change", args=[sent.pk]), {"kind": "chaser"}
    )
    deleted = client.post(
        reverse("admin:actionplans_remindersent_delete", args=[sent.pk]), {"post": "yes"}
    )

    assert listing.status_code == 200
    assert str(officer) in listing.content.decode()
    assert shown.status_code == 200 and 'name="kind"' not in shown.content.decode()
    added = client.get(reverse("admin:actionplans_remindersent_add"))
    assert (added.status_code, posted.status_code, deleted.status_code) == (403, 403, 403)
    sent.refresh_from_db()
    assert (sent.kind, ReminderSent.objects.count()) == ("reminder", 1)


def test_the_run_costs_the_same_queries_with_one_or_six_officers_a_lead(
    council, officer, owner, make_person
):
    """With choices in play too: a digest chosen, another lead paused."""
    plan = plan_with_officer(council, officer, actions=4)
    reminder_preference_set(
        council_role=CouncilRole.objects.get(user=officer, organisation=council),
        weekly_digest=True,
    )
    paused = Lead.objects.create(organisation=council, name="Paused", reminders_paused=True)
    plan.actions.order_by("number").first().leads.add(paused)
    lead = Lead.objects.filter(actions__plan=plan).exclude(pk=paused.pk).distinct().get()
    counts = []
    for day, extra in [("2026-12-08", 0), ("2026-12-16", 5)]:
        for n in range(extra):
            lead.officers.add(make_person(f"more{n}", council, Role.OFFICER))
        with CaptureQueriesContext(connection) as queries:
            report = run(day)
        counts.append((len(queries), len(report.sent) > extra))
    assert counts[0] == counts[1]
