"""Who may set up and keep a council's strategies and plans: one home for the rule, which
actionplans.permissions (PLAN_MANAGERS) and governance build on.

Plan owners and administrators keep strategies, objectives, plans, their key outcomes,
actions and leads. The services of strategies/setup.py and actionplans/setup.py check it
themselves, inside their transaction, so no view can forget and a role taken away a moment
ago counts at once.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from strategies.models import CouncilRole, Organisation, Role

PLAN_KEEPERS = frozenset({Role.ADMIN, Role.OWNER})

NOT_A_PLAN_KEEPER = "Only the council's plan owners and administrators can change its plans."


def can_keep_plans(council_role: CouncilRole) -> bool:
    """Set up and change strategies, objectives, plans, key outcomes, actions and leads."""
    return council_role.role in PLAN_KEEPERS


def require_plan_keeper(person, organisation: Organisation | int) -> None:
    """Refuse anyone who is not a plan owner or administrator of the council now."""
    if (
        person is None
        or not CouncilRole.objects.filter(
            user=person, organisation=organisation, role__in=PLAN_KEEPERS
        ).exists()
    ):
        raise PermissionDenied(NOT_A_PLAN_KEEPER)
