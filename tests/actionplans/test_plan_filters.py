"""The plan table's filters: drop-downs rendered in Python (same HTML as Django's), search,
and GOV.UK labels, hints, styling and error messages."""

import re
from urllib.parse import urlencode

import pytest
from django import forms
from django.http import QueryDict
from django.test.html import parse_html
from django.urls import reverse

from actionplans.filters import PlanActionFilter, Select, plan_action_filter
from actionplans.models import ActionStatus, KeyOutcome, Lead, Rag
from tests.conftest import build_plan

CHOICES = [("", "Any lead"), (1, "Housing & <b>Homes</b>"), (2, 'Say "hello"'), (3, "Health")]


@pytest.mark.parametrize("value", [None, "", 2, "3", ["3", "1"]])
def test_select_renders_what_djangos_select_renders(value):
    attrs = {"class": "govuk-select", "id": "id_lead", "aria-describedby": "x"}
    ours = Select(choices=CHOICES).render("lead", value, attrs)
    django = forms.Select(choices=CHOICES).render("lead", value, attrs)
    assert parse_html(ours) == parse_html(django)
    assert "<b>" not in ours


@pytest.mark.django_db
def test_plan_filter_offers_every_key_outcome_and_marks_the_chosen_one(council):
    plan = build_plan(council)
    chosen = KeyOutcome.objects.create(plan=plan, number=2, title="Young people <script>")
    today = plan.created_at.date()
    data = {"key_outcome": str(chosen.pk)}
    form = PlanActionFilter(data, queryset=plan.actions.all(), plan=plan, period=None, today=today)
    html = str(form.form["key_outcome"])
    assert html.count("<option") == 3
    assert f'<option value="{chosen.pk}" selected>Young people &lt;script&gt;</option>' in html
    assert 'class="govuk-select"' not in html  # crispy adds GOV.UK classes; plain Django none


@pytest.mark.django_db
def test_search_finds_an_action_by_any_leads_name_once(council):
    # build_plan numbers its plan and lead ("Plan 121", "Housing 122"): a 2 in either would
    # match "action 2" on both actions.
    plan = build_plan(council, actions=2, title="Leaving care")
    Lead.objects.filter(actions__plan=plan).update(name="Housing")
    first, second = plan.actions.order_by("number")
    for name in ("Housing Options North", "Housing Options South"):
        first.leads.add(Lead.objects.create(organisation=council, name=name))
    today = plan.created_at.date()

    def search(words: str) -> list:
        data = {"q": words}
        found = PlanActionFilter(
            data, queryset=plan.actions.all(), plan=plan, period=None, today=today
        )
        return list(found.qs)

    assert search("options") == [first]
    assert search("options south") == [first]
    assert search("action 2") == [second]
    assert search("options action 2") == []


LABELS = {
    "q": "Search",
    "sort": "Sort by",
    "objective": "Objective",
    "section": "Section",
    "lead": "Lead",
    "key_outcome": "Key outcome",
    "due_after": "Due after",
    "due_before": "Due before",
    "rag": "RAG rating",
    "status": "Status",
    "overdue": "Overdue",
    "not_overdue": "Not overdue",
    "not_updated": "Not updated this period",
    "deadline_moved": "Deadline moved",
}


def plan_page(client, plan, query: str) -> str:
    url = reverse(
        "actionplans:plan-detail", kwargs={"org": plan.strategy.organisation.slug, "pk": plan.pk}
    )
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    return response.content.decode()


def rendered_input(page: str, name: str) -> str:
    return re.search(rf'<input type="text" name="{name}"[^>]*>', page).group(0)


@pytest.mark.django_db
def test_every_filter_has_a_label_written_for_people_not_made_from_its_field_name(plan):
    today = plan.created_at.date()
    form = PlanActionFilter(None, queryset=plan.actions.all(), plan=plan, period=None, today=today)
    assert {name: field.label for name, field in form.form.fields.items()} == LABELS


@pytest.mark.django_db
@pytest.mark.parametrize("name, label", [("due_before", "Due before"), ("due_after", "Due after")])
@pytest.mark.parametrize("typed", ["31/02/2027", "next week", "2027-13-01"])
def test_a_due_date_that_is_not_real_is_reported_in_govuk_words(
    client, owner, plan, name, label, typed
):
    client.force_login(owner)
    page = plan_page(client, plan, f"{name}={typed}")

    assert f'<li><a href="#id_{name}">{label} must be a real date</a></li>' in page
    assert "Enter a valid date" not in page
    assert 'class="govuk-input govuk-input--width-10 govuk-input--error"' in rendered_input(
        page, name
    )
    assert "<title>Error: " in page


@pytest.mark.django_db
def test_due_dates_are_govuk_text_inputs_with_a_hint_and_accept_a_real_date(client, owner, plan):
    client.force_login(owner)
    page = plan_page(client, plan, "due_after=1/4/2027&due_before=31%2F3%2F2031")

    for name, hint in [
        ("due_after", "On or after this date, for example 1/4/2027"),
        ("due_before", "On or before this date, for example 31/3/2027"),
    ]:
        field = rendered_input(page, name)
        assert 'class="govuk-input govuk-input--width-10"' in field
        assert f'aria-describedby="id_{name}_hint"' in field
        assert f'<div id="id_{name}_hint" class="govuk-hint">{hint}</div>' in page
    assert "govuk-error-summary" not in page
    assert "3 actions match the filters" in page  # each due 31 March 2030


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, message",
    [
        ("lead=999999", "Select a lead from the list"),
        ("objective=not-a-number", "Select an objective from the list"),
        ("rag=purple", "Select RAG ratings from the list"),
        ("sort=sideways", "Select an order from the list"),
    ],
)
def test_a_choice_no_longer_on_offer_says_to_pick_from_the_list(
    client, owner, plan, query, message
):
    client.force_login(owner)
    page = plan_page(client, plan, query)
    assert message in page
    assert "Select a valid choice" not in page


@pytest.mark.django_db
def test_due_dates_the_wrong_way_round_are_reported_not_left_to_match_nothing(client, owner, plan):
    client.force_login(owner)
    page = plan_page(client, plan, "due_after=1/4/2031&due_before=31/3/2027")

    message = "Due after must be the same as or before Due before"
    assert f'<li><a href="#id_due_after">{message}</a></li>' in page
    assert "<title>Error: " in page
    same_day = plan_page(client, plan, "due_after=1/4/2031&due_before=1/4/2031")
    assert message not in same_day and "<title>Error: " not in same_day


@pytest.mark.django_db
def test_every_filter_at_once_lists_each_action_once_without_distinct(council):
    # No filter joins to many rows of another table (the leads filter matches one row of the
    # action-lead table at most), so no DISTINCT: it made the database build every matching
    # row whole, newest update and all, before keeping a page.
    plan = build_plan(council, actions=3)
    lead = Lead.objects.filter(actions__plan=plan).first()
    for action in plan.actions.all():
        action.leads.add(Lead.objects.create(organisation=council, name=f"Also {action.pk}"))
    data = {
        "rag": [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED],
        "status": [ActionStatus.OPEN, ActionStatus.COMPLETE],
        "lead": str(lead.pk),
        "q": "action",
        "sort": "rag",
    }
    query = QueryDict(urlencode(data, doseq=True))
    found = plan_action_filter(query, plan=plan, today=plan.created_at.date())

    assert found.is_valid(), found.form.errors
    assert sorted(found.qs.values_list("pk", flat=True)) == sorted(
        plan.actions.filter(leads=lead).values_list("pk", flat=True)
    )
    assert "DISTINCT" not in str(found.qs.query)
