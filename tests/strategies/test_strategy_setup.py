"""Plan owners and administrators set up a strategy and its objectives in the app: each change
is recorded with who, when, from what and to what; the refusals are GOV.UK's words on the
field. Who may reach each page is tests/test_url_access.py's."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from strategies.models import ChangeRecord, Objective, Strategy
from strategies.setup import objective_add, objective_edit, strategy_create, strategy_edit
from tests.conftest import build_strategy
from tests.test_hostile_input import CORPUS, NEVER, stored

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

FIELDS = {
    "title": "Our promise 2026 to 2029",
    "summary": "",
    "objective_label": "Priority",
    "period_start_year": 2026,
    "period_end_year": 2029,
    "status": Strategy.Status.DRAFT,
    "decision_maker": "",
    "decision_date": None,
    "decision_reference": "",
}


def url(name: str, **kwargs) -> str:
    return reverse(f"strategies:{name}", kwargs={"org": "testshire"} | kwargs)


def test_a_plan_owner_sets_up_a_strategy_and_lands_on_its_page(client, council, owner):
    client.force_login(owner)

    answer = client.post(
        url("strategy-create"),
        {
            "title": "  Our promise 2026 to 2029 ",
            "objective_label": "Priority",
            "period_start_year": "2026",
            "period_end_year": "2029",
            "status": "draft",
            "decision_maker": "Cabinet",
            "decision_date": "14/3/2026",
        },
    )

    strategy = Strategy.objects.get(organisation=council)
    assert answer.status_code == 302
    assert answer["Location"] == url("strategy-detail", pk=strategy.pk)
    assert (strategy.title, strategy.period_display, strategy.decision_summary) == (
        "Our promise 2026 to 2029",
        "2026 to 2029",
        "Cabinet, 14 March 2026",
    )
    record = ChangeRecord.objects.for_object(strategy).get()
    assert (record.actor, record.changes["title"]) == (owner, [None, "Our promise 2026 to 2029"])
    page = client.get(answer["Location"]).content.decode()
    assert "Strategy Our promise 2026 to 2029 set up" in page
    assert "Add priority" in page


def test_an_empty_strategy_form_names_each_missing_answer(client, council, admin_user):
    client.force_login(admin_user)

    page = client.post(url("strategy-create"), {}).content.decode()

    assert "<title>Error: Set up a strategy" in page
    for message in (
        "Enter the strategy&#x27;s title",
        "Enter the year the strategy starts",
        "Enter the year the strategy ends",
        "Select the strategy&#x27;s status",
    ):
        assert message in page
    assert not Strategy.objects.exists()


def test_a_period_ending_before_it_starts_a_taken_title_and_a_silly_year_are_refused(
    client, council, owner
):
    build_strategy(council, title="Taken")
    client.force_login(owner)

    page = client.post(
        url("strategy-create"),
        {"title": "taken", "period_start_year": "2029", "period_end_year": "2026",
         "status": "draft"},
    ).content.decode()  # fmt: skip
    assert "The year the strategy ends must be the same as or after the year it starts" in page
    assert "Testshire County Council already has a strategy called \u201ctaken\u201d" in page

    posted = FIELDS | {"decision_date": "31/02/2026"}
    page = client.post(url("strategy-create"), posted)
    assert "The date of the decision must be a real date" in page.content.decode()

    page = client.post(
        url("strategy-create"), posted | {"decision_date": "", "period_start_year": "99999"}
    )
    assert "Enter a year from 2000 to 2100, like 2026" in page.content.decode()
    assert Strategy.objects.count() == 1


def test_changing_a_strategy_records_from_what_to_what_and_drops_the_words_of_an_old_date(
    council, owner
):
    strategy = build_strategy(
        council, decision_date=datetime.date(2018, 3, 31), decision_date_text="March 2018"
    )
    fields = {name: getattr(strategy, name) for name in FIELDS}

    strategy_edit(strategy=strategy, changed_by=owner, **fields | {"period_end_year": 2030})
    strategy_edit(
        strategy=strategy, changed_by=owner, **fields | {"decision_date": datetime.date(2018, 4, 2)}
    )

    strategy.refresh_from_db()
    assert (strategy.period_end_year, strategy.decision_when) == (2027, "2 April 2018")
    newest, older = ChangeRecord.objects.for_object(strategy)[:2]
    assert older.changes["period_end_year"] == [2027, 2030]
    assert newest.changes["decision_date_text"] == ["March 2018", ""]
    assert newest.changes["decision_date"] == ["2018-03-31", "2018-04-02"]


def test_saving_a_strategy_unchanged_records_nothing(council, owner):
    strategy = strategy_create(organisation=council, created_by=owner, **FIELDS)
    strategy_edit(strategy=strategy, changed_by=owner, **FIELDS)
    assert ChangeRecord.objects.for_object(strategy).count() == 1


def test_the_edit_page_shows_the_strategy_as_it_is(client, council, owner):
    strategy = build_strategy(council, title="Keep them close", decision_maker="Cabinet")
    client.force_login(owner)

    page = client.get(url("strategy-edit", pk=strategy.pk)).content.decode()

    assert 'value="Keep them close"' in page and 'value="Cabinet"' in page
    assert 'value="2024"' in page and 'value="2027"' in page


def test_objectives_are_numbered_after_the_last_and_changes_to_them_recorded(
    client, council, owner
):
    strategy = build_strategy(council, objective_label="Area of focus")
    Objective.objects.create(strategy=strategy, number=4, title="Stay healthy")
    client.force_login(owner)

    page = client.get(url("objective-create", pk=strategy.pk)).content.decode()
    assert "Add area of focus" in page
    answer = client.post(url("objective-create", pk=strategy.pk), {"title": "Have a home"})

    added = strategy.objectives.get(title="Have a home")
    assert (answer.status_code, added.number) == (302, 5)
    objective_edit(objective=added, changed_by=owner, title="Have a home", aim="Nobody sofa-surfs")
    record = ChangeRecord.objects.for_object(added).first()
    assert (record.summary, record.changes) == (
        f"Area of focus 5 of {strategy.title} changed",
        {"aim": ["", "Nobody sofa-surfs"]},
    )
    refused = client.post(url("objective-edit", pk=added.pk), {"title": " \u200b "})
    assert "Enter the title" in refused.content.decode()


@pytest.mark.parametrize("persona", ["officer", "board", "viewer", "outsider"])
def test_the_services_refuse_anyone_but_the_councils_plan_keepers(council, personas, persona):
    strategy = build_strategy(council)
    objective = Objective.objects.create(strategy=strategy, number=1, title="Stay safe")
    actor = personas[persona]
    with pytest.raises(PermissionDenied):
        strategy_create(organisation=council, created_by=actor, **FIELDS)
    with pytest.raises(PermissionDenied):
        strategy_edit(strategy=strategy, changed_by=actor, **FIELDS)
    with pytest.raises(PermissionDenied):
        objective_add(strategy=strategy, added_by=actor, title="More")
    with pytest.raises(PermissionDenied):
        objective_edit(objective=objective, changed_by=actor, title="Less")
    assert Strategy.objects.count() == 1 and not ChangeRecord.objects.exists()


def test_a_service_refuses_bad_values_even_without_a_form(council, owner):
    with pytest.raises(ValidationError) as refused:
        strategy_create(organisation=council, created_by=owner, **FIELDS | {"status": "lost"})
    assert refused.value.message_dict == {"status": ["Select the strategy's status"]}


def test_only_plan_keepers_are_offered_the_links(client, council, personas, plan):
    strategy = plan.strategy
    objective = strategy.objectives.get()
    links = [
        url("strategy-create"),
        url("strategy-edit", pk=strategy.pk),
        url("objective-create", pk=strategy.pk),
        url("objective-edit", pk=objective.pk),
    ]
    for role, offered in [("owner", True), ("admin", True), ("officer", False), ("board", False)]:
        client.force_login(personas[role])
        pages = client.get(reverse("governance:council-home", kwargs={"org": "testshire"}))
        pages = pages.content.decode() + client.get(url("strategy-detail", pk=strategy.pk)).text
        assert [link in pages for link in links] == [offered] * 4, role


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_text_in_a_strategy_and_its_objectives_is_shown_escaped(
    client, council, owner, name
):
    text = CORPUS[name]
    client.force_login(owner)
    created = client.post(
        url("strategy-create"),
        {"title": f"title: {text}", "summary": f"summary: {text}", "period_start_year": "2026",
         "period_end_year": "2029", "status": "draft", "decision_maker": f"maker: {text}"},
    )  # fmt: skip
    assert created.status_code == 302, created.content[:2000]
    strategy = Strategy.objects.get()
    objective = client.post(
        url("objective-create", pk=strategy.pk), {"title": f"objective: {text}", "aim": text}
    )
    assert objective.status_code == 302

    for page_url in (created["Location"], reverse("governance:council-home", args=["testshire"])):
        page = client.get(page_url).content.decode()
        for bad in NEVER:
            assert bad not in page, (page_url, bad)
    page = client.get(created["Location"]).content.decode()
    for field in ("title", "summary", "maker", "objective"):
        assert escape(stored(field, text)) in page, field


def test_the_services_word_each_refusal_on_its_own_field(council, owner):
    def refusal(**changed) -> dict:
        with pytest.raises(ValidationError) as refused:
            strategy_create(organisation=council, created_by=owner, **FIELDS | changed)
        return refused.value.message_dict

    assert refusal(
        title="T" * 301,
        summary="S" * 2001,
        objective_label="L" * 41,
        decision_maker="D" * 201,
        decision_reference="R" * 101,
        period_start_year=1999,
        period_end_year=2101,
    ) == {
        "title": ["The title must be 300 characters or fewer"],
        "summary": ["The summary must be 2,000 characters or fewer"],
        "objective_label": [
            "What the strategy calls its objectives must be 40 characters or fewer"
        ],
        "decision_maker": ["Who decided must be 200 characters or fewer"],
        "decision_reference": ["The decision's reference must be 100 characters or fewer"],
        "period_start_year": ["Enter a year from 2000 to 2100"],
        "period_end_year": ["Enter a year from 2000 to 2100"],
    }
    assert refusal(title=" \u200b ", period_start_year=None, period_end_year=None) == {
        "title": ["Enter the strategy's title"],
        "period_start_year": ["Enter the year the strategy starts"],
        "period_end_year": ["Enter the year the strategy ends"],
    }
    # A year out of range is named alone: the ends-before-starts check needs both years.
    assert refusal(period_start_year=2101, period_end_year=2026) == {
        "period_start_year": ["Enter a year from 2000 to 2100"]
    }
    assert refusal(period_start_year=2029, period_end_year=2026) == {
        "period_end_year": [
            "The year the strategy ends must be the same as or after the year it starts"
        ]
    }

    with pytest.raises(ValidationError) as refused:
        objective_add(strategy=build_strategy(council), added_by=owner, title="", aim="A" * 2001)
    assert refused.value.message_dict == {
        "title": ["Enter the title"],
        "aim": ["The aim must be 2,000 characters or fewer"],
    }
    with pytest.raises(ValidationError) as refused:
        objective_add(strategy=build_strategy(council), added_by=owner, title="T" * 301)
    assert refused.value.message_dict == {"title": ["The title must be 300 characters or fewer"]}


def test_at_their_limits_a_strategys_values_are_kept(council, other_council, owner):
    build_strategy(other_council, title="Our promise")  # another council's title is no bar
    at_limits = {
        "title": "Our promise",
        "summary": "S" * 2000,
        "objective_label": "",  # none given: its objectives are "Objective"s
        "decision_maker": "D" * 200,
        "decision_reference": "R" * 100,
        "period_start_year": 2100,
        "period_end_year": 2100,  # one year: the same as the start
    }

    strategy = strategy_create(organisation=council, created_by=owner, **FIELDS | at_limits)

    assert (strategy.objective_label, strategy.period_start_year, strategy.period_end_year) == (
        "Objective",
        2100,
        2100,
    )
    long_title = strategy_create(
        organisation=council,
        created_by=owner,
        **FIELDS | {"title": "T" * 300, "period_start_year": 2000},
    )
    assert len(long_title.title) == 300
