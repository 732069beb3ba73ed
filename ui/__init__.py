"""The review app's screens (Streamlit): ``app.py`` is the entry point and
calls these; every one of them only renders and calls ``align/``.

- :mod:`ui.safe`: the one path every user- or document-supplied string takes
  to the page (as text, never as Markdown or HTML);
- :mod:`ui.session`: the store, the encoder, the reviewer, messages, the
  open job and its current bead;
- :mod:`ui.open_screen`: a new job (upload or paste, align);
- :mod:`ui.summary`: coverage and scores of a job;
- :mod:`ui.review_screen`: the review loop (queue, search, cards or grid,
  keyboard shortcuts, verdicts and comments);
- :mod:`ui.fixes`: alignment fixes on a bead and their undo;
- :mod:`ui.export`: exports and the activity log.
"""
