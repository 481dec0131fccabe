"""Writes to governance data: meetings, agendas, recommendations and board packs.

Views, the management command and the background task call these functions, each in one
transaction, and each change is recorded with who made it and when. A board pack, once
issued, is the record of what members were told: nothing here changes it again, and a
correction is a new version.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from actionplans.models import Action, ActionPlan
from governance.dashboard.snapshot import plan_state
from governance.models import (
    AgendaItem,
    Board,
    BoardPack,
    Meeting,
    Recommendation,
    RecommendationUpdate,
)
from strategies.audit import change_record

# What each refusal says, written once: the services raise these and the forms show the same
# words for their own checks of the same fields.
SELECT_COUNCIL_PLANS = "Select plans of this council"
SELECT_COUNCIL_ACTIONS = "Select actions of this council's plans"
ENTER_MEETING_DATE = "Enter the date of the meeting"
ENTER_REPORT_TITLE = "Enter the title of the report"
ENTER_RECOMMENDATION = "Enter the recommendation"
ENTER_WHAT_HAPPENED = "Enter what has happened"
SELECT_RECOMMENDATION_STATUS = "Select the status of the recommendation"
SELECT_PACK_PLANS = "Select at least one plan for the pack"
SELECT_PACK_PART = "Select Part I or Part II"


def _plans_of_council(plans: Iterable[ActionPlan], board: Board) -> list[ActionPlan]:
    plans = list(plans)
    if any(plan.strategy.organisation_id != board.organisation_id for plan in plans):
        raise ValidationError({"plans": SELECT_COUNCIL_PLANS})
    return plans


def actions_of_council(actions: Iterable[Action], organisation_id: int, errors: dict) -> list:
    """The actions as a list; GOV.UK's error in `errors` when any is another council's."""
    actions = list(actions)
    if any(action.plan.strategy.organisation_id != organisation_id for action in actions):
        errors["actions"] = SELECT_COUNCIL_ACTIONS
    return actions


# --- Meetings and agendas --------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(*, board: Board, date: datetime.date, title: str, scheduled_by) -> Meeting:
    """Put a meeting of the board in the calendar."""
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
    return meeting


@transaction.atomic
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
    title = title.strip()
    if not title:
        raise ValidationError({"title": ENTER_REPORT_TITLE})
    plans = _plans_of_council(plans, meeting.board)
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


@transaction.atomic
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


@transaction.atomic
def recommendation_update_add(
    *,
    recommendation: Recommendation,
    text: str,
    status: str,
    author,
    at: datetime.datetime | None = None,
) -> RecommendationUpdate:
    """Add to a recommendation's trail and move its status; done or dropped closes it."""
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


# --- Board packs -----------------------------------------------------------------------------


class PackIssuedError(ValidationError):
    """The pack was issued: it is the record of what members were told and never changes."""

    def __init__(self, pack: BoardPack):
        super().__init__(
            f"Version {pack.version} was issued on {pack.issued_at:%-d %B %Y} and cannot "
            "change: build a new version instead"
        )


def _lock_pack(pack: BoardPack) -> BoardPack:
    current = (
        BoardPack.objects.select_for_update(of=("self",))
        .select_related("meeting__board__organisation")
        .get(pk=pack.pk)
    )
    if current.is_issued:
        raise PackIssuedError(current)
    return current


@transaction.atomic
def board_pack_build(
    *,
    meeting: Meeting,
    plans: Iterable[ActionPlan],
    part: str,
    requested_by,
    background: bool = True,
) -> BoardPack:
    """Ask for the next version of a meeting's pack; it is built in the background.

    With `background=False` the caller builds it (governance.packs.document.board_pack_render).
    """
    plans = _plans_of_council(plans, meeting.board)
    if not plans:
        raise ValidationError({"plans": SELECT_PACK_PLANS})
    if part not in BoardPack.Part.values:
        raise ValidationError({"part": SELECT_PACK_PART})
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    version = (locked.packs.aggregate(last=Max("version"))["last"] or 0) + 1
    pack = BoardPack.objects.create(
        meeting=locked, version=version, part=part, created_by=requested_by
    )
    pack.plans.set(plans)
    change_record(
        organisation=meeting.board.organisation,
        actor=requested_by,
        obj=pack,
        summary=f"Board pack version {version} requested",
        changes={"plans": (None, [plan.title for plan in plans]), "part": (None, part)},
    )
    if background:
        transaction.on_commit(lambda: _enqueue_build(pack.pk))
    return pack


def _enqueue_build(pack_id: int) -> None:
    # The task module imports this one (through governance.packs.document): import it late.
    from governance.packs.tasks import board_pack_build_task

    board_pack_build_task.enqueue(pack_id)


@transaction.atomic
def board_pack_start(*, pack: BoardPack, at: datetime.datetime | None = None) -> BoardPack:
    """Begin building: freeze every action's state now, and pick the pack to compare with."""
    current = _lock_pack(pack)
    if current.status not in (BoardPack.Status.QUEUED, BoardPack.Status.FAILED):
        raise ValidationError(f"Version {current.version} is already {current.status}")
    at = at or timezone.now()
    plans = list(current.plans.select_related("strategy").order_by("title"))
    current.snapshot = {
        "taken_at": at.isoformat(),
        "plans": {str(plan.pk): plan_state(plan) for plan in plans},
    }
    current.compared_with = BoardPack.objects.exclude(pk=current.pk).previous_for(current.meeting)
    current.status = BoardPack.Status.BUILDING
    current.progress = 10
    current.error = ""
    current.save(update_fields=["snapshot", "compared_with", "status", "progress", "error"])
    return current


def board_pack_progress(*, pack: BoardPack, progress: int) -> None:
    """Record how far the build has got (one row, one statement)."""
    BoardPack.objects.filter(pk=pack.pk, status=BoardPack.Status.BUILDING).update(
        progress=max(0, min(progress, 99))
    )


@transaction.atomic
def board_pack_store(*, pack: BoardPack, content: bytes, pages: int) -> BoardPack:
    """Keep the built PDF in the configured storage and mark the pack ready."""
    current = _lock_pack(pack)
    if current.status != BoardPack.Status.BUILDING:
        raise ValidationError(f"Version {current.version} is not being built")
    current.pdf.save(current.file_name, ContentFile(content), save=False)
    current.status = BoardPack.Status.READY
    current.progress = 100
    current.pages = pages
    current.built_at = timezone.now()
    current.save(update_fields=["pdf", "status", "progress", "pages", "built_at"])
    change_record(
        organisation=current.meeting.board.organisation,
        actor=current.created_by,
        obj=current,
        summary=f"Board pack version {current.version} built ({pages} pages)",
        at=current.built_at,
    )
    return current


def board_pack_fail(*, pack: BoardPack, error: str) -> None:
    """Mark a build failed, with why, so the page says so and it can be built again."""
    BoardPack.objects.filter(pk=pack.pk, issued_at__isnull=True).update(
        status=BoardPack.Status.FAILED, error=error[:2000]
    )


@transaction.atomic
def board_pack_issue(*, pack: BoardPack, issued_by) -> BoardPack:
    """Circulate a built pack to members; from now on it never changes."""
    current = _lock_pack(pack)
    if current.status != BoardPack.Status.READY:
        raise ValidationError("Only a pack that has been built can be issued")
    current.issued_at = timezone.now()
    current.issued_by = issued_by
    current.save(update_fields=["issued_at", "issued_by"])
    change_record(
        organisation=current.meeting.board.organisation,
        actor=issued_by,
        obj=current,
        summary=f"Board pack version {current.version} issued",
        at=current.issued_at,
    )
    return current
