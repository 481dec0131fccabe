from collections.abc import Iterator

from django import template
from django.core.paginator import Page

register = template.Library()


@register.filter
def elided_pages(page: Page) -> Iterator[int | None]:
    """The page numbers a pagination list shows around `page`, None for each gap: the first
    and last pages and the current page's neighbours (Django's `get_elided_page_range`, one
    a side). A gap of one page shows that page, as GOV.UK's pattern does. Only what is shown
    is computed, however many pages the table has."""
    ellipsis = page.paginator.ELLIPSIS
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        yield None if number == ellipsis else number
