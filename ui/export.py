"""Exports of a job (the review report formats first) and its activity log."""
from __future__ import annotations

import re

import streamlit as st

from align.review import activity_csv
from align.store import ReviewStore
from ui.safe import md

#: What reviewers hand on comes first; the research formats after.
FIRST_FORMATS = ("xlsx", "html")


def file_stem(job) -> str:
    return re.sub(r"[^\w.-]+", "_", job.name).strip("_") or f"job{job.id}"


def export_view(job, alignment) -> None:
    from align.fidelity import summarize
    from align.formats import EXPORT_FORMATS, export_bytes

    formats = list(FIRST_FORMATS) + [f for f in EXPORT_FORMATS if f not in FIRST_FORMATS]
    fmt = st.selectbox("Format", formats, key="export_fmt",
                       format_func=lambda f: f"{f.upper()} ({EXPORT_FORMATS[f]})")
    data, result = export_bytes(alignment, fmt, summary=summarize(alignment))
    st.session_state.export_bytes = data
    for line in result.lines():
        st.caption(md(line))
    st.download_button(f"Download {fmt.upper()}", data, file_name=f"{file_stem(job)}{EXPORT_FORMATS[fmt]}",
                       key="download", type="primary", icon=":material/download:")


def activity_view(store: ReviewStore, job) -> None:
    """Who gave which verdict, changed which alignment, when (newest first)."""
    import pandas as pd

    entries = store.activity(job.id)
    st.caption(f"{len(entries)} entries · times in UTC · bead numbers as the reviewer saw them")
    # a data frame shows every cell as plain text
    st.dataframe(pd.DataFrame([vars(e) for e in reversed(entries)],
                              columns=["at", "reviewer", "action", "beads", "detail"]),
                 hide_index=True, width="stretch", key="activity")
    st.download_button("Download the log (CSV)", activity_csv(entries).encode("utf-8"),
                       file_name=f"{file_stem(job)}-activity.csv", key="activity_csv", icon=":material/download:")
