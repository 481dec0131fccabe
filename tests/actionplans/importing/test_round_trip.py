"""A plan downloaded from one council and imported into another comes back as it was:
sections, key outcomes, actions, references, leads, deadlines and latest ratings."""

import pytest
from django.urls import reverse

from actionplans.deadlines import deadline_date
from actionplans.exports import HEADINGS
from actionplans.importing import columns
from actionplans.importing.reading import preview_file
from actionplans.importing.writing import import_plan
from actionplans.models import Action, ActionPlan, KeyOutcome, Lead, PlanSection, Rag
from actionplans.services import progress_update_record
from tests.conftest import build_strategy

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def test_every_heading_of_the_downloads_is_one_the_importer_reads_as_its_column():
    fields = columns.recognise(HEADINGS)
    taken = {heading: field for heading, field in zip(HEADINGS, fields, strict=True) if field}
    assert taken == {
        "Section": columns.SECTION,
        "Key Outcome": columns.KEY_OUTCOME,
        "Ref": columns.REFERENCE,
        "Action": columns.ACTION,
        "Lead": columns.LEAD,
        "By when?": columns.DEADLINE,
        "Progress": columns.PROGRESS,
        "RAG": columns.RAG,
    }


def a_plan(council, officer) -> ActionPlan:
    """Two sections, three key outcomes, references given and not, several leads, deadlines
    in words with and without a date, and each rating, Blue and none included."""
    plan = ActionPlan.objects.create(strategy=build_strategy(council), title="Plan 2026-29")
    leaving, health = (
        PlanSection.objects.create(plan=plan, number=n, title=t)
        for n, t in ((1, "Care Leavers"), (2, "Health"))
    )
    homes = KeyOutcome.objects.create(
        plan=plan, number=1, section=leaving, title="Care leavers have a home"
    )
    work = KeyOutcome.objects.create(
        plan=plan, number=2, section=leaving, title="Care leavers are in work or training"
    )
    teeth = KeyOutcome.objects.create(
        plan=plan, number=3, section=health, title="Children see a dentist"
    )
    housing, school = (
        Lead.objects.create(organisation=council, name=name)
        for name in ("Leaving Care and Housing Team", "Virtual School")
    )
    rows = [
        (homes, "2.1", "Find supported lodgings", [housing, school], "Q3 2025/26", Rag.RED),
        (homes, "", "Train landlords", [housing], "Ongoing", Rag.AMBER),
        (work, "3.4", "Offer apprenticeships", [school], "31/03/2026", Rag.BLUE),
        (teeth, "", "Book checks within 20 days", [], "Spring term 2026", None),
    ]
    for number, (outcome, reference, text, leads, words, rag) in enumerate(rows, start=1):
        action = Action.objects.create(
            plan=plan,
            key_outcome=outcome,
            number=number,
            reference=reference,
            description=text,
            deadline_text=words,
            deadline=deadline_date(words),
        )
        action.leads.set(leads)
        if rag:
            progress_update_record(
                action=action, author=officer, narrative=f"On {text}", rag=rag, period=None
            )
    return plan


def as_it_is(plan: ActionPlan) -> list[tuple]:
    return [
        (
            a.key_outcome.section.title if a.key_outcome.section else "",
            a.key_outcome.title,
            a.label,
            a.description,
            sorted(lead.name for lead in a.leads.all()),
            a.deadline_text,
            a.deadline,
            a.rag,
            a.status,
        )
        for a in Action.objects.filter(plan=plan)
        .select_related("key_outcome__section")
        .order_by("key_outcome__number", "number")
    ]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_downloaded_plan_imported_into_another_council_is_the_same_plan(
    client, council, other_council, owner, officer, file_format
):
    plan = a_plan(council, officer)
    client.force_login(owner)
    url = reverse(
        f"actionplans:plan-export-{file_format}", kwargs={"org": council.slug, "pk": plan.pk}
    )
    data = client.get(url).content

    preview = preview_file(data)
    assert preview.errors == []
    copy = import_plan(
        organisation=other_council,
        preview=preview,
        plan_title="Copied plan",
        file_name=f"plan.{file_format}",
        data=data,
    )

    assert copy.strategy.organisation == other_council
    assert as_it_is(copy) == as_it_is(plan)
    assert [s.title for s in copy.sections.order_by("number")] == ["Care Leavers", "Health"]
    assert sorted(
        Lead.objects.filter(organisation=other_council).values_list("name", flat=True)
    ) == ["Leaving Care and Housing Team", "Virtual School"]
