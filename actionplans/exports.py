"""The plan table as a file to download, CSV or Excel: every action the page's filters select.

- All matching rows, on every page of the table, in the table's order. They are read once
  with the table's own prefetching (`for_plan_page`), so the number of queries does not
  grow with the rows, and the file is built in memory and sent whole. Measured on
  PostgreSQL on a 2-core machine (December 2026), tests/benchdata.py's plan of 5,000
  actions and 50,000 updates gave 1.7 MB of CSV in about 2 s (mostly making the ORM's
  objects) and 0.34 MB of xlsx in about 4.5 s (openpyxl writing 50,000 cells), at about
  45 MB peak Python memory.
- CSV is UTF-8 with a byte order mark. Excel for Windows reads a CSV without one in the
  computer's legacy code page, which garbles curly quotes, dashes and "£"; with the mark it
  reads UTF-8. A program reading the file should open it as "utf-8-sig", which also reads
  a file without the mark.
- The headings are the words a council's own table uses and the importer reads
  (actionplans/importing/columns.py), so a downloaded plan can be imported again: "Ref" is the
  action's label, "By when?" the deadline as the plan wrote it and "Deadline date" the date
  read from it; RAG comes before Status, since an importer takes a column named twice ("Status"
  can mean a rating) from its first. Overdue is the plan table's own flag (`is_late`, from
  `ActionQuerySet.with_overdue_flag`), never worked out here.
- The Excel file has a sheet per section, named for it, in the order the rows come; a plan
  without sections has one sheet, "Actions". RAG cells are filled with Excel's own "Bad",
  "Neutral" and "Good" colours (and a pale blue for complete), and always say the rating.
- Formula injection (OWASP, "CSV Injection"): a text cell that starts with = + - @, a tab or
  a carriage return gets a leading apostrophe, in both formats, so no spreadsheet runs it.
  Every CSV field is quoted, so a separator inside the text cannot start a new cell,
  whichever separator the spreadsheet expects. In the xlsx the apostrophe also stops openpyxl
  from writing such text as a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views import View

from actionplans.filters import plan_action_filter
from actionplans.models import Action, ActionPlan, Rag
from actionplans.views import PlanMixin
from core.text import CONTROL_CHARACTERS

# (heading, width in Excel's characters, wrap the text): the plan table's columns as councils
# know them, with the deadline and the date of the latest update also as real dates.
COLUMNS = [
    ("Section", 18, True),
    ("Key Outcome", 32, True),
    ("Ref", 6, False),
    ("Action", 50, True),
    ("Lead", 24, True),
    ("By when?", 16, True),
    ("Deadline date", 12, False),
    ("Overdue", 9, False),
    ("Progress", 60, True),
    ("RAG", 16, False),
    ("Status", 16, False),
    ("Last updated", 12, False),
]
HEADINGS = [heading for heading, _, _ in COLUMNS]
RAG_COLUMN = HEADINGS.index("RAG")
# (fill, text) of a RAG cell: Excel's "Bad", "Neutral" and "Good" cell styles, and a pale blue
# for complete; the rating's word is always in the cell too. Not yet rated stays unfilled.
RAG_COLOURS = {
    Rag.RED: ("FFC7CE", "9C0006"),
    Rag.AMBER: ("FFEB9C", "9C5700"),
    Rag.GREEN: ("C6EFCE", "006100"),
    Rag.BLUE: ("BDD7EE", "1F4E79"),
}
HEADING_FILL = "D9D9D9"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_LIMIT = 32_767  # characters; Excel offers to "repair" a file with a longer cell
SHEET_TITLE_LIMIT = 31
SHEET_TITLE_REFUSED = re.compile(r"[\[\]:*?/\\]|" + CONTROL_CHARACTERS.pattern)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | datetime.date | None


def action_row(action: Action) -> list[Cell]:
    """One action as the download's columns; reads only what the plan table's queryset
    (`for_plan_page().with_overdue_flag()`) read."""
    outcome = action.key_outcome
    update = action.latest_update
    return [
        outcome.section.title if outcome.section else "",
        outcome.title,
        action.label,
        action.description,
        action.leads_line,
        action.deadline_text,
        action.deadline,
        "Yes" if action.is_late else "No",
        update.narrative if update else "",
        action.get_rag_display(),
        action.get_status_display(),
        timezone.localdate(update.created_at) if update else None,
    ]


def spreadsheet_text(value: str) -> str:
    """Text a spreadsheet will show, never run: OWASP's leading apostrophe where needed."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_content(rows: Iterable[list[Cell]]) -> str:
    """The rows as CSV text with a heading row and a byte order mark; dates as 2027-03-31."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(HEADINGS)
    for row in rows:
        writer.writerow(
            "" if value is None
            else value.isoformat() if isinstance(value, datetime.date)
            else spreadsheet_text(value)
            for value in row
        )  # fmt: skip
    return out.getvalue()


def xlsx_text(value: str) -> str:
    """Text an xlsx cell can hold: no control characters (Word's vertical tab), not too long."""
    # The characters openpyxl refuses (its ILLEGAL_CHARACTERS_RE) are the same set.
    value = spreadsheet_text(CONTROL_CHARACTERS.sub("", value))
    return value if len(value) <= XLSX_CELL_LIMIT else value[: XLSX_CELL_LIMIT - 1] + "…"


def sheet_titles(names: Iterable[str]) -> list[str]:
    """Names Excel accepts for sheets, one for each of `names`: at most 31 characters, none of
    []:*?/\\, no apostrophe at either end, not empty, not "History" (Excel keeps it), and no
    two alike whatever their case (" (2)" and so on tell them apart)."""
    titles: list[str] = []
    taken: set[str] = set()
    for name in names:
        words = " ".join(SHEET_TITLE_REFUSED.sub(" ", name).split())
        base = words[:SHEET_TITLE_LIMIT].strip(" '") or "Actions"
        if base.casefold() == "history":
            base = "History section"
        title, number = base, 1
        while title.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            title = base[: SHEET_TITLE_LIMIT - len(suffix)].rstrip(" '") + suffix
        taken.add(title.casefold())
        titles.append(title)
    return titles


def sheets_of(actions: Iterable[Action]) -> list[tuple[str, list[list[Cell]]]]:
    """The Excel file's sheets, (title, rows): one for each section, in the order its first
    action comes, and "Actions" for actions in no section (all of them, in a plan without
    sections) or when there are none."""
    groups: dict[int | None, list[Action]] = {}
    for action in actions:
        groups.setdefault(action.key_outcome.section_id, []).append(action)
    if not groups:
        return [("Actions", [])]
    names = [
        group[0].key_outcome.section.title if section else "Actions"
        for section, group in groups.items()
    ]
    return [
        (title, [action_row(action) for action in group])
        for title, group in zip(sheet_titles(names), groups.values(), strict=True)
    ]


def xlsx_content(sheets: Sequence[tuple[str, Sequence[list[Cell]]]], *, title: str) -> bytes:
    """A worksheet for each of `sheets` (title, rows), each with a shaded, bold, frozen heading
    row, filter buttons, sized columns, real dates and its RAG cells filled."""
    # Imported here: a web worker loads this module with the URLconf, and only a download
    # needs openpyxl (about a third of a second to import).
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    heading_fill = PatternFill("solid", fgColor=HEADING_FILL)
    heading_border = Border(bottom=Side(style="medium"))
    rag_styles = {  # by the rating's word, as the row has it
        rag.label: (PatternFill("solid", fgColor=fill), Font(color=text))
        for rag, (fill, text) in RAG_COLOURS.items()
    }

    for sheet_title, rows in sheets:
        sheet = workbook.create_sheet(sheet_title)
        sheet.freeze_panes = "A2"
        for number, (_, width, _) in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width

        def cell(value: Cell, wrap: bool, sheet=sheet) -> WriteOnlyCell:
            text = xlsx_text(value) if isinstance(value, str) else value
            written = WriteOnlyCell(sheet, value=text)
            written.alignment = wrapped if wrap else top
            if isinstance(value, datetime.date):
                written.number_format = "d mmm yyyy"
            return written

        headings = []
        for heading in HEADINGS:
            headings.append(WriteOnlyCell(sheet, value=heading))
            headings[-1].font, headings[-1].fill = bold, heading_fill
            headings[-1].border = heading_border
        sheet.append(headings)
        for row in rows:
            cells = [cell(value, wrap) for value, (_, _, wrap) in zip(row, COLUMNS, strict=True)]
            if row[RAG_COLUMN] in rag_styles:
                cells[RAG_COLUMN].fill, cells[RAG_COLUMN].font = rag_styles[row[RAG_COLUMN]]
            sheet.append(cells)
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_file_name(organisation_slug: str, plan: ActionPlan, today: datetime.date) -> str:
    """Council, plan and date, such as lancashire-corporate-parenting-plan-actions-2026-12-02."""
    stem = slugify(plan.title)
    if len(stem) > 60:
        stem = stem[:61].rsplit("-", 1)[0]
    return f"{organisation_slug}-{stem or f'plan-{plan.pk}'}-actions-{today:%Y-%m-%d}"


class PlanExportView(PlanMixin, View):
    """The plan table's matching actions, every page of them, as CSV or Excel.

    Anyone who can read the plan may download it. Filters that do not make sense (a date
    that is not real) send the person back to the table, which says what to fix.
    """

    file_format = "csv"  # or "xlsx"; set by the URL

    def get(self, request, *args, **kwargs):
        plan = self.get_plan()
        today = timezone.localdate()
        filterset = plan_action_filter(request.GET, plan=plan, today=today)
        if filterset.is_bound and not filterset.is_valid():
            table = reverse(
                "actionplans:plan-detail", kwargs={"org": self.organisation.slug, "pk": plan.pk}
            )
            return HttpResponseRedirect(f"{table}?{request.GET.urlencode()}")
        actions = list(filterset.qs)
        name = f"{export_file_name(self.organisation.slug, plan, today)}.{self.file_format}"
        if self.file_format == "xlsx":
            content, content_type = xlsx_content(sheets_of(actions), title=plan.title), XLSX_TYPE
        else:
            rows = [action_row(action) for action in actions]
            content, content_type = csv_content(rows), "text/csv; charset=utf-8"
        return HttpResponse(
            content,
            content_type=content_type,
            headers={"Content-Disposition": content_disposition_header(True, name)},
        )
