"""Manual alignment fixes keep every invariant and do what the reviewer asked."""
import random

import pytest

from align.edit import (
    EditError,
    mark_unpaired,
    merge_with_next,
    merge_with_previous,
    move_sentence,
    split_bead,
)
from align.model import Alignment, Bead, FidelityFlag, Sentence


def make(pairs, src_n=None, tgt_n=None):
    src_n = src_n if src_n is not None else sum(len(s) for s, _ in pairs)
    tgt_n = tgt_n if tgt_n is not None else sum(len(t) for _, t in pairs)
    al = Alignment(
        src=[Sentence(f"ع{i}") for i in range(src_n)],
        tgt=[Sentence(f"e{j}") for j in range(tgt_n)],
        beads=[Bead(src=s, tgt=t, score=0.9, flags=[FidelityFlag("number", "error", "12 vs 13")],
                    verdict="ok", comment=f"c{n}") for n, (s, t) in enumerate(pairs)],
    )
    al.validate()
    return al


def random_alignment(rng):
    pairs, i, j = [], 0, 0
    for _ in range(rng.randint(1, 7)):
        shape = rng.choice([(1, 1), (1, 1), (2, 1), (1, 2), (2, 2), (1, 0), (0, 1), (3, 1)])
        pairs.append((tuple(range(i, i + shape[0])), tuple(range(j, j + shape[1]))))
        i, j = i + shape[0], j + shape[1]
    return make(pairs)


def every_edit(al):
    """Every fix a reviewer could ask for on ``al`` (some are refused)."""
    for i, bead in enumerate(al.beads):
        yield merge_with_next, (i,)
        yield merge_with_previous, (i,)
        for a in range(len(bead.src) + 1):
            for b in range(len(bead.tgt) + 1):
                yield split_bead, (i, a, b)
        for side in ("src", "tgt"):
            for direction in ("next", "previous"):
                yield move_sentence, (i, side, direction)
            for k in getattr(bead, side):
                yield mark_unpaired, (i, side, k)


def test_every_op_on_random_alignments_keeps_invariants():
    rng = random.Random(7)
    done = refused = 0
    for _ in range(60):
        al = random_alignment(rng)
        before = al.to_jsonl()
        for op, args in every_edit(al):
            try:
                edit = op(al, *args)
            except EditError:
                refused += 1
                continue
            done += 1
            edit.alignment.validate()
            assert al.to_jsonl() == before, f"{op.__name__}{args} changed its input"
            # beads outside the edit are the same objects in the same place
            shift = len(edit.new) - len(edit.old)
            assert edit.alignment.beads[: edit.old.start] == al.beads[: edit.old.start]
            assert edit.alignment.beads[edit.new.stop :] == al.beads[edit.old.stop :]
            assert len(edit.alignment.beads) == len(al.beads) + shift
            for n in edit.affected:
                bead = edit.alignment.beads[n]
                assert bead.verdict is None and bead.flags == [] and bead.score == 0.0
    assert done > 1000 and refused > 100


def test_merge_with_next_and_previous():
    al = make([((0,), (0,)), ((1,), (1,)), ((2,), (2,))])
    edit = merge_with_next(al, 0)
    assert [b.to_gold() for b in edit.alignment.beads] == ["[0, 1]:[0, 1]", "[2]:[2]"]
    assert edit.old == range(0, 2) and edit.new == range(0, 1)
    assert edit.alignment.beads[0].comment == "c0\nc1"
    prev = merge_with_previous(al, 2)
    assert [b.to_gold() for b in prev.alignment.beads] == ["[0]:[0]", "[1, 2]:[1, 2]"]
    assert prev.affected == [1]
    with pytest.raises(EditError, match="last"):
        merge_with_next(al, 2)
    with pytest.raises(EditError, match="first"):
        merge_with_previous(al, 0)
    with pytest.raises(EditError, match="no bead 4"):
        merge_with_next(al, 3)


def test_split_bead():
    al = make([((0, 1), (0, 1, 2))])
    edit = split_bead(al, 0, 1, 2)
    assert [b.to_gold() for b in edit.alignment.beads] == ["[0]:[0, 1]", "[1]:[2]"]
    assert edit.affected == [0, 1]
    # a cut that leaves one part with no sentence on one side is an omission/addition
    assert [b.kind for b in split_bead(al, 0, 2, 2).alignment.beads] == ["pair", "addition"]
    with pytest.raises(EditError, match="empty"):
        split_bead(al, 0, 0, 0)
    with pytest.raises(EditError, match="cannot cut"):
        split_bead(al, 0, 3, 1)


def test_move_sentence_both_ways_and_empty_bead_disappears():
    al = make([((0, 1), (0,)), ((2,), (1,))])
    edit = move_sentence(al, 0, "src", "next")
    assert [b.to_gold() for b in edit.alignment.beads] == ["[0]:[0]", "[1, 2]:[1]"]
    back = move_sentence(edit.alignment, 1, "src", "previous")
    assert [b.to_gold() for b in back.alignment.beads] == ["[0, 1]:[0]", "[2]:[1]"]
    # moving the only sentence of an omission bead removes the bead
    al = make([((0,), ()), ((1,), (0,))])
    edit = move_sentence(al, 0, "src", "next")
    assert [b.to_gold() for b in edit.alignment.beads] == ["[0, 1]:[0]"]
    assert edit.old == range(0, 2) and edit.new == range(0, 1)
    with pytest.raises(EditError, match="no target sentence"):
        move_sentence(al, 0, "tgt", "next")
    with pytest.raises(EditError, match="no previous bead"):
        move_sentence(al, 0, "src", "previous")
    with pytest.raises(EditError, match="direction"):
        move_sentence(al, 0, "src", "up")


def test_mark_unpaired_makes_omission_or_addition():
    al = make([((0, 1), (0,)), ((2,), (1, 2))])
    edit = mark_unpaired(al, 0, "src", 1)
    assert [(b.to_gold(), b.kind) for b in edit.alignment.beads[:2]] == [
        ("[0]:[0]", "pair"), ("[1]:[]", "omission")]
    edit = mark_unpaired(al, 1, "tgt", 1)
    assert [(b.to_gold(), b.kind) for b in edit.alignment.beads[1:]] == [
        ("[]:[1]", "addition"), ("[2]:[2]", "pair")]
    with pytest.raises(EditError, match="not in bead"):
        mark_unpaired(al, 0, "src", 2)
    lone = make([((0,), ()), ((1, 2, 3), (0,))])
    with pytest.raises(EditError, match="already unpaired"):
        mark_unpaired(lone, 0, "src", 0)
    with pytest.raises(EditError, match="middle"):
        mark_unpaired(lone, 1, "src", 2)
