"""Exporters and importers of alignments, by format name.

``EXPORT_FORMATS`` maps each name the CLI's ``--format`` accepts to its
file extension.  :func:`write_alignment` writes one format to a path or an
open file; :func:`export_bytes` returns the bytes (for the app's download
buttons); :func:`read_alignment` reads our JSONL, TMX or XLIFF (2.x, 1.2)
back, recognising the format from the content.

Text formats (beads, tsv, csv, jsonl, html) are written as UTF-8 (csv with
a BOM unless ``bom=False``); XML formats and XLSX are bytes.
"""
from __future__ import annotations

import io
import math
from pathlib import Path
from typing import IO

from align.errors import InputError
from align.formats.base import ExportResult, utf8_safe
from align.model import SIDES, Alignment, SchemaError

#: Format name → file extension.
EXPORT_FORMATS: dict[str, str] = {
    "beads": ".beads", "tsv": ".tsv", "csv": ".csv", "jsonl": ".jsonl", "tmx": ".tmx",
    "xliff": ".xlf", "xliff12": ".xlf", "xlsx": ".xlsx", "html": ".html",
}  # fmt: skip
#: Largest alignment file :func:`read_alignment` reads (same limit as documents).
MAX_BYTES = 50 * 1024 * 1024

__all__ = ["EXPORT_FORMATS", "ExportResult", "export_bytes", "read_alignment", "write_alignment"]


def render(
    alignment: Alignment, fmt: str, *, include_unpaired: bool = True, summary=None, bom: bool = True
) -> tuple[str | bytes, ExportResult]:
    """The serialised alignment (``str`` for text formats, ``bytes`` for XML
    and XLSX) and what was written.  Text that UTF-8 cannot hold (lone
    surrogates) is replaced by U+FFFD with a warning, as the XML formats do
    for characters XML cannot hold."""
    data, result = _render(alignment, fmt, include_unpaired=include_unpaired, summary=summary, bom=bom)
    return (utf8_safe(data, result) if isinstance(data, str) else data), result


def _render(alignment: Alignment, fmt: str, *, include_unpaired: bool, summary, bom: bool):
    if fmt == "beads":
        from align.formats.tabular import write_beads

        return write_beads(alignment)
    if fmt == "tsv":
        from align.formats.tabular import write_tsv

        return write_tsv(alignment)
    if fmt == "csv":
        from align.formats.tabular import write_csv

        return write_csv(alignment, bom=bom)
    if fmt == "jsonl":
        return alignment.to_jsonl(), ExportResult("jsonl", units=len(alignment.beads))
    if fmt == "tmx":
        from align.formats import tmx

        return tmx.write(alignment, include_unpaired=include_unpaired)
    if fmt in ("xliff", "xliff12"):
        from align.formats import xliff

        return xliff.write(alignment, include_unpaired=include_unpaired, version="1.2" if fmt == "xliff12" else "2.1")
    if fmt == "xlsx":
        from align.formats import xlsx

        return xlsx.write(alignment, summary=summary)
    if fmt == "html":
        from align.formats import html

        return html.write(alignment, summary=summary)
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")


def export_bytes(alignment: Alignment, fmt: str, **options) -> tuple[bytes, ExportResult]:
    """The export as bytes (text formats UTF-8 encoded); options as :func:`render`."""
    data, result = render(alignment, fmt, **options)
    return (data.encode("utf-8") if isinstance(data, str) else data), result


def write_alignment(
    alignment: Alignment,
    path_or_fh: str | Path | IO,
    fmt: str,
    *,
    include_unpaired: bool = True,
    summary=None,
    bom: bool = True,
) -> ExportResult:
    """Write ``alignment`` as ``fmt`` to a path or an open file.

    ``include_unpaired`` (TMX, XLIFF): write omissions and additions as
    one-language units, or leave them out; the result lists them either
    way.  ``summary``: a :func:`align.fidelity.summarize` result for the
    report formats.  ``bom``: start the CSV with a UTF-8 BOM (for Excel).
    An open file may be binary, or text for the text and XML formats.
    """
    data, result = render(alignment, fmt, include_unpaired=include_unpaired, summary=summary, bom=bom)
    if isinstance(path_or_fh, (str, Path)):
        Path(path_or_fh).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return result
    if isinstance(path_or_fh, io.TextIOBase) or hasattr(path_or_fh, "encoding"):
        if fmt == "xlsx":
            raise ValueError("xlsx is binary: give a path or a binary file")
        path_or_fh.write(data if isinstance(data, str) else data.decode("utf-8"))
    else:
        path_or_fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    return result


def read_alignment(path: str | Path) -> Alignment:
    """Read an alignment from our JSONL, a TMX or an XLIFF 2.x/1.2 file.

    The format is recognised from the content, not the extension.  Every
    failure is an :class:`InputError` naming the file and the problem.
    """
    from lxml import etree

    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise InputError(f"{name}: no such file") from None
    if size > MAX_BYTES:
        raise InputError(f"{name}: the file is too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES // 2**20} MB)")
    data = path.read_bytes()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise InputError(f"{name}: the file is empty")
    if head.startswith(b"{"):
        try:
            alignment = Alignment.read_jsonl(path)
            _check_values(alignment)
        except SchemaError as exc:
            raise InputError(f"{name}: not an alignment in our JSONL schema ({exc})") from None
        except UnicodeDecodeError:
            raise InputError(f"{name}: is not UTF-8 text") from None
        except RecursionError:
            raise InputError(f"{name}: not an alignment in our JSONL schema (JSON nested too deeply)") from None
        return alignment
    if not head.startswith(b"<"):
        raise InputError(f"{name}: is neither our JSONL nor TMX/XLIFF (XML)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name}: is not well-formed XML (truncated or damaged?): {exc.msg}") from None
    tag = etree.QName(root).localname
    if tag == "tmx":
        from align.formats import tmx

        alignment = tmx.read(root, name)
    elif tag == "xliff":
        from align.formats import xliff

        alignment = xliff.read(root, name)
    else:
        raise InputError(f"{name}: XML with root <{tag}> is neither TMX nor XLIFF")
    try:
        _check_values(alignment)
    except SchemaError as exc:
        raise InputError(f"{name}: {exc}") from None
    return alignment


def _check_values(alignment: Alignment) -> None:
    """Raise :class:`SchemaError` unless every value an imported file gave
    has the type the schema says: JSON allows ``NaN`` and ``Infinity``
    (which would make our own JSONL export invalid JSON) and a number where
    text belongs (in a JSONL line, or a TMX flag property); the schema does
    not."""
    for side in SIDES:
        for i, sentence in enumerate(getattr(alignment, side)):
            if not isinstance(sentence.text, str):
                raise SchemaError(f"{side} sentence {i} is not text")
    for number, bead in enumerate(alignment.beads, 1):
        if not math.isfinite(bead.score):
            raise SchemaError(f"bead {number}: score {bead.score} is not a finite number")
        for key in ("comment", "reviewer", "reviewed_at"):
            if not isinstance(getattr(bead, key), str):
                raise SchemaError(f"bead {number}: {key} is not text")
        for flag in bead.flags:
            if not (isinstance(flag.kind, str) and isinstance(flag.reason, str)):
                raise SchemaError(f"bead {number}: a flag's kind or reason is not text")
            for span in flag.spans:
                if span.side not in SIDES or not isinstance(span.text, str):
                    raise SchemaError(f"bead {number}: a flag's span is not a {'/'.join(SIDES)} span with text")
