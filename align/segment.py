"""Sentence segmentation: running text (or one-sentence-per-line text) to
:class:`~align.model.Sentence` lists.

Owns where sentences begin and end.  Line and paragraph breaks are hard
boundaries; inside a line, blingfire's sentence breaker proposes boundaries
and our rules correct what it gets wrong for news text in Arabic and English
(and keep its answers for other languages): titles and initials (``Mr.``,
``د.``, ``J. K.``, ``جون إف. كينيدي``), list markers, dates (``Jan. 5``,
German ``3. Oktober``), quotes closing after the full stop, a sentence that
starts with a title (blingfire misses ``… year. Mr. Joko …``), ellipses inside
Arabic sentences.  The Arabic comma ، and semicolon ؛ never end a sentence.

Every ``Sentence.text`` is a stripped substring of the cleaned input
(:func:`align.normalize.clean_for_reading`): nothing inside a sentence is
rewritten, so offsets and quotations stay exact.  A stretch without any
sentence punctuation is cut at whitespace near :data:`MAX_SENTENCE_CHARS`
so that one unpunctuated line never becomes one enormous sentence; all of it
is linear in the length of the input.
"""
from __future__ import annotations

import re
import unicodedata
from ctypes import byref, c_char_p, c_int, c_int32, create_string_buffer
from typing import Callable, Iterator

import blingfire

from .model import Sentence
from .normalize import clean_for_reading

MAX_SENTENCE_CHARS = 1000
# A cut for length prefers a clause break in the last part of the window.
_MIN_CUT = MAX_SENTENCE_CHARS // 2
# blingfire is fed at most this much at a time (its buffers are ~20 bytes per
# input byte); longer lines are fed in pieces cut at whitespace.
_CHUNK_CHARS = 100_000
# Segmenting reports progress about this often (a few hundred ms of work).
_PROGRESS_CHARS = 200_000

TERMINATORS = ".!?؟…"
# Quotes and brackets that may close a sentence after its terminator.
_CLOSERS = "”\"’'»)]}"
_OPENERS = "“\"‘'«([{¿¡"
# A candidate boundary: terminators, then closers, then whitespace.  German
# quotes the other way round: »Gut.«  A match starts only where a run of
# terminators starts, and takes the run whole (possessive): otherwise a long
# run with no space after it ("!!!!…") is rescanned from each of its
# characters, quadratic in its length.
_CANDIDATE = re.compile(rf"(?<![{re.escape(TERMINATORS)}])[{re.escape(TERMINATORS)}]++[{re.escape(_CLOSERS)}]*+(?=\s)")
_CANDIDATE_DE = re.compile(
    rf"(?<![{re.escape(TERMINATORS)}])[{re.escape(TERMINATORS)}]++[{re.escape(_CLOSERS)}«›]*+(?=\s)")
# French puts a (narrow) no-break space before a closing guillemet.
_FRENCH_CLOSE = re.compile(r"[ \u00a0\u202f]»")
_LAST_TOKEN = re.compile(r"(\S+)$")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
# "1." "12)" "٢." "(a)" "a)" "iv." alone before the text of a list item.
_LIST_MARKER = re.compile(r"\(?(?:[0-9٠-٩۰-۹]{1,3}|[A-Za-z]|[ivxIVX]{1,5}|[\u0621-\u064a])[.)]$|\([0-9A-Za-z]{1,3}\)$")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}$")
_LATIN_INITIAL = re.compile(r"[A-Z]\.$")
_NUMBER = re.compile(r"[0-9٠-٩۰-۹]+\.$")

# Abbreviations (lower case, without their final full stop) after which a
# full stop never ends a sentence: titles before names and the like.
_TITLES = {
    "en": {"mr", "mrs", "ms", "messrs", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
           "cmdr", "adm", "maj", "cpl", "pvt", "rev", "hon", "pres", "supt", "insp", "det", "st", "mt", "ft",
           "jr", "sr", "sens", "reps", "govs", "vs", "v", "e.g", "i.e", "cf", "viz", "approx", "dept", "fig", "figs", "vol", "pp"},
    "de": {"dr", "prof", "hr", "fr", "frl", "nr", "bzw", "ca", "vgl", "z.b", "u.a", "d.h", "s", "st", "str",
           "abs", "art", "bd", "evtl", "ggf", "inkl", "mio", "mrd", "jh", "u.ä", "usw", "sog", "z.t", "dipl",
           "ing"},
    "fr": {"m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "st", "ste", "av", "apr", "j.-c",
           "cf", "env", "p", "vol", "n°", "no", "art", "chap"},
    # د. doctor, أ. professor (أستاذ), م. engineer, ص.ب P.O. box, ق.م BC.
    "ar": {"د", "أ", "م", "ص.ب", "ق.م", "أ.د"},
}
# Followed by a number they are dates or numbers, not sentence ends.
_BEFORE_NUMBER = {
    "en": {"no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
           "p", "para", "art", "sec", "ch", "op", "tel"},
    "de": {"jan", "feb", "aug", "sept", "okt", "nov", "dez", "s", "nr"},
    "fr": {"janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc", "p", "n"},
    "ar": set(),
}
# Words that start English sentences: after an initial or a dotted acronym
# they mark a boundary ("… in the U.S. The next day …"), any other
# capitalised word continues the name ("the U.S. Army").
_STARTERS = {
    "en": {"the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "but", "and", "in", "on", "at",
           "this", "that", "these", "those", "there", "his", "her", "their", "its", "our", "my", "after",
           "before", "when", "while", "if", "as", "for", "so", "yet", "however", "meanwhile", "since", "what",
           "who", "how", "why", "many", "some", "most", "officials", "police"},
}
# The Arabic names of Latin letters.  One after a name is an initial (جون إف.
# كينيدي, روي في. وايد); after another letter name it ends an acronym, which
# can end a sentence (… على سي إن إن.).
_ARABIC_LETTER_NAMES = {"إيه", "بي", "سي", "دي", "إي", "إف", "جي", "إتش", "آي", "جيه", "كيه", "إل", "إم", "إن",
                        "أو", "كيو", "آر", "إس", "تي", "يو", "في", "دبليو", "إكس", "واي", "زد"}
_GERMAN_MONTHS = {"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
                  "oktober", "november", "dezember", "jänner"}


def split_sentences(text: str, lang: str, progress: Callable[[float], None] | None = None) -> list[Sentence]:
    """Sentences of running ``text`` in language ``lang`` (ISO 639-1 code).

    Every non-empty line gives at least one sentence; ``paragraph`` counts
    the blank-line-separated paragraphs from 0.  Empty input gives [].
    ``progress(fraction)``, if given, is told the share of the text done
    every :data:`_PROGRESS_CHARS` characters or so."""
    text = clean_for_reading(text or "")
    lang = (lang or "").lower().split("-")[0]
    sentences = []
    next_report = 0
    for paragraph, start, end in _lines(text):
        if progress and start >= next_report:
            progress(start / len(text))
            next_report = start + _PROGRESS_CHARS
        for line_start, line_end in _split_line(text, start, end, lang):
            for a, b in _cap_length(text, line_start, line_end):
                sentences.append(Sentence(text[a:b], paragraph))
    if progress:
        progress(1.0)
    return sentences


def split_lines(text: str) -> list[Sentence]:
    """One sentence per input line, for text that is already segmented.

    Index ``i`` is line ``i`` of the input, so that gold alignments over line
    numbers stay valid: a blank line inside the text is kept as an empty
    sentence, blank lines at the end are dropped.  Lines are stripped;
    ``paragraph`` counts runs of non-blank lines."""
    lines = [line.strip() for line in clean_for_reading(text or "").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    sentences, paragraph, previous_blank = [], 0, False
    for line in lines:
        if line and previous_blank and sentences:
            paragraph += 1
        previous_blank = not line
        sentences.append(Sentence(line, paragraph))
    return sentences


def _lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(paragraph, start, end) of each non-blank line."""
    paragraph, seen, blank_since = 0, False, False
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            if seen and blank_since:
                paragraph += 1
            seen, blank_since = True, False
            yield paragraph, start, end
        else:
            blank_since = True
        start = end + 1


def _split_line(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    """Stripped (start, end) spans of the sentences of one line."""
    candidates = sorted(set(_blingfire_boundaries(text, start, end)) | set(_rule_candidates(text, start, end, lang)))
    spans, begin = [], start
    for position in candidates:
        if begin < position < end and _is_boundary(text, begin, position, end, lang):
            spans.append((begin, position))
            begin = position
    spans.append((begin, end))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s]


def _strip(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _blingfire_boundaries(text: str, start: int, end: int) -> Iterator[int]:
    """Where blingfire ends a sentence inside text[start:end] (absolute offsets)."""
    for a, b in _chunks(text, start, end):
        piece = text[a:b]
        for offset in _blingfire_sentence_ends(piece):
            if offset < len(piece):
                yield a + offset


def _blingfire_sentence_ends(piece: str) -> list[int]:
    """Character offsets at which blingfire's sentence breaker ends sentences.

    Calls the library's exported TextToSentencesWithOffsets directly: its
    Python wrapper maps byte offsets back to characters with a loop over
    every byte, too slow for the book-length inputs we must take."""
    # A lone surrogate (pasted text can hold one) has no UTF-8 form; it is
    # one character either way, so offsets are unchanged by the stand-in.
    data = _LONE_SURROGATE.sub("\ufffd", piece).encode("utf-8")
    if not data:
        return []
    size = len(data) * 2
    out, starts, ends = create_string_buffer(size), (c_int32 * size)(), (c_int32 * size)()
    length = blingfire.blingfire.TextToSentencesWithOffsets(
        c_char_p(data), c_int(len(data)), byref(out), byref(starts), byref(ends), c_int(size))
    if length < 0 or length > size:
        return []
    count = out.value.count(b"\n") + 1
    # End offsets are inclusive byte offsets; count characters incrementally.
    byte_ends = sorted(ends[i] + 1 for i in range(count))
    result, chars, previous = [], 0, 0
    for byte_end in byte_ends:
        chars += len(data[previous:byte_end].decode("utf-8", errors="ignore"))
        previous = byte_end
        result.append(chars)
    return result


def _chunks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """text[start:end] in pieces of at most about _CHUNK_CHARS, cut at whitespace."""
    while end - start > _CHUNK_CHARS:
        cut = text.rfind(" ", start + _CHUNK_CHARS // 2, start + _CHUNK_CHARS)
        cut = cut if cut > start else start + _CHUNK_CHARS
        yield start, cut
        start = cut
    yield start, end


def _rule_candidates(text: str, start: int, end: int, lang: str) -> Iterator[int]:
    """Boundaries blingfire may miss: before a title ("year. Mr. Joko"),
    after a closing quote, and (French) after a spaced closing guillemet."""
    for match in (_CANDIDATE_DE if lang == "de" else _CANDIDATE).finditer(text, start, end):
        position = match.end()
        if lang == "fr":
            close = _FRENCH_CLOSE.match(text, position, end)
            if close:
                position = close.end()
        yield position


def _is_boundary(text: str, begin: int, position: int, end: int, lang: str) -> bool:
    """Whether the sentence that started at ``begin`` ends at ``position``."""
    left = text[max(begin, position - 60):position].rstrip()
    right = text[position:min(end, position + 60)].lstrip()
    if not left or not right:
        return False
    if left.rstrip(_CLOSERS + "«› \u00a0\u202f")[-1:] not in tuple(TERMINATORS):
        return False  # blingfire also breaks after colons and bare quotes
    if right[0] in "”’)]}" or right[0] == ("«" if lang == "de" else "»"):
        return False  # the closing quote still belongs to this sentence (French « Bonjour. »)
    if position - begin < 12 and _LIST_MARKER.fullmatch(text[begin:position].strip()):
        return False
    token_match = _LAST_TOKEN.search(left)
    token = token_match.group(1) if token_match else ""
    word = _first_word(right)
    core = token.lstrip(_OPENERS)
    if core.endswith("..") or core.endswith("…"):
        # An ellipsis runs on inside an Arabic sentence; in cased scripts the
        # case of the next word decides (below).
        if _ARABIC_LETTER.match(word):
            return False
    elif core.endswith("."):
        if _is_abbreviation(core[:-1], word, lang) or _is_arabic_initial(left, core[:-1]):
            return False
    if word[:1].islower():
        return False
    return True


def _first_word(right: str) -> str:
    word = right.lstrip(_OPENERS + "-–— ")
    match = re.match(r"\S+", word)
    return match.group(0) if match else ""


def _is_abbreviation(stem: str, next_word: str, lang: str) -> bool:
    """Whether the full stop after ``stem`` belongs to an abbreviation."""
    lower = stem.lower()
    titles = _TITLES.get(lang, set()) | _TITLES["en"] if lang != "ar" else _TITLES["ar"] | _TITLES["en"]
    if lower in titles:
        return True
    starts_number = next_word[:1].isdigit()
    if starts_number and lower in _BEFORE_NUMBER.get(lang, _BEFORE_NUMBER["en"]) | _BEFORE_NUMBER["en"]:
        return True
    if len(stem) == 1 and _ARABIC_LETTER.match(stem):
        return True  # an Arabic single-letter abbreviation or initial: ع. م.
    if lang == "de" and _NUMBER.match(stem + ".") and next_word.lower().rstrip(".,") in _GERMAN_MONTHS:
        return True  # an ordinal date: 3. Oktober
    if _LATIN_INITIAL.fullmatch(stem + ".") or _DOTTED_ACRONYM.fullmatch(stem + "."):
        starters = _STARTERS.get(lang)
        if starters is None:
            return True
        return next_word.lower().strip("\"'“”‘’.,;:!?") not in starters
    return False


def _is_arabic_initial(left: str, stem: str) -> bool:
    if stem not in _ARABIC_LETTER_NAMES:
        return False
    words = left.split()
    return len(words) < 2 or words[-2] not in _ARABIC_LETTER_NAMES


def _cap_length(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut a sentence longer than MAX_SENTENCE_CHARS, preferring a clause
    break (، ؛ , ; :) then any whitespace in the second half of the window."""
    while end - start > MAX_SENTENCE_CHARS:
        window_end = start + MAX_SENTENCE_CHARS
        cut = -1
        for punct in "،؛,;:":
            cut = max(cut, text.rfind(punct + " ", start + _MIN_CUT, window_end))
        cut = cut + 1 if cut >= 0 else -1
        if cut < 0:
            space = _last_space(text, start + _MIN_CUT, window_end)
            cut = space if space > 0 else window_end
        while cut < end and _is_combining(text[cut]):
            cut += 1  # never separate a letter from its diacritics
        span = _strip(text, start, cut)
        if span:
            yield span
        start = cut
    span = _strip(text, start, end)
    if span:
        yield span


def _last_space(text: str, lo: int, hi: int) -> int:
    for i in range(hi - 1, lo - 1, -1):
        if text[i].isspace():
            return i
    return -1


def _is_combining(ch: str) -> bool:
    return unicodedata.combining(ch) != 0 or ch == "\u0640"
