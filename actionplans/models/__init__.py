"""The action plan models, one module per part of the domain; import them from here."""

from actionplans.models.actions import (
    Action,
    ActionQuerySet,
    ActionStatus,
    DeadlineChange,
    ProgressUpdate,
)
from actionplans.models.measures import Measure, MeasureValue
from actionplans.models.plans import (
    RAG_ORDER,
    RAG_TAG_CLASSES,
    ActionPlan,
    KeyOutcome,
    Lead,
    PlanSection,
    Rag,
    ReportingPeriod,
)

__all__ = [
    "RAG_ORDER",
    "RAG_TAG_CLASSES",
    "Action",
    "ActionPlan",
    "ActionQuerySet",
    "ActionStatus",
    "DeadlineChange",
    "KeyOutcome",
    "Lead",
    "Measure",
    "MeasureValue",
    "PlanSection",
    "ProgressUpdate",
    "Rag",
    "ReportingPeriod",
]
