"""A spreadsheet cell's fill as "RRGGBB", as the person sees it.

Excel stores a colour three ways: as RGB ("FFFFC7CE", alpha first, ignored), as an index into
the 64-colour legacy palette (the workbook may redefine it), or as a slot of the workbook's
theme lightened or darkened by a tint. All three are resolved here. Anything else (automatic
or system colours, gradient and patterned fills, a theme the workbook does not include) is
None: no fill is better than a guessed one, since a fill may be read as a RAG rating.
"""

from __future__ import annotations

import colorsys
import xml.etree.ElementTree as ElementTree

from openpyxl.styles.colors import COLOR_INDEX

_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# Excel numbers the theme's slots with the first two pairs swapped (light before dark).
_THEME_SLOTS = [
    "lt1",
    "dk1",
    "lt2",
    "dk2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
    "hlink",
    "folHlink",
]


def theme_colours(theme_xml: bytes | None) -> list[str]:
    """The theme's colours as "RRGGBB", in the order cells' theme numbers count them."""
    if not theme_xml:
        return []
    try:
        root = ElementTree.fromstring(theme_xml)
    except ElementTree.ParseError:
        return []
    scheme = root.find(f"{_DRAWING}themeElements/{_DRAWING}clrScheme")
    if scheme is None:
        return []
    found = {}
    for slot in scheme:
        for colour in slot:
            value = colour.get("val") if colour.tag == f"{_DRAWING}srgbClr" else None
            value = value or colour.get("lastClr")
            if value and len(value) == 6:
                found[slot.tag.removeprefix(_DRAWING)] = value.upper()
    if not all(slot in found for slot in _THEME_SLOTS):
        return []
    return [found[slot] for slot in _THEME_SLOTS]


def fill_colour(fill, theme: list[str], palette: list[str] | None = None) -> str | None:
    """The colour of a solid pattern fill, or None."""
    if getattr(fill, "patternType", None) != "solid":
        return None
    return colour_hex(fill.fgColor, theme, palette)


def colour_hex(colour, theme: list[str], palette: list[str] | None = None) -> str | None:
    if colour is None:
        return None
    kind = getattr(colour, "type", None)
    if kind == "rgb":
        value = colour.rgb
        return value[-6:].upper() if isinstance(value, str) and len(value) in (6, 8) else None
    if kind == "indexed":
        colours = palette or COLOR_INDEX
        index = colour.indexed
        if index is None or not 0 <= index < min(len(colours), 64):
            return None  # 64 and 65 are the system's foreground and background
        return colours[index][-6:].upper()
    if kind == "theme":
        if colour.theme is None or not 0 <= colour.theme < len(theme):
            return None
        return tinted(theme[colour.theme], colour.tint or 0.0)
    return None


def tinted(rgb: str, tint: float) -> str:
    """Excel's tint: lightness moved towards white (tint > 0) or black (tint < 0)."""
    if not tint:
        return rgb
    red, green, blue = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    channels = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "".join(f"{round(channel * 255):02X}" for channel in channels)
