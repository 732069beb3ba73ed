"""Alignment fixes on a bead (merge, split, move a sentence, unpair) and
their undo, which the store keeps (:meth:`align.store.ReviewStore.undo_last_edit`)."""
from __future__ import annotations

import streamlit as st

from align.edit import EditError, mark_unpaired, merge_with_next, merge_with_previous, move_sentence, split_bead
from align.store import StoreError
from ui.session import flash, get_encoder, get_store, move_cursor, reviewer

SIDE_LABEL = {"src": "Arabic", "tgt": "English"}


def apply_edit(job_id: int, op, args: tuple, label: str) -> None:
    """Make a fix on the alignment as the reviewer saw it, re-score only the
    beads it touched, and save those beads in one transaction."""
    job, alignment = st.session_state.shown
    try:
        edit = op(alignment, *args)
        from align.pipeline import rescore

        rescore(edit.alignment, edit.affected, get_encoder())
        rows = get_store().replace_beads(job_id, edit.old, edit.alignment, edit.new,
                                         job.rows[edit.old.start:edit.old.stop], reviewer=reviewer(), label=label)
    except EditError as exc:
        flash("error", str(exc), job.rows[args[0]].key)
        return
    except StoreError as exc:  # ConflictError included
        flash("warning", f"Not changed: {exc}", job.rows[args[0]].key)
        return
    st.session_state.fixing = rows[0].key
    flash("success", label, rows[0].key)
    move_cursor(edit.new.start)


def undo_edit(job_id: int) -> None:
    try:
        entry = get_store().undo_last_edit(job_id, reviewer())
    except StoreError as exc:
        flash("error", f"Not undone: {exc}")
        return
    if entry is None:
        flash("info", "There is no alignment fix to undo.")
        return
    st.session_state.fixing = None
    flash("success", f"Undone: {entry.detail}")


def fix_panel(job_id: int, alignment, n: int, key: int) -> None:
    bead = alignment.beads[n]
    cols = st.columns(4)
    cols[0].button("Merge with previous", key=f"mp-{key}", disabled=n == 0, on_click=apply_edit,
                   args=(job_id, merge_with_previous, (n,), f"Merged bead {n + 1} with the previous one."))
    cols[1].button("Merge with next", key=f"mn-{key}", disabled=n + 1 >= len(alignment.beads), on_click=apply_edit,
                   args=(job_id, merge_with_next, (n,), f"Merged bead {n + 1} with the next one."))
    if len(bead.src) + len(bead.tgt) > 1:
        with cols[2]:
            a = st.number_input("Arabic sentences in part 1", 0, len(bead.src), min(1, len(bead.src)), key=f"sa-{key}")
            b = st.number_input("English sentences in part 1", 0, len(bead.tgt), min(1, len(bead.tgt)), key=f"sb-{key}")
        with cols[3]:
            st.button("Split", key=f"sp-{key}", on_click=apply_edit,
                      args=(job_id, split_bead, (n, a, b), f"Split bead {n + 1} in two."))
    for side in ("src", "tgt"):
        indices = getattr(bead, side)
        if not indices:
            continue
        label = SIDE_LABEL[side]
        cols = st.columns(4)
        cols[0].button(f"First {label} sentence → previous bead", key=f"vp-{side}-{key}", disabled=n == 0,
                       on_click=apply_edit, args=(job_id, move_sentence, (n, side, "previous"),
                                                  f"Moved {label} sentence {indices[0] + 1} to the previous bead."))
        cols[1].button(f"Last {label} sentence → next bead", key=f"vn-{side}-{key}",
                       disabled=n + 1 >= len(alignment.beads),
                       on_click=apply_edit, args=(job_id, move_sentence, (n, side, "next"),
                                                  f"Moved {label} sentence {indices[-1] + 1} to the next bead."))
        other = bead.tgt if side == "src" else bead.src
        if other:
            what = "omitted" if side == "src" else "added"
            for col, index in zip(cols[2:], dict.fromkeys((indices[0], indices[-1]))):
                col.button(f"Mark {label} sentence {index + 1} {what}", key=f"un-{side}-{index}-{key}",
                           on_click=apply_edit, args=(job_id, mark_unpaired, (n, side, index),
                                                      f"Marked {label} sentence {index + 1} {what}."))


def toggle_fix(key: int) -> None:
    st.session_state.fixing = None if st.session_state.get("fixing") == key else key
