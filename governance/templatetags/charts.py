"""The charts' numbers: coordinates in SVG, written as `floatformat:'1u'` would write them.

A dashboard writes about 650 of them, and floatformat goes through Django's number
formatting (localisation, grouping) for each, which was a fifth of the page's template time.
tests/governance/test_charts.py holds this to floatformat's output.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter(is_safe=True)
def svg(value: float | int, places: int = 1) -> str:
    """`value` rounded half up to `places` decimal places (0 or 1), with no grouping."""
    number = Decimal(repr(value) if isinstance(value, float) else str(value))
    rounded = number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return str(abs(rounded) if rounded == 0 else rounded)  # never "-0.0"
