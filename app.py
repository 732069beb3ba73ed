"""Muqabala review app: open a job, align, review side by side, fix, export.

The entry point (``streamlit run app.py [-- --demo]``) of a thin Streamlit
layer: the screens live in ``ui/``, and reading, language checks, aligning,
fidelity checks, the review queue and search, alignment fixes, the review
store and the exporters all live in ``align/``.  The review store is
``$MUQABALA_STORE`` (see :mod:`align.store`).

Heavy modules (the encoder, the readers) are imported when first needed so
that the first screen appears at once.
"""
from __future__ import annotations

import sys

import streamlit as st

from align.formats.html import TABLE_CSS
from align.store import STATUSES, ReviewStore, StoreError
from ui.safe import md
from ui.session import flash_elsewhere, get_store, open_job, remember_reviewer, restore_reviewer, reviewer

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
.confidence {color: #555; font-size: .8rem;}
.mq-focus {outline: 3px solid #1e88e5; border-radius: 6px; padding: 2px 6px; font-size: .85rem; scroll-margin-top: 4.5rem;}
/* Arabic is typed right to left; a comment takes the direction of its first letter */
.st-key-src_text textarea {direction: rtl; text-align: right;}
[class*="st-key-comment-"] input, .st-key-search input {unicode-bidi: plaintext; text-align: start;}
.st-key-cursor-bar {position: sticky; top: 3.5rem; z-index: 5; background: var(--background-color, #fff);}
""" + TABLE_CSS + "</style>"

VIEWS = ["Summary", "Review", "Export", "Activity"]


def job_screen(store: ReviewStore, job_id: int) -> None:
    try:
        job, alignment = store.load_job(job_id)
    except StoreError as exc:
        st.error(md(exc))
        open_job(None)
        return
    st.session_state.shown = (job, alignment)
    st.title(md(job.name))
    st.caption(f"Job {job.id} · {md(job.src_name or 'original')} ({md(job.src_lang)}) → "
               f"{md(job.tgt_name or 'translation')} ({md(job.tgt_lang)}) · "
               f"{job.reviewed}/{job.beads} beads reviewed · updated {md(job.updated_at)}"
               + (f" by {md(job.updated_by)}" if job.updated_by else ""))
    status_key = f"status-{job.id}-{job.updated_at}"
    st.selectbox("Document status", STATUSES, index=STATUSES.index(job.status), key=status_key,
                 format_func=lambda s: s.replace("_", " "),
                 on_change=lambda: store.set_status(job.id, st.session_state[status_key], reviewer()))
    view = st.segmented_control("View", VIEWS, key="view", label_visibility="collapsed") or "Summary"
    if view == "Review":
        from ui.review_screen import review_view

        review_view(job, alignment)  # shows its messages beside the beads they are about
        return
    flash_elsewhere()
    if view == "Summary":
        from ui.summary import summary_view

        summary_view(alignment)
    elif view == "Export":
        from ui.export import export_view

        export_view(job, alignment)
    else:
        from ui.export import activity_view

        activity_view(store, job)


def sidebar(store: ReviewStore) -> None:
    with st.sidebar:
        restore_reviewer()
        st.text_input("Your name", key="reviewer", placeholder="reviewer name", on_change=remember_reviewer)
        st.button("New job", icon=":material/add:", key="new", on_click=open_job, args=(None,))
        st.subheader("Jobs")
        jobs = store.list_jobs()
        if not jobs:
            st.caption("No jobs yet.")
        for job in jobs:
            st.button(f"{md(job.name)} · {job.reviewed}/{job.beads} · {job.status.replace('_', ' ')}",
                      key=f"open-{job.id}", on_click=open_job, args=(job.id,),
                      type="primary" if st.session_state.get("job") == job.id else "tertiary")
        st.caption(f"Review store: {md(store.url)}")


def main() -> None:
    st.set_page_config(page_title="Muqabala", page_icon=":material/translate:", layout="wide")
    st.html(CSS)
    try:
        store = get_store()
    except StoreError as exc:
        st.error(md(exc))
        st.stop()
    if "job" not in st.session_state:  # a reload or a shared link resumes its job
        job = st.query_params.get("job", "")
        open_job(int(job) if job.isdigit() else None)
        if st.session_state.job is None and "--demo" in sys.argv[1:]:
            # `streamlit run app.py -- --demo`: straight to the demo pair, aligned once per store
            from ui.open_screen import open_demo

            open_demo(store)
    sidebar(store)
    if st.session_state.job is None:
        from ui.open_screen import open_screen

        open_screen(store)
    else:
        job_screen(store, st.session_state.job)


main()
