"""The next reporting period of a plan whose periods have run out, from its cadence.

A plan's periods are usually set up ahead (seeded, imported or added in the admin). When the
last of them has been reported to the board (locked) and an officer records an update, the
update still counts for a period: the one after the last, made here and saved by
actionplans.services.next_period_add.
"""

from __future__ import annotations

import datetime

from actionplans.models import ActionPlan, ReportingPeriod

DAY = datetime.timedelta(days=1)

# Months a period lasts under each cadence. Termly is three terms a year: school terms are
# not of equal length, so a plan that follows them exactly sets its periods up by hand.
CADENCE_MONTHS = {
    ActionPlan.Cadence.MONTHLY: 1,
    ActionPlan.Cadence.QUARTERLY: 3,
    ActionPlan.Cadence.TERMLY: 4,
    ActionPlan.Cadence.SIX_MONTHLY: 6,
    ActionPlan.Cadence.ANNUAL: 12,
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later; `day` must be the first of a month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, day.day)


def _whole_months(period: ReportingPeriod) -> int | None:
    """How many calendar months the period spans, if it is whole months from the 1st."""
    after = period.ends_on + DAY
    if period.starts_on.day != 1 or after.day != 1:
        return None
    return (after.year - period.starts_on.year) * 12 + after.month - period.starts_on.month


def _name(starts_on: datetime.date, ends_on: datetime.date) -> str:
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{starts_on:%B %Y}"
    return f"{starts_on:%B %Y} to {ends_on:%B %Y}"


def next_period(
    plan: ActionPlan, periods: list[ReportingPeriod], *, on: datetime.date
) -> ReportingPeriod | None:
    """The period after the plan's last one, unsaved: as long as the plan's cadence says
    (without a cadence, as long as its last period), stepped on until it has not ended by
    `on`. Its update deadline is as far from its end as the last period's was. None when
    the plan has no periods: then an update counts for none."""
    if not periods:
        return None
    last = max(periods, key=lambda period: period.starts_on)
    months = CADENCE_MONTHS.get(plan.cadence) or _whole_months(last)
    days = (last.ends_on - last.starts_on).days + 1
    deadline_gap = last.update_deadline - last.ends_on if last.update_deadline else None
    starts_on = last.ends_on + DAY
    while True:
        if months and starts_on.day == 1:
            ends_on = add_months(starts_on, months) - DAY
        else:
            ends_on = starts_on + datetime.timedelta(days=days - 1)
        if ends_on >= on:
            break
        starts_on = ends_on + DAY
    return ReportingPeriod(
        plan=plan,
        name=_name(starts_on, ends_on),
        starts_on=starts_on,
        ends_on=ends_on,
        update_deadline=ends_on + deadline_gap if deadline_gap is not None else None,
    )


def update_counts_for(
    plan: ActionPlan, *, on: datetime.date
) -> tuple[ReportingPeriod | None, ReportingPeriod | None]:
    """What the update form tells an officer on `on`: the period an update would count for
    (unsaved when it is the next one, which the update service adds as it saves), and the
    period by the calendar when that has already been reported to the board, else None."""
    periods = list(plan.periods.all())
    period = ReportingPeriod.current_of(periods, on) or next_period(plan, periods, on=on)
    latest = ReportingPeriod.latest_begun(periods, on)
    return period, latest if latest is not None and latest.is_locked else None


# The month each cadence's periods are counted from: the financial year (April), except
# terms, which follow the school year (September).
CADENCE_ANCHOR_MONTH = {ActionPlan.Cadence.TERMLY: 9}
FINANCIAL_YEAR_MONTH = 4


def _block_start(day: datetime.date, months: int, anchor: int) -> datetime.date:
    """The first day of the cadence's block of `months` that `day` falls in."""
    index = day.year * 12 + day.month - 1 - (anchor - 1)
    start = index - index % months + (anchor - 1)
    return datetime.date(start // 12, start % 12 + 1, 1)


def _deadline(starts_on: datetime.date, ends_on: datetime.date, days: int) -> datetime.date:
    """`days` before the end, but never before the period starts."""
    return max(starts_on, ends_on - datetime.timedelta(days=days))


def cadence_periods(
    plan: ActionPlan, *, after: datetime.date | None, on: datetime.date
) -> list[ReportingPeriod]:
    """The periods, unsaved, that follow a plan's last kept period (ending `after`) under its
    calendar cadence, up to and including the one after the period `on` falls in, so
    officers always know the next deadline. Periods are whole calendar blocks counted from
    April (terms from September); the first is cut short to start the day after `after`
    when that falls inside a block. A gap of whole blocks before `on` is skipped, as
    next_period skips it: nothing can be reported for a period already over."""
    months = CADENCE_MONTHS[plan.cadence]
    anchor = CADENCE_ANCHOR_MONTH.get(plan.cadence, FINANCIAL_YEAR_MONTH)
    current_block = _block_start(on, months, anchor)
    starts_on = current_block if after is None else max(after + DAY, current_block)
    periods = []
    while starts_on <= add_months(current_block, months):
        block = _block_start(starts_on, months, anchor)
        ends_on = add_months(block, months) - DAY
        periods.append(_period(plan, starts_on, ends_on, _name(starts_on, ends_on)))
        starts_on = ends_on + DAY
    return periods


def meeting_periods(
    plan: ActionPlan,
    meeting_dates: list[datetime.date],
    *,
    after: datetime.date | None,
    on: datetime.date,
) -> list[ReportingPeriod]:
    """The periods, unsaved, that end at each meeting of the plan's boards from `on` on and
    after `after`, each starting the day after the one before (the first: after `after`,
    or the last meeting before `on`, or the first of `on`'s month)."""
    dates = sorted(set(meeting_dates))
    before = [day for day in dates if day < on and (after is None or day > after)]
    if before:
        starts_on = before[-1] + DAY
    elif after is not None:
        starts_on = after + DAY
    else:
        starts_on = on.replace(day=1)
    periods = []
    for meeting in dates:
        if meeting < starts_on or meeting < on:
            continue
        name = f"To the board meeting on {meeting:%-d %B %Y}"
        periods.append(_period(plan, starts_on, meeting, name))
        starts_on = meeting + DAY
    return periods


def _period(
    plan: ActionPlan, starts_on: datetime.date, ends_on: datetime.date, name: str
) -> ReportingPeriod:
    return ReportingPeriod(
        plan=plan,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        update_deadline=_deadline(starts_on, ends_on, plan.update_deadline_days),
    )
