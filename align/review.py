"""Review logic the app calls: which beads a filter shows, what is next in the
review queue, search in both languages, and the activity log as CSV.

The review queue is the beads that carry a problem (a warning or an error)
and have no verdict yet, in document order; after a verdict the reviewer
moves on to the next unreviewed bead of the view, so the loop is *read → one
key → next*.  Everything here takes an :class:`Alignment` (and positions into
its beads) and returns positions; nothing here knows about Streamlit.  Undo
and the log itself live in the store (:meth:`ReviewStore.undo_last_edit`,
:meth:`ReviewStore.activity`) since they must survive the session.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Sequence

from .formats.base import formula_safe
from .model import Alignment, Bead
from .normalize import normalize_arabic
from .store import Activity

#: The filters every job offers; ``"Flag: KIND"`` filters follow for the kinds present.
FILTERS = ("All", "Flagged", "Unreviewed", "Needs fix")
FLAG_FILTER = "Flag: "


def in_queue(bead: Bead) -> bool:
    """Whether a bead waits in the review queue: flagged and without a verdict."""
    return bead.flagged and bead.verdict is None


def filter_choices(alignment: Alignment) -> list[str]:
    kinds = sorted({f.kind for b in alignment.beads for f in b.flags})
    return list(FILTERS) + [FLAG_FILTER + k for k in kinds]


def filter_beads(alignment: Alignment, choice: str) -> list[int]:
    """Positions of the beads a filter shows.  ``Flagged`` is the review
    queue, so it shrinks as flagged beads get their verdicts."""
    beads = alignment.beads
    if choice == "Flagged":
        return [n for n, b in enumerate(beads) if in_queue(b)]
    if choice == "Unreviewed":
        return [n for n, b in enumerate(beads) if b.verdict is None]
    if choice == "Needs fix":
        return [n for n, b in enumerate(beads) if b.verdict == "needs_fix"]
    if choice.startswith(FLAG_FILTER):
        kind = choice[len(FLAG_FILTER):]
        return [n for n, b in enumerate(beads) if any(f.kind == kind for f in b.flags)]
    return list(range(len(beads)))


def next_in_queue(alignment: Alignment, after: int | None) -> int | None:
    """The first queued bead after position ``after`` (from the start when
    ``None``), wrapping round; ``None`` when the queue is empty."""
    return _first_after([n for n, b in enumerate(alignment.beads) if in_queue(b)], after)


def advance(alignment: Alignment, shown: Sequence[int], after: int) -> int | None:
    """Where the cursor goes after a verdict on bead ``after``: the next bead
    of the view still without a verdict, wrapping round; ``None`` when every
    bead of the view has one."""
    return _first_after([n for n in shown if n != after and alignment.beads[n].verdict is None], after)


def step(shown: Sequence[int], cursor: int | None, delta: int) -> int | None:
    """The bead ``delta`` places from the cursor within the view (the first
    or last bead of the view when the cursor is not in it), clamped at the ends."""
    if not shown:
        return None
    if cursor not in shown:
        return shown[0] if delta > 0 else shown[-1]
    return shown[min(max(shown.index(cursor) + delta, 0), len(shown) - 1)]


def _first_after(positions: Sequence[int], after: int | None) -> int | None:
    if not positions:
        return None
    if after is None:
        return positions[0]
    return next((n for n in positions if n > after), positions[0])


_SPACE = re.compile(r"\s+")


def search_key(text: str) -> str:
    """Text as search compares it: Arabic without diacritics or tatweel, one
    alef for its hamza forms (:func:`align.normalize.normalize_arabic`),
    ASCII digits, case folded, runs of space as one."""
    return _SPACE.sub(" ", normalize_arabic(text).casefold()).strip()


def search(alignment: Alignment, query: str, shown: Sequence[int] | None = None) -> list[int]:
    """Positions (among ``shown``, default all) of the beads whose Arabic or
    English contains ``query``, compared by :func:`search_key`.  An empty
    query matches every bead."""
    positions = range(len(alignment.beads)) if shown is None else shown
    key = search_key(query)
    if not key:
        return list(positions)
    src_keys = [search_key(s.text) for s in alignment.src]
    tgt_keys = [search_key(s.text) for s in alignment.tgt]
    return [
        n for n in positions
        if key in " ".join(src_keys[i] for i in alignment.beads[n].src)
        or key in " ".join(tgt_keys[j] for j in alignment.beads[n].tgt)
    ]  # fmt: skip


ACTIVITY_COLUMNS = ("at", "reviewer", "action", "beads", "detail")


def activity_csv(entries: Sequence[Activity]) -> str:
    """The activity log as CSV (UTF-8 text with a header; cells that a
    spreadsheet would run as formulas are neutralised as in the CSV export)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ACTIVITY_COLUMNS)
    for entry in entries:
        writer.writerow([formula_safe(getattr(entry, c)) for c in ACTIVITY_COLUMNS])
    return out.getvalue()
