"""Setting up and keeping a council's strategies and their objectives.

Each change is a service: keyword-only, in one transaction, with its ChangeRecord, and only
for the council's plan owners and administrators (strategies.permissions.require_plan_keeper,
checked inside the transaction). The text is kept as core.text keeps every text; each refusal
is a constant here that the forms reuse. Plans, key outcomes and actions are
actionplans/setup.py's.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.text import check_text
from strategies.audit import change_record, changed, created
from strategies.models import Objective, Organisation, Strategy, StrategyStatus
from strategies.permissions import require_plan_keeper

TITLE_MAX_LENGTH = 300  # Strategy.title, Objective.title
SUMMARY_MAX_LENGTH = 2000
AIM_MAX_LENGTH = 2000
LABEL_MAX_LENGTH = 40  # Strategy.objective_label
DECIDED_BY_MAX_LENGTH = 200  # Strategy.decision_maker
REFERENCE_MAX_LENGTH = 100  # Strategy.decision_reference
FIRST_YEAR, LAST_YEAR = 2000, 2100

ENTER_STRATEGY_TITLE = "Enter the strategy's title"
STRATEGY_TITLE_TAKEN = "{council} already has a strategy called \u201c{title}\u201d"
ENTER_START_YEAR = "Enter the year the strategy starts"
ENTER_END_YEAR = "Enter the year the strategy ends"
YEAR_RANGE = f"Enter a year from {FIRST_YEAR} to {LAST_YEAR}"
ENDS_BEFORE_START = "The year the strategy ends must be the same as or after the year it starts"
SELECT_STATUS = "Select the strategy's status"
SELECT_REPLACED_BY = "Select the strategy that replaces it from the list"
REPLACED_ONLY_WHEN_SUPERSEDED = (
    "Select Superseded as the status, or leave which strategy replaces it empty"
)
ENTER_OBJECTIVE_TITLE = "Enter the title"
SELECT_PRINCIPLES = "Select corporate parenting principles from the list"

# The fields a strategy's form edits, in the order its change record lists them.
STRATEGY_FIELDS = (
    "title",
    "summary",
    "objective_label",
    "period_start_year",
    "period_end_year",
    "status",
    "decision_maker",
    "decision_date",
    "decision_reference",
    "superseded_by",
)


def _year_errors(errors: dict, field: str, year: int | None, empty: str) -> None:
    if year is None:
        errors[field] = empty
    elif not FIRST_YEAR <= year <= LAST_YEAR:
        errors[field] = YEAR_RANGE


def _strategy_values(
    *,
    organisation: Organisation,
    title: str,
    summary: str,
    objective_label: str,
    period_start_year: int | None,
    period_end_year: int | None,
    status: str,
    decision_maker: str,
    decision_date: datetime.date | None,
    decision_reference: str,
    superseded_by: Strategy | None = None,
    strategy: Strategy | None = None,
) -> dict:
    """The values as kept, or a ValidationError naming each field that is wrong."""
    errors: dict[str, str] = {}
    values = {
        "title": check_text(
            errors,
            "title",
            title,
            empty=ENTER_STRATEGY_TITLE,
            label="The title",
            max_length=TITLE_MAX_LENGTH,
        ),
        "summary": check_text(
            errors, "summary", summary, label="The summary", max_length=SUMMARY_MAX_LENGTH
        ),
        "objective_label": check_text(
            errors,
            "objective_label",
            objective_label,
            label="What the strategy calls its objectives",
            max_length=LABEL_MAX_LENGTH,
        )
        or "Objective",
        "period_start_year": period_start_year,
        "period_end_year": period_end_year,
        "status": status,
        "decision_maker": check_text(
            errors,
            "decision_maker",
            decision_maker,
            label="Who decided",
            max_length=DECIDED_BY_MAX_LENGTH,
        ),
        "decision_date": decision_date,
        "decision_reference": check_text(
            errors,
            "decision_reference",
            decision_reference,
            label="The decision's reference",
            max_length=REFERENCE_MAX_LENGTH,
        ),
    }
    _year_errors(errors, "period_start_year", period_start_year, ENTER_START_YEAR)
    _year_errors(errors, "period_end_year", period_end_year, ENTER_END_YEAR)
    years_read = not errors.keys() & {"period_start_year", "period_end_year"}
    if years_read and period_end_year < period_start_year:
        errors["period_end_year"] = ENDS_BEFORE_START
    if status not in StrategyStatus.values:
        errors["status"] = SELECT_STATUS
    if superseded_by is not None:
        if superseded_by.organisation_id != organisation.pk or (
            strategy is not None and superseded_by.pk == strategy.pk
        ):
            errors["superseded_by"] = SELECT_REPLACED_BY
        elif status in StrategyStatus.values and status != StrategyStatus.SUPERSEDED:
            errors["superseded_by"] = REPLACED_ONLY_WHEN_SUPERSEDED
    values["superseded_by"] = superseded_by
    if "title" not in errors:
        same_title = Strategy.objects.filter(
            organisation=organisation, title__iexact=values["title"]
        )
        if strategy is not None:
            same_title = same_title.exclude(pk=strategy.pk)
        if same_title.exists():
            errors["title"] = STRATEGY_TITLE_TAKEN.format(
                council=organisation.name, title=values["title"]
            )
    if errors:
        raise ValidationError(errors)
    return values


def strategy_create(
    *, organisation: Organisation, created_by, is_demo: bool = False, **fields
) -> Strategy:
    """A new strategy of the council; `fields` are STRATEGY_FIELDS. `is_demo` marks one the
    demonstration layer adds (governance/seeding/demo_plan.py)."""
    with transaction.atomic():
        require_plan_keeper(created_by, organisation)
        values = _strategy_values(organisation=organisation, **fields)
        strategy = Strategy.objects.create(organisation=organisation, is_demo=is_demo, **values)
        change_record(
            organisation=organisation,
            actor=created_by,
            obj=strategy,
            summary=f"Strategy {strategy.title} set up",
            changes=created(values),
        )
    return strategy


def strategy_edit(*, strategy: Strategy, changed_by, **fields) -> Strategy:
    """Change a strategy's title, period, status and decision; `fields` are STRATEGY_FIELDS.
    When the decision's date changes, the source's words for it go: they no longer say it."""
    organisation = strategy.organisation
    with transaction.atomic():
        require_plan_keeper(changed_by, organisation)
        current = Strategy.objects.select_for_update().get(pk=strategy.pk)
        values = _strategy_values(organisation=organisation, strategy=current, **fields)
        changes = changed(current, values)
        if not changes:
            return current
        if "decision_date" in changes and current.decision_date_text:
            changes["decision_date_text"] = (current.decision_date_text, "")
            values["decision_date_text"] = ""
        for name, value in values.items():
            setattr(current, name, value)
        current.save()
        change_record(
            organisation=organisation,
            actor=changed_by,
            obj=current,
            summary=f"Strategy {current.title} changed",
            changes=changes,
        )
    return current


def _objective_values(*, title: str, aim: str) -> dict:
    errors: dict[str, str] = {}
    values = {
        "title": check_text(
            errors,
            "title",
            title,
            empty=ENTER_OBJECTIVE_TITLE,
            label="The title",
            max_length=TITLE_MAX_LENGTH,
        ),
        "aim": check_text(errors, "aim", aim, label="The aim", max_length=AIM_MAX_LENGTH),
    }
    if errors:
        raise ValidationError(errors)
    return values


def principle_numbers(principles) -> list[int]:
    """How a change record keeps a set of corporate parenting principles: their numbers."""
    return sorted(principle.number for principle in principles)


def objective_add(
    *, strategy: Strategy, added_by, title: str, aim: str = "", principles=()
) -> Objective:
    """A new objective at the end of the strategy's list, numbered after the last, serving
    `principles` (CarePrinciple rows)."""
    organisation = strategy.organisation
    with transaction.atomic():
        require_plan_keeper(added_by, organisation)
        values = _objective_values(title=title, aim=aim)
        # The strategy's row, locked, so two objectives added at once take turns for a number.
        Strategy.objects.select_for_update().get(pk=strategy.pk)
        last = strategy.objectives.order_by("-number").values_list("number", flat=True).first()
        objective = Objective.objects.create(strategy=strategy, number=(last or 0) + 1, **values)
        objective.care_principles.set(principles)
        changes = created(values)
        if principles:
            changes["care_principles"] = (None, principle_numbers(principles))
        change_record(
            organisation=organisation,
            actor=added_by,
            obj=objective,
            summary=f"{strategy.objective_label} {objective.number} added to {strategy.title}",
            changes=changes,
        )
    return objective


def objective_edit(
    *, objective: Objective, changed_by, title: str, aim: str = "", principles=None
) -> Objective:
    """Change the title and aim, and the principles it serves unless `principles` is None."""
    strategy = objective.strategy
    with transaction.atomic():
        require_plan_keeper(changed_by, strategy.organisation)
        current = Objective.objects.select_for_update().get(pk=objective.pk)
        values = _objective_values(title=title, aim=aim)
        changes = changed(current, values)
        if principles is not None:
            before = principle_numbers(current.care_principles.all())
            if principle_numbers(principles) != before:
                changes["care_principles"] = (before, principle_numbers(principles))
                current.care_principles.set(principles)
        if not changes:
            return current
        for name, value in values.items():
            setattr(current, name, value)
        current.save(update_fields=list(values))
        change_record(
            organisation=strategy.organisation,
            actor=changed_by,
            obj=current,
            summary=f"{strategy.objective_label} {current.number} of {strategy.title} changed",
            changes=changes,
        )
    return current
