"""Issuing board packs: asked for on a page that says what it does, newer versions supersede
older ones, drafts and the preview are for those who prepare packs, a pack compares with the
last pack issued for an earlier meeting and reports recommendations closed since then, and
its tables are read in the same transaction as its snapshot (governance/packs/)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Rag
from actionplans.services import progress_update_record
from governance.boards.services import recommendation_record, recommendation_update_add
from governance.models import BoardPack, Meeting
from governance.packs.build import board_pack_build, board_pack_start
from governance.packs.document import PackSpec, pack_html
from governance.packs.issue import board_pack_issue
from governance.packs.pdf import RenderedPdf
from governance.packs.request import board_pack_request
from governance.packs.store import board_pack_store
from tests.access_table import ROLES
from tests.conftest import build_meeting, build_period, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(council, plan):
    return build_meeting(council, plan, date=datetime.date(2027, 1, 20))


def built(meeting, plan, *, part="I") -> BoardPack:
    """A pack through the services, with a stand-in PDF: nothing here reads the PDF."""
    pack = board_pack_request(
        meeting=meeting, plans=[plan], part=part, requested_by=None, background=False
    )
    pack = board_pack_start(pack=pack)
    return board_pack_store(pack=pack, content=b"%PDF-1.7 test", pages=4)


def issued(meeting, plan, by, **kwargs) -> BoardPack:
    return board_pack_issue(pack=built(meeting, plan, **kwargs), issued_by=by)


def meeting_url(meeting) -> str:
    return reverse(
        "governance:meeting-detail",
        kwargs={"org": meeting.board.organisation.slug, "pk": meeting.pk},
    )


def issue_url(pack) -> str:
    return reverse("governance:pack-issue", kwargs={"org": "testshire", "pk": pack.pk})


def pack_row(page: str, version: int) -> str:
    """The meeting page's row of the packs table for that version."""
    table = page[page.index('id="packs"') :]
    start = table.index(f'<td class="govuk-table__cell">{version}<br>')
    return table[start : table.index("</tr>", start)]


def test_issuing_asks_for_confirmation_on_a_page_that_says_what_it_does(
    client, owner, council, meeting, plan
):
    build_period(
        plan,
        name="Q2 2026-27",
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 9, 30),
        update_deadline=datetime.date(2026, 9, 15),
    )
    earlier = built(meeting, plan)
    pack = built(meeting, plan)
    client.force_login(owner)

    listed = client.get(meeting_url(meeting)).text
    page = client.get(issue_url(pack)).text
    pack.refresh_from_db()

    assert f'href="{issue_url(pack)}"' in pack_row(listed, 2), "a link to the page, not a form"
    assert not pack.is_issued, "opening the page issues nothing"
    assert "Issue version 2 of the board pack" in page and "Issue version 2</button>" in page
    for words in [
        "The pack is frozen as it was built",
        "never changes",
        "It is circulated: everyone in the council can download it",
        "It closes the reporting periods it reported",
        "Q2 2026-27",
        f"version {earlier.version} is then marked superseded",
        "Issuing cannot be undone",
    ]:
        assert words in page, words
    answer = client.post(issue_url(pack))
    assert answer.status_code == 302 and answer["Location"].endswith("#packs")
    pack.refresh_from_db()
    assert pack.is_issued and pack.issued_by == owner
    assert plan.periods.get(name="Q2 2026-27").locked_at == pack.issued_at


def test_once_a_newer_version_is_issued_older_ones_are_superseded_and_an_older_draft_refused(
    client, owner, meeting, plan
):
    first = issued(meeting, plan, owner)
    draft = built(meeting, plan)
    newer = issued(meeting, plan, owner)
    client.force_login(owner)

    with pytest.raises(ValidationError) as refused:
        board_pack_issue(pack=draft, issued_by=owner)
    listed = client.get(meeting_url(meeting)).text
    page = client.get(issue_url(draft)).text
    posted = client.post(issue_url(draft), follow=True).text

    on = timezone.localtime(newer.issued_at)
    words = f"Version 2 cannot be issued: version 3 was issued on {on:%-d %B %Y} and supersedes it"
    assert refused.value.messages == [words]
    assert "Superseded" in pack_row(listed, 1) and "Superseded" in pack_row(listed, 2)
    assert "Superseded" not in pack_row(listed, 3) and "Issued" in pack_row(listed, 3)
    assert issue_url(draft) not in listed, "no button for a superseded draft"
    assert words in page and "Issue version 2</button>" not in page
    assert words in posted
    draft.refresh_from_db()
    assert not draft.is_issued
    assert BoardPack.objects.with_superseded().get(pk=first.pk).is_superseded


def test_a_refusal_names_the_day_the_newer_version_was_issued(owner, meeting, plan, today_is):
    draft = built(meeting, plan)
    today_is(datetime.date(2027, 1, 10))
    issued(meeting, plan, owner)
    today_is(datetime.date(2027, 1, 15))

    with pytest.raises(ValidationError) as refused:
        board_pack_issue(pack=draft, issued_by=owner)

    assert refused.value.messages == [
        "Version 1 cannot be issued: version 2 was issued on 10 January 2027 and supersedes it"
    ]


def test_part_i_and_part_ii_are_separate_papers_neither_supersedes_the_other(owner, meeting, plan):
    public = built(meeting, plan)
    issued(meeting, plan, owner, part="II")

    board_pack_issue(pack=public, issued_by=owner)

    assert not BoardPack.objects.with_superseded().filter(is_superseded=True).exists()


def test_a_reissued_pack_compares_with_the_last_pack_issued_for_an_earlier_meeting(
    owner, council, meeting, plan
):
    october = Meeting.objects.create(board=meeting.board, date=datetime.date(2026, 10, 1))
    november = Meeting.objects.create(board=meeting.board, date=datetime.date(2026, 11, 1))
    told = issued(october, plan, owner)
    built(november, plan)  # a draft the board never saw
    issued(november, build_plan(council), owner)  # another plan's pack
    issued(meeting, plan, owner)
    issued(meeting, plan, owner)

    third = built(meeting, plan)
    text = pack_html(PackSpec.of(third), on=datetime.date(2027, 1, 20))
    preview = PackSpec.preview(meeting, [plan], "I")

    assert third.compared_with == told == preview.compared_with
    assert "The pack for 1 October 2026 (version 1, issued" in text
    assert "Compared with the plan as frozen in the board pack" in text


def test_with_no_pack_issued_for_an_earlier_meeting_a_third_version_says_so_truthfully(
    owner, meeting, plan
):
    issued(meeting, plan, owner)
    issued(meeting, plan, owner)

    third = built(meeting, plan)
    text = pack_html(PackSpec.of(third), on=datetime.date(2027, 1, 20))

    assert third.compared_with is None
    assert f"None: no pack was issued for an earlier meeting of {meeting.board.name}" in text
    assert "No pack that included this plan was issued for an earlier meeting" in text
    assert "has been issued yet" not in text and "first pack" not in text


def test_a_recommendation_closed_since_the_last_meeting_is_in_the_next_pack_as_closed(
    owner, meeting, plan
):
    october = Meeting.objects.create(board=meeting.board, date=datetime.date(2026, 10, 1))
    invite = recommendation_record(
        meeting=october,
        text="Invite the Children in Care Council",
        owner="",
        due_on=None,
        recorded_by=owner,
    )
    recommendation_update_add(
        recommendation=invite,
        text="They attended in December",
        status="done",
        author=owner,
        at=timezone.make_aware(datetime.datetime(2026, 12, 1, 12)),
    )

    text = pack_html(PackSpec.preview(meeting, [plan], "I"), on=meeting.date)

    start = text.index('id="recommendations"')
    section = text[start : text.index("</section>", start)]
    row = section[section.index(invite.text) : section.index("</tr>", section.index(invite.text))]
    assert "Done" in row and "Closed 1 Dec 2026" in row
    assert "They attended in December" in row


@pytest.mark.django_db(transaction=True)
def test_the_packs_tables_are_read_in_the_same_transaction_as_its_snapshot(
    monkeypatch, owner, meeting, plan
):
    """An update committed by someone else while the pack is being read is in neither the
    snapshot nor the tables. On PostgreSQL at READ COMMITTED it would be in the tables only."""
    action = plan.actions.order_by("number").first()
    pack = board_pack_request(
        meeting=meeting, plans=[plan], part="I", requested_by=None, background=False
    )
    real_pack_html, printed = pack_html, []

    def someone_updates(action_id):
        try:
            progress_update_record(
                action=type(action).objects.get(pk=action_id),
                author=owner,
                narrative="Written while the pack was read",
                rag=Rag.RED,
            )
        finally:
            connection.close()

    def pack_html_after_an_update_elsewhere(spec, *, on):
        elsewhere = threading.Thread(target=someone_updates, args=(action.pk,))
        elsewhere.start()
        elsewhere.join()
        return real_pack_html(spec, on=on)

    def render(html, **kwargs):
        printed.append(html)
        return RenderedPdf(content=b"%PDF-1.7 test", pages=1, seconds_in_weasyprint=0.0)

    monkeypatch.setattr("governance.packs.build.pack_html", pack_html_after_an_update_elsewhere)
    monkeypatch.setattr("governance.packs.build.render_pdf", render)
    pack = board_pack_build(pack=pack)

    assert action.updates.get().narrative == "Written while the pack was read"
    frozen = pack.snapshot["plans"][str(plan.pk)]["actions"][str(action.pk)]
    assert (frozen["narrative"], frozen["rag"]) == ("", Rag.NOT_RATED)
    assert "Written while the pack was read" not in printed[0]


def test_a_draft_is_for_plan_owners_and_an_issued_part_ii_pack_not_for_viewers(
    client, owner, viewer, board_member, meeting, plan
):
    pack = board_pack_build(
        pack=board_pack_request(
            meeting=meeting, plans=[plan], part="II", requested_by=None, background=False
        )
    )
    url = reverse("governance:pack-download", kwargs={"org": "testshire", "pk": pack.pk})

    def answers() -> tuple[int, int, int]:
        statuses = []
        for person in (owner, board_member, viewer):
            client.force_login(person)
            statuses.append(client.get(url).status_code)
        return tuple(statuses)

    def listed_to(person) -> bool:
        client.force_login(person)
        return url in client.get(meeting_url(meeting)).text

    assert answers() == (200, 403, 403)
    assert (listed_to(owner), listed_to(board_member)) == (True, False)
    board_pack_issue(pack=pack, issued_by=owner)
    assert answers() == (200, 200, 403)
    assert (listed_to(owner), listed_to(board_member), listed_to(viewer)) == (True, True, False)


def test_the_preview_shows_the_packs_content_as_a_web_page_to_plan_owners_only(
    client, owner, board_member, meeting, plan
):
    url = reverse("governance:pack-preview", kwargs={"org": "testshire", "pk": meeting.pk})
    client.force_login(board_member)
    assert client.get(url).status_code == 403
    assert url not in client.get(meeting_url(meeting)).text
    client.force_login(owner)

    page = client.get(url)

    assert page.status_code == 200
    for words in [meeting.board.name, "Board pack, version 1", "Contents", "Exceptions"]:
        assert words in page.text
    assert all(action.description in page.text for action in plan.actions.all())


@pytest.mark.parametrize(
    ("part", "expected"),
    [("I", dict.fromkeys(ROLES, 200)), ("II", dict.fromkeys(ROLES, 200) | {"viewer": 403})],
)
def test_an_issued_pack_is_read_by_every_role_and_part_ii_not_by_viewers(
    client, personas, meeting, plan, part, expected
):
    pack = issued(meeting, plan, personas["owner"], part=part)
    url = reverse("governance:pack-download", kwargs={"org": "testshire", "pk": pack.pk})
    seen = {}
    for role in ROLES:
        client.force_login(personas[role])
        seen[role] = client.get(url).status_code
    assert seen == expected
