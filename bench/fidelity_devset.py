"""Generator of the fidelity development set.

Takes the gold 1-1 pairs of ``ntrex-dev/clean`` and injects realistic
errors into some English sentences, with a label per pair:
``none`` (untouched), ``number`` (a number changed), ``name`` (a name
replaced by another name of the same document), ``replaced`` (the sentence
replaced by one from another document), ``half_dropped`` (the second or
first half of the sentence dropped at a clause boundary) or ``negation``
(an auxiliary negated, or a negation removed).

Writes ``OUT/<doc>.jsonl``, one record per pair:
``{"i", "src", "tgt", "tgt_original", "label", "detail"}``.

    python bench/fidelity_devset.py [--clean DIR] [--out bench/out/fidelity-dev] [--seed 20240917]
                                    [--error-rate 0.15]
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

SEED = 20240917
ERROR_RATE = 0.4
KINDS = ("number", "name", "replaced", "half_dropped", "negation")
DEFAULT_CLEAN = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ntrex-dev" / "clean"
DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "fidelity-dev"

_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")
_NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "hundred", "thousand", "million"]
_NAME = re.compile(r"(?<=[a-z,] )(?:[A-Z][a-z]+(?: [A-Z][a-z]+)*)")
_STOP = {"The", "A", "An", "He", "She", "It", "They", "We", "I", "In", "On", "But", "And", "Mr", "Mrs", "Ms"}
_AUX = re.compile(r"\b(is|are|was|were|will|would|can|could|has|have|had|should|must|does|did|do)\b(?! not)")
_NEG = re.compile(r"\b(is|are|was|were|will|would|can|could|has|have|had|should|must|does|did|do)( not|n't)\b")


def change_number(text: str, rng: random.Random):
    found = list(_NUMBER.finditer(text))
    if found:
        m = rng.choice(found)
        raw = m.group()
        value = float(raw.replace(",", ""))
        if re.fullmatch(r"(19|20)\d\d", raw):
            new = str(int(value) + rng.choice([-2, -1, 1, 2]))
        elif "." in raw:
            new = f"{value + rng.choice([-1, 1]) * max(0.1, round(value * 0.2, 1)):.1f}"
        else:
            new = str(max(0, int(value) + rng.choice([-1, 1]) * max(1, int(value * rng.choice([0.1, 0.5, 1.0])))))
            if new == raw or new == "0":
                new = str(int(value) + 1)
            if "," in raw:
                new = f"{int(new):,}"
        return text[: m.start()] + new + text[m.end():], f"{raw} -> {new}"
    words = [m for m in re.finditer(r"\b(" + "|".join(_NUMBER_WORDS[:9]) + r")\b", text)]
    if words:
        m = rng.choice(words)
        choices = [w for w in _NUMBER_WORDS[:9] if w != m.group()]
        new = rng.choice(choices)
        return text[: m.start()] + new + text[m.end():], f"{m.group()} -> {new}"
    return None


def names_in(text: str) -> list[re.Match]:
    return [m for m in _NAME.finditer(text) if m.group().split()[0] not in _STOP and len(m.group()) > 2]


def swap_name(text: str, doc_names: list[str], other_names: list[str], rng: random.Random):
    found = names_in(text)
    if not found:
        return None
    m = rng.choice(found)
    pool = [n for n in doc_names if n not in text and n != m.group()] or [n for n in other_names if n not in text]
    if not pool:
        return None
    new = rng.choice(pool)
    return text[: m.start()] + new + text[m.end():], f"{m.group()} -> {new}"


def drop_half(text: str, rng: random.Random):
    words = text.split()
    if len(words) < 12:
        return None
    cuts = [m.end() for m in re.finditer(r",\s|;\s|\s(?:and|but|which|who|while|after|as)\s", text)
            if 0.3 < m.end() / len(text) < 0.7]
    cut = rng.choice(cuts) if cuts else len(" ".join(words[: len(words) // 2]))
    if rng.random() < 0.7:
        new = text[:cut].rstrip(" ,;") + "."
        return new, "second half dropped"
    rest = text[cut:].lstrip()
    return rest[:1].upper() + rest[1:], "first half dropped"


def flip_negation(text: str, rng: random.Random):
    neg = list(_NEG.finditer(text))
    if neg:
        m = rng.choice(neg)
        return text[: m.start()] + m.group(1) + text[m.end():], f"removed '{m.group()}'"
    aux = list(_AUX.finditer(text))
    if not aux:
        return None
    m = rng.choice(aux)
    return text[: m.end()] + " not" + text[m.end():], f"added 'not' after '{m.group()}'"


def generate(clean_dir: Path, out_dir: Path, seed: int = SEED, error_rate: float = ERROR_RATE) -> dict:
    rng = random.Random(seed)
    docs = sorted(p.name for p in (clean_dir / "src").iterdir())
    texts = {d: ((clean_dir / "src" / d).read_text(encoding="utf-8").splitlines(),
                 (clean_dir / "tgt" / d).read_text(encoding="utf-8").splitlines()) for d in docs}
    names = {d: sorted({m.group() for t in texts[d][1] for m in names_in(t)}) for d in docs}
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {k: 0 for k in ("none",) + KINDS}
    for d in docs:
        src, tgt = texts[d]
        others = [x for x in docs if x != d]
        records = []
        for i, (a, e) in enumerate(zip(src, tgt)):
            label, new, detail = "none", e, ""
            if i > 0 and rng.random() < error_rate:  # the headline stays clean
                other = rng.choice(others)
                candidates = {
                    "number": change_number(e, rng),
                    "name": swap_name(e, names[d], names[rng.choice(others)], rng),
                    "replaced": (rng.choice(texts[other][1][1:]), f"from {other}"),
                    "half_dropped": drop_half(e, rng),
                    "negation": flip_negation(e, rng),
                }
                usable = [k for k in KINDS if candidates[k] and candidates[k][0] != e]
                # Numbers and names apply to fewer sentences: weight them up
                # so that every kind gets enough cases.
                weights = [{"number": 6, "name": 2}.get(k, 1) for k in usable]
                label = rng.choices(usable, weights)[0]
                new, detail = candidates[label]
            counts[label] += 1
            records.append({"i": i, "src": a, "tgt": new, "tgt_original": e, "label": label, "detail": detail})
        write_document(out_dir, d, records)
    manifest = {"seed": seed, "error_rate": error_rate, "source": str(clean_dir), "counts": counts}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def write_document(out_dir: Path, doc: str, records: list[dict]) -> None:
    """One document of a labelled set: ``OUT/<doc>.jsonl``, a record a pair
    (the format fidelity_eval.py reads; both generators write it)."""
    with open(out_dir / f"{doc}.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clean", type=Path, default=DEFAULT_CLEAN)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--error-rate", type=float, default=ERROR_RATE, help="share of pairs corrupted")
    args = ap.parse_args(argv)
    print(json.dumps(generate(args.clean, args.out, args.seed, args.error_rate)["counts"]))


if __name__ == "__main__":
    main()
