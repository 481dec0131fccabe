"""Whatever people type, every page shows it as text: escaped, never run, never evaluated.

Each string of a hostile corpus goes through every form that takes text (progress, deadline
words and reason, closing reason, meeting title, agenda item, recommendation and its update,
what young people said and what was done), each field's value prefixed with its name. Then
every page that shows them (the action, the plan table, My actions, both dashboards, the
meeting, the pack preview, You said, we did) must show the value
escaped where it belongs, never the raw markup, and template syntax literally.

Decided here: control characters such as NUL are removed from every text field, progress,
deadline and closing text and the governance forms alike (core.text.plain_text: they cannot
be typed, PostgreSQL refuses NUL and XML exports refuse the rest). Progress is at most 5,000
characters, reasons 2,000, deadline words 200.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from actionplans.models import Action, ActionStatus, Lead, Rag
from governance.models import AgendaItem, Meeting, Recommendation, VoiceItem
from tests.conftest import build_meeting, build_period, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

CORPUS = {
    "script": '<script>alert("pledge")</script>',
    "img": "<img src=x onerror=alert(1)>",
    "template-variable": "{{ request }} {{ request.META }}",
    "template-tag": "{% debug %}{% now 'Y' %}",
    "quotes": '"\' onmouseover="alert(1)" x=\'',
    "javascript-url": 'javascript:alert(1) <a href="javascript:alert(2)">link</a>',
    "right-to-left": "budget \u202eexe.txt\u202c agreed",
    "zero-width": "zero\u200bwidth\ufeffmarks",
    "nul": "before\x00after",
    "ampersand": "Fish &amp; chips & &lt;b&gt;",
}
TEMPLATE_SYNTAX = {"template-variable": "{{ request }}", "template-tag": "{% debug %}"}
# What must never reach a page from the corpus: live markup, or evaluated template code.
NEVER = [
    "<script>alert(",
    "<img src=x",
    '" onmouseover="alert',
    '<a href="javascript:',
    "WSGIRequest",
    "'True': True",
    "&#x27;True&#x27;: True",
    "wsgi.input",
]


def stored(field: str, text: str) -> str:
    """The value as kept: control characters go from every text field."""
    return f"{field}: {text}".replace("\x00", "")


@pytest.fixture
def setting(council, officer, owner):
    return build_setting(council, officer)


def build_setting(council, officer) -> dict:
    """An overdue action the officer leads, another to close, and a meeting of the plan."""
    plan = build_plan(council, actions=2)
    build_period(
        plan,
        name="Current",
        starts_on=datetime.date.today() - datetime.timedelta(days=10),
        ends_on=datetime.date.today() + datetime.timedelta(days=80),
    )
    action, to_close = plan.actions.order_by("number")
    Action.objects.filter(pk=action.pk).update(deadline=datetime.date(2020, 1, 31))
    Lead.objects.get(actions=action).officers.add(officer)
    meeting = build_meeting(council, plan, date=datetime.date.today() + datetime.timedelta(30))
    return {"plan": plan, "action": action, "to_close": to_close, "meeting": meeting}


def post_everything(client, council, officer, owner, setting, text: str) -> dict[str, object]:
    """Post `text` through every text field; return each response by field."""
    org = council.slug
    action, to_close, meeting = setting["action"], setting["to_close"], setting["meeting"]

    def on(name, pk):
        return reverse(name, kwargs={"org": org, "pk": pk})

    def version(pk):
        return Action.objects.get(pk=pk).version

    client.force_login(officer)
    responses = {}
    responses["narrative"] = client.post(
        on("actionplans:update-create", action.pk),
        {"narrative": f"narrative: {text}", "rag": Rag.RED, "version": version(action.pk)},
    )
    responses["new_text"] = responses["reason"] = client.post(
        on("actionplans:deadline-change", action.pk),
        {
            "new_text": f"new_text: {text}",
            "reason": f"reason: {text}",
            "version": version(action.pk),
        },
    )
    client.force_login(owner)
    responses["close_reason"] = client.post(
        on("actionplans:action-close", to_close.pk),
        {"reason": f"close_reason: {text}", "version": version(to_close.pk)},
    )
    responses["meeting_title"] = client.post(
        on("governance:meeting-create", meeting.board_id),
        {"date_0": "3", "date_1": "3", "date_2": "2031", "title": f"meeting_title: {text}"},
    )
    responses["agenda"] = client.post(
        on("governance:agenda-item-create", meeting.pk),
        {
            "title": f"agenda_title: {text}",
            "author_role": f"author_role: {text}",
            "actions_asked": f"actions_asked: {text}",
            "plans": [setting["plan"].pk],
        },
    )
    responses["recommendation"] = client.post(
        on("governance:recommendation-create", meeting.pk),
        {"text": f"recommendation: {text}", "owner": f"owner: {text}", "actions": [action.pk]},
    )
    recommendation = Recommendation.objects.filter(board=meeting.board).first()
    if recommendation is not None:
        responses["recommendation_update"] = client.post(
            on("governance:recommendation-update", recommendation.pk),
            {"text": f"recommendation_update: {text}", "status": "in_progress"},
        )
    responses["voice"] = client.post(
        reverse("governance:voice-create", kwargs={"org": org}),
        {
            "said": f"said: {text}",
            "theme": f"theme: {text}",
            "raised_at": f"raised_at: {text}",
            "date_text": f"date_text: {text}",
        },
    )
    item = VoiceItem.objects.filter(organisation=council).first()
    if item is not None:
        responses["voice_answer"] = client.post(
            on("governance:voice-respond", item.pk),
            {"text": f"answer: {text}", "status": "done", "actions": [action.pk]},
        )
    return responses


def pages(council, setting) -> dict[str, str]:
    org, plan, meeting = council.slug, setting["plan"], setting["meeting"]
    new_meeting = Meeting.objects.filter(board=meeting.board).exclude(pk=meeting.pk).first()
    urls = {
        "action": reverse(
            "actionplans:action-detail", kwargs={"org": org, "pk": setting["action"].pk}
        ),
        "closed": reverse(
            "actionplans:action-detail", kwargs={"org": org, "pk": setting["to_close"].pk}
        ),
        "plan": reverse("actionplans:plan-detail", kwargs={"org": org, "pk": plan.pk}),
        "my-actions": reverse("actionplans:my-actions"),
        "dashboard": reverse("governance:plan-dashboard", kwargs={"org": org, "pk": plan.pk}),
        "council-dashboard": reverse("governance:council-dashboard", kwargs={"org": org}),
        "meeting": reverse("governance:meeting-detail", kwargs={"org": org, "pk": meeting.pk}),
        "pack": reverse("governance:pack-preview", kwargs={"org": org, "pk": meeting.pk}),
        "voice": reverse("governance:voice", kwargs={"org": org}),
    }
    if new_meeting is not None:
        urls["new-meeting"] = reverse(
            "governance:meeting-detail", kwargs={"org": org, "pk": new_meeting.pk}
        )
    return urls


# Where each field's value must be seen (escaped); every page is checked for leaks.
SHOWN_ON = {
    "narrative": ("action", "plan", "dashboard", "pack"),
    "new_text": ("action", "plan", "my-actions"),
    "reason": ("action",),
    "close_reason": ("closed",),
    "meeting_title": ("new-meeting",),
    "agenda_title": ("meeting", "pack"),
    "author_role": ("meeting",),
    "actions_asked": ("meeting",),
    "recommendation": ("meeting", "pack"),
    "owner": ("meeting", "pack"),
    "recommendation_update": ("meeting",),
    "said": ("voice", "pack"),
    "theme": ("voice", "pack"),
    "raised_at": ("voice", "pack"),
    "date_text": ("voice", "pack"),
    "answer": ("voice", "pack"),
}


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_text_is_shown_escaped_on_every_page_and_never_run(
    client, council, officer, owner, setting, name
):
    text = CORPUS[name]
    responses = post_everything(client, council, officer, owner, setting, text)
    for field in ("narrative", "new_text", "close_reason", "meeting_title", "agenda"):
        assert responses[field].status_code == 302, (field, responses[field].content[:2000])
    for field in ("recommendation", "recommendation_update", "voice", "voice_answer"):
        assert responses[field].status_code == 302, (field, responses[field].content[:2000])

    client.force_login(owner)
    urls = pages(council, setting)
    shown = {}
    for page, page_url in urls.items():
        as_who = officer if page == "my-actions" else owner
        client.force_login(as_who)
        response = client.get(page_url)
        assert response.status_code == 200, page
        shown[page] = response.content.decode()
        for bad in NEVER:
            assert bad not in shown[page], (page, bad)

    for field, where in SHOWN_ON.items():
        value = stored(field, text)
        for page in where:
            assert escape(value) in shown[page], (field, page)
            if escape(value) != value:
                assert value not in shown[page], (field, page)

    if name in TEMPLATE_SYNTAX:  # braces are not special in HTML: shown as typed
        for page in SHOWN_ON["narrative"]:
            assert f"narrative: {TEMPLATE_SYNTAX[name]}" in shown[page], page
    if name == "right-to-left":
        assert f"<bdi>{stored('new_text', text)}</bdi>" in shown["action"]
        assert f"<bdi>{stored('new_text', text)}</bdi>" in shown["my-actions"]


LONG = "A" * 19_990 + " <script>"


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ("actionplans:update-create", "narrative", "Progress must be 5,000 characters or fewer"),
        (
            "actionplans:deadline-change",
            "new_text",
            "The new deadline must be 200 characters or fewer",
        ),
        ("actionplans:deadline-change", "reason", "The reason must be 2,000 characters or fewer"),
        ("actionplans:action-close", "reason", "The reason must be 2,000 characters or fewer"),
    ],
)
def test_very_long_text_is_refused_with_the_limit_and_nothing_is_saved(
    client, council, owner, setting, form, field, message
):
    action = setting["action"]
    data = {
        "narrative": "Fine",
        "rag": Rag.AMBER,
        "new_text": "June 2031",
        "reason": "Fine",
        "version": action.version,
    } | {field: LONG}
    client.force_login(owner)
    response = client.post(reverse(form, kwargs={"org": council.slug, "pk": action.pk}), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count(message) == 2  # the error summary and the field
    assert "<script>" not in page.split("<main", 1)[1]
    action.refresh_from_db()
    assert (action.version, action.status) == (1, ActionStatus.OPEN)


def test_governance_forms_refuse_very_long_text_and_save_nothing(client, council, owner, setting):
    meeting = setting["meeting"]
    client.force_login(owner)
    org = council.slug
    for name, pk, data, message in [
        (
            "governance:agenda-item-create",
            meeting.pk,
            {"title": LONG},
            "The report title must be 300 characters or fewer",
        ),
        (
            "governance:recommendation-create",
            meeting.pk,
            {"text": LONG},
            "The recommendation must be 5,000 characters or fewer",
        ),
        (
            "governance:meeting-create",
            meeting.board_id,
            {"date_0": "3", "date_1": "3", "date_2": "2031", "title": LONG},
            "The title must be 300 characters or fewer",
        ),
    ]:
        response = client.post(reverse(name, kwargs={"org": org, "pk": pk}), data)
        page = response.content.decode()
        assert response.status_code == 200, name
        assert "There is a problem" in page, name
        assert page.count(message) == 2, name  # the error summary and the field
    assert not AgendaItem.objects.exists()
    assert not Recommendation.objects.exists()
    assert Meeting.objects.count() == 1
