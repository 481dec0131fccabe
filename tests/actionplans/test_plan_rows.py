"""How pages read actions, each in a fixed number of queries: plan order, the newest
update, leads by name and on one line, a form's list of actions, the action page's
timeline, and the search. The rules themselves (overdue, not updated, the periods, RAG
counts) are tests/actionplans/test_rules.py."""

from __future__ import annotations

import pytest

from actionplans.models import (
    Action,
    DeadlineChange,
    KeyOutcome,
    Lead,
    ProgressUpdate,
    Rag,
)
from strategies.models import CouncilRole
from tests.actionplans.test_rules import DAY, TODAY, at, update
from tests.conftest import build_period, build_plan


@pytest.mark.django_db
@pytest.mark.sqlite
def test_the_plan_table_shows_the_newest_update_and_of_two_at_once_the_later_written(plan):
    action = plan.actions.first()
    update(action, at(TODAY), "first of two at once")
    newest = update(action, at(TODAY), "second of two at once")
    update(action, at(TODAY - DAY), "written last, about yesterday")

    read = plan.actions.for_plan_page().get(pk=action.pk)

    assert read.latest_update == newest


@pytest.mark.django_db
@pytest.mark.sqlite
def test_the_plan_tables_newest_update_reads_as_the_row_it_is(plan, django_assert_num_queries):
    action = plan.actions.first()
    update(action, at(TODAY - DAY), "older")
    newest = ProgressUpdate.objects.create(
        action=action, narrative="Line one\nline two", rag=Rag.RED, created_at=at(TODAY)
    )
    other = plan.actions.exclude(pk=action.pk).first()

    rows = {
        row.pk: row for row in plan.actions.for_plan_page().filter(pk__in=[action.pk, other.pk])
    }

    with django_assert_num_queries(0):
        read = rows[action.pk].latest_update
        assert (read.pk, read.action_id) == (newest.pk, action.pk)
        assert (read.narrative, read.created_at) == (newest.narrative, newest.created_at)
        assert rows[other.pk].latest_update is None
    assert read.rag == Rag.RED  # a field the row did not read: loaded, not a default


@pytest.mark.django_db
@pytest.mark.sqlite
def test_a_forms_list_of_actions_runs_by_plan_title_outcome_and_number_in_one_query(
    django_assert_num_queries, council
):
    second, first = (
        build_plan(council, title="B plan", actions=2),
        build_plan(council, title="A plan"),
    )
    outcome = first.key_outcomes.get()
    earlier_outcome = KeyOutcome.objects.create(
        plan=first,
        number=0,
        title="Children are safe",
        section=outcome.section,
        objective=outcome.objective,
    )
    Action.objects.create(plan=first, key_outcome=earlier_outcome, number=9, description="0.9")
    twin = build_plan(council, title="B plan", actions=1)
    plans = [first, second, twin]

    with django_assert_num_queries(1):
        labels = [
            (
                action.plan.title,
                action.key_outcome.number,
                action.number,
                action.plan.strategy.organisation_id,
            )
            for action in Action.objects.filter(plan__in=plans).for_choices()
        ]
    order = [action.pk for action in Action.objects.filter(plan__in=plans).for_choices()]

    assert labels == [
        ("A plan", 0, 9, council.pk),
        ("A plan", 1, 1, council.pk),
        ("A plan", 1, 2, council.pk),
        ("A plan", 1, 3, council.pk),
        ("B plan", 1, 1, council.pk),
        ("B plan", 1, 1, council.pk),
        ("B plan", 1, 2, council.pk),
    ]
    assert order[4:6] == sorted(order[4:6]), "two plans of one title: the older first"


@pytest.mark.django_db
@pytest.mark.sqlite
def test_the_action_page_reads_its_timeline_newest_first_in_five_queries(
    django_assert_num_queries, plan, owner
):
    action = plan.actions.first()
    period = build_period(plan)
    update(action, at(TODAY), "first of two at once", author=owner, period=period)
    update(action, at(TODAY), "second of two at once", author=owner)
    update(action, at(TODAY - DAY), "written last, about yesterday")
    for reason, when in [
        ("first at once", TODAY),
        ("second at once", TODAY),
        ("late", TODAY - DAY),
    ]:
        DeadlineChange.objects.create(
            action=action,
            reason=reason,
            changed_at=at(when),
            changed_by=owner,
            old_text="June 2026",
        )

    # The action with its plan and outcome, its leads, the actions carried from it, its
    # updates and its deadline changes.
    with django_assert_num_queries(5):
        read = Action.objects.for_action_page().get(pk=action.pk)
        outline = (
            read.plan.strategy.organisation_id,
            read.key_outcome.section.title,
            read.key_outcome.objective.title,
            [lead.name for lead in read.leads.all()],
        )
        updates = [(u.narrative, u.author, u.period) for u in read.updates.all()]
        changes = [(c.reason, c.changed_by) for c in read.deadline_changes.all()]

    assert outline[1:3] == ("Care leavers", "Stay safe")
    assert updates == [
        ("second of two at once", owner, None),
        ("first of two at once", owner, period),
        ("written last, about yesterday", None, None),
    ]
    assert changes == [("second at once", owner), ("first at once", owner), ("late", owner)]


@pytest.mark.django_db
@pytest.mark.sqlite
def test_every_page_lists_an_actions_leads_by_name(plan, council, officer):
    action = plan.actions.first()
    action.leads.add(
        Lead.objects.create(organisation=council, name="Virtual School"),
        Lead.objects.create(organisation=council, name="Children's Social Care"),
    )
    for lead in action.leads.all():
        lead.officers.add(officer)
    expected = sorted(lead.name for lead in action.leads.all())

    pages = {
        "plan table": Action.objects.for_plan_page(),
        "action page": Action.objects.for_action_page(),
        "my actions": Action.objects.for_my_actions(
            officer, on=TODAY, roles=[CouncilRole.objects.get(user=officer).role]
        ),
    }
    for page, actions in pages.items():
        assert [lead.name for lead in actions.get(pk=action.pk).leads.all()] == expected, page


@pytest.mark.django_db
@pytest.mark.sqlite
def test_the_plan_tables_rows_run_by_key_outcome_then_number(plan):
    first_outcome = plan.key_outcomes.get()
    second_outcome = KeyOutcome.objects.create(plan=plan, number=2, title="Care leavers work")
    # Written out of order, so that neither the order of writing nor the number alone gives it.
    for outcome, number in [(second_outcome, 2), (second_outcome, 1), (first_outcome, 4)]:
        Action.objects.create(
            plan=plan, key_outcome=outcome, number=number, description=f"{outcome.number}.{number}"
        )

    rows = Action.objects.filter(plan=plan).for_plan_page()

    assert [(row.key_outcome.number, row.number) for row in rows] == [
        (1, 1),
        (1, 2),
        (1, 3),
        (1, 4),
        (2, 1),
        (2, 2),
    ]


@pytest.mark.django_db
@pytest.mark.sqlite
def test_matching_finds_every_word_in_the_wording_reference_outcome_or_leads(plan, council):
    """The plan table's search and the pickers' narrowing: each word somewhere, a reference
    whole, and only the first ten words."""
    first, second, third = plan.actions.order_by("number")
    Action.objects.filter(pk=first.pk).update(reference="4.3", description="Open two flats")
    Action.objects.filter(pk=second.pk).update(description="Train carers")
    second_outcome = KeyOutcome.objects.create(plan=plan, number=2, title="Care leavers work")
    Action.objects.filter(pk=third.pk).update(key_outcome=second_outcome)
    second.leads.set([Lead.objects.create(organisation=council, name="Virtual School")])

    def found(text):
        return sorted(action.pk for action in plan.actions.matching(text))

    assert found("4.3") == [first.pk] and found("4.") == []
    assert found("flats open") == [first.pk]
    assert found("work") == [third.pk]
    assert found("virtual carers") == [second.pk]
    assert found("home") == sorted([first.pk, second.pk])  # "Care leavers have a home"
    assert found("flats " * 10 + "unmatched") == [first.pk]


@pytest.mark.django_db
@pytest.mark.sqlite
def test_matching_reads_the_plans_lead_words_in_any_case_and_its_symbols_as_written(plan):
    """The search reads the capitals the database keeps (Action.search_text): the plan's own
    words for the lead as well as the wording, a word never joined across the two, and a
    % or _ in a word is that character, not a wildcard."""
    first, second, third = plan.actions.order_by("number")
    Action.objects.filter(pk=first.pk).update(description="Open flats", leads_text="Tenancy team")
    Action.objects.filter(pk=second.pk).update(description="Reach 100% of leavers")
    Action.objects.filter(pk=third.pk).update(description="Review the pathway_plan form")

    def found(text):
        return sorted(action.pk for action in plan.actions.matching(text))

    assert found("TENANCY") == found("tenancy") == [first.pk]
    assert found("flatstenancy") == [] and found("flats tenancy") == [first.pk]
    assert found("100%") == [second.pk] and found("1%") == []
    assert found("pathway_plan") == [third.pk] and found("pathway_") == [third.pk]
    assert found("y_p") == [third.pk] and found("a_h") == []
    # Kept by the database: a change to the words is searched at once, however it was made.
    Action.objects.filter(pk=first.pk).update(leads_text="Leaving care team")
    assert found("tenancy") == [] and found("leaving care") == [first.pk]


@pytest.mark.django_db
@pytest.mark.sqlite
def test_an_actions_leads_line_names_its_leads_in_order_or_the_plans_words(council):
    """What the downloads, the pack and the exceptions print as an action's leads."""
    plan = build_plan(council, actions=3)
    two, none, nothing = plan.actions.order_by("number")
    two.leads.set(
        [
            Lead.objects.create(organisation=council, name="Virtual School"),
            Lead.objects.create(organisation=council, name="Leaving Care Team"),
        ]
    )
    none.leads.clear()
    Action.objects.filter(pk=none.pk).update(leads_text="Director of Children's Services")
    nothing.leads.clear()

    lines = {
        action.pk: action.leads_line
        for action in Action.objects.of_plan(plan).for_plan_page().order_by("number")
    }

    assert lines == {
        two.pk: "Leaving Care Team; Virtual School",
        none.pk: "Director of Children's Services",
        nothing.pk: "",
    }
