"""The review loop: the queue (next flagged & unreviewed, auto-advance after
a verdict), search, filters, keyboard shortcuts, bead cards or a dense grid,
alignment fixes and their undo.

The *cursor* is the bead the shortcuts act on; it is outlined, and every
move of it (a shortcut, a jump from the summary, the advance after a
verdict) scrolls it into the window.  A comment and a verdict given together
are one save, and a save is based on the version this session last wrote,
so a reviewer's own edits never conflict with each other.
"""
from __future__ import annotations

import json
import math
import threading

import streamlit as st

from align.formats.html import bead_text_html, flag_html, sentence_numbers, sorted_flags, table_html
from align.review import advance, filter_beads, filter_choices, next_in_queue, search, step
from align.store import BeadRow, ConflictError, StoreError
from ui.fixes import fix_panel, toggle_fix, undo_edit
from ui.safe import md
from ui.session import NO_REVIEWER, flash, flash_elsewhere, get_store, move_cursor, reviewer, show_flash, turn_page

PAGE_SIZE = 10  # cards per page: each card is a dozen widgets, and a rerun draws them all
GRID_PAGE_SIZE = 60  # grid rows per page
SEVERITY_HUE = {"error": 0, "warning": 35}

#: (what it does, key): Streamlit reserves C and R.
SHORTCUTS = (
    ("Next flagged & unreviewed bead", "N"),
    ("Next bead", "J"),
    ("Previous bead", "K"),
    ("OK on the current bead (then the next one)", "O"),
    ("Needs fix on the current bead (then the next one)", "F"),
    ("Accept the current run of omissions (the comment is the reason)", "A"),
    ("Write a comment on the current bead", "M"),
    ("Undo the last alignment fix", "U"),
)
KEY = {what.split(" (")[0]: key for what, key in SHORTCUTS}


# -- the view ---------------------------------------------------------------------
def jump_to_sentence(alignment, sentence: int) -> None:
    """Open the review on the bead holding Arabic sentence ``sentence`` (0-based)."""
    for n, bead in enumerate(alignment.beads):
        if sentence in bead.src:
            st.session_state.update(view="Review", flt="All", search="")
            move_cursor(n, jumped=True)
            return


def shown_beads(alignment) -> list[int]:
    """The beads the filter and the search let through, in order."""
    return search(alignment, st.session_state.get("search", ""),
                  filter_beads(alignment, st.session_state.get("flt", "All")))


def go_to_bead() -> None:
    """Make the bead numbered in the box current (showing all beads if the
    view hides it)."""
    number = st.session_state.get("goto_bead")
    if number is None:
        return
    _, alignment = st.session_state.shown
    if number - 1 not in shown_beads(alignment):
        st.session_state.update(flt="All", search="")
    move_cursor(int(number) - 1, jumped=True)


def refilter() -> None:
    """A new filter or search: stay with the current bead if the view still
    shows it, else start at the view's first page."""
    _, alignment = st.session_state.shown
    if st.session_state.get("cursor") in shown_beads(alignment):
        move_cursor(st.session_state.cursor)
    else:
        turn_page(1)


# -- saving ---------------------------------------------------------------------
# Leaving the comment box for a verdict button sends two reruns, the box's
# then the click's.  Streamlit's fast reruns start the click's run at once, in
# a new thread, and stop the box's run at its next st.* call: the verdict can
# be saved while the comment is still being written, and the comment's run
# can be cut short between writing and noting the version it wrote.  Either
# way the verdict was based on the version before the comment and conflicted
# with the reviewer's own save.  So a save holds SAVING from reading the
# version it is based on until it has noted the one it wrote, and notes it in
# a dict it already holds, with no st.* call in between.
SAVING = threading.Lock()  # one save at a time in this server (the store writes one at a time anyway)


def written_versions() -> dict[int, int]:
    """The version of each bead this session wrote last."""
    return st.session_state.setdefault("written", {})


def based_on(key: int, loaded: int) -> int:
    """The version a save of bead ``key`` is based on: the newer of the one
    drawn and the one this session wrote last (a comment saved on blur and
    a verdict clicked with it must not conflict with each other)."""
    return max(loaded, written_versions().get(key, -1))


def comment_key(key: int) -> str:
    return f"comment-{key}"


def save_bead(job_id: int, n: int, key: int, version: int, verdict: str | None, stored_comment: str) -> bool:
    """Save bead ``n``'s verdict with the comment in its box (the stored
    comment when its box is not on the page); say so next to the bead."""
    name = reviewer()
    if not name:
        flash("warning", NO_REVIEWER, key)
        return False
    comment = st.session_state.get(comment_key(key), stored_comment)
    store, written = get_store(), written_versions()
    with SAVING:
        try:
            new = store.save_verdict(job_id, key, verdict, comment, name, based_on(key, version))
        except ConflictError as exc:
            note = f" Your comment was: “{comment}”." if comment else ""
            flash("warning", f"Bead {n + 1} not saved: {exc}.{note}", key)
            return False
        except StoreError as exc:
            flash("error", f"Bead {n + 1} not saved: {exc}", key)
            return False
        written[key] = new  # before any st.* call: see SAVING
    return True


def give_verdict(job_id: int, n: int, key: int, version: int, verdict: str | None, stored_comment: str) -> None:
    if not save_bead(job_id, n, key, version, verdict, stored_comment):
        move_cursor(n)
        return
    label = {"ok": "OK", "needs_fix": "needs fix", None: "verdict taken back"}[verdict]
    flash("toast", f"Bead {n + 1}: {label}")
    if verdict is not None:
        after_verdict(range(n, n + 1), verdict)


def after_verdict(beads: range, verdict: str) -> None:
    """Auto-advance: on to the next bead of the view without a verdict
    (with the Flagged filter, the next bead of the review queue)."""
    _, alignment = st.session_state.shown
    for k in beads:  # as saved: the drawn copy is what the view is computed from
        alignment.beads[k].verdict = verdict
    nxt = advance(alignment, shown_beads(alignment), beads.stop - 1)
    move_cursor(beads.start if nxt is None else nxt)


def save_comment(job_id: int, n: int, key: int, version: int, verdict: str | None, stored_comment: str) -> None:
    # a verdict clicked in the same run saves the comment with it: one save
    clicked = [f"ok-{key}", f"needs_fix-{key}", f"accept-{key}"]
    if st.session_state.get("cursor") == n:
        clicked += ["kb-ok", "kb-fix", "kb-accept"]
    if any(st.session_state.get(k) for k in clicked):
        return
    if save_bead(job_id, n, key, version, verdict, stored_comment):
        flash("toast", f"Comment on bead {n + 1} saved")


def accept_omissions(job_id: int, n: int) -> None:
    """Accept the run of omissions around bead ``n`` as deliberate, the
    comment being the reason."""
    job, alignment = st.session_state.shown
    key = job.rows[n].key
    reason = st.session_state.get(comment_key(key), alignment.beads[n].comment).strip()
    name = reviewer()
    if not name:
        flash("warning", NO_REVIEWER, key)
        return
    if not reason:
        flash("warning", "Write the reason for leaving these sentences out in the comment box first.", key)
        move_cursor(n)
        return
    run = alignment.run_around(n)
    store, written = get_store(), written_versions()
    with SAVING:
        rows = [BeadRow(r.key, based_on(r.key, r.version)) for r in job.rows[run.start:run.stop]]
        try:
            versions = store.save_verdicts(job_id, rows, "ok", reason, name)
        except StoreError as exc:  # ConflictError included
            flash("warning", f"Not accepted: {exc}. Your reason was: “{reason}”.", key)
            return
        written.update({r.key: v for r, v in zip(rows, versions)})  # before any st.* call: see SAVING
    flash("toast", f"Accepted {len(run)} omitted bead(s) as deliberate: {reason}")
    after_verdict(run, "ok")


# -- drawing --------------------------------------------------------------------
def side_html(alignment, bead, side: str) -> str:
    """One side of a bead, its bar coloured by the worst flag (red for an
    error, amber for a warning), else by the similarity score."""
    hue = SEVERITY_HUE.get(bead.worst_severity, int(120 * min(max(bead.score, 0.0), 1.0)))
    style = f"--mq-score: hsl({hue}, 65%, 45%); --mq-tint: hsl({hue}, 70%, 97%);"
    attrs = 'class="mq-text mq-ar" dir="rtl" lang="ar"' if side == "src" else 'class="mq-text mq-en" dir="ltr" lang="en"'
    if not alignment.side_text(bead, side):
        body = '<span class="mq-empty">(nothing)</span>' if side == "src" else '<span class="mq-empty">(not translated)</span>'
    else:
        body = bead_text_html(alignment, bead, side)
    return f'<div {attrs} style="{style}">{body}</div>'


def bead_caption(bead, n: int) -> str:
    verdict = {"ok": "✅ OK", "needs_fix": "🛠 needs fix", None: "unreviewed"}[bead.verdict]
    by = f" by {md(bead.reviewer)} at {md(bead.reviewed_at)}" if bead.reviewer else ""
    return (f"Bead {n + 1} · {sentence_numbers(bead, 'Arabic sentence', 'English sentence')} · "
            f"{bead.kind} {bead.shape} · score {bead.score:.2f} · {verdict}{by}")


def bead_actions(job, alignment, n: int) -> None:
    """Comment box and verdict buttons of bead ``n``."""
    bead, row = alignment.beads[n], job.rows[n]
    box = comment_key(row.key)
    # the box shows the stored comment unless this session has it open: a
    # comment saved elsewhere replaces what this page last drew
    seen = st.session_state.setdefault("comment_seen", {})
    if box not in st.session_state or seen.get(row.key) != bead.comment:
        st.session_state[box] = bead.comment
        seen[row.key] = bead.comment
    args = (job.id, n, row.key, row.version)
    st.text_input("Comment", key=box, label_visibility="collapsed", placeholder="Comment",
                  on_change=save_comment, args=(*args, bead.verdict, bead.comment))
    c1, c2 = st.columns(2)
    for col, value, label in ((c1, "ok", "OK"), (c2, "needs_fix", "Needs fix")):
        # clicking the verdict already given takes it back
        col.button(label, key=f"{value}-{row.key}", width="stretch",
                   type="primary" if bead.verdict == value else "secondary", on_click=give_verdict,
                   args=(*args, None if bead.verdict == value else value, bead.comment))
    if bead.kind == "omission":
        run = alignment.run_around(n)
        st.button(f"Accept omission{'s' if len(run) > 1 else ''} ({len(run)} bead{'s' if len(run) > 1 else ''})",
                  key=f"accept-{row.key}", help="Mark this run of untranslated Arabic as deliberately "
                  "left out; the comment is the reason.", on_click=accept_omissions, args=(job.id, n))
    st.button("Fix alignment", icon=":material/call_split:", key=f"fix-{row.key}", type="tertiary",
              on_click=toggle_fix, args=(row.key,))


def cursor_marker(n: int) -> None:
    what = "jumped here" if st.session_state.get("jumped") else "current bead"
    st.html(f'<div id="mq-cursor-{st.session_state.get("scroll", 0)}" class="mq-focus">Bead {n + 1} — {what}</div>')


def bead_card(job, alignment, n: int) -> None:
    bead, row = alignment.beads[n], job.rows[n]
    with st.container(border=True, key=f"bead-{row.key}"):
        if st.session_state.get("cursor") == n:
            cursor_marker(n)
        st.caption(bead_caption(bead, n))
        show_flash(row.key)
        ar, en, actions = st.columns([5, 5, 3])
        with ar:
            st.html(side_html(alignment, bead, "src"))
        with en:
            st.html(side_html(alignment, bead, "tgt"))
        with actions:
            bead_actions(job, alignment, n)
        if bead.flags:
            st.html("".join(flag_html(f) for f in sorted_flags(bead)))
        if st.session_state.get("fixing") == row.key:
            fix_panel(job.id, alignment, n, row.key)


def act_on_cursor(job_id: int, action: str) -> None:
    """A toolbar shortcut on the current bead."""
    job, alignment = st.session_state.shown
    n = st.session_state.get("cursor")
    if n is None or n >= len(alignment.beads):
        flash("info", "No current bead: press N for the next flagged one.")
        return
    row, bead = job.rows[n], alignment.beads[n]
    if action == "accept":
        if bead.kind != "omission":
            flash("info", f"Bead {n + 1} is not an omission.", row.key)
            return
        accept_omissions(job_id, n)
    elif action == "comment":
        st.session_state.focus_comment = True
        move_cursor(n)
    else:
        give_verdict(job_id, n, row.key, row.version, action, bead.comment)


def go(where: str) -> None:
    _, alignment = st.session_state.shown
    cursor = st.session_state.get("cursor")
    if where == "queue":
        n = next_in_queue(alignment, cursor)
        if n is None:
            flash("info", "No flagged bead is waiting for a verdict.")
            return
        if st.session_state.get("flt") not in ("All", "Flagged") or st.session_state.get("search"):
            st.session_state.update(flt="Flagged", search="")
    else:
        n = step(shown_beads(alignment), cursor, 1 if where == "next" else -1)
    if n is not None:
        move_cursor(n)


def toolbar(job, alignment) -> None:
    no_cursor = st.session_state.get("cursor") is None
    last = get_store().can_undo(job.id)
    with st.container(horizontal=True, key="toolbar"):
        st.button("Next flagged", key="kb-queue", shortcut=KEY["Next flagged & unreviewed bead"],
                  type="primary", on_click=go, args=("queue",), icon=":material/flag:")
        st.button("Previous", key="kb-prev", shortcut=KEY["Previous bead"], on_click=go, args=("previous",))
        st.button("Next", key="kb-next", shortcut=KEY["Next bead"], on_click=go, args=("next",))
        st.button("OK", key="kb-ok", shortcut=KEY["OK on the current bead"], disabled=no_cursor,
                  on_click=act_on_cursor, args=(job.id, "ok"))
        st.button("Needs fix", key="kb-fix", shortcut=KEY["Needs fix on the current bead"], disabled=no_cursor,
                  on_click=act_on_cursor, args=(job.id, "needs_fix"))
        st.button("Accept omission", key="kb-accept", disabled=no_cursor,
                  shortcut=KEY["Accept the current run of omissions"], on_click=act_on_cursor,
                  args=(job.id, "accept"))
        st.button("Comment", key="kb-comment", shortcut=KEY["Write a comment on the current bead"],
                  disabled=no_cursor, on_click=act_on_cursor, args=(job.id, "comment"))
        st.button("Undo fix", key="kb-undo", shortcut=KEY["Undo the last alignment fix"], disabled=last is None,
                  icon=":material/undo:", on_click=undo_edit, args=(job.id,),
                  help=f"Undo: {md(last.detail)} ({md(last.beads)})" if last else "No alignment fix to undo")
        with st.popover("Keys", icon=":material/keyboard:"):
            st.markdown("**Keyboard shortcuts** (when no text box has the cursor)\n\n"
                        + "\n".join(f"- **{key}** — {what}" for what, key in SHORTCUTS))


def scroll_script(grid_row: str | None, focus_comment: str | None) -> None:
    """Scroll the current bead's card to the middle of the window (in grid
    mode: its row into the grid's box, the card to the top) and put the
    caret in its comment box if asked, once per move: the nonce in the
    script makes it a new element, which the browser runs again."""
    nonce = st.session_state.get("scroll", 0)
    card, row, box = (json.dumps(s or "") for s in (f"#mq-cursor-{nonce}", grid_row, focus_comment))
    st.html(
        f"<script>/* move {nonce} */ (function () {{ var tries = 0; (function look() {{"
        f" var card = document.querySelector({card});"
        f" if (!card) {{ if (tries++ < 40) setTimeout(look, 50); return; }}"
        f" var row = {row} && document.querySelector({row});"
        f" if (row) {{ row.scrollIntoView({{block: 'nearest'}}); card.scrollIntoView({{block: 'start'}}); }}"
        f" else card.scrollIntoView({{block: 'center'}});"
        f" var box = {box} && document.querySelector({box}); if (box) box.focus(); }})(); }})();</script>",
        unsafe_allow_javascript=True,
    )


def review_view(job, alignment) -> None:
    options = filter_choices(alignment)
    if st.session_state.get("flt") not in options:
        st.session_state.flt = "All"
    top = st.columns([2, 3, 1.1, 1.3], vertical_alignment="bottom")
    top[0].selectbox("Show", options, key="flt", on_change=refilter,
                     help="Flagged: beads with a warning or error and no verdict yet")
    top[1].text_input("Search Arabic or English", key="search", on_change=refilter,
                      placeholder="Search (Arabic ignores diacritics, tatweel and hamza forms)")
    top[2].number_input("Go to bead", 1, max(1, len(alignment.beads)), value=None, key="goto_bead",
                        on_change=go_to_bead, placeholder="#")
    top[3].toggle("Dense grid", key="grid", help="One row per bead, Arabic on the left")
    toolbar(job, alignment)
    messages = st.container()
    shown = shown_beads(alignment)
    cursor = st.session_state.get("cursor")
    if cursor is not None and cursor >= len(alignment.beads):
        cursor = st.session_state.cursor = None
    size = GRID_PAGE_SIZE if st.session_state.get("grid") else PAGE_SIZE
    pages = max(1, math.ceil(len(shown) / size))
    if st.session_state.pop("follow", False) and cursor in shown:
        turn_page(shown.index(cursor) // size + 1)
    st.caption(f"{len(shown)} of {len(alignment.beads)} beads")
    page = st.pagination(pages, default=min(st.session_state.get("page_target", 1), pages),
                         key=f"page-{st.session_state.get('page_nonce', 0)}", max_visible_pages=9)
    on_page = shown[(page - 1) * size: page * size]
    focus = None
    if st.session_state.get("grid"):
        # the current bead's card, then the grid scrolling in its own box
        if cursor is not None:
            bead_card(job, alignment, cursor)
        with st.container(height=560, key="grid-box"):
            st.html(table_html(alignment, on_page, dense=True, cursor=cursor))
        row = "tr.cursor"
    else:
        ar, en, _ = st.columns([5, 5, 3])
        ar.html('<div dir="rtl" lang="ar" style="text-align: right"><b>النص العربي</b> — Arabic original</div>')
        en.markdown("**English translation**")
        for n in on_page:
            bead_card(job, alignment, n)
        row = None
    if pages > 1:
        st.caption(f"Page {page} of {pages}")
    if cursor is not None and st.session_state.pop("focus_comment", False):
        focus = f".st-key-{comment_key(job.rows[cursor].key)} input"
    with messages:
        flash_elsewhere()
    if focus or cursor is not None and st.session_state.get("scrolled") != st.session_state.get("scroll"):
        st.session_state.scrolled = st.session_state.get("scroll")
        scroll_script(row, focus)
