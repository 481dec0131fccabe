"""The downloads' reference, deadline and overdue columns, and Excel's sheet per section."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from actionplans.exports import sheet_titles
from actionplans.models import Action, KeyOutcome, PlanSection, Rag
from tests.actionplans.test_plan_export import HEADINGS, add_update, csv_rows, export_url
from tests.conftest import build_plan

pytestmark = pytest.mark.django_db


def workbook_of(client, plan):
    return load_workbook(io.BytesIO(client.get(export_url(plan, "xlsx")).content))


def column(name: str) -> int:
    return HEADINGS.index(name)


def test_each_row_gives_the_reference_deadline_words_and_date_and_the_overdue_flag(
    client, council, owner
):
    plan = build_plan(council, actions=3)
    first, second, third = plan.actions.order_by("number")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Action.objects.filter(pk=first.pk).update(
        reference="4.3", deadline_text="Q3 2025/26", deadline=yesterday
    )
    Action.objects.filter(pk=second.pk).update(deadline_text="Ongoing", deadline=None)
    # Past its date but complete: not overdue, by the plan's one rule.
    Action.objects.filter(pk=third.pk).update(
        deadline=yesterday, status=Action.Status.COMPLETE, rag=Rag.BLUE
    )
    client.force_login(owner)
    wanted = ["Ref", "By when?", "Deadline date", "Overdue"]

    rows = csv_rows(client.get(export_url(plan, "csv")))[1:]
    assert [[row[column(name)] for name in wanted] for row in rows] == [
        ["4.3", "Q3 2025/26", yesterday.isoformat(), "Yes"],
        ["1.2", "Ongoing", "", "No"],
        ["1.3", "March 2030", yesterday.isoformat(), "No"],
    ]
    sheet = workbook_of(client, plan).active
    cells = [[row[column(name)].value for name in wanted] for row in sheet.iter_rows(min_row=2)]
    assert cells == [
        ["4.3", "Q3 2025/26", datetime.datetime.combine(yesterday, datetime.time()), "Yes"],
        ["1.2", "Ongoing", None, "No"],
        ["1.3", "March 2030", datetime.datetime.combine(yesterday, datetime.time()), "No"],
    ]


def test_a_reference_a_spreadsheet_would_run_is_written_as_text(client, council, owner):
    plan = build_plan(council, actions=1)
    Action.objects.update(reference="=1+1")
    client.force_login(owner)

    assert csv_rows(client.get(export_url(plan, "csv")))[1][column("Ref")] == "'=1+1"
    cell = workbook_of(client, plan).active.cell(row=2, column=column("Ref") + 1)
    assert (cell.value, cell.data_type) == ("'=1+1", "s")


def test_excel_has_a_sheet_per_section_named_safely_and_one_for_actions_in_none(
    client, council, owner
):
    plan = build_plan(council, actions=2)
    titles = [
        "Education: school/college [2026]?*",
        "A section whose title runs on well past thirty-one characters",
        "A section whose title runs on well past thirty-one, again",
    ]
    for number, title in enumerate(titles, start=2):
        section = PlanSection.objects.create(plan=plan, number=number, title=title)
        outcome = KeyOutcome.objects.create(
            plan=plan, number=number, title=f"Outcome {number}", section=section
        )
        Action.objects.create(plan=plan, key_outcome=outcome, number=1, description=title)
    loose = KeyOutcome.objects.create(plan=plan, number=9, title="Unsorted")
    Action.objects.create(plan=plan, key_outcome=loose, number=1, description="In no section")
    client.force_login(owner)

    workbook = workbook_of(client, plan)

    assert workbook.sheetnames == [
        "Care leavers",
        "Education school college 2026",
        "A section whose title runs on w",
        "A section whose title runs (2)",
        "Actions",
    ]
    descriptions = {
        sheet.title: [row[column("Action")] for row in sheet.iter_rows(min_row=2, values_only=True)]
        for sheet in workbook.worksheets
    }
    assert descriptions["Care leavers"] == [f"Action {n} of {plan.title}" for n in (1, 2)]
    assert descriptions["A section whose title runs (2)"] == [titles[2]]
    assert descriptions["Actions"] == ["In no section"]
    for sheet in workbook.worksheets:
        assert [cell.value for cell in sheet[1]] == HEADINGS
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.b
        assert (sheet["A1"].fill.fill_type, sheet["A1"].fill.fgColor.rgb) == ("solid", "00D9D9D9")
        assert sheet["A1"].border.bottom.style == "medium"
        assert sheet.column_dimensions["D"].width == 50


def test_a_plan_without_sections_or_rows_keeps_one_sheet(client, council, owner):
    plan = build_plan(council, actions=1)
    KeyOutcome.objects.update(section=None)
    client.force_login(owner)
    assert workbook_of(client, plan).sheetnames == ["Actions"]

    empty = workbook_of(client, build_plan(council, actions=0))
    assert empty.sheetnames == ["Actions"]
    assert [cell.value for cell in empty.active[1]] == HEADINGS


def test_rag_cells_are_filled_in_their_colour_and_always_say_the_rating(client, council, owner):
    plan = build_plan(council, actions=5)
    actions = list(plan.actions.order_by("number"))
    for action, rag in zip(actions, [Rag.RED, Rag.AMBER, Rag.GREEN], strict=False):
        add_update(action, "Update", rag)
    Action.objects.filter(pk=actions[3].pk).update(status=Action.Status.COMPLETE, rag=Rag.BLUE)
    client.force_login(owner)

    sheet = workbook_of(client, plan).active
    cells = [row[column("RAG")] for row in sheet.iter_rows(min_row=2)]

    assert [(cell.value, cell.fill.fill_type, cell.fill.fgColor.rgb) for cell in cells] == [
        ("Red", "solid", "00FFC7CE"),
        ("Amber", "solid", "00FFEB9C"),
        ("Green", "solid", "00C6EFCE"),
        ("Blue (complete)", "solid", "00BDD7EE"),
        ("Not yet rated", None, "00000000"),
    ]
    assert [cell.font.color.rgb for cell in cells[:4]] == [
        "009C0006",
        "009C5700",
        "00006100",
        "001F4E79",
    ]
    assert sheet.cell(row=2, column=column("Progress") + 1).fill.fill_type is None


@pytest.mark.parametrize(
    ("names", "titles"),
    [
        (["Care leavers"], ["Care leavers"]),
        (["a/b\\c:d*e?f[g]h"], ["a b c d e f g h"]),
        (["x" * 40], ["x" * 31]),
        (["'Quoted'"], ["Quoted"]),
        (["", "???", "Actions"], ["Actions", "Actions (2)", "Actions (3)"]),
        (["Health", "HEALTH", "health"], ["Health", "HEALTH (2)", "health (3)"]),
        (["history"], ["History section"]),
        (["x" * 31, "x" * 32], ["x" * 31, "x" * 27 + " (2)"]),
        (["XX-ray"], ["XX-ray"]),
        (
            ["a" * 26 + "'" + "b" * 9, "a" * 26 + "'" + "b" * 8],
            ["a" * 26 + "'bbbb", "a" * 26 + " (2)"],
        ),
        (["Tab\tand\x0bvertical tab"], ["Tab and vertical tab"]),
    ],
)
def test_sheet_titles_keep_excels_rules(names, titles):
    assert sheet_titles(names) == titles
