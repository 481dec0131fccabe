"""Writing a confirmed preview as a plan (actionplans/importing/writing.py): what it creates,
numbered and recorded as the file ordered it, and each refusal, which writes nothing."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actionplans.importing.reading import preview_file
from actionplans.importing.writing import import_plan
from actionplans.models import Action, ActionPlan, ActionStatus, Lead, ProgressUpdate, Rag
from strategies.models import ChangeRecord, Organisation, Strategy
from tests.conftest import build_strategy

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

PLAN = b"""Section,Key outcome,Action,Lead,By when,Progress,RAG
Care leavers,Homes,Find homes,Housing / Virtual School,March 2027,Going well,Green
Care leavers,Homes,Build flats,Housing,March 2029,,
Care leavers,Jobs,Offer apprenticeships,Skills,,Started,Amber
Health,Checks,Offer annual checks,Nurses,Ongoing,,Complete
"""


def imported(council, owner, data: bytes = PLAN, **fields) -> ActionPlan:
    preview = preview_file(data)
    assert preview.errors == []
    return import_plan(
        organisation=council,
        preview=preview,
        plan_title=fields.pop("plan_title", "Care leavers' plan"),
        file_name="plan.csv",
        data=data,
        actor=owner,
        **fields,
    )


def test_an_imported_plan_is_numbered_from_one_in_the_files_order(council, owner):
    plan = imported(council, owner)

    sections = list(plan.sections.order_by("number").values_list("number", "title"))
    assert sections == [(1, "Care leavers"), (2, "Health")]
    outcomes = plan.key_outcomes.order_by("number").values_list("number", "title", "section__title")
    assert list(outcomes) == [
        (1, "Homes", "Care leavers"),
        (2, "Jobs", "Care leavers"),
        (3, "Checks", "Health"),
    ]
    actions = Action.objects.filter(plan=plan).order_by("key_outcome__number", "number")
    assert [(a.label, a.description) for a in actions] == [
        ("1.1", "Find homes"),
        ("1.2", "Build flats"),
        ("2.1", "Offer apprenticeships"),
        ("3.1", "Offer annual checks"),
    ]
    first = actions[0]
    assert first.leads_text == "Housing / Virtual School"
    assert sorted(first.leads.values_list("name", flat=True)) == ["Housing", "Virtual School"]
    assert [(a.rag, a.status) for a in actions] == [
        (Rag.GREEN, ActionStatus.OPEN),
        (Rag.NOT_RATED, ActionStatus.OPEN),
        (Rag.AMBER, ActionStatus.OPEN),
        (Rag.BLUE, ActionStatus.COMPLETE),
    ]
    assert (plan.strategy.period_start_year, plan.strategy.period_end_year) == (2027, 2029)


def test_every_row_it_writes_names_the_file_and_the_moment_and_the_change_is_recorded(
    council, owner, django_capture_on_commit_callbacks
):
    revision = Organisation.objects.get(pk=council.pk).data_revision
    with django_capture_on_commit_callbacks(execute=True):  # the revision moves on commit
        plan = imported(council, owner)

    source = f"import: plan.csv ({hashlib.sha256(PLAN).hexdigest()[:12]})"
    record = ChangeRecord.objects.for_object(plan).get()
    at = record.at
    assert (record.actor, record.summary) == (owner, "Imported from plan.csv: 4 actions")
    assert record.changes == {
        "file": [None, source],
        "sections": [None, 2],
        "key_outcomes": [None, 3],
        "actions": [None, 4],
        "leads": [None, 4],
        "progress_notes": [None, 2],
        "rag_ratings": [None, 3],
    }
    assert (plan.source, plan.strategy.source) == (source, source)
    assert set(plan.key_outcomes.values_list("source", flat=True)) == {source}
    assert set(Lead.objects.filter(organisation=council).values_list("source", flat=True)) == {
        source
    }
    rows = Action.objects.filter(plan=plan).values_list("source", "created_at", "updated_at")
    assert set(rows) == {(source, at, at)}
    updates = ProgressUpdate.objects.filter(action__plan=plan).order_by("action__number", "pk")
    assert [(u.narrative, u.rag, u.author, u.created_at, u.source) for u in updates] == [
        ("Going well", Rag.GREEN, owner, at, source),
        ("Started", Rag.AMBER, owner, at, source),
    ]
    assert Organisation.objects.get(pk=council.pk).data_revision > revision


def test_a_plan_with_no_dated_deadline_gets_a_strategy_of_this_year(council, owner):
    undated = b"Key outcome,Action,By when\nHomes,Find homes,Ongoing\n"
    plan = imported(council, owner, undated)
    year = timezone.localdate().year
    assert (plan.strategy.period_start_year, plan.strategy.period_end_year) == (year, year)


def test_an_existing_strategy_of_the_council_may_hold_the_plan_whatever_its_title(council, owner):
    strategy = build_strategy(council)
    plan = imported(council, owner, plan_title=strategy.title, strategy=strategy)
    assert plan.strategy == strategy
    assert Strategy.objects.filter(organisation=council).count() == 1


@pytest.mark.parametrize(
    ("case", "errors"),
    [
        ("errors in the file", {"file": ["The file has errors to fix before it can be imported"]}),
        ("no actions", {"file": ["The file has no actions to import"]}),
        ("no title", {"plan_title": ["Enter the plan's title"]}),
        ("a title too long", {"plan_title": ["Plan title must be 300 characters or fewer"]}),
        ("another council's strategy", {"strategy": ["Select a strategy of this council"]}),
        (
            "a strategy of the title",
            {
                "plan_title": [
                    "The council already has a strategy called \u201cStay safe\u201d. Select it "
                    "as the plan's strategy, or give the plan another title"
                ]
            },
        ),
    ],
)
def test_each_refusal_names_what_to_fix_and_writes_nothing(
    council, other_council, owner, case, errors
):
    preview = preview_file(PLAN)
    fields = {"plan_title": "A new plan"}
    if case == "errors in the file":
        preview = preview_file(b"Key outcome,Action\n,Find homes\n")
        assert preview.errors
    elif case == "no actions":
        preview = preview_file(b"Key outcome,Action\nHomes,\n")
        assert preview.errors == [] and preview.actions == []
    elif case == "no title":
        fields["plan_title"] = "  "
    elif case == "a title too long":
        fields["plan_title"] = "P" * 301
    elif case == "another council's strategy":
        fields["strategy"] = build_strategy(other_council)
    else:
        Strategy.objects.create(
            organisation=council, title="Stay safe", period_start_year=2026, period_end_year=2029
        )
        fields["plan_title"] = "Stay safe"
    plans, strategies = ActionPlan.objects.count(), Strategy.objects.count()

    with pytest.raises(ValidationError) as refused:
        import_plan(
            organisation=council,
            preview=preview,
            file_name="plan.csv",
            data=PLAN,
            actor=owner,
            **fields,
        )

    assert refused.value.message_dict == errors
    assert (ActionPlan.objects.count(), Strategy.objects.count()) == (plans, strategies)
    assert not ChangeRecord.objects.filter(organisation=council).exists()


def test_a_deadline_in_the_file_gives_the_strategy_its_years(council, owner):
    plan = imported(council, owner, b"Key outcome,Action,By when\nHomes,Find homes,May 2031\n")
    assert plan.strategy.period_start_year == plan.strategy.period_end_year == 2031
    assert Action.objects.get(plan=plan).deadline == datetime.date(2031, 5, 31)


def test_a_long_file_name_is_cut_in_what_the_rows_and_the_record_say(council, owner):
    name = "plan " + "x" * 200 + ".csv"
    preview = preview_file(PLAN)
    plan = import_plan(
        organisation=council,
        preview=preview,
        plan_title="A plan",
        file_name=name,
        data=PLAN,
        actor=owner,
    )

    assert plan.source == f"import: {name[:120]} ({hashlib.sha256(PLAN).hexdigest()[:12]})"
    summary = ChangeRecord.objects.for_object(plan).get().summary
    assert summary == f"Imported from {name[:150]}: 4 actions"
