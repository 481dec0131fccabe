"""Which period an update counts for: locked periods, the next period, and what the update
form says, on a controlled clock (the `today_is` fixture stops Django's clock)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actionplans.models import ActionPlan, ProgressUpdate, Rag, ReportingPeriod
from actionplans.periods import next_period
from actionplans.services import progress_update_record, reporting_period_add_next
from governance.models import BoardPack
from governance.packs.issue import board_pack_issue
from strategies.models import ChangeRecord
from tests.actionplans.updating import url
from tests.conftest import build_meeting, build_period, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

UPDATE = "actionplans:update-create"
DAY = datetime.timedelta(days=1)
Q3_LOCKED = datetime.datetime(2026, 12, 16, 9, tzinfo=datetime.UTC)


def quarters(plan: ActionPlan, *, locked: tuple[str, ...] = ()) -> dict[str, ReportingPeriod]:
    """Q3 and Q4 of 2026-27, each with its update deadline a fortnight before its end."""
    made = {}
    for name, starts_on, ends_on in [
        ("Q3 2026-27", datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        ("Q4 2026-27", datetime.date(2027, 1, 1), datetime.date(2027, 3, 31)),
    ]:
        made[name[:2]] = build_period(
            plan,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            update_deadline=ends_on - 16 * DAY,
            locked_at=Q3_LOCKED if name[:2] in locked else None,
        )
    return made


def officer_of(plan: ActionPlan, officer):
    action = plan.actions.order_by("number").first()
    action.leads.get().officers.add(officer)
    return action


def record(action, author, **fields) -> ProgressUpdate:
    return progress_update_record(
        action=action, author=author, narrative="Two flats found.", rag=Rag.AMBER, **fields
    )


# The next period from the cadence -----------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "on", "expected"),
    [
        ("quarterly", datetime.date(2026, 12, 20), ("2027-01-01", "2027-03-31", "2027-03-15")),
        ("monthly", datetime.date(2026, 12, 20), ("2027-01-01", "2027-01-31", "2027-01-15")),
        ("six_monthly", datetime.date(2026, 12, 20), ("2027-01-01", "2027-06-30", "2027-06-14")),
        ("annual", datetime.date(2026, 12, 20), ("2027-01-01", "2027-12-31", "2027-12-15")),
        ("termly", datetime.date(2026, 12, 20), ("2027-01-01", "2027-04-30", "2027-04-14")),
        # Without a cadence, as long as the last period; stepped on past periods long over.
        ("", datetime.date(2026, 12, 20), ("2027-01-01", "2027-03-31", "2027-03-15")),
        ("quarterly", datetime.date(2027, 5, 5), ("2027-04-01", "2027-06-30", "2027-06-14")),
    ],
)
def test_the_next_period_follows_the_last_as_the_cadence_says(council, cadence, on, expected):
    plan = build_plan(council, cadence=cadence)
    q3 = build_period(plan, locked_at=Q3_LOCKED)  # 1 October to 31 December, due 15 December

    period = next_period(plan, [q3], on=on)

    got = (period.starts_on, period.ends_on, period.update_deadline)
    assert tuple(day.isoformat() for day in got) == expected
    assert period.pk is None


def test_a_period_of_days_is_followed_by_one_as_long_with_a_plain_name(council):
    plan = build_plan(council)
    last = build_period(
        plan,
        starts_on=datetime.date(2026, 10, 10),
        ends_on=datetime.date(2026, 11, 8),
        update_deadline=None,
    )

    period = next_period(plan, [last], on=datetime.date(2026, 11, 9))

    assert (period.starts_on, period.ends_on, period.update_deadline) == (
        datetime.date(2026, 11, 9),
        datetime.date(2026, 12, 8),
        None,
    )
    assert period.name == "November 2026 to December 2026"
    assert next_period(plan, [], on=datetime.date(2026, 11, 9)) is None


@pytest.mark.parametrize(
    ("cadence", "last", "on", "expected"),
    [
        # A quarterly plan whose last period was cut across the quarters: as long as it
        # was (91 days), since a period not starting on the 1st is no calendar block.
        ("quarterly", ("2026-09-15", "2026-12-14"), "2026-12-20", ("2026-12-15", "2027-03-15")),
        # Without a cadence, a period from the 15th to a month's end is no whole month:
        # the next is as many days (17), not a month.
        ("", ("2027-01-15", "2027-01-31"), "2027-02-01", ("2027-02-01", "2027-02-17")),
        # The next period ends on the day asked about: it is the one, not the one after.
        ("monthly", ("2026-11-01", "2026-11-30"), "2026-12-31", ("2026-12-01", "2026-12-31")),
    ],
)
def test_the_next_period_after_one_of_odd_length_or_ending_on_the_day(
    council, cadence, last, on, expected
):
    plan = build_plan(council, cadence=cadence)
    starts_on, ends_on = (datetime.date.fromisoformat(day) for day in last)
    period = build_period(plan, starts_on=starts_on, ends_on=ends_on, update_deadline=None)

    following = next_period(plan, [period], on=datetime.date.fromisoformat(on))

    assert (following.starts_on.isoformat(), following.ends_on.isoformat()) == expected


# The update service -------------------------------------------------------------------------


def test_after_the_current_period_is_reported_an_update_counts_for_the_next(
    council, officer, today_is
):
    plan = build_plan(council)
    periods = quarters(plan, locked=("Q3",))
    today_is(datetime.date(2026, 12, 20))

    update = record(officer_of(plan, officer), officer)

    assert update.period == periods["Q4"]


def test_when_every_period_is_reported_the_next_is_added_once_and_recorded(
    council, officer, today_is
):
    plan = build_plan(council, cadence=ActionPlan.Cadence.QUARTERLY)
    periods = quarters(plan, locked=("Q3", "Q4"))
    today_is(datetime.date(2027, 3, 25))
    first, second = plan.actions.order_by("number")[:2]

    updates = [record(first, officer), record(second, officer)]

    added = ReportingPeriod.objects.get(plan=plan, starts_on=datetime.date(2027, 4, 1))
    assert [update.period for update in updates] == [added, added]
    assert (added.name, added.ends_on, added.update_deadline, added.is_locked) == (
        "April 2027 to June 2027",
        datetime.date(2027, 6, 30),
        datetime.date(2027, 6, 14),
        False,
    )
    assert plan.periods.count() == len(periods) + 1
    audit = ChangeRecord.objects.for_object(added).get()
    assert (audit.actor, audit.summary, audit.changes) == (
        officer,
        "Reporting period April 2027 to June 2027 added: the last one was reported",
        {"starts_on": [None, "2027-04-01"], "ends_on": [None, "2027-06-30"]},
    )


def test_an_update_recorded_as_of_an_earlier_day_counts_for_that_days_period(
    council, officer, today_is
):
    """As the demonstration data records its history: the day recorded, not today, decides."""
    plan = build_plan(council, cadence=ActionPlan.Cadence.QUARTERLY)
    periods = quarters(plan)
    today_is(datetime.date(2027, 2, 10))
    in_november = timezone.make_aware(datetime.datetime(2026, 11, 20, 10))

    update = record(plan.actions.first(), officer, recorded_at=in_november)

    assert (update.period, update.created_at) == (periods["Q3"], in_november)


def test_a_period_added_for_an_update_recorded_earlier_is_recorded_at_that_time(
    council, officer, today_is
):
    plan = build_plan(council, cadence=ActionPlan.Cadence.QUARTERLY)
    quarters(plan, locked=("Q3", "Q4"))
    today_is(datetime.date(2027, 5, 2))
    in_april = timezone.make_aware(datetime.datetime(2027, 4, 20, 10))

    update = record(plan.actions.first(), officer, recorded_at=in_april)

    assert ChangeRecord.objects.for_object(update.period).get().at == in_april


def test_a_plan_without_periods_has_none_to_follow_on_from(council, officer):
    plan = build_plan(council, cadence=ActionPlan.Cadence.QUARTERLY)

    with pytest.raises(ValidationError) as refused:
        reporting_period_add_next(plan=plan, on=datetime.date(2027, 3, 25), added_by=officer)

    assert refused.value.messages == ["This plan has no reporting periods to follow on from"]
    assert not plan.periods.exists() and not ChangeRecord.objects.exists()


def test_a_plan_without_periods_keeps_its_updates_without_one(council, officer):
    plan = build_plan(council)
    assert record(plan.actions.first(), officer).period is None


def test_a_period_locked_after_the_caller_read_it_is_refused(council, officer):
    plan = build_plan(council)
    q3 = quarters(plan)["Q3"]
    ReportingPeriod.objects.filter(pk=q3.pk).update(locked_at=Q3_LOCKED)

    with pytest.raises(ValidationError) as refused:
        record(plan.actions.first(), officer, period=q3)

    assert refused.value.message_dict == {
        "period": ["Q3 2026-27 has been reported to the board and is closed"]
    }
    assert not ProgressUpdate.objects.exists()


# Issuing a board pack locks what it reported ------------------------------------------------


def test_issuing_a_pack_locks_the_periods_due_by_the_day_it_was_built(council, owner, today_is):
    plan = build_plan(council)
    periods = quarters(plan)
    other = build_plan(council)
    not_in_pack = build_period(other)
    meeting = build_meeting(council, plan, date=datetime.date(2026, 12, 18))
    issued_at = today_is(datetime.date(2026, 12, 17))
    # A second plan of the pack whose period is due on the day of issue, after the build.
    monthly = build_plan(council)
    due_today = build_period(
        monthly,
        name="December 2026",
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2026, 12, 31),
        update_deadline=datetime.date(2026, 12, 17),
    )
    pack = BoardPack.objects.create(
        meeting=meeting, status=BoardPack.Status.READY, built_at=issued_at - DAY
    )
    pack.plans.add(plan, monthly)

    board_pack_issue(pack=pack, issued_by=owner)

    for period in [*periods.values(), not_in_pack, due_today]:
        period.refresh_from_db()
    assert periods["Q3"].locked_at == issued_at  # due 15 December, built the 16th
    assert not periods["Q4"].is_locked
    assert not not_in_pack.is_locked
    assert not due_today.is_locked, "due after the day the pack was built"
    audit = ChangeRecord.objects.for_object(periods["Q3"]).get()
    assert audit.summary == (
        "Reporting period Q3 2026-27 reported to the board and closed (board pack version 1)"
    )
    assert (audit.actor, audit.changes) == (
        owner,
        {"locked_at": [None, issued_at.isoformat()]},
    )


# What the update form says ------------------------------------------------------------------


def test_the_form_names_the_period_the_update_will_count_for(client, council, officer, today_is):
    plan = build_plan(council)
    action = officer_of(plan, officer)
    quarters(plan)
    today_is(datetime.date(2026, 12, 6))
    client.force_login(officer)

    page = client.get(url(UPDATE, action)).content.decode()

    assert "This update will count for Q3 2026-27." in page
    assert "reported to the board" not in page


def test_once_reported_the_form_says_so_and_the_update_counts_for_the_next(
    client, council, officer, today_is
):
    plan = build_plan(council)
    action = officer_of(plan, officer)
    periods = quarters(plan, locked=("Q3",))
    today_is(datetime.date(2026, 12, 20))
    client.force_login(officer)

    page = client.get(url(UPDATE, action)).content.decode()
    saved = client.post(
        url(UPDATE, action),
        {"narrative": "Two flats.", "rag": Rag.GREEN, "version": action.version},
    )

    assert (
        "Q3 2026-27 was reported to the board on 16 December 2026 and is closed. This update "
        "will count for the next reporting period, Q4 2026-27."
    ) in " ".join(page.split())
    assert saved.status_code == 302
    assert ProgressUpdate.objects.get(action=action).period == periods["Q4"]


def test_when_periods_have_run_out_the_form_names_the_one_the_update_will_add(
    client, council, officer, today_is
):
    plan = build_plan(council, cadence=ActionPlan.Cadence.QUARTERLY)
    action = officer_of(plan, officer)
    quarters(plan, locked=("Q3", "Q4"))
    today_is(datetime.date(2027, 3, 25))
    client.force_login(officer)

    page = " ".join(client.get(url(UPDATE, action)).content.decode().split())

    assert "Q4 2026-27 was reported to the board on 16 December 2026 and is closed." in page
    assert "will count for the next reporting period, April 2027 to June 2027." in page
    assert plan.periods.count() == 2  # added only when an update is saved
