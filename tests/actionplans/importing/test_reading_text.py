"""Reading a table flattened to text, as copied out of a PDF or Word document."""

import pytest

from actionplans.importing.reading import preview_file

pytestmark = pytest.mark.sqlite

HEADER = "Key Outcome\tAction\tLead\tBy when?\tProgress\tRAG"


def text(*lines: str) -> bytes:
    return "\n".join(lines).encode()


def test_titles_between_pages_and_repeated_headers_are_not_rows():
    preview = preview_file(
        text(
            "Our Action Plan 2025-28",
            "",
            HEADER,
            "Health\tCheck teeth\tNurse\tJune 2026\t\t",
            "",
            "Our Action Plan 2025-28",
            "Page 2",
            HEADER,
            "Homes\tFind homes\tHousing\tJuly 2026\t\t",
        )
    )
    assert preview.format == "text"
    assert [(a.key_outcome, a.text) for a in preview.actions] == [
        ("Health", "Check teeth"),
        ("Homes", "Find homes"),
    ]
    assert preview.warnings == []


def test_a_cell_split_across_a_page_break_is_joined_and_the_join_is_warned():
    preview = preview_file(
        text(
            HEADER,
            "Improved school\tStrengthen the role of the\tVirtual School Head\tSeptember\t\t",
            HEADER,
            "attendance\tVirtual School\t\t2026\t\t",
            "Homes\tFind homes\tHousing\tJuly 2026\t\t",
        )
    )
    first = preview.actions[0]
    assert (first.key_outcome, first.text, first.deadline_words) == (
        "Improved school attendance",
        "Strengthen the role of the Virtual School",
        "September 2026",
    )
    assert len(preview.actions) == 2
    assert [(w.row, w.message) for w in preview.warnings] == [
        (4, "Joined to row 2: the row was split across a page break.")
    ]


def test_a_row_after_a_page_break_that_starts_a_new_key_outcome_is_not_joined():
    preview = preview_file(
        text(
            HEADER,
            "Health\tCheck teeth\tNurse\t\t\t",
            HEADER,
            "Homes\tFind homes\tHousing\t\t\t",
        )
    )
    assert [a.key_outcome for a in preview.actions] == ["Health", "Homes"]


def test_bullet_points_run_together_become_actions_and_the_split_is_warned():
    preview = preview_file(
        text(
            HEADER,
            "Health\t Health checks are done on time Dental checks are booked within 20 days of "
            "the CLA review Where possible, carers attend\tNurse\t\t\t",
        )
    )
    assert [a.text for a in preview.actions] == [
        "Health checks are done on time",
        "Dental checks are booked within 20 days of the CLA review",
        "Where possible, carers attend",
    ]
    assert (2, "Action", "Read as 3 points run together, split where a new point starts.", "") in [
        (w.row, w.column, w.message, w.where) for w in preview.warnings
    ]


def test_a_cell_that_is_not_a_list_is_split_only_where_a_sentence_ends():
    preview = preview_file(
        text(
            HEADER,
            "Health\tEvery child has an up to date PEP which reflects their needs. "
            "Reports are kept\tNurse\t\t\t",
        )
    )
    assert [a.text for a in preview.actions] == [
        "Every child has an up to date PEP which reflects their needs.",
        "Reports are kept",
    ]
    notes = [(w.row, w.column, w.message) for w in preview.warnings if w.message.startswith("Read")]
    assert notes == [
        (2, "Action", "Read as 2 points run together, split at the end of each sentence.")
    ]


def test_a_lead_in_ending_in_a_colon_introduces_the_points_and_is_not_an_action():
    preview = preview_file(
        text(
            HEADER,
            "Remand\t Youth Offending and Social Care work together to:- Ensure the right "
            "placement. Support young people in transition.\tHead of YOS\t\t\t",
        )
    )
    assert [a.text for a in preview.actions] == [
        "Ensure the right placement.",
        "Support young people in transition.",
    ]
    assert any("introduces the points after it" in w.message for w in preview.warnings)


def test_a_section_row_with_only_its_first_cell_filled():
    preview = preview_file(
        text(
            HEADER,
            "Health\tCheck teeth\tNurse\t\t\t",
            "Care Leavers\t\t\t\t\t",
            "Homes\tFind homes\tHousing\t\t\t",
        )
    )
    assert preview.sections == ["Care Leavers"]
    assert [a.section for a in preview.actions] == ["", "Care Leavers"]
