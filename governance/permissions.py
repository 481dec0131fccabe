"""Who may do what with boards, meetings and packs: one function per concern.

Each takes the person's role in the council of the URL (strategies.scoping), so a check costs
no query. tests/test_url_access.py walks them.
"""

from __future__ import annotations

from actionplans.permissions import PLAN_MANAGERS
from strategies.models import CouncilRole, Role


def can_manage_meetings(council_role: CouncilRole) -> bool:
    """Schedule meetings, set agendas, record recommendations and their updates."""
    return council_role.role in PLAN_MANAGERS


def can_build_packs(council_role: CouncilRole) -> bool:
    """Build, rebuild and issue board packs: the plan owner prepares the papers."""
    return council_role.role in PLAN_MANAGERS


def can_record_voice(council_role: CouncilRole) -> bool:
    """Record what young people said and what was done about it: those who run the meetings
    where the council answers them."""
    return council_role.role in PLAN_MANAGERS


def can_read_exempt(council_role: CouncilRole) -> bool:
    """Read a Part II (exempt) pack: everyone with a working role, not read-only viewers."""
    return council_role.role != Role.VIEWER
