"""Writes to boards' work: meetings, agendas and recommendations.

Views call these functions, each in one transaction, and each change is recorded with who
made it and when. Board packs have their own (governance/packs/).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from actionplans.cycle import reporting_periods_extend
from actionplans.models import Action, ActionPlan
from governance.links import actions_of_council, plans_of_council
from governance.models import (
    AgendaItem,
    Board,
    Meeting,
    Recommendation,
    RecommendationUpdate,
)
from strategies.audit import change_record

# What each refusal says, written once: the services raise these and the forms show the same
# words for their own checks of the same fields.
ENTER_MEETING_DATE = "Enter the date of the meeting"
ENTER_REPORT_TITLE = "Enter the title of the report"
ENTER_RECOMMENDATION = "Enter the recommendation"
ENTER_WHAT_HAPPENED = "Enter what has happened"
SELECT_RECOMMENDATION_STATUS = "Select the status of the recommendation"


# --- Meetings and agendas --------------------------------------------------------------------


def meeting_schedule(*, board: Board, date: datetime.date, title: str, scheduled_by) -> Meeting:
    """Put a meeting of the board in the calendar."""
    with transaction.atomic():
        if date is None:
            raise ValidationError({"date": ENTER_MEETING_DATE})
        if Meeting.objects.filter(board=board, date=date).exists():
            raise ValidationError({"date": f"{board.name} already meets on {date:%-d %B %Y}"})
        meeting = Meeting.objects.create(board=board, date=date, title=title.strip())
        change_record(
            organisation=board.organisation,
            actor=scheduled_by,
            obj=meeting,
            summary=f"Meeting scheduled for {date:%-d %B %Y}",
        )
        # Plans whose periods end at this board's meetings get the period up to this one.
        for plan in board.plans.filter(cadence=ActionPlan.Cadence.MEETINGS):
            reporting_periods_extend(
                plan=plan,
                meeting_dates=Meeting.objects.dates_of_plan(plan),
                added_by=scheduled_by,
                on=timezone.localdate(),
            )
        return meeting


def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    author_role: str,
    actions_asked: str,
    plans: Iterable[ActionPlan],
    added_by,
) -> AgendaItem:
    """Add a report to the end of a meeting's agenda."""
    with transaction.atomic():
        title = title.strip()
        if not title:
            raise ValidationError({"title": ENTER_REPORT_TITLE})
        plans = plans_of_council(plans, council_id=meeting.board.organisation_id)
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        number = (locked.agenda_items.aggregate(last=Max("number"))["last"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=locked,
            number=number,
            title=title,
            author_role=author_role.strip(),
            actions_asked=actions_asked.strip(),
        )
        item.plans.set(plans)
        change_record(
            organisation=meeting.board.organisation,
            actor=added_by,
            obj=item,
            summary=f"Agenda item {number} added to {meeting}",
            changes={"plans": (None, [plan.title for plan in plans])},
        )
        return item


# --- Recommendations -------------------------------------------------------------------------


def recommendation_record(
    *,
    meeting: Meeting,
    text: str,
    owner: str,
    due_on: datetime.date | None,
    actions: Iterable[Action] = (),
    recorded_by,
) -> Recommendation:
    """Record what the board asked for at a meeting; it stays open until closed."""
    with transaction.atomic():
        text = text.strip()
        errors: dict[str, str] = {}
        if not text:
            errors["text"] = ENTER_RECOMMENDATION
        board = meeting.board
        actions = actions_of_council(actions, board.organisation_id, errors)
        if errors:
            raise ValidationError(errors)
        recommendation = Recommendation.objects.create(
            board=board,
            meeting=meeting,
            text=text,
            owner=owner.strip(),
            due_on=due_on,
            created_by=recorded_by,
        )
        recommendation.actions.set(actions)
        change_record(
            organisation=board.organisation,
            actor=recorded_by,
            obj=recommendation,
            summary=f"Recommendation recorded at {meeting}",
            changes={"owner": (None, recommendation.owner), "due_on": (None, due_on)},
        )
        return recommendation


def recommendation_update_add(
    *,
    recommendation: Recommendation,
    text: str,
    status: str,
    author,
    at: datetime.datetime | None = None,
) -> RecommendationUpdate:
    """Add to a recommendation's trail and move its status; done or dropped closes it."""
    with transaction.atomic():
        text = text.strip()
        errors = {}
        if not text:
            errors["text"] = ENTER_WHAT_HAPPENED
        if status not in Recommendation.Status.values:
            errors["status"] = SELECT_RECOMMENDATION_STATUS
        if errors:
            raise ValidationError(errors)
        current = (
            Recommendation.objects.select_for_update(of=("self",))
            .select_related("board__organisation")
            .get(pk=recommendation.pk)
        )
        if current.is_closed:
            raise ValidationError("This recommendation is closed: record a new one to reopen it")
        at = at or timezone.now()
        update = RecommendationUpdate.objects.create(
            recommendation=current, text=text, status=status, author=author, created_at=at
        )
        closed_at = at if status in Recommendation.CLOSED else None
        Recommendation.objects.filter(pk=current.pk).update(status=status, closed_at=closed_at)
        change_record(
            organisation=current.board.organisation,
            actor=author,
            obj=current,
            summary=f"Recommendation update: {Recommendation.Status(status).label}",
            changes={"status": (current.status, status)},
            at=at,
        )
        recommendation.refresh_from_db()
        return update
