"""A plan's reporting cycle (actionplans/cycle.py, actionplans/periods.py): the periods a
cadence makes, what changing it does to the periods there are, a period's deadline, and
pausing reminders; each with its change record. The clock is the `on` each call is given."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actionplans.cycle import (
    ENTER_DEADLINE_DAYS,
    ENTER_REMINDER_DAYS,
    NO_MEETING,
    SELECT_CADENCE,
    lead_reminders_pause,
    plan_cadence_set,
    reporting_period_deadline_change,
    reporting_period_reminders_pause,
    reporting_periods_extend,
)
from actionplans.models import ActionPlan, Lead, ProgressUpdate, Rag, ReportingPeriod
from strategies.models import ChangeRecord
from tests.conftest import build_period

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

D = datetime.date
TODAY = D(2026, 12, 6)


def periods_of(plan) -> list[tuple]:
    return [
        (period.name, period.starts_on, period.ends_on, period.update_deadline)
        for period in plan.periods.order_by("starts_on")
    ]


def recorded_last(plan) -> ChangeRecord:
    return ChangeRecord.objects.for_object(plan).order_by("pk").last()


def set_cadence(plan, owner, cadence, *, days=14, on=TODAY, meetings=None):
    return plan_cadence_set(
        plan=plan,
        cadence=cadence,
        update_deadline_days=days,
        reminder_days_before=None,
        meeting_dates=meetings,
        changed_by=owner,
        on=on,
    )


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        (
            ActionPlan.Cadence.QUARTERLY,
            [
                ("October 2026 to December 2026", D(2026, 10, 1), D(2026, 12, 31), D(2026, 12, 17)),
                ("January 2027 to March 2027", D(2027, 1, 1), D(2027, 3, 31), D(2027, 3, 17)),
            ],
        ),
        (
            ActionPlan.Cadence.MONTHLY,
            [
                ("December 2026", D(2026, 12, 1), D(2026, 12, 31), D(2026, 12, 17)),
                ("January 2027", D(2027, 1, 1), D(2027, 1, 31), D(2027, 1, 17)),
            ],
        ),
        (
            ActionPlan.Cadence.TERMLY,
            [
                (
                    "September 2026 to December 2026",
                    D(2026, 9, 1),
                    D(2026, 12, 31),
                    D(2026, 12, 17),
                ),
                ("January 2027 to April 2027", D(2027, 1, 1), D(2027, 4, 30), D(2027, 4, 16)),
            ],
        ),
        (
            ActionPlan.Cadence.ANNUAL,
            [
                ("April 2026 to March 2027", D(2026, 4, 1), D(2027, 3, 31), D(2027, 3, 17)),
                ("April 2027 to March 2028", D(2027, 4, 1), D(2028, 3, 31), D(2028, 3, 17)),
            ],
        ),
    ],
)
def test_a_cadence_makes_the_current_period_and_the_next_with_deadlines_before_their_end(
    plan, owner, cadence, expected
):
    change = set_cadence(plan, owner, cadence)

    assert periods_of(plan) == expected
    assert len(change.added) == 2
    plan.refresh_from_db()
    assert plan.cadence == cadence


def test_changing_cadence_keeps_the_current_period_and_replaces_those_not_begun(plan, owner):
    set_cadence(plan, owner, ActionPlan.Cadence.QUARTERLY)

    change = set_cadence(plan, owner, ActionPlan.Cadence.MONTHLY, days=7)

    assert change.removed == ["January 2027 to March 2027"]
    assert periods_of(plan) == [
        ("October 2026 to December 2026", D(2026, 10, 1), D(2026, 12, 31), D(2026, 12, 17)),
        ("January 2027", D(2027, 1, 1), D(2027, 1, 31), D(2027, 1, 24)),
    ]


def test_a_new_cadence_starts_after_a_period_cut_across_its_blocks(plan, owner):
    build_period(plan, name="Autumn", starts_on=D(2026, 9, 15), ends_on=D(2026, 12, 14))

    set_cadence(plan, owner, ActionPlan.Cadence.QUARTERLY)

    assert [row[:3] for row in periods_of(plan)] == [
        ("Autumn", D(2026, 9, 15), D(2026, 12, 14)),
        ("December 2026", D(2026, 12, 15), D(2026, 12, 31)),
        ("January 2027 to March 2027", D(2027, 1, 1), D(2027, 3, 31)),
    ]


def test_a_reported_period_or_one_with_updates_is_never_replaced(plan, owner):
    reported = build_period(
        plan, name="Reported early", starts_on=D(2027, 1, 1), ends_on=D(2027, 3, 31)
    )
    ReportingPeriod.objects.filter(pk=reported.pk).update(locked_at=timezone.now())
    with_update = build_period(plan, name="Ahead", starts_on=D(2027, 4, 1), ends_on=D(2027, 6, 30))
    ProgressUpdate.objects.create(
        action=plan.actions.first(), period=with_update, narrative="Early", rag=Rag.GREEN
    )

    change = set_cadence(plan, owner, ActionPlan.Cadence.MONTHLY, on=D(2026, 12, 6))

    assert change.removed == []
    assert [row[0] for row in periods_of(plan)] == ["Reported early", "Ahead"]


def test_the_period_taking_updates_after_one_reported_early_is_kept(plan, owner):
    """The current period is the next open one once the one by the calendar is reported:
    a new cadence keeps it, though it has not begun."""
    build_period(
        plan,
        name="Reported",
        starts_on=D(2026, 10, 1),
        ends_on=D(2026, 12, 31),
        locked_at=timezone.now(),
    )
    build_period(plan, name="Taking updates", starts_on=D(2027, 1, 1), ends_on=D(2027, 3, 31))

    change = set_cadence(plan, owner, ActionPlan.Cadence.MONTHLY)

    assert change.removed == [] and change.added == []
    assert [row[0] for row in periods_of(plan)] == ["Reported", "Taking updates"]


def test_a_new_cadence_replaces_every_period_not_begun_and_keeps_the_past(plan, owner):
    for name, starts_on, ends_on in [
        ("Summer", D(2026, 7, 1), D(2026, 9, 30)),
        ("Autumn", D(2026, 10, 1), D(2026, 12, 31)),
        ("Winter", D(2027, 1, 1), D(2027, 3, 31)),
        ("Spring", D(2027, 4, 1), D(2027, 6, 30)),
    ]:
        build_period(plan, name=name, starts_on=starts_on, ends_on=ends_on)

    change = set_cadence(plan, owner, ActionPlan.Cadence.MONTHLY)

    assert change.removed == ["Winter", "Spring"]
    assert [row[0] for row in periods_of(plan)] == ["Summer", "Autumn", "January 2027"]


@pytest.mark.parametrize("held_by", ["reported", "updates"])
def test_a_period_not_begun_after_a_replaceable_one_is_kept_if_reported_or_updated(
    plan, owner, held_by
):
    """Periods are replaced from the last back, and only while each can be: one reported or
    with updates keeps itself and every period before it."""
    build_period(plan, name="Autumn", starts_on=D(2026, 10, 1), ends_on=D(2026, 12, 31))
    build_period(plan, name="Winter", starts_on=D(2027, 1, 1), ends_on=D(2027, 3, 31))
    spring = build_period(plan, name="Spring", starts_on=D(2027, 4, 1), ends_on=D(2027, 6, 30))
    if held_by == "reported":
        ReportingPeriod.objects.filter(pk=spring.pk).update(locked_at=timezone.now())
    else:
        ProgressUpdate.objects.create(
            action=plan.actions.first(), period=spring, narrative="Early", rag=Rag.GREEN
        )

    change = set_cadence(plan, owner, ActionPlan.Cadence.MONTHLY)

    assert change.removed == [] and change.added == []
    assert [row[0] for row in periods_of(plan)] == ["Autumn", "Winter", "Spring"]


def test_periods_aligned_to_the_boards_meetings_end_at_each_meeting(plan, owner):
    meetings = [D(2026, 10, 15), D(2027, 1, 20), D(2027, 3, 10)]

    set_cadence(plan, owner, ActionPlan.Cadence.MEETINGS, days=10, meetings=meetings)

    assert periods_of(plan) == [
        (
            "To the board meeting on 20 January 2027",
            D(2026, 10, 16),
            D(2027, 1, 20),
            D(2027, 1, 10),
        ),
        ("To the board meeting on 10 March 2027", D(2027, 1, 21), D(2027, 3, 10), D(2027, 2, 28)),
    ]


def test_a_meeting_scheduled_later_adds_its_period_after_the_last_and_records_it(plan, owner):
    set_cadence(plan, owner, ActionPlan.Cadence.MEETINGS, days=10, meetings=[D(2027, 1, 20)])
    later = [D(2027, 1, 20), D(2027, 3, 10)]

    added = reporting_periods_extend(plan=plan, meeting_dates=later, added_by=owner, on=TODAY)

    assert [period.name for period in added] == ["To the board meeting on 10 March 2027"]
    assert [row[:3] for row in periods_of(plan)][1:] == [
        ("To the board meeting on 10 March 2027", D(2027, 1, 21), D(2027, 3, 10)),
    ]
    record = ChangeRecord.objects.for_object(plan).order_by("pk").last()
    assert (record.actor, record.organisation) == (owner, plan.strategy.organisation)
    assert record.summary == "1 reporting period added for the board's meetings"
    assert record.changes == {"periods": [[], ["To the board meeting on 10 March 2027"]]}
    # The same meetings again add nothing, and record nothing.
    assert reporting_periods_extend(plan=plan, meeting_dates=later, added_by=owner, on=TODAY) == []
    assert ChangeRecord.objects.for_object(plan).count() == 2
    two_more = [*later, D(2027, 5, 12), D(2027, 7, 14)]
    reporting_periods_extend(plan=plan, meeting_dates=two_more, added_by=owner, on=TODAY)
    assert recorded_last(plan).summary == "2 reporting periods added for the board's meetings"


def test_a_meeting_scheduled_changes_no_plan_not_aligned_to_meetings(plan, owner):
    set_cadence(plan, owner, ActionPlan.Cadence.QUARTERLY)
    before = periods_of(plan)

    added = reporting_periods_extend(
        plan=plan, meeting_dates=[D(2027, 2, 10)], added_by=owner, on=TODAY
    )

    assert added == [] and periods_of(plan) == before
    assert ChangeRecord.objects.for_object(plan).count() == 1


def test_a_meeting_today_ends_a_period_that_starts_on_the_first_of_the_month(plan, owner):
    set_cadence(plan, owner, ActionPlan.Cadence.MEETINGS, days=3, meetings=[TODAY])

    assert periods_of(plan) == [
        ("To the board meeting on 6 December 2026", D(2026, 12, 1), TODAY, D(2026, 12, 3)),
    ]
    summary = ChangeRecord.objects.for_object(plan).get().summary
    assert summary == (
        "Reporting cadence set to Aligned to the board's meetings: 1 period added, 0 replaced"
    )


def test_meeting_periods_start_the_day_after_a_kept_period_or_the_meeting_before(plan, owner):
    build_period(plan, name="Autumn", starts_on=D(2026, 9, 1), ends_on=D(2026, 12, 31))

    set_cadence(plan, owner, ActionPlan.Cadence.MEETINGS, days=10, meetings=[D(2027, 2, 10)])

    assert [row[:3] for row in periods_of(plan)] == [
        ("Autumn", D(2026, 9, 1), D(2026, 12, 31)),
        ("To the board meeting on 10 February 2027", D(2027, 1, 1), D(2027, 2, 10)),
    ]


def test_a_meeting_the_day_after_the_last_ends_a_period_of_one_day(plan, owner):
    meetings = [D(2026, 12, 5), TODAY]

    set_cadence(plan, owner, ActionPlan.Cadence.MEETINGS, days=10, meetings=meetings)

    assert [row[:3] for row in periods_of(plan)] == [
        ("To the board meeting on 6 December 2026", TODAY, TODAY),
    ]


def test_aligning_to_meetings_with_none_ahead_is_refused_and_changes_nothing(plan, owner):
    with pytest.raises(ValidationError) as refused:
        set_cadence(plan, owner, ActionPlan.Cadence.MEETINGS, meetings=[D(2026, 10, 15)])

    assert refused.value.message_dict == {"cadence": [NO_MEETING]}
    plan.refresh_from_db()
    assert (plan.cadence, plan.periods.count(), ChangeRecord.objects.count()) == ("", 0, 0)


def test_bad_numbers_are_refused_with_what_to_fix(plan, owner):
    with pytest.raises(ValidationError) as refused:
        plan_cadence_set(
            plan=plan,
            cadence="fortnightly",
            update_deadline_days=200,
            reminder_days_before=-1,
            changed_by=owner,
            on=TODAY,
        )

    assert refused.value.message_dict == {
        "cadence": [SELECT_CADENCE],
        "reminder_days_before": [ENTER_REMINDER_DAYS],
        "update_deadline_days": [ENTER_DEADLINE_DAYS],
    }
    assert plan.periods.count() == 0


def test_saving_a_cadence_is_recorded_with_what_it_changed(plan, owner):
    set_cadence(plan, owner, ActionPlan.Cadence.QUARTERLY)

    record = ChangeRecord.objects.for_object(plan).get()
    assert record.actor == owner
    assert record.summary == "Reporting cadence set to Quarterly: 2 periods added, 0 replaced"
    assert record.changes["cadence"] == ["", "quarterly"]
    assert record.changes["periods"][1] == [
        "October 2026 to December 2026",
        "January 2027 to March 2027",
    ]


def test_a_periods_deadline_moves_and_the_move_is_recorded(plan, owner):
    period = build_period(plan)

    reporting_period_deadline_change(period=period, deadline=D(2026, 12, 22), changed_by=owner)

    assert period.update_deadline == D(2026, 12, 22)
    record = ChangeRecord.objects.for_object(period).get()
    assert (record.actor, record.organisation, record.summary, record.changes) == (
        owner,
        plan.strategy.organisation,
        "Update deadline of Q3 2026-27 moved to 22 December 2026",
        {"update_deadline": ["2026-12-15", "2026-12-22"]},
    )
    # On the period's start day itself: allowed.
    reporting_period_deadline_change(period=period, deadline=D(2026, 10, 1), changed_by=owner)
    assert period.update_deadline == D(2026, 10, 1)
    with pytest.raises(ValidationError) as empty:
        reporting_period_deadline_change(period=period, deadline=None, changed_by=owner)
    assert empty.value.message_dict == {"deadline": ["Enter the update deadline"]}


def test_a_reported_periods_deadline_or_one_before_the_start_is_refused(plan, owner):
    period = build_period(plan)
    with pytest.raises(ValidationError) as before_start:
        reporting_period_deadline_change(period=period, deadline=D(2026, 9, 30), changed_by=owner)
    ReportingPeriod.objects.filter(pk=period.pk).update(locked_at=timezone.now())
    with pytest.raises(ValidationError) as reported:
        reporting_period_deadline_change(period=period, deadline=D(2026, 12, 22), changed_by=owner)

    assert before_start.value.message_dict == {
        "deadline": [
            "The update deadline must be on or after the day the period starts, 1 October 2026"
        ]
    }
    assert reported.value.message_dict == {
        "deadline": ["Q3 2026-27 has been reported to the board, so its deadline cannot change"]
    }
    period.refresh_from_db()
    assert period.update_deadline == D(2026, 12, 15)


def test_pausing_a_period_or_a_lead_is_recorded_once(plan, owner):
    period = build_period(plan)
    lead = Lead.objects.filter(actions__plan=plan).distinct().get()

    reporting_period_reminders_pause(period=period, paused=True, changed_by=owner)
    reporting_period_reminders_pause(period=period, paused=True, changed_by=owner)
    lead_reminders_pause(lead=lead, paused=True, changed_by=owner)

    assert (period.reminders_paused, lead.reminders_paused) == (True, True)
    reporting_period_reminders_pause(period=period, paused=False, changed_by=owner)
    lead_reminders_pause(lead=lead, paused=False, changed_by=owner)
    assert (period.reminders_paused, lead.reminders_paused) == (False, False)
    council = plan.strategy.organisation
    assert [
        (r.actor, r.organisation, r.summary, r.changes) for r in ChangeRecord.objects.order_by("pk")
    ] == [
        (owner, council, "Reminders paused for Q3 2026-27", {"reminders_paused": [False, True]}),
        (owner, council, f"Reminders paused for {lead.name}", {"reminders_paused": [False, True]}),
        (owner, council, "Reminders resumed for Q3 2026-27", {"reminders_paused": [True, False]}),
        (owner, council, f"Reminders resumed for {lead.name}", {"reminders_paused": [True, False]}),
    ]
