"""The task's old import path, kept for packs queued before governance/packs/ existed.

django-tasks-db stores a queued task by its import path, and rows queued before 6 December 2026
name governance.tasks.board_pack_build_task. Delete this module once none is left queued.
"""

from governance.packs.tasks import board_pack_build_task

__all__ = ["board_pack_build_task"]
