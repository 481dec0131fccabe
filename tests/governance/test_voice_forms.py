"""Recording what young people said and what was done about it: the services and the forms."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from governance.models import Response, VoiceItem
from governance.packs.document import PackSpec, pack_html
from governance.voice.services import voice_item_record, voice_response_record
from strategies.models import ChangeRecord, Organisation
from tests.conftest import build_meeting, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> {{ 6|add:1 }} {% now "Y" %}'


def voice_url(organisation: Organisation) -> str:
    return reverse("governance:voice", args=[organisation.slug])


def create_url(organisation: Organisation) -> str:
    return reverse("governance:voice-create", args=[organisation.slug])


def respond_url(item: VoiceItem) -> str:
    return reverse("governance:voice-respond", args=[item.organisation.slug, item.pk])


@pytest.fixture
def item(council) -> VoiceItem:
    return VoiceItem.objects.create(
        organisation=council, said="Out of hours support", theme="Support", raised_at="Forum"
    )


def written() -> tuple[int, int, int]:
    """What a form could have written: asks, answers and change records."""
    return VoiceItem.objects.count(), Response.objects.count(), ChangeRecord.objects.count()


# --- The services ----------------------------------------------------------------------------


def test_an_ask_is_kept_less_control_characters_with_a_date_read_from_its_words(owner, council):
    item = voice_item_record(
        organisation=council,
        said="  More \x00youth\x07 clubs\x1f after 5pm  ",
        theme="Activities\x1b",
        raised_at="Care Leavers Forum",
        date_text="April 2026",
        recorded_by=owner,
    )

    item.refresh_from_db()
    assert item.said == "More youth clubs after 5pm"
    assert item.theme == "Activities"
    assert (item.raised_at, item.date_text) == ("Care Leavers Forum", "April 2026")
    assert item.raised_on == datetime.date(2026, 4, 30)
    record = ChangeRecord.objects.for_object(item).get()
    assert (record.organisation, record.actor) == (council, owner)
    assert record.summary == "Recorded what young people said"


def test_an_ask_with_only_spaces_and_invisible_marks_is_refused_and_nothing_is_written(
    owner, council
):
    before = written()
    with pytest.raises(ValidationError) as refused:
        voice_item_record(
            organisation=council, said=" \u200b\u200e\t", date_text="x" * 101, recorded_by=owner
        )

    assert refused.value.message_dict == {
        "said": ["Enter what young people said"],
        "date_text": ["When they said it must be 100 characters or fewer"],
    }
    assert written() == before


def test_each_part_of_an_ask_has_its_own_limit_named_in_the_message(owner, council):
    with pytest.raises(ValidationError) as refused:
        voice_item_record(
            organisation=council,
            said="x" * 5001,
            theme="t" * 201,
            raised_at="r" * 301,
            date_text="April 2026",
            recorded_by=owner,
        )

    assert refused.value.message_dict == {
        "said": ["What young people said must be 5,000 characters or fewer"],
        "theme": ["The theme must be 200 characters or fewer"],
        "raised_at": ["Where they said it must be 300 characters or fewer"],
    }
    kept = voice_item_record(
        organisation=council,
        said="x" * 5000,
        theme="t" * 200,
        raised_at="r" * 300,
        recorded_by=owner,
    )
    assert (len(kept.said), len(kept.theme), len(kept.raised_at)) == (5000, 200, 300)


def test_an_ask_needs_only_what_was_said_and_its_record_names_theme_and_place(owner, council):
    item = voice_item_record(organisation=council, said="More youth clubs", recorded_by=owner)

    item.refresh_from_db()
    assert (item.theme, item.raised_at, item.date_text, item.raised_on) == ("", "", "", None)
    assert ChangeRecord.objects.for_object(item).get().changes == {
        "theme": [None, ""],
        "raised_at": [None, ""],
    }
    placed = voice_item_record(
        organisation=council,
        said="Later buses",
        theme="Transport",
        raised_at="Forum",
        recorded_by=owner,
    )
    assert ChangeRecord.objects.for_object(placed).get().changes == {
        "theme": [None, "Transport"],
        "raised_at": [None, "Forum"],
    }


def test_answers_are_added_newest_first_with_the_actions_behind_them(owner, item, plan):
    first, second, _ = plan.actions.order_by("number")
    older = voice_response_record(
        voice_item=item,
        text="We asked the out of hours team.",
        status=Response.Status.PLANNED,
        author=owner,
        at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
    )
    newer = voice_response_record(
        voice_item=item,
        text="The out of hours line now takes texts.",
        status=Response.Status.DONE,
        actions=[first, second],
        author=owner,
    )

    shown = VoiceItem.objects.with_responses().get(pk=item.pk)
    assert list(shown.responses.all()) == [newer, older]
    assert set(newer.actions.all()) == {first, second}
    assert not older.actions.exists()
    assert older.text == "We asked the out of hours team."  # not changed by the later answer
    record = ChangeRecord.objects.for_object(newer).get()
    assert (record.actor, record.summary) == (owner, "Recorded what was done: Done")
    assert record.changes["status"] == [None, "done"]


def test_an_answer_is_kept_at_its_time_with_the_start_of_each_actions_words_recorded(
    owner, item, plan
):
    action = plan.actions.first()
    action.description = "d" * 100
    action.save()
    at = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.UTC)

    answer = voice_response_record(
        voice_item=item, text="Done", status="done", actions=[action], author=owner, at=at
    )

    answer.refresh_from_db()
    assert (answer.created_at, answer.is_demo) == (at, False)
    record = ChangeRecord.objects.for_object(answer).get()
    assert record.at == at
    assert record.changes["actions"] == [None, ["d" * 80]]


def test_an_answer_over_the_limit_is_refused_with_the_limit(owner, item):
    with pytest.raises(ValidationError) as refused:
        voice_response_record(voice_item=item, text="x" * 5001, status="done", author=owner)

    assert refused.value.message_dict == {
        "text": ["What was done must be 5,000 characters or fewer"]
    }


def test_an_answer_with_no_words_or_status_is_refused_and_nothing_is_written(owner, item):
    before = written()
    with pytest.raises(ValidationError) as refused:
        voice_response_record(voice_item=item, text="\x00 ", status="finished", author=owner)

    assert refused.value.message_dict == {
        "text": ["Enter what was done"],
        "status": ["Select the status"],
    }
    assert written() == before


def test_an_answer_cannot_link_an_action_of_another_council(owner, item, plan, other_plan):
    before = written()
    with pytest.raises(ValidationError) as refused:
        voice_response_record(
            voice_item=item,
            text="Done",
            status=Response.Status.DONE,
            actions=[plan.actions.first(), other_plan.actions.first()],
            author=owner,
        )

    assert refused.value.message_dict == {"actions": ["Select actions of this council's plans"]}
    assert written() == before


# --- The pages -------------------------------------------------------------------------------


def test_a_plan_owner_records_an_ask_and_sees_it_on_the_page_with_a_success_banner(
    client, owner, council
):
    client.force_login(owner)
    response = client.post(
        create_url(council),
        {
            "said": "More youth clubs after 5pm",
            "theme": "Activities",
            "raised_at": "Children in Care Council",
            "date_text": "May 2026",
        },
        follow=True,
    )

    item = VoiceItem.objects.get()
    assert response.redirect_chain == [(f"{voice_url(council)}#ask-{item.pk}", 302)]
    page = response.content.decode()
    assert "govuk-notification-banner--success" in page
    assert "What young people said has been recorded" in page
    assert f'id="ask-{item.pk}"' in page
    assert "More youth clubs after 5pm" in page
    assert "Children in Care Council, May 2026" in page
    assert ChangeRecord.objects.for_object(item).get().actor == owner


def test_an_empty_ask_comes_back_with_the_error_summary_and_saves_nothing(
    client, admin_user, council
):
    client.force_login(admin_user)
    before = written()
    response = client.post(create_url(council), {"said": "   ", "theme": "Activities"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record what young people said" in page
    assert "There is a problem" in page
    assert '<a href="#id_said">Enter what young people said</a>' in page
    assert 'value="Activities"' in page  # what was typed is kept
    assert written() == before


def test_an_administrator_records_what_was_done_with_actions_and_sees_it_first(
    client, admin_user, item, plan
):
    action = plan.actions.order_by("number").first()
    earlier = Response.objects.create(
        voice_item=item,
        text="We will ask the team.",
        created_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
    )
    client.force_login(admin_user)
    response = client.post(
        respond_url(item),
        {"text": "The line now takes texts.", "status": "in_progress", "actions": [action.pk]},
        follow=True,
    )

    answer = Response.objects.exclude(pk=earlier.pk).get()
    assert (answer.author, answer.status, list(answer.actions.all())) == (
        admin_user,
        Response.Status.IN_PROGRESS,
        [action],
    )
    page = response.content.decode()
    assert response.redirect_chain == [(f"{voice_url(item.organisation)}#ask-{item.pk}", 302)]
    assert "What was done has been recorded" in page
    assert page.index("The line now takes texts.") < page.index("We will ask the team.")
    assert '<strong class="govuk-tag govuk-tag--teal">Under way</strong>' in page
    assert f">{action.description}</a>" in page


def test_an_answer_with_no_status_says_select_the_status_and_saves_nothing(client, owner, item):
    client.force_login(owner)
    before = written()
    response = client.post(respond_url(item), {"text": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record what was done" in page
    assert "Enter what was done</a>" in page
    assert "Select the status</a>" in page
    assert written() == before


def test_the_answer_form_offers_only_the_councils_own_actions_and_refuses_another(
    client, owner, item, plan, other_plan
):
    theirs = other_plan.actions.first()
    client.force_login(owner)
    form_page = client.get(respond_url(item)).content.decode()
    for action in plan.actions.all():
        assert f'value="{action.pk}"' in form_page
    assert other_plan.title not in form_page

    before = written()
    response = client.post(
        respond_url(item), {"text": "Done", "status": "done", "actions": [theirs.pk]}
    )
    assert "Select actions of this council&#x27;s plans" in response.content.decode()
    assert written() == before


@pytest.mark.parametrize("role", ["officer", "board", "viewer"])
def test_officers_board_members_and_viewers_get_403_and_write_nothing(
    client, personas, council, item, role
):
    client.force_login(personas[role])
    before = written()
    for url, data in (
        (create_url(council), {"said": "More youth clubs"}),
        (respond_url(item), {"text": "Done", "status": "done"}),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url
    assert written() == before


def test_another_councils_ask_is_404_even_to_a_plan_owner(client, owner, other_council):
    theirs = VoiceItem.objects.create(organisation=other_council, said="Their ask")
    under_our_slug = reverse("governance:voice-respond", args=["testshire", theirs.pk])
    client.force_login(owner)
    before = written()

    for url in (respond_url(theirs), under_our_slug):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"text": "Done", "status": "done"}).status_code == 404, url
    assert client.get(create_url(other_council)).status_code == 404
    assert written() == before


def test_the_page_shows_the_record_links_only_to_those_who_may(client, personas, council, item):
    for role, may in [
        ("owner", True),
        ("admin", True),
        ("officer", False),
        ("board", False),
        ("viewer", False),
    ]:
        client.force_login(personas[role])
        page = client.get(voice_url(council)).content.decode()
        assert (f'href="{create_url(council)}"' in page) is may, role
        assert (f'href="{respond_url(item)}"' in page) is may, role
        assert ("Record what was done" in page) is may, role


def test_the_printed_pack_never_shows_the_record_links(council, plan, item):
    spec = PackSpec.preview(build_meeting(council, plan), [plan], "I")
    html = pack_html(spec, on=datetime.date(2026, 4, 1))

    assert "Out of hours support" in html
    assert "Record what" not in html
    assert respond_url(item) not in html


def test_hostile_words_are_kept_as_typed_and_shown_as_text(client, owner, council):
    client.force_login(owner)
    client.post(create_url(council), {"said": HOSTILE + "\x00", "theme": HOSTILE[:200]})
    item = VoiceItem.objects.get()
    client.post(respond_url(item), {"text": "\x00" + HOSTILE, "status": "done"})
    page = client.get(voice_url(council)).content.decode()

    assert item.said == HOSTILE
    assert Response.objects.get().text == HOSTILE
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert page.count("{{ 6|add:1 }} {% now &quot;Y&quot; %}") == 3  # never evaluated
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 3


def test_the_council_with_two_plans_offers_the_actions_of_both(client, owner, council, item):
    plans = [build_plan(council, actions=1), build_plan(council, actions=1)]
    client.force_login(owner)
    page = client.get(respond_url(item)).content.decode()

    for plan in plans:
        assert f'value="{plan.actions.get().pk}"' in page


def test_the_demonstration_layer_answers_three_lancashire_asks_each_with_its_actions(
    monkeypatch,
):
    monkeypatch.setenv("PLEDGE_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed", "--demo", council=["lancashire"], verbosity=0)

    answers = Response.objects.filter(is_demo=True).order_by("created_at")
    assert [(answer.voice_item.said[:30], answer.actions.count()) for answer in answers] == [
        ("Smaller types of supported acc", 2),
        ("Practical skills to prepare fo", 1),
        ("Great if care leavers received", 1),
    ]
    assert Response.objects.filter(is_demo=False).count() == 0
    owner = get_user_model().objects.get(username="lancashire-owner")
    assert {answer.author for answer in answers} == {owner}
    assert all(ChangeRecord.objects.for_object(answer).exists() for answer in answers)
