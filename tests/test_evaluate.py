"""Scoring against gold beads: hand-computed figures, the bead-file parser,
and agreement with the benchmark's own scorer on real gold files."""
from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from align.evaluate import (
    BeadFileError, format_table, monotone_ceiling, parse_beads, read_beads, score_dirs, score_documents,
)

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
needs_bench = pytest.mark.skipif(not (BENCH / "score.py").is_file(), reason="shared/bench is not beside the repo")

# Gold: 1-1, 2-1, 1-2, an omission, an addition, 1-1.
GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3)), ((4,), ()), ((), (4,)), ((5,), (5,))]
# Prediction: splits the 2-1 (leaving 2 unpaired), pairs the omission with the addition.
PRED = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2, 3)), ((4,), (4,)), ((5,), (5,))]


def test_hand_computed_figures():
    r = score_documents([(GOLD, PRED)])
    # Precision over the 6 predicted beads: strict hits [0]:[0], [3]:[2,3],
    # [5]:[5]; [1]:[1] is a lax hit (gold links 1 to 1); [2]:[] and [4]:[4]
    # are misses (4 is linked to nothing in the gold).
    assert r["precision_strict"] == pytest.approx(3 / 6)
    assert r["precision_lax"] == pytest.approx(4 / 6)
    # Recall over the 4 gold beads with both sides: [1,2]:[1] is only a lax hit.
    assert r["recall_strict"] == pytest.approx(3 / 4)
    assert r["recall_lax"] == pytest.approx(1.0)
    assert r["f1_strict"] == pytest.approx(0.6)
    assert r["f1_lax"] == pytest.approx(0.8)
    # Omissions: gold {4}, predicted {2}.
    assert r["omission"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                             "true_positives": 0, "predicted": 1, "gold": 1}
    # Additions: gold {4}, none predicted: precision is n/a, recall 0.
    assert r["addition"] == {"precision": None, "recall": 0.0, "f1": 0.0,
                             "true_positives": 0, "predicted": 0, "gold": 1}
    assert (r["documents"], r["gold_beads"], r["pred_beads"]) == (1, 6, 6)


def test_counts_are_pooled_over_documents():
    second = [((0,), ()), ((1,), (0,))]
    r = score_documents([(GOLD, PRED), (second, second)])
    assert r["precision_strict"] == pytest.approx(5 / 8)
    assert r["precision_lax"] == pytest.approx(6 / 8)
    assert r["recall_strict"] == pytest.approx(4 / 5)
    assert r["recall_lax"] == pytest.approx(1.0)
    assert r["omission"]["precision"] == r["omission"]["recall"] == r["omission"]["f1"] == pytest.approx(0.5)
    assert r["omission"]["true_positives"] == 1
    assert (r["documents"], r["gold_beads"], r["pred_beads"]) == (2, 8, 8)


def test_perfect_prediction_and_no_unpaired_sentences():
    clean = [((i,), (i,)) for i in range(5)]
    r = score_documents([(clean, clean)])
    assert r["f1_strict"] == r["f1_lax"] == 1.0
    # Nothing to detect and nothing detected: every detection figure is n/a.
    for name in ("omission", "addition"):
        assert (r[name]["precision"], r[name]["recall"], r[name]["f1"]) == (None, None, None)
    table = format_table(r)
    assert "n/a" in table and "1.000" in table


def test_duplicate_predicted_beads_count_once():
    clean = [((i,), (i,)) for i in range(3)]
    twice = clean + [((0,), (0,)), ((), ())]
    r = score_documents([(clean, twice)])
    assert r["precision_strict"] == 1.0
    assert r["pred_beads"] == 5


def test_everything_wrong_scores_zero():
    gold = [((0,), (0,)), ((1,), (1,))]
    pred = [((0,), ()), ((1,), ()), ((), (0,)), ((), (1,))]
    r = score_documents([(gold, pred)])
    assert r["precision_strict"] == r["recall_strict"] == r["f1_strict"] == 0.0
    assert r["f1_lax"] == 0.0
    assert r["omission"]["predicted"] == 2 and r["omission"]["gold"] == 0
    assert r["omission"]["recall"] is None and r["omission"]["precision"] == 0.0


def test_monotone_ceiling_keeps_the_beads_in_order_and_leaves_the_rest_unpaired():
    # Sentence 2 was moved: its link crosses two beads; [7]:[7, 9] skips a sentence.
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), (5,)), ((3, 4), (3,)), ((5,), (4,)), ((6,), (6,)),
            ((7,), (7, 9)), ((), (8,)), ((8,), (10,))]
    ceiling = monotone_ceiling(gold)
    assert sorted(ceiling) == sorted([((0,), (0,)), ((1,), (1, 2)), ((3, 4), (3,)), ((5,), (4,)), ((6,), (6,)),
                                      ((8,), (10,)), ((2,), ()), ((7,), ()), ((), (5,)), ((), (7,)),
                                      ((), (8,)), ((), (9,))])
    # Every sentence once; the figures are those of the reachable beads.
    assert sorted(s for b in ceiling for s in b[0]) == list(range(9))
    assert sorted(t for b in ceiling for t in b[1]) == list(range(11))
    assert score_documents([(gold, ceiling)])["recall_strict"] == 6 / 8
    assert monotone_ceiling([((0,), (0,)), ((1,), ())]) == [((0,), (0,)), ((1,), ())]


def test_parse_beads_accepts_the_gold_format():
    text = "[0]:[0]\n\n[1, 2]:[1]:0.8731\n[ 3 ]:[2,3]\n[4]:[]\n[]:[4]\n"
    assert parse_beads(text) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3)), ((4,), ()), ((), (4,))]


@pytest.mark.parametrize("line", ["[0][1]", "0:1", "[a]:[1]", "[0]:", "[0, ]:[1]", "[0]:[1", "(0):(1)"])
def test_parse_beads_rejects_malformed_lines(line):
    with pytest.raises(BeadFileError) as info:
        parse_beads(f"[0]:[0]\n{line}\n", where="pred/doc1")
    assert "pred/doc1:2" in str(info.value)  # names the file and line


def test_score_dirs_reports_missing_and_empty(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    with pytest.raises(BeadFileError, match="no gold files"):
        score_dirs(gold, pred)
    (gold / "doc").write_text("[0]:[0]\n", encoding="utf-8")
    with pytest.raises(BeadFileError, match="missing"):
        score_dirs(gold, pred)
    (pred / "doc").write_text("[0]:[0]\n", encoding="utf-8")
    assert score_dirs(gold, pred)["f1_strict"] == 1.0
    assert read_beads(pred / "doc") == [((0,), (0,))]


# ------------------------------------------------------------ against bench/score.py

def perturb(beads, rng: random.Random):
    """A plausible wrong alignment: merge neighbours, split many-sentence
    beads, unpair some 1-1 beads, pair some neighbouring omissions/additions."""
    out = []
    k = 0
    while k < len(beads):
        src, tgt = beads[k]
        roll = rng.random()
        if roll < 0.1 and k + 1 < len(beads):
            nsrc, ntgt = beads[k + 1]
            out.append((src + nsrc, tgt + ntgt))
            k += 2
            continue
        if roll < 0.25 and len(src) + len(tgt) > 2:
            if len(src) > 1:
                out += [(src[:1], tgt), (src[1:], ())]
            else:
                out += [(src, tgt[:1]), ((), tgt[1:])]
        elif roll < 0.32 and src and tgt:
            out += [(src, ()), ((), tgt)]
        else:
            out.append((src, tgt))
        k += 1
    return out


def write_beads(path: Path, beads, rng: random.Random) -> None:
    lines = []
    for src, tgt in beads:
        line = f"{list(src)}:{list(tgt)}"
        if rng.random() < 0.3:
            line += f":{rng.random():.4f}"  # a score column, ignored
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_bench_scorer():
    spec = importlib.util.spec_from_file_location("bench_score", BENCH / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_bench
@pytest.mark.parametrize("gold_set", ["ntrex-dev/mixed/gold", "ntrex-dev/summary/gold", "textberg/gold"])
def test_agrees_with_the_bench_scorer(gold_set, tmp_path):
    bench = load_bench_scorer()
    gold_dir = BENCH / gold_set
    rng = random.Random(gold_set)
    pred_dir = tmp_path / "pred"
    pred_dir.mkdir()
    names = sorted(p.name for p in gold_dir.iterdir() if p.is_file())[:20]
    pairs = []
    for name in names:
        gold = bench.read_beads(str(gold_dir / name))
        assert read_beads(gold_dir / name) == gold
        pred = perturb(gold, rng)
        write_beads(pred_dir / name, pred, rng)
        pairs.append((gold, pred))
    ours, theirs = score_documents(pairs), bench.score_documents(pairs)
    assert ours == theirs
    assert ours["f1_strict"] < 1.0  # the perturbation did change something
    # Whole folders, parsing included (the gold folder holds every document;
    # score only the ones predicted).
    gold_subset = tmp_path / "gold"
    gold_subset.mkdir()
    for name in names:
        (gold_subset / name).write_bytes((gold_dir / name).read_bytes())
    assert score_dirs(gold_subset, pred_dir) == bench.score_dirs(str(gold_subset), str(pred_dir))
