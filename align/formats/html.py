"""Standalone HTML review report: one self-contained page a reviewer can
e-mail (no external files, scripts or fonts).

Side by side: bead number, source, target, score, flags with their
reasons, verdict and comment.  Arabic cells carry ``dir="rtl" lang="ar"``
and an Arabic-capable font stack; flagged spans are highlighted in the
text; a coverage bar shows the share of source characters translated and
omitted; check boxes filter rows by severity (``editorial`` has its own).
Every value is escaped with :func:`html.escape` before it enters the
:class:`string.Template`.
"""
from __future__ import annotations

import html
from datetime import datetime, timezone
from string import Template

from align.formats.base import RTL_LANGS, TOOL, ExportResult
from align.model import Alignment, Bead

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
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
th, td { border: 1px solid #ccc; padding: .4rem .5rem; vertical-align: top; }
th { background: #f2f2f2; position: sticky; top: 0; }
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
.hidden { display: none; }
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
</form>
<table>
<thead><tr><th>#</th><th>$src_head</th><th>$tgt_head</th><th>Score</th><th>Flags</th><th>Verdict</th><th>Comment</th></tr></thead>
<tbody>
$rows
</tbody>
</table>
<script>
(function () {
  var boxes = document.querySelectorAll('.filters input');
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

_ROW = Template(
    '<tr id="bead-$number" class="$classes"><td>$number<br><span class="idx">$indices</span></td>'
    '<td class="text src$src_class" dir="$src_dir" lang="$src_lang">$src</td>'
    '<td class="text tgt$tgt_class" dir="$tgt_dir" lang="$tgt_lang">$tgt</td>'
    "<td>$score</td><td>$flags</td><td>$verdict</td><td>$comment</td></tr>"
)

e = html.escape


def write(alignment: Alignment, *, summary=None, title: str | None = None) -> tuple[str, ExportResult]:
    from align.fidelity import summarize

    summary = summary or summarize(alignment)
    name = alignment.meta.get("src_name") or alignment.meta.get("name") or ""
    title = title or f"Translation review{': ' + str(name) if name else ''}"
    translated, omitted = 100 * summary.coverage, 100 * summary.omitted_share
    rows, n_none, n_editorial = [], 0, 0
    for number, bead in enumerate(alignment.beads, 1):
        n_none += not bead.flags
        n_editorial += any(f.kind == "editorial" for f in bead.flags)
        rows.append(_row(alignment, bead, number))
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
        src_head=e(f"Source ({alignment.src_lang})"), tgt_head=e(f"Target ({alignment.tgt_lang})"),
        rows="\n".join(rows),
    )  # fmt: skip
    return page, ExportResult("html", units=len(alignment.beads))


def _row(alignment: Alignment, bead: Bead, number: int) -> str:
    classes = [f"kind-{bead.kind}", f"sev-{bead.worst_severity or 'none'}"]
    if bead.verdict:
        classes.append(f"verdict-{bead.verdict}")
    if any(f.kind == "editorial" for f in bead.flags):
        classes.append("has-editorial")
    flags = "".join(
        f'<p class="flag"><span class="badge {e(f.severity)}">{e(f.severity)}</span> '
        f"<strong>{e(f.kind)}</strong>: {e(f.reason)}</p>"
        for f in bead.flags
    )
    verdict = {"ok": "✔ ok", "needs_fix": "✘ needs fix"}.get(bead.verdict or "", "")
    comment = e(bead.comment).replace("\n", "<br>")
    if bead.reviewer:
        comment += f'<br><span class="idx">{e(bead.reviewer)} {e(bead.reviewed_at)}</span>'
    src_rtl, tgt_rtl = alignment.src_lang in RTL_LANGS, alignment.tgt_lang in RTL_LANGS
    return _ROW.substitute(
        number=number, classes=" ".join(classes), indices=e(bead.to_gold()),
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
        out.append(e(text[pos:start]))
        out.append(f"<{tag}{attributes}>{e(text[start:end])}</{tag}>")
        pos = end
    out.append(e(text[pos:]))
    return "".join(out)
