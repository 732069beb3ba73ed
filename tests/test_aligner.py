"""The aligner on constructed Arabic–English documents (real encoder) and on
synthetic embeddings (long inputs, forced additions), with the invariants
every alignment must keep."""
from __future__ import annotations

import random
import re

import numpy as np
import pytest

from align.aligner import AlignerConfig, align_embeddings, align_sentences, score_beads
from align.encoders import l2_normalise, load_encoder
from align.evaluate import score_documents
from align.model import Alignment, Sentence

from parallel_texts import AR, EN, MERGE_AR, MERGE_EN, PAIRS, SPLIT_AR, SPLIT_EN, UNRELATED_EN


@pytest.fixture(scope="module")
def encoder(isolated_state):
    return load_encoder()


def sentences(texts) -> list[Sentence]:
    return [Sentence(t) for t in texts]


def align(encoder, src, tgt, **kwargs) -> Alignment:
    alignment = align_sentences(sentences(src), sentences(tgt), encoder, **kwargs)
    check_invariants(alignment)
    return alignment


def check_invariants(alignment: Alignment) -> None:
    alignment.validate()
    for bead in alignment.beads:
        assert 0.0 <= bead.score <= 1.0, bead
        assert bead.src or bead.tgt


def gold(alignment: Alignment) -> list[str]:
    return [b.to_gold() for b in alignment.beads]


# ------------------------------------------------------------ real documents

def test_clean_pair_is_all_one_to_one(encoder):
    alignment = align(encoder, AR, EN, press=False)
    assert gold(alignment) == [f"[{i}]:[{i}]" for i in range(len(PAIRS))]
    # Plain news sentences carry none of the press apparatus: the press
    # reading must not change anything.
    assert gold(align(encoder, AR, EN)) == gold(alignment)


def test_merge_and_split_are_found(encoder):
    src = AR[:3] + list(MERGE_AR) + AR[3:8] + [SPLIT_AR] + AR[8:]
    tgt = EN[:3] + [MERGE_EN] + EN[3:8] + list(SPLIT_EN) + EN[8:]
    beads = gold(align(encoder, src, tgt, press=False))
    assert "[3, 4]:[3]" in beads
    assert "[10]:[9, 10]" in beads
    # Everything else stays 1-1.
    assert sum(1 for b in beads if b.count(",") == 0 and "[]" not in b) == len(beads) - 2


def test_run_of_omitted_sentences_gives_one_omission_each(encoder):
    tgt = EN[:4] + EN[8:]
    beads = gold(align(encoder, AR, tgt, press=False))
    assert beads == (
        [f"[{i}]:[{i}]" for i in range(4)]
        + [f"[{i}]:[]" for i in range(4, 8)]
        + [f"[{i}]:[{i - 4}]" for i in range(8, 12)]
    )


def test_unrelated_added_sentence_is_an_addition(encoder):
    tgt = EN[:6] + [UNRELATED_EN] + EN[6:]
    beads = gold(align(encoder, AR, tgt, press=False))
    assert beads == [f"[{i}]:[{i}]" for i in range(6)] + ["[]:[6]"] + [f"[{i}]:[{i + 1}]" for i in range(6, 12)]


def test_translations_score_higher_than_unpaired_neighbours(encoder):
    alignment = align(encoder, AR, EN[:4] + EN[8:], press=False)
    pairs = [b.score for b in alignment.beads if b.kind == "pair"]
    assert np.median(pairs) > 0.5


def test_random_documents_keep_the_invariants(encoder):
    """Random subsets and local shuffles of the sentences: whatever the
    aligner decides, every sentence lies in exactly one bead, in order.
    (Few examples: every uncertain bead costs encodings; the synthetic test
    below runs many more.)"""
    rng = random.Random(20240601)
    pool_src = AR + list(MERGE_AR) + [SPLIT_AR]
    pool_tgt = EN + [MERGE_EN] + list(SPLIT_EN) + [UNRELATED_EN, "…", "12."]
    for _ in range(2):
        src = [s for s in pool_src if rng.random() < 0.5]
        tgt = [t for t in pool_tgt if rng.random() < 0.5]
        k = rng.randrange(len(tgt) - 1)
        tgt[k : k + 2] = tgt[k : k + 2][::-1]
        src.append(src[0])  # a repeated sentence
        alignment = align(encoder, src, tgt, press=False)
        assert len(alignment.src) == len(src) and len(alignment.tgt) == len(tgt)


def test_empty_sides_give_only_omissions_or_additions(encoder):
    only_src = align(encoder, AR[:3], [], press=False)
    assert gold(only_src) == ["[0]:[]", "[1]:[]", "[2]:[]"]
    assert all(b.kind == "omission" for b in only_src.beads)
    only_tgt = align(encoder, [], EN[:2], press=False)
    assert gold(only_tgt) == ["[]:[0]", "[]:[1]"]
    assert all(b.kind == "addition" for b in only_tgt.beads)
    assert align(encoder, [], [], press=False).beads == []


# ------------------------------------------------------------ score_beads

def test_score_beads_reproduces_the_aligners_scores(encoder):
    src = AR[:3] + list(MERGE_AR) + AR[3:8] + [SPLIT_AR] + AR[8:]
    tgt = EN[:3] + [MERGE_EN] + EN[3:8] + list(SPLIT_EN) + EN[8:]
    alignment = align(encoder, src, tgt)
    before = [b.score for b in alignment.beads]
    score_beads(alignment, encoder, range(len(alignment.beads)))
    after = [b.score for b in alignment.beads]
    assert after == pytest.approx(before, abs=1e-6)


def test_score_beads_reproduces_scores_of_a_plain_alignment(encoder):
    """Without the press reading the bracketed insertion is scored as
    written; re-scoring must read the alignment the same way."""
    tgt = list(EN)
    tgt[2] = "The national [Saudi] football team won its match against Japan by two goals to one."
    alignment = align(encoder, AR, tgt, press=False)
    before = [b.score for b in alignment.beads]
    score_beads(alignment, encoder, range(len(alignment.beads)))
    assert [b.score for b in alignment.beads] == pytest.approx(before, abs=1e-6)


# ------------------------------------------------------------ synthetic embeddings

def random_units(rng: np.random.Generator, n: int, dim: int = 64) -> np.ndarray:
    return l2_normalise(rng.standard_normal((n, dim)))


def noisy_translation(rng, src_emb, lengths, deleted, inserted_after, noise=0.5):
    """Target embeddings: noisy copies of the source rows not deleted, with
    unrelated rows inserted; returns texts (only their lengths matter),
    embeddings and the gold beads."""
    dim = src_emb.shape[1]
    rows, texts, beads = [], [], []
    for i in range(len(src_emb)):
        if i in deleted:
            beads.append(((i,), ()))
        else:
            rows.append(src_emb[i] + noise * rng.standard_normal(dim) / np.sqrt(dim))
            texts.append("y" * int(lengths[i] * 1.2 * rng.uniform(0.85, 1.15)))
            beads.append(((i,), (len(rows) - 1,)))
        if i in inserted_after:
            rows.append(rng.standard_normal(dim))
            texts.append("z" * 80)
            beads.append(((), (len(rows) - 1,)))
    return texts, l2_normalise(np.array(rows)), beads


def test_long_input_banded_search_is_near_perfect():
    rng = np.random.default_rng(7)
    n = 1500
    src_emb = random_units(rng, n)
    lengths = rng.integers(30, 200, n)
    src = ["x" * int(k) for k in lengths]
    run = set(range(700, 740))  # a long omitted passage the band must follow
    scattered = set(rng.choice([i for i in range(1, n - 1) if i not in range(690, 750)], 60, replace=False).tolist())
    inserted = set(rng.choice(np.arange(1, n - 1), 5, replace=False).tolist())
    tgt, tgt_emb, gold_beads = noisy_translation(rng, src_emb, lengths, run | scattered, inserted)
    assert len(tgt) == 1405
    # The coarse-to-fine search is what this input exercises.
    assert (len(src) + 1) * (len(tgt) + 1) > AlignerConfig().exact_cells

    beads = align_embeddings(src, tgt, src_emb, tgt_emb)
    alignment = Alignment(sentences(src), sentences(tgt), beads)
    check_invariants(alignment)
    figures = score_documents([(gold_beads, [(b.src, b.tgt) for b in beads])])
    assert figures["f1_strict"] >= 0.95
    assert figures["f1_lax"] >= 0.99
    assert figures["omission"]["precision"] >= 0.95
    assert figures["omission"]["recall"] >= 0.7
    omitted = {b.src[0] for b in beads if not b.tgt}
    assert len(run - omitted) <= 2, sorted(run - omitted)


def test_forced_null_targets_stay_unpaired():
    rng = np.random.default_rng(11)
    for n in (20, 700):  # exact search, then banded ((n+1)² > exact_cells)
        src_emb = random_units(rng, n)
        lengths = rng.integers(30, 200, n)
        tgt, tgt_emb, _ = noisy_translation(rng, src_emb, lengths, set(), set())
        # Forced sentences are perfect translations of their source: only
        # the constraint keeps them out of a pair.
        forced = sorted({0, 7, n - 1} | set(range(50, n, 97)))
        beads = align_embeddings(["x" * int(k) for k in lengths], tgt, src_emb, tgt_emb, forced_null_tgt=forced)
        check_invariants(Alignment(sentences(["x"] * n), sentences(tgt), beads))
        unpaired_tgt = {b.tgt[0] for b in beads if not b.src}
        assert set(forced) <= unpaired_tgt
        for bead in beads:
            if set(bead.tgt) & set(forced):
                assert not bead.src and len(bead.tgt) == 1
        # The rest is still aligned 1-1.
        pairs = [(b.src, b.tgt) for b in beads if b.src and b.tgt]
        assert sum(1 for s, t in pairs if s == t) >= n - len(forced) - 4


def ident(side: str, i: int) -> str:
    """A letters-only id token (``sbaf``): digits would be read as anchors."""
    letters = "".join("abcdefghijklmnopqrstuvwxyz"[(i // 26**k) % 26] for k in (2, 1, 0))
    return side + letters


class ComposingEncoder:
    """Synthetic encoder: each sentence holds id tokens (``sbaf``); a text's
    vector is the sum of the vectors of its ids, so a merged passage (or a
    target sentence holding two ids) encodes as its parts do."""

    name = "synthetic"

    def __init__(self, table: dict[str, np.ndarray]):
        self.table = table
        self.dim = next(iter(table.values())).shape[0]

    def encode(self, texts):
        vectors = [sum(self.table[t] for t in re.findall(r"\b[st][a-z]{3}\b", text)) for text in texts]
        return l2_normalise(np.array(vectors)) if vectors else np.zeros((0, self.dim), np.float32)


def synthetic_document(rng, n, *, deleted=(), merged=(), split=(), added=(), noise=0.6):
    """Source sentences and a noisy translation with omissions, 2-1 merges
    (``merged``: i joins i+1), 1-2 splits and unrelated additions."""
    table, src, tgt = {}, [], []
    for i in range(n):
        table[ident("s", i)] = rng.standard_normal(64) / 8
        src.append(f"{ident('s', i)} " + "x" * int(rng.integers(20, 150)))
    i = 0
    while i < n:
        if i not in deleted:
            parts = [i, i + 1] if i in merged and i + 1 < n else [i]
            ids = []
            for k in parts:
                table[ident("t", k)] = table[ident("s", k)] + noise * rng.standard_normal(64) / 8
                ids.append(ident("t", k))
            length = int(sum(len(src[k]) for k in parts) * rng.uniform(0.9, 1.3))
            if i in split:
                table[ident("t", n + i)] = rng.standard_normal(64) / 64
                tgt.append(f"{ids[0]} " + "y" * (length // 2))
                tgt.append(f"{ids[0]} {ident('t', n + i)} " + "y" * (length // 2))
            else:
                tgt.append(" ".join(ids) + " " + "y" * length)
            i += len(parts)
        else:
            i += 1
        if i - 1 in added:
            table[ident("t", 2 * n + i)] = rng.standard_normal(64) / 8
            tgt.append(f"{ident('t', 2 * n + i)} " + "y" * 80)
    return sentences(src), sentences(tgt), ComposingEncoder(table)


def test_random_synthetic_documents_keep_the_invariants():
    rng = np.random.default_rng(2024)
    for _ in range(12):
        n = int(rng.integers(1, 60))
        pick = lambda p: set(np.flatnonzero(rng.random(n) < p).tolist())  # noqa: E731
        src, tgt, encoder = synthetic_document(
            rng, n, deleted=pick(0.15), merged=pick(0.1), split=pick(0.1), added=pick(0.1)
        )
        if rng.random() < 0.3:  # local disorder the monotone path cannot follow
            k = int(rng.integers(0, max(1, len(tgt) - 1)))
            tgt[k : k + 2] = tgt[k : k + 2][::-1]
        alignment = align_sentences(src, tgt, encoder, press=False)
        check_invariants(alignment)


def test_score_beads_reproduces_scores_of_pairs_and_omissions():
    """On an unchanged alignment, re-scoring gives back the aligner's score
    of every 1-1 pair and every omission (these depend on the 1-1
    similarities only)."""
    rng = np.random.default_rng(5)
    n = 200
    src, tgt, encoder = synthetic_document(rng, n, deleted=set(range(5, n, 17)))
    alignment = align_sentences(src, tgt, encoder, press=False)
    alignment.meta["press"] = False
    check_invariants(alignment)
    simple = [k for k, b in enumerate(alignment.beads) if b.shape in ("1-1", "1-0")]
    assert len(simple) > 0.9 * len(alignment.beads)
    before = [alignment.beads[k].score for k in simple]
    score_beads(alignment, encoder, range(len(alignment.beads)))
    assert [alignment.beads[k].score for k in simple] == pytest.approx(before, abs=1e-6)


# ------------------------------------------------------------ progress

def test_coarse_to_fine_alignment_reports_increasing_progress():
    rng = np.random.default_rng(5)
    src, tgt, encoder = synthetic_document(rng, 300, deleted=(40, 41, 200))
    src_texts, tgt_texts = [s.text for s in src], [t.text for t in tgt]
    fractions = []
    # A small exact problem forces several coarse levels.
    beads = align_embeddings(src_texts, tgt_texts, encoder.encode(src_texts), encoder.encode(tgt_texts),
                             config=AlignerConfig(exact_cells=2_000), progress=fractions.append)
    assert [i for b in beads for i in b.src] == list(range(len(src)))
    assert [j for b in beads for j in b.tgt] == list(range(len(tgt)))
    assert len(fractions) >= 20 and fractions[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in fractions) and fractions == sorted(fractions)
