"""Writes to plan data: every change goes through one of these functions.

Views, admin actions, management commands and tasks call the same functions, each in one
transaction, so the rules hold everywhere: updates are append-only, Blue means complete,
every change is recorded with who and when, and a change made from a stale form is refused
(the caller passes the version the person saw; see StaleActionError).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from actionplans import closing
from actionplans.deadlines import deadline_date
from actionplans.models import (
    Action,
    ActionPlan,
    ActionStatus,
    DeadlineChange,
    ProgressUpdate,
    Rag,
    ReportingPeriod,
)
from actionplans.periods import next_period
from core.text import check_text
from strategies.audit import change_record

# What each refusal says, written once: the services raise these and the forms show the same
# words for their own checks of the same fields.
ENTER_PROGRESS = "Enter what progress has been made"
SELECT_RAG = "Select a RAG rating"
ENTER_DEADLINE = "Enter the new deadline"
ENTER_DEADLINE_REASON = "Enter the reason for changing the deadline"
ENTER_CLOSE_REASON = "Enter why this action is no longer needed"

NARRATIVE_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 2000
DEADLINE_TEXT_MAX_LENGTH = 200  # Action.deadline_text


class StaleActionError(Exception):
    """The action changed after the form was opened; nothing was saved."""

    def __init__(self, action: Action):
        super().__init__(f"Action {action.pk} is now at version {action.version}.")
        self.action = action


def _lock_current(action: Action, expected_version: int | None) -> Action:
    """Re-read the action under a row lock and refuse if it moved on since it was shown."""
    current = (
        Action.objects.select_for_update(of=("self",))
        .select_related("plan__strategy")
        .get(pk=action.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise StaleActionError(current)
    return current


def _save_action(current: Action, at: datetime.datetime, **fields) -> None:
    Action.objects.filter(pk=current.pk).update(version=F("version") + 1, updated_at=at, **fields)


def reporting_period_add_next(
    *, plan: ActionPlan, on: datetime.date, added_by, at: datetime.datetime | None = None
) -> ReportingPeriod:
    """Add the period after the plan's last one (actionplans.periods.next_period), for an
    update made when every period the plan had has been reported to the board."""
    with transaction.atomic():
        periods = list(ReportingPeriod.objects.filter(plan=plan))
        period = next_period(plan, periods, on=on)
        if period is None:
            raise ValidationError("This plan has no reporting periods to follow on from")
        period.save()
        change_record(
            organisation=plan.strategy.organisation,
            actor=added_by,
            obj=period,
            summary=f"Reporting period {period.name} added: the last one was reported",
            changes={"starts_on": (None, period.starts_on), "ends_on": (None, period.ends_on)},
            at=at,
        )
        return period


def _period_errors(action: Action, period: ReportingPeriod | None) -> dict[str, str]:
    """Why an update cannot count for the period the caller chose, read under a row lock
    so a board pack issued meanwhile (which locks the period) waits or is seen."""
    if period is None:
        return {}
    if period.plan_id != action.plan_id:
        return {"period": f"{period.name} is a reporting period of another plan"}
    period.refresh_from_db(
        fields=["locked_at"], from_queryset=ReportingPeriod.objects.select_for_update()
    )
    if period.is_locked:
        return {"period": f"{period.name} has been reported to the board and is closed"}
    return {}


def _counting_period(action: Action, *, author, at: datetime.datetime) -> ReportingPeriod | None:
    """The period an update made at `at` counts for: the plan's current one, or, when the
    plan's periods have all been reported, the next one, added. None only for a plan with
    no periods. The plan's row is locked first, so two updates cannot both add it."""
    plan = ActionPlan.objects.select_for_update().select_related("strategy").get(pk=action.plan_id)
    on = timezone.localdate(at)
    periods = list(ReportingPeriod.objects.select_for_update().filter(plan=plan))
    period = ReportingPeriod.current_of(periods, on)
    if period is None and periods:
        period = reporting_period_add_next(plan=plan, on=on, added_by=author, at=at)
    return period


def progress_update_record(
    *,
    action: Action,
    author,
    narrative: str,
    rag: str,
    period: ReportingPeriod | None = None,
    complete: bool = False,
    expected_version: int | None = None,
    recorded_at: datetime.datetime | None = None,
    is_demo: bool = False,
) -> ProgressUpdate:
    """Append a progress update and make its rating the action's current one.

    The update counts for `period`, which must be open; without one, for the plan's current
    period when it is recorded (see _counting_period): never for none while the plan has
    periods. Completing an action rates it Blue, and a Blue rating completes it.
    """
    with transaction.atomic():
        errors: dict[str, str] = {}
        narrative = check_text(
            errors,
            "narrative",
            narrative,
            empty=ENTER_PROGRESS,
            label="Progress",
            max_length=NARRATIVE_MAX_LENGTH,
        )
        if rag not in Rag.values or rag == Rag.NOT_RATED:
            errors["rag"] = SELECT_RAG
        errors |= _period_errors(action, period)
        if errors:
            raise ValidationError(errors)
        at = recorded_at or timezone.now()
        if period is None:
            period = _counting_period(action, author=author, at=at)
        current = _lock_current(action, expected_version)
        if current.status == ActionStatus.NOT_NEEDED:
            raise ValidationError("This action is no longer needed, so it cannot be updated")
        complete = complete or rag == Rag.BLUE
        rag = Rag.BLUE if complete else rag
        status = ActionStatus.COMPLETE if complete else ActionStatus.OPEN
        update = ProgressUpdate.objects.create(
            action=current,
            period=period,
            narrative=narrative,
            rag=rag,
            author=author,
            created_at=at,
            is_demo=is_demo,
        )
        _save_action(current, at, rag=rag, status=status)
        if recorded_at is not None:  # history with an earlier date (closing.py)
            closing.reopen(current.plan_id, at)
        changes = {"rag": (current.rag, rag)}
        if status != current.status:
            changes["status"] = (current.status, status)
        summary = "Marked complete" if complete else f"Progress update, rated {Rag(rag).label}"
        change_record(
            organisation=current.plan.strategy.organisation,
            actor=author,
            obj=current,
            summary=summary,
            changes=changes,
            at=at,
        )
        action.refresh_from_db()
        return update


def action_deadline_change(
    *,
    action: Action,
    changed_by,
    new_text: str,
    reason: str,
    expected_version: int | None = None,
    changed_at: datetime.datetime | None = None,
    is_demo: bool = False,
) -> DeadlineChange:
    """Move an action's deadline, keeping what it was, why it moved, who moved it and when."""
    with transaction.atomic():
        errors: dict[str, str] = {}
        new_text = check_text(
            errors,
            "new_text",
            new_text,
            empty=ENTER_DEADLINE,
            label="The new deadline",
            max_length=DEADLINE_TEXT_MAX_LENGTH,
        )
        reason = check_text(
            errors,
            "reason",
            reason,
            empty=ENTER_DEADLINE_REASON,
            label="The reason",
            max_length=REASON_MAX_LENGTH,
        )
        if errors:
            raise ValidationError(errors)
        current = _lock_current(action, expected_version)
        if current.status != ActionStatus.OPEN:
            raise ValidationError("Only an open action's deadline can be changed")
        new_date = deadline_date(new_text)
        at = changed_at or timezone.now()
        change = DeadlineChange.objects.create(
            action=current,
            old_text=current.deadline_text,
            old_date=current.deadline,
            new_text=new_text,
            new_date=new_date,
            reason=reason,
            changed_by=changed_by,
            changed_at=at,
            is_demo=is_demo,
        )
        _save_action(current, at, deadline_text=new_text, deadline=new_date)
        change_record(
            organisation=current.plan.strategy.organisation,
            actor=changed_by,
            obj=current,
            summary=f"Deadline changed: {reason}",
            changes={
                "deadline_text": (current.deadline_text, new_text),
                "deadline": (current.deadline, new_date),
            },
            at=at,
        )
        action.refresh_from_db()
        return change


def action_close(
    *,
    action: Action,
    closed_by,
    reason: str,
    expected_version: int | None = None,
) -> Action:
    """Mark an action no longer needed, with the reason; it stays in the plan's history."""
    with transaction.atomic():
        errors: dict[str, str] = {}
        reason = check_text(
            errors,
            "reason",
            reason,
            empty=ENTER_CLOSE_REASON,
            label="The reason",
            max_length=REASON_MAX_LENGTH,
        )
        if errors:
            raise ValidationError(errors)
        current = _lock_current(action, expected_version)
        if current.status != ActionStatus.OPEN:
            raise ValidationError("Only an open action can be marked no longer needed")
        at = timezone.now()
        _save_action(current, at, status=ActionStatus.NOT_NEEDED, closed_reason=reason)
        change_record(
            organisation=current.plan.strategy.organisation,
            actor=closed_by,
            obj=current,
            summary=f"Marked no longer needed: {reason}",
            changes={"status": (current.status, ActionStatus.NOT_NEEDED)},
            at=at,
        )
        action.refresh_from_db()
        return action
