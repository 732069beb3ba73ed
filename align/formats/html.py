"""Standalone HTML review report: one self-contained page a reviewer can
e-mail (no external files, scripts or fonts).

Side by side, source on the left: bead number (1-based, with the 1-based
sentence numbers of each side), source, target, score, flags with their
reasons (most probable first, each with its calibrated confidence), verdict
and comment.  Arabic cells carry ``dir="rtl" lang="ar"`` and an
Arabic-capable font stack; flagged spans are highlighted in the text; a
coverage bar shows the share of source characters translated and omitted;
check boxes filter rows by severity (``editorial`` has its own) and make the
rows dense.  Every value is escaped with :func:`html.escape` before it
enters the :class:`string.Template`; the bidi isolates that reasons quote
excerpts in (U+2068…U+2069) become ``<bdi>`` after escaping.  The app draws
its flags and its dense grid with the same functions.
"""
from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from string import Template
from typing import Sequence

from align.formats.base import RTL_LANGS, TOOL, ExportResult
from align.model import FSI, PDI, Alignment, Bead, FidelityFlag

_PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="$tool">
<title>$title</title>
<style>
body { font-family: system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; }
.meta { color: #555; margin-top: 0; }
.coverage { display: flex; height: 1.1rem; width: 100%; max-width: 48rem; border: 1px solid #999; border-radius: 3px; overflow: hidden; background: #eee; }
.coverage span { display: block; height: 100%; }
.coverage .translated { background: #4caf50; }
.coverage .omitted { background: #d9534f; }
.legend { font-size: .9rem; color: #444; }
.filters label { margin-right: 1rem; font-size: .9rem; }
.hidden { display: none; }
$table_css
</style>
</head>
<body>
<h1>$title</h1>
<p class="meta">$meta</p>
<div class="coverage" role="img" aria-label="$coverage_label"><span class="translated" style="width: $translated_pct%"></span><span class="omitted" style="width: $omitted_pct%"></span></div>
<p class="legend">$legend</p>
<form class="filters" aria-label="Filter rows">
<label><input type="checkbox" value="sev-error" checked> errors ($n_error)</label>
<label><input type="checkbox" value="sev-warning" checked> warnings ($n_warning)</label>
<label><input type="checkbox" value="sev-info" checked> info ($n_info)</label>
<label><input type="checkbox" value="has-editorial" checked> editorial ($n_editorial)</label>
<label><input type="checkbox" value="sev-none" checked> no flags ($n_none)</label>
<label><input type="checkbox" id="dense"> dense rows</label>
</form>
$table
<script>
(function () {
  var boxes = document.querySelectorAll('.filters input[value]');
  var dense = document.getElementById('dense');
  dense.addEventListener('change', function () {
    document.querySelector('table.beads').classList.toggle('dense', dense.checked);
  });
  function apply() {
    var off = [];
    boxes.forEach(function (b) { if (!b.checked) off.push(b.value); });
    document.querySelectorAll('tbody tr').forEach(function (tr) {
      var hide = off.some(function (c) { return tr.classList.contains(c); });
      tr.classList.toggle('hidden', hide);
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
})();
</script>
</body>
</html>
""")

#: The bead table's style, shared by the report and the app's grid mode.
#: Dense rows (the app's grid, the report's "dense rows") keep one line of
#: text per cell, so that 12 or more beads fit on a screen.
TABLE_CSS = """
table.beads { border-collapse: collapse; width: 100%; margin-top: 1rem; }
table.beads th, table.beads td { border: 1px solid #ccc; padding: .4rem .5rem; vertical-align: top; }
table.beads th { background: #f2f2f2; position: sticky; top: 0; }
td.text { width: 32%; }
.rtl { font-family: "Noto Naskh Arabic", "Amiri", "Scheherazade New", "Traditional Arabic", "Geeza Pro", "Segoe UI", Tahoma, "DejaVu Sans", serif; font-size: 1.15em; line-height: 1.9; text-align: right; }
tr.sev-error { background: #fdecee; }
tr.sev-warning { background: #fff8e1; }
tr.sev-info { background: #eef5fc; }
tr.verdict-ok { background: #e8f5e9; }
tr.kind-omission td.tgt, tr.kind-addition td.src, tr.kind-editorial td.src { background: repeating-linear-gradient(45deg, #fafafa, #fafafa 6px, #eee 6px, #eee 12px); }
mark.error { background: #f5a3ab; } mark.warning { background: #ffe08a; } mark.info { background: #bcd8f5; }
ins { text-decoration: none; color: #5e35b1; background: #ede7f6; }
.flag { margin: 0 0 .3rem; font-size: .9rem; }
.badge { display: inline-block; padding: 0 .35rem; border-radius: 3px; font-size: .75rem; font-weight: bold; color: #fff; }
.badge.error { background: #c62828; } .badge.warning { background: #b7791f; } .badge.info { background: #1565c0; }
.idx { color: #777; font-size: .75rem; }
table.beads.dense { table-layout: fixed; }
table.beads.dense col.number { width: 2.6rem; } table.beads.dense col.text { width: 27%; }
table.beads.dense col.score { width: 3.2rem; } table.beads.dense col.flags { width: 20%; }
table.beads.dense col.verdict { width: 6.5rem; }
table.beads.dense td { padding: .1rem .35rem; font-size: .85rem; line-height: 1.35; white-space: nowrap;
                       overflow: hidden; text-overflow: ellipsis; }
table.beads.dense .flag { margin: 0; overflow: hidden; text-overflow: ellipsis; }
table.beads.dense .rtl { font-size: 1em; line-height: 1.35; }
table.beads.dense .idx, table.beads.dense br { display: none; }
tr.cursor td { border-top: 2px solid #1e88e5; border-bottom: 2px solid #1e88e5; }
"""

_TABLE = Template(
    '<table class="beads$dense"><colgroup><col class="number"><col class="text"><col class="text">'
    '<col class="score"><col class="flags"><col class="verdict"><col class="comment"></colgroup><thead><tr><th>#</th><th>$src_head</th><th>$tgt_head</th><th>Score</th>'
    "<th>Flags</th><th>Verdict</th><th>Comment</th></tr></thead><tbody>$rows</tbody></table>"
)

_ROW = Template(
    '<tr id="bead-$number" class="$classes"><td>$number<br><span class="idx">$indices</span></td>'
    '<td class="text src$src_class" dir="$src_dir" lang="$src_lang">$src</td>'
    '<td class="text tgt$tgt_class" dir="$tgt_dir" lang="$tgt_lang">$tgt</td>'
    '<td>$score</td><td>$flags</td><td>$verdict</td><td dir="auto">$comment</td></tr>'
)

e = html.escape


def write(alignment: Alignment, *, summary=None, title: str | None = None) -> tuple[str, ExportResult]:
    from align.fidelity import summarize

    summary = summary or summarize(alignment)
    name = alignment.meta.get("src_name") or alignment.meta.get("name") or ""
    title = title or f"Translation review{': ' + str(name) if name else ''}"
    translated, omitted = 100 * summary.coverage, 100 * summary.omitted_share
    n_none = sum(not bead.flags for bead in alignment.beads)
    n_editorial = sum(any(f.kind == "editorial" for f in bead.flags) for bead in alignment.beads)
    legend = (
        f"{translated:.1f}% of the source (by characters) is translated, {omitted:.1f}% omitted; "
        f"{summary.omitted_sentences} of {summary.src_sentences} source sentences omitted "
        f"({summary.omitted_accepted_sentences} of them accepted as deliberate), "
        f"{summary.added_sentences} target sentences added, {summary.editorial_lines} editorial. "
        f"Verdicts: {summary.verdicts.get('ok', 0)} ok, {summary.verdicts.get('needs_fix', 0)} need a fix, "
        f"{summary.verdicts.get('unreviewed', 0)} unreviewed."
    )
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    page = _PAGE.substitute(
        tool=e(TOOL), title=e(title),
        meta=e(f"{alignment.src_lang} → {alignment.tgt_lang} · {len(alignment.beads)} beads · generated {generated} by {TOOL}"),
        coverage_label=e(f"{translated:.1f}% translated, {omitted:.1f}% omitted"),
        translated_pct=f"{translated:.2f}", omitted_pct=f"{omitted:.2f}", legend=e(legend),
        n_error=summary.flags_by_severity.get("error", 0), n_warning=summary.flags_by_severity.get("warning", 0),
        n_info=summary.flags_by_severity.get("info", 0), n_editorial=n_editorial, n_none=n_none,
        table_css=TABLE_CSS, table=table_html(alignment, range(len(alignment.beads))),
    )  # fmt: skip
    return page, ExportResult("html", units=len(alignment.beads))


def table_html(alignment: Alignment, positions: Sequence[int], *, dense: bool = False,
               cursor: int | None = None) -> str:
    """The beads at ``positions`` as the report's table (source on the left);
    ``dense`` for one line per cell, ``cursor`` outlines that bead's row."""
    rows = "".join(_row(alignment, alignment.beads[n], n + 1, cursor=n == cursor) for n in positions)
    return _TABLE.substitute(
        dense=" dense" if dense else "", rows=rows,
        src_head=e(f"Source ({alignment.src_lang})"), tgt_head=e(f"Target ({alignment.tgt_lang})"),
    )  # fmt: skip


_ISOLATE = re.compile(f"{FSI}([^{FSI}{PDI}]*){PDI}")


def text_html(text: str) -> str:
    """Document or user text as HTML that shows exactly that text: escaped,
    line breaks as ``<br>``, each bidi isolate pair (U+2068…U+2069, see
    :func:`align.model.isolate_bidi`) as ``<bdi>``."""
    return _ISOLATE.sub(r"<bdi>\1</bdi>", e(text)).replace("\n", "<br>")


def sentence_numbers(bead: Bead, src_label: str = "src", tgt_label: str = "tgt") -> str:
    """The bead's sentences, 1-based, e.g. ``src 3–4 · tgt 2`` (``tgt –``
    for a side with none)."""
    def run(indices) -> str:
        if not indices:
            return "–"
        return f"{indices[0] + 1}" if len(indices) == 1 else f"{indices[0] + 1}–{indices[-1] + 1}"

    return f"{src_label} {run(bead.src)} · {tgt_label} {run(bead.tgt)}"


def sorted_flags(bead: Bead) -> list[FidelityFlag]:
    """The bead's flags, the most probable problem first; flags without a
    confidence (context such as ``editorial``) last, in their own order."""
    return sorted(bead.flags, key=lambda f: (f.confidence is None, -(f.confidence or 0.0)))


def flag_html(flag: FidelityFlag) -> str:
    """One flag: severity badge, kind, confidence, reason."""
    confidence = "" if flag.confidence is None else f' <span class="confidence">{flag.confidence:.0%}</span>'
    return (
        f'<p class="flag"><span class="badge {e(flag.severity)}">{e(flag.severity)}</span> '
        f"<strong>{e(flag.kind)}</strong>{confidence}: {text_html(flag.reason)}</p>"
    )


def _row(alignment: Alignment, bead: Bead, number: int, *, cursor: bool = False) -> str:
    classes = [f"kind-{bead.kind}", f"sev-{bead.worst_severity or 'none'}"]
    if bead.verdict:
        classes.append(f"verdict-{bead.verdict}")
    if any(f.kind == "editorial" for f in bead.flags):
        classes.append("has-editorial")
    if cursor:
        classes.append("cursor")
    flags = "".join(flag_html(f) for f in sorted_flags(bead))
    verdict = {"ok": "✔ ok", "needs_fix": "✘ needs fix"}.get(bead.verdict or "", "")
    comment = text_html(bead.comment)
    if bead.reviewer:
        comment += f'<br><span class="idx">{e(bead.reviewer)} {e(bead.reviewed_at)}</span>'
    src_rtl, tgt_rtl = alignment.src_lang in RTL_LANGS, alignment.tgt_lang in RTL_LANGS
    return _ROW.substitute(
        number=number, classes=" ".join(classes),
        indices=e(sentence_numbers(bead, alignment.src_lang, alignment.tgt_lang)),
        src=bead_text_html(alignment, bead, "src"), tgt=bead_text_html(alignment, bead, "tgt"),
        src_dir="rtl" if src_rtl else "ltr", tgt_dir="rtl" if tgt_rtl else "ltr",
        src_lang=e(alignment.src_lang), tgt_lang=e(alignment.tgt_lang),
        src_class=" rtl" if src_rtl else "", tgt_class=" rtl" if tgt_rtl else "",
        score=f"{bead.score:.2f}", flags=flags, verdict=e(verdict), comment=comment,
    )  # fmt: skip


def bead_text_html(alignment: Alignment, bead: Bead, side: str) -> str:
    """One side of a bead as escaped HTML: each flag span on this side in a
    ``<mark>`` titled with its reason, and (in a press translation's target)
    the translator's bracketed insertions and footnote markers in ``<ins>``.
    Spans that do not fit the text, or overlap an earlier one, are skipped.
    The app shows beads with the same markup."""
    text = alignment.side_text(bead, side)
    spans = [
        (s.start, s.end, "mark", f' class="{e(f.severity)}" title="{e(f.reason)}"')
        for f in bead.flags
        for s in f.spans
        if s.side == side and 0 <= s.start < s.end <= len(text) and (not s.text or text[s.start : s.end] == s.text)
    ]
    if side == "tgt" and alignment.meta.get("press", True):
        from align.press import bracketed_spans

        spans += [(start, end, "ins", ' title="translator\'s insertion"') for start, end in bracketed_spans(text)]
    out, pos = [], 0
    for start, end, tag, attributes in sorted(spans):
        if start < pos:
            continue
        out.append(text_html(text[pos:start]))
        out.append(f"<{tag}{attributes}>{text_html(text[start:end])}</{tag}>")
        pos = end
    out.append(text_html(text[pos:]))
    return "".join(out)
