"""An action's timeline: its progress updates and deadline changes, newest first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from actionplans.models import Action, DeadlineChange, ProgressUpdate


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    update: ProgressUpdate | None = None
    deadline_change: DeadlineChange | None = None


def action_timeline(action: Action) -> list[TimelineEntry]:
    """Uses the prefetched updates and deadline changes of `for_action_page`."""
    entries = [
        TimelineEntry(at=update.created_at, update=update) for update in action.updates.all()
    ]
    entries += [
        TimelineEntry(at=change.changed_at, deadline_change=change)
        for change in action.deadline_changes.all()
    ]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
