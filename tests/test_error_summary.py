"""Every link in an error summary leads to a field on the page, radios and checkboxes too."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from governance.models import VoiceItem
from tests.conftest import build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

SUMMARY = re.compile(r'<div class="govuk-error-summary".*?</ul>', re.S)


def targets(response) -> list[str]:
    page = response.content.decode()
    summary = SUMMARY.search(page)
    assert summary, "no error summary on the page"
    anchors = re.findall(r'href="#([^"]*)"', summary.group(0))
    assert anchors
    missing = [a for a in anchors if not a or f'id="{a}"' not in page]
    assert missing == [], f"error summary links lead nowhere: {missing}"
    return anchors


def test_radios_and_text_on_the_progress_update_form(client, council, owner):
    action = build_plan(council, actions=1).actions.get()
    client.force_login(owner)
    url = reverse("actionplans:update-create", args=[council.slug, action.pk])
    response = client.post(url, {"version": action.version})
    assert "id_rag_1" in targets(response)


def test_checkboxes_and_dates_on_the_plan_filters(client, council, owner):
    plan = build_plan(council, actions=1)
    client.force_login(owner)
    url = reverse("actionplans:plan-detail", args=[council.slug, plan.pk])
    anchors = targets(client.get(url, {"rag": "purple", "due_before": "soon"}))
    assert {"id_rag_1", "id_due_before"} <= set(anchors)


def test_radios_on_the_answer_form(client, council, owner):
    item = VoiceItem.objects.create(organisation=council, said="More youth workers")
    client.force_login(owner)
    url = reverse("governance:voice-respond", args=[council.slug, item.pk])
    assert "id_status_1" in targets(client.post(url, {}))
