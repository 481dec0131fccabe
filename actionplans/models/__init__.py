"""The action plan models, one module per part of the domain; import them from here."""

from actionplans.models.actions import (
    NEWEST_FIRST,
    PLAN_ORDER,
    Action,
    ActionQuerySet,
    ActionStatus,
    action_label,
    as_flag,
    deadline_moved_q,
    not_updated_q,
    overdue_q,
    period_list,
    updated_in_q,
)
from actionplans.models.history import ClosingRating, DeadlineChange, ProgressUpdate
from actionplans.models.imports import PlanImport, PlanImportQuerySet, PlanImportStatus
from actionplans.models.measures import Measure, MeasureValue
from actionplans.models.plans import (
    RAG_LADDER,
    RAG_ORDER,
    RAG_TAG_CLASSES,
    ActionPlan,
    KeyOutcome,
    Lead,
    PlanSection,
    Rag,
    ReportingPeriod,
    rag_rank,
)
from actionplans.models.reminders import ReminderPreference, ReminderSent

__all__ = [
    "NEWEST_FIRST",
    "PLAN_ORDER",
    "RAG_LADDER",
    "RAG_ORDER",
    "RAG_TAG_CLASSES",
    "Action",
    "ActionPlan",
    "ActionQuerySet",
    "ActionStatus",
    "ClosingRating",
    "DeadlineChange",
    "KeyOutcome",
    "Lead",
    "Measure",
    "MeasureValue",
    "PlanImport",
    "PlanImportQuerySet",
    "PlanImportStatus",
    "PlanSection",
    "ProgressUpdate",
    "Rag",
    "ReminderPreference",
    "ReminderSent",
    "ReportingPeriod",
    "action_label",
    "as_flag",
    "deadline_moved_q",
    "not_updated_q",
    "overdue_q",
    "period_list",
    "rag_rank",
    "updated_in_q",
]
