"""Fidelity checks on the labelled development set (see fidelity_devset.py).

Each document's gold 1-1 pairs become an Alignment (so the figures do not
depend on the aligner); ``align.fidelity.check_alignment`` flags them.  A
pair counts as flagged when it carries a flag of severity error or warning
(``info`` is context).  Printed per error kind: recall (labelled pairs
flagged at all, and flagged by the kinds meant for that error) and
precision of those kinds (among pairs carrying them and labelled either
with this error or none: a flag on a pair with another injected error may
be right).  Overall: flagged-pair precision/recall and the false-flag rate
on untouched pairs.

    python bench/fidelity_eval.py [--dev bench/out/fidelity-dev] [--scaling]

``--scaling`` also times the checks on the dev set's pairs concatenated
into one long document, to show that their time grows linearly.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from align.fidelity import check_alignment
from align.model import Alignment, Bead, Sentence

DEFAULT_DEV = Path(__file__).resolve().parent / "out" / "fidelity-dev"
EXPECTED = {
    "number": {"number", "date"},
    "name": {"name"},
    "replaced": {"drift"},
    "half_dropped": {"partial_omission", "drift"},
    "negation": {"drift"},
}


def load_documents(dev_dir: Path):
    for path in sorted(Path(dev_dir).glob("*.jsonl")):
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        alignment = Alignment(
            src=[Sentence(r["src"]) for r in records],
            tgt=[Sentence(r["tgt"]) for r in records],
            beads=[Bead(src=(k,), tgt=(k,)) for k in range(len(records))],
            meta={"doc": path.stem},
        )
        yield path.stem, alignment, [r["label"] for r in records]


def fidelity_table(bench_dir, encoder=None) -> dict:
    """Check every document of the dev set; return the figures as a dict."""
    rows = []  # (label, set of flagged kinds)
    for _, alignment, labels in load_documents(Path(bench_dir)):
        check_alignment(alignment, encoder, press=True)
        for bead, label in zip(alignment.beads, labels):
            rows.append((label, {f.kind for f in bead.flags if f.severity != "info"}))
    table: dict = {"pairs": len(rows), "kinds": {}}
    for kind, expected in EXPECTED.items():
        labelled = [k for l, k in rows if l == kind]
        carrying = [(l, k) for l, k in rows if k & expected and l in (kind, "none")]
        table["kinds"][kind] = {
            "n": len(labelled),
            "recall_any": _ratio(sum(1 for k in labelled if k), len(labelled)),
            "recall": _ratio(sum(1 for k in labelled if k & expected), len(labelled)),
            "precision": _ratio(sum(1 for l, _ in carrying if l == kind), len(carrying)),
        }
    errors = [k for l, k in rows if l != "none"]
    clean = [k for l, k in rows if l == "none"]
    flagged = [(l, k) for l, k in rows if k]
    table["overall"] = {
        "precision": _ratio(sum(1 for l, _ in flagged if l != "none"), len(flagged)),
        "recall": _ratio(sum(1 for k in errors if k), len(errors)),
        "false_flag_rate": _ratio(sum(1 for k in clean if k), len(clean)),
        "errors": len(errors),
        "untouched": len(clean),
    }
    false_kinds: dict[str, int] = {}
    for k in clean:
        for kind in k:
            false_kinds[kind] = false_kinds.get(kind, 0) + 1
    table["false_flags_by_kind"] = dict(sorted(false_kinds.items()))
    return table


def scaling_table(dev_dir, sizes=(250, 500, 1000, 2000), encoder=None) -> list[dict]:
    """Seconds to check one document made of the dev set's pairs, repeated
    as needed, at each size (the encoder's cache makes repeats cheap, so
    this is mostly the checks' own time)."""
    import time

    from align.encoders import load_encoder

    encoder = encoder or load_encoder()
    src, tgt = [], []
    for _, alignment, _ in load_documents(Path(dev_dir)):
        src += [s.text for s in alignment.src]
        tgt += [t.text for t in alignment.tgt]
    rows = []
    for size in sizes:
        s, t = (src * (1 + size // len(src)))[:size], (tgt * (1 + size // len(tgt)))[:size]
        alignment = Alignment(src=[Sentence(x) for x in s], tgt=[Sentence(x) for x in t],
                              beads=[Bead(src=(k,), tgt=(k,)) for k in range(size)])
        encoder.encode(s + t)
        start = time.perf_counter()
        check_alignment(alignment, encoder, press=True)
        seconds = time.perf_counter() - start
        rows.append({"pairs": size, "seconds": round(seconds, 2), "ms_per_pair": round(1000 * seconds / size, 1)})
    return rows


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="Fidelity checks on the labelled development set")
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--scaling", action="store_true", help="also time the checks on one long document")
    args = ap.parse_args(argv)
    if not args.dev.exists():
        raise SystemExit(f"{args.dev}: no dev set; run python bench/fidelity_devset.py first")
    t = fidelity_table(args.dev)
    if args.json:
        print(json.dumps(t, indent=2))
        return
    print(f"{'error kind':<14}{'n':>5}{'recall(any)':>13}{'recall':>9}{'precision':>11}")
    for kind, r in t["kinds"].items():
        print(f"{kind:<14}{r['n']:>5}{_fmt(r['recall_any']):>13}{_fmt(r['recall']):>9}{_fmt(r['precision']):>11}")
    o = t["overall"]
    print(f"overall flagged-pair precision {_fmt(o['precision'])}, recall {_fmt(o['recall'])} "
          f"({o['errors']} injected errors)")
    print(f"untouched pairs flagged: {_fmt(o['false_flag_rate'])} of {o['untouched']}; by kind: {t['false_flags_by_kind']}")
    if args.scaling:
        print("\nchecks on one long document (pairs: seconds, ms per pair)")
        for row in scaling_table(args.dev):
            print(f"  {row['pairs']:>6}: {row['seconds']:7.1f} s  {row['ms_per_pair']:6.1f} ms", flush=True)


def _fmt(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


if __name__ == "__main__":
    main()
