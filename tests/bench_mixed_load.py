"""The mixed load's people, for locust (run by tests/bench_mixed.py in a process of its own,
so gevent's patching never reaches the bench's Django process).

`python -m tests.bench_mixed_load SCENARIO.json` reads the scenario (the server, each
council's pages and actions, the people's sessions), starts the people over `warm` seconds
and lets them run as long again (caches warm, the first pack under way), forgets what it
measured so far, runs them for `seconds` and prints one line, `MIXED {...}`: per page name,
requests, failures, p50, p95, p99 and the longest, in ms.

- Readers (board members, viewers, officers) read the plan table (first pages, a filter),
  the plan and council dashboards and action pages, thinking 2 to 6 s between pages.
- Plan owners do the same and add progress updates: the form, then its POST, with the CSRF
  token and version from the form, as a browser would.
- One plan owner has a board pack built, again and again: posts the build, then follows the
  meeting page until it no longer says "% done", then asks for the next.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import sys

from locust import HttpUser, between, task  # patches the standard library with gevent: first
from locust.env import Environment

import gevent  # isort: skip

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
SCENARIO: dict = {}
_people: dict[str, itertools.cycle] = {}


def _next_person(kind: str) -> dict:
    if kind not in _people:
        _people[kind] = itertools.cycle(SCENARIO["people"][kind])
    return next(_people[kind])


class Person(HttpUser):
    abstract = True
    kind = ""
    wait_time = between(2, 6)

    def on_start(self) -> None:
        self.person = _next_person(self.kind)
        self.council = SCENARIO["councils"][self.person["council"]]
        name, value = self.person["cookie"].split("=", 1)
        self.client.cookies.set(name, value)
        self.rng = random.Random(self.person["cookie"])

    def page(self, path: str, name: str, must_contain: str = "") -> None:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}")
            elif must_contain and must_contain not in answer.text:
                answer.failure("the page was not the one asked for")

    @task(4)
    def plan_table(self) -> None:
        queries = ["", "?rag=red&rag=amber", "?overdue=1&sort=deadline"]
        if self.council["pages"] > 1:  # a page past the end is a 404, rightly
            queries.append(f"?page={self.rng.randint(2, min(5, self.council['pages']))}")
        query = self.rng.choice(queries)
        self.page(self.council["plan"] + query, "plan table", "</html>")

    @task(2)
    def plan_dashboard(self) -> None:
        self.page(self.council["plan_dashboard"], "plan dashboard")

    @task(1)
    def council_dashboard(self) -> None:
        self.page(self.council["council_dashboard"], "council dashboard")

    @task(3)
    def action_page(self) -> None:
        self.page(self.rng.choice(self.council["actions"]), "action page")


class Reader(Person):
    kind = "readers"
    weight = 3


class Owner(Person):
    kind = "owners"
    weight = 1

    @task(1)
    def progress_update(self) -> None:
        action = self.rng.choice(self.council["actions"])
        form = self.client.get(action + "update/", name="update form")
        token, version = TOKEN.search(form.text), VERSION.search(form.text)
        if form.status_code != 200 or not token or not version:
            return  # the GET is already counted, as a failure if it was not a 200
        body = {
            "csrfmiddlewaretoken": token.group(1),
            "version": version.group(1),
            "rag": self.rng.choice(["red", "amber", "green"]),
            "narrative": "Bench: partners met and agreed the next steps.",
        }
        with self.client.post(
            action + "update/",
            data=body,
            name="progress update POST",
            allow_redirects=False,
            catch_response=True,
            headers={"Referer": SCENARIO["host"] + action},
        ) as answer:
            # Another owner may have saved an update to the same action a moment before: the
            # form then asks to confirm (200), which is right, not an error.
            if answer.status_code not in (302, 200):
                answer.failure(f"{answer.status_code}")


class PackBuilder(HttpUser):
    fixed_count = 1
    wait_time = between(0.5, 0.5)

    def on_start(self) -> None:
        name, value = SCENARIO["pack"]["cookie"].split("=", 1)
        self.client.cookies.set(name, value)
        self.built = 0

    @task
    def build_a_pack(self) -> None:
        pack = SCENARIO["pack"]
        form = self.client.get(pack["build"], name="pack build form")
        token = TOKEN.search(form.text)
        if not token:
            return
        self.client.post(
            pack["build"],
            data={"csrfmiddlewaretoken": token.group(1), "plans": pack["plans"], "part": "I"},
            name="pack build POST",
            headers={"Referer": SCENARIO["host"] + pack["build"]},
        )
        for _ in range(600):
            gevent.sleep(1)
            meeting = self.client.get(pack["meeting"], name="meeting page (pack building)")
            if "% done" not in meeting.text:
                break


def main() -> None:
    with open(sys.argv[1]) as scenario:
        SCENARIO.update(json.load(scenario))
    environment = Environment(user_classes=[Reader, Owner, PackBuilder], host=SCENARIO["host"])
    runner = environment.create_local_runner()
    runner.start(SCENARIO["users"], spawn_rate=SCENARIO["users"] / SCENARIO["warm"])
    gevent.sleep(2 * SCENARIO["warm"])
    environment.stats.reset_all()
    gevent.spawn_later(SCENARIO["seconds"], runner.quit)
    runner.greenlet.join()
    result = {}
    for (name, _method), entry in sorted(environment.stats.entries.items()):
        result[name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
            "max": entry.max_response_time,
        }
    errors = {
        f"{e.method} {e.name}: {e.error}": e.occurrences for e in environment.stats.errors.values()
    }
    print("MIXED " + json.dumps({"pages": result, "errors": errors}), flush=True)


if __name__ == "__main__":
    main()
