"""The glossary check: a user's required renderings of Arabic terms, and
consistent rendering of the same Arabic term across a document.

A glossary is a CSV of ``Arabic term,English rendering`` rows (a header row
is optional; several accepted renderings are separated by ``|``; a field
holds at most :data:`MAX_FIELD_CHARS` characters).  Arabic terms are
matched on normalised text (alef forms, ta marbuta, diacritics), with the
usual clitics (و ب ل ف ك and the article) allowed in front.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import FidelityFlag, Span
from ..normalize import normalize_arabic

#: The longest glossary field: the csv module's default limit, kept (a term
#: or its renderings this long is not a glossary entry).
MAX_FIELD_CHARS = csv.field_size_limit()
#: The largest glossary file read (as for documents).
MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Term:
    arabic: str
    renderings: list[str]
    pattern: re.Pattern = field(repr=False, default=None)

    def __post_init__(self) -> None:
        key = re.escape(normalize_arabic(self.arabic)).replace(r"\ ", r"\s+")
        bare = key[2:] if key.startswith("ال") else key
        self.pattern = re.compile(rf"(?<![\u0621-\u064a])(?:[وفبلك]{{0,2}}(?:ال)?)?(?:{key}|{bare})(?![\u0621-\u064a])")


@dataclass
class Glossary:
    terms: list[Term]


def load_glossary(path: str | Path) -> Glossary:
    """Read a glossary CSV; a clear :class:`InputError` when it is unusable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: the glossary is too large ({size / 1e6:.0f} MB; the limit is "
                             f"{MAX_BYTES // 2**20} MB)")
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the glossary ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the glossary is not UTF-8 text") from None
    terms = []
    rows = csv.reader(raw.splitlines())
    while True:
        try:
            row = next(rows, None)
        except csv.Error:  # the one error the default dialect raises: a field over the csv module's limit
            raise InputError(f"{path}, line {rows.line_num}: a field is longer than {MAX_FIELD_CHARS:,} "
                             "characters, the limit for a glossary field") from None
        if row is None:
            break
        lineno = rows.line_num
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise InputError(f"{path}, line {lineno}: expected 'Arabic term,English rendering', got {_excerpt(row)}")
        arabic, english = row[0].strip(), row[1].strip()
        if not re.search("[\u0621-\u064a]", arabic):
            if lineno == 1:
                continue  # a header row
            raise InputError(f"{path}, line {lineno}: the first column must be an Arabic term, got {_excerpt([arabic])}")
        renderings = [r.strip() for r in english.split("|") if r.strip()]
        if not renderings:
            raise InputError(f"{path}, line {lineno}: no English rendering for {_excerpt([arabic])}")
        terms.append(Term(arabic, renderings))
    if not terms:
        raise InputError(f"{path}: the glossary has no 'Arabic term,English rendering' rows")
    return Glossary(terms)


def _excerpt(row: list[str]) -> str:
    text = ",".join(row)
    return repr(text if len(text) <= 80 else text[:80] + "…")


def _arabic_key(text: str) -> str:
    return "".join(normalize_arabic(c) or c for c in text)


def _find_rendering(term: Term, english: str) -> re.Match | None:
    for r in term.renderings:
        m = re.search(rf"(?<!\w){re.escape(r)}(?:s|es)?(?!\w)", english, re.I)
        if m:
            return m
    return None


def check_glossary(glossary: Glossary, src: str, tgt: str) -> list[FidelityFlag]:
    key = _arabic_key(src)
    flags = []
    for term in glossary.terms:
        m = term.pattern.search(key)
        if not m:
            continue
        if _find_rendering(term, tgt) is None:
            wanted = " or ".join(f"'{r}'" for r in term.renderings)
            flags.append(FidelityFlag("glossary", "warning",
                                      f"glossary: {term.arabic} must be rendered as {wanted}",
                                      [Span("src", m.start(), m.end(), src[m.start():m.end()])]))
    return flags


def _spelling(english: str) -> str:
    return re.sub(r"^(?:al|el)[- ]|['’]s$", "", english.lower())


def check_consistency(renderings: dict[str, list[tuple[int, str, Span]]], same_term=None) -> dict[int, list[FidelityFlag]]:
    """Flag the minority renderings of an Arabic term that the document
    renders in more than one way.

    ``renderings`` maps a normalised Arabic term to (bead position, English
    rendering as written, English span) occurrences; ``same_term(a, b)``
    says whether two renderings are variants of one term (default: always).
    """
    out: dict[int, list[FidelityFlag]] = {}
    for uses in renderings.values():
        spellings: dict[str, list[int]] = {}
        for k, english, _ in uses:
            spellings.setdefault(_spelling(english), []).append(k)
        if len(spellings) < 2:
            continue
        usual = max(spellings, key=lambda s: len(spellings[s]))
        usual_written = next(e for k, e, _ in uses if _spelling(e) == usual)
        for k, english, span in uses:
            if _spelling(english) != usual and (same_term is None or same_term(_spelling(english), usual)):
                out.setdefault(k, []).append(FidelityFlag(
                    "glossary", "warning",
                    f"inconsistent rendering: '{english}' here, '{usual_written}' elsewhere in the document",
                    [span],
                ))
    return out
