"""Builders of hostile and unusual input files, made on the fly (nothing
binary is committed): zip bombs and many-paragraph Word files, long PDFs,
deeply nested web pages.  Used by ``tests/test_hostile_readers.py`` and by
``bench/readers_memory.py``.

The big builders stream what they write, so that building a file that
expands to gigabytes costs megabytes."""
from __future__ import annotations

import io
import random
import zipfile
from functools import lru_cache
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOC_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>'.encode()
_DOC_TAIL = b"</w:body></w:document>"
_CHUNK = 1 << 20


@lru_cache(maxsize=1)
def _template_parts() -> list[tuple[zipfile.ZipInfo, bytes]]:
    """The parts of python-docx's own blank document, to build on."""
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    with zipfile.ZipFile(out) as src:
        return [(item, src.read(item.filename)) for item in src.infolist()]


def docx_from_body(chunks, path: str | Path | None = None, *, prolog: bytes = b"") -> bytes | None:
    """A .docx whose ``word/document.xml`` body is the bytes of ``chunks``
    (an iterable, streamed into the archive); ``prolog`` goes between the
    XML declaration and the root (a DOCTYPE).  Written to ``path`` when
    given, else returned."""
    target = open(path, "wb") if path is not None else io.BytesIO()
    try:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            for item, data in _template_parts():
                if item.filename != "word/document.xml":
                    z.writestr(item, data)
                    continue
                info = zipfile.ZipInfo("word/document.xml", date_time=item.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                with z.open(info, "w", force_zip64=True) as fh:
                    head, _, rest = _DOC_HEAD.partition(b"\n")
                    fh.write(head + b"\n" + prolog + rest)
                    for chunk in chunks:
                        fh.write(chunk)
                    fh.write(_DOC_TAIL)
        return None if path is not None else target.getvalue()
    finally:
        if path is not None:
            target.close()


def paragraph_xml(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def _repeated(unit: bytes, total: int):
    """``unit`` repeated to about ``total`` bytes, in 1 MB chunks."""
    chunk = unit * max(1, _CHUNK // len(unit))
    for _ in range(max(1, total // len(chunk))):
        yield chunk


def docx_bomb(expanded_bytes: int, path: str | Path | None = None) -> bytes | None:
    """A classic zip bomb: ``document.xml`` is one paragraph of one letter
    repeated to ``expanded_bytes``, which deflate packs about 1000 to 1."""
    chunks = [b"<w:p><w:r><w:t>", *_repeated(b"a" * 1024, expanded_bytes), b"</w:t></w:r></w:p>"]
    return docx_from_body(iter(chunks), path)


def docx_tiny_paragraphs(count: int, path: str | Path | None = None) -> bytes | None:
    """``count`` one-letter paragraphs: small on disk (about 300 to 1), a
    tree of millions of elements once parsed."""
    unit = paragraph_xml("a")
    return docx_from_body(_repeated(unit, count * len(unit)), path)


def docx_distinct_paragraphs(count: int, seed: int = 0, path: str | Path | None = None) -> bytes | None:
    """``count`` short paragraphs of random words: compresses like real
    text (well under 100 to 1), so only the expanded-size limit stops it."""
    rng = random.Random(seed)

    def body():
        batch = []
        for i in range(count):
            words = " ".join(f"w{rng.randrange(10**6)}" for _ in range(rng.randrange(1, 6)))
            batch.append(paragraph_xml(words))
            if len(batch) == 4096:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch)

    return docx_from_body(body(), path)


def pdf_pages(count: int, path: str | Path | None = None, *, lines: int = 3) -> bytes | None:
    """A PDF of ``count`` pages, each with ``lines`` lines of English text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for number in range(1, count + 1):
        pdf.add_page()
        for line in range(lines):
            pdf.cell(pdf.epw, 8, f"Page {number} line {line}: the minister said the talks would go on.",
                     new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    if path is None:
        return data
    Path(path).write_bytes(data)
    return None


def nested_html(depth: int, words_per_level: int = 1) -> tuple[str, list[str]]:
    """A page whose article nests ``depth`` levels of ``<div>``, with a
    paragraph of its own words at every level; returns the page and every
    word it holds."""
    words = []
    opening = []
    for level in range(depth):
        text = " ".join(f"level{level}word{k}" for k in range(words_per_level))
        words.extend(text.split())
        opening.append(f"<div><p>{text}.</p>")
    page = ("<!DOCTYPE html><html><head><title>t</title></head><body><article>"
            + "".join(opening) + "</div>" * depth + "</article></body></html>")
    return page, words


def claim_smaller_size(data: bytes, member: str, claimed: int) -> bytes:
    """``data`` (a ZIP without ZIP64 fields) with ``member``'s unpacked size
    stated as ``claimed`` in its local and central headers: a bomb that
    lies to a size check."""
    import struct

    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        local = z.getinfo(member).header_offset
    struct.pack_into("<I", out, local + 22, claimed)
    name = member.encode()
    central = out.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46:central + 46 + length] == name:
            struct.pack_into("<I", out, central + 24, claimed)
            break
        central = out.find(b"PK\x01\x02", central + 46)
    return bytes(out)


def plain_zip_docx(body: bytes) -> bytes:
    """A .docx written without ZIP64 fields, its body XML ``body``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item, data in _template_parts():
            z.writestr(item.filename, _DOC_HEAD + body + _DOC_TAIL if item.filename == "word/document.xml" else data)
    return out.getvalue()
