"""What every screen shares: the store and the encoder, the reviewer's name
(kept in the page address, so a reload keeps it), and messages shown next to
what they are about."""
from __future__ import annotations

import streamlit as st

from align.store import ReviewStore
from ui.safe import md


@st.cache_resource(show_spinner="Loading the sentence encoder…")
def get_encoder():
    from align.encoders import load_encoder

    return load_encoder()


def get_store() -> ReviewStore:
    if "store" not in st.session_state:
        st.session_state.store = ReviewStore()
    return st.session_state.store


# -- the reviewer -------------------------------------------------------------
def restore_reviewer() -> None:
    """Before the name box is drawn: take the name from the address on a
    reload or a shared link."""
    if "reviewer" not in st.session_state:
        st.session_state.reviewer = st.query_params.get("reviewer", "")


def remember_reviewer() -> None:
    name = st.session_state.get("reviewer", "").strip()
    if name:
        st.query_params["reviewer"] = name
    else:
        st.query_params.pop("reviewer", None)


def reviewer() -> str:
    return st.session_state.get("reviewer", "").strip()


NO_REVIEWER = "Enter your name in the sidebar first: every verdict carries its reviewer."


# -- messages -----------------------------------------------------------------
# Callbacks run before the page is drawn, so a message waits in the session
# until the place it belongs to is drawn: a bead's card (``where`` = its
# store key) or the top of the current screen (``where`` = None).
def flash(kind: str, message: str, where: int | None = None) -> None:
    """Keep a message (plain text: it is escaped when shown) for the next run."""
    st.session_state.setdefault("flash", []).append((kind, message, where))


def show_flash(where: int | None) -> None:
    """Show the messages for ``where`` (a bead key or None) and drop them."""
    waiting = st.session_state.get("flash", [])
    for kind, message, place in [m for m in waiting if m[2] == where]:
        getattr(st, kind)(md(message))
    st.session_state.flash = [m for m in waiting if m[2] != where]


def flash_elsewhere() -> None:
    """Show what is left (messages for beads not on the page) at the current spot."""
    waiting = st.session_state.pop("flash", [])
    for kind, message, _ in waiting:
        getattr(st, kind)(md(message))


# -- the open job ---------------------------------------------------------------
def open_job(job_id: int | None) -> None:
    """Show job ``job_id`` (None: the new-job screen), from its summary; the
    page address names it, so a reload or a shared link resumes it."""
    st.session_state.job = job_id
    for key in ("page_target", "cursor", "jumped", "fixing", "export_bytes", "search"):
        st.session_state.pop(key, None)
    st.session_state.flt = "All"
    st.session_state.view = "Summary"
    if job_id is None:
        st.query_params.pop("job", None)
    else:
        st.query_params["job"] = str(job_id)


# -- the current bead -------------------------------------------------------------
# The *cursor* is the bead the review's shortcuts act on.
def move_cursor(n: int | None, jumped: bool = False) -> None:
    """Make bead ``n`` current: its page is shown and it is scrolled into view."""
    st.session_state.cursor = n
    st.session_state.jumped = jumped
    st.session_state.follow = True
    st.session_state.scroll = st.session_state.get("scroll", 0) + 1


def turn_page(page: int) -> None:
    """Show ``page``: a new pagination widget, since a widget's value cannot
    be set from outside once it exists."""
    st.session_state.page_target = page
    st.session_state.page_nonce = st.session_state.get("page_nonce", 0) + 1
