"""The demonstration layer's current plan for a council whose seeded plan is long past.

Lancashire's seeded plan is its 2014-17 one, and on its own a newcomer would meet a plan whose
actions are all years overdue. So `seed --demo` sets up a current plan under a demonstration
strategy (`Strategy.is_demo`: it and everything under it are the demonstration layer's),
through the set-up pages' services, with the seeded plan's sections and key outcomes, and
carries the seeded plan's open actions into it through `plan_carry_over`, with
`retire_old=False` so the seeded plan stays as the source has it. Each carried action is then
given a current deadline through `action_deadline_change` (marked `is_demo`), and the
demonstration history (demo.py) is written on the new plan instead of the seeded one.

Last, the seeded strategy is marked superseded by the demonstration one, through the strategy
service, as a council would mark it once its next strategy is adopted: its plan is then kept
as history (actionplans.models.plans.superseded_q), so the demonstration officers' My actions,
the reminders, the council dashboard and the board packs follow the current plan alone, and
the seeded plan's rows stay as the source has them.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from actionplans.action_setup import plan_carry_over
from actionplans.models import Action, ActionPlan
from actionplans.services import action_deadline_change
from actionplans.setup import key_outcome_add, plan_create, section_add
from governance.models import Board
from strategies.models import Organisation, Strategy
from strategies.setup import STRATEGY_FIELDS, strategy_create, strategy_edit

YEARS = 3
DEADLINE_REASON = (
    "Demonstration: a date in the new plan, agreed when the action was carried over from {plan}."
)


@dataclass(frozen=True)
class CarriedPlan:
    """Which seeded plan a council's demonstration plan carries on, and the new titles, with
    {start} and {end} for its years."""

    from_plan: str
    strategy: str
    plan: str


CARRIED_PLANS = {
    "lancashire": CarriedPlan(
        from_plan="Children Looked After and Care Leavers Strategic Action Plan 2014-17",
        strategy="Children Looked After and Care Leavers Strategy {start}-{end} (demonstration)",
        plan="Children Looked After Action Plan {start}-{end_short}",
    ),
}


def demo_plan_carry(
    organisation: Organisation, owner, *, starts_on: datetime.date, at: datetime.datetime
) -> ActionPlan | None:
    """The council's demonstration plan, set up and carried over on the first run (dated `at`,
    the first demonstration period's start) and found again on the next."""
    carried = CARRIED_PLANS.get(organisation.slug)
    if carried is None:
        return None
    source = (
        ActionPlan.objects.for_organisation(organisation)
        .filter(title=carried.from_plan, strategy__is_demo=False)
        .first()
    )
    if source is None:
        return None
    plan = ActionPlan.objects.filter(
        strategy__organisation=organisation, strategy__is_demo=True
    ).first()
    if plan is None:
        plan = _plan_set_up(organisation, owner, carried, source, starts_on=starts_on, at=at)
    # The boards that oversee the seeded plan oversee this one too, so its meetings and packs
    # show it (the seed keeps demonstration plans on its boards: councils.load_governance).
    for board in Board.objects.filter(plans=source).exclude(plans=plan):
        board.plans.add(plan)
    _supersede(source.strategy, by=plan.strategy, owner=owner)
    return plan


def _supersede(strategy: Strategy, *, by: Strategy, owner) -> None:
    if strategy.status == Strategy.Status.SUPERSEDED:
        return
    fields = {name: getattr(strategy, name) for name in STRATEGY_FIELDS}
    strategy_edit(
        strategy=strategy,
        changed_by=owner,
        **fields | {"status": Strategy.Status.SUPERSEDED, "superseded_by": by},
    )


def _plan_set_up(
    organisation: Organisation,
    owner,
    carried: CarriedPlan,
    source: ActionPlan,
    *,
    starts_on: datetime.date,
    at: datetime.datetime,
) -> ActionPlan:
    start, end = starts_on.year, starts_on.year + YEARS
    years = {"start": start, "end": end, "end_short": f"{end % 100:02d}"}
    strategy = strategy_create(
        organisation=organisation,
        created_by=owner,
        is_demo=True,
        title=carried.strategy.format(**years),
        summary=f"Demonstration: the strategy that follows {source.strategy.title}.",
        objective_label="Objective",
        period_start_year=start,
        period_end_year=end,
        status=Strategy.Status.APPROVED,
        decision_maker="",
        decision_date=None,
        decision_reference="",
    )
    plan = plan_create(strategy=strategy, created_by=owner, title=carried.plan.format(**years))
    # Quarterly, as the demonstration's own periods are (demo.py writes them, as the seed writes
    # its rows, rather than plan_cadence_set's periods from today on).
    ActionPlan.objects.filter(pk=plan.pk).update(cadence=ActionPlan.Cadence.QUARTERLY)
    sections = {
        section.pk: section_add(plan=plan, added_by=owner, title=section.title)
        for section in source.sections.order_by("number")
    }
    mapping = {
        outcome.pk: key_outcome_add(
            plan=plan,
            added_by=owner,
            title=outcome.title,
            section=sections.get(outcome.section_id),
        )
        for outcome in source.key_outcomes.order_by("number")
    }
    carried_actions = plan_carry_over(
        from_plan=source,
        into_plan=plan,
        mapping=mapping,
        carried_by=owner,
        retire_old=False,
        at=at,
    )
    for action in carried_actions:
        _current_deadline(action, source, owner, starts_on=starts_on, at=at)
    return plan


def _current_deadline(
    action: Action,
    source: ActionPlan,
    owner,
    *,
    starts_on: datetime.date,
    at: datetime.datetime,
) -> None:
    """A month's end 6 to 33 months into the plan, the same on every run: a few have just
    passed, as in a plan under way, and none by years."""
    rng = random.Random(f"{action.plan.title}/{action.key_outcome.number}/{action.number}")
    index = starts_on.year * 12 + starts_on.month - 1 + rng.randint(6, 33)
    month = datetime.date(index // 12, index % 12 + 1, 1)
    action_deadline_change(
        action=action,
        changed_by=owner,
        new_text=f"{month:%B %Y}",
        reason=DEADLINE_REASON.format(plan=source.title),
        changed_at=at,
        is_demo=True,
    )
