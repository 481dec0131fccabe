"""The reminder run (`manage.py send_reminders`) over the 5,000-action plan, for `make bench`.

The generated plan's actions are spread over 500 leads, and 500 or 1,000 officers with email
addresses act for them (one or two a lead); the current period's deadline is put three days
ahead, so every officer of an action not updated this period is owed a reminder today. Each
run is timed whole (reading who is owed what, claiming, rendering both parts of every email,
sending, marking) with Django's locmem email backend, so no network is timed, and its
queries are counted. Everything is rolled back afterwards, so the other cases see the plan
as it was. Goal (issue 14): under 10 s, with the same number of queries for 500 and 1,000
officers.

`reminder_table(bench)` is one of tests/bench.py's TABLES. On its own, `bash
.ci/with-postgres .venv/bin/python -m tests.bench_reminders` migrates, generates the plan and
prints the same table.
"""

from __future__ import annotations

import datetime
import os
import time
from statistics import median

from tests.benchkit import Table, verdict

LEADS, OFFICERS, REPEAT, MAX_SECONDS = 500, (500, 1000), 3, 10
HEADERS = ("officers", "leads", "emails", "actions named", "queries", "median s", "goal", "met?")
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def _spread(plan, officers: int, today: datetime.date) -> None:
    """500 leads for the plan's actions, `officers` officers with email addresses for them."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from actionplans.models import Action, Lead, ReportingPeriod
    from strategies.models import CouncilRole, Role

    council = plan.strategy.organisation
    leads = Lead.objects.bulk_create(
        [Lead(organisation=council, name=f"Reminder bench lead {n:03d}") for n in range(LEADS)]
    )
    people = get_user_model()
    unusable = make_password(None)
    users = people.objects.bulk_create(
        [
            people(
                username=f"reminder-bench-{n:04d}",
                email=f"officer-{n:04d}@bench.example.org",
                first_name="Officer",
                last_name=str(n),
                password=unusable,
            )
            for n in range(officers)
        ]
    )
    CouncilRole.objects.bulk_create(
        [CouncilRole(user=user, organisation=council, role=Role.OFFICER) for user in users]
    )
    Lead.officers.through.objects.bulk_create(
        [
            Lead.officers.through(lead_id=leads[n % LEADS].pk, user_id=user.pk)
            for n, user in enumerate(users)
        ]
    )
    through = Action.leads.through
    through.objects.filter(action__plan=plan).delete()
    action_ids = plan.actions.order_by("pk").values_list("pk", flat=True)
    through.objects.bulk_create(
        [
            through(action_id=action_id, lead_id=leads[n % LEADS].pk)
            for n, action_id in enumerate(action_ids)
        ],
        batch_size=2000,
    )
    ReportingPeriod.objects.filter(pk=plan.periods.current(on=today).pk).update(
        update_deadline=today + datetime.timedelta(days=3)
    )


def _measure(plan, officers: int) -> tuple[str, ...]:
    from django.core import mail
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from actionplans.reminders.sending import reminders_send

    now = timezone.now()
    seconds, counts = [], []
    with transaction.atomic(), override_settings(MAILERS=LOCMEM):
        _spread(plan, officers, timezone.localdate(now))
        for _ in range(REPEAT):
            with transaction.atomic():
                mail.outbox = []
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    report = reminders_send(now=now)
                    seconds.append(time.perf_counter() - started)
                counts.append(len(queries))
                ours = [
                    e for e in report.sent if e.organisation.pk == plan.strategy.organisation_id
                ]
                named = sum(email.action_count for email in ours)
                transaction.set_rollback(True)
        transaction.set_rollback(True)
    mail.outbox = []
    taken = median(seconds)
    return (
        f"{officers:,}",
        f"{LEADS:,}",
        f"{len(ours):,}",
        f"{named:,}",
        "/".join(str(count) for count in sorted(set(counts))),
        f"{taken:.2f}",
        f"< {MAX_SECONDS} s",
        verdict(taken < MAX_SECONDS),
    )


def reminder_rows(plan) -> list[tuple[str, ...]]:
    rows = [_measure(plan, officers) for officers in OFFICERS]
    same = len({row[4] for row in rows}) == 1
    rows.append(("queries the same?", "", "", "", "yes" if same else "NO", "", "", verdict(same)))
    return rows


def reminder_table(bench) -> Table:
    """For tests/bench.py: the day's reminders for the 5,000-action plan."""
    return Table(
        f"send_reminders, 5,000-action plan (in this process, median of {REPEAT})",
        HEADERS,
        reminder_rows(bench.data["plan"]),
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from strategies.models import Organisation
    from tests.benchdata import generate_plan
    from tests.benchkit import ACTIONS, UPDATES

    call_command("migrate", verbosity=0)
    council = Organisation.objects.create(name="Benchmark County Council", slug="benchmark")
    started = time.perf_counter()
    plan = generate_plan(council, actions=ACTIONS, updates=UPDATES)
    print(f"generate_plan: {time.perf_counter() - started:.1f} s")
    print(Table("send_reminders, 5,000-action plan", HEADERS, reminder_rows(plan)).render())


if __name__ == "__main__":
    main()
