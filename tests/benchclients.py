"""The bench's clients besides wrk (tests/bench.py).

`profile` serves requests in this process to count queries and time spent in SQL.
`fetch_forms` and `post_updates` act as officers adding progress updates: every POST carries a
CSRF token and the action's version taken from a GET of that action's form, and no two POSTs
of a batch touch the same action, so none is refused as stale and each 302 should be one
saved update.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from statistics import median
from urllib.parse import urlencode

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(rb'name="version" value="(\d+)"')


def profile(send: Callable, cookie: str, repeat: int = 10) -> dict[str, str]:
    """Median queries, SQL time and total time of `send(client)`, and the fastest total, after
    two to warm caches."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    samples = []
    for n in range(repeat + 2):
        spent = [0, 0.0]

        def timed(execute, sql, params, many, context, spent=spent):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += 1
                spent[1] += time.perf_counter() - start

        start = time.perf_counter()
        with connection.execute_wrapper(timed):
            send(client)
        if n >= 2:
            samples.append((spent[0], spent[1] * 1e3, (time.perf_counter() - start) * 1e3))
    return {
        "queries": f"{median(s[0] for s in samples):g}",
        "sql_ms": f"{median(s[1] for s in samples):.1f}",
        "total_ms": f"{median(s[2] for s in samples):.1f}",
        "fastest_ms": f"{min(s[2] for s in samples):.1f}",
    }


def _request(port: int, method: str, path: str, cookie: str, body: str = ""):
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie}
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    return response, response.read()


def csrf_cookie(port: int, path: str, session: str) -> str:
    """The CSRF cookie a browser gets on its first form; later forms' tokens match it."""
    response, _ = _request(port, "GET", path, session)
    cookies = SimpleCookie(", ".join(response.headers.get_all("Set-Cookie") or []))
    return f"csrftoken={cookies['csrftoken'].value}"


def fetch_forms(
    port: int, paths: list[str], sessions: list[str], csrf: str
) -> list[tuple[str, str, str]]:
    """(path, version, token) from a GET of each form, fetched by several people at once."""

    def fetch(job: tuple[int, str]) -> tuple[str, str, str]:
        index, path = job
        response, body = _request(port, "GET", path, f"{sessions[index % len(sessions)]}; {csrf}")
        token, version = TOKEN.search(body), VERSION.search(body)
        if response.status != 200 or not token or not version:
            raise SystemExit(f"GET {path} answered {response.status} without a usable form")
        return path, version.group(1).decode(), token.group(1).decode()

    with ThreadPoolExecutor(len(sessions)) as pool:
        return list(pool.map(fetch, enumerate(paths)))


@dataclass
class PostRun:
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    answers: Counter = field(default_factory=Counter)  # "302 to the action", "200", ...

    @property
    def rate(self) -> float:
        return self.answers["saved"] / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def post_updates(
    port: int, forms: list[tuple[str, str, str]], sessions: list[str], csrf: str, seconds: float
) -> PostRun:
    """POST each form once, one connection per session, until the time or the forms run out."""
    queue, lock, run = deque(forms), threading.Lock(), PostRun()
    stop_at = time.perf_counter() + seconds

    def officer(session: str) -> None:
        while time.perf_counter() < stop_at:
            try:
                path, version, token = queue.popleft()
            except IndexError:
                return
            body = urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "version": version,
                    "rag": "amber",
                    "narrative": "Bench: partners met and agreed the next steps.",
                }
            )
            started = time.perf_counter()
            response, _ = _request(port, "POST", path, f"{session}; {csrf}", body)
            elapsed = (time.perf_counter() - started) * 1e3
            location = response.headers.get("Location", "")
            saved = response.status == 302 and location == path.removesuffix("update/")
            with lock:
                run.latencies_ms.append(elapsed)
                run.answers["saved" if saved else f"{response.status} {location}".strip()] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=officer, args=(session,)) for session in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - started
    return run


class Writer:
    """Officers saving progress updates through the service while a page is loaded: one a
    `every` seconds, each committed, so each moves the council's data revision and every
    page kept under the old one is rendered afresh on its next request."""

    def __init__(self, plan, author, every: float):
        self.plan, self.author, self.every = plan, author, every
        self.saved = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Writer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import random

        from django.db import connection

        from actionplans.models import Rag
        from actionplans.services import progress_update_record

        actions = list(self.plan.actions.filter(status="open").select_related("plan__strategy"))
        rng = random.Random(11)
        try:
            while not self._stop.wait(self.every):
                progress_update_record(
                    action=rng.choice(actions),
                    author=self.author,
                    narrative="Bench: saved while the page was being read.",
                    rag=rng.choice([Rag.RED, Rag.AMBER, Rag.GREEN]),
                    period=None,
                )
                self.saved += 1
        finally:
            connection.close()
