from django import template
from django.utils.html import format_html

from actionplans.models import RAG_TAG_CLASSES, Rag

register = template.Library()


@register.simple_tag
def rag_tag(value: str) -> str:
    """A GOV.UK tag for a RAG rating: always the word, never the colour alone."""
    rag = Rag(value)
    return format_html(
        '<strong class="govuk-tag {} pledge-rag pledge-rag--{}">{}</strong>',
        RAG_TAG_CLASSES[rag],
        rag.value,
        rag.label,
    )
