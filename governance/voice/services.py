"""Writes to "you said, we did": what young people said, and what the council did about it.

Each function runs in one transaction and records who made the change and when. Answers are
append-only: a later answer is a new row shown above the earlier ones, so what the council said
before is never lost.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplans.deadlines import deadline_date
from actionplans.models import Action
from core.text import check_text
from governance.links import actions_of_council
from governance.models import Response, VoiceItem
from strategies.audit import change_record
from strategies.models import Organisation

ENTER_SAID = "Enter what young people said"
ENTER_DONE = "Enter what was done"
SELECT_ANSWER_STATUS = "Select the status"

SAID_MAX = 5000
ANSWER_MAX = 5000


def voice_item_record(
    *,
    organisation: Organisation,
    said: str,
    theme: str = "",
    raised_at: str = "",
    date_text: str = "",
    recorded_by,
) -> VoiceItem:
    """Record something young people asked for, where and when they said it."""
    with transaction.atomic():
        errors: dict[str, str] = {}
        said = check_text(
            errors,
            "said",
            said,
            label="What young people said",
            max_length=SAID_MAX,
            empty=ENTER_SAID,
        )
        theme = check_text(errors, "theme", theme, label="The theme", max_length=200)
        raised_at = check_text(
            errors, "raised_at", raised_at, label="Where they said it", max_length=300
        )
        date_text = check_text(
            errors, "date_text", date_text, label="When they said it", max_length=100
        )
        if errors:
            raise ValidationError(errors)
        item = VoiceItem.objects.create(
            organisation=organisation,
            said=said,
            theme=theme,
            raised_at=raised_at,
            # The words are kept; a month or date in them is also kept as a date, as for deadlines.
            raised_on=deadline_date(date_text) if date_text else None,
            date_text=date_text,
        )
        change_record(
            organisation=organisation,
            actor=recorded_by,
            obj=item,
            summary="Recorded what young people said",
            changes={"theme": (None, theme), "raised_at": (None, raised_at)},
        )
        return item


def voice_response_record(
    *,
    voice_item: VoiceItem,
    text: str,
    status: str,
    actions: Iterable[Action] = (),
    author,
    at: datetime.datetime | None = None,
    is_demo: bool = False,
) -> Response:
    """Add the council's answer to an ask; it shows above any earlier answer."""
    with transaction.atomic():
        errors: dict[str, str] = {}
        text = check_text(
            errors,
            "text",
            text,
            label="What was done",
            max_length=ANSWER_MAX,
            empty=ENTER_DONE,
        )
        if status not in Response.Status.values:
            errors["status"] = SELECT_ANSWER_STATUS
        actions = actions_of_council(actions, voice_item.organisation_id, errors)
        if errors:
            raise ValidationError(errors)
        response = Response.objects.create(
            voice_item=voice_item,
            text=text,
            status=status,
            author=author,
            created_at=at or timezone.now(),
            is_demo=is_demo,
        )
        response.actions.set(actions)
        change_record(
            organisation=voice_item.organisation,
            actor=author,
            obj=response,
            summary=f"Recorded what was done: {Response.Status(status).label}",
            changes={
                "status": (None, status),
                "actions": (None, [action.description[:80] for action in actions]),
            },
            at=response.created_at,
        )
        return response
