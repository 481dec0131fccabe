"""Closing ratings: each action's rating at the end of a period, recorded once it has ended and
read after that, the same as working it out from the whole history every time."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from actionplans import closing
from actionplans.models import Action, ClosingRating, KeyOutcome, Rag, ReportingPeriod
from actionplans.services import action_close, progress_update_record
from tests.conftest import build_period, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

Q1 = (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
Q2 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))


def at(month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, month, day, 12))


def rate(action: Action, rag: str, when: datetime.datetime) -> None:
    progress_update_record(
        action=action, author=None, narrative=f"Rated {rag}", rag=rag, recorded_at=when
    )


def by_hand(plan, period: ReportingPeriod) -> dict[str, int]:
    """Each action's newest rating by the period's end, from its history, as closing.py says."""
    end = closing.end_of(period.ends_on)
    counts = dict.fromkeys(Rag.values, 0)
    for action in Action.objects.filter(plan=plan).exclude(status="not_needed"):
        history = list(action.updates.filter(created_at__lte=end).order_by("created_at", "pk"))
        if history:
            counts[history[-1].rag] += 1
        elif action.created_at <= end:
            counts[Rag.NOT_RATED] += 1
    return counts


@pytest.fixture
def plan(council):
    plan = build_plan(council, actions=4)
    Action.objects.filter(plan=plan).update(created_at=at(3, 1))
    for starts_on, ends_on in (Q1, Q2):
        build_period(plan, name=f"{starts_on:%B}", starts_on=starts_on, ends_on=ends_on)
    first, second, third, _ = Action.objects.filter(plan=plan).order_by("number")
    rate(first, Rag.RED, at(5, 10))
    rate(second, Rag.AMBER, at(5, 11))
    rate(first, Rag.AMBER, at(8, 3))
    rate(third, Rag.GREEN, at(8, 4))
    return plan


def periods_of(plan) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(plan=plan).order_by("starts_on"))


def test_the_first_read_records_each_ended_periods_ratings_and_later_reads_count_them(
    plan, django_assert_num_queries
):
    periods = periods_of(plan)
    assert not ClosingRating.objects.filter(period__plan=plan).exists()

    first = closing.closing_counts(plan, periods)

    assert first == [by_hand(plan, period) for period in periods]
    assert first[0] == {"red": 1, "amber": 1, "green": 0, "blue": 0, "none": 2}
    assert first[1] == {"red": 0, "amber": 2, "green": 1, "blue": 0, "none": 1}
    periods = periods_of(plan)
    assert [period.ratings_as_of for period in periods] == [
        closing.end_of(period.ends_on) for period in periods
    ]
    assert ClosingRating.objects.filter(period__plan=plan).count() == 8
    with django_assert_num_queries(1):
        assert closing.closing_counts(plan, periods) == first


def test_an_action_no_longer_needed_leaves_every_past_count_without_recording_again(plan):
    closing.closing_counts(plan, periods_of(plan))
    first = Action.objects.filter(plan=plan).order_by("number").first()
    action_close(action=first, closed_by=None, reason="Merged into another action")
    periods = periods_of(plan)

    counts = closing.closing_counts(plan, periods)

    assert counts == [by_hand(plan, period) for period in periods]
    assert counts[0]["red"] == 0 and counts[1]["amber"] == 1
    assert all(period.ratings_as_of is not None for period in periods)


def test_history_written_with_an_earlier_date_reopens_the_periods_it_reaches(plan):
    closing.closing_counts(plan, periods_of(plan))
    fourth = Action.objects.filter(plan=plan).order_by("number").last()

    rate(fourth, Rag.RED, at(8, 20))  # in the second period: the first stays recorded

    periods = periods_of(plan)
    assert periods[0].ratings_as_of is not None and periods[1].ratings_as_of is None
    counts = closing.closing_counts(plan, periods)
    assert counts == [by_hand(plan, period) for period in periods]
    assert (counts[0]["red"], counts[1]["red"]) == (1, 1)


def test_a_period_whose_end_moves_is_recorded_again_at_its_new_end(plan):
    closing.closing_counts(plan, periods_of(plan))
    ReportingPeriod.objects.filter(plan=plan, starts_on=Q1[0]).update(
        ends_on=datetime.date(2026, 5, 10)
    )
    periods = periods_of(plan)

    counts = closing.closing_counts(plan, periods)

    assert counts == [by_hand(plan, period) for period in periods]
    assert counts[0] == {"red": 1, "amber": 0, "green": 0, "blue": 0, "none": 3}


def test_a_period_not_yet_ended_by_the_clock_is_worked_out_and_not_kept(plan):
    outcome = KeyOutcome.objects.get(plan=plan)
    future = build_period(
        plan,
        name="Next year",
        starts_on=timezone.localdate() + datetime.timedelta(days=300),
        ends_on=timezone.localdate() + datetime.timedelta(days=390),
    )
    Action.objects.create(plan=plan, key_outcome=outcome, number=9, description="New")

    counts = closing.closing_counts(plan, [future])

    assert counts == [by_hand(plan, future)] and counts[0]["none"] == 2
    assert not ClosingRating.objects.filter(period=future).exists()
    future.refresh_from_db()
    assert future.ratings_as_of is None


def test_an_action_no_longer_needed_leaves_a_period_not_yet_ended_too(plan):
    """Worked out, not kept, for a period the clock has not ended: the same rule as kept."""
    future = build_period(
        plan,
        name="Next year",
        starts_on=timezone.localdate() + datetime.timedelta(days=300),
        ends_on=timezone.localdate() + datetime.timedelta(days=390),
    )
    first = Action.objects.filter(plan=plan).order_by("number").first()
    action_close(action=first, closed_by=None, reason="Merged into another action")

    counts = closing.closing_counts(plan, [future])

    assert counts == [by_hand(plan, future)]
    assert counts[0] == {"red": 0, "amber": 1, "green": 1, "blue": 0, "none": 1}


def test_a_plans_counts_and_reopening_leave_every_other_plan_alone(plan, council):
    """Another plan's actions and history, however alike, are in none of this plan's counts,
    and history written in this plan reopens none of the other plan's periods."""
    other = build_plan(council, actions=2)
    Action.objects.filter(plan=other).update(created_at=at(3, 1))
    build_period(other, name="April", starts_on=Q1[0], ends_on=Q1[1])
    rate(Action.objects.filter(plan=other).first(), Rag.RED, at(5, 1))
    other_periods = periods_of(other)
    assert closing.closing_counts(other, other_periods) == [
        {"red": 1, "amber": 0, "green": 0, "blue": 0, "none": 1}
    ]

    periods = periods_of(plan)
    counts = closing.closing_counts(plan, periods)

    assert counts == [by_hand(plan, period) for period in periods]
    assert counts[0] == {"red": 1, "amber": 1, "green": 0, "blue": 0, "none": 2}
    rate(Action.objects.filter(plan=plan).last(), Rag.GREEN, at(5, 20))
    assert periods_of(plan)[0].ratings_as_of is None
    assert periods_of(other)[0].ratings_as_of == closing.end_of(Q1[1])


def test_what_happens_at_the_last_moment_of_a_period_is_in_it(plan):
    """An update, or a new action, at the period's last microsecond counts in that period,
    and a rating replaced at that moment counts as its replacement."""
    period = periods_of(plan)[0]
    end = closing.end_of(period.ends_on)
    _, second, third, _ = Action.objects.filter(plan=plan).order_by("number")
    rate(second, Rag.GREEN, end)  # replaces its Amber of 11 May, at the very end
    rate(third, Rag.BLUE, end)
    outcome = KeyOutcome.objects.get(plan=plan)
    Action.objects.create(
        plan=plan, key_outcome=outcome, number=9, description="Added", created_at=end
    )
    Action.objects.create(
        plan=plan,
        key_outcome=outcome,
        number=10,
        description="Added after",
        created_at=end + datetime.timedelta(microseconds=1),
    )

    counts = closing.closing_counts(plan, [period])

    assert counts == [by_hand(plan, period)]
    assert counts[0] == {"red": 1, "amber": 0, "green": 1, "blue": 1, "none": 2}
