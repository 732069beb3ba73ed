"""Document readers: a file (or uploaded bytes) in, paragraphs of text out.

Owns format sniffing, the size limit, text decoding, and one reader per
format: plain text and Markdown, one-sentence-per-line text (``presplit``),
Word ``.docx`` (body paragraphs and tables in reading order; footnotes and
endnotes kept apart), HTML pages (the article only, via ``trafilatura``) and
PDF with a text layer (``pdfplumber``; Arabic lines put back into logical
order).  Every failure is an :class:`~align.errors.InputError` whose one-line
message names the file and the problem.

Text is returned as the document has it (line ends unified, a BOM dropped,
Arabic presentation forms folded to letters by one step every reader
shares): bidi controls, diacritics and tatweel stay, because cleaning text
for the segmenter is :func:`align.normalize.clean_for_reading`'s job, not a
reader's.

Hostile input is bounded before it is parsed: the file size
(:data:`MAX_BYTES`), and for a ZIP-based document (.docx) the unpacked size
of each member and of all of them and each member's expansion ratio
(:func:`_check_zip`, one guard for every ZIP-based format); an HTML page is
parsed without libxml2's 256-level depth limit and refused, not cut short,
past 2,048 levels; a PDF's pages are released as soon as they are read.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import InputError
from align.normalize import arabic_ratio, fold_presentation_forms, script_census

#: Inputs larger than this are refused before they are read whole.  News
#: articles and speeches are kilobytes; 50 MB leaves room for image-heavy
#: Word files and PDFs while keeping a stray video or archive out of memory.
MAX_BYTES = 50 * 1024 * 1024
#: A ZIP-based document is refused when its members would unpack to more
#: than this in all (python-docx holds every part in memory and parses each
#: XML part) ...
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
#: ... or one member to more than this: a parsed XML part takes about 13-15
#: times its size in memory (3 million one-word paragraphs, 105 MB of XML,
#: took 1.6 GB), and a 1,000-page Word report has a few MB of it.  Every
#: member counts, whatever its name: a part's name does not say whether
#: python-docx parses it (its content type does).
MAX_PART_BYTES = 32 * 1024 * 1024
#: ... or a member over 1 MiB expands more than this many times (Word's XML
#: packs 5-30 to 1; a zip bomb 1000 to 1; Apache POI uses the same ratio).
MAX_EXPANSION = 100
_EXPANSION_FLOOR = 1024 * 1024
#: ... or it has more members than this (Word files have a few dozen).
MAX_ZIP_MEMBERS = 10_000

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
    _fold_letters(doc)
    if not any(p.strip() for p in doc.paragraphs):
        raise InputError(f"{name}: has no text")
    return doc


def _fold_letters(doc: Document) -> None:
    """The normalisation every reader's text goes through: presentation-form
    glyphs (text copied from PDFs and old web pages) become the letters they
    draw, so that language detection and alignment see Arabic letters."""
    doc.paragraphs = [fold_presentation_forms(p) for p in doc.paragraphs]
    doc.footnotes = [fold_presentation_forms(p) for p in doc.footnotes]


def _check_size(name: str, size: int) -> None:
    if size > MAX_BYTES:
        raise InputError(
            f"{name}: the file is too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)"
        )
    if size == 0:
        raise InputError(f"{name}: the file is empty")


def _check_zip(members: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a ZIP-based document (its ``members``) that would unpack to
    too much, before any of it is unpacked.  The sizes are the archive's own
    claims, which is enough: ``zipfile`` never inflates a member past its
    stated size (it stops there and fails the CRC check)."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise InputError(f"{name}: has {len(members):,} parts inside (the limit is {MAX_ZIP_MEMBERS:,}); "
                         "it is not a Word document as Word writes them")
    total = 0
    for member in members:
        total += member.file_size
        unpacked_mb = member.file_size / 1e6
        if member.file_size > _EXPANSION_FLOOR and member.file_size > MAX_EXPANSION * max(member.compress_size, 1):
            raise InputError(
                f"{name}: its part {member.filename!r} would expand {member.file_size / max(member.compress_size, 1):,.0f} "
                f"times, to {unpacked_mb:,.0f} MB (the limit is {MAX_EXPANSION} times): a zip bomb, not a document"
            )
        if member.file_size > MAX_PART_BYTES:
            raise InputError(
                f"{name}: its part {member.filename!r} unpacks to {unpacked_mb:,.0f} MB (the limit for one part "
                f"is {MAX_PART_BYTES // 2**20} MB); split the document or remove large embedded files"
            )
    if total > MAX_UNPACKED_BYTES:
        raise InputError(f"{name}: unpacks to {total / 1e6:,.0f} MB (the limit is {MAX_UNPACKED_BYTES // 2**20} MB); "
                         "split the document or remove large embedded files")


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
                members = zf.infolist()
        # zipfile raises more than BadZipFile on a mangled directory (a version
        # it does not know, a seek before the start).
        except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError):
            raise InputError(f"{name}: is a damaged ZIP/Office file") from None
        if any(member.filename == "word/document.xml" for member in members):
            _check_zip(members, name)
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

    A BOM decides; then UTF-8, taken with its few invalid bytes replaced
    (and a warning saying how many and on which lines) when the rest of the
    file is overwhelmingly valid UTF-8 (see :func:`_decode_mostly_utf8`);
    then ``charset-normalizer``'s best guess is weighed against
    Windows-1256, the legacy Arabic code page our originals arrive in (on
    short texts charset-normalizer confuses it with East Asian code pages).
    Anything that is not UTF-8 is reported in a warning so that a wrong
    guess never passes silently.
    """
    for bom, encoding in _BOMS:
        if not data.startswith(bom):
            continue
        if encoding == "utf-8-sig":
            decoded = _decode_mostly_utf8(data[len(bom):], name)
            if decoded is not None:
                return decoded[0], encoding, decoded[1]
        try:
            return _unify_newlines(data.decode(encoding)), encoding, []
        except UnicodeDecodeError:
            raise InputError(f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    decoded = _decode_mostly_utf8(data, name)
    if decoded is not None:
        text, warnings = decoded
        if _looks_binary(text):
            raise InputError(f"{name}: is not a text file (it holds binary data)")
        return text, "utf-8", warnings

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


#: UTF-8 with a few bad bytes (a file cut or spliced mid-character) is taken
#: as UTF-8 when its valid non-ASCII characters outnumber its invalid bytes
#: this many times.  Legacy 8-bit text decoded as UTF-8 is the other way
#: round: in Windows-1256 Arabic nearly every non-ASCII byte is invalid.
UTF8_VALID_PER_INVALID = 20
# What errors="surrogateescape" makes of each byte that is not UTF-8.
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def _decode_mostly_utf8(data: bytes, name: str) -> tuple[str, list[str]] | None:
    """``(text, warnings)`` if ``data`` is UTF-8 apart from a few invalid
    bytes, each run of them replaced by U+FFFD and reported with its line
    numbers; ``None`` if it is not UTF-8."""
    try:
        return _unify_newlines(data.decode("utf-8")), []
    except UnicodeDecodeError:
        pass
    text = _unify_newlines(data.decode("utf-8", errors="surrogateescape"))
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    invalid, lines = 0, []
    line, scanned = 1, 0
    for run in _ESCAPED_BYTES.finditer(text):
        invalid += len(run.group(0))
        if (non_ascii - invalid) < UTF8_VALID_PER_INVALID * invalid:
            return None
        line += text.count("\n", scanned, run.start())
        scanned = run.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    listed = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
    warning = (f"{name}: {invalid} byte(s) that are not valid UTF-8 were replaced by \ufffd "
               f"(line{'s' if len(lines) > 1 else ''} {listed}); the rest of the file is UTF-8")
    return _ESCAPED_BYTES.sub("\ufffd", text), [warning]


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
    line breaks as spaces; deleted revisions and footnote marks left out.
    A ``w:t``'s whole text is read (``el.text`` stops at its first child
    node, such as an entity reference, which is kept as written: entities
    are never expanded)."""
    parts = []
    for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "delText"):
        if el.tag == _W + "t":
            parts.append("".join(el.itertext()))
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


#: libxml2 drops what lies deeper than 256 levels as a recoverable error,
#: i.e. silently; parsed with ``huge_tree`` its limit is this, and a page
#: that reaches it is refused rather than read with paragraphs missing.
MAX_HTML_DEPTH = 2048
# Containers whose loose text (text beside block children, as in
# <div>Headline<p>First sentence</p></div>) is a paragraph of its own.
_HTML_CONTAINERS = {"body", "main", "article", "section", "div", "header", "footer", "blockquote", "center", "td", "th"}
_HTML_BLOCKS = {
    "p", "div", "pre", "table", "ul", "ol", "dl", "li", "blockquote", "section", "article", "header", "footer",
    "aside", "nav", "figure", "figcaption", "main", "form", "hr", "address", "details", "h1", "h2", "h3", "h4",
    "h5", "h6",
}  # fmt: skip
# C0 controls other than tab and line ends, and the non-characters U+FFFE
# and U+FFFF, cannot be in XML, which is what trafilatura builds from the
# page: it drops a page holding one.  They come raw or as character
# references (&#1;), so they are taken out of the page and of its tree.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _read_html(data: bytes, name: str) -> Document:
    """The article of a web page, without menus, sidebars and footers.

    The page is decoded like a text file (:func:`decode_text`) and parsed by
    lxml without the 256-level depth limit; ``<pre>`` text and text lying
    loose beside blocks are made paragraphs of their own (trafilatura would
    run them together); then ``trafilatura`` finds the main content, and its
    XML output gives the blocks.  A line break (``<br>``) ends a paragraph.
    """
    import copy

    import trafilatura
    from lxml import etree

    text, encoding, warnings = decode_text(data, name)
    tree = _parse_html(_XML_UNSAFE.sub("", text), name)
    _separate_html_blocks(tree)
    options = dict(output_format="xml", include_tables=True, include_comments=False)
    xml = trafilatura.extract(copy.deepcopy(tree), **options)
    if xml is None:  # short pages fail the precision-first pass
        xml = trafilatura.extract(tree, favor_recall=True, **options)
    if xml is None:
        raise InputError(f"{name}: no article text found in this web page")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(xml.encode("utf-8"), parser=parser)
    for line_break in root.iter("lb"):
        line_break.tail = "\n" + (line_break.tail or "")
    main = root.find("main")
    paragraphs = []
    for el in (main if main is not None else root).iter("head", "p", "item", "cell", "quote", "code"):
        if any(child.tag in ("p", "item", "cell", "head") for child in el.iterdescendants()):
            continue  # a container; its blocks are read on their own
        for line in "".join(el.itertext()).split("\n"):
            line = re.sub(r"\s+", " ", line).strip()
            if line:
                paragraphs.append(line)
    if not paragraphs:
        raise InputError(f"{name}: no article text found in this web page")
    return Document(paragraphs, format="html", encoding=encoding, name=name, warnings=warnings)


def _parse_html(text: str, name: str):
    from lxml import etree, html

    # One parser per page: its error log is what tells a cut-short tree.
    parser = html.HTMLParser(huge_tree=True, collect_ids=False, default_doctype=False, encoding="utf-8",
                             remove_comments=True, remove_pis=True)
    try:
        tree = html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{name}: is not a readable web page ({exc})") from None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise InputError(
            f"{name}: the page nests its elements deeper than {MAX_HTML_DEPTH:,} levels; "
            "it cannot be read without losing text"
        )
    for el in tree.iter():
        if el.text and _XML_UNSAFE.search(el.text):
            el.text = _XML_UNSAFE.sub("", el.text)
        if el.tail and _XML_UNSAFE.search(el.tail):
            el.tail = _XML_UNSAFE.sub("", el.tail)
    return tree


def _separate_html_blocks(tree) -> None:
    """Give trafilatura paragraphs it cannot run together: a ``<pre>``
    becomes one ``<p>`` per paragraph of its text (the plain-text rule of
    :func:`_text_paragraphs`), and loose text beside block children of a
    container is wrapped in a ``<p>`` of its own."""
    from lxml import etree, html

    for pre in list(tree.iter("pre")):
        block = html.Element("div")
        for paragraph in _text_paragraphs(_unify_newlines(pre.text_content())):
            etree.SubElement(block, "p").text = paragraph
        block.tail = pre.tail
        pre.getparent().replace(pre, block)
    for container in list(tree.iter(*_HTML_CONTAINERS)):
        if any(child.tag in _HTML_BLOCKS for child in container):
            _wrap_loose_text(container)


def _wrap_loose_text(container) -> None:
    """Wrap each run of text and inline elements between the block children
    of ``container`` in a ``<p>``."""
    from lxml import html

    children, run_text, run = list(container), container.text, []
    container.text = None
    for child in children:
        container.remove(child)  # its tail goes with it
    arranged = []

    def close_run():
        if (run_text or "").strip() or any(isinstance(node.tag, str) and node.text_content().strip() for node in run):
            paragraph = html.Element("p")
            paragraph.text = run_text
            paragraph.extend(run)
            arranged.append(paragraph)
        else:
            arranged.extend(run)

    for child in children:
        if child.tag in _HTML_BLOCKS:
            close_run()
            run_text, run = child.tail, []
            child.tail = None
            arranged.append(child)
        else:
            run.append(child)
    close_run()
    container.extend(arranged)


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
    the next page is joined across the break.  Each page's parsed objects
    are released once it is read (pdfplumber keeps them otherwise: a
    1,000-page PDF then holds every page's characters at once), and the
    right-to-left reading is done only for a page with an Arabic line.
    """
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise InputError(f"{name}: is not a readable PDF ({type(exc).__name__}: {exc})") from None
    paragraphs: list[str] = []
    empty_pages = []
    # Not "with pdf": closing a damaged PDF parses its page tree again and
    # raises over the error already reported; each page read is closed below
    # and the rest is only the bytes given.
    try:
        pages = pdf.pages
    except Exception as exc:
        raise InputError(f"{name}: is not a readable PDF ({type(exc).__name__})") from None
    current: list[str] = []
    for number, page in enumerate(pages, 1):
        try:
            ltr = page.extract_text_lines(strip=True)
            if any(arabic_ratio(fold_presentation_forms(line["text"])) >= 0.5 for line in ltr):
                rtl = page.extract_text_lines(strip=True, char_dir="rtl", char_dir_render="ltr")
            else:
                rtl = ltr
        except Exception as exc:
            raise InputError(f"{name}: page {number} cannot be read ({type(exc).__name__})") from None
        finally:
            page.close()
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
    # Folded here, not only by _fold_letters: the share of Arabic letters
    # that picks the reading must count presentation-form glyphs.
    ltr_text = fold_presentation_forms(ltr_text)
    if arabic_ratio(ltr_text) < 0.5:
        return ltr_text
    return _LTR_RUN.sub(lambda m: m.group(0)[::-1], fold_presentation_forms(rtl_text))
