"""Keeping a council's leads: adding one, renaming it, merging two into one (the actions and
officers of the one follow to the other) and retiring one that leads no open action.

A lead is never deleted while anything refers to it (actionplans.history): merging and
retiring set `retired_at` (and `merged_into`), so the lead's name stays on its past, and it is
no longer offered for new actions or officers (LeadQuerySet.active). Each change is a service
in one transaction, with its ChangeRecord, for the council's plan owners and administrators
only (strategies.permissions.require_plan_keeper).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from actionplans.models import Action, ActionStatus, Lead
from core.text import check_text, counted
from strategies.audit import change_record
from strategies.models import Organisation
from strategies.permissions import require_plan_keeper

NAME_MAX_LENGTH = 300  # Lead.name

ENTER_LEAD_NAME = "Enter the lead's name"
LEAD_NAME_TAKEN = "{council} already has a lead called \u201c{name}\u201d"
SELECT_KIND = "Select what kind of lead it is"
SELECT_MERGE_INTO = "Select the lead to merge it into"
LEAD_RETIRED = "\u201c{name}\u201d has been retired"
HAS_OPEN_ACTIONS = (
    "\u201c{name}\u201d leads {open_actions}. Give {them} another lead, or merge it "
    "into another lead, first"
)


def leads_for_page(organisation: Organisation):
    """The council's leads by name, each with its open actions and officers counted."""
    return (
        Lead.objects.for_organisation(organisation)
        .select_related("merged_into")
        .annotate(
            open_actions=Count(
                "actions", filter=Q(actions__status=ActionStatus.OPEN), distinct=True
            ),
            officer_count=Count("officers", distinct=True),
        )
        .order_by(F("retired_at").asc(nulls_first=True), "name")
    )


def _values(organisation: Organisation, *, name: str, kind: str, lead=None) -> dict:
    errors: dict[str, str] = {}
    name = check_text(
        errors, "name", name, empty=ENTER_LEAD_NAME, label="The name", max_length=NAME_MAX_LENGTH
    )
    if kind not in Lead.Kind.values:
        errors["kind"] = SELECT_KIND
    if "name" not in errors:
        same = Lead.objects.filter(organisation=organisation, name__iexact=name)
        if lead is not None:
            same = same.exclude(pk=lead.pk)
        if same.exists():
            errors["name"] = LEAD_NAME_TAKEN.format(council=organisation.name, name=name)
    if errors:
        raise ValidationError(errors)
    return {"name": name, "kind": kind}


def lead_add(*, organisation: Organisation, added_by, name: str, kind: str) -> Lead:
    with transaction.atomic():
        require_plan_keeper(added_by, organisation)
        values = _values(organisation, name=name, kind=kind)
        lead = Lead.objects.create(organisation=organisation, **values)
        change_record(
            organisation=organisation,
            actor=added_by,
            obj=lead,
            summary=f"Lead {lead.name} added",
            changes={name: (None, value) for name, value in values.items()},
        )
    return lead


def lead_rename(*, lead: Lead, changed_by, name: str, kind: str) -> Lead:
    """A new name (and kind) for the lead; its actions and officers stay with it."""
    organisation = lead.organisation
    with transaction.atomic():
        require_plan_keeper(changed_by, organisation)
        current = Lead.objects.select_for_update().get(pk=lead.pk)
        values = _values(organisation, name=name, kind=kind, lead=current)
        changes = {
            field: (getattr(current, field), value)
            for field, value in values.items()
            if getattr(current, field) != value
        }
        if changes:
            Lead.objects.filter(pk=current.pk).update(**values)
            current.refresh_from_db()
            change_record(
                organisation=organisation,
                actor=changed_by,
                obj=current,
                summary=f"Lead {changes.get('name', (current.name,))[0]} renamed {current.name}"
                if "name" in changes
                else f"Lead {current.name} changed",
                changes=changes,
            )
    return current


def _locked_pair(lead: Lead, into: Lead) -> tuple[Lead, Lead]:
    """Both leads' rows, locked in one order so two merges at once cannot deadlock."""
    rows = {
        row.pk: row
        for row in Lead.objects.select_for_update().filter(pk__in=[lead.pk, into.pk]).order_by("pk")
    }
    return rows[lead.pk], rows[into.pk]


def lead_merge(*, lead: Lead, into: Lead, merged_by) -> Lead:
    """Merge `lead` into `into`: its actions and the officers who act for it go to `into`,
    each action's change recorded (its timeline shows the leads from/to); `lead` is retired,
    merged into `into`, and keeps its name on its history."""
    organisation = lead.organisation
    with transaction.atomic():
        require_plan_keeper(merged_by, organisation)
        if into.organisation_id != organisation.pk or into.pk == lead.pk:
            raise ValidationError({"into": SELECT_MERGE_INTO})
        current, target = _locked_pair(lead, into)
        for retired in (current, target):
            if retired.retired_at is not None:
                raise ValidationError({"into": LEAD_RETIRED.format(name=retired.name)})
        at = timezone.now()
        actions = list(
            Action.objects.select_for_update(of=("self",))
            .filter(leads=current)
            .prefetch_related("leads")
        )
        for action in actions:
            before = sorted(one.name for one in action.leads.all())
            after = sorted({*before, target.name} - {current.name})
            change_record(
                organisation=organisation,
                actor=merged_by,
                obj=action,
                summary=f"Lead {current.name} merged into {target.name}",
                changes={"leads": (before, after)},
                at=at,
            )
        target.actions.add(*actions)
        current.actions.remove(*actions)
        officers = list(current.officers.all())
        target.officers.add(*officers)
        current.officers.remove(*officers)
        Action.objects.filter(pk__in=[action.pk for action in actions]).update(
            version=F("version") + 1, updated_at=at
        )
        Lead.objects.filter(pk=current.pk).update(retired_at=at, merged_into=target)
        change_record(
            organisation=organisation,
            actor=merged_by,
            obj=current,
            summary=f"Lead {current.name} merged into {target.name}",
            changes={
                "merged_into": (None, target.name),
                "actions": (len(actions), 0),
                "officers": (sorted(str(officer) for officer in officers), []),
            },
            at=at,
        )
    return target


def lead_retire(*, lead: Lead, retired_by) -> Lead:
    """Retire a lead that leads no open action: it is no longer offered, and keeps its past
    (its completed and retired actions, and who acted for it)."""
    organisation = lead.organisation
    with transaction.atomic():
        require_plan_keeper(retired_by, organisation)
        current = Lead.objects.select_for_update().get(pk=lead.pk)
        if current.retired_at is not None:
            return current
        count = current.actions.filter(status=ActionStatus.OPEN).count()
        if count:
            raise ValidationError(
                HAS_OPEN_ACTIONS.format(
                    name=current.name,
                    open_actions=counted(count, "open action"),
                    them="it" if count == 1 else "them",
                )
            )
        at = timezone.now()
        Lead.objects.filter(pk=current.pk).update(retired_at=at)
        current.refresh_from_db()
        change_record(
            organisation=organisation,
            actor=retired_by,
            obj=current,
            summary=f"Lead {current.name} retired",
            changes={"retired_at": (None, at)},
            at=at,
        )
    return current
