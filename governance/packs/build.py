"""Building a requested pack: its plans' state is frozen, the document rendered to PDF with
the build's progress written as it goes, and the result stored (store.py).

The task (tasks.py) and the `build_board_pack` command call board_pack_build.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplans.models import Action
from governance.dashboard.frozen import freeze
from governance.dashboard.snapshot import plan_state
from governance.models import BoardPack
from governance.packs.document import PackSpec, pack_html
from governance.packs.pdf import collecting_only_new_objects, render_pdf
from governance.packs.store import board_pack_fail, board_pack_store, lock_unissued

# Progress, in percent, at each stage of a build; laying out pages fills the gap between.
PROGRESS_DOCUMENT_READY = 20
PROGRESS_LAID_OUT = 90
# Roughly how many actions fit on a page of the plan table, to estimate the page count.
ACTIONS_PER_PAGE = 4
SECTION_PAGES = 6
PROGRESS_WRITE_SECONDS = 1.0


def board_pack_build(*, pack: BoardPack, on: datetime.date | None = None) -> BoardPack:
    """Build a requested pack: freeze the plans' state, render the document, store the PDF.

    The snapshot and every table the document prints are read in one transaction
    (one_reading), so the pack never disagrees with itself; the PDF is laid out after it
    commits, so the progress written meanwhile is seen. A failure marks the pack failed (the
    meeting page says so, and it can be built again) and is raised to the caller; a pack
    already building or built is refused before anything is marked.
    """
    started = False
    try:
        with collecting_only_new_objects():
            with one_reading():
                pack = board_pack_start(pack=pack)
                started = True
                spec = PackSpec.of(pack)
                html = pack_html(spec, on=on or timezone.localdate())
                action_count = _action_count(spec)
            board_pack_progress(pack=pack, progress=PROGRESS_DOCUMENT_READY)
            reporter = _ProgressReporter(
                pack, expected_pages=SECTION_PAGES + action_count // ACTIONS_PER_PAGE
            )
            rendered = render_pdf(html, on_page=reporter)
        board_pack_progress(pack=pack, progress=PROGRESS_LAID_OUT)
        stored = board_pack_store(pack=pack, content=rendered.content, pages=rendered.pages)
    except Exception as error:
        if started:
            board_pack_fail(pack=pack, error=f"{type(error).__name__}: {error}")
        raise
    # Not saved: for the benchmark, which reports the share of time spent in WeasyPrint.
    stored.seconds_in_weasyprint = rendered.seconds_in_weasyprint
    return stored


@contextmanager
def one_reading() -> Iterator[None]:
    """One transaction whose reads all see the database at one moment.

    On PostgreSQL, READ COMMITTED (Django's default) gives each statement a fresh view, so an
    update committed between reading the snapshot and reading the plan table would be in one
    and not the other: the transaction is REPEATABLE READ, which PostgreSQL can only be told
    before its first statement, so only when this block opens the transaction (the
    `build_board_pack` command opens it around its whole run). Nested in a caller's
    transaction, the caller's isolation holds. On SQLite one transaction is enough: it begins
    IMMEDIATE (config/settings.py), so no other writer commits while it is open.
    """
    opens = not transaction.get_connection().in_atomic_block
    with transaction.atomic():
        connection = transaction.get_connection()
        if opens and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def board_pack_start(*, pack: BoardPack, at: datetime.datetime | None = None) -> BoardPack:
    """Begin building: freeze every action's state now, and pick the pack to compare with."""
    with transaction.atomic():
        current = lock_unissued(pack)
        if current.status not in (BoardPack.Status.QUEUED, BoardPack.Status.FAILED):
            raise ValidationError(f"Version {current.version} is already {current.status}")
        at = at or timezone.now()
        plans = list(current.plans.select_related("strategy").order_by("title"))
        freeze(
            current,
            {
                "taken_at": at.isoformat(),
                "plans": {str(plan.pk): plan_state(plan) for plan in plans},
            },
        )
        current.compared_with = BoardPack.objects.comparison_base(current.meeting, plans)
        current.status = BoardPack.Status.BUILDING
        current.progress = 10
        current.error = ""
        current.save(update_fields=["compared_with", "status", "progress", "error"])
        return current


def board_pack_progress(*, pack: BoardPack, progress: int) -> None:
    """Record how far the build has got (one row, one statement)."""
    BoardPack.objects.filter(pk=pack.pk, status=BoardPack.Status.BUILDING).update(
        progress=max(0, min(progress, 99))
    )


class _ProgressReporter:
    """Turns "laying out page n" into the pack's progress, written at most once a second."""

    def __init__(self, pack: BoardPack, *, expected_pages: int):
        self.pack = pack
        self.expected_pages = max(expected_pages, 1)
        self.written_at = 0.0

    def __call__(self, page: int) -> None:
        now = time.monotonic()
        if now - self.written_at < PROGRESS_WRITE_SECONDS:
            return
        self.written_at = now
        share = min(page / self.expected_pages, 0.95)
        span = PROGRESS_LAID_OUT - PROGRESS_DOCUMENT_READY
        board_pack_progress(pack=self.pack, progress=PROGRESS_DOCUMENT_READY + int(span * share))


def _action_count(spec: PackSpec) -> int:
    return Action.objects.filter(plan__in=[plan.pk for plan in spec.plans]).count()
