"""Who may do what to a council's plans: one function per concern.

Each takes the person's role in the council (from the URL's council, see
strategies.scoping) so a check costs no query, except an officer's leads, read once.
The README shows these rules as a table; tests/test_url_access.py walks them.
"""

from __future__ import annotations

from actionplans.models import Action, ActionStatus, Lead
from strategies.models import CouncilRole, Role
from strategies.permissions import PLAN_KEEPERS, can_keep_plans

# The one rule, from strategies.permissions: plan owners and administrators.
PLAN_MANAGERS = PLAN_KEEPERS
# Roles that report on actions: plan managers on any, officers on their leads' (My actions).
REPORTING_ROLES = PLAN_MANAGERS | {Role.OFFICER}


def officer_lead_ids(council_role: CouncilRole) -> set[int]:
    """The leads this person acts for in this council."""
    if not hasattr(council_role, "_lead_ids"):
        # By ids: reading council_role.user would cost a query of its own.
        council_role._lead_ids = set(
            Lead.objects.filter(
                officers=council_role.user_id, organisation=council_role.organisation_id
            ).values_list("pk", flat=True)
        )
    return council_role._lead_ids


def acts_for_action(council_role: CouncilRole, action: Action) -> bool:
    action_leads = {lead.pk for lead in action.leads.all()}
    return bool(action_leads & officer_lead_ids(council_role))


def reports_on_action(council_role: CouncilRole, action: Action) -> bool:
    """Whether this person's role lets them report on the action, whatever state it is in."""
    if council_role.role in PLAN_MANAGERS:
        return True
    return council_role.role == Role.OFFICER and acts_for_action(council_role, action)


def can_update_action(council_role: CouncilRole, action: Action) -> bool:
    """Add a progress update, change the deadline or mark complete."""
    return action.status != ActionStatus.NOT_NEEDED and reports_on_action(council_role, action)


def decides_on_action(council_role: CouncilRole, action: Action) -> bool:
    """Whether this person's role lets them close the action, whatever state it is in."""
    return council_role.role in PLAN_MANAGERS


def can_close_action(council_role: CouncilRole, action: Action) -> bool:
    """Mark an action no longer needed: a decision about the plan, not a progress report."""
    return decides_on_action(council_role, action) and action.status == ActionStatus.OPEN


def can_import_plans(council_role: CouncilRole) -> bool:
    """Upload a council's existing plan, correct its columns and import it."""
    return can_keep_plans(council_role)


def can_choose_reminders(council_role: CouncilRole) -> bool:
    """Choose reminders and chasers or one weekly digest: those who report on actions, the
    only ones reminded."""
    return council_role.role in REPORTING_ROLES


def can_chase(council_role: CouncilRole) -> bool:
    """Press "chase now" on a plan: those who chase missing updates, its owners."""
    return council_role.role in PLAN_MANAGERS


def can_set_reporting_cycle(council_role: CouncilRole) -> bool:
    """Set a plan's cadence, move a period's update deadline, pause reminders."""
    return council_role.role in PLAN_MANAGERS
