"""What governance/permissions.py promises besides who reaches which page (test_url_access):
who may read which board pack, for every role, issued or draft, Part I or Part II."""

import datetime

import pytest

from governance.models import BoardPack
from governance.permissions import can_read_pack
from strategies.models import CouncilRole, Role

pytestmark = pytest.mark.sqlite

ISSUED = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
PREPARERS = {Role.ADMIN, Role.OWNER}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("part", list(BoardPack.Part))
@pytest.mark.parametrize("issued", [True, False], ids=["issued", "draft"])
def test_who_may_read_a_pack(role, part, issued):
    pack = BoardPack(part=part, issued_at=ISSUED if issued else None)
    council_role = CouncilRole(role=role)

    if not issued:
        expected = role in PREPARERS
    elif part == BoardPack.Part.PART_I:
        expected = True
    else:
        # Part II (exempt): every working role, never a read-only viewer.
        expected = role != Role.VIEWER
    assert can_read_pack(council_role, pack) is expected
