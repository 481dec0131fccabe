"""Importing the Lancashire seed document against the curated seed data made from it by hand.

The curated data (fixtures/lancashire.json) was read by a person, who knew, say, that
"Start Well Commissioning Services Children's Social LINX" names three leads, and where the
columns of the PDF ran into each other. The importer reads with general rules only (see
actionplans/importing/reading.py). This test holds what must agree exactly (the key outcomes,
their order and titles, the Action column's words, the deadlines) and lists, key outcome by
key outcome, where a general rule reads differently from the person: any change to that list,
for better or worse, fails the test and must be looked at.
"""

import json
import re
from pathlib import Path

import pytest

from actionplans.importing.reading import preview_file

pytestmark = pytest.mark.sqlite

SOURCES = Path(__file__).resolve().parents[3] / "fixtures"
DOCUMENT = SOURCES / "sources" / "lancashire-cla-strategic-action-plan-2014-17.txt"

# (key outcome number, what differs): why a general rule reads it otherwise.
KNOWN_DIFFERENCES = {
    # Lead cells list several leads with nothing between them ("Start Well Commissioning
    # Services Children's Social LINX"); only "/", ",", ";" and line breaks separate leads.
    # Where they are separated by "/", a person kept "Senior Manager Lancaster/ Wyre/ Fylde"
    # as one lead; the rule makes three.
    **{
        (number, "leads"): "leads run together"
        for number in (2, 3, 4, 5, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25)
    },
    # Points of a list whose marks were lost, split where a person split them otherwise:
    # capitalised names mid-sentence ("a robust Foster Carer recruitment strategy"), a
    # person's knowledge that two columns ran into each other ("and Adoption Review
    # procedures"), sub-points after a semicolon.
    **{
        (number, "actions"): "points split otherwise"
        for number in (2, 4, 5, 6, 7, 9, 11, 12, 13, 15, 16, 18, 19, 20, 21, 22)
    },
    # A row carried over a page break ("complex needs", "Explore potential ...") takes the
    # leads and deadline of the row it finishes; a person gave it its own.
    (14, "deadlines"): "page-split row",
    (25, "deadlines"): "page-split row",
}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def test_importing_the_lancashire_document_agrees_with_the_curated_seed_data():
    curated = json.loads((SOURCES / "lancashire.json").read_text())["action_plans"][0]
    lead_names = {lead["key"]: lead["name"] for lead in curated["leads"]}
    preview = preview_file(DOCUMENT.read_bytes())
    assert preview.errors == []

    imported: dict[tuple[str, str], list] = {}
    for action in preview.actions:
        imported.setdefault((action.section, action.key_outcome), []).append(action)
    assert [title for _, title in imported] == [ko["title"] for ko in curated["key_outcomes"]]
    assert [section for section, _ in imported] == [ko["section"] for ko in curated["key_outcomes"]]
    assert preview.counts["key_outcomes"] == 25

    differences = set()
    for outcome, actions in zip(curated["key_outcomes"], imported.values(), strict=True):
        number, seeded = outcome["number"], outcome["actions"]
        read_as = " ".join(action.text for action in actions)
        # A lead-in ("... to work together to:-") is not an action in either.
        assert words(read_as) == words(" ".join(a["description"] for a in seeded)), number
        if [a["description"] for a in seeded] != [action.text for action in actions]:
            differences.add((number, "actions"))
        seeded_leads = {lead_names[key] for a in seeded for key in a["leads"]}
        if seeded_leads != {lead for action in actions for lead in action.leads}:
            differences.add((number, "leads"))
        seeded_deadlines = {a["deadline_text"] for a in seeded}
        if seeded_deadlines != {action.deadline_words for action in actions}:
            differences.add((number, "deadlines"))
    assert sorted(differences) == sorted(KNOWN_DIFFERENCES)
