"""The plan table's filters: drop-downs rendered in Python (same HTML as Django's), and search."""

import pytest
from django import forms
from django.test.html import parse_html

from actionplans.filters import PlanActionFilter, Select
from actionplans.models import KeyOutcome, Lead
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
    plan = build_plan(council, actions=2)
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
