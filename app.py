"""Muqabala review app: open a job, align, review side by side, fix, export.

A thin Streamlit layer — layout and session state only.  Reading, language
checks, aligning, fidelity checks, alignment fixes, the review store and the
exporters all live in ``align/``.  Run with ``streamlit run app.py``; the
review store is ``$MUQABALA_STORE`` (see :mod:`align.store`).

Heavy modules (the encoder, the readers) are imported when first needed so
that the first screen appears at once.
"""
from __future__ import annotations

import html
import math
import re
import sys
from pathlib import Path

import streamlit as st

from align.edit import EditError, mark_unpaired, merge_with_next, merge_with_previous, move_sentence, split_bead
from align.errors import InputError
from align.store import STATUSES, ConflictError, ReviewStore, StoreError

DEMO = Path(__file__).resolve().parent / "samples" / "demo"
PAGE_SIZE = 25
MAP_COLUMNS = 40
STAGES = ("reading", "segmenting", "encoding", "aligning", "checking")
SIDE_LABEL = {"src": "Arabic", "tgt": "English"}
MAP_COLOURS = {"translated": "#4caf50", "flagged": "#ff9800", "omitted": "#e53935"}

CSS = """
<style>
.mq-text {padding: .35rem .6rem; border-left: 6px solid var(--mq-score); border-radius: 4px;
          background: var(--mq-tint); line-height: 1.7; min-height: 2.2rem;}
.mq-ar {font-family: "Noto Naskh Arabic", "Amiri", "Scheherazade New", "Arabic Typesetting",
        "Traditional Arabic", serif; font-size: 1.25rem; text-align: right;
        border-left: none; border-right: 6px solid var(--mq-score);}
.mq-empty {color: #888; font-style: italic;}
.mq-text mark {background: #ffd54f; padding: 0 .1em; border-radius: 2px;}
.mq-text mark.error {background: #f5a3ab;} .mq-text mark.info {background: #bcd8f5;}
.mq-text ins {text-decoration: none; color: #5e35b1; background: #ede7f6; border-radius: 2px;}
.mq-flag {font-size: .85rem; margin: .1rem 0;}
.mq-error {color: #c62828;} .mq-warning {color: #e65100;} .mq-info {color: #1565c0;}
.mq-focus {outline: 3px solid #1e88e5; border-radius: 6px; padding: 2px;}
</style>
"""


# -- resources and session ---------------------------------------------------
@st.cache_resource(show_spinner="Loading the sentence encoder…")
def get_encoder():
    from align.encoders import load_encoder

    return load_encoder()


def get_store() -> ReviewStore:
    if "store" not in st.session_state:
        st.session_state.store = ReviewStore()
    return st.session_state.store


def flash(kind: str, message: str) -> None:
    """Keep a message for the next run (callbacks run before the page is drawn)."""
    st.session_state.setdefault("flash", []).append((kind, message))


def show_flash() -> None:
    for kind, message in st.session_state.pop("flash", []):
        getattr(st, kind)(message)


def reviewer() -> str:
    return st.session_state.get("reviewer", "").strip()


def open_job(job_id: int | None) -> None:
    st.session_state.job = job_id
    for key in ("page_target", "focus", "fixing", "export_bytes"):
        st.session_state.pop(key, None)
    st.session_state.flt = "All"
    st.session_state.view = "Summary"
    if job_id is None:
        st.query_params.pop("job", None)
    else:
        st.query_params["job"] = str(job_id)


# -- opening a job -----------------------------------------------------------
def read_side(side: str) -> tuple[str, str]:
    """The text of one side (an upload wins over pasted text) and its name."""
    upload = st.session_state.get(f"{side}_file")
    if upload is None:
        return st.session_state.get(f"{side}_text", ""), "pasted text"
    from align.readers import read_bytes

    try:
        document = read_bytes(upload.getvalue(), upload.name)
    except InputError as exc:
        st.error(str(exc))
        return "", upload.name
    except Exception as exc:  # a reader's bug must not cost the reviewer the page
        st.error(f"{upload.name}: could not be read ({type(exc).__name__}: {exc})")
        return "", upload.name
    for warning in document.warnings:
        st.info(warning)
    return document.text, upload.name


def language_note(text: str) -> None:
    if text.strip():
        from align.language import detect_language

        guess = detect_language(text)
        st.caption(f"Detected language: **{guess.name}** ({guess.code})")


def run_alignment(store: ReviewStore, src_text: str, tgt_text: str, src_name: str, tgt_name: str,
                  name: str) -> None:
    from align.pipeline import align_texts

    with st.status("Aligning…", expanded=True) as status:
        bar = st.progress(0.0, text="Reading")

        def progress(stage: str, fraction: float) -> None:
            step = STAGES.index(stage) if stage in STAGES else 0
            overall = (step + min(max(fraction, 0.0), 1.0)) / len(STAGES)
            bar.progress(overall, text=f"{stage.capitalize()} ({step + 1}/{len(STAGES)})")

        progress("reading", 1.0)
        try:
            encoder = get_encoder()
            alignment = align_texts(src_text, tgt_text, encoder=encoder, progress=progress,
                                    src_name=src_name, tgt_name=tgt_name,
                                    press=st.session_state.get("press", True))
            job_id = store.create_job(alignment, name, src_name=src_name, tgt_name=tgt_name,
                                      reviewer=reviewer())
        except InputError as exc:
            status.update(label="Could not align", state="error")
            st.error(str(exc))
            return
        status.update(label=f"Aligned: {len(alignment.beads)} beads", state="complete")
    open_job(job_id)
    st.rerun()


DEMO_JOB = "Demo: NTREX article"


def open_demo(store: ReviewStore) -> None:
    texts = {side: (DEMO / f).read_text(encoding="utf-8") for side, f in (("src", "ar.txt"), ("tgt", "en.txt"))}
    run_alignment(store, texts["src"], texts["tgt"], "demo/ar.txt", "demo/en.txt", DEMO_JOB)


def open_screen(store: ReviewStore) -> None:
    st.title("Muqabala — translation review")
    st.write("Open a job: an Arabic original and its English translation, uploaded or pasted.")
    if (DEMO / "ar.txt").exists() and (DEMO / "en.txt").exists():
        demo = st.button("Open the demo pair", key="demo", icon=":material/auto_stories:")
    else:
        demo = False
    from align.readers import SUPPORTED

    cols = st.columns(2)
    texts, names = {}, {}
    for col, side in zip(cols, ("src", "tgt")):
        with col:
            st.subheader("Arabic original" if side == "src" else "English translation")
            st.file_uploader(f"Upload the {SIDE_LABEL[side]} file", key=f"{side}_file",
                             help=f"Supported: {SUPPORTED}")
            st.text_area(f"…or paste the {SIDE_LABEL[side]} text", key=f"{side}_text", height=200)
            texts[side], names[side] = read_side(side)
            language_note(texts[side])
    ready = bool(texts["src"].strip() and texts["tgt"].strip())
    if ready:
        from align.language import check_pair

        for issue in check_pair(texts["src"], texts["tgt"]):
            (st.error if issue.severity == "error" else st.warning)(issue)
            ready = ready and issue.severity != "error"
    default_name = names["src"] if names["src"] != "pasted text" else "Untitled"
    name = st.text_input("Job name", key="job_name", placeholder=default_name) or default_name
    st.checkbox("Press translation", value=True, key="press",
                help="Recognise the editor's apparatus of a published press translation — introduction, "
                     "subheadings, [bracketed] insertions, footnotes, closing lines — as editorial, not as "
                     "additions. Turn off for a plain translation.")
    go = st.button("Align", type="primary", key="align", disabled=not ready)
    if demo:
        open_demo(store)
    elif go:
        run_alignment(store, texts["src"], texts["tgt"], names["src"], names["tgt"], name)


# -- the open job -------------------------------------------------------------
def sentence_states(alignment) -> list[str]:
    """One cell state per Arabic sentence, for the coverage map."""
    states = [""] * len(alignment.src)
    for bead in alignment.beads:
        if bead.kind == "omission":
            state = "omitted"
        elif bead.flagged:
            state = "flagged"
        else:
            state = "translated"
        for i in bead.src:
            states[i] = state
    return states


def turn_page(page: int) -> None:
    """Show ``page``: a new pagination widget, since a widget's value cannot
    be set from outside once it exists."""
    st.session_state.page_target = page
    st.session_state.page_nonce = st.session_state.get("page_nonce", 0) + 1


def jump_to_sentence(alignment, sentence: int) -> None:
    for n, bead in enumerate(alignment.beads):
        if sentence in bead.src:
            st.session_state.update(view="Review", flt="All", focus=n)
            turn_page(n // PAGE_SIZE + 1)
            return


def on_map_select(alignment) -> None:
    points = st.session_state.covmap.selection.get("cell", [])
    if points:
        jump_to_sentence(alignment, int(points[0]["sentence"]) - 1)


def summary_view(alignment) -> None:
    import altair as alt
    import pandas as pd
    from align.fidelity import summarize

    summary = summarize(alignment)
    cols = st.columns(5)
    cols[0].metric("Arabic sentences translated", f"{summary.sentence_coverage:.0%}",
                   help=f"{summary.translated_sentences} of {summary.src_sentences}")
    cols[1].metric("Arabic characters translated", f"{summary.coverage:.0%}",
                   help=f"{summary.translated_chars:,} of {summary.src_chars:,}")
    cols[2].metric("Omitted Arabic sentences", summary.omitted_sentences,
                   help=f"{summary.omitted_accepted_sentences} of them accepted as deliberate omissions")
    cols[3].metric("Added English sentences", summary.added_sentences,
                   help=f"besides {summary.editorial_lines} editorial lines (introduction, subheadings, notes)")
    cols[4].metric("Flagged beads", f"{summary.flagged_beads} of {summary.beads}")
    st.caption(
        f"Arabic: {summary.translated_sentences} sentences translated, "
        f"{summary.omitted_accepted_sentences} deliberately omitted, "
        f"{summary.omitted_sentences - summary.omitted_accepted_sentences} omitted and not yet accepted. "
        f"English: {summary.editorial_lines} editorial lines, {summary.added_sentences} additions."
    )
    if summary.flags_by_kind:
        st.write("**Flags by kind:** " + " · ".join(f"{k} {v}" for k, v in sorted(summary.flags_by_kind.items())))
    for warning in alignment.meta.get("warnings", []):
        st.warning(warning)

    st.subheader("Coverage of the Arabic document")
    states = sentence_states(alignment)
    cells = pd.DataFrame({
        "sentence": range(1, len(states) + 1),
        "row": [i // MAP_COLUMNS for i in range(len(states))],
        "column": [i % MAP_COLUMNS for i in range(len(states))],
        "state": states,
        "text": [s.text[:80] for s in alignment.src],
    })
    cell = alt.selection_point(name="cell", fields=["sentence"], on="click")
    chart = (
        alt.Chart(cells)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("column:O", axis=None, scale=alt.Scale(domain=list(range(MAP_COLUMNS)))),
            y=alt.Y("row:O", axis=None),
            color=alt.Color("state:N", scale=alt.Scale(domain=list(MAP_COLOURS), range=list(MAP_COLOURS.values())),
                            legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["sentence", "state", "text"],
        )
        .properties(height=alt.Step(16))
        .add_params(cell)
    )
    st.altair_chart(chart, key="covmap", on_select=lambda: on_map_select(alignment), selection_mode="cell")
    cols = st.columns([2, 1, 5])
    cols[0].number_input("Go to Arabic sentence", 1, max(1, len(alignment.src)), key="goto")
    cols[1].button("Go", key="go", on_click=lambda: jump_to_sentence(alignment, st.session_state.goto - 1))

    st.subheader("Pair similarity")
    scores = pd.DataFrame({"score": [b.score for b in alignment.beads if b.kind == "pair"]})
    st.altair_chart(
        alt.Chart(scores).mark_bar().encode(
            x=alt.X("score:Q", bin=alt.Bin(maxbins=25), title="similarity score"),
            y=alt.Y("count()", title="beads"),
        ).properties(height=180)
    )


def side_html(alignment, bead, side: str) -> str:
    text = alignment.side_text(bead, side)
    hue = int(120 * min(max(bead.score, 0.0), 1.0))
    style = f"--mq-score: hsl({hue}, 65%, 45%); --mq-tint: hsl({hue}, 70%, 97%);"
    attrs = 'class="mq-text mq-ar" dir="rtl" lang="ar"' if side == "src" else 'class="mq-text mq-en" dir="ltr" lang="en"'
    if not text:
        body = '<span class="mq-empty">(nothing)</span>' if side == "src" else '<span class="mq-empty">(not translated)</span>'
    else:
        from align.formats.html import bead_text_html

        body = bead_text_html(alignment, bead, side)
    return f'<div {attrs} style="{style}">{body}</div>'


def filtered(alignment, choice: str) -> list[int]:
    beads = alignment.beads
    if choice == "Flagged":
        return [n for n, b in enumerate(beads) if b.flagged]
    if choice == "Unreviewed":
        return [n for n, b in enumerate(beads) if b.verdict is None]
    if choice == "Needs fix":
        return [n for n, b in enumerate(beads) if b.verdict == "needs_fix"]
    if choice.startswith("Flag: "):
        kind = choice[len("Flag: "):]
        return [n for n, b in enumerate(beads) if any(f.kind == kind for f in b.flags)]
    return list(range(len(beads)))


def save_verdict(job_id: int, n: int, key: int, version: int, verdict: str | None, comment_key: str) -> None:
    if not reviewer():
        flash("warning", "Enter your name in the sidebar first: every verdict carries its reviewer.")
        return
    comment = st.session_state.get(comment_key, "")
    try:
        get_store().save_verdict(job_id, key, verdict, comment, reviewer(), version)
    except ConflictError as exc:
        note = f" Your comment was: “{comment}”." if comment else ""
        flash("warning", f"Bead {n + 1} not saved: {exc}.{note}")
    except StoreError as exc:
        flash("error", f"Bead {n + 1} not saved: {exc}")


def accept_omissions(job_id: int, run: range, comment_key: str) -> None:
    """Accept a run of omissions as deliberate, the comment being the reason."""
    reason = st.session_state.get(comment_key, "").strip()
    if not reviewer():
        flash("warning", "Enter your name in the sidebar first: every verdict carries its reviewer.")
        return
    if not reason:
        flash("warning", "Write the reason for leaving these sentences out in the comment box first.")
        return
    job, _ = st.session_state.shown
    try:
        get_store().save_verdicts(job_id, job.rows[run.start:run.stop], "ok", reason, reviewer())
    except StoreError as exc:  # ConflictError included
        flash("warning", f"Not accepted: {exc}. Your reason was: “{reason}”.")
        return
    flash("success", f"Accepted {len(run)} omitted bead(s) as deliberate: {reason}")


def apply_edit(job_id: int, op, args: tuple, label: str) -> None:
    """Make a fix on the alignment as the reviewer saw it, re-score only the
    beads it touched, and save those beads in one transaction."""
    job, alignment = st.session_state.shown
    try:
        edit = op(alignment, *args)
        from align.pipeline import rescore

        rescore(edit.alignment, edit.affected, get_encoder())
        rows = get_store().replace_beads(job_id, edit.old, edit.alignment, edit.new,
                                         job.rows[edit.old.start:edit.old.stop], reviewer=reviewer())
    except EditError as exc:
        flash("error", str(exc))
        return
    except ConflictError as exc:
        flash("warning", f"Not changed: {exc}")
        return
    except StoreError as exc:
        flash("error", f"Not changed: {exc}")
        return
    st.session_state.fixing = rows[0].key
    st.session_state.focus = edit.new.start
    flash("success", label)


def fix_panel(job_id: int, alignment, n: int, key: int) -> None:
    bead = alignment.beads[n]
    k = f"{key}"
    cols = st.columns(4)
    cols[0].button("Merge with previous", key=f"mp-{k}", disabled=n == 0,
                   on_click=apply_edit, args=(job_id, merge_with_previous, (n,), f"Merged bead {n + 1} with the previous one."))
    cols[1].button("Merge with next", key=f"mn-{k}", disabled=n + 1 >= len(alignment.beads),
                   on_click=apply_edit, args=(job_id, merge_with_next, (n,), f"Merged bead {n + 1} with the next one."))
    if len(bead.src) + len(bead.tgt) > 1:
        with cols[2]:
            a = st.number_input("Arabic sentences in part 1", 0, len(bead.src), min(1, len(bead.src)), key=f"sa-{k}")
            b = st.number_input("English sentences in part 1", 0, len(bead.tgt), min(1, len(bead.tgt)), key=f"sb-{k}")
        with cols[3]:
            st.button("Split", key=f"sp-{k}", on_click=apply_edit,
                      args=(job_id, split_bead, (n, a, b), f"Split bead {n + 1} in two."))
    for side in ("src", "tgt"):
        indices = getattr(bead, side)
        if not indices:
            continue
        label = SIDE_LABEL[side]
        cols = st.columns(4)
        cols[0].button(f"First {label} sentence → previous bead", key=f"vp-{side}-{k}", disabled=n == 0,
                       on_click=apply_edit, args=(job_id, move_sentence, (n, side, "previous"),
                                                  f"Moved {label} sentence {indices[0] + 1} to the previous bead."))
        cols[1].button(f"Last {label} sentence → next bead", key=f"vn-{side}-{k}",
                       disabled=n + 1 >= len(alignment.beads),
                       on_click=apply_edit, args=(job_id, move_sentence, (n, side, "next"),
                                                  f"Moved {label} sentence {indices[-1] + 1} to the next bead."))
        other = bead.tgt if side == "src" else bead.src
        if other:
            what = "omitted" if side == "src" else "added"
            for col, index in zip(cols[2:], dict.fromkeys((indices[0], indices[-1]))):
                col.button(f"Mark {label} sentence {index + 1} {what}", key=f"un-{side}-{index}-{k}",
                           on_click=apply_edit, args=(job_id, mark_unpaired, (n, side, index),
                                                      f"Marked {label} sentence {index + 1} {what}."))


def toggle_fix(key: int) -> None:
    st.session_state.fixing = None if st.session_state.get("fixing") == key else key


def bead_row(job, alignment, n: int) -> None:
    bead, row = alignment.beads[n], job.rows[n]
    focused = st.session_state.get("focus") == n
    with st.container(border=True, key=f"bead-{row.key}"):
        if focused:
            st.markdown(f'<div id="focus" class="mq-focus">Bead {n + 1} — jumped here</div>', unsafe_allow_html=True)
        src = f"ar {bead.src[0] + 1}–{bead.src[-1] + 1}" if len(bead.src) > 1 else (
            f"ar {bead.src[0] + 1}" if bead.src else "no Arabic")
        verdict = {"ok": "✅ OK", "needs_fix": "🛠 needs fix", None: "unreviewed"}[bead.verdict]
        by = f" by {bead.reviewer} at {bead.reviewed_at}" if bead.reviewer else ""
        st.caption(f"Bead {n + 1} · {src} · {bead.kind} {bead.shape} · score {bead.score:.2f} · {verdict}{by}")
        en, ar, actions = st.columns([5, 5, 3])
        ar.markdown(side_html(alignment, bead, "src"), unsafe_allow_html=True)
        en.markdown(side_html(alignment, bead, "tgt"), unsafe_allow_html=True)
        if bead.flags:
            st.markdown("".join(
                f'<div class="mq-flag mq-{html.escape(f.severity)}"><b>{html.escape(f.kind)}</b> '
                f'({html.escape(f.severity)}): {html.escape(f.reason)}</div>' for f in bead.flags
            ), unsafe_allow_html=True)
        with actions:
            # keys carry the version: a bead saved elsewhere gets fresh widgets
            comment_key = f"comment-{row.key}-{row.version}"
            st.text_input("Comment", value=bead.comment, key=comment_key, label_visibility="collapsed",
                          placeholder="Comment", on_change=save_verdict,
                          args=(job.id, n, row.key, row.version, bead.verdict, comment_key))
            c1, c2 = st.columns(2)
            for col, value, label in ((c1, "ok", "OK"), (c2, "needs_fix", "Needs fix")):
                # clicking the verdict already given takes it back
                col.button(label, key=f"{value}-{row.key}", width="stretch",
                           type="primary" if bead.verdict == value else "secondary",
                           on_click=save_verdict,
                           args=(job.id, n, row.key, row.version, None if bead.verdict == value else value,
                                 comment_key))
            if bead.kind == "omission":
                run = alignment.run_around(n)
                st.button(f"Accept omission{'s' if len(run) > 1 else ''} ({len(run)} bead{'s' if len(run) > 1 else ''})",
                          key=f"accept-{row.key}", help="Mark this run of untranslated Arabic as deliberately "
                          "left out; the comment is the reason.", on_click=accept_omissions,
                          args=(job.id, run, comment_key))
            st.button("Fix alignment", icon=":material/call_split:", key=f"fix-{row.key}", type="tertiary",
                      on_click=toggle_fix, args=(row.key,))
        if st.session_state.get("fixing") == row.key:
            fix_panel(job.id, alignment, n, row.key)


def review_view(job, alignment) -> None:
    kinds = sorted({f.kind for b in alignment.beads for f in b.flags})
    options = ["All", "Flagged", "Unreviewed", "Needs fix"] + [f"Flag: {k}" for k in kinds]
    if st.session_state.get("flt") not in options:
        st.session_state.flt = "All"
    st.selectbox("Show", options, key="flt", on_change=lambda: (turn_page(1), st.session_state.update(focus=None)))
    shown = filtered(alignment, st.session_state.flt)
    pages = max(1, math.ceil(len(shown) / PAGE_SIZE))
    st.caption(f"{len(shown)} of {len(alignment.beads)} beads")
    page = st.pagination(pages, default=min(st.session_state.get("page_target", 1), pages),
                         key=f"page-{st.session_state.get('page_nonce', 0)}", max_visible_pages=9)
    en, ar, _ = st.columns([5, 5, 3])
    en.markdown("**English translation**")
    ar.markdown('<div dir="rtl" lang="ar" style="text-align: right"><b>النص العربي</b> — Arabic original</div>',
                unsafe_allow_html=True)
    for n in shown[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]:
        bead_row(job, alignment, n)
    if pages > 1:
        st.caption(f"Page {page} of {pages}")


def export_view(job, alignment) -> None:
    from align.fidelity import summarize
    from align.formats import EXPORT_FORMATS, export_bytes

    fmt = st.selectbox("Format", list(EXPORT_FORMATS), key="export_fmt",
                       format_func=lambda f: f"{f.upper()} ({EXPORT_FORMATS[f]})")
    data, result = export_bytes(alignment, fmt, summary=summarize(alignment))
    st.session_state.export_bytes = data
    for line in result.lines():
        st.caption(line)
    stem = re.sub(r"[^\w.-]+", "_", job.name).strip("_") or f"job{job.id}"
    st.download_button(f"Download {fmt.upper()}", data, file_name=f"{stem}{EXPORT_FORMATS[fmt]}",
                       key="download", type="primary", icon=":material/download:")


def job_screen(store: ReviewStore, job_id: int) -> None:
    try:
        job, alignment = store.load_job(job_id)
    except StoreError as exc:
        st.error(str(exc))
        open_job(None)
        return
    st.session_state.shown = (job, alignment)
    st.title(job.name)
    st.caption(f"Job {job.id} · {job.src_name or 'original'} ({job.src_lang}) → "
               f"{job.tgt_name or 'translation'} ({job.tgt_lang}) · "
               f"{job.reviewed}/{job.beads} beads reviewed · updated {job.updated_at}"
               + (f" by {job.updated_by}" if job.updated_by else ""))
    status_key = f"status-{job.id}-{job.updated_at}"
    st.selectbox("Document status", STATUSES, index=STATUSES.index(job.status), key=status_key,
                 format_func=lambda s: s.replace("_", " "),
                 on_change=lambda: store.set_status(job.id, st.session_state[status_key], reviewer()))
    show_flash()
    view = st.segmented_control("View", ["Summary", "Review", "Export"], key="view",
                                label_visibility="collapsed") or "Summary"
    if view == "Summary":
        summary_view(alignment)
    elif view == "Review":
        review_view(job, alignment)
    else:
        export_view(job, alignment)


def sidebar(store: ReviewStore) -> None:
    with st.sidebar:
        st.text_input("Your name", key="reviewer", placeholder="reviewer name")
        st.button("New job", icon=":material/add:", key="new", on_click=open_job, args=(None,))
        st.subheader("Jobs")
        jobs = store.list_jobs()
        if not jobs:
            st.caption("No jobs yet.")
        for job in jobs:
            st.button(f"{job.name} · {job.reviewed}/{job.beads} · {job.status.replace('_', ' ')}",
                      key=f"open-{job.id}", on_click=open_job, args=(job.id,),
                      type="primary" if st.session_state.get("job") == job.id else "tertiary")
        st.caption(f"Review store: `{store.url}`")


def main() -> None:
    st.set_page_config(page_title="Muqabala", page_icon=":material/translate:", layout="wide")
    st.markdown(CSS, unsafe_allow_html=True)
    try:
        store = get_store()
    except StoreError as exc:
        st.error(str(exc))
        st.stop()
    if "job" not in st.session_state:  # a reload or a shared link resumes its job
        job = st.query_params.get("job", "")
        open_job(int(job) if job.isdigit() else None)
        if st.session_state.job is None and "--demo" in sys.argv[1:]:
            # `streamlit run app.py -- --demo`: straight to the demo pair, aligned once per store
            demo_job = next((j.id for j in store.list_jobs() if j.name == DEMO_JOB), None)
            if demo_job is None:
                open_demo(store)
            open_job(demo_job)
    sidebar(store)
    if st.session_state.job is None:
        open_screen(store)
    else:
        job_screen(store, st.session_state.job)


main()
