"""The plan's rules, each defined once (actionplans/models/actions.py and plans.py): the
database's version and the one for an action already read must agree."""

from __future__ import annotations

import datetime
import itertools

import pytest

from actionplans.models import (
    RAG_ORDER,
    Action,
    ActionStatus,
    DeadlineChange,
    ProgressUpdate,
    Rag,
    ReportingPeriod,
    rag_rank,
)
from tests.conftest import build_period

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


@pytest.mark.django_db
@pytest.mark.sqlite
def test_a_locked_or_future_period_is_never_the_current_one(plan):
    locked = build_period(plan, name="Locked", starts_on=TODAY - 10 * DAY, ends_on=TODAY)
    locked.locked_at = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    locked.save()
    build_period(plan, name="Next", starts_on=TODAY + DAY, ends_on=TODAY + 90 * DAY)
    begun = build_period(plan, name="Begun", starts_on=TODAY - 20 * DAY, ends_on=TODAY)
    periods = list(plan.periods.all())

    assert plan.periods.current(on=TODAY) == begun
    assert ReportingPeriod.current_of(periods, TODAY) == begun
    assert ReportingPeriod.current_of(periods, TODAY - 21 * DAY) is None


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
