"""The bench's machinery (tests/bench.py): data, sessions, gunicorn, wrk and the printed table."""

from __future__ import annotations

import io
import json
import os
import platform
import re
import socket
import subprocess
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARM_SECONDS = 3
THREADS, CONNECTIONS, WORKERS = 2, 8, 2
ACTIONS, UPDATES = 5000, 50000
# Production settings with nothing secret in them; plain http on loopback, so no secure cookies.
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_LOG_LEVEL": "WARNING",
}
# Counts every status and prints one JSON line; cycles through the session cookies given.
WRK_SCRIPT = """
local cookies, threads, n = {}, {}, 0
counts = {}  -- a global, so done() can read each thread's copy
function setup(thread) table.insert(threads, thread) end
function init(args) for i = 1, #args do cookies[i] = args[i] end end
function request()
  n = n + 1
  if #cookies == 0 then return wrk.format() end
  return wrk.format(nil, nil, {Cookie = cookies[n % #cookies + 1]})
end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total, parts, e = {}, {}, summary.errors
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  io.write(string.format('BENCH {"requests": %d, "seconds": %f, "p50": %f, "p99": %f, ' ..
    '"socket_errors": %d, "statuses": {%s}}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3,
    e.connect + e.read + e.write + e.timeout, table.concat(parts, ", ")))
end
"""
# The admin's change list pages 100 rows; the comparison is with the same 50 the table shows.
GUNICORN_CONF = """
def post_worker_init(worker):
    from django.contrib import admin
    from actionplans.models import Action
    admin.site._registry[Action].list_per_page = 50
"""


@dataclass
class Row:
    name: str
    rate: str = ""
    p50: str = ""
    p99: str = ""
    queries: str = ""
    sql_ms: str = ""
    total_ms: str = ""
    fastest_ms: str = ""  # not shown: the request tables' "1 req ms" is a median
    goal: str = ""
    met: str = ""
    rps: float = 0.0

    HEADERS = ("case", "req/s", "p50 ms", "p99 ms", "queries", "SQL ms", "1 req ms", "goal", "met?")

    def cells(self) -> tuple[str, ...]:
        names = ("name", "rate", "p50", "p99", "queries", "sql_ms", "total_ms", "goal", "met")
        return tuple(getattr(self, name) for name in names)


@dataclass
class Table:
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]

    def render(self) -> str:
        columns = zip(self.headers, *self.rows, strict=True)
        widths = [max(len(str(cell)) for cell in column) for column in columns]
        lines = [self.title, ""]
        for cells in [self.headers, tuple("-" * w for w in widths), *self.rows]:
            line = "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))
            lines.append(line.rstrip())
        return "\n".join(lines)


@dataclass
class Bench:
    """What the cases need: the server, the data and the signed-in sessions."""

    port: int
    tmp: Path
    data: dict  # plans, councils, users: see prepare()
    sessions: dict[str, list[str]]  # who -> "sessionid=..." cookies, one per connection
    results: dict[str, Row] = field(default_factory=dict)
    loads: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # name: path, cookies
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # wrong answers: the bench exits 1

    def url(self, name: str, **kwargs) -> str:
        return reverse(name, kwargs=kwargs)

    def get(self, path: str, cookie: str = "") -> tuple[int, bytes]:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()

    def wrk(self, path: str, cookies: list[str], seconds: int) -> dict:
        script = self.tmp / "bench.lua"
        script.write_text(WRK_SCRIPT)
        command = f"wrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s --timeout 10s -s {script}"
        command = [*command.split(), f"http://127.0.0.1:{self.port}{path}", "--", *cookies]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        result = json.loads(next(x for x in out.splitlines() if x.startswith("BENCH "))[6:])
        result["rps"] = result["statuses"].get("200", 0) / result["seconds"]
        return result


def verdict(met: bool) -> str:
    return "yes" if met else "NO"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare() -> tuple[dict, dict[str, list[str]], list[str]]:
    """Migrate, seed, generate the big plan, and sign people in; returns data and sessions."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from actionplans.models import ActionPlan
    from strategies.models import CouncilRole, Organisation, Role
    from tests.benchdata import generate_plan

    notes = []
    for command, options in [
        ("migrate", {}),
        ("collectstatic", {"interactive": False}),
        ("seed", {"demo": True}),
    ]:
        started = time.perf_counter()
        call_command(command, verbosity=0, stdout=io.StringIO(), **options)
        notes.append(f"{command} {time.perf_counter() - started:.1f} s")
    council = Organisation.objects.create(name="Benchmark County Council", slug="benchmark")
    started = time.perf_counter()
    plan = generate_plan(council, actions=ACTIONS, updates=UPDATES)
    notes.append(
        f"generate_plan({ACTIONS:,} actions, {UPDATES:,} updates) "
        f"{time.perf_counter() - started:.1f} s"
    )
    notes.append(_vacuum(connection))
    people = _people(council)
    CouncilRole.objects.create(user=people["owner"], organisation=council, role=Role.OWNER)
    lancashire = Organisation.objects.get(slug="lancashire")
    today = timezone.localdate()
    data = {
        "plan": plan,
        "writer": people["owner"],
        "today": today,
        "period": plan.periods.current(on=today),
        "lancashire_plan": ActionPlan.objects.for_organisation(lancashire)
        .with_action_counts()
        .order_by("-action_count")
        .first(),
        "server_version": connection.cursor().connection.server_version,
    }
    sessions = {
        who: [_session(person) for _ in range(CONNECTIONS)] for who, person in people.items()
    }
    connection.close()
    return data, sessions, notes


# The generated plan's largest tables: their pages are all-visible on a live database.
VACUUMED = ("actionplans_action", "actionplans_progressupdate", "actionplans_action_leads")


def _vacuum(connection) -> str:
    """VACUUM ANALYZE, as autovacuum would have on a live database, until the plan's tables'
    pages are marked all-visible, so PostgreSQL can answer from an index alone, as it would
    there. The bench's cluster commits without waiting for the disk (.ci/with-postgres), and a
    VACUUM just after the plan's inserts left most pages unmarked (1 in 200 of the updates'):
    whether a run read the heap then depended on the second it started. Returns a note."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        for _ in range(20):
            cursor.execute(
                "SELECT sum(relallvisible)::float / greatest(sum(relpages), 1) FROM pg_class"
                " WHERE relname IN %s",
                [VACUUMED],
            )
            share = cursor.fetchone()[0]
            if share >= 0.99:
                break
            time.sleep(0.5)  # the commits reach the disk within a few tenths of a second
            cursor.execute("VACUUM")
    return f"all-visible pages of the plan's tables {share:.0%}"


def _people(council) -> dict:
    from django.contrib.auth import get_user_model

    people = get_user_model().objects
    owner = people.create_user("bench-owner", first_name="Bench", last_name="Owner")
    superuser = people.create_superuser("bench-admin", email="bench@example.org")
    return {
        "owner": owner,
        "superuser": superuser,
        "lancashire": people.get(username="lancashire-board"),
    }


def _session(person) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def start_gunicorn(tmp: Path, port: int) -> subprocess.Popen:
    conf = tmp / "gunicorn.conf.py"
    conf.write_text(GUNICORN_CONF)
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "config.wsgi:application",
        *f"--workers {WORKERS} --worker-class sync --bind 127.0.0.1:{port}".split(),
        *["--config", str(conf), "--error-logfile", str(tmp / "gunicorn.log")],
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())
    for _ in range(300):
        try:
            if Bench(port, tmp, {}, {}).get("/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"gunicorn did not start:\n{(tmp / 'gunicorn.log').read_text()}")


def header(data: dict) -> str:
    import django
    import gunicorn

    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()
    pg = data["server_version"]
    return "\n".join(
        [
            f"Pledge bench, {time.strftime('%Y-%m-%d %H:%M %Z')}, {platform.node()}",
            f"Machine: {os.cpu_count()} cores ({cpu.group(1) if cpu else platform.machine()}), "
            f"load average {os.getloadavg()[0]:.2f} at the end",
            f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL "
            f"{pg // 10000}.{pg % 10000}, gunicorn {gunicorn.__version__} "
            f"({WORKERS} sync workers), "
            f"wrk {wrk_version[1] if len(wrk_version) > 1 else '?'} (-t{THREADS} -c{CONNECTIONS}, "
            f"{RUNS} runs of {SECONDS} s after {WARM_SECONDS} s warm-up, medians)",
        ]
    )
