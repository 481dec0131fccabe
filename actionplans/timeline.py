"""An action's timeline: its progress updates, deadline changes and the changes a plan owner
made to its wording, reference, leads or key outcome, newest first."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from actionplans.models import Action, DeadlineChange, ProgressUpdate
from strategies.models import ChangeRecord

# The fields a plan owner's change to an action is shown in the timeline for, with their words
# (actionplans.action_setup writes them).
EDITED_FIELDS = {
    "description": "Wording",
    "reference": "Reference",
    "leads": "Leads",
    "key_outcome": "Key outcome",
}


@dataclass(frozen=True)
class Edit:
    """One field of a plan owner's change: what it said, and what it says now."""

    field: str
    old: object
    new: object

    @staticmethod
    def _words(value) -> str:
        """A list of leads one after another; nothing as "none"."""
        if isinstance(value, list):
            value = "; ".join(value)
        return value or "none"

    @property
    def old_words(self) -> str:
        return self._words(self.old)

    @property
    def new_words(self) -> str:
        return self._words(self.new)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    update: ProgressUpdate | None = None
    deadline_change: DeadlineChange | None = None
    change: ChangeRecord | None = None
    edits: tuple[Edit, ...] = ()


def _edits(record: ChangeRecord) -> tuple[Edit, ...]:
    """The edited fields a record changed; one set from nothing (None: the action being set
    up) is not a change to it."""
    return tuple(
        Edit(words, *record.changes[name])
        for name, words in EDITED_FIELDS.items()
        if name in record.changes and record.changes[name][0] is not None
    )


def action_timeline(action: Action, changes: Iterable[ChangeRecord] = ()) -> list[TimelineEntry]:
    """Uses the prefetched updates and deadline changes of `for_action_page`; `changes` are the
    action's change records (ChangeRecord.objects.for_object), read once by the page."""
    entries = [
        TimelineEntry(at=update.created_at, update=update) for update in action.updates.all()
    ]
    entries += [
        TimelineEntry(at=change.changed_at, deadline_change=change)
        for change in action.deadline_changes.all()
    ]
    for record in changes:
        edits = _edits(record)
        if edits:
            entries.append(TimelineEntry(at=record.at, change=record, edits=edits))
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
