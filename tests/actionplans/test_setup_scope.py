"""Setting up in the app: each change is recorded with who made it, and a name kept once is
kept once within its own strategy or plan, not across the council. Found unchecked by
`make mutate` (its "setup" module)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actionplans.action_setup import (
    ALREADY_THERE,
    NOT_OPEN,
    REFERENCE_TAKEN,
    SELECT_KEY_OUTCOME,
    action_add,
    action_edit,
    action_move,
    action_reorder,
    council_leads,
)
from actionplans.models import Action, ActionPlan, KeyOutcome, Lead
from actionplans.services import action_close
from actionplans.setup import (
    SECTION_TITLE_TAKEN,
    SELECT_PLAN_SECTION,
    key_outcome_add,
    key_outcome_edit,
    plan_create,
    plan_meanings_set,
    section_add,
    section_edit,
    select_objective,
)
from strategies.models import CarePrinciple, ChangeRecord, Objective
from strategies.setup import (
    ENTER_END_YEAR,
    STRATEGY_TITLE_TAKEN,
    objective_add,
    objective_edit,
    strategy_create,
    strategy_edit,
)
from tests.conftest import build_plan
from tests.strategies.test_strategy_setup import FIELDS

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

HOUR = datetime.timedelta(hours=1)


def recorded(obj) -> ChangeRecord:
    return ChangeRecord.objects.for_object(obj).order_by("pk").last()


def test_every_set_up_change_is_recorded_with_who_made_it(council, owner):
    plan = build_plan(council)
    strategy = plan.strategy
    outcome = KeyOutcome.objects.get(plan=plan)
    action = Action.objects.filter(plan=plan).first()

    made = [
        strategy_edit(strategy=strategy, changed_by=owner, **FIELDS),
        objective_add(strategy=strategy, added_by=owner, title="Be healthy"),
        plan_meanings_set(plan=plan, changed_by=owner, red_means="Stuck"),
        section_add(plan=plan, added_by=owner, title="Health"),
        key_outcome_add(plan=plan, added_by=owner, title="Every child is registered"),
        key_outcome_edit(key_outcome=outcome, changed_by=owner, title="Care leavers housed"),
        action_edit(
            action=action, changed_by=owner, description="Find flats", reference="", leads=[]
        ),
    ]
    objective = Objective.objects.get(strategy=strategy, title="Be healthy")
    made.append(objective_edit(objective=objective, changed_by=owner, title="Stay healthy"))
    section = made[3]
    made.append(section_edit(section=section, changed_by=owner, title="Health and wellbeing"))

    assert [recorded(obj).actor for obj in made] == [owner] * len(made)
    assert set(ChangeRecord.objects.values_list("actor", flat=True)) == {owner.pk}
    # A meaning not given is left undefined.
    assert (made[2].red_means, made[2].amber_means, made[2].green_means) == ("Stuck", "", "")
    assert recorded(section).changes == {"title": ["Health", "Health and wellbeing"]}
    assert ChangeRecord.objects.for_object(section).order_by("pk").first().changes == {
        "title": [None, "Health"]
    }
    assert ChangeRecord.objects.for_object(made[4]).get().changes == {
        "title": [None, "Every child is registered"]
    }


def test_a_new_plan_is_recorded_with_its_title(council, owner):
    strategy = build_plan(council).strategy

    plan = plan_create(strategy=strategy, created_by=owner, title="Plan for 2027")

    record = recorded(plan)
    assert (record.actor, record.changes) == (owner, {"title": [None, "Plan for 2027"]})


def test_a_new_strategy_is_not_a_demonstration_unless_asked(council, owner):
    strategy = strategy_create(organisation=council, created_by=owner, **FIELDS)

    assert strategy.is_demo is False
    shown = FIELDS | {"title": "Shown to visitors"}
    assert strategy_create(organisation=council, created_by=owner, is_demo=True, **shown).is_demo


def test_a_taken_strategy_title_is_refused_on_the_title(council, owner):
    strategy_create(organisation=council, created_by=owner, **FIELDS)

    with pytest.raises(ValidationError) as refused:
        strategy_create(organisation=council, created_by=owner, **FIELDS)

    taken = STRATEGY_TITLE_TAKEN.format(council=council.name, title=FIELDS["title"])
    assert refused.value.message_dict == {"title": [taken]}


def test_a_name_is_kept_once_per_strategy_or_plan_not_across_the_council(council, owner):
    """Two plans of one council may have sections, and actions references, alike; two
    strategies may have plans alike; a section or action keeps its own name when edited."""
    first, second = build_plan(council), build_plan(council)
    plan_create(strategy=first.strategy, created_by=owner, title="Plan for 2027")
    plan_create(strategy=second.strategy, created_by=owner, title="Plan for 2027")
    health = section_add(plan=first, added_by=owner, title="Health")
    section_add(plan=second, added_by=owner, title="Health")
    for plan in (first, second):
        outcome = KeyOutcome.objects.get(plan=plan)
        action_add(key_outcome=outcome, added_by=owner, description="Find flats", reference="4.3")

    kept = section_edit(section=health, changed_by=owner, title="Health")
    action = Action.objects.get(plan=first, reference="4.3")
    same = action_edit(
        action=action, changed_by=owner, description="Find more flats", reference="4.3", leads=[]
    )

    assert (kept.title, same.reference, same.description) == ("Health", "4.3", "Find more flats")
    with pytest.raises(ValidationError) as refused:
        section_add(plan=first, added_by=owner, title="health")
    assert refused.value.message_dict == {"title": [SECTION_TITLE_TAKEN.format(title="health")]}
    outcome = KeyOutcome.objects.get(plan=first)
    with pytest.raises(ValidationError) as refused:
        action_add(key_outcome=outcome, added_by=owner, description="Again", reference="4.3")
    assert refused.value.message_dict == {"reference": [REFERENCE_TAKEN.format(reference="4.3")]}


def test_reordering_down_swaps_the_numbers_and_records_the_moment_it_saved(owner, plan):
    first, second, third = plan.actions.order_by("number")

    action_reorder(action=second, moved_by=owner, up=False)

    rows = list(plan.actions.order_by("number").values_list("pk", "number"))
    assert rows == [(first.pk, 1), (third.pk, 2), (second.pk, 3)]
    second.refresh_from_db()
    record = recorded(second)
    assert (record.summary, record.changes) == (
        "Action moved down in key outcome 1",
        {"number": [2, 3]},
    )
    assert record.at == second.updated_at


def test_a_move_is_refused_on_the_key_outcome_and_recorded_at_the_moment_it_saved(
    council, owner, plan
):
    action = plan.actions.order_by("number").first()
    elsewhere = build_plan(council, actions=0).key_outcomes.get()
    here = action.key_outcome

    for key_outcome, words in ((elsewhere, SELECT_KEY_OUTCOME), (here, ALREADY_THERE)):
        with pytest.raises(ValidationError) as refused:
            action_move(action=action, moved_by=owner, key_outcome=key_outcome)
        assert refused.value.message_dict == {"key_outcome": [words]}
    heard = KeyOutcome.objects.create(plan=plan, number=2, title="Care leavers are heard")
    moved = action_move(action=action, moved_by=owner, key_outcome=heard)

    assert recorded(moved).at == moved.updated_at


def test_an_edit_is_recorded_at_the_moment_it_saved_and_a_retired_action_refused(owner, plan):
    action = plan.actions.order_by("number").first()

    edited = action_edit(
        action=action, changed_by=owner, description="Find flats", reference="", leads=[]
    )

    assert recorded(edited).at == edited.updated_at
    action_close(action=edited, closed_by=None, reason="Merged into another action")
    with pytest.raises(ValidationError) as refused:
        action_edit(action=edited, changed_by=owner, description="Again", reference="", leads=[])
    assert refused.value.messages == [NOT_OPEN]


def test_the_first_of_each_part_is_numbered_1_and_the_next_2(council, owner):
    build_plan(council)  # parts of another plan first: their ids are not the new ones' numbers
    strategy = strategy_create(organisation=council, created_by=owner, **FIELDS)
    plan = plan_create(strategy=strategy, created_by=owner, title="Plan for 2027")

    objectives = [objective_add(strategy=strategy, added_by=owner, title=t) for t in "AB"]
    sections = [section_add(plan=plan, added_by=owner, title=t) for t in "AB"]
    outcomes = [key_outcome_add(plan=plan, added_by=owner, title=t) for t in "AB"]

    for made in (objectives, sections, outcomes):
        assert [part.number for part in made] == [1, 2]
    # An aim not given is none; editing without one leaves none.
    assert objectives[0].aim == ""
    edited = objective_edit(objective=objectives[0], changed_by=owner, title="A again")
    assert edited.aim == ""


def test_the_principles_an_objective_or_action_serves_are_recorded_by_number(council, owner, plan):
    principles = [
        CarePrinciple.objects.get_or_create(
            number=number, defaults={"text": f"Principle {number}"}
        )[0]
        for number in (1, 4)
    ]
    objective = objective_add(
        strategy=plan.strategy, added_by=owner, title="Be heard", principles=principles[:1]
    )
    outcome = KeyOutcome.objects.get(plan=plan)

    objective_edit(objective=objective, changed_by=owner, title="Be heard", principles=principles)
    action = action_add(
        key_outcome=outcome, added_by=owner, description="Ask them", principles=principles
    )

    assert recorded(objective).changes == {"care_principles": [[1], [1, 4]]}
    assert recorded(action).changes["care_principles"] == [None, [1, 4]]


def test_a_plan_changed_in_set_up_shows_when_it_was_last_changed(council, owner, plan):
    ActionPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now() - HOUR)
    before = ActionPlan.objects.get(pk=plan.pk).updated_at

    plan_meanings_set(plan=plan, changed_by=owner, green_means="On track")

    assert ActionPlan.objects.get(pk=plan.pk).updated_at > before


def test_a_strategy_with_only_its_end_year_wrong_is_refused_on_that_alone(council, owner):
    with pytest.raises(ValidationError) as refused:
        strategy_create(
            organisation=council, created_by=owner, **FIELDS | {"period_end_year": None}
        )

    assert refused.value.message_dict == {"period_end_year": [ENTER_END_YEAR]}


def test_a_retired_lead_stays_with_its_action_and_no_other_retired_lead_bars_a_change(
    council, owner, plan
):
    action = plan.actions.order_by("number").first()
    kept = action.leads.get()
    Lead.objects.filter(pk=kept.pk).update(retired_at=timezone.now())
    Lead.objects.create(organisation=council, name="Old team", retired_at=timezone.now())
    active = Lead.objects.create(organisation=council, name="Virtual School")

    edited = action_edit(
        action=action, changed_by=owner, description="Find flats", reference="", leads=[kept]
    )
    added = action_add(
        key_outcome=action.key_outcome, added_by=owner, description="New", leads=[active]
    )

    assert list(edited.leads.all()) == [kept] and list(added.leads.all()) == [active]
    assert kept in council_leads(council, edited) and kept not in council_leads(council, added)


def test_an_edit_is_refused_a_reference_or_section_title_taken_in_its_plan(owner, plan):
    first, second, _ = plan.actions.order_by("number")
    action_edit(action=first, changed_by=owner, description="One", reference="4.3", leads=[])
    health = section_add(plan=plan, added_by=owner, title="Health")

    with pytest.raises(ValidationError) as refused:
        action_edit(action=second, changed_by=owner, description="Two", reference="4.3", leads=[])
    assert refused.value.message_dict == {"reference": [REFERENCE_TAKEN.format(reference="4.3")]}
    with pytest.raises(ValidationError) as refused:
        section_edit(section=health, changed_by=owner, title="care leavers")
    assert refused.value.message_dict == {
        "title": [SECTION_TITLE_TAKEN.format(title="care leavers")]
    }


def test_a_key_outcome_of_another_plans_section_or_strategys_objective_is_refused(
    council, owner, plan
):
    other = build_plan(council)
    section = other.sections.get()
    objective = Objective.objects.get(strategy=other.strategy)

    with pytest.raises(ValidationError) as refused:
        key_outcome_add(plan=plan, added_by=owner, title="Homes", section=section)
    assert refused.value.message_dict == {"section": [SELECT_PLAN_SECTION]}
    with pytest.raises(ValidationError) as refused:
        key_outcome_add(plan=plan, added_by=owner, title="Homes", objective=objective)
    assert refused.value.message_dict == {"objective": [select_objective(plan.strategy)]}


def test_an_edit_of_the_principles_is_named_in_its_summary(owner, plan):
    principle = CarePrinciple.objects.get_or_create(number=2, defaults={"text": "Principle 2"})[0]
    action = plan.actions.order_by("number").first()

    edited = action_edit(
        action=action,
        changed_by=owner,
        description=action.description,
        reference="",
        leads=action.leads.all(),
        principles=[principle],
    )

    assert recorded(edited).summary == f"Action {edited.label} changed: principles"
