"""The rules for reading a plan (actionplans/importing/reading.py), on CSV and flattened text.

Each test builds its own small plan; the Excel, Word and PDF readers feed the same rules and
have their own tests of what they read.
"""

import datetime

import pytest

from actionplans.importing import columns
from actionplans.importing.reading import preview_file

pytestmark = pytest.mark.sqlite

HEADER = "Key Outcome,Action,Lead,By when?,Progress,RAG\r\n"


def csv(*rows: str, header: str = HEADER, bom: bool = False) -> bytes:
    text = header + "".join(row + "\r\n" for row in rows)
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def one(preview):
    assert not preview.errors, preview.errors
    assert len(preview.actions) == 1, preview.actions
    return preview.actions[0]


def test_a_csv_row_is_an_action_with_its_key_outcome_lead_deadline_progress_and_rating():
    preview = preview_file(
        csv(
            "Care leavers have homes,Refresh the housing strategy,Housing Team,"
            'March 2026,"Draft agreed, consultation open",Amber',
            bom=True,
        )
    )
    action = one(preview)
    assert preview.format == "csv"
    assert (action.key_outcome, action.text, action.leads) == (
        "Care leavers have homes",
        "Refresh the housing strategy",
        ("Housing Team",),
    )
    assert (action.deadline_words, action.deadline) == ("March 2026", datetime.date(2026, 3, 31))
    assert action.progress == "Draft agreed, consultation open"
    assert action.rag == "amber"
    assert preview.counts == {
        "sections": 0,
        "key_outcomes": 1,
        "actions": 1,
        "leads": 1,
        "progress_notes": 1,
        "rag_ratings": 1,
    }


def test_columns_are_recognised_by_the_words_councils_use_in_any_order_and_extra_ones_warned():
    header = "Notes,Ref,Priority,Actions,Responsible officer,Target date,Commentary,Status\r\n"
    preview = preview_file(
        csv("ignore me,4.3,Health,Check teeth,School Nurse,31/03/2026,,G", header=header)
    )
    action = one(preview)
    assert [column.field for column in preview.columns] == [
        columns.IGNORED,
        columns.REFERENCE,
        columns.KEY_OUTCOME,
        columns.ACTION,
        columns.LEAD,
        columns.DEADLINE,
        columns.PROGRESS,
        columns.RAG,
    ]
    assert (action.reference, action.rag, action.deadline) == (
        "4.3",
        "green",
        datetime.date(2026, 3, 31),
    )
    assert [(w.row, w.column, w.message) for w in preview.warnings] == [
        (1, "Notes", "This column is not imported.")
    ]


def test_the_person_can_correct_which_column_is_which():
    header = "Outcome,Action,Team,Due\r\n"  # "Team" is not a lead heading we know
    data = csv("Health,Check teeth,School Nurse,June 2026", header=header)
    assert one(preview_file(data)).leads == ()
    corrected = preview_file(data, mapping={"": ["key_outcome", "action", "lead", "deadline"]})
    assert one(corrected).leads == ("School Nurse",)


def test_quoted_cells_blank_rows_and_line_breaks_in_a_cell():
    preview = preview_file(
        csv(",,,,,", 'Health,"Check teeth\nBook eye tests",School Nurse,,,', "", ",,,,,")
    )
    assert [a.text for a in preview.actions] == ["Check teeth", "Book eye tests"]
    assert [(w.row, w.message) for w in preview.warnings] == [
        (3, "Imported as 2 actions, one for each point of the cell.")
    ]


def test_a_file_without_an_action_column_is_an_error_that_says_what_to_fix():
    preview = preview_file(b"Name,Date\r\nFred,2026\r\n")
    assert [error.message for error in preview.errors] == [
        "No table with an Action column was found. The plan's header row must name its "
        "columns, such as Key Outcome, Action, Lead, By when?, Progress and RAG."
    ]
    assert preview.actions == []


def test_a_csv_in_another_encoding_is_refused_with_what_to_do():
    preview = preview_file(csv("Sant\u00e9,Action caf\u00e9,Lead,,,").decode().encode("latin-1"))
    assert preview.errors[0].message.startswith("The file is not readable as UTF-8 text")
    assert "CSV UTF-8" in preview.errors[0].message


@pytest.mark.parametrize(
    ("words", "rag"),
    [
        ("R", "red"),
        ("amber", "amber"),
        ("Green - on track", "green"),
        ("Complete", "blue"),
        ("Completed", "blue"),
        ("Not started", None),
        ("", None),
    ],
)
def test_rag_words(words, rag):
    action = one(preview_file(csv(f"Health,Check teeth,Nurse,,,{words}")))
    assert action.rag == rag


def test_a_rag_word_not_recognised_is_a_warning_and_no_rating():
    preview = preview_file(csv("Health,Check teeth,Nurse,,,Purple"))
    assert one(preview).rag is None
    assert [(w.row, w.column) for w in preview.warnings] == [(2, "RAG")]
    assert "\u201cPurple\u201d is not a RAG rating" in preview.warnings[0].message


def test_leads_split_on_slashes_commas_semicolons_and_lines_but_not_on_and_or_dashes():
    cell = '"Leaving Care and Housing Team / Virtual School, Health- CLA Nurses; Fostering\nIRO"'
    action = one(preview_file(csv(f"Health,Check teeth,{cell},,,")))
    assert action.leads == (
        "Leaving Care and Housing Team",
        "Virtual School",
        "Health- CLA Nurses",
        "Fostering",
        "IRO",
    )


def test_a_lead_is_matched_to_the_councils_existing_lead_by_its_normalised_name():
    preview = preview_file(
        csv("Health,Check teeth,virtual  school HEAD,,,", "Health,Book eye tests,New Team,,,"),
        known_leads=["Virtual School Head", "Unused"],
    )
    assert [a.leads for a in preview.actions] == [("Virtual School Head",), ("New Team",)]
    assert preview.matched_leads == {"Virtual School Head"}


def test_the_same_lead_written_two_ways_is_one_lead():
    preview = preview_file(csv("Health,A,Fostering Team,,,", "Health,B,fostering team,,,"))
    assert preview.leads == ["Fostering Team"]


def test_a_deadline_that_cannot_be_read_keeps_its_words_and_is_warned_but_ongoing_is_not():
    preview = preview_file(csv("Health,A,Nurse,When funded,,", "Health,B,Nurse,Ongoing,,"))
    assert [(a.deadline_words, a.deadline) for a in preview.actions] == [
        ("When funded", None),
        ("Ongoing", None),
    ]
    assert [(w.row, w.column) for w in preview.warnings] == [(2, "Deadline")]


def test_an_empty_key_outcome_cell_means_the_one_above_and_a_row_makes_each_point_an_action():
    preview = preview_file(csv("Health,A,Nurse,,,", ",B,Doctor,,,"), known_leads=[])
    assert [(a.key_outcome, a.text, a.leads) for a in preview.actions] == [
        ("Health", "A", ("Nurse",)),
        ("Health", "B", ("Doctor",)),
    ]


def test_the_first_action_without_a_key_outcome_is_an_error_with_its_row_and_column():
    preview = preview_file(csv(",A,Nurse,,,"))
    assert [(e.row, e.column) for e in preview.errors] == [(2, "Key outcome")]


def test_text_too_long_for_its_field_is_an_error_with_its_row_and_column():
    preview = preview_file(csv(f"Health,A,{'x' * 301},,,"))
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (2, "Lead", "Lead must be 300 characters or fewer; this one is 301.")
    ]


def test_one_reference_for_a_row_of_several_actions_is_lettered():
    header = "Ref,Key Outcome,Action\r\n"
    preview = preview_file(csv('2.1,Health,"A\nB"', "2.2,Health,C", header=header))
    assert [a.reference for a in preview.actions] == ["2.1a", "2.1b", "2.2"]


@pytest.mark.parametrize(
    "title, named",
    [
        ("Children Looked After Strategic Action Plan 2014-17", "Children Looked After"),
        ("Corporate Parenting Action Plan", "Corporate Parenting"),
        ("Care leavers: plan for 2025/26", "Care leavers"),
        ("Health 2024-2027", "Health"),
    ],
)
def test_rows_before_the_first_section_row_are_named_after_the_title_above_the_table(title, named):
    preview = preview_file(
        f"{title},,,,,\r\n".encode() + csv("Health,A,Nurse,,,", "Care Leavers,,,,,", "Homes,B,,,,")
    )
    assert [(a.section, a.key_outcome) for a in preview.actions] == [
        (named, "Health"),
        ("Care Leavers", "Homes"),
    ]
    assert [(w.row, w.message) for w in preview.warnings] == [
        (
            3,
            f'The rows before the first section row are put in a section named "{named}", '
            "after the title above the table. Correct the file if that is wrong.",
        )
    ]


@pytest.mark.parametrize("title", ["", "Action Plan 2025-26\r\n,,,,,"])
def test_no_section_is_named_without_section_rows_or_a_title_naming_a_subject(title):
    with_rows = preview_file(
        f"{title},,,,,\r\n".encode() + csv("Health,A,,,,", "Care Leavers,,,,,", "Homes,B,,,,")
    )
    without_rows = preview_file(b"Children Looked After Plan,,,,,\r\n" + csv("Health,A,,,,"))

    assert [a.section for a in with_rows.actions] == ["", "Care Leavers"]
    assert [a.section for a in without_rows.actions] == [""]
    assert not with_rows.warnings and not without_rows.warnings


def test_a_section_row_names_the_section_under_it_and_a_note_under_the_table_is_not_read():
    preview = preview_file(
        csv(
            "Health,A,Nurse,,,",
            "Care Leavers,,,,,",
            "Homes,B,Housing,,,",
            "* Source: plan 2025,,,,,",
        )
    )
    assert [(a.section, a.key_outcome) for a in preview.actions] == [
        ("", "Health"),
        ("Care Leavers", "Homes"),
    ]
    assert [(w.row, w.message) for w in preview.warnings] == [
        (5, "Not imported: a note under the table.")
    ]
