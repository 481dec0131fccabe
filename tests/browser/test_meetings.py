"""Boards, meetings and board packs in Chromium: every page and form state passes axe, and a
plan owner builds, issues, downloads and previews a pack from the meeting page.

tests/browser/test_every_page.py counts the URL names quoted here as scanned.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from actionplans.models import Rag
from actionplans.services import progress_update_record
from governance.boards.services import recommendation_record, recommendation_update_add
from governance.models import BoardPack, Membership
from governance.packs.request import board_pack_request
from tests.conftest import build_meeting

pytestmark = pytest.mark.browser


def url(name: str, pk: int | None = None) -> str:
    return reverse(name, kwargs={"org": "testshire"} | ({"pk": pk} if pk else {}))


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def meeting(council, plan, owner, board_member):
    action = plan.actions.first()
    progress_update_record(
        action=action,
        author=owner,
        narrative="Behind: the panel was cancelled.",
        rag=Rag.RED,
        period=None,
    )
    meeting = build_meeting(council, plan, date=datetime.date(2027, 1, 20))
    Membership.objects.create(board=meeting.board, user=board_member, role="young_people")
    return meeting


def test_the_board_list_and_board_page_pass_axe(sign_in_as, axe, board_member, meeting):
    page = sign_in_as(board_member)
    page.goto(url("governance:board-list"))
    page.get_by_role("link", name=meeting.board.name).click()
    page.wait_for_url(url("governance:board-detail", meeting.board.pk))
    assert page.get_by_text("Young people's representative").is_visible()
    axe(page)


def test_an_owner_builds_issues_downloads_and_previews_a_pack(sign_in_as, axe, owner, meeting):
    page = sign_in_as(owner)
    page.goto(url("governance:meeting-detail", meeting.pk))
    axe(page)

    page.get_by_role("button", name="Build the board pack").click()
    page.wait_for_url("**#packs")
    assert page.get_by_text("Version 1 of the board pack is ready").is_visible()
    axe(page)
    pack = BoardPack.objects.get(meeting=meeting)
    download_link = page.get_by_role("link", name=re.compile(r"^Download PDF\W+version 1$"))
    assert download_link.get_attribute("href") == url("governance:pack-download", pack.pk)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == pack.file_name

    page.get_by_role("button", name="Issue version 1").click()  # a link to the confirmation
    page.wait_for_url(url("governance:pack-issue", pack.pk))
    assert page.get_by_text("Issuing cannot be undone").is_visible()
    axe(page)
    page.get_by_role("button", name="Issue version 1").click()
    page.wait_for_url(url("governance:meeting-detail", meeting.pk) + "#packs")
    assert page.get_by_text("Version 1 of the board pack is issued").is_visible()
    assert url("governance:pack-issue", pack.pk) not in page.content()
    axe(page)

    page.get_by_role("link", name="Preview the pack as a web page").click()
    page.wait_for_url(url("governance:pack-preview", meeting.pk))
    assert page.get_by_role("heading", name="Exceptions", level=2).is_visible()
    axe(page)


def test_a_meeting_with_recommendations_and_a_pack_being_built_passes_axe(
    sign_in_as, axe, owner, board_member, meeting, plan
):
    made = recommendation_record(
        meeting=meeting,
        text="Report placement moves by district",
        owner="Head of Service",
        due_on=datetime.date(2027, 3, 31),
        actions=[plan.actions.first()],
        recorded_by=owner,
    )
    recommendation_update_add(
        recommendation=made, text="First figures in March", status="in_progress", author=owner
    )
    pack = board_pack_request(
        meeting=meeting, plans=[plan], part="I", requested_by=owner, background=False
    )
    BoardPack.objects.filter(pk=pack.pk).update(status="building", progress=35)

    page = sign_in_as(owner)  # drafts, and packs being built, are listed to those who build
    page.goto(url("governance:meeting-detail", meeting.pk))

    assert page.get_by_text("35% done").is_visible()
    assert page.get_by_role("link", name="Refresh this page").is_visible()
    assert page.get_by_text("First figures in March").is_visible()
    axe(page)


FORMS = [
    ("governance:meeting-create", "board", "Schedule meeting", "Enter the date of the meeting"),
    ("governance:agenda-item-create", "meeting", "Add to the agenda", "Enter the title"),
    ("governance:recommendation-create", "meeting", "Record recommendation", "Enter the rec"),
    ("governance:recommendation-update", "recommendation", "Save update", "Enter what has"),
    ("governance:pack-build", "meeting", "Build the pack", "Select Part I or Part II"),
]


@pytest.mark.parametrize(("name", "of", "button", "error"), FORMS, ids=[f[0] for f in FORMS])
def test_each_form_passes_axe_empty_and_with_errors(
    sign_in_as, axe, owner, meeting, name, of, button, error
):
    recommendation = recommendation_record(
        meeting=meeting,
        text="Visit a children's home",
        owner="",
        due_on=None,
        recorded_by=owner,
    )
    pk = {"board": meeting.board.pk, "meeting": meeting.pk, "recommendation": recommendation.pk}
    page = sign_in_as(owner)
    page.goto(url(name, pk[of]))
    axe(page)

    for box in page.get_by_role("checkbox").all():
        box.uncheck()
    for radio in page.locator("input[type=radio]:checked").all():
        radio.evaluate("element => element.checked = false")
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()

    assert page.title().startswith("Error: ")
    assert error in page.locator(".govuk-error-summary").inner_text()
    axe(page)


def test_narrowing_the_actions_keeps_a_tick_and_the_words_in_the_browser(
    sign_in_as, axe, owner, meeting, plan
):
    """The "Show matching actions" button sends the recommendation's form itself (its box and
    button belong to the form), so what was ticked and written comes back, unsaved."""
    first, second = plan.actions.order_by("number")[:2]
    second.description = "Open two supported flats"
    second.save(update_fields=["description"])
    page = sign_in_as(owner)
    page.goto(url("governance:recommendation-create", meeting.pk))
    page.get_by_label("What did the board recommend?").fill("Visit a children's home")
    page.get_by_label(first.label + " " + first.description).check()
    page.get_by_label("Narrow the list of actions").fill("flats")
    page.get_by_role("button", name="Show matching actions").click()
    page.wait_for_load_state()

    kept = page.get_by_role("group", name="Chosen already, not in this list")
    assert kept.get_by_label(first.label + " " + first.description).is_checked()
    assert page.get_by_label("What did the board recommend?").input_value() == (
        "Visit a children's home"
    )
    assert page.get_by_label(second.label + " " + second.description).is_visible()
    axe(page)
    page.get_by_label(second.label + " " + second.description).check()
    page.get_by_role("button", name="Record recommendation", exact=True).click()
    page.wait_for_url(lambda address: "#recommendations" in address)
    recorded = meeting.recommendations.get()
    assert set(recorded.actions.all()) == {first, second}
