"""Manual fixes to an alignment: merge, split, move a sentence, unpair.

Each operation is a pure function: it takes an :class:`Alignment` and returns
an :class:`Edit` holding a new alignment (the input is left untouched) and
which bead positions were replaced by which, so that the caller re-scores
and re-checks only those beads (``align.pipeline.rescore``) and the review
store rewrites only those rows.  Every result passes ``validate()``.

Beads an edit touches lose their score, flags and verdict (their content
changed, so the reviewer must look again); their comments are kept.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .model import SIDES, Alignment, Bead


class EditError(ValueError):
    """The fix cannot be made as asked; the message says why."""


@dataclass
class Edit:
    """A fixed alignment: beads ``old`` of the input became beads ``new`` here."""

    alignment: Alignment
    old: range
    new: range

    @property
    def affected(self) -> list[int]:
        return list(self.new)


def _fresh(src, tgt, sources: tuple[Bead, ...] = ()) -> Bead:
    comments = [b.comment for b in sources if b.comment]
    return Bead(src=tuple(src), tgt=tuple(tgt), comment="\n".join(dict.fromkeys(comments)))


def _apply(al: Alignment, old: range, new_beads: list[Bead]) -> Edit:
    beads = al.beads[: old.start] + new_beads + al.beads[old.stop :]
    result = replace(al, beads=beads, meta=dict(al.meta))
    result.validate()
    return Edit(result, old, range(old.start, old.start + len(new_beads)))


def _check_index(al: Alignment, i: int) -> Bead:
    if not 0 <= i < len(al.beads):
        raise EditError(f"there is no bead {i + 1} (the alignment has {len(al.beads)})")
    return al.beads[i]


def _check_side(side: str) -> None:
    if side not in SIDES:
        raise EditError(f"side must be one of {SIDES}, not {side!r}")


def merge_with_next(al: Alignment, i: int) -> Edit:
    """Bead ``i`` and bead ``i + 1`` become one bead."""
    first = _check_index(al, i)
    if i + 1 >= len(al.beads):
        raise EditError(f"bead {i + 1} is the last one: there is no next bead to merge with")
    second = al.beads[i + 1]
    return _apply(al, range(i, i + 2), [_fresh(first.src + second.src, first.tgt + second.tgt, (first, second))])


def merge_with_previous(al: Alignment, i: int) -> Edit:
    """Bead ``i - 1`` and bead ``i`` become one bead."""
    _check_index(al, i)
    if i == 0:
        raise EditError("bead 1 is the first one: there is no previous bead to merge with")
    return merge_with_next(al, i - 1)


def split_bead(al: Alignment, i: int, src_cut: int, tgt_cut: int) -> Edit:
    """Bead ``i`` becomes two: its first ``src_cut`` source and ``tgt_cut``
    target sentences, then the rest.  Neither part may be empty."""
    bead = _check_index(al, i)
    if not (0 <= src_cut <= len(bead.src) and 0 <= tgt_cut <= len(bead.tgt)):
        raise EditError(
            f"bead {i + 1} has {len(bead.src)} source and {len(bead.tgt)} target sentences: "
            f"cannot cut after {src_cut} and {tgt_cut}"
        )
    head = (bead.src[:src_cut], bead.tgt[:tgt_cut])
    tail = (bead.src[src_cut:], bead.tgt[tgt_cut:])
    if not any(head) or not any(tail):
        raise EditError(f"splitting bead {i + 1} there would leave an empty bead")
    return _apply(al, range(i, i + 1), [_fresh(*head, (bead,)), _fresh(*tail)])


def move_sentence(al: Alignment, i: int, side: str, direction: str) -> Edit:
    """Move one sentence of bead ``i`` to a neighbour: with ``direction``
    ``"next"`` its last ``side`` sentence goes to the start of bead ``i + 1``;
    with ``"previous"`` its first goes to the end of bead ``i - 1``.  A bead
    left empty disappears."""
    bead = _check_index(al, i)
    _check_side(side)
    if direction not in ("next", "previous"):
        raise EditError(f"direction must be 'next' or 'previous', not {direction!r}")
    indices = getattr(bead, side)
    if not indices:
        raise EditError(f"bead {i + 1} has no {'source' if side == 'src' else 'target'} sentence to move")
    j = i + 1 if direction == "next" else i - 1
    if not 0 <= j < len(al.beads):
        raise EditError(f"bead {i + 1} has no {direction} bead to move a sentence to")
    other = al.beads[j]
    if direction == "next":
        kept, moved = indices[:-1], indices[-1:]
        receiving = moved + getattr(other, side)
    else:
        moved, kept = indices[:1], indices[1:]
        receiving = getattr(other, side) + moved
    left = _fresh(**{side: kept, _other(side): getattr(bead, _other(side))}, sources=(bead,))
    right = _fresh(**{side: receiving, _other(side): getattr(other, _other(side))}, sources=(other,))
    pair = [left, right] if direction == "next" else [right, left]
    pair = [b for b in pair if b.src or b.tgt]
    return _apply(al, range(min(i, j), max(i, j) + 1), pair)


def mark_unpaired(al: Alignment, i: int, side: str, index: int) -> Edit:
    """Sentence ``index`` (of ``side``) in bead ``i`` becomes a bead of its
    own with nothing on the other side: an omission (source) or an addition
    (target).  Only the first or last sentence of the side can be taken out,
    so that the order of both documents is kept; split the bead first to
    reach one in the middle."""
    bead = _check_index(al, i)
    _check_side(side)
    indices = getattr(bead, side)
    label = "source" if side == "src" else "target"
    if index not in indices:
        raise EditError(f"{label} sentence {index + 1} is not in bead {i + 1}")
    if not getattr(bead, _other(side)):
        raise EditError(f"bead {i + 1} is already unpaired")
    alone = _fresh(**{side: (index,), _other(side): ()})
    rest = _fresh(
        **{side: tuple(k for k in indices if k != index), _other(side): getattr(bead, _other(side))},
        sources=(bead,),
    )
    if index == indices[0]:
        new = [alone, rest]
    elif index == indices[-1]:
        new = [rest, alone]
    else:
        raise EditError(
            f"{label} sentence {index + 1} is in the middle of bead {i + 1}: split the bead first"
        )
    return _apply(al, range(i, i + 1), new)


def _other(side: str) -> str:
    return "tgt" if side == "src" else "src"
