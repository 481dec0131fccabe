"""No lost updates under real concurrency, on PostgreSQL.

Threads each have their own database connection (Django's are per thread) and commit for
real (transaction=True), so the row lock in services._lock_current is what decides. SQLite
is left out: it has no row locks (Django ignores select_for_update there) and the test
database is in memory with a shared cache, where concurrent writers fail with "database
table is locked" instead of waiting, so it would test SQLite rather than the services.
"""

from __future__ import annotations

import datetime
import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import timezone

from actionplans.action_setup import plan_carry_over
from actionplans.cycle import (
    plan_cadence_set,
    reporting_period_deadline_change,
    reporting_period_reminders_pause,
)
from actionplans.models import Action, ActionPlan, KeyOutcome, ProgressUpdate, Rag, ReminderSent
from actionplans.reminders import sending
from actionplans.reminders.chase import plan_chase
from actionplans.services import StaleActionError, progress_update_record
from actionplans.setup import plan_create
from strategies.models import ChangeRecord
from tests.actionplans.test_reminders import plan_with_officer
from tests.actionplans.updating import form_fields, officer_action, url
from tests.conftest import build_period, build_plan

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks and real concurrent connections",
    ),
]

THREADS = 8


def run_together(work: Callable[[int], object], count: int) -> list[object]:
    """Run work(0..count-1) in threads released at once; each result or exception."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_of_many_updates_sent_with_one_version_exactly_one_is_saved(council, officer):
    action = officer_action(council, officer)
    seen = action.version
    # Half send the version the action has now, half one it had before: all are stale but one.
    versions = [seen if index % 2 == 0 else seen - 1 for index in range(THREADS)]

    def send(index: int):
        return progress_update_record(
            action=Action.objects.get(pk=action.pk),
            author=officer,
            narrative=f"Update from thread {index}",
            rag=Rag.AMBER,
            period=None,
            expected_version=versions[index],
        )

    results = run_together(send, THREADS)

    accepted = [index for index, result in enumerate(results) if isinstance(result, ProgressUpdate)]
    refused = [result for result in results if isinstance(result, StaleActionError)]
    assert len(accepted) + len(refused) == THREADS, results
    assert len(accepted) == 1
    assert versions[accepted[0]] == seen
    saved = ProgressUpdate.objects.filter(action=action)
    assert [update.narrative for update in saved] == [f"Update from thread {accepted[0]}"]
    assert ChangeRecord.objects.for_object(action).count() == 1
    action.refresh_from_db()
    assert action.version == seen + 1


def test_updates_sent_without_a_version_are_all_saved_and_each_counted_once(council, officer):
    action = officer_action(council, officer)

    def send(index: int):
        return progress_update_record(
            action=Action.objects.get(pk=action.pk),
            author=officer,
            narrative=f"Update {index}",
            rag=Rag.GREEN,
            period=None,
        )

    results = run_together(send, THREADS)

    assert all(isinstance(result, ProgressUpdate) for result in results), results
    assert ProgressUpdate.objects.filter(action=action).count() == THREADS
    assert ChangeRecord.objects.for_object(action).count() == THREADS
    action.refresh_from_db()
    assert action.version == 1 + THREADS


def test_a_save_waits_for_the_row_lock_and_then_sees_the_newer_version(council, officer):
    """Without select_for_update the second save would read the old version and go through."""
    action = officer_action(council, officer)
    first_saved = threading.Event()
    release = threading.Event()

    def first(_index: int):
        with transaction.atomic():
            progress_update_record(
                action=Action.objects.get(pk=action.pk),
                author=officer,
                narrative="First",
                rag=Rag.RED,
                period=None,
                expected_version=1,
            )
            first_saved.set()
            release.wait(timeout=10)  # hold the lock, uncommitted
        return "committed"

    def second(_index: int):
        first_saved.wait(timeout=10)
        return progress_update_record(
            action=Action.objects.get(pk=action.pk),
            author=officer,
            narrative="Second",
            rag=Rag.GREEN,
            period=None,
            expected_version=1,
        )

    outcome: dict[str, object] = {}
    waiter = threading.Thread(target=lambda: outcome.update(second=run_together(second, 1)[0]))
    waiter.start()
    holder = threading.Thread(target=lambda: outcome.update(first=run_together(first, 1)[0]))
    holder.start()
    assert first_saved.wait(timeout=10)
    waiter.join(timeout=1)
    assert waiter.is_alive(), "the second save should wait for the first's lock"
    release.set()
    holder.join(timeout=10)
    waiter.join(timeout=10)

    assert outcome["first"] == "committed"
    assert isinstance(outcome["second"], StaleActionError)
    assert outcome["second"].action.version == 2
    assert list(ProgressUpdate.objects.values_list("narrative", flat=True)) == ["First"]


def test_two_officers_saving_one_stale_pair_of_forms_at_once(council, officer, owner):
    """Through the pages: one is saved, the other is shown the winner's update, keeps its
    own answers and saves on confirming."""
    action = officer_action(council, officer)
    clients = [Client(), Client()]
    clients[0].force_login(officer)
    clients[1].force_login(owner)
    forms = [
        form_fields(client.get(url("actionplans:update-create", action))) for client in clients
    ]
    typed = [
        {"narrative": "Officer: lease signed", "rag": Rag.GREEN},
        {"narrative": "Owner: <script>x</script> not signed", "rag": Rag.RED},
    ]

    def post(index: int):
        return clients[index].post(
            url("actionplans:update-create", action), forms[index] | typed[index]
        )

    responses = run_together(post, 2)

    statuses = Counter(response.status_code for response in responses)
    assert statuses == Counter({302: 1, 200: 1})
    loser = next(index for index, response in enumerate(responses) if response.status_code == 200)
    winner = 1 - loser
    page = responses[loser].content.decode()
    assert "Someone else changed this action" in page
    assert typed[winner]["narrative"].replace("<", "&lt;").replace(">", "&gt;") in page
    kept = form_fields(responses[loser])
    assert kept["narrative"] == typed[loser]["narrative"]
    assert kept["rag"] == typed[loser]["rag"]
    assert ProgressUpdate.objects.filter(action=action).count() == 1

    again = clients[loser].post(url("actionplans:update-create", action), kept)

    assert again.status_code == 302
    saved = ProgressUpdate.objects.filter(action=action).order_by("created_at", "pk")
    assert [update.narrative for update in saved] == [
        typed[winner]["narrative"],
        typed[loser]["narrative"],
    ]
    assert ChangeRecord.objects.for_object(action).count() == 2


def test_two_reminder_runs_at_once_send_each_email_once(council, officer, owner, settings):
    """Each run reads what is owed, then both claim at once: the unique row decides."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []
    plan_with_officer(council, officer)
    now = timezone.make_aware(datetime.datetime(2026, 12, 8, 12))

    results = run_together(lambda index: sending.reminders_send(now=now), THREADS)

    assert not [result for result in results if isinstance(result, Exception)]
    assert sum(len(result.sent) for result in results) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "officer@example.org",
        "owner@example.org",
    ]
    assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 2


def test_chase_now_pressed_many_times_at_once_chases_once(council, officer, owner, settings):
    """The plan's row lock decides: one press claims and sends, the others wait for it and
    then find the plan chased today."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []
    plan = plan_with_officer(council, officer)
    now = timezone.make_aware(datetime.datetime(2026, 12, 1, 12))

    results = run_together(lambda index: plan_chase(plan=plan, chased_by=owner, now=now), THREADS)

    assert not [result for result in results if isinstance(result, Exception)]
    assert sorted(result.chased for result in results) == [False] * (THREADS - 1) + [True]
    assert [message.to for message in mail.outbox] == [["officer@example.org"]]
    assert ChangeRecord.objects.for_object(plan).count() == 1


def test_carrying_over_pressed_many_times_at_once_carries_each_action_once(council, owner):
    """The old actions' row locks decide: one carrying copies and closes them, the others
    wait for it and then find no unfinished action left to carry."""
    old = build_plan(council, actions=3, title="Plan 2023-26")
    new = plan_create(strategy=old.strategy, created_by=owner, title="Plan 2026-29")
    homes = KeyOutcome.objects.create(plan=new, number=1, title="Homes")
    mapping = {old.key_outcomes.get().pk: homes}

    results = run_together(
        lambda index: plan_carry_over(
            from_plan=old, into_plan=new, mapping=mapping, carried_by=owner
        ),
        THREADS,
    )

    assert not [result for result in results if isinstance(result, Exception)]
    assert sorted(len(result) for result in results) == [0] * (THREADS - 1) + [3]
    assert sorted(new.actions.values_list("number", flat=True)) == [1, 2, 3]
    assert not old.actions.filter(status=Action.Status.OPEN).exists()


def test_a_cadence_set_many_times_at_once_leaves_the_periods_one_setting_gives(council, owner):
    """The plan's row lock decides: each setting waits for the one before and reads the
    cadence and periods it left, so the plan ends with one quarter and the next, once each
    (the period's unique start would refuse a second copy, failing a setting), and the
    history says the cadence changed once."""
    plan = build_plan(council)
    on = datetime.date(2026, 12, 6)

    results = run_together(
        lambda index: plan_cadence_set(
            plan=plan,
            cadence=ActionPlan.Cadence.QUARTERLY,
            update_deadline_days=14,
            reminder_days_before=None,
            changed_by=owner,
            on=on,
        ),
        THREADS,
    )

    assert not [result for result in results if isinstance(result, Exception)]
    assert list(plan.periods.order_by("starts_on").values_list("name", flat=True)) == [
        "October 2026 to December 2026",
        "January 2027 to March 2027",
    ]
    # Each read what it changed from under the lock: the first set the cadence, the others
    # found it set (without the lock every one would record "Not set" to "Quarterly").
    records = ChangeRecord.objects.for_object(plan)
    assert records.count() == THREADS
    assert [record.changes["cadence"] for record in records if "cadence" in record.changes] == [
        [ActionPlan.Cadence.NOT_SET, ActionPlan.Cadence.QUARTERLY]
    ]


def test_a_periods_deadline_moved_many_times_at_once_is_recorded_as_a_chain(council, owner):
    """The period's row lock decides: each move reads the deadline the one before it left,
    so the history runs from the first deadline to the last without a gap or a repeat."""
    period = build_period(build_plan(council))
    first = period.update_deadline
    days = [first + datetime.timedelta(days=index + 1) for index in range(THREADS)]

    results = run_together(
        lambda index: reporting_period_deadline_change(
            period=period, deadline=days[index], changed_by=owner
        ),
        THREADS,
    )

    assert not [result for result in results if isinstance(result, Exception)]
    moves = [
        record.changes["update_deadline"]
        for record in ChangeRecord.objects.for_object(period).order_by("at", "pk")
    ]
    assert len(moves) == THREADS
    assert [old for old, _new in moves] == [first.isoformat()] + [new for _old, new in moves[:-1]]
    period.refresh_from_db()
    assert period.update_deadline.isoformat() == moves[-1][1]


def test_a_periods_reminders_paused_many_times_at_once_are_paused_once(council, owner):
    period = build_period(build_plan(council))

    results = run_together(
        lambda index: reporting_period_reminders_pause(
            period=period, paused=True, changed_by=owner
        ),
        THREADS,
    )

    assert not [result for result in results if isinstance(result, Exception)]
    period.refresh_from_db()
    assert period.reminders_paused
    assert ChangeRecord.objects.for_object(period).count() == 1
