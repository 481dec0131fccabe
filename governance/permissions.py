"""Who may do what with boards, meetings and packs: one function per concern.

Each takes the person's role in the council of the URL (strategies.scoping), so a check costs
no query. tests/test_url_access.py walks them.
"""

from __future__ import annotations

from actionplans.permissions import PLAN_MANAGERS
from governance.models import BoardPack
from strategies.models import CouncilRole, Role


def can_manage_meetings(council_role: CouncilRole) -> bool:
    """Schedule meetings, set agendas, record recommendations and their updates."""
    return council_role.role in PLAN_MANAGERS


def can_build_packs(council_role: CouncilRole) -> bool:
    """Build, preview, rebuild and issue board packs, and read the drafts: the plan owner
    prepares the papers, and a draft is not yet what the board was told."""
    return council_role.role in PLAN_MANAGERS


def can_read_pack(council_role: CouncilRole, pack: BoardPack) -> bool:
    """Download a pack: an issued one as its part allows (can_read_exempt), a draft only
    those who prepare packs."""
    if not pack.is_issued and not can_build_packs(council_role):
        return False
    return pack.part != BoardPack.Part.PART_II or can_read_exempt(council_role)


def can_record_voice(council_role: CouncilRole) -> bool:
    """Record what young people said and what was done about it: those who run the meetings
    where the council answers them."""
    return council_role.role in PLAN_MANAGERS


def can_read_exempt(council_role: CouncilRole) -> bool:
    """Read a Part II (exempt) pack: everyone with a working role, not read-only viewers."""
    return council_role.role != Role.VIEWER
