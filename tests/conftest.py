"""Personas and small builders shared by the tests.

One council ("Testshire") with a person in each role, and an outsider who works for another
council. Builders make the smallest plan a test needs; fixtures/ is seed data, not test input.
"""

from __future__ import annotations

import datetime
import itertools
import weakref

import pytest
from django.db.backends.signals import connection_created
from django.utils import timezone

from actionplans.models import Action, ActionPlan, KeyOutcome, Lead, PlanSection, ReportingPeriod
from governance.models import Board, Meeting
from strategies import revisions
from strategies.models import CouncilRole, Objective, Organisation, Role, Strategy

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test databases, with every connection opened after them closed before
    they are dropped. Django keeps a connection per context, and once a browser module has
    run, Playwright's sync API leaves later tests in a context of their own: their connection
    was left open, and PostgreSQL refused to drop a database still in use."""
    opened = weakref.WeakSet()

    def keep(sender, connection, **kwargs):
        opened.add(connection)

    connection_created.connect(keep, weak=False, dispatch_uid="tests-conftest-opened")
    yield
    connection_created.disconnect(dispatch_uid="tests-conftest-opened")
    for connection in list(opened):
        if connection.connection is not None:  # still open; perhaps another thread's
            connection.inc_thread_sharing()
            connection.close()
            connection.dec_thread_sharing()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a third of a second per person; tests make many people."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def pages_rendered_afresh(settings):
    """A test runs in a transaction that never commits, so councils' data revisions
    (strategies.revisions) do not move: pages are rendered afresh. The page cache's own tests
    turn it on and commit with django_capture_on_commit_callbacks(execute=True)."""
    settings.PLEDGE_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def no_council_pending_from_another_test():
    """A test's transaction never commits, so councils its changes left pending
    (strategies.revisions) would otherwise move with the next test's commit."""
    revisions.forget_pending()


@pytest.fixture
def today_is(monkeypatch):
    """Django's clock stopped at noon, local time, on the day given: `today_is(date)`.
    Code that asks timezone.now() or timezone.localdate() sees that day."""

    def stop_at(day: datetime.date) -> datetime.datetime:
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return stop_at


@pytest.fixture
def council(db) -> Organisation:
    return Organisation.objects.create(name="Testshire County Council", slug="testshire")


@pytest.fixture
def other_council(db) -> Organisation:
    return Organisation.objects.create(name="Elsewhere Borough Council", slug="elsewhere")


@pytest.fixture
def make_person(db, django_user_model):
    def make(username: str, organisation: Organisation | None = None, role: str | None = None):
        person = django_user_model.objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.org"
        )
        if organisation is not None:
            CouncilRole.objects.create(user=person, organisation=organisation, role=role)
        return person

    return make


@pytest.fixture
def officer(make_person, council):
    return make_person("officer", council, Role.OFFICER)


@pytest.fixture
def owner(make_person, council):
    return make_person("owner", council, Role.OWNER)


@pytest.fixture
def board_member(make_person, council):
    return make_person("board", council, Role.BOARD)


@pytest.fixture
def admin_user(make_person, council):
    return make_person("counciladmin", council, Role.ADMIN)


@pytest.fixture
def viewer(make_person, council):
    return make_person("viewer", council, Role.VIEWER)


@pytest.fixture
def outsider(make_person, other_council):
    return make_person("outsider", other_council, Role.OWNER)


@pytest.fixture
def personas(officer, owner, board_member, admin_user, viewer, outsider) -> dict:
    return {
        "officer": officer,
        "owner": owner,
        "board": board_member,
        "admin": admin_user,
        "viewer": viewer,
        "outsider": outsider,
    }


def build_strategy(organisation: Organisation, **fields) -> Strategy:
    defaults = {
        "title": f"Strategy {next(_counter)}",
        "period_start_year": 2024,
        "period_end_year": 2027,
        "status": Strategy.Status.APPROVED,
    }
    return Strategy.objects.create(organisation=organisation, **(defaults | fields))


def build_plan(organisation: Organisation, *, actions: int = 3, **fields) -> ActionPlan:
    """A plan with one objective, one section, one key outcome and `actions` actions."""
    strategy = build_strategy(organisation)
    objective = Objective.objects.create(strategy=strategy, number=1, title="Stay safe")
    plan = ActionPlan.objects.create(
        strategy=strategy, title=fields.pop("title", f"Plan {next(_counter)}"), **fields
    )
    section = PlanSection.objects.create(plan=plan, number=1, title="Care leavers")
    outcome = KeyOutcome.objects.create(
        plan=plan,
        number=1,
        title="Care leavers have a home",
        section=section,
        objective=objective,
    )
    lead = Lead.objects.create(organisation=organisation, name=f"Housing {next(_counter)}")
    for number in range(1, actions + 1):
        action = Action.objects.create(
            plan=plan,
            key_outcome=outcome,
            number=number,
            description=f"Action {number} of {plan.title}",
            deadline_text="March 2030",
            deadline=datetime.date(2030, 3, 31),
        )
        action.leads.add(lead)
    return plan


def build_plan_due_around(organisation: Organisation, on: datetime.date) -> dict[str, Action]:
    """A plan of three open actions, "Due yesterday", "Due today" and "Due tomorrow" of `on`,
    by those names: on `on` only the first is overdue."""
    plan = build_plan(organisation, actions=3)
    days = {"yesterday": -1, "today": 0, "tomorrow": 1}
    due = {}
    for action, (name, offset) in zip(plan.actions.order_by("number"), days.items(), strict=True):
        action.description = f"Due {name}"
        action.deadline = on + datetime.timedelta(days=offset)
        action.save(update_fields=["description", "deadline"])
        due[name] = action
    return due


def build_period(plan: ActionPlan, **fields) -> ReportingPeriod:
    defaults = {
        "name": "Q3 2026-27",
        "starts_on": datetime.date(2026, 10, 1),
        "ends_on": datetime.date(2026, 12, 31),
        "update_deadline": datetime.date(2026, 12, 15),
    }
    return ReportingPeriod.objects.create(plan=plan, **(defaults | fields))


def build_meeting(organisation: Organisation, plan: ActionPlan | None = None, **fields):
    board = Board.objects.create(
        organisation=organisation, name=f"Board {next(_counter)}", kind=Board.Kind.BOARD
    )
    if plan is not None:
        board.plans.add(plan)
    defaults = {"date": datetime.date(2027, 1, 20), "title": "Quarterly review"}
    return Meeting.objects.create(board=board, **(defaults | fields))


@pytest.fixture
def plan(council) -> ActionPlan:
    return build_plan(council)


@pytest.fixture
def other_plan(other_council) -> ActionPlan:
    return build_plan(other_council)
