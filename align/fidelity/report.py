"""Per-document summary of a checked alignment, and the plain-text report
that ``check --format text`` prints."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import SEVERITIES, Alignment


@dataclass
class DocumentSummary:
    src_sentences: int = 0
    src_chars: int = 0
    translated_sentences: int = 0
    translated_chars: int = 0
    omitted_sentences: int = 0
    omitted_chars: int = 0
    # Omission beads a reviewer marked "ok": deliberately left out.
    omitted_accepted_sentences: int = 0
    omitted_accepted_chars: int = 0
    tgt_sentences: int = 0
    added_sentences: int = 0
    editorial_lines: int = 0
    beads: int = 0
    flagged_beads: int = 0
    flags_by_kind: dict[str, int] = field(default_factory=dict)
    flags_by_severity: dict[str, int] = field(default_factory=dict)
    beads_by_kind: dict[str, int] = field(default_factory=dict)
    # Verdicts given, with "unreviewed" for beads without one.
    verdicts: dict[str, int] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        """Share of the Arabic characters that have an English rendering."""
        return self.translated_chars / self.src_chars if self.src_chars else 1.0

    @property
    def omitted_share(self) -> float:
        """Share of the Arabic characters in omission beads."""
        return self.omitted_chars / self.src_chars if self.src_chars else 0.0

    @property
    def sentence_coverage(self) -> float:
        return self.translated_sentences / self.src_sentences if self.src_sentences else 1.0


def summarize(alignment: Alignment) -> DocumentSummary:
    s = DocumentSummary(src_sentences=len(alignment.src), tgt_sentences=len(alignment.tgt), beads=len(alignment.beads))
    for bead in alignment.beads:
        chars = sum(len(alignment.src[i].text) for i in bead.src)
        s.src_chars += chars
        kind = bead.kind
        s.beads_by_kind[kind] = s.beads_by_kind.get(kind, 0) + 1
        verdict = bead.verdict or "unreviewed"
        s.verdicts[verdict] = s.verdicts.get(verdict, 0) + 1
        if kind == "omission":
            s.omitted_sentences += len(bead.src)
            s.omitted_chars += chars
            if bead.verdict == "ok":
                s.omitted_accepted_sentences += len(bead.src)
                s.omitted_accepted_chars += chars
        elif kind == "pair":
            s.translated_sentences += len(bead.src)
            s.translated_chars += chars
        elif kind == "addition":
            s.added_sentences += len(bead.tgt)
        elif kind == "editorial":
            s.editorial_lines += len(bead.tgt)
        if bead.flagged:
            s.flagged_beads += 1
        for f in bead.flags:
            s.flags_by_kind[f.kind] = s.flags_by_kind.get(f.kind, 0) + 1
            s.flags_by_severity[f.severity] = s.flags_by_severity.get(f.severity, 0) + 1
    return s


def format_text_report(alignment: Alignment, summary: DocumentSummary | None = None, *, show_info: bool = False) -> str:
    """Flagged beads (index, both texts, one line per reason), then the summary.
    A run of omission/addition beads with one grouped reason is shown once."""
    summary = summary or summarize(alignment)
    lines: list[str] = []
    shown_reasons: set[str] = set()
    for k, bead in enumerate(alignment.beads):
        flags = [f for f in bead.flags if show_info or f.severity != "info"]
        if not flags:
            continue
        if bead.kind in ("omission", "addition") and all(f.reason in shown_reasons for f in flags):
            continue
        shown_reasons.update(f.reason for f in flags if f.kind in ("omission", "addition"))
        lines.append(f"[{k}] {bead.kind} {bead.to_gold()}")
        if bead.src:
            lines.append(f"  AR: {alignment.src_text(bead)}")
        if bead.tgt:
            lines.append(f"  EN: {alignment.tgt_text(bead)}")
        for f in flags:
            lines.append(f"  - {f.severity} {f.kind}: {f.reason}")
        lines.append("")
    lines.append(
        f"Coverage: {summary.coverage:.1%} of Arabic characters, {summary.translated_sentences}/{summary.src_sentences} "
        f"sentences translated; {summary.omitted_sentences} omitted ({summary.omitted_accepted_sentences} accepted), "
        f"{summary.added_sentences} English sentences added, {summary.editorial_lines} editorial lines."
    )
    lines.append(f"Flagged beads: {summary.flagged_beads} of {summary.beads}.")
    if summary.flags_by_kind:
        lines.append("Flags by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.flags_by_kind.items())))
        lines.append("Flags by severity: " + ", ".join(
            f"{sev} {summary.flags_by_severity[sev]}" for sev in SEVERITIES if sev in summary.flags_by_severity))
    return "\n".join(lines) + "\n"
