"""`manage.py import_plan`: the same reading and writing as the upload page, from a shell."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from actionplans.importing import writing
from actionplans.models import Action, ActionPlan, KeyOutcome, Lead, ProgressUpdate
from strategies.models import ChangeRecord, Organisation, Strategy

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

PLAN = (
    "\ufeffRef,Key Outcome,Action,Lead,By when?,Progress,RAG\r\n"
    "1.1,Care leavers have homes,Refresh the housing strategy,Housing / Virtual School,"
    "Q3 2025/26,Draft agreed,Amber\r\n"
    "1.2,,Open two supported lodgings,Housing,Ongoing,,Complete\r\n"
    "Care Leavers,,,,,,\r\n"
    "2.1,Work and training,Offer apprenticeships,HR,31/03/2026,,\r\n"
)


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    return path


def run(*args) -> tuple[int, str]:
    import io

    out = io.StringIO()
    try:
        call_command("import_plan", *map(str, args), stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


def test_dry_run_json_is_the_preview_in_the_contracts_shape_and_writes_nothing(plan_file, council):
    before = Action.objects.count()
    status, out = run(
        plan_file,
        "--council",
        council.slug,
        "--plan-title",
        "Plan",
        "--dry-run",
        "--format",
        "json",
    )
    assert status == 0
    preview = json.loads(out)
    assert preview["counts"] == {
        "sections": 1,
        "key_outcomes": 2,
        "actions": 3,
        "leads": 3,
        "progress_notes": 1,
        "rag_ratings": 2,
    }
    assert preview["actions"][0] == {
        "section": "",
        "key_outcome": "Care leavers have homes",
        "reference": "1.1",
        "text": "Refresh the housing strategy",
        "leads": ["Housing", "Virtual School"],
        "deadline_words": "Q3 2025/26",
        "deadline": preview["actions"][0]["deadline"],
        "progress": "Draft agreed",
        "rag": "Amber",
        "where": "",  # the sheet or table, when the file has several
        "row": 2,
    }
    assert preview["actions"][1]["rag"] == "Blue"
    assert preview["actions"][2]["deadline"] == "2026-03-31"
    assert preview["actions"][2]["section"] == "Care Leavers"
    assert preview["errors"] == []
    assert set(preview) == {"counts", "actions", "warnings", "errors"}
    assert Action.objects.count() == before


def test_dry_run_json_gives_each_warning_and_error_with_its_row_and_column(tmp_path, council):
    path = tmp_path / "plan.csv"
    long_outcome = "W" * 2001
    path.write_text(f"Key outcome,Action,Notes\n{long_outcome},Find flats,Draft\n")

    status, out = run(
        path, "--council", council.slug, "--plan-title", "Plan", "--dry-run", "--format", "json"
    )

    preview = json.loads(out)
    assert preview["warnings"] == [
        {"where": "", "row": 1, "column": "Notes", "message": "This column is not imported."}
    ]
    assert preview["errors"] == [
        {
            "where": "",
            "row": 2,
            "column": "Key outcome",
            "message": "Key outcome must be 2,000 characters or fewer; this one is 2,001.",
        }
    ]
    assert status == 1


def test_import_creates_the_plan_in_the_council_with_its_history_recorded(plan_file, council):
    Lead.objects.create(organisation=council, name="housing")  # matched, not duplicated
    status, out = run(plan_file, "--council", council.slug, "--plan-title", "Homes Plan")
    assert status == 0, out
    plan = ActionPlan.objects.get(title="Homes Plan")
    assert plan.strategy.organisation == council
    assert [
        (a.reference, a.description, a.status, a.rag)
        for a in plan.actions.order_by("key_outcome__number", "number")
    ] == [
        ("1.1", "Refresh the housing strategy", "open", "amber"),
        ("1.2", "Open two supported lodgings", "complete", "blue"),
        ("2.1", "Offer apprenticeships", "open", "none"),
    ]
    assert sorted(Lead.objects.filter(organisation=council).values_list("name", flat=True)) == [
        "HR",
        "Virtual School",
        "housing",
    ]
    first = plan.actions.get(reference="1.1")
    assert sorted(first.leads.values_list("name", flat=True)) == ["Virtual School", "housing"]
    update = ProgressUpdate.objects.get(action=first)
    assert (update.narrative, update.rag) == ("Draft agreed", "amber")
    assert [s.title for s in plan.sections.all()] == ["Care Leavers"]
    record = ChangeRecord.objects.get(organisation=council, summary__startswith="Imported")
    assert record.summary == "Imported from plan.csv: 3 actions"
    assert record.changes["file"][1].startswith("import: plan.csv (")


def test_an_unknown_council_is_refused_unless_named_and_a_dry_run_only_pretends(plan_file):
    status, message = run(plan_file, "--council", "newshire", "--plan-title", "Plan")
    assert status == 2
    assert "There is no council 'newshire'" in message
    status, _ = run(
        plan_file,
        "--council",
        "newshire",
        "--council-name",
        "Newshire County Council",
        "--plan-title",
        "Plan",
        "--dry-run",
    )
    assert status == 0
    assert not Organisation.objects.filter(slug="newshire").exists()
    status, _ = run(
        plan_file,
        "--council",
        "newshire",
        "--council-name",
        "Newshire County Council",
        "--plan-title",
        "Plan",
    )
    assert status == 0
    assert ActionPlan.objects.get(title="Plan").strategy.organisation.name == (
        "Newshire County Council"
    )


def test_a_file_with_errors_exits_1_and_writes_nothing(tmp_path, council):
    path = tmp_path / "bad.csv"
    path.write_text("Key Outcome,Action,Lead\r\n,An action with no outcome,Housing\r\n")
    counts = (Strategy.objects.count(), Lead.objects.count())
    status, out = run(path, "--council", council.slug, "--plan-title", "Plan")
    assert status == 1
    assert "Error: Row 2, column Key outcome: The action has no key outcome" in out
    assert (Strategy.objects.count(), Lead.objects.count()) == counts


def test_bad_arguments_exit_2(plan_file, council):
    assert (
        run(plan_file.with_name("missing.csv"), "--council", council.slug, "--plan-title", "P")[0]
        == 2
    )
    assert (
        run(plan_file, "--council", council.slug, "--plan-title", "P", "--strategy", "999999")[0]
        == 2
    )


def test_a_failure_part_way_leaves_the_database_as_it_was(plan_file, monkeypatch, council):
    counts = [
        model.objects.count()
        for model in (Strategy, ActionPlan, KeyOutcome, Lead, Action, ChangeRecord)
    ]

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writing.ProgressUpdate.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        run(plan_file, "--council", council.slug, "--plan-title", "Plan")
    assert [
        model.objects.count()
        for model in (Strategy, ActionPlan, KeyOutcome, Lead, Action, ChangeRecord)
    ] == counts
