"""One seeded site for a whole test module, served by its own live server.

pytest-django's `live_server` makes every test that uses it transactional, and so empties the
database after each one; seeding again for each of some fifty page states would cost more
than the states themselves. `serve_seeded_site` instead builds the data once (the seeded
councils, their demonstration layer, and a few more councils, plans and people for the empty
states), commits it, serves it, and empties the database when the module ends. The module's
tests must only read, or submit forms that save nothing (an empty or invalid form), so that
every test sees the same site; marked `django_db`, they can read it too.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.db import connections
from django.db.models import Count
from django.test.utils import modify_settings, override_settings
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from pytest_django.live_server_helper import LiveServer

from actionplans.models import (
    Action,
    ActionPlan,
    ActionStatus,
    DeadlineChange,
    ReportingPeriod,
)
from actionplans.permissions import REPORTING_ROLES
from actionplans.services import action_close
from governance.models import Meeting, Response, VoiceItem
from governance.seeding.demo import demo_layer_add
from strategies.models import CouncilRole, Organisation, Role, Strategy
from tests.browser.conftest import session_cookies
from tests.conftest import build_plan, build_strategy

DEMO_PASSWORD = "demo-password-for-browser-tests"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass(frozen=True)
class SeededSite:
    url: str
    # What the pages' URLs need, by name: slugs, primary keys, a password reset link's parts.
    objects: dict[str, str | int]
    # Each person's signed-in session, by username; signed out is no cookies.
    cookies: dict[str, list[dict]]

    def cookies_for(self, username: str | None) -> list[dict]:
        return self.cookies[username] if username else []


def _person(username: str, *roles: tuple[Organisation, str]):
    person = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", first_name=username.title()
    )
    for organisation, role in roles:
        CouncilRole.objects.create(user=person, organisation=organisation, role=role)
    return person


def build_seeded_site(today: datetime.date) -> dict[str, str | int]:
    """Seed, add the demo layer and the extras for empty states; return what URLs need."""
    call_command("seed", verbosity=0)
    councils = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    demo_layer_add(organisations=list(councils.values()), password=DEMO_PASSWORD, today=today)
    lancashire = councils["lancashire"]
    # The current plan the demonstration layer carries on from the seeded 2014-17 one: it holds
    # the demonstration history (governance/seeding/demo_plan.py).
    lancashire_plan = ActionPlan.objects.for_organisation(lancashire).get(strategy__is_demo=True)

    # A council with nothing set up yet, a person with no council and one with two.
    emptyshire = Organisation.objects.create(name="Emptyshire County Council", slug="emptyshire")
    _person("emptyshire-owner", (emptyshire, Role.OWNER))
    _person("no-council")
    _person("two-councils", (lancashire, Role.VIEWER), (councils["west-sussex"], Role.OFFICER))
    forgetful = _person("forgetful")

    # A strategy with nothing under it, and a plan set up today: no updates, one closed.
    bare_strategy = build_strategy(
        councils["lincolnshire"],
        title="Care leavers' housing strategy",
        status=Strategy.Status.DRAFT,
    )
    new_plan = build_plan(lancashire, actions=2, title="Care leavers' housing plan")
    not_started, not_needed = new_plan.actions.order_by("number")
    action_close(
        action=not_needed,
        closed_by=get_user_model().objects.get(username="lancashire-owner"),
        reason="Merged into the first action of this plan.",
    )
    # An answer to what Lancashire's young people said, with actions of its plan behind it.
    asked = VoiceItem.objects.filter(organisation=lancashire).earliest("pk")
    answer = Response.objects.create(
        voice_item=asked,
        text="Two smaller supported flats open near the university this year.",
        status=Response.Status.IN_PROGRESS,
    )
    answer.actions.add(*Action.objects.filter(plan=lancashire_plan).order_by("pk")[:2])
    officer = get_user_model().objects.get(username="lancashire-officer")
    # The meeting with the longest agenda (then the latest), and its board.
    meeting = (
        Meeting.objects.filter(board__organisation=lancashire)
        .annotate(items=Count("agenda_items"))
        .order_by("-items", "-date")
        .first()
    )
    return {
        "lancashire_plan": lancashire_plan.pk,
        "lancashire_strategy": lancashire_plan.strategy_id,
        "lancashire_ask": asked.pk,
        "lincolnshire_plan": ActionPlan.objects.get(strategy__organisation__slug="lincolnshire").pk,
        "west_sussex_strategy": ActionPlan.objects.get(
            strategy__organisation__slug="west-sussex"
        ).strategy_id,
        "bare_strategy": bare_strategy.pk,
        "officers_action": Action.objects.for_my_actions(officer, on=today, roles=REPORTING_ROLES)
        .first()
        .pk,
        "moved_action": DeadlineChange.objects.filter(action__plan=lancashire_plan)
        .earliest("changed_at")
        .action_id,
        "complete_action": Action.objects.filter(plan=lancashire_plan, status=ActionStatus.COMPLETE)
        .earliest("pk")
        .pk,
        "not_started_action": not_started.pk,
        "new_plan": new_plan.pk,
        "lancashire_period": ReportingPeriod.objects.filter(plan=lancashire_plan)
        .current(on=today)
        .pk,
        "not_needed_action": not_needed.pk,
        "lancashire_board": meeting.board_id,
        "lancashire_meeting": meeting.pk,
        "reset_uid": urlsafe_base64_encode(force_bytes(forgetful.pk)),
        "reset_token": default_token_generator.make_token(forgetful),
    }


@contextmanager
def serve_seeded_site(django_db_blocker, usernames: set[str]) -> Iterator[SeededSite]:
    """Build the site, serve it, and empty the database afterwards, whatever happens."""
    host = "localhost"
    server = None
    try:
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            objects = build_seeded_site(timezone.localdate())
            server = LiveServer(host)
            users = get_user_model().objects.filter(username__in=usernames)
            cookies = {user.username: session_cookies(user, server.url) for user in users}
        missing = usernames - cookies.keys()
        assert not missing, f"The seeded site has no one called {sorted(missing)}"
        with modify_settings(ALLOWED_HOSTS={"append": host}):
            yield SeededSite(url=server.url, objects=objects, cookies=cookies)
    finally:
        if server is not None:
            server.stop()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
        # Under Playwright's sync API this code runs in another context than the one that
        # set up the test database, so its connection would outlive the database's teardown.
        connections.close_all()
