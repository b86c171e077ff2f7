"""The typeface of every PDF: DejaVu Sans (regular, bold, oblique; the files and their licence in
registrations/fonts/), embedded as a subset of the glyphs used. The PDF core fonts (Helvetica)
know only Latin-1 and print "Łukasz Żółć", "Ελένη" or "Юлия" as black boxes; DejaVu covers the
Latin, Greek and Cyrillic alphabets of every name we expect."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"


@cache
def register_fonts() -> None:
    """Register the three faces with reportlab (once per process)."""
    for name in (REGULAR, BOLD, ITALIC):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC)
