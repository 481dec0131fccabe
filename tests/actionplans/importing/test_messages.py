"""Every warning and error the reading rules give, on one workbook that has each of them, read
whole: what was read, and each message with its row, column and sheet exactly, so a message
that names the wrong row, or a row that stops the reading of the rest, is seen."""

from __future__ import annotations

import openpyxl
import pytest

from actionplans.importing.reading import NO_KEY_OUTCOME, preview_file
from actionplans.models import Rag
from tests.actionplans.importing.test_xlsx import saved, solid

pytestmark = pytest.mark.sqlite  # no database: runs on both test runs

RED, GREEN = "FF0000", "00B050"
SHEET = "sheet 'Care Leavers'"


def one_sheet(title: str, rows, fills: dict[str, str] | None = None) -> bytes:
    """A workbook of one sheet of `rows`, with a solid fill in each cell of `fills`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cell, colour in (fills or {}).items():
        sheet[cell].fill = solid(colour)
    return saved(book)


def workbook() -> bytes:
    rows = [
        ["Care Leavers Action Plan 2025-28"],  # 1: a title, not read
        ["Ref", "Key outcome", "Action", "Lead", "By when?", "RAG", "Notes"],  # 2
        [None, None, "Welcome new carers", "Fostering", "May 2026", None, None],  # 3
        ["1.1", "Homes", "Find homes", "Housing / housing; Virtual School", "Ongoing", "R"],
        ["1.2", "Homes", None, None, None, None, None],  # 5: no action
        ["1.3", None, "We will:\nBuild flats\nRent rooms", "Housing", "When funding allows"],
        ["1.4", None, "Train staff", "Skills", "March 2027", "Purple"],  # 7
        ["1.5", None, "Pay rent", "Finance", "April 2027", "Green"],  # 8, filled red
        ["1.6", None, "Count beds", "Housing", "June 2027", None],  # 9, filled green
        ["1.7-extra-long-reference", None, "Ask", "Housing", None, None],  # 10
        ["Ref", "Key outcome", "Action", "Lead", "By when?", "RAG", "Notes"],  # 11: page 2
        [None, None, "and listen", None, None, None],  # 12: carries row 10 on
        [None, None, "Train carers", "Fostering", None, None],  # 13: a row of its own
        ["Orphan line"],  # 14: only its first cell, and another such line follows
        ["Health"],  # 15: a section
        ["2.1", "Teeth", "Check teeth", "Nurse", "June 2026", "A"],  # 16
        ["2.2", None, None, "Dentist", "July 2026", None],  # 17: a lead, but no action
        ["2.3", "Gums", "\u200b", "Nurse", None, None],  # 18: an action cell that looks empty
        [],
        ["* A note under the table"],  # 20
    ]
    return one_sheet("Care Leavers", rows, {"F8": RED, "F9": GREEN})


def test_each_rule_reads_what_it_should_and_says_so_where_it_should():
    preview = preview_file(workbook(), known_leads=["Virtual school", "Finance"])

    read = [(a.reference, a.key_outcome, a.text, a.leads, a.rag, a.row) for a in preview.actions]
    assert read == [
        ("1.1", "Homes", "Find homes", ("Housing", "Virtual school"), Rag.RED, 4),
        ("1.3a", "Homes", "Build flats", ("Housing",), None, 6),
        ("1.3b", "Homes", "Rent rooms", ("Housing",), None, 6),
        ("1.4", "Homes", "Train staff", ("Skills",), None, 7),
        ("1.5", "Homes", "Pay rent", ("Finance",), Rag.GREEN, 8),
        ("1.6", "Homes", "Count beds", ("Housing",), Rag.GREEN, 9),
        ("1.7-extra-long-reference", "Homes", "Ask and listen", ("Housing",), None, 10),
        ("", "Homes", "Train carers", ("Fostering",), None, 13),
        ("2.1", "Teeth", "Check teeth", ("Nurse",), Rag.AMBER, 16),
    ]
    # The rows before the first section row take the title's words, less the document's.
    assert [a.section for a in preview.actions] == ["Care Leavers"] * 8 + ["Health"]
    assert {a.where for a in preview.actions} == {SHEET}
    assert preview.matched_leads == {"Virtual school", "Finance"}
    said = [(m.row, m.column, m.message, m.where) for m in preview.warnings]
    # In the order a person reads the sheet, row by row, whichever rule found each.
    assert said == [
        (2, "Notes", "This column is not imported.", SHEET),
        (
            3,
            None,
            'The rows before the first section row are put in a section named "Care Leavers", '
            "after the title above the table. Correct the file if that is wrong.",
            SHEET,
        ),
        (5, "Action", "Not imported: the row has no action.", SHEET),
        (
            6,
            "Action",
            "Not imported as an action: \u201cWe will:\u201d introduces the points after it.",
            SHEET,
        ),
        (6, "Action", "Imported as 2 actions, one for each point of the cell.", SHEET),
        (
            6,
            "Deadline",
            "No date could be read in \u201cWhen funding allows\u201d: the words are kept "
            "and the action has no date.",
            SHEET,
        ),
        (
            7,
            "RAG",
            "\u201cPurple\u201d is not a RAG rating (Red, Amber, Green, or Complete for Blue): "
            "imported without a rating.",
            SHEET,
        ),
        (
            8,
            "RAG",
            "The cell says Green but is coloured as another rating: the words were taken.",
            SHEET,
        ),
        (12, None, "Joined to row 10: the row was split across a page break.", SHEET),
        (
            14,
            None,
            "Not imported: a line with only one cell filled, followed by another.",
            SHEET,
        ),
        # Neither a key outcome nor an action, and an action cell with nothing visible: their
        # other cells would otherwise be dropped without a word.
        (17, "Action", "Not imported: the row has no action.", SHEET),
        (18, "Action", "Not imported: the row has no action.", SHEET),
        (20, None, "Not imported: a note under the table.", SHEET),
    ]
    errors = [(m.row, m.column, m.message, m.where) for m in preview.errors]
    assert errors == [
        (3, "Key outcome", NO_KEY_OUTCOME, SHEET),
        (
            10,
            "Reference",
            "Reference must be 20 characters or fewer; this one is 24.",
            SHEET,
        ),
    ]


def test_a_correction_that_leaves_no_action_column_is_refused_at_the_header():
    fields = ["reference", "key_outcome", "", "lead", "deadline", "rag", ""]
    preview = preview_file(workbook(), mapping={SHEET: fields})

    assert [(m.row, m.column, m.message, m.where) for m in preview.errors] == [
        (2, None, "Choose which column holds the actions.", SHEET)
    ]
    assert [(c.index, c.heading, c.field) for c in preview.columns] == [
        (0, "Ref", "reference"),
        (1, "Key outcome", "key_outcome"),
        (2, "Action", ""),
        (3, "Lead", "lead"),
        (4, "By when?", "deadline"),
        (5, "RAG", "rag"),
        (6, "Notes", ""),
    ]


def test_a_lead_matches_the_councils_whatever_its_case_spacing_apostrophes_or_full_stop():
    data = "Key outcome,Action,Lead\nHomes,Find homes,Children\u2019s  services.\n"
    preview = preview_file(data.encode(), known_leads=["Children\u2018s Services"])

    assert preview.actions[0].leads == ("Children\u2018s Services",)
    assert preview.matched_leads == {"Children\u2018s Services"}


def test_the_points_of_one_cell_share_its_reference_lettered_then_numbered_past_z():
    points = "\n".join(f"Point {n}" for n in range(1, 29))
    data = f'Ref,Key outcome,Action\n4.3,Homes,"{points}"\n'.encode()

    references = [action.reference for action in preview_file(data).actions]

    assert references[:2] == ["4.3a", "4.3b"]
    assert references[25:] == ["4.3z", "4.3.27", "4.3.28"]


def test_the_rules_at_their_edges_in_a_table_with_no_key_outcome_column():
    long_outcome, long_action = "K" * 2001, "A" * 5001
    data = (
        "Ref,Action,Lead,By when,Progress,RAG\n"
        '12345678901234567890,"We will:\nBuild flats",Housing // Skills; - Finance \u2013,'
        '"Ongoing","First part.\n\nSecond part.",Not started\n'
        f"2,{long_action},Housing,{'D' * 201},,\n"
        "3,We will:,Housing,,,\n"
    ).encode()

    preview = preview_file(data, known_leads=["Children\u2018s Services"])

    first, long_one, lead_in_alone = preview.actions
    assert (first.reference, first.key_outcome, first.text) == (
        "12345678901234567890",  # 20 characters: allowed
        "Actions",  # no key outcome column and no section: one key outcome
        "Build flats",  # a lead-in with one point after it is still a lead-in
    )
    assert first.leads == ("Housing", "Skills", "Finance")
    assert first.progress == "First part.\nSecond part."
    assert first.rag is None and first.where == ""
    assert lead_in_alone.text == "We will:"  # alone, it is the action
    assert [(m.row, m.column, m.message) for m in preview.errors] == [
        (3, "Deadline", "Deadline must be 200 characters or fewer; this one is 201."),
        (3, "Action", "Action must be 5,000 characters or fewer; this one is 5,001."),
    ]
    assert (
        None,
        None,
        "There is no Key outcome column: the actions are put under one key "
        "outcome named after their section.",
        "",
    ) in [(m.row, m.column, m.message, m.where) for m in preview.warnings]
    assert long_one.key_outcome == "Actions"
    outcome_too_long = preview_file(f"Key outcome,Action\n{long_outcome},Do it\n".encode())
    assert [(m.row, m.column, m.message) for m in outcome_too_long.errors] == [
        (2, "Key outcome", "Key outcome must be 2,000 characters or fewer; this one is 2,001.")
    ]


def test_a_file_with_no_table_says_so_without_a_place_and_an_unreadable_one_has_no_format():
    no_table = preview_file(b"Just some words\nand more words\n")
    assert [(m.row, m.column, m.where) for m in no_table.errors] == [(None, None, "")]
    unreadable = preview_file(b"PK\x03\x04 a damaged workbook")
    assert unreadable.errors and unreadable.format == ""


def test_a_status_in_words_is_no_rating_whatever_the_cells_fill():
    data = one_sheet(
        "Plan",
        [
            ["Key outcome", "Action", "RAG"],
            ["Homes", "Find homes", "Not started"],
            ["Homes", "Build flats", None],
        ],
        {"C2": GREEN, "C3": GREEN},
    )

    assert [a.rag for a in preview_file(data).actions] == [None, Rag.GREEN]


def test_a_one_word_title_above_the_header_is_not_taken_for_it():
    preview = preview_file(
        one_sheet("Plan", [["Actions"], ["Key outcome", "Action"], ["Homes", "Find homes"]])
    )

    assert [(a.key_outcome, a.text, a.row) for a in preview.actions] == [("Homes", "Find homes", 3)]


def test_a_short_row_carried_on_after_a_repeated_header_is_joined_whole():
    data = (
        b"Key outcome,Action,Lead\n"
        b"Homes,Find homes\n"  # a short row: no lead cell at all
        b"Key outcome,Action,Lead\n"  # the header again: a new page
        b",and flats,Housing\n"  # carries on, with the lead the row had not
        b"Key outcome,Action,Lead\n"
        b",and rooms\n"  # carries on, short itself
    )
    (action,) = preview_file(data).actions
    assert (action.text, action.leads) == ("Find homes and flats and rooms", ("Housing",))


def test_in_a_two_column_table_a_line_under_the_last_action_is_a_note():
    preview = preview_file(b"Key outcome,Action\nHomes,Find homes\n* See the strategy\n")
    assert [a.text for a in preview.actions] == ["Find homes"]
    assert [(m.row, m.message) for m in preview.warnings] == [
        (3, "Not imported: a note under the table.")
    ]


def test_a_section_is_named_after_the_last_title_with_words_in_its_first_cell():
    rows = (
        ["Care Leavers Action Plan 2025-28"],
        [None, "Draft 2"],  # words, but not in the first cell
        ["Key outcome", "Action"],
        ["Homes", "Find homes"],
        ["Health"],
        ["Teeth", "Check teeth"],
    )

    preview = preview_file(one_sheet("Plan", rows))

    assert [a.section for a in preview.actions] == ["Care Leavers", "Health"]


def test_a_sheet_without_a_key_outcome_column_is_named_in_the_warning():
    preview = preview_file(one_sheet("Health", [["Action", "Lead"], ["Check teeth", "Nurse"]]))

    assert [(m.row, m.where) for m in preview.warnings] == [(None, "sheet 'Health'")]


def test_messages_come_sheet_by_sheet_then_row_by_row_a_sheets_own_first():
    # The rules find these in another order: the ignored column as the headers are found,
    # then each sheet's own message and its rows' notes, then the actions of every sheet.
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Children in care"
    for row in (
        ["Action", "Lead", "Notes"],
        ["Visit homes", "Social work", None],
        ["We will:\nBuild flats\nRent rooms", "Housing", None],
    ):
        first.append(row)
    second = book.create_sheet("Care leavers")
    for row in (["Key outcome", "Action", "Lead"], ["Homes", "Find flats", "Housing"], ["* Note"]):
        second.append(row)

    preview = preview_file(saved(book))

    children, leavers = "sheet 'Children in care'", "sheet 'Care leavers'"
    assert [(m.where, m.row, m.message[:33]) for m in preview.warnings] == [
        (children, None, "There is no Key outcome column: t"),
        (children, 1, "This column is not imported."),
        (children, 3, "Not imported as an action: \u201cWe wi"),
        (children, 3, "Imported as 2 actions, one for ea"),
        (leavers, 3, "Not imported: a note under the ta"),
    ]


def test_errors_come_sheet_by_sheet_too():
    # The second sheet's is found with its header, before the first sheet's actions are made.
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Children in care"
    first.append(["Ref", "Key outcome", "Action"])
    first.append(["R" * 21, "Homes", "Visit homes"])
    second = book.create_sheet("Care leavers")
    second.append(["Key outcome", "Action", "Lead"])
    second.append(["Homes", "Find flats", "Housing"])
    no_action = {"sheet 'Care leavers'": ["key_outcome", "", "lead"]}

    preview = preview_file(saved(book), mapping=no_action)

    assert [(m.where, m.row, m.message) for m in preview.errors] == [
        (
            "sheet 'Children in care'",
            2,
            "Reference must be 20 characters or fewer; this one is 21.",
        ),
        ("sheet 'Care leavers'", 1, "Choose which column holds the actions."),
    ]
    # The JSON of `import_plan --format json` says where too: row 2 of which sheet.
    assert preview.as_json()["errors"][0] | {"message": "..."} == {
        "where": "sheet 'Children in care'",
        "row": 2,
        "column": "Reference",
        "message": "...",
    }
    assert [(a["where"], a["row"]) for a in preview.as_json()["actions"]] == [
        ("sheet 'Children in care'", 2)
    ]
