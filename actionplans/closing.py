"""Each action's rating at the end of a reporting period, recorded once the period has ended.

An action's rating at a moment is its newest progress update's by then. An action counts from
its creation or its first update, whichever is earlier (seeded actions carry older history),
and is not yet rated until its first update. Actions no longer needed are left out of the
counts, by their status now: a plan's past looks as it would had they never been in it.

The first time a period's closing ratings are asked for after it has ended, they are worked
out from the whole history made by then and kept as ClosingRating rows; after that they are
read from the rows. History before a period's end does not change (updates are
append-only), except when it is written with an earlier date: an update recorded with
`recorded_at`, seeded notes, a new action. Each writer of history calls `reopen`, which marks
the periods its moment falls in, or before the end of, to be recorded again.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, F, Window
from django.db.models.functions import Lead
from django.utils import timezone

from actionplans.models import (
    Action,
    ActionPlan,
    ActionStatus,
    ClosingRating,
    ProgressUpdate,
    Rag,
    ReportingPeriod,
)


def end_of(day: datetime.date) -> datetime.datetime:
    """The last moment of `day`, where a period ending on it is judged."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def closing_counts(plan: ActionPlan, periods: list[ReportingPeriod]) -> list[dict[str, int]]:
    """{rag: count} of the plan's actions at the end of each period (ended ones), leaving out
    actions no longer needed. One query once recorded; the first read records them."""
    ended = timezone.now()
    unrecorded = [
        period
        for period in periods
        if period.ratings_as_of != end_of(period.ends_on) and end_of(period.ends_on) < ended
    ]
    if unrecorded:
        _record(plan, unrecorded)
    counts = {period.pk: dict.fromkeys(Rag.values, 0) for period in periods}
    recorded = [period for period in periods if end_of(period.ends_on) < ended]
    rows = (
        ClosingRating.objects.filter(period__in=recorded)
        .exclude(action__status=ActionStatus.NOT_NEEDED)
        .values_list("period_id", "rag")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for period_id, rag, n in rows:
        counts[period_id][rag] = n
    unended = [period for period in periods if period not in recorded]
    if unended:  # ended by the day asked about, not yet by the clock: worked out, not kept
        live = _ratings_at(plan, [end_of(period.ends_on) for period in unended])
        needed = set(
            Action.objects.filter(plan=plan)
            .exclude(status=ActionStatus.NOT_NEEDED)
            .values_list("pk", flat=True)
        )
        for period, ratings in zip(unended, live, strict=True):
            for action_id, rag in ratings.items():
                counts[period.pk][rag] += action_id in needed
    return [counts[period.pk] for period in periods]


def reopen(plan: ActionPlan | int, at: datetime.datetime) -> None:
    """History dated `at` was written: the closing ratings of the plan's periods that end at
    or after it are recorded again when next asked for."""
    ReportingPeriod.objects.filter(plan=plan, ratings_as_of__gte=at).update(ratings_as_of=None)


def _record(plan: ActionPlan, periods: list[ReportingPeriod]) -> None:
    """Work out and keep the closing ratings of `periods`. Run by whichever read first finds
    them missing; two at once write the same rows, the second's ignored."""
    moments = [end_of(period.ends_on) for period in periods]
    ratings = _ratings_at(plan, moments)
    with transaction.atomic():
        ClosingRating.objects.filter(period__in=periods).delete()
        ClosingRating.objects.bulk_create(
            (
                ClosingRating(period=period, action_id=action_id, rag=rag)
                for period, rated in zip(periods, ratings, strict=True)
                for action_id, rag in rated.items()
            ),
            batch_size=2000,
            ignore_conflicts=True,
        )
        for period, at in zip(periods, moments, strict=True):
            period.ratings_as_of = at
        # Not saved one by one: the rows change nothing a page shows (no data revision).
        ReportingPeriod.objects.bulk_update(periods, ["ratings_as_of"])


def _ratings_at(plan: ActionPlan, moments: list[datetime.datetime]) -> list[dict[int, str]]:
    """{action id: rag} of every action counted at each moment, whatever its status now: one
    pass over the plan's updates up to the last moment, and one over its actions."""
    last = max(moments)
    order = [F("created_at").asc(), F("pk").asc()]
    # Updates after the last moment are left out before the window: an update whose next one
    # is beyond it has no next one here, and so stands at every later moment.
    updates = (
        ProgressUpdate.objects.filter(action__plan=plan, created_at__lte=last)
        .annotate(next_at=Window(Lead("created_at"), partition_by=[F("action_id")], order_by=order))
        .values_list("action_id", "rag", "created_at", "next_at")
    )
    ratings: list[dict[int, str]] = [{} for _ in moments]
    for action_id, rag, created_at, next_at in updates:
        for rated, at in zip(ratings, moments, strict=True):
            if created_at <= at and (next_at is None or next_at > at):
                rated[action_id] = rag
    created = Action.objects.filter(plan=plan, created_at__lte=last).values_list("pk", "created_at")
    for action_id, created_at in created:
        for rated, at in zip(ratings, moments, strict=True):
            if created_at <= at:
                rated.setdefault(action_id, Rag.NOT_RATED.value)
    return ratings
