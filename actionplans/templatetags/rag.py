from django import template
from django.utils.html import format_html

from actionplans.models import RAG_TAG_CLASSES, Rag

register = template.Library()

# Written once for each rating: the plan table shows one on every row.
RAG_TAGS = {
    rag: format_html(
        '<strong class="govuk-tag {} pledge-rag pledge-rag--{}">{}</strong>',
        RAG_TAG_CLASSES[rag],
        rag.value,
        rag.label,
    )
    for rag in Rag
}


@register.simple_tag
def rag_tag(value: str) -> str:
    """A GOV.UK tag for a RAG rating: always the word, never the colour alone."""
    return RAG_TAGS[Rag(value)]
