"""The demonstration layer: demo people and an invented, deterministic history of updates.

Added only by `seed --demo`, on top of the seeded councils. Everything it creates is marked
(`is_demo`, `Organisation.demo_since`; a demonstration strategy's plans and all under them),
and pages show a banner while it is present. Nothing here is a council's real data: the
source plans carry no ratings or dated updates. Where a seeded plan is long past, a current
plan carries its open actions on (demo_plan.py) and the history is written there.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from actionplans.models import (
    PLAN_ORDER,
    Action,
    ActionPlan,
    ActionStatus,
    Lead,
    Rag,
    ReportingPeriod,
)
from actionplans.services import action_deadline_change, progress_update_record
from core.seeding import upsert
from governance.models import Board, Meeting, Membership, Response, VoiceItem
from governance.seeding.demo_plan import demo_plan_carry
from governance.voice.services import voice_response_record
from strategies.models import CouncilRole, Organisation, Role

DEMO_ROLES = [Role.ADMIN, Role.OWNER, Role.OFFICER, Role.BOARD, Role.VIEWER]
OFFICER_LEAD_COUNT = 3
PERIODS = 4

NARRATIVES = {
    Rag.GREEN: "Demonstration update: on track. The work is progressing as planned this quarter.",
    Rag.AMBER: "Demonstration update: some slippage. One milestone is behind; a recovery step "
    "has been agreed with partners.",
    Rag.RED: "Demonstration update: off track. The work has not progressed this quarter; the "
    "lead is asking the board for support.",
    Rag.BLUE: "Demonstration update: complete. The lead confirms the action has been delivered.",
}
# What the council did about some of what its young people said: (the ask, the answer, its
# status, the descriptions of the actions behind it, days before today it was recorded).
DEMO_ANSWERS = {
    "lancashire": [
        (
            "Smaller types of supported accommodation",
            "Demonstration answer: we are looking at empty properties that could become small "
            "homes for care leavers, and the housing strategy is being written with you in mind.",
            Response.Status.IN_PROGRESS,
            [
                "Explore potential for vacant properties to be utilised as additional "
                "accommodation for care leavers",
                "Lancashire Homelessness and Housing Strategy is refreshed",
            ],
            40,
        ),
        (
            "Practical skills to prepare for independence",
            "Demonstration answer: your reviewing officer now goes through your skills "
            "checklist with you at every review, as part of your pathway plan.",
            Response.Status.DONE,
            [
                "Independent Reviewing Officers will routinely check Skills Checklists as part "
                "of Pathway Plans",
            ],
            25,
        ),
        (
            "Great if care leavers received an apprenticeship bursary like they do at university",
            "Demonstration answer: we are counting how many care leavers are on training and "
            "apprenticeship schemes, to make the case for a bursary.",
            Response.Status.PLANNED,
            ["Number of YP on training/ apprenticeship scheme"],
            10,
        ),
    ],
}
DEADLINE_REASONS = [
    "Demonstration: moved to follow the recommissioning timetable.",
    "Demonstration: partners asked for more time to consult young people first.",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    council: str
    role: str


def demo_username(organisation: Organisation, role: str) -> str:
    return f"{organisation.slug}-{role}"


@transaction.atomic
def demo_layer_add(
    *, organisations: list[Organisation], password: str, today: datetime.date
) -> list[DemoLogin]:
    """Add demo people to each council and a demo history to each plan that has actions."""
    logins: list[DemoLogin] = []
    for organisation in organisations:
        people = {role: _demo_person(organisation, role, password) for role in DEMO_ROLES}
        logins += [
            DemoLogin(person.username, organisation.name, Role(role).label)
            for role, person in people.items()
        ]
        _attach_officer_to_leads(organisation, people[Role.OFFICER])
        _seat_board_member(organisation, people[Role.BOARD])
        first_period = _add_months(quarter_start(today), -3 * (PERIODS - 1))
        demo_plan_carry(
            organisation, people[Role.OWNER], starts_on=first_period, at=_at(first_period, 9)
        )
        plans = ActionPlan.objects.for_organisation(organisation).with_action_counts()
        # A plan carried into a demonstration plan keeps the seed's state: its history is
        # written on the plan that carries it on (demo_plan.py).
        carried = plans.filter(actions__carried_to__plan__strategy__is_demo=True)
        for plan in plans.filter(action_count__gt=0).exclude(pk__in=carried.values("pk")):
            if not plan.periods.filter(is_demo=True).exists():
                _demo_history(plan, people, today)
        if not Response.objects.filter(
            voice_item__organisation=organisation, is_demo=True
        ).exists():
            _demo_answers(organisation, people[Role.OWNER], today)
        if organisation.demo_since is None:
            organisation.demo_since = timezone.now()
            organisation.save(update_fields=["demo_since"])
    return logins


def _demo_person(organisation: Organisation, role: str, password: str):
    username = demo_username(organisation, role)
    names = {"first_name": "Demo", "last_name": f"{Role(role).label} ({organisation.name})"}
    person = get_user_model().objects.filter(username=username).first()
    if person is None:
        person = get_user_model().objects.create_user(
            username=username, password=password, is_demo=True, **names
        )
    elif not person.check_password(password):
        person.set_password(password)
        person.save(update_fields=["password"])
    upsert(CouncilRole, {"user": person, "organisation": organisation}, {"role": role})
    return person


def _attach_officer_to_leads(organisation: Organisation, officer) -> None:
    """The demo officer acts for the leads with the most actions, so has a real queue."""
    busiest = (
        Lead.objects.for_organisation(organisation)
        .annotate(action_count=Count("actions"))
        .filter(action_count__gt=0)
        .order_by("-action_count", "name")[:OFFICER_LEAD_COUNT]
    )
    for lead in busiest:
        lead.officers.add(officer)


def _seat_board_member(organisation: Organisation, member) -> None:
    for board in Board.objects.for_organisation(organisation).filter(
        kind__in=[Board.Kind.BOARD, Board.Kind.PANEL]
    ):
        upsert(Membership, {"board": board, "user": member}, {"role": Membership.Role.MEMBER})


def _demo_answers(organisation: Organisation, owner, today: datetime.date) -> None:
    """Answer a few of the seeded asks, through the same service as the page."""
    for said, text, status, descriptions, days_ago in DEMO_ANSWERS.get(organisation.slug, []):
        item = VoiceItem.objects.for_organisation(organisation).filter(said=said).first()
        if item is None:
            continue
        actions = (
            Action.objects.for_organisation(organisation)
            # Where the work now is: an action carried into a later plan answers through it.
            .filter(description__in=descriptions, carried_to__isnull=True)
            .select_related("plan__strategy")
            .order_by("pk")
        )
        voice_response_record(
            voice_item=item,
            text=text,
            status=status,
            actions=actions,
            author=owner,
            at=_at(today - datetime.timedelta(days=days_ago)),
            is_demo=True,
        )


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the financial-year quarter (April to March) holding this day."""
    return datetime.date(day.year, ((day.month - 1) // 3) * 3 + 1, 1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _quarter_name(start: datetime.date) -> str:
    fy_start = start.year if start.month >= 4 else start.year - 1
    number = ((start.month - 4) % 12) // 3 + 1
    end = _add_months(start, 3) - datetime.timedelta(days=1)
    return f"Q{number} {fy_start}-{str(fy_start + 1)[2:]} ({start:%B} to {end:%B %Y})"


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _demo_periods(plan: ActionPlan, today: datetime.date) -> list[ReportingPeriod]:
    """The last few quarters up to the current one; all but the current are reported."""
    current = quarter_start(today)
    periods = []
    for back in range(PERIODS - 1, -1, -1):
        start = _add_months(current, -3 * back)
        end = _add_months(start, 3) - datetime.timedelta(days=1)
        periods.append(
            ReportingPeriod.objects.create(
                plan=plan,
                name=_quarter_name(start),
                starts_on=start,
                ends_on=end,
                update_deadline=end - datetime.timedelta(days=14),
                is_demo=True,
            )
        )
    return periods


def _demo_history(plan: ActionPlan, people: dict, today: datetime.date) -> None:
    periods = _demo_periods(plan, today)
    officer = people[Role.OFFICER]
    officer_leads = set(officer.leads.values_list("pk", flat=True))
    actions = (
        Action.objects.filter(plan=plan)
        .select_related("key_outcome")
        .prefetch_related("leads")
        .order_by(*PLAN_ORDER)
    )
    for action in actions:
        # Seeded by the action's place in the plan, so every run writes the same history.
        rng = random.Random(f"{plan.title}/{action.key_outcome.number}/{action.number}")
        author = (
            officer
            if officer_leads & {lead.pk for lead in action.leads.all()}
            else people[Role.OWNER]
        )
        _demo_action_history(action, periods, author, rng, today)
    # Past periods are closed once their updates are in, three weeks after they end.
    for period in periods[:-1]:
        period.locked_at = _at(period.ends_on + datetime.timedelta(days=21))
        period.save(update_fields=["locked_at"])
    _demo_meetings(plan, periods)


def _demo_action_history(action, periods, author, rng: random.Random, today) -> None:
    ladder = [Rag.RED, Rag.AMBER, Rag.GREEN]
    step = rng.choices([0, 1, 2], weights=[2, 4, 5])[0]
    for index, period in enumerate(periods):
        is_current = index == len(periods) - 1
        if is_current and rng.random() < 0.35:
            break  # not yet updated this period
        if index and rng.random() < 0.15:
            continue  # missed a round
        day = min(period.starts_on + datetime.timedelta(days=rng.randint(20, 75)), today)
        if index and rng.random() < 0.18:
            rag = Rag.BLUE
        else:
            step = max(0, min(2, step + rng.choice([-1, 0, 0, 1])))
            rag = ladder[step]
        if index == 1 and rag != Rag.BLUE and rng.random() < 0.15:
            new_end = datetime.date(today.year + 1, 3, 31)
            action_deadline_change(
                action=action,
                changed_by=author,
                new_text=f"March {new_end.year}",
                reason=rng.choice(DEADLINE_REASONS),
                changed_at=_at(day, 10),
                is_demo=True,
            )
        progress_update_record(
            action=action,
            author=author,
            narrative=NARRATIVES[rag],
            rag=rag,
            period=period,
            recorded_at=_at(day),
            is_demo=True,
        )
        if rag == Rag.BLUE or action.status == ActionStatus.COMPLETE:
            break


def _demo_meetings(plan: ActionPlan, periods: list[ReportingPeriod]) -> None:
    """A board meeting after each reported quarter, and the next one."""
    for board in plan.boards.filter(kind__in=[Board.Kind.BOARD, Board.Kind.PANEL]):
        for period in periods:
            day = period.ends_on + datetime.timedelta(days=35)
            Meeting.objects.get_or_create(
                board=board,
                date=day,
                defaults={"title": f"{board.name}: {period.name} review", "is_demo": True},
            )
