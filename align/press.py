"""Press-translation conventions: the editor's apparatus of a published translation.

Abridged English translations of Arabic press articles carry text that has no
Arabic source on purpose — an editor's introduction, closing boilerplate,
Title-Case subheadings, footnotes — and mark the translator's own words
inside translated sentences: bracketed insertions (``the [Iraqi] factions``),
footnote markers (``…near the port.[4]``) and reporting frames (``According
to the article, …``).  This module recognises those conventions so that the
aligner keeps the apparatus out of the pairs (as ``editorial`` beads) and the
similarity, number and name checks compare only what the translation renders.

Everything here is cheap and lexical/structural: the cues are phenomena
(position in the document, a meta-reference to "the article", a date, a call
to the reader, Title Case standing alone between paragraphs), never
memorised outlet names.  Recognition errs towards translated text: a line
that is not clearly apparatus stays in the alignment, where a real addition
is still flagged.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from .model import FidelityFlag, Sentence
from .normalize import fold_digits

# ------------------------------------------------------ markers and brackets

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# Footnote markers: [4], [^4], [4, 5], [4-6]; superscript digits after a word
# of three or more letters or after punctuation (so "km²" keeps its
# exponent); "(4)" glued to the end of a word or punctuation and followed by
# a boundary, as in "…near the port.(4)" (a spaced "(4)" may be an
# enumeration and stays).
_MARKER = re.compile(
    r"\[\^?\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]"
    r"|(?:(?<=[A-Za-z]{3})|(?<=[.,;:!?\"'”’)]))[" + _SUPERSCRIPTS + r"]+"
    r"|(?<=[A-Za-z.,;:!?\"'”’])\(\d{1,2}\)(?=[\s.,;:!?\"'”’)]|$)"
)
_BRACKET = re.compile(r"\[[^\[\]\n]*\]")
_LETTER = re.compile(r"[^\W\d_]")
_CLOSING_PUNCT = ".,;:!?%)]”’\"'"


def _inline_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` for every footnote marker (``marker``), bracketed
    insertion (``insertion``) and bracketed part of a word such as ``[T]he``
    (``partial``), in order and non-overlapping."""
    spans = [(m.start(), m.end(), "marker") for m in _MARKER.finditer(text)]
    taken = [(s, e) for s, e, _ in spans]
    for m in _BRACKET.finditer(text):
        s, e = m.start(), m.end()
        if any(s < te and ts < e for ts, te in taken):
            continue
        before = text[s - 1] if s > 0 else ""
        after = text[e] if e < len(text) else ""
        glued = bool(_LETTER.match(before) or _LETTER.match(after))
        spans.append((s, e, "partial" if glued and m.group().strip("[]").strip() else "insertion"))
    return sorted(spans)


def bracketed_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the translator's bracketed insertions and footnote
    markers in the displayed text, brackets included, for visible marking."""
    return [(s, e) for s, e, _ in _inline_spans(text)]


def _strip_inline(text: str) -> str:
    """Remove markers and bracketed insertions, tidying the spaces and
    punctuation around each removal; a bracketed part of a word is unwrapped
    (``[T]he`` reads ``The``)."""
    out: list[str] = []
    pos = 0
    for s, e, kind in _inline_spans(text):
        out.append(text[pos:s])
        if kind == "partial":
            out.append(text[s + 1 : e - 1])
            pos = e
            continue
        pos = e
        after = text[e] if e < len(text) else ""
        sofar = "".join(out)
        if after == "," and sofar.rstrip(" ").endswith(","):
            out = [sofar.rstrip(" ")[:-1]]  # "the city, [then the capital], was"
            pos += 1
        elif sofar.endswith(" ") and (after == "" or after.isspace() or after in _CLOSING_PUNCT):
            out = [sofar.rstrip(" ")]
        elif (sofar == "" or sofar[-1] in "([{\"'“‘") and after == " ":
            pos += 1
    out.append(text[pos:])
    cleaned = "".join(out)
    cleaned = re.sub(r",\s*,", ",", cleaned)
    cleaned = re.sub(r"\(\s*\)", "", cleaned)
    cleaned = re.sub(r"[ \t]{2,}", " ", cleaned)
    return cleaned.strip()


# ------------------------------------------------------------ reporting frames

# Who a frame may attribute the text to: the article, its outlet or author,
# or a pronoun.  Named people and bodies are not stripped: the Arabic names
# them too ("وقال الوزير إن…"), so removing them would remove content.
_GENERIC_HEAD = (
    r"(?:article|report|source|sources|paper|newspaper|daily|weekly|website|site|outlet|"
    r"author|writer|columnist|editorial|piece|op-ed|column|correspondent|reporter|analyst|"
    r"commentator|journalist|editor|magazine|channel|publication|story|text|interviewee)"
)
# The frames are matched ignoring case, but the name that may follow the
# head (the columnist Salim Al-Tamimi, the paper Al-Masry) must be
# capitalised: "the report by Human Rights Watch" names another speaker.
_AGENT = (
    r"(?:(?:the|this|that|its|his|her|their)\s+(?:[\w’'.-]+\s+){0,3}?" + _GENERIC_HEAD
    + r"(?-i:(?:\s+[A-Z][\w’'.-]*){0,4})|he|she|they|it)"
)
_VERB = (
    r"(?:said|says|reported|reports|wrote|writes|added|adds|noted|notes|stated|states|"
    r"explained|explains|argued|argues|claimed|claims|continued|continues|pointed out|"
    r"points out|went on to say|goes on to say|revealed|reveals|mentioned|mentions|"
    r"observed|observes|concluded|concludes|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|"
    r"asserted|asserts|indicated|indicates|remarked|remarks|recalled|recalls|learned|learnt|"
    r"went on|goes on|believes|believed|maintained|maintains|contended|contends)"
)
_ADVERB = r"(?:\s+(?:also|further|then|later|moreover|furthermore))?"
_FRAMES_BEFORE = [
    # According to the source, X / But according to the article by …, X
    re.compile(
        r"^(?:(?:but|and|yet)\s+)?according\s+to\s+" + _AGENT
        + r"(?:\s+(?:by|in|of|from|on)\s+[^,]{1,60})?\s*,\s+(?P<rest>.+)$",
        re.IGNORECASE | re.DOTALL,
    ),
    # The article reported that X / He said: X / The paper added, X
    re.compile(
        r"^(?:(?:but|and|yet)\s+)?" + _AGENT + _ADVERB + r"\s+" + _VERB
        + r"(?:\s+that\s+|\s*[:,]\s+)(?P<rest>.+)$",
        re.IGNORECASE | re.DOTALL,
    ),
    # As the article notes, X
    re.compile(
        r"^as\s+" + _AGENT + r"\s+(?:" + _VERB + r"|put it|puts it)\s*,\s+(?P<rest>.+)$",
        re.IGNORECASE | re.DOTALL,
    ),
]
# X, he said. / "X," the article added. / X, said the source. / X, according to the report.
_FRAME_AFTER = re.compile(
    r"^(?P<rest>.+?)\s*,(?P<quote>[\"'”’]?)\s+(?:" + _AGENT + _ADVERB + r"\s+" + _VERB
    + r"|" + _VERB + r"\s+" + _AGENT + r"|according\s+to\s+" + _AGENT + r")\s*(?P<end>[.!?]?)$",
    re.IGNORECASE | re.DOTALL,
)
_MIN_REST_WORDS = 3


def _strip_frame(text: str) -> str:
    for pattern in _FRAMES_BEFORE:
        m = pattern.match(text)
        if m and len(m.group("rest").split()) >= _MIN_REST_WORDS:
            rest = m.group("rest").strip()
            if rest[:1].islower():
                rest = rest[0].upper() + rest[1:]
            return _strip_frame(rest)
    m = _FRAME_AFTER.match(text)
    if m and len(m.group("rest").split()) >= _MIN_REST_WORDS:
        return m.group("rest").rstrip() + (m.group("end") or ".") + m.group("quote")
    return text


def scoring_text(text: str) -> str:
    """The English text the similarity, number and name checks should see.

    Footnote markers and bracketed insertions are removed (a bracketed part
    of a word is unwrapped), and a reporting frame whose speaker is the
    article, its outlet or author, or a pronoun is removed ("According to the
    source, X" → "X"; "X, he said." → "X.").  Named speakers are kept, and a
    sentence that would be left with fewer than three words keeps its frame.
    """
    if not isinstance(text, str):
        raise TypeError(f"scoring_text expects a string, not {type(text).__name__}")
    stripped = _strip_inline(text)
    return _strip_frame(stripped) if stripped else stripped


# ------------------------------------------------------------------ apparatus

LABELS = {
    "editor's introduction": "Editor's introduction: not a translation of the Arabic",
    "closing boilerplate": "Closing boilerplate (publisher, subscription, links): not a translation of the Arabic",
    "subheading": "Editor's subheading summarising what follows: not a translation of the Arabic",
    "footnote": "Translator's footnote: not a translation of the Arabic",
    "footnotes heading": "Heading of the translator's notes: not a translation of the Arabic",
    "editor's note": "Bracketed editor's note: not a translation of the Arabic",
}


def editorial_flag(label: str) -> FidelityFlag:
    """The ``info`` flag an editorial bead carries, saying what the text is."""
    reason = LABELS.get(label) or f"{label[:1].upper()}{label[1:]}: not a translation of the Arabic"
    return FidelityFlag(kind="editorial", severity="info", reason=reason)


_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = re.compile(
    r"\b" + _MONTHS + r"\.?\s+\d{1,2}\b|\b\d{1,2}\s+" + _MONTHS + r"\b|\b(?:19|20)\d\d\b"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
# The text refers to itself as a report on another text.  Words that news
# prose also uses ("following the attack", "the report highlights", "based on
# interviews") count only in their self-referring turns.
_PIECE = r"(?:article|op-?ed|column|editorial|piece|interview|report|analysis|commentary|essay)"
_META = re.compile(
    r"(?:is|are|was) based (?:up)?on\b|\bbased (?:up)?on (?:it|this|that)\b"
    r"|\bbased (?:up)?on (?:an?|the|its|his|her)\s+(?:[\w-]+\s+){0,3}?" + _PIECE
    + r"|\bsummar(?:y|ies) of (?:an?|the|its|his|her|that)\b|\b(?:this|the following|below is a) summary\b"
    r"|\bsummari[sz](?:es|ed|ing)? (?:it|an?|the|that|its|his|her)\s+(?:[\w-]+\s+){0,3}?" + _PIECE
    + r"|\bsummari[sz]ed below\b|\btranslat(?:ed|ion) (?:of|from)\b|\b(?:are|is) translated\b"
    r"|\bexcerpts?\b|\bthe following\b|\bfollowing (?:are|is)\b|\bbelow\b|\babridged\b"
    r"|\bdraw(?:s|n|ing)? (?:on|from|upon) (?:it|this|that|an?|the|its)\b|\badapted from\b|\bdigest\b"
    r"|\bwhat follows\b|\bfollows?[.:]?$|\b(?:its|the) highlights\b|\bhighlights (?:follow|are|below)\b"
    r"|\b(?:main|key) points\b|\bthis (?:report|dispatch|brief|summary|review|note|piece|item)\b"
    r"|\breports? on (?:it|the article|the piece|this)\b|\bsourced from\b|\bderived from\b",
    re.IGNORECASE,
)
_PUBLICATION = re.compile(
    r"\b(?:article|report|op-?ed|column|editorial|piece|interview|analysis|commentary|daily|"
    r"newspaper|paper|website|site|outlet|magazine|weekly|channel|tv|television|agency|journal|"
    r"gazette|portal|blog|press|broadcaster|publication|feature|essay|story)\b",
    re.IGNORECASE,
)
_OUTLET = re.compile(
    r"\b(?:daily|newspaper|paper|website|site|outlet|magazine|weekly|journal|gazette|portal|channel|agency)\b",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"\b(?:published|ran|carried|posted|printed|featured|aired|broadcast|wrote|writing|appeared|"
    r"titled|entitled|headlined|under the (?:title|headline))\b",
    re.IGNORECASE,
)


_SOURCE_LINE = re.compile(
    r"^\W*(?:sources?|original(?: article| text)?|(?:originally|first) published (?:in|by)|translated from)\b",
    re.IGNORECASE,
)


def _is_intro(text: str) -> bool:
    """A reference to the article the report is based on: a source line
    ("Source: Al-Hayat, 5 June 2020"), or a publication and either the
    report's own relation to it (based on, excerpts, translated) or the act
    of publishing it with a date ("On May 5 the daily X ran an article…",
    "Writing in the daily X on Monday, columnist Y…")."""
    if _SOURCE_LINE.match(text) and (_DATE.search(text) or _PUBLICATION.search(text)):
        return True
    if not _PUBLICATION.search(text):
        return False
    return bool(_META.search(text)) or bool(_PUBLISHED.search(text) and _DATE.search(text))


def _names_a_dated_publication(text: str) -> bool:
    """"In a May 12, 2021 column in the daily Okaz, …" (a piece, an outlet
    and a date in a sentence, not a headline): part of an introduction when
    it stands next to one."""
    return (
        bool(re.search(r"\b" + _PIECE + r"\b", text, re.IGNORECASE) and _OUTLET.search(text) and _DATE.search(text))
        and text.rstrip("\"'”’)").endswith((".", ":", ";"))
    )


# The publisher speaking to the reader or about itself.
_CLOSING = re.compile(
    r"^(?:subscribe|sign up|click|visit|follow us|read (?:more|the full|the original|the complete)"
    r"|for (?:more|the full|further)|to (?:read|subscribe|receive|support|contact)|contact us|share this"
    r"|support (?:us|our)|donate|download|register|email us|write to us|find (?:us|more)|see (?:more|also)"
    r"|more (?:from|at|on) (?:our|the)|join (?:us|our))\b"
    r"|\bsubscri(?:be|ption|bers?)\b|\bnewsletter\b|\bclick here\b|\bsign up\b|\bread more\b"
    r"|\bcopyright\b|©|\ball rights reserved\b|\(c\)\s*(?:19|20)\d\d|\breproduc(?:ed|tion)\b|\brepubli(?:sh|cation)"
    r"|\bredistribut|https?://|\bwww\.|\b[\w-]+\.(?:com|org|net|info|io)\b|\b[\w.-]+@[\w-]+\.\w+"
    r"|\b(?:is|are) (?:published|produced|prepared|compiled|distributed|brought to you|edited) by\b"
    r"|\b(?:translated|prepared|compiled|edited|produced) by\b|\bthe views expressed\b"
    r"|\bdo(?:es)? not (?:necessarily )?(?:reflect|represent)\b"
    r"|\bour (?:newsletter|website|site|digest|reports|service|readers|subscribers|archive|coverage"
    r"|translations|bulletin|team|work|page|feed)\b"
    r"|\bnon-?profit\b|\bnon-?partisan\b|\bindependent (?:organi[sz]ation|institute|media|research)",
    re.IGNORECASE,
)
_NOTE_HEADING = re.compile(
    r"^\W*(?:(?:translator'?s?|editor'?s?|end)\s*)?(?:notes?|footnotes?|endnotes?|sources?|references?)\W*$",
    re.IGNORECASE,
)
_NOTE_BRACKET = re.compile(r"^\s*(?:\[\^?\d{1,3}\]|[" + _SUPERSCRIPTS + r"]+|\^\d{1,3}|\*+(?=\s))\s*\S")
_NOTE_NUMBER = re.compile(r"^\s*(?:\d{1,3}[.)]|\(\d{1,3}\))\s+\S")
_EDITORS_NOTE = re.compile(r"^\s*(?:\[[^\[\]]{12,}\]\s*[.]?|(?:editor|translator)['’]?s? note\b.*)$", re.IGNORECASE)
_SMALL_WORDS = frozenset(
    "a an the of in on at to for and or but nor with by from as vs via into onto over after before "
    "under than up out off per its is are be de al el la le du von van".split()
)
_WORD = re.compile(r"[^\W\d_][\w’'-]*|\d[\d.,:]*")
_HEADING_MAX_WORDS = 12
_HEADING_MAX_CHARS = 100
_ARABIC_TERMINAL = ".!?؟:؛;…\"'”»)"


def _title_like(text: str) -> bool:
    """Title Case (or all capitals) without final sentence punctuation."""
    t = text.strip()
    if not t or t[-1] in ".!;,:…\"'”’)" or len(t) > _HEADING_MAX_CHARS:
        return False
    words = _WORD.findall(t)
    if not words or len(words) > _HEADING_MAX_WORDS or not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    letters = [c for c in t if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return True
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if w[0].isupper() or w[0].isdigit())
    return capitalised / len(significant) >= 0.85 and (len(significant) == 1 or capitalised >= 2)


def _arabic_heading_positions(src: Sequence[Sentence]) -> list[float]:
    """Relative positions of short unpunctuated Arabic lines after the first
    (the Arabic's own subheadings, which a translation renders)."""
    n = len(src)
    out = []
    for j, s in enumerate(src):
        t = s.text.strip()
        if j and t and len(t.split()) <= _HEADING_MAX_WORDS and t[-1] not in _ARABIC_TERMINAL:
            out.append(j / max(n - 1, 1))
    return out


_ANCHOR = re.compile(r"\d(?:[\d ,.]*\d)?|[A-Za-z][A-Za-z.@-]{2,}")


def _anchors(text: str) -> set[str]:
    """Tokens a translation keeps verbatim: numbers of three or more digits
    (group separators ignored; years left out, as a copyright line's year is
    often the article's) and Latin-script words, addresses included."""
    out = set()
    for tok in _ANCHOR.findall(fold_digits(text)):
        if tok[0].isdigit():
            digits = re.sub(r"\D", "", tok)
            if len(digits) >= 3 and not re.fullmatch(r"(?:19|20)\d\d", digits):
                out.add(digits)
        else:
            out.add(tok.lower().strip(".-"))
    return out


def _is_note_line(text: str, numbered_ok: bool) -> bool:
    return bool(_NOTE_BRACKET.match(text) or (numbered_ok and _NOTE_NUMBER.match(text)))


def _notes_start(texts: list[str]) -> int | None:
    """Where the block of notes at the end begins, if there is one: a notes
    heading or a marker line after which every line is a note, a note's
    continuation (at most two running sentences) or closing boilerplate."""
    n = len(texts)
    body_markers = any(_MARKER.search(t) for t in texts)
    for s in range(1, n):
        heading = bool(_NOTE_HEADING.match(texts[s])) and s >= n // 3
        if not heading and not _NOTE_BRACKET.match(texts[s]) and not (body_markers and _NOTE_NUMBER.match(texts[s])):
            continue
        if not heading and s < n // 3:
            continue
        numbered_ok = heading or body_markers
        run = 0
        for t in texts[s + 1 :]:
            if _is_note_line(t, numbered_ok) or _CLOSING.search(t) or _NOTE_HEADING.match(t):
                run = 0
            else:
                run += 1
                if run > 2:
                    break
        else:
            return s
    return None


def find_editorial(tgt: list[Sentence], src: list[Sentence] | None = None) -> dict[int, str]:
    """Target sentences that are the editor's apparatus, with a short label.

    Labels: "editor's introduction", "closing boilerplate", "subheading",
    "footnote", "footnotes heading", "editor's note".  ``src`` (the Arabic
    sentences), when given, keeps out of the apparatus a Title-Case English
    line that mirrors a short Arabic line at the same place (a translated
    subheading) and a closing line whose numbers or addresses the Arabic
    ending carries (the original article's own closing, translated).
    Paragraph numbers are used when they carry information (some paragraph
    holds more than one sentence); with one sentence per line they are
    ignored.
    """
    texts = [s.text.strip() if isinstance(s, Sentence) else str(s).strip() for s in tgt]
    n = len(texts)
    out: dict[int, str] = {}
    if n == 0:
        return out
    paragraphs = [getattr(s, "paragraph", 0) for s in tgt]
    counts = Counter(paragraphs)
    informative = len(counts) > 1 and any(c > 1 for c in counts.values())
    arabic_end = set().union(*(_anchors(s.text) for s in src[-3:])) if src else set()

    def closing_line(i: int) -> bool:
        return bool(_CLOSING.search(texts[i])) and not (_anchors(texts[i]) & arabic_end)

    # Editor's notes written as a whole bracketed line, anywhere.
    for i, t in enumerate(texts):
        if _EDITORS_NOTE.match(t) and not _MARKER.fullmatch(t.rstrip(".")):
            out[i] = "editor's note"

    # Notes at the end, then closing boilerplate before them (and after).
    start = _notes_start(texts)
    tail_start = n
    if start is not None:
        numbered_ok = bool(_NOTE_HEADING.match(texts[start])) or any(_MARKER.search(t) for t in texts[:start])
        for i in range(start, n):
            if _NOTE_HEADING.match(texts[i]):
                out[i] = "footnotes heading"
            elif closing_line(i) and not _is_note_line(texts[i], numbered_ok):
                out[i] = "closing boilerplate"
            else:
                out[i] = "footnote"
        tail_start = start
    closing: list[int] = []
    i = tail_start - 1
    while i > 0 and i not in out:
        if closing_line(i):
            closing.append(i)
        elif closing_line(i - 1) and (
            # one uncued sentence after or between closing ones, or sharing
            # a paragraph with them
            not closing or not informative or paragraphs[i] in (paragraphs[i - 1], paragraphs[i + 1])
        ):
            closing.append(i)
        elif informative and closing and paragraphs[i] == paragraphs[closing[-1]]:
            closing.append(i)
        else:
            break
        i -= 1
    for j in closing:
        out[j] = "closing boilerplate"
    tail_start = min([tail_start] + closing)

    # Introduction: intro-looking lines among the first few (before the
    # tail), whatever lies between them, and the rest of their paragraph.
    window = min(tail_start, 5, max(2, (n + 1) // 2))
    intro = [i for i in range(window) if i not in out and _is_intro(texts[i])]
    if intro:
        first, last = intro[0], intro[-1]
        while first > 0 and first - 1 not in out and _names_a_dated_publication(texts[first - 1]):
            first -= 1
        while last + 1 < window and last + 1 not in out and _names_a_dated_publication(texts[last + 1]):
            last += 1
        for i in range(first, last + 1):
            out.setdefault(i, "editor's introduction")
        if informative:
            para = {paragraphs[i] for i in intro}
            for i in range(tail_start):
                if paragraphs[i] in para and i not in out:
                    out[i] = "editor's introduction"
        elif last + 1 < tail_start and _META.search(texts[last + 1]) and len(texts[last + 1].split()) <= 12:
            out.setdefault(last + 1, "editor's introduction")

    # Subheadings: Title-Case lines standing alone between translated text.
    body = [j for j in range(n) if j not in out]
    if len(body) >= 3:
        headline, last_body = body[0], body[-1]
        span = max(last_body - headline, 1)
        arabic_heads = _arabic_heading_positions(src) if src else []
        for j in body:
            if j in (headline, last_body) or not _title_like(texts[j]):
                continue
            if informative and counts[paragraphs[j]] > 1:
                continue
            if texts[j - 1].endswith(":"):
                continue  # an item of a list the text announces
            where = (j - headline) / span
            if any(abs(where - a) <= 0.15 for a in arabic_heads):
                continue
            out[j] = "subheading"
    return dict(sorted(out.items()))
