"""Throughput of Pledge's busiest pages under gunicorn on PostgreSQL: `make bench`.

`make bench` runs `bash .ci/with-postgres .venv/bin/python -m tests.bench`: a throwaway
PostgreSQL cluster, then this script. It migrates, seeds the councils with --demo, generates a
plan of 5,000 actions and 50,000 updates (tests/benchdata.py) in a benchmark council, starts
gunicorn as production would (2 sync workers, DEBUG off, WhiteNoise over collected static
files, persistent connections) and measures each case with wrk, several runs, printing medians.
Each page is first fetched once through gunicorn and checked (status and content), then
profiled in-process (queries, time in SQL, total), then loaded.

A case is anything with a `name` and `measure(bench) -> Row`: append to CASES (a GET is a
`Page`, a comparison a `Ratio`), or add a function returning a `Table` to TABLES for results
that are not requests a second. BENCH_RUNS and BENCH_SECONDS change the length of a run;
BENCH_ONLY="plan table,admin" measures only the cases whose names contain one of those words
(and skips the tables), for a quick look at one change; BENCH_ONLY=afresh,dashboard_table
makes only the two tables of pages rendered afresh, with no load before them.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from django.utils.html import escape

from tests.bench_afresh import PAGES as AFRESH_PAGES
from tests.bench_afresh import afresh_table
from tests.bench_dashboard import dashboard_expect, dashboard_path, dashboard_table
from tests.bench_import import import_table
from tests.bench_mixed import mixed_table
from tests.bench_packs import pack_table
from tests.bench_reminders import reminder_table
from tests.benchclients import Writer, csrf_cookie, fetch_forms, post_updates, profile
from tests.benchkit import (
    CONNECTIONS,
    RUNS,
    SECONDS,
    SERVER_ENV,
    WARM_SECONDS,
    Bench,
    Row,
    Table,
    free_port,
    header,
    prepare,
    start_gunicorn,
    verdict,
)


@dataclass
class Page:
    """A GET of one page by one person, checked, profiled in-process, then loaded with wrk."""

    name: str
    path: Callable[[Bench], str]
    who: str | None = None  # a key of Bench.sessions; None for a signed-out request
    expect: Callable[[Bench], list[str]] = lambda bench: []  # text the page must contain
    minimum: float | None = None  # requests a second
    write_every: float = 0.0  # seconds between updates saved while loading; 0 for none

    def measure(self, bench: Bench) -> Row:
        path = self.path(bench)
        cookies = bench.sessions.get(self.who, []) if self.who else []
        status, body = bench.get(path, cookies[0] if cookies else "")
        missing = [text for text in self.expect(bench) if text.encode() not in body]
        if status != 200 or missing:
            bench.failures.append(f"{self.name}: {path} answered {status}, missing {missing}")
            return Row(self.name, goal="the right page", met="NO")
        timing = profile(lambda client: client.get(path), cookies[0] if cookies else "")
        bench.loads[self.name] = (path, cookies)
        with self.writing(bench):
            bench.wrk(path, cookies, WARM_SECONDS)
            runs = [bench.wrk(path, cookies, SECONDS) for _ in range(RUNS)]
        bad = sum(r["requests"] - r["statuses"].get("200", 0) + r["socket_errors"] for r in runs)
        if bad:
            bench.failures.append(f"{self.name}: {bad} answers were not 200 (not counted)")
        rps = median(r["rps"] for r in runs)
        row = Row(
            self.name,
            f"{rps:.1f}",
            f"{median(r['p50'] for r in runs):.1f}",
            f"{median(r['p99'] for r in runs):.1f}",
            **timing,
            rps=rps,
        )
        if self.minimum is not None:
            row.goal, row.met = f">= {self.minimum:g} req/s", verdict(rps >= self.minimum)
        return row

    @contextmanager
    def writing(self, bench: Bench) -> Iterator[None]:
        if not self.write_every:
            yield
            return
        plan = bench.data["plan"]
        with Writer(plan, bench.data["writer"], self.write_every) as writer:
            yield
        bench.notes.append(
            f"{self.name}: {writer.saved} updates saved through the service during the runs"
        )


@dataclass
class Ratio:
    """One page's rate over another's, from paired runs (A then B, RUNS times), against a minimum.

    Pairing keeps the comparison fair on a shared machine: whatever else is running slows
    both pages of a pair alike.
    """

    name: str
    numerator: str
    denominator: str
    minimum: float

    def measure(self, bench: Bench) -> Row:
        if any(name not in bench.loads for name in self.names):
            # A page that answered wrongly was not loaded; its failure is listed at the end.
            return Row(self.name, goal=f">= {self.minimum:g}x", met="NO")
        pairs = []
        for _ in range(RUNS):
            a, b = (bench.wrk(*bench.loads[name], SECONDS)["rps"] for name in self.names)
            pairs.append((a, b, a / b if b else 0.0))
        a, b, ratio = (median(pair[n] for pair in pairs) for n in range(3))
        bench.notes.append(f"{self.name}, paired runs: {a:.1f} and {b:.1f} req/s")
        return Row(
            self.name,
            f"{ratio:.2f}x",
            goal=f">= {self.minimum:g}x",
            met=verdict(ratio >= self.minimum),
        )

    @property
    def names(self) -> tuple[str, str]:
        return self.numerator, self.denominator


def _plan_table(query: str = "") -> Callable[[Bench], str]:
    def path(bench: Bench) -> str:
        plan = bench.data["plan"]
        url = bench.url("actionplans:plan-detail", org=plan.strategy.organisation.slug, pk=plan.pk)
        return f"{url}?{query}" if query else url

    return path


def _count_text(count: Callable[[dict], int], filtered: bool = True) -> Callable[[Bench], list]:
    """The table's "N actions match the filters", N counted here independently of the view."""

    def expect(bench: Bench) -> list[str]:
        n = count(bench.data)
        return [f"{n} action{'s' if n != 1 else ''}{' match' if filtered else ''}"]

    return expect


def _red_amber_overdue(data: dict) -> int:
    actions = data["plan"].actions.filter(rag__in=["red", "amber"])
    return actions.overdue(on=data["today"]).count()


def _health_not_updated(data: dict) -> int:
    from django.db.models import Q

    word = Q(description__icontains="health") | Q(key_outcome__title__icontains="health")
    word |= Q(leads_text__icontains="health") | Q(leads__name__icontains="health")
    actions = data["plan"].actions.not_updated_in(data["period"])
    return actions.filter(word).distinct().count()


@dataclass
class UpdatePost:
    """Officers adding progress updates: each POST with a fresh form's token and version.

    A run's forms are fetched after the previous run ended, for distinct open actions, so an
    action may be updated again in a later run but no POST is ever stale.
    """

    name: str
    who: str

    def measure(self, bench: Bench) -> Row:
        from actionplans.models import Action, ProgressUpdate

        plan = bench.data["plan"]
        slug, sessions = plan.strategy.organisation.slug, bench.sessions[self.who]
        pool = list(plan.actions.filter(status="open").order_by("pk").values_list("pk", flat=True))
        rng = random.Random(7)
        profiled = iter(rng.sample(pool, 12))

        def form(pk: int) -> str:
            return bench.url("actionplans:update-create", org=slug, pk=pk)

        def send(client) -> None:  # in-process, for the queries and SQL time of one POST
            action = Action.objects.get(pk=next(profiled))
            data = {"version": action.version, "rag": "amber", "narrative": "Bench: profiled."}
            if client.post(form(action.pk), data).status_code != 302:
                raise SystemExit(f"The update form of action {action.pk} refused a valid POST")

        timing = profile(send, sessions[0])
        before = ProgressUpdate.objects.filter(action__plan=plan).count()
        csrf = csrf_cookie(bench.port, form(pool[0]), sessions[0])

        def run(count: int, seconds: float):
            actions = rng.sample(pool, min(count, len(pool)))
            forms = fetch_forms(bench.port, [form(pk) for pk in actions], sessions, csrf)
            return post_updates(bench.port, forms, sessions, csrf, seconds)

        runs = [run(120, WARM_SECONDS)]
        for _ in range(RUNS):
            runs.append(run(int(runs[-1].rate * SECONDS * 1.5) + CONNECTIONS, SECONDS))
        saved = ProgressUpdate.objects.filter(action__plan=plan).count() - before
        answers = sum((r.answers for r in runs), Counter())
        early = sum(r.seconds < SECONDS for r in runs[1:])
        bench.notes.append(
            f"{self.name}: {answers['saved']} answers were 302 to the action and {saved} updates"
            f" were saved; other answers: {dict(answers - Counter(saved=answers['saved'])) or 0};"
            f" {early} of {RUNS} runs ran out of fresh forms before {SECONDS} s"
        )
        correct = saved == answers["saved"] == answers.total()
        if not correct:
            bench.failures.append(f"{self.name}: saved updates do not match the 302 answers")
        measured = runs[1:]
        rate = median(r.rate for r in measured)
        return Row(
            self.name,
            f"{rate:.1f}",
            f"{median(r.percentile(0.5) for r in measured):.1f}",
            f"{median(r.percentile(0.99) for r in measured):.1f}",
            **timing,
            goal="saved = 302s",
            met=verdict(correct),
            rps=rate,
        )


CASES: list = [
    Page("healthz (trivial view)", lambda bench: "/healthz", expect=lambda bench: ["ok"]),
    Page(
        "Lancashire plan page",
        lambda bench: bench.url(
            "actionplans:plan-detail", org="lancashire", pk=bench.data["lancashire_plan"].pk
        ),
        who="lancashire",
        expect=lambda bench: [escape(bench.data["lancashire_plan"].title)],
    ),
    Page(
        "plan table 5k, page 1",
        _plan_table(),
        who="owner",
        expect=_count_text(lambda data: data["plan"].actions.counted().count(), filtered=False),
        minimum=200,
    ),
    Page(
        "plan table 5k, red/amber overdue by deadline",
        _plan_table("rag=red&rag=amber&overdue=1&sort=deadline"),
        who="owner",
        expect=_count_text(_red_amber_overdue),
        minimum=200,
    ),
    Page(
        "plan table 5k, search + not updated",
        _plan_table("q=health&not_updated=1&sort=-deadline"),
        who="owner",
        expect=_count_text(_health_not_updated),
        minimum=200,
    ),
    Page(
        "plan table 5k, page 1, an update saved every second",
        _plan_table(),
        who="owner",
        expect=_count_text(lambda data: data["plan"].actions.counted().count(), filtered=False),
        write_every=1.0,
    ),
    Page(
        "plan table 5k, page 40",
        _plan_table("page=40"),
        who="owner",
        expect=lambda bench: ["showing 1951 to 2000"],
        minimum=200,
    ),
    Page(
        "admin Action change list, same 50",
        lambda bench: f"/admin/actionplans/action/?plan__id__exact={bench.data['plan'].pk}",
        who="superuser",
        # The admin only reads council data (core/admin.py), so "to view", not "to change".
        expect=lambda bench: ["5000 actions", "Select action to view"],
    ),
    Ratio(
        "plan table page 1 / admin change list",
        "plan table 5k, page 1",
        "admin Action change list, same 50",
        2,
    ),
    # Before the POSTs change the plan: the body is then served from the dashboard's cache.
    Page("dashboard 5k", dashboard_path, who="owner", expect=dashboard_expect, minimum=150),
    Page(
        "dashboard 5k, an update saved every second",
        dashboard_path,
        who="owner",
        expect=lambda bench: ["Changes since the last board pack"],
        write_every=1.0,
    ),
    UpdatePost("progress update POST (5k plan)", who="owner"),
]
# Pages rendered afresh (bench_afresh.py, bench_dashboard.py); board packs built in fresh
# processes, timed with their peak memory (bench_packs.py); a 5,000-action workbook
# imported in a fresh process (bench_import.py); the day's reminders for the 5,000-action plan
# with 500 leads and 1,000 officers, rolled back afterwards (bench_reminders.py); many people
# of several councils at once while a pack builds (bench_mixed.py).
TABLES: list[Callable[[Bench], Table]] = [
    afresh_table,
    dashboard_table,
    pack_table,
    import_table,
    reminder_table,
    mixed_table,
]


def _find_pages(bench: Bench, names: tuple[str, ...]) -> None:
    """The path and sign-in of each page named that no case loaded (when BENCH_ONLY left
    them out), for the tables that render them afresh."""
    for case in CASES:
        if isinstance(case, Page) and case.name in names and case.name not in bench.loads:
            bench.loads[case.name] = (case.path(bench), bench.sessions.get(case.who, []))


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run it through `make bench` (or .ci/with-postgres): it needs PostgreSQL.")
    with tempfile.TemporaryDirectory(prefix="pledge-bench-") as directory:
        tmp = Path(directory)
        os.environ.update(SERVER_ENV | {"DJANGO_STATIC_ROOT": str(tmp / "static")})
        os.environ.setdefault("PLEDGE_DEMO_PASSWORD", "pledge-demo-2026")
        data, sessions, notes = prepare()
        port = free_port()
        server = start_gunicorn(tmp, port)
        bench = Bench(port, tmp, data, sessions, notes=["Set-up: " + ", ".join(notes)])
        only = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
        cases = [case for case in CASES if not only or any(w in case.name for w in only)]
        try:
            rows = []
            for case in cases:
                print(f"measuring {case.name} ...", file=sys.stderr, flush=True)
                bench.results[case.name] = row = case.measure(bench)
                rows.append(row.cells())
            tables = [Table("Requests (medians of the runs)", Row.HEADERS, rows)] if rows else []
            _find_pages(bench, AFRESH_PAGES)
            # BENCH_ONLY=mixed (a word of a table's name) makes that table alone.
            tables += [
                make(bench)
                for make in TABLES
                if not only or any(word in make.__name__ for word in only)
            ]
        finally:
            server.terminate()
            server.wait(30)
    print("\n" + header(data) + "\n")
    print("\n\n".join(table.render() for table in tables))
    print("\n1 req ms, SQL ms, queries: one request at a time, served in this process, no server.")
    print("\n".join(bench.notes))
    if bench.failures:
        raise SystemExit("The bench found wrong answers:\n" + "\n".join(bench.failures))


if __name__ == "__main__":
    main()
