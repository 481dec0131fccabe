"""Writes to a plan's reporting cycle: its cadence and the periods it makes, a period's
update deadline, and pausing reminders for a period or a lead. Each in one transaction with
its change record, like actionplans.services.

Changing the cadence never rewrites what has been reported or is being reported: the current
period (ReportingPeriod.current_of) and every period before it keep their dates and
deadlines, and so does any period that is locked or has updates. Later periods, which
nobody has reported for yet, are replaced by the new cadence's, which start the day after
the last period kept.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplans.models import ActionPlan, Lead, ProgressUpdate, ReportingPeriod
from actionplans.periods import cadence_periods, meeting_periods
from core.text import counted
from strategies.audit import change_record

SELECT_CADENCE = "Select how often the plan reports"
NO_MEETING = (
    "Schedule the next meeting of the plan's board first: there is no meeting to align "
    "the periods to"
)
DEADLINE_DAYS_RANGE = range(0, 91)
REMINDER_DAYS_RANGE = range(0, 61)
ENTER_DEADLINE_DAYS = "Enter how many days before the period ends updates are due, from 0 to 90"
ENTER_REMINDER_DAYS = "Enter how many days before the deadline to remind officers, from 0 to 60"
ENTER_PERIOD_DEADLINE = "Enter the update deadline"


@dataclass
class CycleChange:
    """What saving a cadence did to the plan's periods."""

    added: list[ReportingPeriod] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _kept_and_replaceable(
    periods: list[ReportingPeriod], on: datetime.date
) -> tuple[list[ReportingPeriod], list[ReportingPeriod]]:
    """The periods a new cadence keeps (up to the current one, and any reported or with
    updates) and the later ones it replaces, each in date order."""
    periods = sorted(periods, key=lambda period: period.starts_on)
    current = ReportingPeriod.current_of(periods, on)
    boundary = current.starts_on if current else on
    with_updates = set(
        ProgressUpdate.objects.filter(period__in=periods).values_list("period_id", flat=True)
    )
    cut = len(periods)
    while cut and (
        periods[cut - 1].starts_on > boundary
        and not periods[cut - 1].is_locked
        and periods[cut - 1].pk not in with_updates
    ):
        cut -= 1
    return periods[:cut], periods[cut:]


def _new_periods(
    plan: ActionPlan,
    kept: list[ReportingPeriod],
    meeting_dates: list[datetime.date] | None,
    on: datetime.date,
) -> list[ReportingPeriod]:
    after = max((period.ends_on for period in kept), default=None)
    if plan.cadence == ActionPlan.Cadence.MEETINGS:
        return meeting_periods(plan, meeting_dates or [], after=after, on=on)
    if plan.cadence == ActionPlan.Cadence.NOT_SET:
        return []
    return cadence_periods(plan, after=after, on=on)


def plan_cadence_set(
    *,
    plan: ActionPlan,
    cadence: str,
    update_deadline_days: int,
    reminder_days_before: int | None,
    changed_by,
    meeting_dates: list[datetime.date] | None = None,
    on: datetime.date | None = None,
) -> CycleChange:
    """Set how often the plan reports, how long before a period's end updates are due and
    how long before that officers are reminded, then add the periods missing under that
    cadence (see the module's docstring for what happens to existing ones). For periods
    aligned to the board's meetings, the caller (governance, which owns meetings) passes
    the dates of the meetings of the boards that oversee the plan. Without a cadence
    nothing is added or removed: the plan's periods are set up by hand."""
    on = on or timezone.localdate()
    errors = {}
    if cadence not in ActionPlan.Cadence.values:
        errors["cadence"] = SELECT_CADENCE
    elif cadence == ActionPlan.Cadence.MEETINGS and not any(
        day >= on for day in meeting_dates or []
    ):
        errors["cadence"] = NO_MEETING
    if update_deadline_days not in DEADLINE_DAYS_RANGE:
        errors["update_deadline_days"] = ENTER_DEADLINE_DAYS
    if reminder_days_before is not None and reminder_days_before not in REMINDER_DAYS_RANGE:
        errors["reminder_days_before"] = ENTER_REMINDER_DAYS
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = ActionPlan.objects.select_for_update().select_related("strategy").get(pk=plan.pk)
        before = {
            "cadence": locked.cadence,
            "update_deadline_days": locked.update_deadline_days,
            "reminder_days_before": locked.reminder_days_before,
        }
        after = {
            "cadence": cadence,
            "update_deadline_days": update_deadline_days,
            "reminder_days_before": reminder_days_before,
        }
        for name, value in after.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*after, "updated_at"])
        change = CycleChange()
        if cadence != ActionPlan.Cadence.NOT_SET:
            periods = list(ReportingPeriod.objects.select_for_update().filter(plan=locked))
            kept, replaced = _kept_and_replaceable(periods, on)
            ReportingPeriod.objects.filter(pk__in=[period.pk for period in replaced]).delete()
            change.removed = [period.name for period in replaced]
            change.added = ReportingPeriod.objects.bulk_create(
                _new_periods(locked, kept, meeting_dates, on)
            )
        changes = {
            name: (before[name], after[name]) for name in after if before[name] != after[name]
        }
        if change.added or change.removed:
            changes["periods"] = (change.removed, [period.name for period in change.added])
        change_record(
            organisation=locked.strategy.organisation,
            actor=changed_by,
            obj=locked,
            summary=f"Reporting cadence set to {ActionPlan.Cadence(cadence).label}: "
            f"{counted(len(change.added), 'period')} added, {len(change.removed)} replaced",
            changes=changes,
        )
        plan.refresh_from_db()
        return change


def reporting_periods_extend(
    *, plan: ActionPlan, meeting_dates: list[datetime.date], added_by, on: datetime.date
) -> list[ReportingPeriod]:
    """Add the periods a plan aligned to its board's meetings lacks, after its last one: for
    a meeting just scheduled. Changes nothing for any other plan."""
    with transaction.atomic():
        locked = ActionPlan.objects.select_for_update().select_related("strategy").get(pk=plan.pk)
        if locked.cadence != ActionPlan.Cadence.MEETINGS:
            return []
        kept = list(ReportingPeriod.objects.filter(plan=locked))
        added = ReportingPeriod.objects.bulk_create(_new_periods(locked, kept, meeting_dates, on))
        if added:
            change_record(
                organisation=locked.strategy.organisation,
                actor=added_by,
                obj=locked,
                summary=f"{counted(len(added), 'reporting period')} added for the board's meetings",
                changes={"periods": ([], [period.name for period in added])},
            )
        return added


def reporting_period_deadline_change(
    *, period: ReportingPeriod, deadline: datetime.date | None, changed_by
) -> ReportingPeriod:
    """Move a period's update deadline. A period reported to the board keeps its own, and a
    deadline cannot come before the period starts. Reminders follow the new deadline: it
    starts a new round (ReminderSent.round_on)."""
    with transaction.atomic():
        locked = (
            ReportingPeriod.objects.select_for_update(of=("self",))
            .select_related("plan__strategy__organisation")
            .get(pk=period.pk)
        )
        if deadline is None:
            raise ValidationError({"deadline": ENTER_PERIOD_DEADLINE})
        if locked.is_locked:
            raise ValidationError(
                {
                    "deadline": f"{locked.name} has been reported to the board, so its "
                    "deadline cannot change"
                }
            )
        if deadline < locked.starts_on:
            raise ValidationError(
                {
                    "deadline": "The update deadline must be on or after the day the period "
                    f"starts, {locked.starts_on:%-d %B %Y}"
                }
            )
        old = locked.update_deadline
        ReportingPeriod.objects.filter(pk=locked.pk).update(update_deadline=deadline)
        change_record(
            organisation=locked.plan.strategy.organisation,
            actor=changed_by,
            obj=locked,
            summary=f"Update deadline of {locked.name} moved to {deadline:%-d %B %Y}",
            changes={"update_deadline": (old, deadline)},
        )
        period.refresh_from_db()
        return period


def reporting_period_reminders_pause(
    *, period: ReportingPeriod, paused: bool, changed_by
) -> ReportingPeriod:
    """Pause (or resume) every reminder, chaser and digest about one period."""
    with transaction.atomic():
        locked = (
            ReportingPeriod.objects.select_for_update(of=("self",))
            .select_related("plan__strategy__organisation")
            .get(pk=period.pk)
        )
        if locked.reminders_paused != paused:
            ReportingPeriod.objects.filter(pk=locked.pk).update(reminders_paused=paused)
            change_record(
                organisation=locked.plan.strategy.organisation,
                actor=changed_by,
                obj=locked,
                summary=f"Reminders {'paused' if paused else 'resumed'} for {locked.name}",
                changes={"reminders_paused": (locked.reminders_paused, paused)},
            )
        period.refresh_from_db()
        return period


def lead_reminders_pause(*, lead: Lead, paused: bool, changed_by) -> Lead:
    """Pause (or resume) reminders and chasers to the officers of one lead, for every plan of
    its council. Plan owners' digests still list its actions: they chase by other means."""
    with transaction.atomic():
        locked = Lead.objects.select_for_update().select_related("organisation").get(pk=lead.pk)
        if locked.reminders_paused != paused:
            Lead.objects.filter(pk=locked.pk).update(reminders_paused=paused)
            change_record(
                organisation=locked.organisation,
                actor=changed_by,
                obj=locked,
                summary=f"Reminders {'paused' if paused else 'resumed'} for {locked.name}",
                changes={"reminders_paused": (locked.reminders_paused, paused)},
            )
        lead.refresh_from_db()
        return lead
