"""The plan page's filter form, reused from the cache, shows what crispy would render now."""

import datetime

import pytest
from crispy_forms.utils import render_crispy_form
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse

from actionplans.filters import CHOICE_LABELS, filter_form_html, plan_action_filter
from actionplans.models import KeyOutcome, Lead
from tests.conftest import build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

TODAY = datetime.date(2027, 1, 15)


def _page(client, plan, query: str = "") -> str:
    url = reverse(
        "actionplans:plan-detail", kwargs={"org": plan.strategy.organisation.slug, "pk": plan.pk}
    )
    response = client.get(url + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("query", ["", "q=homes&rag=red&sort=rag", "due_after=soon"])
def test_the_reused_form_is_the_one_crispy_renders(council, query):
    plan = build_plan(council, actions=2)
    cache.clear()

    first = filter_form_html(plan_action_filter(QueryDict(query), plan=plan, today=TODAY))
    again = filter_form_html(plan_action_filter(QueryDict(query), plan=plan, today=TODAY))

    fresh = plan_action_filter(QueryDict(query), plan=plan, today=TODAY).form
    assert first == again == render_crispy_form(fresh)


def test_a_renamed_lead_shows_in_the_filter_form_on_the_next_request(client, council, owner):
    plan = build_plan(council, actions=2)
    client.force_login(owner)
    _page(client, plan)
    lead = Lead.objects.filter(actions__plan=plan).first()
    lead.name = "Adult social care"
    lead.save()

    page = _page(client, plan)

    assert f'<option value="{lead.pk}">Adult social care</option>' in page


def test_a_new_key_outcome_shows_in_the_filter_form_on_the_next_request(client, council, owner):
    plan = build_plan(council, actions=2)
    client.force_login(owner)
    _page(client, plan, "?sort=deadline")
    outcome = KeyOutcome.objects.create(plan=plan, number=99, title="Fewer empty homes")

    page = _page(client, plan, "?sort=deadline")

    assert f'<option value="{outcome.pk}">Fewer empty homes</option>' in page


def test_a_form_with_errors_shows_what_was_typed_each_time(client, council, owner):
    plan = build_plan(council, actions=1)
    client.force_login(owner)

    for typed in ["next week", "someday"]:
        page = _page(client, plan, f"?due_after={typed}")
        assert f'value="{typed}"' in page


def test_each_choice_list_is_read_in_one_query_whether_or_not_the_form_is_reused(
    council, django_assert_num_queries
):
    plan = build_plan(council, actions=2)
    cache.clear()
    lists = 4  # objectives, sections, key outcomes, leads

    for _ in range(2):  # rendered, then reused
        filterset = plan_action_filter(QueryDict("q=homes"), plan=plan, today=TODAY)
        filterset.form.is_valid()
        with django_assert_num_queries(lists):
            filter_form_html(filterset)


def test_each_drop_down_reads_its_choices_as_the_models_name_them(council):
    plan = build_plan(council, actions=2)
    filterset = plan_action_filter(QueryDict(""), plan=plan, today=TODAY)

    filter_form_html(filterset)

    for name in CHOICE_LABELS:
        field = filterset.form.fields[name]
        named = [(pk, label) for pk, label in field.widget.choices if pk != ""]
        assert named == [(item.pk, str(item)) for item in field.queryset]
        assert named, name  # each list offers something to compare
