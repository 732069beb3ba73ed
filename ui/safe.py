"""The one sanitising path for strings a user or a document supplies (job,
file and reviewer names, reader warnings, comments, document text, error
messages that quote them): they reach the page as text, never as Markdown
or HTML.

- :func:`md` for Streamlit elements that render Markdown (titles, captions,
  alerts, widget labels): every ASCII punctuation character is
  backslash-escaped, which CommonMark defines as that literal character, so
  no image, link, autolink, emphasis, HTML, LaTeX or ``:directive[]`` can
  form; line breaks become spaces.  Streamlit's renderer also turns bare
  URLs and e-mail addresses into links after parsing, whatever the
  escaping, so an invisible WORD JOINER (U+2060, no width, no bidi effect)
  goes inside each ``://``, before the dot of ``www.`` and before ``@``.
- the HTML blocks the app draws (bead texts, flags, the grid) are built by
  :mod:`align.formats.html`, whose :func:`~align.formats.html.text_html`
  escapes every string (and turns bidi isolates into ``<bdi>``), and shown
  with ``st.html``, which parses no Markdown.
"""
from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md(value: object) -> str:
    """``value`` as Markdown source that renders as exactly its text."""
    unlinked = _AUTOLINK.sub(WORD_JOINER, " ".join(str(value).splitlines()))
    return _PUNCTUATION.sub(r"\\\1", unlinked)

