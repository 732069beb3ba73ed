"""Coverage checks: Arabic sentences with no English (omissions) and English
with no Arabic source (additions).  Runs of consecutive omission (or
addition) beads share one grouped reason, so a reviewer reads one dropped
paragraph as one problem."""
from __future__ import annotations

from ..model import Alignment, FidelityFlag, Span, isolate_bidi


def _preview(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_coverage(alignment: Alignment) -> dict[int, list[FidelityFlag]]:
    """Flags for every omission and addition bead, keyed by bead position."""
    out: dict[int, list[FidelityFlag]] = {}
    runs: list[tuple[str, list[int]]] = []
    for k, bead in enumerate(alignment.beads):
        kind = bead.kind
        if kind not in ("omission", "addition"):
            continue
        if runs and runs[-1][0] == kind and runs[-1][1][-1] == k - 1:
            runs[-1][1].append(k)
        else:
            runs.append((kind, [k]))
    for kind, positions in runs:
        side = "src" if kind == "omission" else "tgt"
        count = sum(len(getattr(alignment.beads[k], side)) for k in positions)
        previews = "; ".join(f"«{isolate_bidi(_preview(alignment.side_text(alignment.beads[k], side)))}»" for k in positions[:3])
        if len(positions) > 3:
            previews += "; …"
        noun = "sentence" if count == 1 else "sentences"
        if kind == "omission":
            reason = f"{count} Arabic {noun} not translated: {previews}"
        else:
            reason = f"{count} English {noun} with no Arabic source: {previews}"
        # Bead numbers as the reviewer sees them: 1-based.
        where = f" (beads {positions[0] + 1}–{positions[-1] + 1})" if len(positions) > 1 else ""
        for k in positions:
            text = alignment.side_text(alignment.beads[k], side)
            out[k] = [FidelityFlag(kind, "error" if kind == "omission" else "warning", reason + where,
                                   [Span(side, 0, len(text), text)])]
    return out
