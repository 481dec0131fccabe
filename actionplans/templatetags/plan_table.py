"""The plan table's rows (actionplans/actionplan_detail.html#plan-table), written in Python.

Through the template engine, a page of 50 rows took about 5 ms of the 33 ms the page takes
when it is rendered afresh, the first time it is read after a change: every cell is several
variable lookups, each with its own escaping. The HTML is what the template wrote, and the
template keeps the table, its caption and its column headings. Every value is escaped with
the standard library's `html.escape`, which Django's `escape` calls, as it is written in.
"""

from collections.abc import Iterable
from html import escape as esc
from itertools import groupby

from django import template
from django.template.defaultfilters import date, linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from actionplans.models import Action, ActionStatus
from actionplans.templatetags.leads import lead_list
from actionplans.templatetags.rag import rag_tag

register = template.Library()

NOT_NEEDED_TAG = mark_safe(
    '<br><strong class="govuk-tag govuk-tag--grey">No longer needed</strong>'
)
OVERDUE_TAG = mark_safe('<br><strong class="govuk-tag govuk-tag--red">Overdue</strong>')


@register.simple_tag
def plan_table_rows(actions: Iterable[Action]) -> SafeString:
    """A `tbody` per key outcome of `actions`, which come in plan order with what
    `ActionQuerySet.for_plan_page().with_overdue_flag()` reads and a `url` each (the view
    sets it). A section's heading row goes above its first key outcome; the key outcome's
    title is a header cell spanning its actions' rows."""
    html = []
    section_shown = object()
    for outcome, group in groupby(actions, key=lambda action: action.key_outcome):
        rows = list(group)
        html.append('<tbody class="govuk-table__body">')
        if outcome.section_id != section_shown:
            section_shown = outcome.section_id
            if outcome.section:
                title = esc(outcome.section.title)
                html.append(
                    '<tr class="govuk-table__row pledge-plan-table__section"><th scope="colgroup"'
                    f' colspan="6" class="govuk-table__header">{title}</th></tr>'
                )
        html.append(
            f'<tr class="govuk-table__row"><th scope="rowgroup" rowspan="{len(rows)}"'
            ' class="govuk-table__header pledge-plan-table__outcome" data-label="Key outcome">'
            f"{esc(outcome.title)}</th>"
        )
        for number, action in enumerate(rows):
            if number:
                html.append('<tr class="govuk-table__row">')
            html.append(_cells(action))
        html.append("</tbody>")
    return mark_safe("".join(html))


def _cells(action: Action) -> str:
    """One action's cells and the end of its row. Every value is escaped here (`esc`) or
    comes safe from a tag or filter that escaped it."""
    retired = NOT_NEEDED_TAG if action.status == ActionStatus.NOT_NEEDED else ""
    narrative = linebreaksbr(action.newest_update_narrative or "")
    return (
        f'<td class="govuk-table__cell" data-label="Action">{esc(action.label)} <a'
        f' class="govuk-link" href="{esc(action.url)}">{esc(action.description)}</a>{retired}</td>'
        '<td class="govuk-table__cell" data-label="Lead">'
        f"{conditional_escape(lead_list(action.leads.all(), action.leads_text))}</td>"
        f'<td class="govuk-table__cell" data-label="By when">{_by_when(action)}</td>'
        f'<td class="govuk-table__cell pledge-narrative" data-label="Progress">{narrative}</td>'
        f'<td class="govuk-table__cell" data-label="RAG">{rag_tag(action.rag)}</td></tr>'
    )


def _by_when(action: Action) -> str:
    """The plan's own words for the deadline, the date read from them, and Overdue."""
    when = esc(action.deadline_text)
    if action.deadline:
        when += "<br>" if action.deadline_text else ""
        when += f'<span class="govuk-body-s">{esc(date(action.deadline, "j M Y"))}</span>'
    return when + (OVERDUE_TAG if action.is_late else "")
