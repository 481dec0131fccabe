"""The pickers that list many actions (a recommendation's, an answer to young people) group
them by key outcome, each by its reference, and let the person narrow the list with words,
without JavaScript (issue 13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actionplans.action_setup import action_add
from actionplans.models import KeyOutcome
from governance.models import Recommendation, VoiceItem
from tests.conftest import build_meeting, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture
def two_outcomes(council, owner):
    plan = build_plan(council, actions=2)
    heard = KeyOutcome.objects.create(plan=plan, number=2, title="Young people are heard")
    action_add(key_outcome=heard, added_by=owner, description="Run a youth forum", reference="2.1")
    return plan


def test_the_recommendation_picker_groups_actions_by_key_outcome_with_references(
    client, council, owner, two_outcomes
):
    meeting = build_meeting(council, two_outcomes)
    client.force_login(owner)
    url = reverse("governance:recommendation-create", kwargs={"org": "testshire", "pk": meeting.pk})

    page = client.get(url).content.decode()

    first = page.index(f"{two_outcomes.title}: 1. Care leavers have a home</legend>")
    second = page.index(f"{two_outcomes.title}: 2. Young people are heard</legend>")
    assert first < page.index("1.1 Action 1 of") < page.index("1.2 Action 2 of") < second
    assert second < page.index("2.1 Run a youth forum")
    assert "Narrow the list of actions" in page


def test_words_narrow_the_list_and_a_choice_outside_it_is_still_saved(
    client, council, owner, two_outcomes
):
    meeting = build_meeting(council, two_outcomes)
    client.force_login(owner)
    url = reverse("governance:recommendation-create", kwargs={"org": "testshire", "pk": meeting.pk})

    narrowed = client.get(url, {"find": "forum"}).content.decode()
    assert "2.1 Run a youth forum" in narrowed and "Action 1 of" not in narrowed
    assert "Actions matching “forum”" in narrowed
    none = client.get(url, {"find": "nothing says this"}).content.decode()
    assert "No action matches “nothing says this”" in none
    assert client.get(url, {"find": "forum\x00"}).status_code == 200

    first = two_outcomes.actions.get(number=1, key_outcome__number=1)
    answer = client.post(f"{url}?find=forum", {"text": "Report back", "actions": [first.pk]})
    assert answer.status_code == 302
    assert list(Recommendation.objects.get().actions.all()) == [first]


def test_narrowing_keeps_what_was_ticked_and_written_and_saves_nothing(
    client, council, owner, two_outcomes
):
    """Without JavaScript the "Show matching actions" button sends the form itself: it comes
    back narrowed with its ticks (those now outside the list too) and words, unsaved."""
    meeting = build_meeting(council, two_outcomes)
    client.force_login(owner)
    url = reverse("governance:recommendation-create", kwargs={"org": "testshire", "pk": meeting.pk})
    first = two_outcomes.actions.get(number=1, key_outcome__number=1)
    forum = two_outcomes.actions.get(key_outcome__number=2)

    page = client.get(url).content.decode()
    assert 'id="picker-form"' in page
    assert page.count('form="picker-form"') == 2  # the box and its button

    narrowed = client.post(
        url, {"narrow": "yes", "find": "forum", "text": "Half written", "actions": [first.pk]}
    )

    assert narrowed.status_code == 200
    html = narrowed.content.decode()
    assert Recommendation.objects.count() == 0
    assert "govuk-error-summary" not in html
    assert "Half written" in html and 'value="forum"' in html
    assert "2.1 Run a youth forum" in html and "Action 2 of" not in html
    kept = html[html.index("Chosen already, not in this list") :]
    assert f'value="{first.pk}" checked' in kept and "1.1 Action 1 of" in kept
    saved = client.post(url, {"text": "Report back", "actions": [first.pk, forum.pk]})
    assert saved.status_code == 302
    assert set(Recommendation.objects.get().actions.all()) == {first, forum}


def test_the_voice_picker_is_grouped_and_narrowed_too(client, council, owner, two_outcomes):
    item = VoiceItem.objects.create(organisation=council, said="More youth clubs")
    client.force_login(owner)
    url = reverse("governance:voice-respond", kwargs={"org": "testshire", "pk": item.pk})

    page = client.get(url, {"find": "2.1"}).content.decode()

    assert f"{two_outcomes.title}: 2. Young people are heard</legend>" in page
    assert "Run a youth forum" in page and "Action 1 of" not in page
