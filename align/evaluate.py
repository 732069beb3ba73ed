"""Scoring alignments against gold alignments.

Strict and lax precision/recall/F1 with the semantics of Vecalign's scorer
(also Bertalign's ``eval.py``), plus omission and addition detection per
sentence, so that figures are comparable with the ones those projects
publish:

* precision is over all distinct predicted beads, omissions and additions
  included; a bead is a strict hit if the identical bead is in the gold, a
  lax hit if one of its target sentences is linked in the gold to one of its
  source sentences;
* recall is over the gold beads with both sides non-empty, matched the same
  way against the predicted beads with both sides non-empty;
* omission (addition) detection compares the sets of source (target)
  sentences left unpaired; F1 = 2·correct / (predicted + gold);
* a ratio with a zero denominator is 0.0 for the strict/lax figures and
  ``None`` (n/a) for detection figures; counts are pooled over documents.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable, Sequence

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]

_SIDE = re.compile(r"^\[\s*((?:-?\d+\s*,\s*)*-?\d+)?\s*\]$")


class BeadFileError(ValueError):
    pass


def parse_beads(text: str, where: str = "<beads>") -> list[BeadPair]:
    """Beads in the gold format, one per line: ``[0, 1]:[2]``; text after a
    second ``:`` (such as a score) is ignored, blank lines are skipped."""
    beads = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split(":") if f.strip()]
        if len(fields) < 2:
            raise BeadFileError(f"{where}:{lineno}: expected 'SRC:TGT', got {line.strip()!r}")
        sides = []
        for f in fields[:2]:
            match = _SIDE.match(f)
            if not match:
                raise BeadFileError(f"{where}:{lineno}: expected a bracketed list of indices, got {f!r}")
            sides.append(tuple(int(x) for x in match.group(1).split(",")) if match.group(1) else ())
        beads.append((sides[0], sides[1]))
    return beads


def read_beads(path: str | Path) -> list[BeadPair]:
    return parse_beads(Path(path).read_text(encoding="utf-8"), str(path))


def _hits(reference: Iterable[BeadPair], candidate: Iterable[BeadPair]) -> list[int]:
    """[strict hits, strict misses, lax hits, lax misses] of the distinct candidate beads."""
    ref = {b for b in reference if b[0] or b[1]}
    linked: dict[int, set[int]] = {}
    for src, tgt in ref:
        for s in src:
            linked.setdefault(s, set()).update(tgt)
    counts = [0, 0, 0, 0]
    for src, tgt in {b for b in candidate if b[0] or b[1]}:
        if (src, tgt) in ref:
            counts[0] += 1
            counts[2] += 1
            continue
        counts[1] += 1
        reachable = set().union(*(linked.get(s, set()) for s in src)) if src else set()
        counts[2 if reachable.intersection(tgt) else 3] += 1
    return counts


def _paired(beads: Sequence[BeadPair]) -> list[BeadPair]:
    return [b for b in beads if b[0] and b[1]]


def _unpaired(beads: Sequence[BeadPair], side: int) -> set[int]:
    return {i for b in beads if b[side] and not b[1 - side] for i in b[side]}


def _ratio(num: float, den: float, if_zero):
    return num / den if den else if_zero


def score_documents(pairs: Iterable[tuple[Sequence[BeadPair], Sequence[BeadPair]]]) -> dict:
    """``pairs``: (gold beads, predicted beads) per document.  Returns the
    figures in the same dictionary layout as ``score.py --json``."""
    precision = [0, 0, 0, 0]
    recall = [0, 0, 0, 0]
    detection = {"omission": [0, 0, 0], "addition": [0, 0, 0]}
    documents = gold_beads = pred_beads = 0
    for gold, pred in pairs:
        documents += 1
        gold_beads += len(gold)
        pred_beads += len(pred)
        for k, v in enumerate(_hits(gold, pred)):
            precision[k] += v
        for k, v in enumerate(_hits(_paired(pred), _paired(gold))):
            recall[k] += v
        for name, side in (("omission", 0), ("addition", 1)):
            g, p = _unpaired(gold, side), _unpaired(pred, side)
            detection[name][0] += len(g & p)
            detection[name][1] += len(p)
            detection[name][2] += len(g)
    result: dict = {"documents": documents, "gold_beads": gold_beads, "pred_beads": pred_beads}
    for mode, offset in (("strict", 0), ("lax", 2)):
        p = _ratio(precision[offset], precision[offset] + precision[offset + 1], 0.0)
        r = _ratio(recall[offset], recall[offset] + recall[offset + 1], 0.0)
        result[f"precision_{mode}"] = p
        result[f"recall_{mode}"] = r
        result[f"f1_{mode}"] = 2 * p * r / (p + r) if p + r else 0.0
    for name, (tp, predicted, gold) in detection.items():
        result[name] = {
            "precision": _ratio(tp, predicted, None),
            "recall": _ratio(tp, gold, None),
            "f1": _ratio(2 * tp, predicted + gold, None),
            "true_positives": tp,
            "predicted": predicted,
            "gold": gold,
        }
    return result


def monotone_ceiling(gold: Sequence[BeadPair]) -> list[BeadPair]:
    """The best alignment a monotone aligner could output for ``gold``, as a
    reference for what a benchmark's figures can reach.

    Hand-aligned gold may link sentences out of order (a caption moved, a
    sentence the translator put earlier) or skip over a sentence within a
    bead; no aligner of consecutive beads can produce those links.  The
    ceiling keeps the largest set of gold pair beads that are contiguous
    and in order on both sides (a longest chain, quadratic in the number of
    beads) and leaves every other sentence unpaired, as an honest aligner
    would rather than lumping unrelated sentences into a bead.
    """
    def contiguous(side: tuple[int, ...]) -> bool:
        return side == tuple(range(side[0], side[-1] + 1))

    candidates = sorted((b for b in gold if b[0] and b[1] and contiguous(b[0]) and contiguous(b[1])),
                        key=lambda b: (b[0][0], b[1][0]))
    length = [1] * len(candidates)
    previous = [-1] * len(candidates)
    for i, (src, tgt) in enumerate(candidates):
        for j in range(i):
            if candidates[j][0][-1] < src[0] and candidates[j][1][-1] < tgt[0] and length[j] + 1 > length[i]:
                length[i], previous[i] = length[j] + 1, j
    chain: list[BeadPair] = []
    i = max(range(len(candidates)), key=length.__getitem__, default=-1)
    while i >= 0:
        chain.append(candidates[i])
        i = previous[i]
    paired_src = {s for b in chain for s in b[0]}
    paired_tgt = {t for b in chain for t in b[1]}
    n_src = 1 + max((s for b in gold for s in b[0]), default=-1)
    n_tgt = 1 + max((t for b in gold for t in b[1]), default=-1)
    unpaired = [((s,), ()) for s in range(n_src) if s not in paired_src]
    unpaired += [((), (t,)) for t in range(n_tgt) if t not in paired_tgt]
    return chain[::-1] + unpaired


def score_dirs(gold_dir: str | Path, pred_dir: str | Path) -> dict:
    names = sorted(
        n for n in os.listdir(gold_dir) if not n.startswith(".") and os.path.isfile(os.path.join(gold_dir, n))
    )
    if not names:
        raise BeadFileError(f"no gold files in {gold_dir}")
    missing = [n for n in names if not os.path.isfile(os.path.join(pred_dir, n))]
    if missing:
        raise BeadFileError(f"{len(missing)} prediction file(s) missing in {pred_dir}: {', '.join(missing[:10])}")
    return score_documents(
        (read_beads(os.path.join(gold_dir, n)), read_beads(os.path.join(pred_dir, n))) for n in names
    )


def _fmt(x: float | None) -> str:
    return "  n/a" if x is None else f"{x:.3f}"


def format_table(result: dict) -> str:
    lines = [
        " ---------------------------------",
        "|             |  Strict |    Lax  |",
        f"| Precision   |   {result['precision_strict']:.3f} |   {result['precision_lax']:.3f} |",
        f"| Recall      |   {result['recall_strict']:.3f} |   {result['recall_lax']:.3f} |",
        f"| F1          |   {result['f1_strict']:.3f} |   {result['f1_lax']:.3f} |",
        " ---------------------------------",
    ]
    for name in ("omission", "addition"):
        d = result[name]
        lines.append(
            f"{name:<9} detection  P {_fmt(d['precision'])}  R {_fmt(d['recall'])}  F1 {_fmt(d['f1'])}"
            f"  (predicted {d['predicted']}, gold {d['gold']}, correct {d['true_positives']})"
        )
    lines.append(
        f"documents {result['documents']}, gold beads {result['gold_beads']}, predicted beads {result['pred_beads']}"
    )
    return "\n".join(lines)
