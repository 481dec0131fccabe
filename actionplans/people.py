"""The council's people as the people pages read them, and the two changes to them that touch
leads: who acts for which lead, and removing a person from the council.

Roles and invitations are strategies/people.py; these live here because Lead does, and they
call its services so each change is still one transaction with its audit record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from actionplans.models import Lead
from strategies.audit import change_record
from strategies.models import CouncilRole, Invitation, Organisation
from strategies.people import council_role_delete, require_administrator

SELECT_COUNCIL_LEADS = "Select leads of this council only"


@dataclass(frozen=True)
class Person:
    """A row of the people page: the role, and the names of the leads the person acts for."""

    council_role: CouncilRole
    leads: list[str]


def people_of(organisation: Organisation) -> list[Person]:
    """Everyone with a role in the council, by name, with their leads there: two queries."""
    roles = (
        CouncilRole.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    leads: dict[int, list[str]] = defaultdict(list)
    links = (
        Lead.officers.through.objects.filter(lead__organisation=organisation)
        .order_by("lead__name")
        .values_list("user_id", "lead__name")
    )
    for user_id, name in links:
        leads[user_id].append(name)
    return [Person(council_role=role, leads=leads[role.user_id]) for role in roles]


def pending_invitations(organisation: Organisation):
    return Invitation.objects.filter(organisation=organisation).pending().order_by("email")


def leads_of(council_role: CouncilRole):
    """The council's leads this person acts for."""
    return Lead.objects.for_organisation(council_role.organisation_id).filter(
        officers=council_role.user_id
    )


def officer_leads_set(*, council_role: CouncilRole, leads, changed_by) -> None:
    """Make the council's leads that `council_role`'s person acts for exactly `leads`; their
    links to other councils' leads are left alone."""
    leads = list(leads)
    organisation = council_role.organisation
    if any(lead.organisation_id != organisation.pk for lead in leads):
        raise ValidationError({"leads": SELECT_COUNCIL_LEADS})
    with transaction.atomic():
        require_administrator(changed_by, organisation)
        # Locked, so two administrators saving at once record what each changed.
        CouncilRole.objects.select_for_update().get(pk=council_role.pk)
        before = {lead.pk: lead.name for lead in leads_of(council_role)}
        after = {lead.pk: lead.name for lead in leads}
        if before.keys() == after.keys():
            return
        person = council_role.user
        person.leads.remove(*(before.keys() - after.keys()))
        person.leads.add(*(after.keys() - before.keys()))
        change_record(
            organisation=organisation,
            actor=changed_by,
            obj=council_role,
            summary=f"Changed the leads {person} acts for",
            changes={"leads": (sorted(before.values()), sorted(after.values()))},
        )


def council_member_remove(*, council_role: CouncilRole, removed_by) -> None:
    """Take the person out of the council: their role and their links to its leads go. Their
    account, and everything they wrote, stay with their name (updates PROTECT their author).
    Every council page checks the role on each request, so their next one is refused."""
    with transaction.atomic():
        require_administrator(removed_by, council_role.organisation)
        officer_leads_set(council_role=council_role, leads=[], changed_by=removed_by)
        council_role_delete(council_role=council_role, removed_by=removed_by)
