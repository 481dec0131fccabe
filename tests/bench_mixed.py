"""The mixed load for `make bench`: many people of several councils at once, for a bounded
time, while a board pack builds (issue 16).

People of the three seeded councils and of the benchmark council (its plan of 5,000 actions)
read the plan table, the dashboards and action pages, plan owners add progress updates, and
one plan owner has Lancashire's board pack built again and again, each build queued by the
page and built by `manage.py db_worker` in its own process, as in production
(PLEDGE_TASKS=database). The server is gunicorn with 2 sync workers on PostgreSQL, as for the
other cases; the people are locust users (tests/bench_mixed_load.py) in a process of their
own, thinking 2 to 6 s between pages, arriving over 10 s and running 10 s more before the
measured window, so the first requests of cold workers are not what is measured.

Goal: no errors, and p95 under 500 ms for every page while the pack builds.
BENCH_MIXED_USERS (default 60) and BENCH_MIXED_SECONDS (default 60) change the load.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import time

from tests.benchkit import ROOT, Bench, Table, _session, free_port, start_gunicorn, verdict

USERS = int(os.environ.get("BENCH_MIXED_USERS", "60"))
MIXED_SECONDS = int(os.environ.get("BENCH_MIXED_SECONDS", "60"))
WARM_SECONDS = 10  # people arrive over this, then run as long again before measuring
PEOPLE_PER_COUNCIL = {"owner": 2, "officer": 5, "board": 5, "viewer": 3}
MAX_P95_MS = 500
PAGES = (
    "plan table",
    "plan dashboard",
    "council dashboard",
    "action page",
    "update form",
    "meeting page (pack building)",
)
HEADERS = ("page", "requests", "req/s", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "met?")


def scenario(bench: Bench) -> dict:
    """Each council's biggest plan, its pages and 200 of its actions, and its people."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from actionplans.models import ActionPlan
    from governance.models import Board, Meeting
    from strategies.models import CouncilRole, Organisation, Role

    councils, people = {}, {"readers": [], "owners": []}
    for council in Organisation.objects.filter(
        slug__in=["lancashire", "lincolnshire", "west-sussex", "benchmark"]
    ):
        plan = (
            ActionPlan.objects.for_organisation(council)
            .with_action_counts()
            .order_by("-action_count")
            .first()
        )
        org = council.slug
        action_ids = plan.actions.filter(status="open").order_by("pk").values_list("pk", flat=True)
        councils[org] = {
            "pages": -(-plan.action_count // 50),  # the plan table's 50 rows a page
            "plan": reverse("actionplans:plan-detail", kwargs={"org": org, "pk": plan.pk}),
            "plan_dashboard": reverse(
                "governance:plan-dashboard", kwargs={"org": org, "pk": plan.pk}
            ),
            "council_dashboard": reverse("governance:council-dashboard", kwargs={"org": org}),
            "actions": [
                reverse("actionplans:action-detail", kwargs={"org": org, "pk": pk})
                for pk in list(action_ids[:200])
            ],
        }
        for role, count in PEOPLE_PER_COUNCIL.items():
            for n in range(count):
                person = get_user_model().objects.create_user(f"mixed-{org}-{role}-{n}")
                CouncilRole.objects.create(user=person, organisation=council, role=role)
                kind = "owners" if role == Role.OWNER else "readers"
                people[kind].append({"council": org, "cookie": _session(person)})
    board = Board.objects.get(organisation__slug="lancashire", name="Corporate Parenting Board")
    meeting = Meeting.objects.create(
        board=board, date=datetime.date.today() + datetime.timedelta(days=21)
    )
    builder = get_user_model().objects.get(username="lancashire-owner")
    lancashire_plan = ActionPlan.objects.for_organisation(board.organisation).first()
    kwargs = {"org": "lancashire", "pk": meeting.pk}
    return {
        "users": USERS,
        "seconds": MIXED_SECONDS,
        "warm": WARM_SECONDS,
        "councils": councils,
        "people": people,
        "pack": {
            "cookie": _session(builder),
            "build": reverse("governance:pack-build", kwargs=kwargs),
            "meeting": reverse("governance:meeting-detail", kwargs=kwargs),
            "plans": [str(pk) for pk in board.plans.values_list("pk", flat=True)]
            or [str(lancashire_plan.pk)],
            "meeting_id": meeting.pk,
        },
    }


def mixed_table(bench: Bench) -> Table:
    from django.db import connection

    from governance.models import BoardPack

    plan = scenario(bench)
    connection.close()
    port = free_port()
    plan["host"] = f"http://127.0.0.1:{port}"
    path = bench.tmp / "mixed.json"
    path.write_text(json.dumps(plan))
    env = os.environ | {"PLEDGE_TASKS": "database", "DJANGO_MEDIA_ROOT": str(bench.tmp / "media")}
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        server = start_gunicorn(bench.tmp, port)
        worker = subprocess.Popen(
            # Lowest priority: in a shared service the worker has a machine of its own, and on
            # one machine it should yield to the pages (README, "One council, or a shared
            # service of many").
            ["nice", "-n", "19", sys.executable, "manage.py", "db_worker", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(bench.tmp / "worker.log", "w"),  # noqa: SIM115
        )
    finally:
        os.environ.clear()
        os.environ.update(saved)
    started = time.perf_counter()
    try:
        out = subprocess.run(
            [sys.executable, "-m", "tests.bench_mixed_load", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=MIXED_SECONDS + 2 * WARM_SECONDS + 120,
        )
    finally:
        seconds = time.perf_counter() - started
        worker.terminate()
        server.terminate()
        worker.wait(30)
        server.wait(30)
    lines = [line for line in out.stdout.splitlines() if line.startswith("MIXED ")]
    if not lines:
        bench.failures.append(f"mixed load: locust printed no result\n{out.stderr[-3000:]}")
        return Table("Mixed load", HEADERS, [("(no result)",) + ("",) * 8])
    result = json.loads(lines[-1][6:])
    packs = BoardPack.objects.filter(meeting_id=plan["pack"]["meeting_id"])
    built = packs.filter(status=BoardPack.Status.READY).count()
    failed = packs.filter(status=BoardPack.Status.FAILED).count()
    rows = []
    for name, stats in result["pages"].items():
        is_page = name in PAGES
        met = stats["failures"] == 0 and (not is_page or stats["p95"] < MAX_P95_MS)
        if not met:
            bench.failures.append(f"mixed load: {name} {stats}")
        rows.append(
            (
                name,
                str(stats["requests"]),
                f"{stats['requests'] / MIXED_SECONDS:.1f}",
                str(stats["failures"]),
                f"{stats['p50']:.0f}",
                f"{stats['p95']:.0f}",
                f"{stats['p99']:.0f}",
                f"{stats['max']:.0f}",
                verdict(met) if is_page or stats["failures"] else "-",
            )
        )
    total = sum(stats["requests"] for stats in result["pages"].values())
    bench.notes.append(
        f"Mixed load: {USERS} people of {len(plan['councils'])} councils for {MIXED_SECONDS} s "
        f"({total / MIXED_SECONDS:.1f} requests a second in all); board packs built meanwhile: "
        f"{built} ready, {failed} failed; errors: {result['errors'] or 'none'}; "
        f"{seconds:.0f} s in all."
    )
    if failed:
        bench.failures.append(f"mixed load: {failed} board packs failed to build")
    title = (
        f"Mixed load: {USERS} people, {MIXED_SECONDS} s, a board pack building throughout "
        f"(goal: no errors, p95 under {MAX_P95_MS} ms for pages)"
    )
    return Table(title, HEADERS, rows)
