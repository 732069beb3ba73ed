"""Review workbook (XLSX, via ``openpyxl``).

Sheet "Beads": one row per bead with indices, kind, score, both texts
(the Arabic column right-aligned in right-to-left reading order), one
column per flag kind present (its reasons), the worst severity, verdict,
comment and reviewer.  Rows are coloured by conditional formatting on the
severity and verdict cells, so the colour follows a verdict the reviewer
types in Excel; the verdict column offers ``ok``/``needs_fix`` from a list;
an autofilter makes any flag kind (``editorial`` included) filterable.
Sheet "Summary": coverage, bead kinds, flag and verdict counts.  Every text
cell is a string cell and goes through
:func:`~align.formats.base.formula_safe` like the CSV's (a workbook saved
again as CSV must not turn a sentence into a formula).
"""
from __future__ import annotations

import io
from dataclasses import fields

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment as CellAlignment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from align.formats.base import RTL_LANGS, ExportResult, formula_safe, xml_safe
from align.model import Alignment

_FILLS = {
    "error": "F8D7DA", "warning": "FFF3CD", "info": "DDEBF7", "ok": "D4EDDA",
}  # fmt: skip


def write(alignment: Alignment, *, summary=None) -> tuple[bytes, ExportResult]:
    result = ExportResult("xlsx", units=len(alignment.beads))

    def cell_value(value, where: str = "header"):
        """A workbook is XML: no character XML cannot hold (replaced, with
        a warning, as in TMX and XLIFF); and no text starts a formula."""
        return formula_safe(xml_safe(value, where, result)) if isinstance(value, str) else value

    wb = Workbook()
    ws = wb.active
    ws.title = "Beads"
    flag_kinds = sorted({f.kind for b in alignment.beads for f in b.flags})
    src_head, tgt_head = f"source ({alignment.src_lang})", f"target ({alignment.tgt_lang})"
    header = ["bead", "src", "tgt", "kind", "score", src_head, tgt_head, "severity", *flag_kinds,
              "verdict", "comment", "reviewer"]  # fmt: skip
    ws.append([cell_value(v) for v in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    col = {name: i + 1 for i, name in enumerate(header)}
    for number, bead in enumerate(alignment.beads, 1):
        reasons = {kind: [] for kind in flag_kinds}
        for flag in bead.flags:
            reasons[flag.kind].append(f"[{flag.severity}] {flag.reason}")
        row = [number, " ".join(map(str, bead.src)), " ".join(map(str, bead.tgt)), bead.kind, round(bead.score, 4),
               alignment.src_text(bead), alignment.tgt_text(bead), bead.worst_severity or "",
               *("\n".join(reasons[k]) for k in flag_kinds), bead.verdict or "", bead.comment, bead.reviewer]  # fmt: skip
        ws.append([cell_value(v, f"bead {number}") for v in row])
        r = ws.max_row
        for name in (src_head, tgt_head):
            rtl = (alignment.src_lang if name == src_head else alignment.tgt_lang) in RTL_LANGS
            ws.cell(r, col[name]).alignment = CellAlignment(
                wrap_text=True, vertical="top", horizontal="right" if rtl else "left", readingOrder=2 if rtl else 1
            )
        for c in range(1, len(header) + 1):
            cell = ws.cell(r, c)
            if cell.value is not None and isinstance(cell.value, str) and c not in (col[src_head], col[tgt_head]):
                cell.alignment = CellAlignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text starting with "=" is text, not a formula
    last = max(ws.max_row, 2)
    widths = {src_head: 60, tgt_head: 60, "comment": 30, **{k: 30 for k in flag_kinds}}
    for name, c in col.items():
        ws.column_dimensions[get_column_letter(c)].width = widths.get(name, 10)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"
    span = f"A2:{get_column_letter(len(header))}{last}"
    sev, ver = get_column_letter(col["severity"]), get_column_letter(col["verdict"])
    # First matching rule wins: a verdict overrides the flag colour.
    rules = [
        (f'${ver}2="ok"', "ok"), (f'${ver}2="needs_fix"', "error"),
        (f'${sev}2="error"', "error"), (f'${sev}2="warning"', "warning"), (f'${sev}2="info"', "info"),
    ]  # fmt: skip
    for formula, fill in rules:
        colour = _FILLS[fill]
        ws.conditional_formatting.add(
            span, FormulaRule(formula=[formula], fill=PatternFill("solid", start_color=colour, end_color=colour),
                              stopIfTrue=True),
        )  # fmt: skip
    verdicts = DataValidation(type="list", formula1='"ok,needs_fix"', allow_blank=True)
    ws.add_data_validation(verdicts)
    verdicts.add(f"{ver}2:{ver}{last}")

    from align.fidelity import summarize

    summary = summary or summarize(alignment)
    summary_ws = wb.create_sheet("Summary")
    summary_ws.append(["figure", "value"])
    for cell in summary_ws[1]:
        cell.font = Font(bold=True)
    for item in fields(summary):
        value = getattr(summary, item.name)
        if isinstance(value, int):
            summary_ws.append([item.name.replace("_", " "), value])
    summary_ws.append(["source characters translated (%)", round(100 * summary.coverage, 1)])
    summary_ws.append(["source characters omitted (%)", round(100 * summary.omitted_share, 1)])
    for title, counter in (("beads", summary.beads_by_kind), ("flags", summary.flags_by_severity),
                           ("flag kind", summary.flags_by_kind), ("verdict", summary.verdicts)):  # fmt: skip
        for key, value in sorted(counter.items()):
            summary_ws.append([cell_value(f"{title}: {key}", "summary"), value])
    summary_ws.column_dimensions["A"].width = 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), result

