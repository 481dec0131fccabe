"""Setting up and keeping a plan: the plan itself, what its ratings mean, its sections and
its key outcomes.

Each change is a service: keyword-only, in one transaction, with its ChangeRecord, and only
for the council's plan owners and administrators (strategies.permissions.require_plan_keeper,
checked inside the transaction). Each refusal is a constant here that the forms reuse.
Strategies and objectives are strategies/setup.py's; progress, deadlines and closing an
action are services.py's.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction

from actionplans.models import ActionPlan, KeyOutcome, PlanSection
from core.text import check_text
from strategies.audit import change_record, changed, created
from strategies.models import Objective, Strategy
from strategies.permissions import require_plan_keeper

TITLE_MAX_LENGTH = 300  # ActionPlan.title; a key outcome's title is as long
SECTION_TITLE_MAX_LENGTH = 200  # PlanSection.title
MEANING_MAX_LENGTH = 1000

ENTER_PLAN_TITLE = "Enter the plan's title"
PLAN_TITLE_TAKEN = "This strategy already has a plan called \u201c{title}\u201d"
ENTER_SECTION_TITLE = "Enter the section's title"
SECTION_TITLE_TAKEN = "This plan already has a section called \u201c{title}\u201d"
ENTER_KEY_OUTCOME = "Enter the key outcome"
SELECT_PLAN_SECTION = "Select a section of this plan"
SELECT_STRATEGY_OBJECTIVE = "Select one of the strategy's {objectives} or none"

# What each colour's meaning is called, in the order a plan lists them.
MEANING_FIELDS = ("red_means", "amber_means", "green_means", "blue_means")


def _apply(current: models.Model, values: dict) -> None:
    for name, value in values.items():
        setattr(current, name, value)
    current.save(
        update_fields=[*values, *(["updated_at"] if hasattr(current, "updated_at") else [])]
    )


def _next_number(queryset) -> int:
    last = queryset.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _plan_values(*, strategy: Strategy, title: str, plan=None) -> dict:
    errors: dict[str, str] = {}
    title = check_text(
        errors, "title", title, empty=ENTER_PLAN_TITLE, label="The title",
        max_length=TITLE_MAX_LENGTH,
    )  # fmt: skip
    if "title" not in errors:
        same = ActionPlan.objects.filter(strategy=strategy, title__iexact=title)
        if plan is not None:
            same = same.exclude(pk=plan.pk)
        if same.exists():
            errors["title"] = PLAN_TITLE_TAKEN.format(title=title)
    if errors:
        raise ValidationError(errors)
    return {"title": title}


def plan_create(*, strategy: Strategy, created_by, title: str) -> ActionPlan:
    """A new, empty plan under the strategy. How often its officers report, and the periods
    that makes, is set on its reporting periods page (actionplans.cycle.plan_cadence_set)."""
    organisation = strategy.organisation
    with transaction.atomic():
        require_plan_keeper(created_by, organisation)
        values = _plan_values(strategy=strategy, title=title)
        plan = ActionPlan.objects.create(strategy=strategy, **values)
        change_record(
            organisation=organisation,
            actor=created_by,
            obj=plan,
            summary=f"Plan {plan.title} set up under {strategy.title}",
            changes=created(values),
        )
    return plan


def plan_edit(*, plan: ActionPlan, changed_by, title: str) -> ActionPlan:
    """Rename the plan (its cadence is plan_cadence_set's)."""
    organisation = plan.strategy.organisation
    with transaction.atomic():
        require_plan_keeper(changed_by, organisation)
        current = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        values = _plan_values(strategy=plan.strategy, title=title, plan=current)
        changes = changed(current, values)
        if changes:
            _apply(current, values)
            change_record(
                organisation=organisation,
                actor=changed_by,
                obj=current,
                summary=f"Plan {current.title} changed",
                changes=changes,
            )
    return current


def plan_meanings_set(*, plan: ActionPlan, changed_by, **meanings: str) -> ActionPlan:
    """Write what Red, Amber, Green and Blue mean for this plan (`red_means=...`); empty
    leaves a colour undefined. The board pack prints them; the rating warnings read them.
    A name that is not one of MEANING_FIELDS is a caller's mistake (TypeError): read as
    nothing, it would have emptied every meaning."""
    unknown = sorted(meanings.keys() - set(MEANING_FIELDS))
    if unknown:
        raise TypeError(f"plan_meanings_set() got unknown meanings: {', '.join(unknown)}")
    organisation = plan.strategy.organisation
    errors: dict[str, str] = {}
    values = {
        name: check_text(
            errors,
            name,
            meanings.get(name, ""),
            label=f"What {name.removesuffix('_means').capitalize()} means",
            max_length=MEANING_MAX_LENGTH,
        )
        for name in MEANING_FIELDS
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        require_plan_keeper(changed_by, organisation)
        current = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        changes = changed(current, values)
        if changes:
            _apply(current, values)
            change_record(
                organisation=organisation,
                actor=changed_by,
                obj=current,
                summary=f"What the ratings mean in {current.title} changed",
                changes=changes,
            )
    return current


def _section_title(plan: ActionPlan, title: str, section=None) -> str:
    errors: dict[str, str] = {}
    title = check_text(
        errors, "title", title, empty=ENTER_SECTION_TITLE, label="The title",
        max_length=SECTION_TITLE_MAX_LENGTH,
    )  # fmt: skip
    if not errors:
        same = PlanSection.objects.filter(plan=plan, title__iexact=title)
        if section is not None:
            same = same.exclude(pk=section.pk)
        if same.exists():
            errors["title"] = SECTION_TITLE_TAKEN.format(title=title)
    if errors:
        raise ValidationError(errors)
    return title


def section_add(*, plan: ActionPlan, added_by, title: str) -> PlanSection:
    """A section after the plan's last, such as "Care leavers"."""
    organisation = plan.strategy.organisation
    with transaction.atomic():
        require_plan_keeper(added_by, organisation)
        # The plan's row, locked, so two sections added at once take turns for a number.
        ActionPlan.objects.select_for_update().get(pk=plan.pk)
        title = _section_title(plan, title)
        section = PlanSection.objects.create(
            plan=plan, title=title, number=_next_number(plan.sections.all())
        )
        change_record(
            organisation=organisation,
            actor=added_by,
            obj=section,
            summary=f"Section {title} added to {plan.title}",
            changes={"title": (None, title)},
        )
    return section


def section_edit(*, section: PlanSection, changed_by, title: str) -> PlanSection:
    plan = section.plan
    organisation = plan.strategy.organisation
    with transaction.atomic():
        require_plan_keeper(changed_by, organisation)
        current = PlanSection.objects.select_for_update().get(pk=section.pk)
        values = {"title": _section_title(plan, title, current)}
        changes = changed(current, values)
        if changes:
            _apply(current, values)
            change_record(
                organisation=organisation,
                actor=changed_by,
                obj=current,
                summary=f"Section of {plan.title} renamed {current.title}",
                changes=changes,
            )
    return current


def select_objective(strategy: Strategy) -> str:
    """The refusal of an objective not the strategy's, in the strategy's own word for them."""
    return SELECT_STRATEGY_OBJECTIVE.format(objectives=strategy.objective_label_plural.lower())


def _key_outcome_values(
    *, plan: ActionPlan, title: str, section: PlanSection | None, objective: Objective | None
) -> dict:
    errors: dict[str, str] = {}
    title = check_text(
        errors, "title", title, empty=ENTER_KEY_OUTCOME, label="The key outcome",
        max_length=TITLE_MAX_LENGTH,
    )  # fmt: skip
    if section is not None and section.plan_id != plan.pk:
        errors["section"] = SELECT_PLAN_SECTION
    if objective is not None and objective.strategy_id != plan.strategy_id:
        errors["objective"] = select_objective(plan.strategy)
    if errors:
        raise ValidationError(errors)
    return {"title": title, "section": section, "objective": objective}


def key_outcome_add(
    *,
    plan: ActionPlan,
    added_by,
    title: str,
    section: PlanSection | None = None,
    objective: Objective | None = None,
) -> KeyOutcome:
    """A key outcome after the plan's last, optionally in a section and under an objective of
    the plan's strategy."""
    organisation = plan.strategy.organisation
    with transaction.atomic():
        require_plan_keeper(added_by, organisation)
        ActionPlan.objects.select_for_update().get(pk=plan.pk)
        values = _key_outcome_values(plan=plan, title=title, section=section, objective=objective)
        key_outcome = KeyOutcome.objects.create(
            plan=plan, number=_next_number(plan.key_outcomes.all()), **values
        )
        change_record(
            organisation=organisation,
            actor=added_by,
            obj=key_outcome,
            summary=f"Key outcome {key_outcome.number} added to {plan.title}",
            changes=created(values),
        )
    return key_outcome


def key_outcome_edit(
    *,
    key_outcome: KeyOutcome,
    changed_by,
    title: str,
    section: PlanSection | None = None,
    objective: Objective | None = None,
) -> KeyOutcome:
    plan = key_outcome.plan
    organisation = plan.strategy.organisation
    with transaction.atomic():
        require_plan_keeper(changed_by, organisation)
        current = KeyOutcome.objects.select_for_update().get(pk=key_outcome.pk)
        values = _key_outcome_values(plan=plan, title=title, section=section, objective=objective)
        changes = changed(current, values)
        if changes:
            _apply(current, values)
            change_record(
                organisation=organisation,
                actor=changed_by,
                obj=current,
                summary=f"Key outcome {current.number} of {plan.title} changed",
                changes=changes,
            )
    return current
