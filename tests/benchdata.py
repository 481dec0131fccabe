"""A large, realistic action plan for benchmarks and scale tests, built in seconds.

`generate_plan(organisation)` makes a plan shaped like the seeded ones but two hundred times
bigger: sections, objectives, key outcomes of about ten actions, about a hundred leads shared
across actions (each with an officer acting for it), quarterly reporting periods (all but the
current one locked), deadlines in words (some "Ongoing", many overdue), and a history of
progress updates, deadline changes and closures.

The history keeps the rules services.py keeps, without calling it (one call per row would take
minutes): the newest update's RAG is the action's, Blue iff complete, `version` is 1 plus the
number of changes, `updated_at` is the last change, and every change has its ChangeRecord.
Randomness comes from `random.Random(seed)`, so a seed and a day always give the same plan.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from actionplans.deadlines import deadline_date
from actionplans.models import (
    Action,
    ActionPlan,
    ActionStatus,
    DeadlineChange,
    KeyOutcome,
    Lead,
    PlanSection,
    ProgressUpdate,
    Rag,
    ReportingPeriod,
)
from strategies.models import ChangeRecord, CouncilRole, Objective, Organisation, Role, Strategy
from tests.benchdata_words import (
    AREAS,
    AUDIENCES,
    DETAILS,
    LEAD_BASES,
    OBJECTIVES,
    OUTCOMES,
    PROGRESS,
    REASONS,
    SECTIONS,
    SUBJECTS,
    VERBS,
    words,
)

BATCH = 2000


@dataclass
class _Event:
    """One change to an action, in time order: an update, a deadline change or a closure."""

    at: datetime.datetime
    kind: str
    rag: str = ""
    old_text: str = ""
    old_date: datetime.date | None = None
    reason: str = ""


@dataclass
class _History:
    action: Action
    lead_ids: list[int]
    author: object  # the officer acting for the action's first lead
    events: list[_Event] = field(default_factory=list)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_words(day: datetime.date) -> str:
    return f"{day:%B %Y}"


def _aware(day: datetime.date, seconds: float = 0) -> datetime.datetime:
    midnight = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    return midnight + datetime.timedelta(seconds=seconds)


def _periods(plan: ActionPlan, count: int, today: datetime.date, now) -> list[ReportingPeriod]:
    """The last `count` calendar quarters up to today's; the past ones reported and locked."""
    current = datetime.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    periods = []
    for back in range(count - 1, -1, -1):
        start = _add_months(current, -3 * back)
        end = _add_months(start, 3) - datetime.timedelta(days=1)
        fy = start.year if start.month >= 4 else start.year - 1
        quarter = (start.month - 4) % 12 // 3 + 1
        periods.append(
            ReportingPeriod(
                plan=plan,
                name=f"Q{quarter} {fy}-{str(fy + 1)[2:]}",
                starts_on=start,
                ends_on=end,
                update_deadline=end - datetime.timedelta(days=14),
                locked_at=None if back == 0 else min(_aware(end, 21 * 86400), now),
            )
        )
    return ReportingPeriod.objects.bulk_create(periods)


def _leads_and_officers(organisation: Organisation, count: int, seed: int) -> list[tuple]:
    """`count` leads (shared with other generated plans of the council), each with an officer."""
    bases = [(base, kind) for kind, text in LEAD_BASES.items() for base in words(text)]
    names = [(f"{base} ({area})", kind) for area in AREAS for base, kind in bases]
    if count > len(names):  # beyond a hundred: the same services, numbered
        names += [(f"{name} {n}", kind) for n in range(2, count) for name, kind in names]
    names = names[:count]
    Lead.objects.bulk_create(
        [Lead(organisation=organisation, name=name, kind=kind) for name, kind in names],
        ignore_conflicts=True,
    )
    wanted = [name for name, _ in names]
    by_name = {
        lead.name: lead
        for lead in Lead.objects.for_organisation(organisation).filter(name__in=wanted)
    }
    leads = [by_name[name] for name in wanted]
    officer_count = max(1, -(-count // 4))
    usernames = [f"gen{seed}-{organisation.slug}-officer-{n:02d}" for n in range(officer_count)]
    people = get_user_model()
    unusable = make_password(None)
    people.objects.bulk_create(
        [
            people(username=name, password=unusable, first_name="Officer", last_name=str(n))
            for n, name in enumerate(usernames)
        ],
        ignore_conflicts=True,
    )
    officers = list(people.objects.filter(username__in=usernames).order_by("username"))
    CouncilRole.objects.bulk_create(
        [CouncilRole(user=o, organisation=organisation, role=Role.OFFICER) for o in officers],
        ignore_conflicts=True,
    )
    Lead.officers.through.objects.bulk_create(
        [
            Lead.officers.through(lead_id=lead.pk, user_id=officers[n % len(officers)].pk)
            for n, lead in enumerate(leads)
        ],
        ignore_conflicts=True,
    )
    return [(lead, officers[n % len(officers)]) for n, lead in enumerate(leads)]


def _structure(organisation: Organisation, actions: int, rng: random.Random):
    """The strategy, its objectives, the plan, its sections and key outcomes."""
    title = "Generated strategy"
    taken = set(Strategy.objects.for_organisation(organisation).values_list("title", flat=True))
    title = next(f"{title} {n}" for n in range(1, len(taken) + 2) if f"{title} {n}" not in taken)
    strategy = Strategy.objects.create(
        organisation=organisation,
        title=title,
        period_start_year=2024,
        period_end_year=2028,
        status=Strategy.Status.APPROVED,
        summary="Generated for benchmarks: invented, not a council's plan.",
    )
    objectives = Objective.objects.bulk_create(
        [Objective(strategy=strategy, number=n, title=t) for n, t in enumerate(OBJECTIVES, 1)]
    )
    plan = ActionPlan.objects.create(
        strategy=strategy,
        title=f"Generated action plan of {actions:,} actions",
        cadence=ActionPlan.Cadence.QUARTERLY,
        red_means="Off track and needs the board's help.",
        amber_means="Behind, with a plan to recover.",
        green_means="On track.",
        blue_means="Complete.",
        source="tests/benchdata.py",
    )
    sections = PlanSection.objects.bulk_create(
        [PlanSection(plan=plan, number=n, title=t) for n, t in enumerate(SECTIONS, 1)]
    )
    sizes = []
    while sum(sizes) < actions:
        sizes.append(rng.randint(6, 14))
    sizes[-1] -= sum(sizes) - actions
    outcomes = KeyOutcome.objects.bulk_create(
        [
            KeyOutcome(
                plan=plan,
                number=n,
                title=f"{rng.choice(OUTCOMES)} ({n})",
                section=sections[(n - 1) * len(sections) // len(sizes)],
                objective=rng.choice(objectives),
            )
            for n in range(1, len(sizes) + 1)
        ]
    )
    return plan, list(zip(outcomes, sizes, strict=True))


def _deadline(rng: random.Random, today: datetime.date) -> tuple[str, datetime.date | None]:
    if rng.random() < 0.12:
        return rng.choice(["Ongoing", "Ongoing review/ assessment"]), None
    month = _add_months(today, rng.randint(-24, 24))
    text = _month_words(month)
    return text, deadline_date(text)


def _actions(plan, outcomes, leads, rng: random.Random, today, created) -> list[_History]:
    histories = []
    for outcome, size in outcomes:
        for number in range(1, size + 1):
            text, date = _deadline(rng, today)
            overdue = date is not None and date < today
            roll = rng.random()
            if roll < 0.03:
                status = ActionStatus.NOT_NEEDED
            elif roll < (0.45 if overdue else 0.10):
                status = ActionStatus.COMPLETE
            else:
                status = ActionStatus.OPEN
            chosen = rng.sample(leads, 2 if rng.random() < 0.25 else 1)
            description = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(AUDIENCES)}"
            if rng.random() < 0.3:
                description += ", and report progress to the Corporate Parenting Board"
            action = Action(
                plan=plan,
                key_outcome=outcome,
                number=number,
                description=description,
                leads_text=" / ".join(lead.name for lead, _ in chosen),
                deadline_text=text,
                deadline=date,
                status=status,
                created_at=created,
                updated_at=created,
            )
            histories.append(_History(action, [lead.pk for lead, _ in chosen], chosen[0][1]))
    return histories


def _update_counts(histories, updates: int, rng: random.Random) -> list[int]:
    """How many updates each action gets: all complete ones at least one, a few open ones none."""
    rated = [
        n
        for n, h in enumerate(histories)
        if h.action.status == ActionStatus.COMPLETE
        or rng.random() < (0.7 if h.action.status == ActionStatus.NOT_NEEDED else 0.93)
    ]
    if len(rated) > updates:
        rated = sorted(rng.sample(rated, updates))
    counts = [0] * len(histories)
    weights = [rng.uniform(0.3, 1.7) for _ in rated]
    spare = updates - len(rated)
    total = sum(weights) or 1
    for n, weight in zip(rated, weights, strict=True):
        counts[n] = 1 + int(spare * weight / total)
    for n in rng.sample(rated, updates - sum(counts)) if rated else []:
        counts[n] += 1
    return counts


def _history(history: _History, count: int, windows, rng: random.Random) -> None:
    """Dated events for one action, ending in the state the action is in."""
    action = history.action
    if count == 0 and action.status == ActionStatus.COMPLETE:
        action.status = ActionStatus.OPEN  # too few updates asked for: it never got its Blue
    skip_current = action.status == ActionStatus.OPEN and rng.random() < 0.3
    usable = windows[:-1] if skip_current and len(windows) > 1 else windows
    times = sorted(
        rng.uniform(*rng.choices(usable, weights=[b - a for a, b in usable])[0])
        for _ in range(count)
    )
    ladder = [Rag.RED, Rag.AMBER, Rag.GREEN]
    step = rng.choices([0, 1, 2], weights=[2, 4, 5])[0]
    for at in times:
        step = max(0, min(2, step + rng.choices([-1, 0, 1], weights=[1, 4, 2])[0]))
        history.events.append(_Event(at=_when(at), kind="update", rag=ladder[step]))
    if action.status == ActionStatus.COMPLETE:
        history.events[-1].rag = Rag.BLUE
    action.rag = history.events[-1].rag if history.events else Rag.NOT_RATED
    first, last = windows[0][0], (times[-1] if times else windows[-1][1])
    if action.deadline and rng.random() < 0.08:
        old = _add_months(action.deadline, -rng.randint(3, 9))
        at = _when(rng.uniform(first, last))
        words = _month_words(old)
        reason = rng.choice(REASONS)
        history.events.append(_Event(at, "deadline", "", words, deadline_date(words), reason))
    if action.status == ActionStatus.NOT_NEEDED:
        action.closed_reason = "The work is now part of the new sufficiency strategy."
        at = _when(rng.uniform(last, windows[-1][1]))
        history.events.append(_Event(at, "close"))
    history.events.sort(key=lambda event: event.at)
    action.version = 1 + len(history.events)
    if history.events:
        action.updated_at = history.events[-1].at


def _when(timestamp: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


def _narrative(rag: str, rng: random.Random, at: datetime.datetime) -> str:
    detail = rng.choice(DETAILS).format(n=rng.randint(3, 120), month=f"{at:%B}")
    return f"{rng.choice(PROGRESS[rag])} {detail} {rng.choice(PROGRESS[rag])}"


def _rows(histories, periods, organisation, rng: random.Random):
    """The update, deadline-change and audit rows of every history, in time order."""
    updates, changes, records = [], [], []
    content_type = ContentType.objects.get_for_model(Action)
    starts = [(_aware(period.starts_on), period) for period in reversed(periods)]
    for history in histories:
        action, author = history.action, history.author
        rag, status = Rag.NOT_RATED, ActionStatus.OPEN
        for event in history.events:
            if event.kind == "update":
                period = next(p for start, p in starts if start <= event.at)
                narrative = _narrative(event.rag, rng, event.at)
                updates.append(
                    ProgressUpdate(
                        action=action,
                        period=period,
                        narrative=narrative,
                        rag=event.rag,
                        author=author,
                        created_at=event.at,
                    )
                )
                new_status = ActionStatus.COMPLETE if event.rag == Rag.BLUE else status
                summary = f"Progress update, rated {Rag(event.rag).label}"
                if new_status != status:
                    summary = "Marked complete"
                diff = {"rag": [rag, event.rag]}
                if new_status != status:
                    diff["status"] = [status, new_status]
                rag, status = event.rag, new_status
            elif event.kind == "deadline":
                changes.append(
                    DeadlineChange(
                        action=action,
                        old_text=event.old_text,
                        old_date=event.old_date,
                        new_text=action.deadline_text,
                        new_date=action.deadline,
                        reason=event.reason,
                        changed_by=author,
                        changed_at=event.at,
                    )
                )
                summary = f"Deadline changed: {event.reason}"
                diff = {
                    "deadline_text": [event.old_text, action.deadline_text],
                    "deadline": [event.old_date.isoformat(), action.deadline.isoformat()],
                }
            else:
                summary = f"Marked no longer needed: {action.closed_reason}"
                diff = {"status": [status, ActionStatus.NOT_NEEDED]}
            records.append(
                ChangeRecord(
                    organisation=organisation,
                    actor=author,
                    at=event.at,
                    content_type=content_type,
                    object_id=action.pk,
                    object_repr=str(action)[:200],
                    summary=summary,
                    changes=diff,
                )
            )
    return updates, changes, records


@transaction.atomic
def generate_plan(
    organisation: Organisation,
    *,
    actions: int = 5000,
    updates: int = 50000,
    periods: int = 4,
    seed: int = 1,
    today: datetime.date | None = None,
) -> ActionPlan:
    """Create a plan of `actions` actions and `updates` progress updates in the council."""
    rng = random.Random(seed)
    now = timezone.now()
    if today is not None:  # a plan as it would have been that day
        now = min(now, _aware(today, 86399))
    today = today or timezone.localdate()
    plan, outcomes = _structure(organisation, actions, rng)
    reporting = _periods(plan, periods, today, now)
    leads = _leads_and_officers(organisation, min(100, max(3, actions // 10)), seed)
    created = _aware(reporting[0].starts_on) - datetime.timedelta(days=30)
    histories = _actions(plan, outcomes, leads, rng, today, created)
    windows = [
        (_aware(p.starts_on).timestamp(), min(_aware(p.ends_on, 86399), now).timestamp())
        for p in reporting
    ]
    windows[-1] = (windows[-1][0], max(windows[-1][0] + 1, now.timestamp() - 60))
    counts = _update_counts(histories, updates, rng)
    for history, count in zip(histories, counts, strict=True):
        _history(history, count, windows, rng)
    Action.objects.bulk_create([h.action for h in histories], batch_size=BATCH)
    Action.leads.through.objects.bulk_create(
        [
            Action.leads.through(action_id=h.action.pk, lead_id=lead_id)
            for h in histories
            for lead_id in h.lead_ids
        ],
        batch_size=BATCH,
    )
    update_rows, change_rows, record_rows = _rows(histories, reporting, organisation, rng)
    ProgressUpdate.objects.bulk_create(update_rows, batch_size=BATCH)
    DeadlineChange.objects.bulk_create(change_rows, batch_size=BATCH)
    ChangeRecord.objects.bulk_create(record_rows, batch_size=BATCH)
    return plan
