"""You said, we did: the council's page of young people's asks and its answers, and the same
table printed in the board pack."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from actionplans.models import Action, Rag
from actionplans.templatetags.rag import rag_tag
from governance.models import Response, VoiceItem
from governance.packs.document import PackSpec, pack_html
from strategies.models import CouncilRole, Organisation, Role
from tests.conftest import build_meeting, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

RECORDED = datetime.datetime(2026, 3, 3, 12, 0, tzinfo=datetime.UTC)


def voice_url(organisation: Organisation) -> str:
    return reverse("governance:voice", args=[organisation.slug])


def action_url(action: Action) -> str:
    return reverse(
        "actionplans:action-detail", args=[action.plan.strategy.organisation.slug, action.pk]
    )


def ask(organisation: Organisation, said: str, **fields) -> VoiceItem:
    defaults = {"theme": "Accommodation", "raised_at": "Care Leavers Forum", "date_text": "May"}
    return VoiceItem.objects.create(organisation=organisation, said=said, **(defaults | fields))


def answer(item: VoiceItem, text: str, *, status=Response.Status.DONE, actions=()) -> Response:
    response = Response.objects.create(
        voice_item=item, text=text, status=status, created_at=RECORDED
    )
    response.actions.add(*actions)
    return response


def rate(action: Action, rag: str) -> Action:
    Action.objects.filter(pk=action.pk).update(rag=rag)
    action.refresh_from_db()
    return action


@pytest.fixture
def asked_and_answered(council, plan):
    """Two themes; one ask answered with two actions behind it, one ask not answered yet."""
    first, second, _ = plan.actions.order_by("number")
    first, second = rate(first, Rag.RED), rate(second, Rag.GREEN)
    housing = ask(council, "Smaller supported flats near college", date_text="April 2026")
    answer(housing, "We opened two small flats in Preston.", actions=[first, second])
    answer(housing, "We asked the district councils for more.", status=Response.Status.PLANNED)
    ask(council, "Out of hours support", theme="Support", raised_at="Local Offer event")
    return first, second


def test_the_page_shows_each_ask_where_and_when_and_each_answer_with_status_and_date(
    client, viewer, council, asked_and_answered
):
    client.force_login(viewer)
    page = client.get(voice_url(council)).content.decode()

    assert '<h1 class="govuk-heading-l">You said, we did</h1>' in page
    assert page.index(">Accommodation</th>") < page.index(">Support</th>")
    assert "Smaller supported flats near college" in page
    assert "Care Leavers Forum, April 2026" in page
    assert '<strong class="govuk-tag govuk-tag--green">Done</strong> We opened two small' in page
    assert '<strong class="govuk-tag govuk-tag--grey">Planned</strong> We asked the' in page
    assert page.count("Recorded on 3 March 2026") == 2
    assert "Out of hours support" in page
    assert "No response recorded yet." in page


def test_each_answer_links_to_the_actions_behind_it_with_their_current_rating(
    client, board_member, asked_and_answered
):
    first, second = asked_and_answered
    client.force_login(board_member)
    page = client.get(voice_url(first.plan.strategy.organisation)).content.decode()

    assert "Actions in our plans behind this:" in page
    for action, rag in ((first, "red"), (second, "green")):
        link = f'<a class="govuk-link" href="{action_url(action)}">{action.description}</a>'
        assert f"{link} {rag_tag(rag)}</li>" in page


def test_seeded_lancashire_shows_every_ask_under_its_theme(client, make_person):
    call_command("seed", council=["lancashire"], verbosity=0)
    lancashire = Organisation.objects.get(slug="lancashire")
    client.force_login(make_person("young-rep", lancashire, Role.VIEWER))
    page = client.get(voice_url(lancashire)).content.decode()

    items = list(VoiceItem.objects.for_organisation(lancashire))
    assert len(items) == 14
    assert [item.said for item in items if escape(item.said) not in page] == []
    for theme in {item.theme for item in items}:
        header = (
            f'<th scope="colgroup" colspan="3" class="govuk-table__header">{escape(theme)}</th>'
        )
        assert header in page
    assert page.count("No response recorded yet.") == 14


def test_hostile_words_show_as_text_and_never_run(client, owner, council, plan):
    action = plan.actions.first()
    Action.objects.filter(pk=action.pk).update(description='<script>alert("action")</script>')
    item = ask(council, '<script>alert("said")</script>', theme="<b>Theme</b>")
    answer(item, '<img src=x onerror=alert("did")>', actions=[action])
    client.force_login(owner)
    page = client.get(voice_url(council)).content.decode()

    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<b>Theme</b>" not in page
    assert "&lt;script&gt;alert(&quot;said&quot;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&quot;action&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(&quot;did&quot;)&gt;" in page
    assert "&lt;b&gt;Theme&lt;/b&gt;" in page


def test_another_councils_asks_never_appear(client, officer, council, other_council):
    ask(council, "Ask of our own council")
    theirs = ask(other_council, "Ask of another council", theme="Their theme")
    answer(theirs, "Answer of another council", actions=build_plan(other_council).actions.all())
    client.force_login(officer)
    page = client.get(voice_url(council)).content.decode()

    assert "Ask of our own council" in page
    assert "of another council" not in page
    assert "Their theme" not in page


def test_another_councils_page_is_404_for_every_role(client, personas, other_council):
    ask(other_council, "Ask of another council")
    for role, person in personas.items():
        if role == "outsider":
            continue
        client.force_login(person)
        assert client.get(voice_url(other_council)).status_code == 404, role


def test_a_council_with_no_asks_recorded_says_so(client, officer, council, other_council):
    ask(other_council, "Ask of another council")
    client.force_login(officer)
    page = client.get(voice_url(council)).content.decode()

    assert "No one has recorded what young people said yet." in page
    assert "<table" not in page


def test_the_council_home_links_to_the_page(client, viewer, council):
    client.force_login(viewer)
    page = client.get(reverse("governance:council-home", args=[council.slug])).content.decode()
    assert f'href="{voice_url(council)}"' in page


def queries_for(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def fill(organisation: Organisation, *, themes: int, asks: int, answers: int, actions: int):
    """`themes` x `asks` asks, each with `answers` answers of `actions` actions each."""
    plan_actions = list(build_plan(organisation, actions=actions * answers).actions.all())
    for theme in range(themes):
        for number in range(asks):
            item = ask(organisation, f"Ask {theme}-{number}", theme=f"Theme {theme}")
            for index in range(answers):
                behind = plan_actions[index * actions : (index + 1) * actions]
                answer(item, f"Answer {theme}-{number}-{index}", actions=behind)


def test_the_page_costs_the_same_queries_with_1_or_60_asks_answers_and_actions(
    client, make_person, council, other_council
):
    fill(council, themes=1, asks=1, answers=1, actions=1)
    fill(other_council, themes=3, asks=4, answers=3, actions=5)
    few_person = make_person("few", council, Role.VIEWER)
    many_person = make_person("many", other_council, Role.VIEWER)
    for person, organisation in ((few_person, council), (many_person, other_council)):
        client.force_login(person)
        client.get(voice_url(organisation))  # warm whatever the site keeps between requests

    client.force_login(few_person)
    few, _ = queries_for(client, voice_url(council))
    client.force_login(many_person)
    many, page = queries_for(client, voice_url(other_council))

    assert many == few
    assert page.count("Recorded on") == 3 * 4 * 3
    assert page.count(f'href="/councils/{other_council.slug}/actions/') == 3 * 4 * 3 * 5


def test_the_printed_pack_prints_the_table_without_dates_links_or_live_ratings(
    council, asked_and_answered
):
    first, _ = asked_and_answered
    meeting = build_meeting(council, first.plan)
    spec = PackSpec.preview(meeting, [first.plan], "I")
    html = pack_html(spec, on=datetime.date(2026, 4, 1))

    assert "Smaller supported flats near college" in html
    assert '<strong class="govuk-tag govuk-tag--green">Done</strong> We opened two small' in html
    assert "Recorded on" not in html
    assert "behind this" not in html
    assert action_url(first) not in html


def test_only_a_role_in_the_council_lets_a_person_read_it(client, make_person, council):
    ask(council, "Ask of our own council")
    person = make_person("newcomer")
    client.force_login(person)
    assert client.get(voice_url(council)).status_code == 404
    CouncilRole.objects.create(user=person, organisation=council, role=Role.VIEWER)
    assert client.get(voice_url(council)).status_code == 200
