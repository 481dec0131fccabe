"""The plan rules on Excel and Word files: what the preview says each variation means."""

import datetime

import openpyxl
import pytest

from actionplans.importing.reading import preview_file
from tests.actionplans.importing import test_docx, test_xlsx
from tests.actionplans.importing.excel import with_shared_strings

pytestmark = pytest.mark.sqlite


@pytest.mark.parametrize("as_saved", [lambda data: data, with_shared_strings])
def test_an_excel_plan_with_titles_a_merged_key_outcome_rag_fills_and_footnotes(as_saved):
    # As openpyxl writes it (each cell's text in the cell) and as Excel saves it.
    preview = preview_file(as_saved(test_xlsx.saved(test_xlsx.plan_workbook())))
    assert preview.errors == []
    assert preview.format == "xlsx"
    assert [(a.reference, a.key_outcome, a.text, a.leads, a.rag) for a in preview.actions] == [
        ("1.1a", "Care leavers have homes", "Find flats", ("Jo", "Al"), "red"),
        ("1.1b", "Care leavers have homes", "and support", ("Jo", "Al"), "red"),
        ("1.2", "Care leavers have homes", "Train landlords", ("Housing Team",), "amber"),
        ("1.3", "Care leavers have homes", "Review rents", ("Sam",), "green"),
    ]
    # One sheet: its name is not a section. The footnote is not an action.
    assert preview.sections == []
    assert (8, "Not imported: a note under the table.") in [
        (w.row, w.message) for w in preview.warnings
    ]


def test_an_excel_plan_with_a_sheet_per_section_a_key_sheet_and_real_dates():
    workbook = openpyxl.Workbook()
    key = workbook.active
    key.title = "Key"
    key.append(["Colour", "Meaning"])
    key.append(["Red", "Off track"])
    for title, day in (
        ("Children in Care", datetime.date(2026, 3, 31)),
        ("Care Leavers", datetime.datetime(2026, 9, 30, 0, 0)),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append(["Outcome", "Action", "Deadline", "Status"])
        sheet.append([f"{title} thrive", "Do the thing", day, "Not started"])
        sheet["C2"].number_format = "d mmmm yyyy" if title == "Care Leavers" else "dd/mm/yyyy"
    preview = preview_file(test_xlsx.saved(workbook))
    assert preview.sections == ["Children in Care", "Care Leavers"]
    assert [(a.section, a.deadline, a.rag) for a in preview.actions] == [
        ("Children in Care", datetime.date(2026, 3, 31), None),
        ("Care Leavers", datetime.date(2026, 9, 30), None),
    ]
    assert [(w.where, w.message) for w in preview.warnings if w.where == "sheet 'Key'"] == [
        ("sheet 'Key'", "Not imported: it has no header row naming an Action column.")
    ]


def test_a_word_plan_with_headings_bullets_after_a_lead_in_merged_outcomes_and_shading():
    preview = preview_file(test_docx.saved(test_docx.plan_document()))
    assert preview.errors == []
    assert preview.format == "docx"
    assert [(a.section, a.key_outcome, a.text, a.leads, a.rag) for a in preview.actions] == [
        (
            "Care Leavers",
            "Care leavers have homes",
            "Find flats",
            ("Jo Bloggs", "Housing Team"),
            "red",
        ),
        (
            "Care Leavers",
            "Care leavers have homes",
            "Train landlords",
            ("Jo Bloggs", "Housing Team"),
            "red",
        ),
        (
            "Care Leavers",
            "Care leavers have homes",
            "Review rents",
            ("Sam Smith", "Al Jones"),
            "green",
        ),
        ("Education", "Education", "Every child has a PEP", (), "amber"),
    ]
    assert any("\u201cWe will:\u201d introduces the points" in w.message for w in preview.warnings)


def test_a_table_nested_in_a_cell_is_said_with_its_table_row_and_column():
    document = test_docx.docx.Document()
    for heading, action in (("Children in care", "Visit homes"), ("Care leavers", "Find flats")):
        document.add_heading(heading, level=2)
        table = document.add_table(rows=2, cols=2)
        test_docx.fill_row(table.rows[0], "Key outcome", "Action")
        test_docx.fill_row(table.rows[1], "Homes", action)
    table.cell(1, 1).add_table(rows=1, cols=1).cell(0, 0).text = "Inner"

    preview = preview_file(test_docx.saved(document))

    assert [a.text for a in preview.actions] == ["Visit homes", "Find flats"]
    notes = [(m.where, m.row, m.column, m.message) for m in preview.warnings]
    assert notes == [("table 2", 2, "Action", test_docx.reader.NESTED_TABLE)]
