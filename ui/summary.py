"""A job's summary: coverage figures, the coverage map (a cell opens its
bead in the review), pair scores."""
from __future__ import annotations

import streamlit as st

from ui.review_screen import jump_to_sentence
from ui.safe import md

MAP_COLUMNS = 40
MAP_COLOURS = {"translated": "#4caf50", "flagged": "#ff9800", "omitted": "#e53935"}


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
        st.write("**Flags by kind:** " + " · ".join(f"{md(k)} {v}" for k, v in sorted(summary.flags_by_kind.items())))
    for warning in alignment.meta.get("warnings", []):
        st.warning(md(warning))

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
