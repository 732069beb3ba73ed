"""Outputs for the whole batch: one translation memory (TMX 1.4b) and a
corpus report (CSV, XLSX, HTML) with one row per document.

The TMX is streamed with :class:`lxml.etree.xmlfile`: one document's
alignment is in memory at a time, and each bead's ``<tu>`` is the very
element the single-document exporter writes (:func:`align.formats.tmx.write`,
whose ``tuid`` is the bead's number), given a batch-wide ``tuid`` and the
document's name as a property.  Only pairs (both sides) go into
the memory, optionally only those a reviewer marked ``ok``, those without
an ``error`` flag, or those of a least score.

The report puts the worst documents first — failed or refused, then most
``error`` flags, most warnings, least coverage — and ends with a totals
row.  Every cell a document supplies (its name, an error message) is text:
the CSV defuses what a spreadsheet would run as a formula, the XLSX stores
strings as strings with the characters XML cannot hold replaced (the
per-document exporters' escaping), the HTML escapes everything and isolates
each name's direction.
"""
from __future__ import annotations

import csv
import html
import io
import itertools
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Sequence

from lxml import etree

from ..formats.base import TOOL, ExportResult, formula_safe, tool_version, xml_safe
from ..formats import tmx
from ..model import SEVERITIES, Alignment
from .manifest import Entry, atomic_file, write_atomic

TMX_NAME = "corpus.tmx"
REPORT_NAME = "corpus-report"


@dataclass(frozen=True)
class MemoryFilter:
    reviewed_only: bool = False
    without_errors: bool = False
    min_score: float = 0.0

    def keeps(self, bead) -> bool:
        if not (bead.src and bead.tgt) or bead.score < self.min_score:
            return False
        if self.reviewed_only and bead.verdict != "ok":
            return False
        return not (self.without_errors and any(f.severity == "error" for f in bead.flags))


def write_memory(path: Path, documents: Iterable[tuple[str, Alignment]], keep: MemoryFilter) -> ExportResult:
    """Stream the kept beads of ``documents`` ((name, alignment) pairs from
    an iterator that loads one at a time) into one TMX file, atomically."""
    result = ExportResult("tmx", unpaired_included=False)
    documents = iter(documents)
    first = next(documents, None)
    with atomic_file(path) as fh, etree.xmlfile(fh, encoding="UTF-8") as xf:
        xf.write_declaration()
        xf.write_doctype(tmx.DOCTYPE)
        with xf.element("tmx", version="1.4"):
            xf.write(_header(first[1].src_lang if first else "ar"), pretty_print=True)
            with xf.element("body"):
                for name, alignment in itertools.chain([first] if first else [], documents):
                    for tu in _document_units(name, alignment, keep, result):
                        xf.write(tu, pretty_print=True)
                        result.units += 1
    return result


def _header(src_lang: str):
    return etree.Element("header", {
        "creationtool": TOOL, "creationtoolversion": tool_version(), "segtype": "sentence", "o-tmf": TOOL,
        "adminlang": "en", "srclang": src_lang, "datatype": "plaintext",
        "creationdate": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
    })  # fmt: skip


def _document_units(name: str, alignment: Alignment, keep: MemoryFilter, result: ExportResult):
    """The kept ``<tu>`` elements of one document, as its own TMX export writes them."""
    data, own = tmx.write(alignment, include_unpaired=False)
    result.warnings += [f"{name}: {warning}" for warning in own.warnings]
    name = xml_safe(name, "document name", result)
    body = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)).find("body")
    for tu in body.iterfind("tu"):
        number = int(tu.get("tuid")) - 1
        if not keep.keeps(alignment.beads[number]):
            continue
        tu.set("tuid", f"{name}:{number + 1}")
        document = etree.Element("prop", type=tmx.P + "document")
        document.text = name
        tu.insert(0, document)
        yield tu


# ---------------------------------------------------------------- the report

_FIXED = ["document", "status", "original", "translation", "source sentences", "target sentences", "coverage (%)",
          "omitted sentences", "added sentences", "editorial lines", "beads", "flagged beads",
          *(f"{severity} flags" for severity in SEVERITIES)]
_COUNTS = {"source sentences": "src_sentences", "target sentences": "tgt_sentences",
           "omitted sentences": "omitted_sentences", "added sentences": "added_sentences",
           "editorial lines": "editorial_lines", "beads": "beads", "flagged beads": "flagged_beads",
           "reviewed beads": "reviewed_beads"}  # fmt: skip


def _badness(entry: Entry) -> tuple:
    severity = entry.figures.get("flags_by_severity", {})
    return (entry.status == "done", -severity.get("error", 0), -severity.get("warning", 0),
            entry.figures.get("coverage", 1.0), entry.name)  # fmt: skip


def report_table(entries: Sequence[Entry]) -> tuple[list[str], list[list], list]:
    """The header, one row per document (worst first) and the totals row."""
    kinds = sorted({kind for e in entries for kind in e.figures.get("flags_by_kind", {})})
    header = _FIXED + [f"flags: {kind}" for kind in kinds] + ["reviewed beads", "problem"]
    rows, totals = [], {column: 0 for column in header if column not in _TEXT_COLUMNS}
    chars = {"src_chars": 0, "translated_chars": 0}
    for entry in sorted(entries, key=_badness):
        f = entry.figures
        severity, by_kind = f.get("flags_by_severity", {}), f.get("flags_by_kind", {})
        values = {"document": entry.name, "status": entry.status, "original": entry.original,
                  "translation": entry.translation, "problem": entry.error}  # fmt: skip
        if entry.status == "done":
            values.update({column: f.get(key, 0) for column, key in _COUNTS.items()})
            values["coverage (%)"] = round(100 * f.get("coverage", 1.0), 1)
            values.update({f"{s} flags": severity.get(s, 0) for s in SEVERITIES})
            values.update({f"flags: {k}": by_kind.get(k, 0) for k in kinds})
            for column in totals:
                totals[column] += values[column]
            for key in chars:
                chars[key] += f.get(key, 0)
        rows.append([values.get(column, "") for column in header])
    done = sum(e.status == "done" for e in entries)
    totals.update({"document": f"all {len(entries)} documents", "status": f"{done} done",
                   "coverage (%)": round(100 * chars["translated_chars"] / chars["src_chars"], 1)
                   if chars["src_chars"] else ""})  # fmt: skip
    return header, rows, [totals.get(column, "") for column in header]


def write_report(out_dir: Path, entries: Sequence[Entry]) -> list[Path]:
    """``corpus-report.csv``, ``.xlsx`` and ``.html`` in ``out_dir``."""
    header, rows, totals = report_table(entries)
    paths = [out_dir / f"{REPORT_NAME}{suffix}" for suffix in (".csv", ".xlsx", ".html")]
    write_atomic(paths[0], _csv(header, rows, totals).encode("utf-8"))
    write_atomic(paths[1], _xlsx(header, rows, totals))
    write_atomic(paths[2], _html(header, rows, totals).encode("utf-8"))
    return paths


def _csv(header, rows, totals) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads Arabic file names as UTF-8
    writer = csv.writer(out, lineterminator="\r\n")
    for row in [header, *rows, totals]:
        writer.writerow([formula_safe(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()


def _xlsx(header, rows, totals) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Documents"
    result = ExportResult("xlsx")  # its warnings: characters a workbook cannot hold, replaced

    def cells(row: list) -> list:
        return [xml_safe(v, "corpus report", result) if isinstance(v, str) else v for v in row]

    for row in [header, *rows]:
        ws.append(cells(row))
    ws.append([])
    ws.append(cells(totals))
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a name starting with "=" is text, not a formula
    for cell in (*ws[1], *ws[ws.max_row]):
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for c, name in enumerate(header, 1):
        ws.column_dimensions[get_column_letter(c)].width = 40 if name in ("document", "problem") else 12
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


_TEXT_COLUMNS = {"document", "status", "original", "translation", "problem"}

_SORT_SCRIPT = """<script>
document.querySelectorAll('thead th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var body = document.querySelector('tbody'), rows = Array.from(body.rows);
    var up = th.dataset.order !== 'up'; th.dataset.order = up ? 'up' : 'down';
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v, nx = parseFloat(x), ny = parseFloat(y);
      var d = (isNaN(nx) || isNaN(ny)) ? x.localeCompare(y) : nx - ny;
      return up ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
</script>"""


def _html(header, rows, totals) -> str:
    e = html.escape

    def cell(tag, column, value):
        text = e("" if value is None else str(value))
        if column in _TEXT_COLUMNS and value:
            text = f"<bdi>{text}</bdi>"  # an Arabic file name keeps its own direction
        return f'<{tag} data-v="{e(str(value))}">{text}</{tag}>'

    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = "\n".join("<tr>" + "".join(cell("td", c, v) for c, v in zip(header, row)) + "</tr>" for row in rows)
    foot = "<tr>" + "".join(cell("th", c, v) for c, v in zip(header, totals)) + "</tr>"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="generator" content="{TOOL}">\n<title>Corpus report</title>\n<style>\n'
        "body { font-family: system-ui, sans-serif; margin: 1.5rem; }\n"
        "table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .3rem .5rem; }\n"
        "th { background: #f2f2f2; cursor: pointer; } tfoot th { cursor: default; }\n"
        "</style>\n</head>\n<body>\n<h1>Corpus report</h1>\n"
        f"<p>{e(str(len(rows)))} documents, worst first (failed, then most errors, most warnings, least coverage); "
        "click a column to sort.</p>\n"
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n<tfoot>{foot}</tfoot>\n</table>\n"
        f"{_SORT_SCRIPT}\n</body>\n</html>\n"
    )
