"""Board pack building for `make bench`: the seeded Lancashire plan and a generated plan of
1,000 actions, each built the way the background task builds it, in a fresh process.

For each: the time from asking for the pack to its PDF being stored (the clock starts once the
process has loaded Django and its URLconf, as a worker has after its first pack), the
process's peak memory (ru_maxrss over the whole process, start-up, Django and the database
connection included), the pages, and the share of the time spent outside WeasyPrint (reading
the plans, rendering the template, storing).
Goals (issue 5): Lancashire under 3 s; 1,000 actions under 20 s and 400 MB; under 10% of
the time outside WeasyPrint.

`pack_table(bench)` is one of tests/bench.py's TABLES. On its own,
`python -m tests.bench_packs` migrates and seeds the database DATABASE_URL names (SQLite by
default) and prints the same table.
"""

from __future__ import annotations

import datetime
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.benchkit import Table, verdict

ROOT = Path(__file__).resolve().parent.parent
LARGE_ACTIONS, LARGE_UPDATES = 1000, 5000
MAX_OUTSIDE_SHARE = 0.10
HEADERS = (
    "pack",
    "actions",
    "pages",
    "seconds",
    "in WeasyPrint",
    "outside",
    "peak MB",
    "goal",
    "met?",
)


@dataclass(frozen=True)
class PackCase:
    name: str
    meeting_id: int
    plan_id: int
    actions: int
    max_seconds: float
    max_mb: float | None = None


def prepare_cases() -> list[PackCase]:
    """A meeting for each plan: Lancashire's board, and a board for a generated plan."""
    from actionplans.models import ActionPlan
    from governance.models import Board, Meeting
    from strategies.models import Organisation
    from tests.benchdata import generate_plan

    day = datetime.date.today() + datetime.timedelta(days=7)
    lancashire_board = Board.objects.get(
        organisation__slug="lancashire", name="Corporate Parenting Board"
    )
    lancashire_plan = ActionPlan.objects.get(
        strategy__organisation__slug="lancashire",
        title="Children Looked After and Care Leavers Strategic Action Plan 2014-17",
    )
    lancashire_meeting, _ = Meeting.objects.get_or_create(board=lancashire_board, date=day)

    council, _ = Organisation.objects.get_or_create(
        slug="bench-packs", defaults={"name": "Pack Benchmark Council"}
    )
    large_plan = ActionPlan.objects.filter(strategy__organisation=council).first()
    if large_plan is None:
        large_plan = generate_plan(council, actions=LARGE_ACTIONS, updates=LARGE_UPDATES, seed=11)
    board, _ = Board.objects.get_or_create(
        organisation=council, name="Corporate Parenting Board", defaults={"kind": "board"}
    )
    board.plans.add(large_plan)
    large_meeting, _ = Meeting.objects.get_or_create(board=board, date=day)
    return [
        PackCase(
            "Lancashire plan",
            lancashire_meeting.pk,
            lancashire_plan.pk,
            lancashire_plan.actions.count(),
            max_seconds=3,
        ),
        PackCase(
            f"generated plan, {LARGE_ACTIONS:,} actions",
            large_meeting.pk,
            large_plan.pk,
            large_plan.actions.count(),
            max_seconds=20,
            max_mb=400,
        ),
    ]


def measure(meeting_id: int, plan_id: int) -> dict:
    """In this (fresh) process: build one pack as the task would, and time it."""
    from django.urls import reverse

    from actionplans.models import ActionPlan
    from governance.models import Meeting
    from governance.packs.build import board_pack_build
    from governance.packs.request import board_pack_request

    meeting = Meeting.objects.select_related("board__organisation").get(pk=meeting_id)
    plan = ActionPlan.objects.select_related("strategy").get(pk=plan_id)
    # The pack's links load the URLconf, and the modules it imports, once per process: part
    # of a worker's start-up, like django.setup(), not of each pack it builds.
    reverse("governance:council-home", kwargs={"org": meeting.board.organisation.slug})
    started = time.perf_counter()
    pack = board_pack_request(
        meeting=meeting, plans=[plan], part="I", requested_by=None, background=False
    )
    pack = board_pack_build(pack=pack)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "weasyprint": pack.seconds_in_weasyprint,
        "pages": pack.pages,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "status": pack.status,
    }


def run_case(case: PackCase, env: dict[str, str]) -> dict:
    command = [sys.executable, "-m", "tests.bench_packs", "--measure"]
    command += [str(case.meeting_id), str(case.plan_id)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("PACK ")]
    if done.returncode or not lines:
        raise RuntimeError(f"{case.name}: the build failed:\n{done.stderr[-3000:]}")
    return json.loads(lines[-1].removeprefix("PACK "))


def row(case: PackCase, result: dict) -> tuple[str, ...]:
    outside = 1 - result["weasyprint"] / result["seconds"]
    met = (
        result["status"] == "ready"
        and result["seconds"] < case.max_seconds
        and (case.max_mb is None or result["peak_mb"] < case.max_mb)
        and outside < MAX_OUTSIDE_SHARE
    )
    goal = f"< {case.max_seconds:g} s" + (f", < {case.max_mb:g} MB" if case.max_mb else "")
    return (
        case.name,
        f"{case.actions:,}",
        str(result["pages"]),
        f"{result['seconds']:.2f}",
        f"{result['weasyprint']:.2f}",
        f"{outside:.1%}",
        f"{result['peak_mb']:.0f}",
        f"{goal}, outside < {MAX_OUTSIDE_SHARE:.0%}",
        verdict(met),
    )


def pack_rows(media_root: Path) -> list[tuple[str, ...]]:
    env = os.environ | {"DJANGO_MEDIA_ROOT": str(media_root)}
    rows = []
    for case in prepare_cases():
        print(f"measuring board pack: {case.name} ...", file=sys.stderr, flush=True)
        rows.append(row(case, run_case(case, env)))
    return rows


def pack_table(bench) -> Table:
    """For tests/bench.py: one row per pack, each built in a fresh process."""
    from django.db import connection

    connection.close()  # the children open their own
    return Table(
        "Board packs (each built once, in a fresh process, as the background task builds it)",
        HEADERS,
        pack_rows(bench.tmp / "media"),
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if sys.argv[1:2] == ["--measure"]:
        print("PACK " + json.dumps(measure(int(sys.argv[2]), int(sys.argv[3]))))
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pledge-packs-") as media:
        print(Table("Board packs", HEADERS, pack_rows(Path(media))).render())


if __name__ == "__main__":
    main()
