"""Fidelity checks on labelled development sets, cross-validated by document.

Each document's gold 1-1 pairs become an Alignment (so the figures do not
depend on the aligner).  The checks propose candidate flags with their
evidence (``check_alignment(..., calibration=False)``); the calibration layer
(``align.fidelity.calibration``) is fitted on the candidates of the training
folds' documents — every set given, pooled — and judges the held-out fold's.
So is the transliteration model (``align.fidelity.transliteration``) whose
score of the Arabic words nothing in the English explains is the name
flags' ``foreign`` evidence: it learns from the faithful pairs of the
training folds' documents, and the training candidates' evidence is scored
by a model that saw neither their fold nor the held-out one.
Documents, not pairs, are split into folds: the same NTREX document appears
in every set, and a document is never judged by a model that saw it.

A pair counts as flagged when it carries a warning or an error (``info`` is
context).  Printed per set and per injected error kind: recall (pairs flagged
at all, and flagged by the kinds meant for that error) and precision of those
kinds; overall flagged-pair precision and recall, the rate of untouched pairs
with a warning or error and with an error; a reliability table (flags by
confidence band, share on pairs that really have an error); and the
trade-off curve (recall at 1, 2.5 and 5 % of untouched pairs flagged).  The
cross-validated figures come first; in-sample ones (a model fitted on all
documents, judging them) only beside them.

    python bench/fidelity_devset.py --out bench/out/fd-a --seed 11 --error-rate 0.15
    python bench/fidelity_devset.py --out bench/out/fd-b --seed 12 --error-rate 0.15
    python bench/fidelity_devset2.py --out bench/out/fd2 --error-rate 0.15
    python bench/fidelity_eval.py --dev bench/out/fd-a --dev bench/out/fd-b --dev bench/out/fd2 [--write-model]

``--write-model`` saves the models fitted on all documents as the shipped
``align/fidelity/calibration.json`` and ``transliteration.json``.
``--scaling`` times the checks on one long document made of the first set's
pairs.
"""
from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

from align.fidelity import check_alignment
from align.fidelity.calibration import CalibrationModel, severity_for
from align.fidelity.names import transliteration_examples
from align.fidelity.transliteration import NO_WORD, TransliterationModel
from align.model import Alignment, Bead, Sentence
from align.press import scoring_text

FOLDS, FOLD_SEED = 5, 20261201
EXPECTED = {
    "number": {"number", "date"},
    "name": {"name"},
    "replaced": {"drift"},
    "half_dropped": {"partial_omission", "drift"},
    "negation": {"drift"},
}
BANDS = (0.25, 0.6, 0.75, 0.9, 1.0001)
FALSE_FLAG_POINTS = (0.01, 0.025, 0.05)


@dataclass
class Pair:
    doc: str
    label: str
    candidates: list  # (kind, evidence) proposed by the checks
    fixed: list  # (kind, severity) of flags without evidence (rule outcomes)
    # Where a name flag scored them: the Arabic words nothing in the English
    # explains, scored again by each fold's transliteration model.
    unexplained: list = field(default_factory=list)


def set_records(dev_dir: Path):
    """(document, its records) for each document of a labelled set."""
    for path in sorted(Path(dev_dir).glob("*.jsonl")):
        yield path.stem, [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_documents(dev_dir: Path):
    for doc, records in set_records(dev_dir):
        alignment = Alignment(
            src=[Sentence(r["src"]) for r in records],
            tgt=[Sentence(r["tgt"]) for r in records],
            beads=[Bead(src=(k,), tgt=(k,)) for k in range(len(records))],
            meta={"doc": doc},
        )
        yield doc, alignment, [r["label"] for r in records]


def candidate_pairs(dev_dir: Path, encoder=None) -> list[Pair]:
    """Every pair of a set with the candidate flags the checks propose."""
    out = []
    for doc, alignment, labels in load_documents(dev_dir):
        check_alignment(alignment, encoder, press=True, calibration=False)
        for bead, label in zip(alignment.beads, labels):
            candidates = [(f.kind, f.evidence) for f in bead.flags if f.evidence.get("check")]
            unexplained = next((e["unexplained"] for _, e in candidates if "unexplained" in e), [])
            out.append(Pair(doc, label, candidates,
                            [(f.kind, f.severity) for f in bead.flags if not f.evidence.get("check")], unexplained))
    return out


def name_examples(dev_dirs) -> dict[str, list[tuple[str, bool]]]:
    """Per document, the words the transliteration model learns from (see
    ``transliteration_examples``), read from its faithful pairs: the
    original English of every pair, the same in every set."""
    out = {}
    for dev_dir in dev_dirs:
        for doc, records in set_records(dev_dir):
            if doc not in out:
                out[doc] = transliteration_examples([r["src"] for r in records],
                                                    [scoring_text(r["tgt_original"]) for r in records])
    return out


class NameModels:
    """Transliteration models fitted on the documents outside some folds,
    each fitted once: a fold's calibration model learns from evidence that
    models which never saw that fold's documents (nor the held-out ones)
    scored."""

    def __init__(self, examples: dict[str, list], fold: dict[str, int]):
        self.examples, self.fold, self.fitted = examples, fold, {}

    def without(self, folds: frozenset) -> TransliterationModel:
        if folds not in self.fitted:
            words = [(w, y) for doc, ex in self.examples.items() if self.fold.get(doc) not in folds for w, y in ex]
            self.fitted[folds] = TransliterationModel.fit([w for w, _ in words], [y for _, y in words])
        return self.fitted[folds]


def rescored(pairs: list[Pair], model_for) -> list[Pair]:
    """The pairs with each name flag's ``foreign`` evidence scored by
    ``model_for(pair)``."""
    out = []
    for p in pairs:
        if any("foreign" in e for _, e in p.candidates):
            score = model_for(p).most_foreign(p.unexplained)[0] if p.unexplained else NO_WORD
            p = replace(p, candidates=[(k, dict(e, foreign=score) if "foreign" in e else e) for k, e in p.candidates])
        out.append(p)
    return out


def fit(pairs: list[Pair], meta: dict | None = None) -> CalibrationModel:
    evidences = [e for p in pairs for _, e in p.candidates]
    labels = [p.label != "none" for p in pairs for _ in p.candidates]
    return CalibrationModel.fit(evidences, labels, meta=meta)


def judge(pairs: list[Pair], model: CalibrationModel) -> list[tuple[str, list[tuple[str, str, float]]]]:
    """(label, [(kind, severity, confidence)]) per pair, as check_alignment
    with ``model`` would flag it."""
    out = []
    for p in pairs:
        probs = model.predict([e for _, e in p.candidates])
        flags = [(kind, severity_for(float(c)), float(c)) for (kind, _), c in zip(p.candidates, probs)]
        flags = [f for f in flags if f[1] is not None] + [(k, s, 1.0) for k, s in p.fixed]
        out.append((p.label, flags))
    return out


def folds_of(docs: set[str]) -> dict[str, int]:
    order = sorted(docs)
    random.Random(FOLD_SEED).shuffle(order)
    return {d: i % FOLDS for i, d in enumerate(order)}


def cross_validate(sets: dict[str, list[Pair]], names: NameModels, train: set[str] | None = None) -> dict[str, list]:
    """Each set's pairs judged by models fitted on the other folds' documents
    of the ``train`` sets (default: all of them): the calibration model, and
    the transliteration models that score its evidence (``names``; a
    training pair's by one that saw neither its fold nor the held-out one)."""
    fold = names.fold
    judged: dict[str, list] = {name: [None] * len(pairs) for name, pairs in sets.items()}
    for f in range(FOLDS):
        scored = {name: rescored(pairs, lambda p: names.without(frozenset({f, fold[p.doc]})))
                  for name, pairs in sets.items()}
        model = fit([p for name, pairs in scored.items() if train is None or name in train
                     for p in pairs if fold[p.doc] != f])
        for name, pairs in scored.items():
            held = [i for i, p in enumerate(pairs) if fold[p.doc] == f]
            for i, row in zip(held, judge([pairs[i] for i in held], model)):
                judged[name][i] = row
    return judged


def table(judged) -> dict:
    rows = [(label, {k for k, s, _ in flags if s != "info"}, flags) for label, flags in judged]
    t: dict = {"pairs": len(rows), "kinds": {}}
    for kind, expected in EXPECTED.items():
        labelled = [k for l, k, _ in rows if l == kind]
        carrying = [l for l, k, _ in rows if k & expected and l in (kind, "none")]
        t["kinds"][kind] = {
            "n": len(labelled),
            "recall_any": _ratio(sum(1 for k in labelled if k), len(labelled)),
            "recall": _ratio(sum(1 for k in labelled if k & expected), len(labelled)),
            "precision": _ratio(sum(1 for l in carrying if l == kind), len(carrying)),
        }
    errors = [k for l, k, _ in rows if l != "none"]
    clean = [(k, f) for l, k, f in rows if l == "none"]
    flagged = [l for l, k, _ in rows if k]
    t["overall"] = {
        "precision": _ratio(sum(1 for l in flagged if l != "none"), len(flagged)),
        "recall": _ratio(sum(1 for k in errors if k), len(errors)),
        "false_flag_rate": _ratio(sum(1 for k, _ in clean if k), len(clean)),
        "false_error_rate": _ratio(sum(1 for _, f in clean if any(s == "error" for _, s, _ in f)), len(clean)),
        "errors": len(errors),
        "untouched": len(clean),
        "error_share": _ratio(len(errors), len(rows)),
    }
    false_kinds: dict[str, int] = {}
    for k, _ in clean:
        for kind in k:
            false_kinds[kind] = false_kinds.get(kind, 0) + 1
    t["false_flags_by_kind"] = dict(sorted(false_kinds.items()))
    # Reliability: every calibrated flag by its confidence band.
    t["reliability"] = []
    for lo, hi in zip(BANDS, BANDS[1:]):
        band = [l != "none" for l, _, f in rows for _, s, c in f if lo <= c < hi and c < 1.0]
        t["reliability"].append({"band": f"{lo:.2f}-{min(hi, 1):.2f}", "flags": len(band),
                                 "real": _ratio(sum(band), len(band))})
    # Trade-off: recall when the threshold on a pair's highest confidence lets
    # through the given share of untouched pairs.
    top = [(l, max((c for _, _, c in f if c < 1.0), default=0.0)) for l, _, f in rows]
    clean_top = sorted((c for l, c in top if l == "none"), reverse=True)
    t["tradeoff"] = []
    for share in FALSE_FLAG_POINTS:
        cut = clean_top[min(len(clean_top) - 1, int(share * len(clean_top)))] if clean_top else 1.0
        point = {"false_flags": share, "threshold": round(cut, 3),
                 "recall": _ratio(sum(1 for l, c in top if l != "none" and c > cut), len(errors))}
        for kind in EXPECTED:
            n = sum(1 for l, _ in top if l == kind)
            point[kind] = _ratio(sum(1 for l, c in top if l == kind and c > cut), n)
        t["tradeoff"].append(point)
    return t


def scaling_table(dev_dir, sizes=(250, 500, 1000, 2000), encoder=None) -> list[dict]:
    """Seconds to check one document made of the set's pairs, repeated as
    needed, at each size (the encoder's cache makes repeats cheap, so this is
    mostly the checks' own time)."""
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


def _fmt(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def print_table(title: str, cv: dict, insample: dict) -> None:
    print(f"\n== {title}: {cv['overall']['errors']} injected errors in {cv['pairs']} pairs "
          f"({cv['overall']['error_share']:.1%} corrupted); cross-validated by document [in-sample]")
    print(f"{'error kind':<14}{'n':>5}{'recall(any)':>16}{'recall':>16}{'precision':>16}")
    for kind, r in cv["kinds"].items():
        i = insample["kinds"][kind]
        print(f"{kind:<14}{r['n']:>5}" + "".join(f"{_fmt(r[m]):>9} [{_fmt(i[m])}]"[-16:].rjust(16)
                                                 for m in ("recall_any", "recall", "precision")))
    o, oi = cv["overall"], insample["overall"]
    print(f"overall flagged-pair precision {_fmt(o['precision'])} [{_fmt(oi['precision'])}], "
          f"recall {_fmt(o['recall'])} [{_fmt(oi['recall'])}]")
    print(f"untouched pairs with a warning or error {_fmt(o['false_flag_rate'])} [{_fmt(oi['false_flag_rate'])}], "
          f"with an error {_fmt(o['false_error_rate'])} [{_fmt(oi['false_error_rate'])}] of {o['untouched']}; "
          f"by kind: {cv['false_flags_by_kind']}")
    print("reliability (cross-validated): " + "; ".join(
        f"{b['band']}: {b['flags']} flags, {_fmt(b['real'])} real" for b in cv["reliability"]))
    print("trade-off (cross-validated recall at a false-flag rate): " + "; ".join(
        f"{p['false_flags']:.1%}: {_fmt(p['recall'])} ("
        + ", ".join(f"{k} {_fmt(p[k])}" for k in EXPECTED) + ")" for p in cv["tradeoff"]))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="Fidelity checks on labelled development sets, cross-validated")
    ap.add_argument("--dev", type=Path, action="append", required=True,
                    help="a labelled set (fidelity_devset.py or fidelity_devset2.py output); repeatable")
    ap.add_argument("--train", action="append", default=None, metavar="NAME",
                    help="fit only on these sets (folder names; repeatable) and report every set: how the model "
                         "transfers to an error generator it never saw (default: all sets)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--write-model", action="store_true",
                    help="save the models fitted on all documents as align/fidelity/calibration.json and "
                         "transliteration.json")
    ap.add_argument("--scaling", action="store_true", help="also time the checks on one long document")
    args = ap.parse_args(argv)
    for d in args.dev:
        if not d.exists():
            raise SystemExit(f"{d}: no dev set; run python bench/fidelity_devset.py --out {d} first")
    sets = {d.name: candidate_pairs(d) for d in args.dev}
    names = NameModels(name_examples(args.dev), folds_of({p.doc for pairs in sets.values() for p in pairs}))
    cv = cross_validate(sets, names, set(args.train) if args.train else None)
    # The shipped models: the transliteration model fitted on every document,
    # the calibration model on evidence each document's fold left out.
    everything = [p for pairs in sets.values() for p in rescored(pairs, lambda p: names.without(frozenset({names.fold[p.doc]})))]
    name_model = names.without(frozenset())
    model = fit(everything, meta={
        "fitted_on": {d.name: json.loads((d / "manifest.json").read_text()) if (d / "manifest.json").exists()
                      else {} for d in args.dev},
        "documents": len({p.doc for p in everything}), "candidates": sum(len(p.candidates) for p in everything)})
    results = {name: {"cv": table(cv[name]), "in_sample": table(judge(rescored(pairs, lambda p: name_model), model))}
               for name, pairs in sets.items()}
    if args.write_model:
        model.meta["cross_validated"] = {name: r["cv"]["overall"] for name, r in results.items()}
        model.save()
        name_model.meta = {"documents": len(names.examples),
                           "words": sum(len(ex) for ex in names.examples.values()),
                           "names": sum(y for ex in names.examples.values() for _, y in ex)}
        name_model.save()
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, r in results.items():
            print_table(name, r["cv"], r["in_sample"])
    if args.scaling:
        print("\nchecks on one long document (pairs: seconds, ms per pair)")
        for row in scaling_table(args.dev[0]):
            print(f"  {row['pairs']:>6}: {row['seconds']:7.1f} s  {row['ms_per_pair']:6.1f} ms", flush=True)


if __name__ == "__main__":
    main()
