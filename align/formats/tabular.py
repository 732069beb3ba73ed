"""Delimited exports: the Vecalign ``beads`` file, the five-column ``tsv``
and the review ``csv``.

``beads``: one ``[0, 1]:[2]`` line per bead (the gold format our scorer and
Vecalign read).  ``tsv``: one bead per line, no header: src indices, tgt
indices (comma-separated), score, src_text, tgt_text; tabs and line breaks
inside a text become spaces since TSV cannot quote them.  ``csv``: a header
and every field a reviewer needs, written for Excel: UTF-8 with a BOM (so
Excel does not read Arabic as Windows-1252), RTL text as is, every field
quoted (so a ``;`` cannot start a cell where Excel splits on semicolons).
In both, a text cell a spreadsheet would take for a formula gets a leading
apostrophe (:func:`~align.formats.base.formula_safe`, OWASP's rule).
"""
from __future__ import annotations

import csv
import io

from align.formats.base import ExportResult, formula_safe
from align.model import Alignment

CSV_COLUMNS = [
    "bead", "src", "tgt", "kind", "score", "src_text", "tgt_text",
    "severity", "flags", "verdict", "comment", "reviewer", "reviewed_at",
]  # fmt: skip


def write_beads(alignment: Alignment) -> tuple[str, ExportResult]:
    text = "".join(bead.to_gold() + "\n" for bead in alignment.beads)
    return text, ExportResult("beads", units=len(alignment.beads))


def write_tsv(alignment: Alignment) -> tuple[str, ExportResult]:
    out = io.StringIO()
    for bead in alignment.beads:
        fields = [
            ",".join(map(str, bead.src)), ",".join(map(str, bead.tgt)), f"{bead.score:.4f}",
            formula_safe(_one_line(alignment.src_text(bead))), formula_safe(_one_line(alignment.tgt_text(bead))),
        ]  # fmt: skip
        out.write("\t".join(fields) + "\n")
    return out.getvalue(), ExportResult("tsv", units=len(alignment.beads))


def write_csv(alignment: Alignment, *, bom: bool = True) -> tuple[str, ExportResult]:
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for number, bead in enumerate(alignment.beads, 1):
        flags = "; ".join(f"[{f.severity}] {f.kind}: {f.reason}" for f in bead.flags)
        row = [
            number, " ".join(map(str, bead.src)), " ".join(map(str, bead.tgt)), bead.kind, f"{bead.score:.4f}",
            alignment.src_text(bead), alignment.tgt_text(bead), bead.worst_severity or "", flags,
            bead.verdict or "", bead.comment, bead.reviewer, bead.reviewed_at,
        ]  # fmt: skip
        writer.writerow([formula_safe(v) if isinstance(v, str) else v for v in row])
    return out.getvalue(), ExportResult("csv", units=len(alignment.beads))


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())
