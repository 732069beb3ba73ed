"""Text normalisation that every layer needs to compare Arabic with English.

Owns: digit folding (Arabic-Indic ٠–٩ and Persian ۰–۹ to ASCII, ٫ ٬ ٪),
removal of tatweel, diacritics and bidi control characters, Arabic letter
variants (alef forms, ta marbuta, alef maqsura), and the script census used
to tell Arabic text from Latin text.  These functions produce comparison
keys only, except :func:`fold_presentation_forms` (which every reader and
:func:`clean_for_reading` apply, because presentation-form glyphs are the
same letters stored as their drawn shapes) and :func:`clean_for_reading`.
"""
from __future__ import annotations

import re
import unicodedata

_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})
# ٫ is the Arabic decimal separator, ٬ the thousands separator, ٪ per cent.
_DIGITS.update({ord("٫"): ".", ord("٬"): ",", ord("٪"): "%", ord("؉"): "‰"})

TATWEEL = "\u0640"
# Harakat, tanwin, shadda, sukun, superscript alef and Quranic marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
# LRM, RLM, ALM, embeddings/overrides/isolates, BOM and zero-width joiners.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff\u200b-\u200d]")
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})

# Arabic Presentation Forms-A and -B: contextual glyph shapes and ligatures
# (ﻣﺼﺮ, ﻻ, ﷲ) that text copied from PDFs and old web pages carries instead of
# letters.  U+FEFF (the BOM) is left to the bidi-control stripping.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")

_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def fold_digits(text: str) -> str:
    """Arabic-Indic and Persian digits and separators to their ASCII forms."""
    return text.translate(_DIGITS)


def strip_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def strip_diacritics(text: str) -> str:
    return _DIACRITICS.sub("", text).replace(TATWEEL, "")


def normalize_arabic(text: str) -> str:
    """A comparison key for Arabic words: no diacritics, tatweel or bidi
    marks, one alef, ta marbuta as ha, alef maqsura as ya, ASCII digits."""
    text = unicodedata.normalize("NFC", text)
    text = strip_bidi_controls(strip_diacritics(text))
    return fold_digits(text).translate(_LETTERS)


def fold_presentation_forms(text: str) -> str:
    """Arabic presentation forms (U+FB50–FDFF, U+FE70–FEFE) to the letters
    they draw (NFKC on those characters only: NFKC elsewhere would also
    rewrite superscripts, fractions and full-width forms)."""
    return _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def clean_for_reading(text: str) -> str:
    """Text as a segmenter should see it: NFC, presentation forms folded,
    no BOM or bidi controls, uniform line ends.  Diacritics stay (they are
    content)."""
    text = unicodedata.normalize("NFC", fold_presentation_forms(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return strip_bidi_controls(text)


def script_census(text: str) -> tuple[int, int]:
    """Counts of Arabic-script and Latin-script letters in ``text``."""
    return len(_ARABIC_LETTER.findall(text)), len(_LATIN_LETTER.findall(text))


def arabic_ratio(text: str) -> float:
    arabic, latin = script_census(text)
    return arabic / (arabic + latin) if arabic + latin else 0.0
