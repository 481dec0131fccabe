import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Action, KeyOutcome, Lead, PlanSection, Rag
from actionplans.services import progress_update_record
from actionplans.templatetags.plan_table import plan_table_rows
from tests.conftest import build_period, build_plan


def _grow(plan, *, outcomes: int, actions_each: int, updates_each: int, author) -> None:
    period = plan.periods.first()
    lead = plan.actions.first().leads.first()
    start = plan.key_outcomes.count() + 1
    # Sections in turn, so the table heads each outcome's group with its section: each
    # is read with its outcome, or a query apiece.
    sections = [
        plan.sections.first(),
        PlanSection.objects.create(plan=plan, number=start + 100, title="Grown"),
    ]
    for offset in range(outcomes):
        outcome = KeyOutcome.objects.create(
            plan=plan, number=start + offset, title=f"KO {offset}", section=sections[offset % 2]
        )
        for number in range(1, actions_each + 1):
            action = Action.objects.create(
                plan=plan, key_outcome=outcome, number=number, description=f"A {number}"
            )
            action.leads.add(lead)
            for _ in range(updates_each):
                progress_update_record(
                    action=action,
                    author=author,
                    narrative="Going well",
                    rag=Rag.GREEN,
                    period=period,
                )


def _plan_page_queries(client, plan) -> tuple[int, bytes]:
    url = reverse(
        "actionplans:plan-detail", kwargs={"org": plan.strategy.organisation.slug, "pk": plan.pk}
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content


@pytest.mark.django_db
def test_plan_page_query_count_does_not_grow_with_actions_or_updates(client, council, owner):
    plan = build_plan(council, actions=2)
    build_period(plan)
    client.force_login(owner)
    small, _ = _plan_page_queries(client, plan)
    _grow(plan, outcomes=6, actions_each=5, updates_each=3, author=owner)
    large, content = _plan_page_queries(client, plan)
    assert large == small
    assert content.count(b"Going well") == 30


@pytest.mark.django_db
def test_plan_page_shows_each_column_councils_know(client, council, owner):
    plan = build_plan(council, actions=1)
    action = plan.actions.get()
    progress_update_record(
        action=action,
        author=owner,
        narrative="Homes found for 12 care leavers",
        rag=Rag.AMBER,
        period=None,
    )
    client.force_login(owner)
    _, content = _plan_page_queries(client, plan)
    page = content.decode()
    for text in [
        "Key outcome",
        "Action",
        "Lead",
        "By when",
        "Progress",
        "RAG",
        "Care leavers have a home",
        action.description,
        "March 2030",
        "Homes found for 12 care leavers",
        "Amber",
        action.leads.get().name,
    ]:
        assert text in page
    assert datetime.date(2030, 3, 31).strftime("%-d %b %Y") in page


HOSTILE = '<b>x</b> & "q"'


@pytest.mark.django_db
def test_plan_table_rows_escape_every_value_and_head_each_group(council, owner):
    """The rows are written in Python (actionplans/templatetags/plan_table.py): every value
    the council or an officer typed is escaped, each key outcome spans its actions' rows,
    and a section heads the first of its key outcomes only."""
    plan = build_plan(council, actions=2)
    first, second = plan.actions.order_by("number")
    outcome = first.key_outcome
    section = outcome.section
    section.title = f"Section {HOSTILE}"
    section.save()
    outcome.title = f"Outcome {HOSTILE}"
    outcome.save()
    first.description = f"Described {HOSTILE}"
    first.reference = "1.<i>"
    first.deadline = datetime.date(2020, 1, 31)
    first.deadline_text = f"Words {HOSTILE}"
    first.save()
    Lead.objects.filter(actions=first).update(name=f"Lead {HOSTILE}")
    second.leads.clear()
    second.leads_text = f"Unsplit {HOSTILE}"
    second.deadline, second.deadline_text = None, ""
    second.status = "not_needed"
    second.save()
    progress_update_record(
        action=first, author=owner, narrative=f"Line {HOSTILE}\nNext", rag=Rag.RED, period=None
    )
    same_section = KeyOutcome.objects.create(plan=plan, number=2, title="Two", section=section)
    other_section = PlanSection.objects.create(plan=plan, number=2, title="Other")
    elsewhere = KeyOutcome.objects.create(plan=plan, number=3, title="Three", section=other_section)
    for number, key_outcome in enumerate([same_section, elsewhere], start=3):
        Action.objects.create(plan=plan, key_outcome=key_outcome, number=number, description="D")

    rows = list(
        Action.objects.of_plan(plan)
        .for_plan_page()
        .with_overdue_flag(on=datetime.date(2026, 12, 6))
    )
    for row in rows:
        row.url = f"/a/{row.pk}?x=1&y=2"
    html = plan_table_rows(rows)

    escaped = "&lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot;"
    assert "<b>" not in html and "<i>" not in html
    assert html.count("<tbody") == 3
    assert html.count("pledge-plan-table__section") == 2
    assert f'colspan="6" class="govuk-table__header">Section {escaped}</th>' in html
    assert (
        f'<th scope="rowgroup" rowspan="2" class="govuk-table__header pledge-plan-table__outcome"'
        f' data-label="Key outcome">Outcome {escaped}</th>'
        f'<td class="govuk-table__cell" data-label="Action">1.&lt;i&gt; <a class="govuk-link"'
        f' href="/a/{first.pk}?x=1&amp;y=2">Described {escaped}</a></td>'
        f'<td class="govuk-table__cell" data-label="Lead"><ul class="govuk-list pledge-leads">'
        f"<li>Lead {escaped}</li></ul></td>"
        f'<td class="govuk-table__cell" data-label="By when">Words {escaped}<br>'
        '<span class="govuk-body-s">31 Jan 2020</span><br>'
        '<strong class="govuk-tag govuk-tag--red">Overdue</strong></td>'
        f'<td class="govuk-table__cell pledge-narrative" data-label="Progress">Line {escaped}<br>'
        "Next</td>"
        '<td class="govuk-table__cell" data-label="RAG"><strong class="govuk-tag govuk-tag--red'
        ' pledge-rag pledge-rag--red">Red</strong></td></tr>'
    ) in html
    second_row = html[html.index(f"/a/{second.pk}?") :]
    assert second_row.startswith(
        f'/a/{second.pk}?x=1&amp;y=2">Action 2 of {plan.title}</a><br>'
        '<strong class="govuk-tag govuk-tag--grey">No longer needed</strong></td>'
        f'<td class="govuk-table__cell" data-label="Lead">Unsplit {escaped}</td>'
        '<td class="govuk-table__cell" data-label="By when"></td>'
        '<td class="govuk-table__cell pledge-narrative" data-label="Progress"></td>'
    )
