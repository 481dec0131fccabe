"""An action's leads, one to a line, so a reader sees where one lead ends and the next begins.

A tag rather than an included template: the plan table shows it on every row, and an include
per row cost about a fifth of the page's rendering."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def lead_list(leads, or_text: str = "") -> str:
    """leads: the action's Lead rows (prefetched); or_text: what to show when it has none
    (escaped, as any text a simple tag returns unmarked)."""
    names = [(lead.name,) for lead in leads]
    if not names:
        return or_text
    return format_html(
        '<ul class="govuk-list pledge-leads">{}</ul>', format_html_join("", "<li>{}</li>", names)
    )
