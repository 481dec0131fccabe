"""The plan's rules, each defined once (actionplans/models/actions.py and plans.py): the
database's version and the one for an action already read must agree."""

from __future__ import annotations

import datetime
import itertools

import pytest

from actionplans.models import (
    RAG_ORDER,
    Action,
    ActionPlan,
    ActionStatus,
    DeadlineChange,
    Lead,
    ProgressUpdate,
    Rag,
    ReportingPeriod,
    rag_rank,
)
from tests.conftest import build_period, build_plan

TODAY = datetime.date(2026, 12, 6)
DAY = datetime.timedelta(days=1)


@pytest.mark.django_db
@pytest.mark.sqlite
def test_the_database_and_an_action_read_agree_on_what_is_overdue(plan):
    action = plan.actions.first()
    cases = itertools.product(
        [ActionStatus.OPEN, ActionStatus.NOT_NEEDED], [None, TODAY - DAY, TODAY, TODAY + DAY]
    )
    for status, deadline in cases:
        Action.objects.filter(pk=action.pk).update(status=status, deadline=deadline)
        action.refresh_from_db()
        in_database = Action.objects.filter(pk=action.pk).overdue(on=TODAY).exists()
        flagged = Action.objects.with_overdue_flag(on=TODAY).get(pk=action.pk).is_late
        expected = status == ActionStatus.OPEN and deadline == TODAY - DAY
        assert (in_database, flagged, action.is_overdue(on=TODAY)) == (expected,) * 3, (
            status,
            deadline,
        )
        assert Action.objects.filter(pk=action.pk).not_overdue(on=TODAY).exists() != expected


@pytest.mark.django_db
@pytest.mark.sqlite
def test_not_updated_means_open_with_no_update_in_the_current_period(plan, owner):
    period = build_period(plan, starts_on=TODAY - 30 * DAY, ends_on=TODAY + 30 * DAY)
    earlier = build_period(
        plan, name="Earlier", starts_on=TODAY - 90 * DAY, ends_on=TODAY - 31 * DAY
    )
    updated, updated_earlier, closed = plan.actions.order_by("number")
    ProgressUpdate.objects.create(action=updated, period=period, narrative="Done", rag=Rag.GREEN)
    ProgressUpdate.objects.create(
        action=updated_earlier, period=earlier, narrative="Then", rag=Rag.GREEN
    )
    Action.objects.filter(pk=closed.pk).update(status=ActionStatus.NOT_NEEDED)

    assert ReportingPeriod.objects.filter(plan=plan).current(on=TODAY) == period
    assert list(plan.actions.not_updated_in(period)) == [updated_earlier]
    # With no current period every open action still lacks an update for it.
    assert set(plan.actions.not_updated_in(None)) == {updated, updated_earlier}


LOCKED = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)


@pytest.mark.django_db
@pytest.mark.sqlite
@pytest.mark.parametrize(
    ("locked", "on", "expected"),
    [
        # The latest period that has begun, while it is open; an earlier open one is over.
        ((), TODAY, "Q3"),
        (("Q2",), TODAY, "Q3"),
        # Reported to the board: updates count for the next one, before it begins.
        (("Q3",), TODAY, "Q4"),
        (("Q2", "Q3"), TODAY, "Q4"),
        # Before any period has begun, the first; after the last is reported, none.
        ((), TODAY - 200 * DAY, "Q2"),
        (("Q3", "Q4"), TODAY, None),
        (("Q2", "Q3", "Q4"), TODAY + 100 * DAY, None),
        ((), TODAY + 100 * DAY, "Q4"),
    ],
)
def test_the_current_period_is_the_latest_begun_or_once_reported_the_next(
    plan, locked, on, expected
):
    for name, starts_on in [("Q2", "2026-07-01"), ("Q3", "2026-10-01"), ("Q4", "2027-01-01")]:
        starts_on = datetime.date.fromisoformat(starts_on)
        build_period(
            plan,
            name=name,
            starts_on=starts_on,
            ends_on=starts_on + 89 * DAY,
            locked_at=LOCKED if name in locked else None,
        )
    periods = list(plan.periods.all())

    in_database = plan.periods.current(on=on)
    already_read = ReportingPeriod.current_of(periods, on)
    assert (getattr(in_database, "name", None), getattr(already_read, "name", None)) == (
        expected,
        expected,
    )
    annotated = {a.current_period_id for a in plan.actions.with_period_status(on=on)}
    assert annotated == {getattr(in_database, "pk", None)}


@pytest.mark.django_db
@pytest.mark.sqlite
def test_a_moved_deadline_is_any_recorded_change(plan, owner):
    moved, _, _ = plan.actions.order_by("number")
    DeadlineChange.objects.create(action=moved, new_text="June 2031", reason="Funding late")

    assert list(plan.actions.deadline_moved()) == [moved]


@pytest.mark.django_db
@pytest.mark.sqlite
def test_rag_counts_count_each_rating_and_leave_out_actions_no_longer_needed(plan):
    red, amber, gone = plan.actions.order_by("number")
    Action.objects.filter(pk=red.pk).update(rag=Rag.RED)
    Action.objects.filter(pk=amber.pk).update(rag=Rag.AMBER)
    Action.objects.filter(pk=gone.pk).update(rag=Rag.RED, status=ActionStatus.NOT_NEEDED)

    assert sorted(plan.actions.rag_counts("plan")) == [
        (plan.pk, Rag.AMBER, 1),
        (plan.pk, Rag.RED, 1),
    ]


@pytest.mark.django_db
@pytest.mark.sqlite
def test_sorting_by_rag_follows_the_one_rag_order(plan):
    ratings = [Rag.GREEN, Rag.NOT_RATED, Rag.RED]
    for action, rag in zip(plan.actions.order_by("number"), ratings, strict=True):
        Action.objects.filter(pk=action.pk).update(rag=rag)

    ranked = plan.actions.annotate(rank=rag_rank()).order_by("rank")
    assert [action.rag for action in ranked] == sorted(ratings, key=RAG_ORDER.index)
    assert RAG_ORDER[0] == Rag.RED and RAG_ORDER[-1] == Rag.NOT_RATED


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def update(action, when, narrative="Done", **fields) -> ProgressUpdate:
    return ProgressUpdate.objects.create(
        action=action, narrative=narrative, rag=Rag.AMBER, created_at=when, **fields
    )


@pytest.mark.django_db
@pytest.mark.sqlite
def test_an_update_in_an_earlier_period_is_not_an_update_in_the_current_one(plan):
    earlier = build_period(plan, name="Q2", starts_on=TODAY - 90 * DAY, ends_on=TODAY - 60 * DAY)
    build_period(plan, name="Q3", starts_on=TODAY - 30 * DAY, ends_on=TODAY + 60 * DAY)
    action = plan.actions.first()
    update(action, at(TODAY - 70 * DAY), period=earlier)

    read = plan.actions.with_period_status(on=TODAY).get(pk=action.pk)

    assert read.updated_this_period is False


@pytest.mark.django_db
@pytest.mark.sqlite
def test_a_plans_action_count_is_zero_without_actions_and_a_council_has_only_its_leads(
    council, other_council
):
    empty, full = build_plan(council, actions=0), build_plan(council, actions=3)
    build_plan(other_council, actions=1)

    counts = dict(
        ActionPlan.objects.for_organisation(council)
        .with_action_counts()
        .values_list("pk", "action_count")
    )

    assert counts == {empty.pk: 0, full.pk: 3}
    assert (
        set(Lead.objects.for_organisation(council))
        == set(Lead.objects.filter(organisation=council))
        != set(Lead.objects.all())
    )


def test_an_update_and_a_deadline_change_read_as_a_short_line():
    update = ProgressUpdate(rag=Rag.RED, narrative="x" * 100)
    moved = DeadlineChange(old_text="June 2026", new_date=datetime.date(2027, 3, 31))
    undated = DeadlineChange(old_date=datetime.date(2026, 6, 30), new_text="Ongoing")

    assert str(update) == "Red: " + "x" * 60
    assert str(moved) == "June 2026 → 2027-03-31"
    assert str(undated) == "2026-06-30 → Ongoing"


@pytest.mark.django_db
@pytest.mark.sqlite
def test_the_flag_counts_count_only_actions_no_longer_needed_as_such(plan):
    plan.actions.filter(number=1).update(status=ActionStatus.NOT_NEEDED)

    [row] = Action.objects.filter(plan=plan).flag_counts("plan_id", on=TODAY, periods=[])

    assert row["not_needed"] == 1


@pytest.mark.django_db
@pytest.mark.sqlite
def test_a_period_is_current_from_the_day_it_starts(plan):
    before = build_period(plan, starts_on=TODAY - 90 * DAY, ends_on=TODAY - DAY)
    period = build_period(plan, starts_on=TODAY, ends_on=TODAY + 90 * DAY)

    assert ReportingPeriod.current_of([before, period], TODAY) == period
    assert ReportingPeriod.current_of([before, period], TODAY - DAY) == before
    assert plan.periods.current(on=TODAY) == period


def test_another_plans_later_period_does_not_end_this_plans_current_one(plan, council):
    period = build_period(plan, starts_on=TODAY - 30 * DAY, ends_on=TODAY + 60 * DAY)
    other = build_plan(council)
    build_period(other, starts_on=TODAY - 10 * DAY, ends_on=TODAY + 80 * DAY)

    assert plan.periods.current(on=TODAY) == period
    assert list(ReportingPeriod.objects.taking_updates(on=TODAY).filter(plan=plan)) == [period]


def test_a_period_is_due_by_its_deadline_or_without_one_by_its_end(plan):
    """What a pack built on a day reports: a deadline moved past the period's end still
    waits for it, and a period without a deadline waits for its end."""
    moved = build_period(
        plan,
        starts_on=TODAY - 90 * DAY,
        ends_on=TODAY - 5 * DAY,
        update_deadline=TODAY + 5 * DAY,
    )
    ended = build_period(plan, starts_on=TODAY - 4 * DAY, ends_on=TODAY, update_deadline=None)
    running = build_period(
        plan, starts_on=TODAY + DAY, ends_on=TODAY + 90 * DAY, update_deadline=None
    )

    assert list(plan.periods.due_by(on=TODAY)) == [ended]
    assert list(plan.periods.due_by(on=TODAY + 5 * DAY)) == [moved, ended]
    assert running not in plan.periods.due_by(on=TODAY + 89 * DAY)
