"""Writing a confirmed preview as a new plan of the council: all of it, or nothing."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplans.importing.preview import Preview
from actionplans.importing.reading import normalised
from actionplans.models import (
    Action,
    ActionPlan,
    ActionStatus,
    KeyOutcome,
    Lead,
    PlanSection,
    ProgressUpdate,
    Rag,
)
from core.text import check_text, plain_text
from strategies import revisions
from strategies.audit import change_record
from strategies.models import Organisation, Strategy

PLAN_TITLE_MAX = 300  # ActionPlan.title
ENTER_PLAN_TITLE = "Enter the plan's title"
HAS_ERRORS = "The file has errors to fix before it can be imported"


def strategy_title_taken(organisation: Organisation, plan_title: str) -> str:
    """The refusal when a new strategy of the plan's title cannot be made, else ""."""
    title = plain_text(plan_title)
    if Strategy.objects.for_organisation(organisation).filter(title=title).exists():
        return (
            f"The council already has a strategy called \u201c{title}\u201d. Select it as the "
            "plan's strategy, or give the plan another title"
        )
    return ""


def source_of(file_name: str, data: bytes) -> str:
    """What each imported row's `source` says: the file, and a digest that tells two files
    of the same name apart."""
    digest = hashlib.sha256(data).hexdigest()[:12]
    return f"import: {file_name[:120]} ({digest})"


def import_plan(
    *,
    organisation: Organisation,
    preview: Preview,
    plan_title: str,
    file_name: str,
    data: bytes,
    actor=None,
    strategy: Strategy | None = None,
) -> ActionPlan:
    """Create the plan `preview` describes in `organisation`, in one transaction, recorded in
    the council's change history. A new strategy of the plan's title holds it unless
    `strategy` (of the same council) is given. Raises ValidationError, writing nothing, when
    the preview has errors or the title is missing."""
    errors: dict[str, str] = {}
    plan_title = check_text(
        errors,
        "plan_title",
        plan_title,
        label="Plan title",
        max_length=PLAN_TITLE_MAX,
        empty=ENTER_PLAN_TITLE,
    )
    if preview.errors:
        errors["file"] = HAS_ERRORS
    elif not preview.actions:
        errors["file"] = "The file has no actions to import"
    if strategy is not None and strategy.organisation_id != organisation.pk:
        errors["strategy"] = "Select a strategy of this council"
    elif strategy is None and plan_title and organisation.pk is not None:
        taken = strategy_title_taken(organisation, plan_title)
        if taken:
            errors["plan_title"] = taken
    if errors:
        raise ValidationError(errors)
    source = source_of(file_name, data)
    at = timezone.now()
    with transaction.atomic():
        if strategy is None:
            strategy = _new_strategy(organisation, plan_title, preview, source)
        plan = ActionPlan.objects.create(strategy=strategy, title=plan_title, source=source)
        sections = {
            title: PlanSection.objects.create(plan=plan, title=title, number=number)
            for number, title in enumerate(preview.sections, start=1)
        }
        outcomes = {
            key: KeyOutcome.objects.create(
                plan=plan,
                number=number,
                title=key[1],
                section=sections.get(key[0]),
                source=source,
            )
            for number, key in enumerate(preview.key_outcomes, start=1)
        }
        leads = _leads(organisation, preview.leads, source)
        actions = _actions(plan, preview, outcomes, source, at)
        through = Action.leads.through
        through.objects.bulk_create(
            [
                through(action_id=action.pk, lead_id=leads[normalised(name)].pk)
                for action, row in zip(actions, preview.actions, strict=True)
                for name in row.leads
            ]
        )
        ProgressUpdate.objects.bulk_create(
            [
                ProgressUpdate(
                    action=action,
                    narrative=row.progress,
                    rag=row.rag or Rag.NOT_RATED,
                    author=actor,
                    created_at=at,
                    source=source,
                )
                for action, row in zip(actions, preview.actions, strict=True)
                if row.progress
            ]
        )
        counts = preview.counts
        change_record(
            organisation=organisation,
            actor=actor,
            obj=plan,
            summary=f"Imported from {file_name[:150]}: {counts['actions']} actions",
            changes={"file": (None, source), **{name: (None, n) for name, n in counts.items()}},
            at=at,
        )
        # bulk_create sends no signals: the council's pages are told of the change here.
        revisions.touch(organisation.pk)
    return plan


def _new_strategy(
    organisation: Organisation, title: str, preview: Preview, source: str
) -> Strategy:
    years = [action.deadline.year for action in preview.actions if action.deadline]
    this_year = timezone.localdate().year
    return Strategy.objects.create(
        organisation=organisation,
        title=title,
        period_start_year=min(years, default=this_year),
        period_end_year=max(years, default=this_year),
        source=source,
    )


def _leads(organisation: Organisation, names: list[str], source: str) -> dict[str, Lead]:
    """The council's leads by normalised name, creating those it does not have yet."""
    found = {normalised(lead.name): lead for lead in Lead.objects.for_organisation(organisation)}
    for name in names:
        if normalised(name) not in found:
            found[normalised(name)] = Lead.objects.create(
                organisation=organisation, name=name, source=source
            )
    return found


def _actions(plan, preview, outcomes, source, at: datetime.datetime) -> list[Action]:
    numbers: dict[tuple[str, str], int] = {}
    actions = []
    for row in preview.actions:
        key = (row.section, row.key_outcome)
        numbers[key] = numbers.get(key, 0) + 1
        rag = row.rag or Rag.NOT_RATED
        actions.append(
            Action(
                plan=plan,
                key_outcome=outcomes[key],
                number=numbers[key],
                reference=row.reference,
                description=row.text,
                leads_text=" / ".join(row.leads),
                deadline_text=row.deadline_words,
                deadline=row.deadline,
                rag=rag,
                status=ActionStatus.COMPLETE if rag == Rag.BLUE else ActionStatus.OPEN,
                source=source,
                created_at=at,
                updated_at=at,
            )
        )
    return Action.objects.bulk_create(actions)
