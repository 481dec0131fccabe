""" "Chase now": a plan owner sends the chasers for one plan at once, at most once a day.

The same claim-then-send as the cron job (sending.claim and sending.deliver), so an email
goes once: ReminderSent rows of kind "chase", one per person and period a day. The plan's
row is locked while the chase is claimed and `chased_at` set, so two presses at once make
one chase. The emails are sent once that transaction has committed, never inside it: the
mail server's answer never holds the plan's row, and a rolled-back chase sends nothing.
A chaser that cannot be sent is logged and its claim released; "chase now" cannot be
pressed again that day, and the next day's press (or the cron job's own chaser, after the
deadline) reaches that person.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from actionplans.models import ActionPlan
from actionplans.reminders.due import chase_due
from actionplans.reminders.sending import RunReport, claim, deliver
from core.text import counted
from strategies.audit import change_record


@dataclass
class ChaseResult:
    """What a press of "chase now" did: when the plan was last chased, whether this press
    chased it, and (once the chase has committed and been sent) what was sent."""

    chased_at: datetime.datetime | None
    chased: bool
    people_claimed: int = 0
    delivered: bool = False  # False until the chase's transaction has committed
    report: RunReport = field(default_factory=RunReport)

    @property
    def people_emailed(self) -> int:
        return len({email.person.pk for email in self.report.sent})


def plan_chase(*, plan: ActionPlan, chased_by, now: datetime.datetime | None = None) -> ChaseResult:
    """Claim the plan's chasers for today and send them once the claim commits; refuse
    (chased=False, with when it was done) if the plan was already chased today."""
    now = now or timezone.now()
    on = timezone.localdate(now)
    with transaction.atomic():
        locked = (
            ActionPlan.objects.select_for_update(of=("self",))
            .select_related("strategy__organisation")
            .get(pk=plan.pk)
        )
        if locked.chased_at is not None and timezone.localdate(locked.chased_at) == on:
            return ChaseResult(chased_at=locked.chased_at, chased=False)
        run = uuid.uuid4()
        emails = claim(chase_due(locked, on=on), run=run, now=now)
        ActionPlan.objects.filter(pk=locked.pk).update(chased_at=now)
        people = len({email.person.pk for email in emails})
        change_record(
            organisation=locked.strategy.organisation,
            actor=chased_by,
            obj=locked,
            summary=f"Chased now: chasers to {counted(people, 'person')}",
            changes={"chased_at": (locked.chased_at, now)},
            at=now,
        )
        result = ChaseResult(chased_at=now, chased=True, people_claimed=people)

        def send() -> None:
            result.report = deliver(emails, run=run)
            result.delivered = True

        transaction.on_commit(send)
    return result
