"""A new job: upload or paste the two sides, check them, align."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from align.errors import InputError
from align.store import ReviewStore
from ui.safe import md
from ui.session import get_encoder, open_job, reviewer

DEMO = Path(__file__).resolve().parent.parent / "samples" / "demo"
DEMO_JOB = "Demo: NTREX article"
STAGES = ("reading", "segmenting", "encoding", "aligning", "checking")
SIDE_LABEL = {"src": "Arabic", "tgt": "English"}


def read_side(side: str) -> tuple[str, str]:
    """The text of one side (an upload wins over pasted text) and its name."""
    upload = st.session_state.get(f"{side}_file")
    if upload is None:
        return st.session_state.get(f"{side}_text", ""), "pasted text"
    from align.readers import read_bytes

    try:
        document = read_bytes(upload.getvalue(), upload.name)
    except InputError as exc:
        st.error(md(exc))
        return "", upload.name
    except Exception as exc:  # a reader's bug must not cost the reviewer the page
        st.error(md(f"{upload.name}: could not be read ({type(exc).__name__}: {exc})"))
        return "", upload.name
    for warning in document.warnings:
        st.info(md(warning))
    return document.text, upload.name


def language_note(text: str) -> None:
    if text.strip():
        from align.language import detect_language

        guess = detect_language(text)
        st.caption(f"Detected language: **{md(guess.name)}** ({md(guess.code)})")


def run_alignment(store: ReviewStore, src_text: str, tgt_text: str, src_name: str, tgt_name: str,
                  name: str) -> None:
    """Align and check in staged steps, shown where the call is made (right
    under the button the reviewer pressed), then open the new job."""
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
            st.error(md(exc))
            return
        status.update(label=f"Aligned: {len(alignment.beads)} beads", state="complete")
    open_job(job_id)
    st.rerun()


def demo_job(store: ReviewStore) -> int | None:
    """The demo pair's job, if this store has one already."""
    return next((j.id for j in store.list_jobs() if j.name == DEMO_JOB), None)


def open_demo(store: ReviewStore) -> None:
    """The demo job, aligned once per store: a second click opens the same job."""
    existing = demo_job(store)
    if existing is not None:
        open_job(existing)
        st.rerun()
    texts = {side: (DEMO / f).read_text(encoding="utf-8") for side, f in (("src", "ar.txt"), ("tgt", "en.txt"))}
    run_alignment(store, texts["src"], texts["tgt"], "demo/ar.txt", "demo/en.txt", DEMO_JOB)


def open_screen(store: ReviewStore) -> None:
    st.title("Muqabala — translation review")
    st.write("Open a job: an Arabic original and its English translation, uploaded or pasted.")
    if (DEMO / "ar.txt").exists() and (DEMO / "en.txt").exists():
        if st.button("Open the demo pair", key="demo", icon=":material/auto_stories:"):
            open_demo(store)  # progress shows here, under the button
    from align.readers import SUPPORTED

    cols = st.columns(2)
    texts, names = {}, {}
    for col, side in zip(cols, ("src", "tgt")):
        with col:
            st.subheader("Arabic original" if side == "src" else "English translation")
            st.file_uploader(f"Upload the {SIDE_LABEL[side]} file", key=f"{side}_file",
                             help=f"Supported: {SUPPORTED}")
            # the Arabic box is right-to-left (see the app's CSS, .st-key-src_text)
            st.text_area(f"…or paste the {SIDE_LABEL[side]} text", key=f"{side}_text", height=200)
            texts[side], names[side] = read_side(side)
            language_note(texts[side])
    ready = bool(texts["src"].strip() and texts["tgt"].strip())
    if ready:
        from align.language import check_pair

        for issue in check_pair(texts["src"], texts["tgt"]):
            (st.error if issue.severity == "error" else st.warning)(md(issue))
            ready = ready and issue.severity != "error"
    default_name = names["src"] if names["src"] != "pasted text" else "Untitled"
    name = st.text_input("Job name", key="job_name", placeholder=default_name) or default_name
    st.checkbox("Press translation", value=True, key="press",
                help="Recognise the editor's apparatus of a published press translation — introduction, "
                     "subheadings, [bracketed] insertions, footnotes, closing lines — as editorial, not as "
                     "additions. Turn off for a plain translation.")
    if st.button("Align", type="primary", key="align", disabled=not ready):
        run_alignment(store, texts["src"], texts["tgt"], names["src"], names["tgt"], name)
