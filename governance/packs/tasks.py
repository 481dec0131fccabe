"""Background work: building board packs through Django's tasks framework.

In the embedded default (settings.TASKS: ImmediateBackend) a pack is built as soon as the
request that asked for it commits; in production (PLEDGE_TASKS=database) a worker started
with `manage.py db_worker` builds it, and the meeting page shows its progress meanwhile.
"""

from __future__ import annotations

from django.tasks import task

from governance.models import BoardPack
from governance.packs.build import board_pack_build


@task
def board_pack_build_task(pack_id: int) -> int:
    """Build a requested pack; returns its number of pages."""
    pack = BoardPack.objects.select_related("meeting__board__organisation").get(pk=pack_id)
    return board_pack_build(pack=pack).pages
