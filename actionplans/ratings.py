"""What a rating says against the facts: the warnings every writer of a progress update shows
the person (the update form) or reports (an import, a command) before saving.

A rating that contradicts the facts is warned about, never refused: the person may know
better. The messages are written here once; forms only word their own fields.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from actionplans.models import Action, ActionStatus, Rag

# Words in a plan's definition of a colour that an overdue action cannot meet, or must.
ON_TRACK_WORDS = ("on track", "on target", "on schedule", "on time", "within timescale")
OVERDUE_WORDS = ("overdue", "deadline missed", "missed the deadline", "deadline has passed")
# Words just before a phrase that say its opposite: "not on track" does not say "on track".
# "Not" may have one word after it ("not yet on track"); "behind, but on track" is on track.
NEGATION = r"\b(?:(?:not|never|\w+n't)(?:\s+[\w']+)?|no longer|no|off|behind)"


@dataclass(frozen=True)
class RatingWarning:
    """Something about the answers that contradicts the facts; `code` names the check."""

    code: str
    message: str


def rating_warnings(
    action: Action, *, rag: str, complete: bool, today: datetime.date
) -> list[RatingWarning]:
    """Ways in which rating `action` as `rag` (and completing it, or not) contradicts the
    facts on `today`: its status, its deadline and what the plan says each colour means."""
    label = Rag(rag).label
    found = []
    if complete and rag in (Rag.RED, Rag.AMBER):
        found.append(
            RatingWarning(
                "complete-not-blue",
                f"You marked the action complete but rated it {label}. "
                "A completed action is rated Blue.",
            )
        )
    if complete:
        return found
    if action.status == ActionStatus.COMPLETE:
        found.append(
            RatingWarning(
                "reopens",
                f"The action is marked complete. Rating it {label} reopens it.",
            )
        )
    if rag == Rag.GREEN and action.is_overdue(on=today):
        meaning = action.plan.green_means
        found.append(
            RatingWarning(
                "overdue-green",
                f"The action is overdue (its deadline was {action.deadline:%-d %B %Y}) "
                "but you rated it Green."
                + (f" The plan says Green means {_quoted(meaning)}." if meaning else "")
                + " Check the rating, or change the deadline with a reason.",
            )
        )
    return found + definition_warnings(action, rag, today=today)


def definition_warnings(action: Action, rag: str, *, today: datetime.date) -> list[RatingWarning]:
    """An overdue action's rating against what the plan says each colour means."""
    if not action.is_overdue(on=today):
        return []
    meanings = {value: meaning for value, _label, meaning in action.plan.rag_definitions()}
    label = Rag(rag).label
    found = []
    if rag != Rag.GREEN and _says(meanings.get(rag, ""), ON_TRACK_WORDS):
        found.append(
            RatingWarning(
                f"definition-{rag}",
                f"The plan says {label} means {_quoted(meanings[rag])}, but the action is overdue.",
            )
        )
    for other in (Rag.RED, Rag.AMBER):
        if other != rag and _says(meanings.get(other, ""), OVERDUE_WORDS):
            found.append(
                RatingWarning(
                    f"definition-{other}",
                    f"The plan says {Rag(other).label} means {_quoted(meanings[other])}. "
                    f"The action is overdue but you rated it {label}.",
                )
            )
            break
    return found


def _quoted(meaning: str) -> str:
    """The plan's words in quotes, its own full stop dropped so the sentence ends once."""
    return f'"{meaning.strip().rstrip(".")}"'


def _says(meaning: str, phrases: tuple[str, ...]) -> bool:
    """Whether the plan's words say one of the phrases: whole words, a plural allowed
    ("within timescales"), and not negated. "On timescales" does not say "on time"."""
    text = meaning.lower().replace("\u2019", "'")
    for phrase in phrases:
        words = r"\s+".join(re.escape(word) for word in phrase.split())
        pattern = rf"(?P<negated>{NEGATION}\s+)?\b{words}s?\b"
        if any(not match["negated"] for match in re.finditer(pattern, text)):
            return True
    return False
