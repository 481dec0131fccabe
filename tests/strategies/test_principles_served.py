"""Objectives and actions are linked to the seven corporate parenting principles, and the
strategy's page shows, per principle, what serves it, with a principle nothing serves flagged."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.action_setup import action_add, action_edit
from strategies.models import CarePrinciple, ChangeRecord
from strategies.setup import objective_add, objective_edit

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

SEVEN = [
    "to act in the best interests, and promote the physical and mental health and well-being, "
    "of those children and young people",
    "to encourage those children and young people to express their views, wishes and feelings",
    "to take into account the views, wishes and feelings of those children and young people",
    "to help those children and young people gain access to, and make the best use of, "
    "services provided by the local authority and its relevant partners",
    "to promote high aspirations, and seek to secure the best outcomes, for those children "
    "and young people",
    "for those children and young people to be safe, and for stability in their home lives, "
    "relationships and education or work",
    "to prepare those children and young people for adulthood and independent living",
]


@pytest.fixture
def principles(db) -> list[CarePrinciple]:
    return [
        CarePrinciple.objects.create(number=number, text=text)
        for number, text in enumerate(SEVEN, start=1)
    ]


def strategy_page(client, strategy) -> str:
    url = reverse("strategies:strategy-detail", kwargs={"org": "testshire", "pk": strategy.pk})
    return client.get(url).content.decode()


def test_the_strategy_page_shows_what_serves_each_principle_and_flags_the_rest(
    client, owner, plan, principles
):
    strategy = plan.strategy
    voice, safe = principles[1], principles[5]
    objective = objective_add(
        strategy=strategy, added_by=owner, title="Young people are heard", principles=[voice]
    )
    action = plan.actions.order_by("number").first()
    action_edit(
        action=action, changed_by=owner, description=action.description, reference="",
        leads=list(action.leads.all()), principles=[safe, voice],
    )  # fmt: skip
    client.force_login(owner)

    page = strategy_page(client, strategy)

    served = page[page.index("What serves each corporate parenting principle") :]
    voice_part = served[served.index("2. To encourage") : served.index("3. To take")]
    assert "Young people are heard" in voice_part and action.description in voice_part
    safe_part = served[served.index("6. For those") : served.index("7. To prepare")]
    assert action.description in safe_part and "Young people are heard" not in safe_part
    assert served.count("Nothing serves it yet") == 5
    flagged = page[page.index("nothing serves yet") : page.index("What serves each")]
    assert "To encourage" not in flagged and "To prepare those" in flagged
    assert ChangeRecord.objects.for_object(action).first().changes["care_principles"] == [
        [],
        [2, 6],
    ]
    assert ChangeRecord.objects.for_object(objective).get().changes["care_principles"] == [
        None,
        [2],
    ]


def test_principles_are_chosen_on_the_objective_and_action_forms(client, owner, plan, principles):
    objective = plan.strategy.objectives.get()
    client.force_login(owner)
    url = reverse("strategies:objective-edit", kwargs={"org": "testshire", "pk": objective.pk})
    form = client.get(url).content.decode()
    assert "To prepare those children and young people for adulthood" in form

    client.post(url, {"title": objective.title, "principles": [principles[6].pk]})

    assert list(objective.care_principles.all()) == [principles[6]]
    objective_edit(objective=objective, changed_by=owner, title="Renamed")  # None: unchanged
    assert list(objective.care_principles.all()) == [principles[6]]
    create = reverse(
        "actionplans:action-create",
        kwargs={"org": "testshire", "pk": plan.key_outcomes.get().pk},
    )
    added = client.post(
        create, {"description": "Teach budgeting", "principles": [principles[6].pk]}
    )
    assert added.status_code == 302
    assert principles[6].actions.get().description == "Teach budgeting"


def test_the_strategy_page_costs_the_same_queries_however_many_links(
    client, owner, plan, principles
):
    client.force_login(owner)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            strategy_page(client, plan.strategy)
        return len(captured)

    few = count_queries()
    key_outcome = plan.key_outcomes.get()
    for number in range(5):
        objective_add(
            strategy=plan.strategy, added_by=owner, title=f"O{number}", principles=principles
        )
        action_add(
            key_outcome=key_outcome, added_by=owner, description=f"A{number}", principles=principles
        )
    assert count_queries() == few
