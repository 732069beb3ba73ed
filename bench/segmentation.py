"""Sentence-boundary accuracy of the segmenter on ntrex-dev's running text.

    python bench/segmentation.py [--bench ../shared/bench]

Each ntrex-dev profile ships its documents twice: segmented (``src/<doc>``,
``tgt/<doc>``: one sentence per line) and as running text (``raw/src/<doc>``,
``raw/tgt/<doc>``: the same sentences joined by single spaces).  Segmenting
the running text and comparing boundary positions with the gold lines
measures the segmenter.  Positions are counted on the whitespace-free
character stream, so that spaces around a boundary do not matter.

NTREX headlines have no final punctuation, so in running text the headline
runs into the first sentence and no segmenter can find that boundary: the
figures leave the first gold boundary of every document out.

Prints precision/recall/F1 per language for a plain regex baseline,
sentencex alone, blingfire alone and ``align.segment.split_sentences``.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from align.normalize import clean_for_reading  # noqa: E402

PROFILES = ("clean", "mixed", "summary")
SIDES = (("src", "ar"), ("tgt", "en"))

_SPACE = re.compile(r"\s+")


def _stream(text: str) -> str:
    """The characters a boundary position is counted in: the segmenter's
    cleaning (NFC, no bidi controls) applied, whitespace left out."""
    return _SPACE.sub("", clean_for_reading(text))
_REGEX_BASELINE = re.compile(r"(?<=[.!?؟])\s+")


def _boundaries(sentences: Iterable[str]) -> list[int]:
    """End positions (in non-whitespace characters) of every sentence but the last."""
    ends, total = [], 0
    for sentence in sentences:
        total += len(_stream(sentence))
        ends.append(total)
    return ends[:-1]


def boundary_scores(
    raw_text: str, gold_sentences: list[str], sentences: list[str], *, skip_gold: int = 0
) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of the boundaries
    of ``sentences`` against those of ``gold_sentences``, both segmentations
    of ``raw_text``.  ``skip_gold`` leaves out the first gold boundaries (and
    a predicted boundary at the same place) as unscorable."""
    stream = _stream(raw_text)
    for name, seg in (("gold", gold_sentences), ("predicted", sentences)):
        if _stream("".join(seg)) != stream:
            raise ValueError(f"the {name} sentences are not a segmentation of the raw text")
    gold = _boundaries(gold_sentences)
    ignored = set(gold[:skip_gold])
    gold_set = set(gold) - ignored
    pred_set = set(_boundaries(sentences)) - ignored
    tp = len(gold_set & pred_set)
    return tp, len(pred_set) - tp, len(gold_set) - tp


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def _regex(text: str, lang: str) -> list[str]:
    return [s for s in _REGEX_BASELINE.split(text) if s.strip()]


def _sentencex(text: str, lang: str) -> list[str]:
    import sentencex

    return [s for s in sentencex.segment(lang, text) if s.strip()]


def _blingfire(text: str, lang: str) -> list[str]:
    import blingfire

    _, offsets = blingfire.text_to_sentences_and_offsets(text)
    return [text[a:b] for a, b in offsets]


def _ours(text: str, lang: str) -> list[str]:
    from align.segment import split_sentences

    return [s.text for s in split_sentences(text, lang)]


METHODS: dict[str, Callable[[str, str], list[str]]] = {
    "regex baseline": _regex,
    "sentencex": _sentencex,
    "blingfire": _blingfire,
    "ours": _ours,
}


def _read_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def score_profile(folder: Path, method: Callable[[str, str], list[str]]) -> dict:
    """Pooled boundary P/R/F1 per language for one ntrex-dev profile."""
    result = {}
    for side, lang in SIDES:
        tp = fp = fn = 0
        for gold_path in sorted((folder / side).iterdir()):
            raw = (folder / "raw" / side / gold_path.name).read_text(encoding="utf-8")
            counts = boundary_scores(raw, _read_lines(gold_path), method(raw, lang), skip_gold=1)
            tp, fp, fn = tp + counts[0], fp + counts[1], fn + counts[2]
        result[lang] = _prf(tp, fp, fn)
    return result


def segmentation_table(bench_dir: Path | str, method: str = "ours") -> dict:
    """``{"ntrex-dev/<profile>": {"ar": {p, r, f1, tp, fp, fn}, "en": {...}}}``
    for the profiles present under ``bench_dir`` (the shared bench folder)."""
    bench_dir = Path(bench_dir)
    return {
        f"ntrex-dev/{profile}": score_profile(bench_dir / "ntrex-dev" / profile, METHODS[method])
        for profile in PROFILES
        if (bench_dir / "ntrex-dev" / profile / "raw").is_dir()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench",
                        help="the shared benchmark folder (default: ../shared/bench)")
    args = parser.parse_args(argv)
    if not (args.bench / "ntrex-dev").is_dir():
        print(f"no ntrex-dev benchmark data under {args.bench}", file=sys.stderr)
        return 1
    print("## Sentence-boundary accuracy on ntrex-dev running text (headline boundary excluded)\n")
    print("| profile | method | ar P | ar R | ar F1 | en P | en R | en F1 |")
    print("|---|---|---|---|---|---|---|---|")
    for name in METHODS:
        for profile, r in segmentation_table(args.bench, name).items():
            ar, en = r["ar"], r["en"]
            print(f"| {profile.split('/')[1]} | {name} | {ar['p']:.3f} | {ar['r']:.3f} | {ar['f1']:.3f} | "
                  f"{en['p']:.3f} | {en['r']:.3f} | {en['f1']:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
