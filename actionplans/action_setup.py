"""Keeping a plan's actions: adding one, changing its wording, reference and leads, moving it
to another key outcome and reordering it within one. Marking one no longer needed (retiring
it, its history kept) is services.action_close.

Each change is a service in one transaction, with its ChangeRecord, for the council's plan
owners and administrators only (strategies.permissions.require_plan_keeper), and changes the
action through services.py's row lock and version, so a form opened before someone else's
change is refused (StaleActionError). The change record keeps the wording and leads from what
to what, who and when: the action's timeline shows them (actionplans.timeline). Progress
updates are their own rows and are never rewritten.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from actionplans.deadlines import deadline_date
from actionplans.models import PLAN_ORDER, Action, KeyOutcome, Lead
from actionplans.people import SELECT_COUNCIL_LEADS
from actionplans.services import DEADLINE_TEXT_MAX_LENGTH
from actionplans.services import _lock_current as lock_current  # one row lock, one version
from actionplans.services import _save_action as save_action
from actionplans.timeline import EDITED_FIELDS
from core.text import check_text
from strategies.audit import change_record, changed
from strategies.permissions import require_plan_keeper
from strategies.setup import principle_numbers

DESCRIPTION_MAX_LENGTH = 2000
REFERENCE_MAX_LENGTH = 20  # Action.reference

ENTER_DESCRIPTION = "Enter what the action is"
REFERENCE_TAKEN = "Another action of this plan has the reference {reference}"
SELECT_KEY_OUTCOME = "Select a key outcome of this plan"
SELECT_ACTIVE_LEADS = "Select leads that have not been retired"
ALREADY_THERE = "The action is already under this key outcome"
NOT_OPEN = "Only an open action can be changed"
SELECT_EARLIER_PLAN = "Select another plan of this council"
MAP_ONE_KEY_OUTCOME = "Select a key outcome of this plan for at least one key outcome"
CARRY_FROM_ITS_KEY_OUTCOMES = "Carry over only the key outcomes of the plan you chose"


def _lead_names(leads) -> list[str]:
    return sorted(lead.name for lead in leads)


def _values(
    *,
    plan_id: int,
    organisation_id: int,
    description: str,
    reference: str,
    leads,
    action=None,
    kept_leads=(),
) -> dict:
    """The values as kept, or the refusals by field. `kept_leads` (the action's own) may be
    kept though retired; another retired lead may not be given."""
    errors: dict[str, str] = {}
    values = {
        "description": check_text(
            errors, "description", description, empty=ENTER_DESCRIPTION, label="The action",
            max_length=DESCRIPTION_MAX_LENGTH,
        ),
        "reference": check_text(
            errors, "reference", reference, label="The reference",
            max_length=REFERENCE_MAX_LENGTH,
        ),
    }  # fmt: skip
    if values["reference"]:
        same = Action.objects.filter(plan=plan_id, reference=values["reference"])
        if action is not None:
            same = same.exclude(pk=action.pk)
        if same.exists():
            errors["reference"] = REFERENCE_TAKEN.format(reference=values["reference"])
    if any(lead.organisation_id != organisation_id for lead in leads):
        errors["leads"] = SELECT_COUNCIL_LEADS
    elif Lead.objects.filter(
        pk__in=[lead.pk for lead in leads if lead not in kept_leads], retired_at__isnull=False
    ).exists():  # read afresh: a lead retired since the form was opened counts
        errors["leads"] = SELECT_ACTIVE_LEADS
    if errors:
        raise ValidationError(errors)
    return values


def _next_number(key_outcome: KeyOutcome) -> int:
    last = key_outcome.actions.aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def action_add(
    *,
    key_outcome: KeyOutcome,
    added_by,
    description: str,
    leads=(),
    reference: str = "",
    deadline_text: str = "",
    principles=(),
) -> Action:
    """A new open action at the end of the key outcome, with its leads and deadline (the
    words as written, and the date read from them where one can be)."""
    plan = key_outcome.plan
    organisation = plan.strategy.organisation
    leads = list(leads)
    with transaction.atomic():
        require_plan_keeper(added_by, organisation)
        values = _values(
            plan_id=plan.pk, organisation_id=organisation.pk, description=description,
            reference=reference, leads=leads,
        )  # fmt: skip
        errors: dict[str, str] = {}
        deadline_text = check_text(
            errors, "deadline_text", deadline_text, label="The deadline",
            max_length=DEADLINE_TEXT_MAX_LENGTH,
        )  # fmt: skip
        if errors:
            raise ValidationError(errors)
        # The key outcome's row, locked, so two actions added at once take turns for a number.
        KeyOutcome.objects.select_for_update().get(pk=key_outcome.pk)
        action = Action.objects.create(
            plan=plan,
            key_outcome=key_outcome,
            number=_next_number(key_outcome),
            deadline_text=deadline_text,
            deadline=deadline_date(deadline_text) if deadline_text else None,
            **values,
        )
        action.leads.set(leads)
        action.care_principles.set(principles)
        change_record(
            organisation=organisation,
            actor=added_by,
            obj=action,
            summary=f"Action {action.label} added under key outcome {key_outcome.number}",
            changes={
                "description": (None, action.description),
                "leads": (None, _lead_names(leads)),
                **({"reference": (None, action.reference)} if action.reference else {}),
                **({"deadline_text": (None, deadline_text)} if deadline_text else {}),
                **(
                    {"care_principles": (None, principle_numbers(principles))} if principles else {}
                ),
            },
        )
    return action


def action_edit(
    *,
    action: Action,
    changed_by,
    description: str,
    reference: str,
    leads,
    principles=None,
    expected_version: int | None = None,
) -> Action:
    """Change an open action's wording, reference and leads, and the corporate parenting
    principles it serves unless `principles` is None. What it said before stays in
    its change record (and so its timeline); its progress updates are untouched."""
    leads = list(leads)
    with transaction.atomic():
        current = lock_current(action, expected_version)
        organisation = current.plan.strategy.organisation
        require_plan_keeper(changed_by, organisation)
        if current.status != Action.Status.OPEN:
            raise ValidationError(NOT_OPEN)
        values = _values(
            plan_id=current.plan_id, organisation_id=organisation.pk, description=description,
            reference=reference, leads=leads, action=current, kept_leads=list(current.leads.all()),
        )  # fmt: skip
        changes = changed(current, values)
        before = _lead_names(current.leads.all())
        if _lead_names(leads) != before:
            changes["leads"] = (before, _lead_names(leads))
            current.leads.set(leads)
        if principles is not None:
            served = principle_numbers(current.care_principles.all())
            if principle_numbers(principles) != served:
                changes["care_principles"] = (served, principle_numbers(principles))
                current.care_principles.set(principles)
        if not changes:
            return current
        at = timezone.now()
        save_action(current, at, **values)
        change_record(
            organisation=organisation,
            actor=changed_by,
            obj=current,
            summary=f"Action {values['reference'] or current.label} changed: "
            + ", ".join(EDITED_FIELDS.get(name, "principles").lower() for name in changes),
            changes=changes,
            at=at,
        )
    action.refresh_from_db()
    return action


def action_move(
    *, action: Action, moved_by, key_outcome: KeyOutcome, expected_version: int | None = None
) -> Action:
    """Move the action to the end of another key outcome of its plan; it keeps its history."""
    with transaction.atomic():
        current = lock_current(action, expected_version)
        organisation = current.plan.strategy.organisation
        require_plan_keeper(moved_by, organisation)
        if key_outcome.plan_id != current.plan_id:
            raise ValidationError({"key_outcome": SELECT_KEY_OUTCOME})
        if key_outcome.pk == current.key_outcome_id:
            raise ValidationError({"key_outcome": ALREADY_THERE})
        old = current.key_outcome
        KeyOutcome.objects.select_for_update().get(pk=key_outcome.pk)
        at = timezone.now()
        number = _next_number(key_outcome)
        save_action(current, at, key_outcome=key_outcome, number=number)
        change_record(
            organisation=organisation,
            actor=moved_by,
            obj=current,
            summary=f"Action moved from key outcome {old.number} to key outcome "
            f"{key_outcome.number}",
            changes={"key_outcome": (old, key_outcome), "number": (current.number, number)},
            at=at,
        )
    action.refresh_from_db()
    return action


def action_reorder(*, action: Action, moved_by, up: bool) -> Action:
    """Swap the action with the one before it (`up`) or after it in its key outcome; at the
    top or bottom already, nothing changes."""
    with transaction.atomic():
        # The key outcome's row first, as adding and moving lock it: one order, no deadlock.
        KeyOutcome.objects.select_for_update().get(pk=action.key_outcome_id)
        current = lock_current(action, None)
        organisation = current.plan.strategy.organisation
        require_plan_keeper(moved_by, organisation)
        siblings = Action.objects.filter(key_outcome=current.key_outcome_id)
        neighbour = (
            siblings.filter(number__lt=current.number).order_by("-number")
            if up
            else siblings.filter(number__gt=current.number).order_by("number")
        ).first()
        if neighbour is None:
            return current
        neighbour = lock_current(neighbour, None)
        at = timezone.now()
        # Through 0, which no action holds, as the numbers are unique within a key outcome.
        save_action(current, at, number=0)
        save_action(neighbour, at, number=current.number)
        save_action(current, at, number=neighbour.number)
        change_record(
            organisation=organisation,
            actor=moved_by,
            obj=current,
            summary=f"Action moved {'up' if up else 'down'} in key outcome "
            f"{current.key_outcome.number}",
            changes={"number": (current.number, neighbour.number)},
            at=at,
        )
    action.refresh_from_db()
    return action


def council_leads(organisation, action: Action | None = None):
    """The leads an action of the council may be given, by name: those not retired, and the
    action's own."""
    leads = Lead.objects.for_organisation(organisation)
    if action is None:
        return leads.active().order_by("name")
    return leads.filter(Q(retired_at__isnull=True) | Q(actions=action)).distinct().order_by("name")


def plan_carry_over(
    *,
    from_plan,
    into_plan,
    mapping: dict,
    carried_by,
    retire_old: bool = True,
    at: datetime.datetime | None = None,
) -> list[Action]:
    """Carry the unfinished (open) actions of `from_plan` into `into_plan`: each action under
    a key outcome that `mapping` (old key outcome's id to a key outcome of `into_plan`, or
    None) maps is copied to the end of that key outcome (a key outcome of another plan in
    `mapping` refuses the whole carrying), with its wording, reference, leads
    (those not retired), deadline and principles, and a link back (`carried_from`) to its
    history. The old action is closed as no longer needed there, saying where it went, so
    it leaves the old plan's table, counts and reminders; its history stays.

    `retire_old=False` leaves the old plan exactly as it was, its actions open: the
    demonstration layer carries a seeded plan so, as the seed is the source's words and no
    more. `at` dates the carrying, as the demonstration history is dated (default now)."""
    organisation = into_plan.strategy.organisation
    with transaction.atomic():
        require_plan_keeper(carried_by, organisation)
        if from_plan.pk == into_plan.pk or from_plan.strategy.organisation_id != organisation.pk:
            raise ValidationError({"from_plan": SELECT_EARLIER_PLAN})
        targets = {key: value for key, value in mapping.items() if value is not None}
        if any(target.plan_id != into_plan.pk for target in targets.values()):
            raise ValidationError(SELECT_KEY_OUTCOME)
        if not targets:
            raise ValidationError(MAP_ONE_KEY_OUTCOME)
        theirs = KeyOutcome.objects.filter(plan=from_plan, pk__in=list(targets))
        if theirs.count() != len(targets):
            raise ValidationError(CARRY_FROM_ITS_KEY_OUTCOMES)
        at = at or timezone.now()
        carried = []
        old_actions = (
            Action.objects.select_for_update(of=("self",))
            .filter(plan=from_plan, status=Action.Status.OPEN, key_outcome__in=list(targets))
            .select_related("key_outcome")
            .prefetch_related("leads", "care_principles")
            .order_by(*PLAN_ORDER)
        )
        for old in old_actions:
            target = targets[old.key_outcome_id]
            KeyOutcome.objects.select_for_update().get(pk=target.pk)
            new = Action.objects.create(
                plan=into_plan,
                key_outcome=target,
                number=_next_number(target),
                reference=old.reference
                if not Action.objects.filter(plan=into_plan, reference=old.reference).exists()
                else "",
                description=old.description,
                leads_text=old.leads_text,
                deadline_text=old.deadline_text,
                deadline=old.deadline,
                carried_from=old,
                created_at=at,
                updated_at=at,
            )
            new.leads.set([lead for lead in old.leads.all() if lead.retired_at is None])
            new.care_principles.set(old.care_principles.all())
            change_record(
                organisation=organisation,
                actor=carried_by,
                obj=new,
                summary=f"Carried over from {from_plan.title}, action {old.label}",
                changes={"carried_from": (None, f"{from_plan.title} {old.label}")},
                at=at,
            )
            carried.append(new)
            if not retire_old:
                continue
            reason = f"Carried into {into_plan.title} as action {new.label}"
            save_action(old, at, status=Action.Status.NOT_NEEDED, closed_reason=reason)
            change_record(
                organisation=organisation,
                actor=carried_by,
                obj=old,
                summary=reason,
                changes={"status": (old.status, Action.Status.NOT_NEEDED)},
                at=at,
            )
    return carried
