"""Plan owners and administrators set up a plan under a strategy, write what its ratings mean,
and add and change its sections and key outcomes (each optionally under an objective). Each
change is recorded; another plan's section or another strategy's objective is refused. Who may
reach each page is tests/test_url_access.py's."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from actionplans.models import ActionPlan, KeyOutcome, PlanSection, Rag
from actionplans.ratings import rating_warnings
from actionplans.setup import (
    key_outcome_add,
    key_outcome_edit,
    plan_create,
    plan_edit,
    plan_meanings_set,
    section_add,
    section_edit,
)
from strategies.models import ChangeRecord, Objective
from tests.conftest import build_plan, build_strategy
from tests.test_hostile_input import CORPUS, NEVER

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def url(name: str, pk: int | None = None) -> str:
    return reverse(f"actionplans:{name}", kwargs={"org": "testshire"} | ({"pk": pk} if pk else {}))


def test_a_plan_owner_sets_up_a_plan_under_a_strategy_and_lands_on_its_setup_page(
    client, council, owner
):
    strategy = build_strategy(council)
    client.force_login(owner)

    answer = client.post(
        url("plan-create", strategy.pk), {"title": "Action plan 2026-27", "cadence": "quarterly"}
    )

    plan = ActionPlan.objects.get(strategy=strategy)
    assert answer["Location"] == url("plan-setup", plan.pk)
    # The cadence is the reporting cycle's to set, with the periods it makes: a cadence posted
    # here is not read, so no plan has a cadence without its periods.
    assert (plan.title, plan.cadence) == ("Action plan 2026-27", "")
    assert not plan.periods.exists()
    record = ChangeRecord.objects.for_object(plan).get()
    assert (record.actor, record.summary) == (
        owner,
        f"Plan Action plan 2026-27 set up under {strategy.title}",
    )
    page = client.get(answer["Location"]).content.decode()
    assert "Plan Action plan 2026-27 set up" in page
    assert "This plan has no key outcomes yet" in page
    again = client.post(url("plan-create", strategy.pk), {"title": "action plan 2026-27"})
    assert "This strategy already has a plan called" in again.content.decode()
    empty = client.post(url("plan-create", strategy.pk), {"title": " "})
    assert "Enter the plan&#x27;s title" in empty.content.decode()


def test_what_the_ratings_mean_is_written_in_the_app_and_read_by_the_update_form_and_warnings(
    client, council, owner, plan
):
    client.force_login(owner)
    answer = client.post(
        url("plan-meanings", plan.pk),
        {"red_means": "Off track", "green_means": " On track \x00", "blue_means": "Done"},
    )
    assert answer.status_code == 302

    plan.refresh_from_db()
    assert plan.rag_definitions() == [
        ("red", "Red", "Off track"),
        ("green", "Green", "On track"),
        ("blue", "Blue (complete)", "Done"),
    ]
    record = ChangeRecord.objects.for_object(plan).get()
    assert record.changes["green_means"] == ["", "On track"]
    action = plan.actions.first()
    form = client.get(url("update-create", action.pk)).content.decode()
    assert "Off track" in form and "On track" in form
    action = plan.actions.select_related("plan").first()
    after_its_deadline = action.deadline.replace(year=action.deadline.year + 1)
    warned = rating_warnings(action, rag=Rag.GREEN, complete=False, today=after_its_deadline)
    assert 'The plan says Green means "On track"' in warned[0].message
    setup = client.get(url("plan-setup", plan.pk)).content.decode()
    assert "Off track" in setup and "Not written yet" in setup


def test_a_meaning_of_no_colour_is_refused_to_the_caller_and_nothing_is_emptied(owner, plan):
    plan_meanings_set(plan=plan, changed_by=owner, red_means="Off track")

    with pytest.raises(TypeError, match=r"unknown meanings: purple_means, red$"):
        plan_meanings_set(plan=plan, changed_by=owner, red="Late", purple_means="?")

    plan.refresh_from_db()
    assert plan.red_means == "Off track"


def test_sections_are_numbered_after_the_last_and_a_title_is_kept_once_per_plan(council, owner):
    plan = build_plan(council, actions=0)
    added = section_add(plan=plan, added_by=owner, title="Health")
    assert added.number == 2
    with pytest.raises(ValidationError) as refused:
        section_add(plan=plan, added_by=owner, title="care LEAVERS")
    assert refused.value.message_dict == {
        "title": ["This plan already has a section called \u201ccare LEAVERS\u201d"]
    }
    section_edit(section=added, changed_by=owner, title="Health and wellbeing")
    assert ChangeRecord.objects.for_object(added).first().changes == {
        "title": ["Health", "Health and wellbeing"]
    }


def test_a_key_outcome_goes_in_a_section_of_its_plan_under_an_objective_of_its_strategy(
    client, council, owner
):
    plan = build_plan(council, actions=0)
    other = build_plan(council, actions=0)
    section = plan.sections.get()
    objective = plan.strategy.objectives.get()
    client.force_login(owner)

    page = client.get(url("key-outcome-create", plan.pk)).content.decode()
    assert "Care leavers" in page and "Objective it serves" in page and "No section" in page
    answer = client.post(
        url("key-outcome-create", plan.pk),
        {"title": "Young people are heard", "section": section.pk, "objective": objective.pk},
    )
    added = KeyOutcome.objects.get(title="Young people are heard")
    assert (answer.status_code, added.number, added.section, added.objective) == (
        302,
        2,
        section,
        objective,
    )

    elsewhere = {
        "section": other.sections.get().pk,
        "objective": other.strategy.objectives.get().pk,
    }
    refused = client.post(url("key-outcome-edit", added.pk), {"title": "x"} | elsewhere)
    refused = refused.content.decode()
    assert "Select a section of this plan" in refused
    assert "Select one of the strategy&#x27;s objectives or none" in refused
    with pytest.raises(ValidationError) as by_service:
        key_outcome_edit(
            key_outcome=added,
            changed_by=owner,
            title="x",
            section=other.sections.get(),
            objective=other.strategy.objectives.get(),
        )
    assert set(by_service.value.message_dict) == {"section", "objective"}

    key_outcome_edit(key_outcome=added, changed_by=owner, title="Young people are heard")
    added.refresh_from_db()
    assert (added.section, added.objective) == (None, None)
    record = ChangeRecord.objects.for_object(added).first()
    assert record.changes == {
        "section": ["Care leavers", None],
        "objective": [str(objective), None],
    }


def test_a_plan_with_no_sections_is_not_asked_for_one(client, council, owner):
    strategy = build_strategy(council)
    plan = plan_create(strategy=strategy, created_by=owner, title="Bare")
    client.force_login(owner)

    page = client.get(url("key-outcome-create", plan.pk)).content.decode()

    assert "No section" not in page and "it serves" not in page
    assert client.post(url("key-outcome-create", plan.pk), {"title": "Homes"}).status_code == 302


@pytest.mark.parametrize("persona", ["officer", "board", "viewer", "outsider"])
def test_the_services_refuse_anyone_but_the_councils_plan_keepers(council, personas, persona):
    plan = build_plan(council, actions=0)
    actor = personas[persona]
    calls = [
        lambda: plan_create(strategy=plan.strategy, created_by=actor, title="Another"),
        lambda: plan_edit(plan=plan, changed_by=actor, title="Renamed"),
        lambda: plan_meanings_set(plan=plan, changed_by=actor, red_means="Late"),
        lambda: section_add(plan=plan, added_by=actor, title="Health"),
        lambda: section_edit(section=plan.sections.get(), changed_by=actor, title="Health"),
        lambda: key_outcome_add(plan=plan, added_by=actor, title="Homes"),
        lambda: key_outcome_edit(
            key_outcome=plan.key_outcomes.get(), changed_by=actor, title="Homes"
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert not ChangeRecord.objects.exists()
    assert (ActionPlan.objects.count(), PlanSection.objects.count()) == (1, 1)


def test_the_plan_page_offers_set_up_to_plan_keepers_only_even_when_kept(
    client, council, personas, plan, settings
):
    settings.PLEDGE_PAGE_CACHE_SECONDS = 300
    setup = url("plan-setup", plan.pk)
    for role, offered in [("board", False), ("owner", True), ("viewer", False), ("admin", True)]:
        client.force_login(personas[role])
        page = client.get(url("plan-detail", plan.pk)).content.decode()
        assert (setup in page) is offered, role
        assert plan.title in page


def test_the_strategy_page_offers_a_new_plan_to_plan_keepers(client, council, personas, plan):
    create = url("plan-create", plan.strategy_id)
    strategy_page = reverse(
        "strategies:strategy-detail", kwargs={"org": "testshire", "pk": plan.strategy_id}
    )
    for role, offered in [("owner", True), ("officer", False)]:
        client.force_login(personas[role])
        assert (create in client.get(strategy_page).content.decode()) is offered


def test_objectives_of_a_strategy_are_offered_by_the_strategys_own_label(client, council, owner):
    strategy = build_strategy(council, objective_label="Priority")
    Objective.objects.create(strategy=strategy, number=1, title="Health")
    plan = plan_create(strategy=strategy, created_by=owner, title="Plan")
    client.force_login(owner)

    page = client.get(url("key-outcome-create", plan.pk)).content.decode()

    assert "Priority it serves" in page


@pytest.mark.parametrize("name", ["script", "img", "quotes", "template-variable"])
def test_hostile_names_of_a_plan_its_parts_and_leads_are_shown_escaped(
    client, council, owner, name
):
    text = CORPUS[name]
    strategy = build_strategy(council)
    client.force_login(owner)
    created = client.post(url("plan-create", strategy.pk), {"title": f"plan: {text}"})
    assert created.status_code == 302, created.content[:2000]
    plan = ActionPlan.objects.get()
    for name_of, data in [
        ("section-create", {"title": f"section: {text}"}),
        ("key-outcome-create", {"title": f"outcome: {text}"}),
        ("plan-meanings", {"red_means": f"red: {text}"}),
    ]:
        assert client.post(url(name_of, plan.pk), data).status_code == 302, name_of
    assert (
        client.post(url("lead-create"), {"name": f"lead: {text}", "kind": "team"}).status_code
        == 302
    )

    pages = [url("plan-setup", plan.pk), url("plan-detail", plan.pk), url("lead-list")]
    shown = "".join(client.get(page).content.decode() for page in pages)
    for bad in NEVER:
        assert bad not in shown, bad
    for field in ("plan", "section", "outcome", "red", "lead"):
        assert escape(f"{field}: {text}") in shown, field


def test_a_plan_is_renamed_with_the_change_recorded_and_a_title_kept_once_per_strategy(
    council, owner
):
    plan = build_plan(council, actions=0)
    other = plan_create(strategy=plan.strategy, created_by=owner, title="Health plan")
    old_title = plan.title

    renamed = plan_edit(plan=plan, changed_by=owner, title="  Homes plan ")

    plan.refresh_from_db()
    assert plan.title == renamed.title == "Homes plan"
    record = ChangeRecord.objects.for_object(plan).get()
    assert (record.actor, record.summary, record.changes) == (
        owner,
        "Plan Homes plan changed",
        {"title": [old_title, "Homes plan"]},
    )
    plan_edit(plan=plan, changed_by=owner, title="HOMES plan")  # its own title, in other case
    plan_edit(plan=plan, changed_by=owner, title="HOMES plan")  # unchanged: nothing recorded
    assert ChangeRecord.objects.for_object(plan).count() == 2
    with pytest.raises(ValidationError) as refused:
        plan_edit(plan=other, changed_by=owner, title="homes PLAN")
    assert refused.value.message_dict == {
        "title": ["This strategy already has a plan called \u201chomes PLAN\u201d"]
    }


def test_the_set_up_services_word_each_refusal_on_its_own_field(council, owner):
    plan = build_plan(council, actions=0)

    def refusal(call) -> dict:
        with pytest.raises(ValidationError) as refused:
            call()
        return refused.value.message_dict

    assert refusal(lambda: plan_create(strategy=plan.strategy, created_by=owner, title="")) == {
        "title": ["Enter the plan's title"]
    }
    assert refusal(lambda: plan_edit(plan=plan, changed_by=owner, title="T" * 301)) == {
        "title": ["The title must be 300 characters or fewer"]
    }
    long_meanings = {f"{colour}_means": "M" * 1001 for colour in ("red", "amber", "green", "blue")}
    assert refusal(lambda: plan_meanings_set(plan=plan, changed_by=owner, **long_meanings)) == {
        "red_means": ["What Red means must be 1,000 characters or fewer"],
        "amber_means": ["What Amber means must be 1,000 characters or fewer"],
        "green_means": ["What Green means must be 1,000 characters or fewer"],
        "blue_means": ["What Blue means must be 1,000 characters or fewer"],
    }
    assert refusal(lambda: section_add(plan=plan, added_by=owner, title=" ")) == {
        "title": ["Enter the section's title"]
    }
    section = plan.sections.get()
    assert refusal(lambda: section_edit(section=section, changed_by=owner, title="S" * 201)) == {
        "title": ["The title must be 200 characters or fewer"]
    }
    assert refusal(lambda: key_outcome_add(plan=plan, added_by=owner, title="")) == {
        "title": ["Enter the key outcome"]
    }
    key_outcome = plan.key_outcomes.get()
    assert refusal(
        lambda: key_outcome_edit(key_outcome=key_outcome, changed_by=owner, title="K" * 301)
    ) == {"title": ["The key outcome must be 300 characters or fewer"]}
    assert ChangeRecord.objects.count() == 0


def test_at_their_limits_a_plans_parts_are_kept(council, owner):
    plan = build_plan(council, actions=0)

    plan_edit(plan=plan, changed_by=owner, title="T" * 300)
    plan_meanings_set(plan=plan, changed_by=owner, red_means="M" * 1000)
    section_edit(section=plan.sections.get(), changed_by=owner, title="S" * 200)
    key_outcome_edit(key_outcome=plan.key_outcomes.get(), changed_by=owner, title="K" * 300)

    plan.refresh_from_db()
    assert (len(plan.title), len(plan.red_means)) == (300, 1000)
    assert len(plan.sections.get().title) == 200
    assert len(plan.key_outcomes.get().title) == 300
