"""What an import will create, shown before anything is written: the preview.

`Preview.as_json()` is a contract other tools read (`import_plan --dry-run --format json`);
change its shape only with them.
"""

from __future__ import annotations

import dataclasses
import datetime

from actionplans.models import Rag


@dataclasses.dataclass(frozen=True)
class Message:
    """A warning (something guessed) or an error (something to fix), with where it is."""

    row: int | None
    column: str | None
    message: str
    where: str = ""  # the sheet or table, when the file has several

    def as_json(self) -> dict:
        return {
            "where": self.where,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    @property
    def place(self) -> str:
        """Where, in words: "Sheet 'Care Leavers', row 12, column Action"."""
        bits = [self.where[:1].upper() + self.where[1:]] if self.where else []
        if self.row is not None:
            bits.append(f"row {self.row}" if bits else f"Row {self.row}")
        if self.column:
            bits.append(f"column {self.column}" if bits else f"Column {self.column}")
        return ", ".join(bits)


@dataclasses.dataclass(frozen=True)
class ImportedAction:
    section: str
    key_outcome: str
    reference: str
    text: str
    leads: tuple[str, ...]
    deadline_words: str
    deadline: datetime.date | None
    progress: str | None
    rag: str | None  # a Rag value other than NOT_RATED, or None
    row: int
    where: str = ""

    def as_json(self) -> dict:
        return {
            "section": self.section,
            "key_outcome": self.key_outcome,
            "reference": self.reference,
            "text": self.text,
            "leads": list(self.leads),
            "deadline_words": self.deadline_words,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "progress": self.progress,
            "rag": Rag(self.rag).label.split(" ")[0] if self.rag else None,
            "where": self.where,
            "row": self.row,
        }


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of a table as read: its heading and the field it was taken as."""

    where: str
    index: int
    heading: str
    field: str  # a columns.* field, or columns.IGNORED


@dataclasses.dataclass
class Preview:
    format: str
    columns: list[Column] = dataclasses.field(default_factory=list)
    actions: list[ImportedAction] = dataclasses.field(default_factory=list)
    warnings: list[Message] = dataclasses.field(default_factory=list)
    errors: list[Message] = dataclasses.field(default_factory=list)
    # Lead names (as the plan writes them) that match a lead the council already has.
    matched_leads: set[str] = dataclasses.field(default_factory=set)

    @property
    def sections(self) -> list[str]:
        return _distinct(action.section for action in self.actions if action.section)

    @property
    def key_outcomes(self) -> list[tuple[str, str]]:
        return _distinct((action.section, action.key_outcome) for action in self.actions)

    @property
    def leads(self) -> list[str]:
        return _distinct(lead for action in self.actions for lead in action.leads)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "sections": len(self.sections),
            "key_outcomes": len(self.key_outcomes),
            "actions": len(self.actions),
            "leads": len(self.leads),
            "progress_notes": sum(1 for action in self.actions if action.progress),
            "rag_ratings": sum(1 for action in self.actions if action.rag),
        }

    def to_store(self) -> dict:
        """Everything the preview holds, as JSON, for keeping between pages (PlanImport)."""
        return {
            "format": self.format,
            "columns": [dataclasses.asdict(column) for column in self.columns],
            "actions": [
                dataclasses.asdict(action)
                | {"deadline": action.deadline.isoformat() if action.deadline else None}
                for action in self.actions
            ],
            "warnings": [dataclasses.asdict(message) for message in self.warnings],
            "errors": [dataclasses.asdict(message) for message in self.errors],
            "matched_leads": sorted(self.matched_leads),
        }

    @classmethod
    def from_store(cls, stored: dict) -> Preview:
        def action(row: dict) -> ImportedAction:
            day = row["deadline"]
            return ImportedAction(
                **row
                | {
                    "leads": tuple(row["leads"]),
                    "deadline": datetime.date.fromisoformat(day) if day else None,
                }
            )

        return cls(
            format=stored["format"],
            columns=[Column(**column) for column in stored["columns"]],
            actions=[action(row) for row in stored["actions"]],
            warnings=[Message(**message) for message in stored["warnings"]],
            errors=[Message(**message) for message in stored["errors"]],
            matched_leads=set(stored["matched_leads"]),
        )

    def as_json(self) -> dict:
        return {
            "counts": self.counts,
            "actions": [action.as_json() for action in self.actions],
            "warnings": [warning.as_json() for warning in self.warnings],
            "errors": [error.as_json() for error in self.errors],
        }


def _distinct(values) -> list:
    return list(dict.fromkeys(values))
