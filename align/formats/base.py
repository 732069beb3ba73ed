"""What the exporters and importers share: the export result, XML-safe
elements, spreadsheet-safe cells, the many-to-many sentence record, reading
inline text and scores, and rebuilding an alignment from imported units.

A bead's side is exported as its sentences joined by one space (what a CAT
tool shows as one segment); the sentence lengths travel beside it so that
an import splits the segment back into the very same sentences.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from align.errors import InputError
from align.model import Alignment, Bead, SchemaError

TOOL = "Muqabala"
#: Our own attributes and properties live in this namespace / under this prefix.
MQ_NS = "urn:muqabala:alignment:1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Languages written right to left (reports set direction and alignment).
RTL_LANGS = frozenset({"ar", "fa", "ur", "he", "ps", "ku", "ug", "yi"})

# Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone
# surrogates, U+FFFE/U+FFFF).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Lone surrogates cannot be written as UTF-8 at all.
_SURROGATE = re.compile("[\ud800-\udfff]")
# A spreadsheet (Excel, LibreOffice, Google Sheets) takes a cell starting
# with one of these for a formula: OWASP's CSV-injection list (= + - @ tab
# CR), NUL (OWASP ASVS 1.2.10), line feed, and the full-width = + - @ that
# spreadsheets fold to their ASCII forms.
_FORMULA_START = frozenset("=+-@\t\r\n\x00\uff1d\uff0b\uff0d\uff20")


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("muqabala")
    except PackageNotFoundError:
        return "0.0.0"


@dataclass
class ExportResult:
    """What an export wrote: ``units`` written, the indices of the unpaired
    beads (omissions and additions) and whether they were ``included`` as
    one-language units, and ``warnings`` (e.g. characters XML cannot hold)."""

    format: str
    units: int = 0
    unpaired: list[int] = field(default_factory=list)
    unpaired_included: bool = True
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The result as report lines for the CLI."""
        out = [f"{self.format}: {self.units} unit(s) written"]
        if self.unpaired:
            listed = ", ".join(str(i + 1) for i in self.unpaired[:20]) + (" …" if len(self.unpaired) > 20 else "")
            how = "included as one-language units" if self.unpaired_included else "left out"
            out.append(f"{len(self.unpaired)} unpaired bead(s) (omissions/additions) {how}: bead(s) {listed}")
        return out + self.warnings


def _warn(result: ExportResult, message: str) -> None:
    if message not in result.warnings:
        result.warnings.append(message)


def xml_safe(text: str, where: str, result: ExportResult) -> str:
    """``text`` with characters XML 1.0 cannot carry replaced by U+FFFD, and
    a warning saying so (everything else, bidi marks included, stays)."""
    if _XML_ILLEGAL.search(text):
        _warn(result, f"{where}: control characters XML cannot hold were replaced by U+FFFD")
        return _XML_ILLEGAL.sub("\ufffd", text)
    return text


def xml_element(parent, tag: str, attrib: dict | None = None, text: str | None = None, *,
                result: ExportResult, where: str, nsmap: dict | None = None):
    """A new element (a root when ``parent`` is None) whose attribute values
    and text all went through :func:`xml_safe`: the one way the XML
    exporters write text a user or a document supplied, in an attribute
    (a reviewer's name, a file name, a language code) or as content."""
    safe = {key: xml_safe(str(value), where, result) for key, value in (attrib or {}).items()}
    if parent is None:
        node = etree.Element(tag, safe, nsmap=nsmap)
    else:
        node = etree.SubElement(parent, tag, safe, nsmap=nsmap)
    if text is not None:
        node.text = xml_safe(text, where, result)
    return node


def utf8_safe(text: str, result: ExportResult) -> str:
    """``text`` with lone surrogates (which no UTF-8 file can hold) replaced
    by U+FFFD, and a warning saying so."""
    if _SURROGATE.search(text):
        _warn(result, "lone surrogate code points (not characters) were replaced by U+FFFD")
        return _SURROGATE.sub("\ufffd", text)
    return text


def formula_safe(text: str) -> str:
    """A cell text no spreadsheet runs as a formula: OWASP's rule, a leading
    apostrophe before a cell that starts like one.  Every tabular exporter
    (CSV, TSV, XLSX) writes its text cells through this."""
    return "'" + text if text[:1] in _FORMULA_START else text


def sentence_lengths(alignment: Alignment, bead: Bead, side: str) -> str:
    """Space-separated lengths of a side's sentences ("" for one or none)."""
    sentences = alignment.src if side == "src" else alignment.tgt
    indices = getattr(bead, side)
    return " ".join(str(len(sentences[i].text)) for i in indices) if len(indices) > 1 else ""


def split_sentences(text: str, lengths: str | None) -> list[str]:
    """Undo the one-space join of a side's sentences using their lengths."""
    if not lengths:
        return [text] if text else []
    out, pos = [], 0
    for n in (int(x) for x in lengths.split()):
        out.append(text[pos : pos + n])
        pos += n + 1
    if pos - 1 != len(text):
        raise SchemaError(f"sentence lengths {lengths!r} do not fit a text of {len(text)} characters")
    return out


def parse_score(value: str, where: str) -> float:
    """A bead score read from a file: a finite number, else an
    :class:`InputError` (NaN or infinity would make our JSONL invalid JSON)."""
    try:
        score = float(value)
    except ValueError:
        raise InputError(f"{where}: score {value!r} is not a number") from None
    if not math.isfinite(score):
        raise InputError(f"{where}: score {value!r} is not a finite number")
    return score


def inline_text(el, wraps_text: Callable[[str], bool], entities: set[str]) -> str:
    """The text of a segment element.

    A child element whose local name ``wraps_text`` accepts (``<hi>``,
    ``<g>``, ``<mrk>``) is read for its text; any other is markup (a native
    code) and only the text after it counts.  Comments and processing
    instructions are not text.  The parser never expands entities (XXE and
    entity bombs), so an entity reference is kept as written (``&name;``)
    and its name added to ``entities`` for the importer's warning.
    """
    parts = [el.text or ""]
    for child in el:
        if isinstance(child, etree._Entity):
            parts.append(child.text)
            entities.add(child.text)
        elif isinstance(child.tag, str) and wraps_text(etree.QName(child).localname):
            parts.append(inline_text(child, wraps_text, entities))
        parts.append(child.tail or "")
    return "".join(parts)


def entity_warning(entities: set[str]) -> list[str]:
    """The import warning for the entity references :func:`inline_text` kept."""
    if not entities:
        return []
    listed = ", ".join(sorted(entities)[:10]) + (" …" if len(entities) > 10 else "")
    return [f"entity references are not expanded and were kept as written: {listed}"]


@dataclass
class Unit:
    """One imported translation unit, before it becomes a bead."""

    src_sentences: list[str]
    tgt_sentences: list[str]
    src_indices: list[int] | None = None
    tgt_indices: list[int] | None = None
    score: float = 0.0
    flags: list[dict] = field(default_factory=list)
    verdict: str | None = None
    comment: str = ""
    reviewer: str = ""
    reviewed_at: str = ""


def build_alignment(units: list[Unit], src_lang: str, tgt_lang: str, meta: dict, name: str) -> Alignment:
    """An :class:`Alignment` from imported units.

    Our own files carry sentence indices; they are kept when they number
    every sentence densely (an export without its unpaired beads does not,
    and is renumbered, with a note in ``meta["import_warnings"]``).  Units
    from other tools are numbered in document order.
    """
    if not units:
        raise InputError(f"{name}: holds no translation units")
    warnings = list(meta.get("import_warnings", []))
    ours = all(u.src_indices is not None and u.tgt_indices is not None for u in units)
    if ours:
        flat_src = [i for u in units for i in u.src_indices]
        flat_tgt = [j for u in units for j in u.tgt_indices]
        dense = flat_src == list(range(len(flat_src))) and flat_tgt == list(range(len(flat_tgt)))
        if not dense:
            warnings.append("sentence indices renumbered: the file does not hold every sentence (unpaired beads left out?)")
            ours = False
    records, next_src, next_tgt = [], 0, 0
    for u in units:
        if ours:
            src, tgt = u.src_indices, u.tgt_indices
            # One empty sentence (a blank line kept by --presplit) is written
            # as an empty segment, which reads back as no sentence.
            if len(src) == 1 and not u.src_sentences:
                u.src_sentences = [""]
            if len(tgt) == 1 and not u.tgt_sentences:
                u.tgt_sentences = [""]
        else:
            src = list(range(next_src, next_src + len(u.src_sentences)))
            tgt = list(range(next_tgt, next_tgt + len(u.tgt_sentences)))
        if len(src) != len(u.src_sentences) or len(tgt) != len(u.tgt_sentences):
            raise InputError(f"{name}: a unit's sentence indices do not match its text")
        next_src, next_tgt = next_src + len(src), next_tgt + len(tgt)
        if not src and not tgt:
            continue
        records.append(
            {
                "src": src, "tgt": tgt, "src_sentences": u.src_sentences, "tgt_sentences": u.tgt_sentences,
                "score": u.score, "flags": u.flags, "verdict": u.verdict, "comment": u.comment,
                "reviewer": u.reviewer, "reviewed_at": u.reviewed_at,
            }
        )  # fmt: skip
    if warnings:
        meta = {**meta, "import_warnings": warnings}
    try:
        return Alignment.from_bead_dicts(records, src_lang=src_lang, tgt_lang=tgt_lang, meta=meta)
    except SchemaError as exc:
        raise InputError(f"{name}: {exc}") from None
