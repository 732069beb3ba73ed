"""Document readers: a file (or uploaded bytes) in, paragraphs of text out.

Owns format sniffing, the size limit, text decoding, and one reader per
format: plain text and Markdown, one-sentence-per-line text (``presplit``),
Word ``.docx`` (body paragraphs and tables in reading order; footnotes and
endnotes kept apart), HTML pages (the article only, via ``trafilatura``) and
PDF with a text layer (``pdfplumber``; Arabic lines put back into logical
order).  Every failure is an :class:`~align.errors.InputError` whose one-line
message names the file and the problem.

Text is returned as the document has it (line ends unified, a BOM dropped):
bidi controls, diacritics and tatweel stay, because cleaning text for the
segmenter is :func:`align.normalize.clean_for_reading`'s job, not a reader's.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import InputError
from align.normalize import arabic_ratio, script_census

#: Inputs larger than this are refused before they are read whole.  News
#: articles and speeches are kilobytes; 50 MB leaves room for image-heavy
#: Word files and PDFs while keeping a stray video or archive out of memory.
MAX_BYTES = 50 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".text", ".tsv", ".csv", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
# Formats we know and cannot read: refused by name rather than decoded as text.
UNSUPPORTED_SUFFIXES = {".odt", ".doc", ".rtf", ".pages", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp",
                        ".epub", ".zip", ".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".mp3", ".mp4"}
SUPPORTED = ".txt, .md, .docx, .html/.htm, .pdf"

_MAGIC = [
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"{\\rtf", "rtf"),
]
_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Document:
    """One side of a pair as read from its file.

    ``paragraphs`` keep the document's order; with ``presplit`` they are the
    file's lines, blank ones included, so that a line's index is its line
    number.  ``footnotes`` (Word foot- and endnotes) are kept out of the
    running text because translators often move or drop them.
    """

    paragraphs: list[str]
    footnotes: list[str] = field(default_factory=list)
    format: str = "txt"
    encoding: str | None = None
    name: str = ""
    warnings: list[str] = field(default_factory=list)
    presplit: bool = False

    @property
    def text(self) -> str:
        """The running text as the segmenter takes it: paragraphs separated by
        a blank line, or, for presplit input, the lines as they were."""
        return ("\n" if self.presplit else "\n\n").join(self.paragraphs)


def read_document(path: str | Path, *, presplit: bool = False) -> Document:
    """Read a document from disk; see :func:`read_bytes`."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a document")
    _check_size(name, size)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    return read_bytes(data, name, presplit=presplit)


def read_bytes(data: bytes, filename: str, *, presplit: bool = False) -> Document:
    """Read a document from its bytes; ``filename`` gives the extension and
    the name used in messages (the app passes an upload's name)."""
    name = Path(filename).name or "input"
    _check_size(name, len(data))
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    fmt = _sniff(data, name)
    if fmt == "docx":
        doc = _read_docx(data, name)
    elif fmt == "pdf":
        doc = _read_pdf(data, name)
    elif fmt == "html":
        doc = _read_html(data, name)
    else:
        text, encoding, warnings = decode_text(data, name)
        if presplit:
            doc = _lines_document(text, name, fmt, encoding)
        elif fmt == "markdown":
            doc = Document(_markdown_paragraphs(text), format="markdown", name=name)
        else:
            doc = Document(_text_paragraphs(text), format="txt", name=name)
        doc.encoding = encoding
        doc.warnings[:0] = warnings
    if presplit and not doc.presplit:
        # A Word file or a page given as presplit: each paragraph is a line.
        doc.presplit = True
        doc.warnings.append(f"{name}: presplit {doc.format} input: each paragraph is taken as one line")
    if not any(p.strip() for p in doc.paragraphs):
        raise InputError(f"{name}: has no text")
    return doc


def _check_size(name: str, size: int) -> None:
    if size > MAX_BYTES:
        raise InputError(
            f"{name}: the file is too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)"
        )
    if size == 0:
        raise InputError(f"{name}: the file is empty")


def _sniff(data: bytes, name: str) -> str:
    """The reader to use, from the content first and the extension second.

    Binary formats announce themselves in their first bytes; an extension
    that contradicts them is an error (a photo renamed ``.docx``) rather
    than something to guess around.
    """
    suffix = Path(name).suffix.lower()
    magic = next((kind for prefix, kind in _MAGIC if data.startswith(prefix)), None)
    if magic == "zip":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                is_word = "word/document.xml" in zf.namelist()
        except zipfile.BadZipFile:
            raise InputError(f"{name}: is a damaged ZIP/Office file") from None
        if is_word:
            return "docx"
        raise InputError(f"{name}: is a ZIP archive, not a Word .docx file; supported: {SUPPORTED}")
    if magic == "pdf":
        return "pdf"
    if suffix == ".docx":
        what = {"ole": "an old Word 97-2003 (.doc) file; save it as .docx"}.get(magic, f"a {magic}" if magic else None)
        raise InputError(f"{name}: is not a Word .docx file" + (f" (it is {what})" if what else ""))
    if suffix == ".pdf":
        raise InputError(f"{name}: is not a PDF file" + (f" (it is a {magic})" if magic else ""))
    if magic == "ole":
        raise InputError(f"{name}: is an old Word 97-2003 (.doc) file; save it as .docx")
    if magic == "rtf":
        raise InputError(f"{name}: is an RTF file; save it as .docx or .txt")
    if magic:
        raise InputError(f"{name}: is a {magic}, not a text document; supported: {SUPPORTED}")
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in UNSUPPORTED_SUFFIXES:
        raise InputError(f"{name}: unsupported file type {suffix!r}; supported: {SUPPORTED}")
    # Anything else that is not a known binary format is read as text, so that
    # names like "report.2024" or corpus files without an extension just work
    # (the text decoder still refuses binary junk).
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (suffix == "" or suffix not in TEXT_SUFFIXES) and (head.startswith(b"<!doctype html") or head.startswith(b"<html")):
        return "html"
    return "txt"


# ---------------------------------------------------------------- plain text


def decode_text(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode text bytes; return ``(text, encoding, warnings)``.

    A BOM decides; then strict UTF-8; then ``charset-normalizer``'s best
    guess is weighed against Windows-1256, the legacy Arabic code page our
    originals arrive in (on short texts charset-normalizer confuses it with
    East Asian code pages).  Anything that is not UTF-8 is reported in a
    warning so that a wrong guess never passes silently.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _unify_newlines(data.decode(encoding)), encoding, []
            except UnicodeDecodeError:
                raise InputError(f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_binary(text):
            raise InputError(f"{name}: is not a text file (it holds binary data)")
        return _unify_newlines(text), "utf-8", []

    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    candidates = []
    if best is not None:
        candidates.append((best.encoding, str(best)))
    try:
        candidates.append(("cp1256", data.decode("cp1256")))
    except UnicodeDecodeError:
        pass
    scored = [(_letter_share(text), encoding, text) for encoding, text in candidates if not _looks_binary(text)]
    if not scored or max(s[0] for s in scored) < 0.3:
        raise InputError(f"{name}: is not a text file, or its encoding cannot be recognised")
    # max() keeps the first of equal scores, i.e. charset-normalizer's guess.
    _, encoding, text = max(scored, key=lambda s: s[0])
    label = "windows-1256" if encoding == "cp1256" else encoding.replace("_", "-")
    warning = f"{name}: not UTF-8; decoded as {label} (detected). If the text looks garbled, save the file as UTF-8."
    return _unify_newlines(text), label, [warning]


def _unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f\v")
    return "\x00" in sample or controls > max(2, len(sample) // 200)


def _letter_share(text: str) -> float:
    """Share of Arabic and Latin letters among non-space characters: high for
    a right decoding, low for mojibake (CJK, symbols, controls)."""
    sample = text[:20000]
    arabic, latin = script_census(sample)
    visible = sum(1 for c in sample if not c.isspace())
    return (arabic + latin) / visible if visible else 0.0


def _text_paragraphs(text: str) -> list[str]:
    """Paragraphs of running text.

    With blank lines in the file, they separate paragraphs and single line
    breaks inside one are hard wraps; without any, each line is a paragraph
    (wire copy and pasted web text put one paragraph per line).
    """
    if re.search(r"\n[ \t]*\n", text.strip()):
        blocks = re.split(r"\n[ \t]*\n", text)
        paragraphs = [" ".join(line.strip() for line in block.split("\n") if line.strip()) for block in blocks]
    else:
        paragraphs = [line.strip() for line in text.split("\n")]
    return [p for p in paragraphs if p]


def _lines_document(text: str, name: str, fmt: str, encoding: str | None) -> Document:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line starts no new one
    return Document(lines, format=fmt, encoding=encoding, name=name, presplit=True)


def _markdown_paragraphs(text: str) -> list[str]:
    """Block texts of a Markdown file (headings, paragraphs, list items,
    table cells, quotes) without the markup, via ``markdown-it-py``."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    paragraphs = []
    for token in md.parse(text):
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "image":
                parts.append(child.content)
        paragraph = "".join(parts).strip()
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


# --------------------------------------------------------------------- .docx


def _read_docx(data: bytes, name: str) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{name}: is not a readable Word .docx file ({exc})") from None
    except Exception as exc:  # lxml errors inside a damaged package
        raise InputError(f"{name}: is a damaged Word .docx file ({type(exc).__name__})") from None
    paragraphs: list[str] = []
    _docx_blocks(word.element.body, paragraphs)
    footnotes = []
    for part in word.part.package.iter_parts():
        if str(part.partname) in ("/word/footnotes.xml", "/word/endnotes.xml"):
            footnotes.extend(_docx_notes(part.blob))
    warnings = []
    if footnotes:
        warnings.append(f"{name}: {len(footnotes)} foot/endnote(s) kept apart from the running text")
    return Document(paragraphs, footnotes=footnotes, format="docx", name=name, warnings=warnings)


def _docx_blocks(container, out: list[str]) -> None:
    """Paragraph texts of a body or table cell in reading order; a table is
    read row by row, cell by cell, a cell merged across columns once."""
    for child in container.iterchildren():
        if child.tag == _W + "p":
            text = _docx_paragraph_text(child)
            if text.strip():
                out.append(text.strip())
        elif child.tag == _W + "tbl":
            for row in child.iterchildren(_W + "tr"):
                for cell in row.iterchildren(_W + "tc"):
                    _docx_blocks(cell, out)
        elif child.tag == _W + "sdt":  # content controls wrap ordinary blocks
            content = child.find(_W + "sdtContent")
            if content is not None:
                _docx_blocks(content, out)


def _docx_paragraph_text(p) -> str:
    """Visible text of a ``w:p``: runs, hyperlinks and fields, with tabs and
    line breaks as spaces; deleted revisions and footnote marks left out."""
    parts = []
    for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "delText"):
        if el.tag == _W + "t":
            parts.append(el.text or "")
        elif el.tag != _W + "delText":
            parts.append(" ")
    return re.sub(r"[ \t]{2,}", " ", "".join(parts))


def _docx_notes(blob: bytes) -> list[str]:
    from lxml import etree

    root = etree.fromstring(blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    notes = []
    for note in root:
        if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(_docx_paragraph_text(p).strip() for p in note.iter(_W + "p")).strip()
        if text:
            notes.append(text)
    return notes


# ---------------------------------------------------------------------- HTML


def _read_html(data: bytes, name: str) -> Document:
    """The article of a web page, without menus, sidebars and footers.

    ``trafilatura`` finds the main content (and decodes the page from its
    declared or detected charset); its XML output keeps block structure.
    """
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(data, output_format="xml", include_tables=True, include_comments=False)
    if xml is None:  # short pages fail the precision-first pass
        xml = trafilatura.extract(
            data, output_format="xml", include_tables=True, include_comments=False, favor_recall=True
        )
    if xml is None:
        raise InputError(f"{name}: no article text found in this web page")
    root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    main = root.find("main")
    paragraphs = []
    for el in (main if main is not None else root).iter("head", "p", "item", "cell", "quote"):
        if any(child.tag in ("p", "item", "cell", "head") for child in el.iterdescendants()):
            continue  # a container; its blocks are read on their own
        text = re.sub(r"\s+", " ", "".join(el.itertext())).strip()
        if text:
            paragraphs.append(text)
    if not paragraphs:
        raise InputError(f"{name}: no article text found in this web page")
    return Document(paragraphs, format="html", encoding=None, name=name)


# ----------------------------------------------------------------------- PDF

# Latin letters and digits with the neutrals that stay inside such a run
# ("3.5", "New York", "2024-25"): the stretches an RTL line shows left to right.
_LTR_RUN = re.compile(r"[0-9A-Za-z\u00c0-\u024f](?:[0-9A-Za-z\u00c0-\u024f .,:/%+\-]*[0-9A-Za-z\u00c0-\u024f])?")


def _read_pdf(data: bytes, name: str) -> Document:
    """Text of a PDF's text layer, Arabic in logical order.

    PDF stores glyphs where they are drawn, so reading left to right gives
    Arabic back to front.  Each line is therefore read twice: left to right,
    and right to left (which keeps each glyph's own text whole, e.g. a
    lam-alef ligature); a line whose letters are mostly Arabic takes the
    right-to-left reading with its Latin and digit runs turned back round.
    Presentation-form glyphs are folded to ordinary letters.  Paragraphs
    are runs of lines; a paragraph ends where the line pitch is well above
    the page's usual one (a blank line's worth).  A paragraph running on to
    the next page is joined across the break.
    """
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise InputError(f"{name}: is not a readable PDF ({type(exc).__name__}: {exc})") from None
    paragraphs: list[str] = []
    empty_pages = []
    with pdf:
        try:
            pages = list(pdf.pages)
        except Exception as exc:
            raise InputError(f"{name}: is not a readable PDF ({type(exc).__name__})") from None
        current: list[str] = []
        for number, page in enumerate(pages, 1):
            try:
                ltr = page.extract_text_lines(strip=True)
                rtl = page.extract_text_lines(strip=True, char_dir="rtl", char_dir_render="ltr")
            except Exception as exc:
                raise InputError(f"{name}: page {number} cannot be read ({type(exc).__name__})") from None
            if not ltr:
                empty_pages.append(number)
                continue
            if len(rtl) != len(ltr):
                rtl = ltr
            tops = [line["top"] for line in ltr]
            pitches = sorted(b - a for a, b in zip(tops, tops[1:]))
            # The lower quartile is the in-paragraph pitch even on short pages.
            gap_limit = 1.4 * pitches[len(pitches) // 4] if pitches else float("inf")
            previous_top = None
            for left, right in zip(ltr, rtl):
                text = _logical_line(left["text"], right["text"])
                if previous_top is not None and left["top"] - previous_top > gap_limit and current:
                    paragraphs.append(" ".join(current))
                    current = []
                if text:
                    current.append(text)
                previous_top = left["top"]
        if current:
            paragraphs.append(" ".join(current))
    if not paragraphs:
        raise InputError(f"{name}: the PDF has no text layer (a scan?); run OCR on it first")
    warnings = []
    if empty_pages:
        listed = ", ".join(map(str, empty_pages[:10])) + (" …" if len(empty_pages) > 10 else "")
        warnings.append(f"{name}: page(s) {listed} have no text layer and were skipped")
    return Document(paragraphs, format="pdf", name=name, warnings=warnings)


def _logical_line(ltr_text: str, rtl_text: str) -> str:
    ltr_text = _fold_presentation_forms(ltr_text)
    if arabic_ratio(ltr_text) < 0.5:
        return ltr_text
    rtl_text = _fold_presentation_forms(rtl_text)
    return _LTR_RUN.sub(lambda m: m.group(0)[::-1], rtl_text)


def _fold_presentation_forms(text: str) -> str:
    """Arabic presentation forms (U+FB50–FDFF, U+FE70–FEFF) to base letters."""
    return re.sub(
        "[\ufb50-\ufdff\ufe70-\ufefe]+", lambda m: unicodedata.normalize("NFKC", m.group(0)), text
    )
