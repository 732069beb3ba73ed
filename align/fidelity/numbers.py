"""The number check: every number on one side must appear on the other.

Owns reading numbers out of Arabic and English text — digits in any script
(Arabic-Indic ٠–٩, Persian ۰–۹, ASCII) with their separators, percentages,
scale words (مليون, billion), ordinals (36th, السادس والثلاثين) and common
number words in both languages — and comparing the two multisets.

Small numbers written as words are *soft*: Arabic expresses "two" with a
dual ending and "first" idiomatically (لأول مرة), so a soft number missing on
the other side is not flagged alone; it still counts when the other side has
a different number in its place ("ثلاثة" against "four").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import FidelityFlag, Span
from ..normalize import fold_digits, normalize_arabic

# Soft: number words up to this value (see the module docstring).
SOFT_LIMIT = 10


@dataclass
class Number:
    value: float
    start: int
    end: int
    text: str
    soft: bool = False
    percent: bool = False
    # Other readings of an ambiguous form: "150.000" is 150000 in much
    # Arabic typography; "1950-53" means 1953.
    alts: tuple[float, ...] = ()

    def values(self) -> tuple[float, ...]:
        return (self.value, *self.alts)


# --- English -------------------------------------------------------------

_EN_UNITS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
# "first" is left out: "for the first time" (لأول مرة) and "at first" are idioms.
_EN_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}
_EN_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
              "m": 1e6, "bn": 1e9, "mn": 1e6, "tn": 1e12}
# "one" alone is a pronoun far more often than a number ("one of them").
_EN_ONE = {"one": 1, "a": 1, "an": 1}

_EN_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<ord>st|nd|rd|th)?(?![\d])"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<pct>%)"
)
_EN_DECADE = re.compile(r"\d{4}s\b|\d0s\b")
_EN_PERCENT_WORDS = re.compile(r"\s*(?:%|per\s?cent\b|pct\b)", re.I)


def _parse_digits(raw: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        raw = raw.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", raw):  # 1.500.000
        raw = raw.replace(".", "")
    elif "," in raw:  # a decimal comma ("3,5")
        raw = raw.replace(",", ".", 1).replace(",", "")
    return float(raw)


def _digit_alts(raw: str) -> tuple[float, ...]:
    if re.fullmatch(r"\d{1,3}\.\d{3}", raw):  # 150.000: thousands or decimals
        return (float(raw.replace(".", "")),)
    return ()


def english_numbers(text: str) -> list[Number]:
    """Numbers in English text, with their character spans."""
    tokens = []  # (kind, value, start, end, soft)
    for m in _EN_TOKEN.finditer(text):
        if m.group("num"):
            tokens.append(("num", _parse_digits(m.group("num")), m.start(), m.end(), False))
        elif m.group("word"):
            w = m.group("word").lower()
            if w in _EN_UNITS:
                tokens.append(("word", _EN_UNITS[w], m.start(), m.end(), _EN_UNITS[w] <= SOFT_LIMIT))
            elif w in _EN_ORDINALS:
                tokens.append(("word", _EN_ORDINALS[w], m.start(), m.end(), _EN_ORDINALS[w] <= SOFT_LIMIT))
            elif w in _EN_SCALES and (w not in ("m", "mn", "bn", "tn") or text[m.start() - 1 : m.start()].isdigit()):
                tokens.append(("scale", _EN_SCALES[w], m.start(), m.end(), False))
            elif w in _EN_ONE:
                tokens.append(("one", 1, m.start(), m.end(), True))
            elif w == "and":
                tokens.append(("and", 0, m.start(), m.end(), False))
            else:
                tokens.append(("other", 0, m.start(), m.end(), False))
        else:
            tokens.append(("other", 0, m.start(), m.end(), False))
    numbers = _combine(tokens, text, _EN_PERCENT_WORDS, joiner_kinds={"and"}, hyphen_joins=True)
    for k, n in enumerate(numbers):
        n.alts = _digit_alts(n.text)
        if n.value == 1 and not n.percent:  # "1 October" ~ الأول من أكتوبر: low information
            n.soft = True
        if _EN_DECADE.match(text, n.start):  # "the 1980s" is often الثمانينيات
            n.soft = True
        if k and re.fullmatch(r"\d{2}", n.text) and re.fullmatch(r"\d{4}", numbers[k - 1].text) \
                and text[numbers[k - 1].end : n.start] in ("-", "–"):
            n.alts = (numbers[k - 1].value // 100 * 100 + n.value,)
    return numbers


# --- Arabic --------------------------------------------------------------

_AR_WORDS = {
    # cardinals (normalised: alef forms folded, ta marbuta as ha, alef maqsura as ya)
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمانيه": 8, "ثمان": 8, "تسع": 9, "تسعه": 9,
    "عشر": 10, "عشره": 10,
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
    "مئتين": 200, "مئتان": 200, "مائتين": 200, "مائتان": 200,
    "الفين": 2000, "الفان": 2000, "مليونين": 2e6, "مليونان": 2e6, "مليارين": 2e9, "ملياران": 2e9,
    # ordinals
    "ثاني": 2, "ثانيه": 2, "ثالث": 3, "ثالثه": 3, "رابع": 4, "رابعه": 4, "خامس": 5, "خامسه": 5,
    "سادس": 6, "سادسه": 6, "سابع": 7, "سابعه": 7, "ثامن": 8, "ثامنه": 8, "تاسع": 9, "تاسعه": 9,
    "عاشر": 10, "عاشره": 10, "حادي": 1,
}
for _unit, _v in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("تسع", 9)):
    for _h in ("مائه", "مئه"):
        _AR_WORDS[_unit + _h] = _v * 100
_AR_WORDS = {normalize_arabic(k): v for k, v in _AR_WORDS.items()}
_AR_SCALES = {"مائه": 100, "مئه": 100, "الف": 1e3, "مليون": 1e6, "مليار": 1e9, "بليون": 1e9, "تريليون": 1e12}
# Plural scales multiply a preceding number ("ثلاثة آلاف") and are vague alone ("آلاف").
_AR_PLURAL_SCALES = {"الاف": 1e3, "ملايين": 1e6, "مليارات": 1e9, "بلايين": 1e9}
_AR_SCALES = {normalize_arabic(k): v for k, v in _AR_SCALES.items()}
_AR_ONE = {"واحد", "واحده", "احد", "احدي"}
_AR_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")
_AR_TOKEN = re.compile(r"(?P<num>\d+(?:[.,]\d+)*)|(?P<word>[\u0621-\u064a\u0660-\u0669\u066e-\u06d3]+)|(?P<pct>%)")
# The ordinals in Levantine month names (كانون الثاني) are not numbers.
_LEVANTINE_MONTH = re.compile("(?:كانون|تشرين)\\s+[الأإ]+(?:ول|لثاني|ثاني)")
_CENTURY = re.compile("قرن\\s*$")
_AR_PERCENT_WORDS = re.compile(r"\s*(?:%%|(?:في|بال)\s?(?:ال)?(?:%s|%s)\b)" % (normalize_arabic("مائة"), normalize_arabic("مئة")))


def _arabic_word_value(word: str) -> tuple[str, float, bool]:
    """(kind, value, joined-with-wa) for one normalised Arabic word."""
    candidates = [(word, False)]
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            candidates.append((word[len(prefix) :], prefix.startswith("و")))
    for stem, wa in candidates:
        if stem in _AR_WORDS:
            return "word", _AR_WORDS[stem], wa
        if stem in _AR_SCALES:
            return "scale", _AR_SCALES[stem], wa
        if stem in _AR_PLURAL_SCALES:
            return "pscale", _AR_PLURAL_SCALES[stem], wa
        if stem in _AR_ONE:
            return "one", 1, wa
    return "other", 0, False


def arabic_numbers(text: str) -> list[Number]:
    """Numbers in Arabic text (any digit script, number words, ordinals)."""
    # Normalisation maps characters one to one except for removed marks, so
    # work on a copy with marks kept in place: fold digits and letters only.
    key = _LEVANTINE_MONTH.sub(lambda m: " " * len(m.group()), fold_digits(text))
    tokens = []
    for m in _AR_TOKEN.finditer(key):
        if m.group("num"):
            tokens.append(("num", _parse_digits(m.group("num")), m.start(), m.end(), False))
        elif m.group("word"):
            kind, value, wa = _arabic_word_value(normalize_arabic(m.group("word")))
            if wa and kind in ("word", "scale", "pscale"):
                tokens.append(("and", 0, m.start(), m.start(), False))
            soft = kind == "word" and value <= SOFT_LIMIT
            if kind == "one":
                soft = True
            tokens.append((kind, value, m.start(), m.end(), soft))
        else:
            tokens.append(("other", 0, m.start(), m.end(), False))
    numbers = _combine(tokens, normalize_for_percent(key), _AR_PERCENT_WORDS, joiner_kinds={"and"}, hyphen_joins=False)
    for n in numbers:
        n.text = text[n.start : n.end]
        n.alts = _digit_alts(key[n.start : n.end])
        if _CENTURY.search(key[max(0, n.start - 8) : n.start]):  # القرن العشرين: a century, not 20
            n.soft = True
    return numbers


def normalize_for_percent(text: str) -> str:
    """Same length as ``text``: letters folded one for one, for the percent regex."""
    return "".join(normalize_arabic(c) or c for c in text)


# --- combining tokens into numbers ---------------------------------------


def _combine(tokens, text, percent_re, *, joiner_kinds, hyphen_joins) -> list[Number]:
    """Group adjacent number tokens into values: words add up ("twenty-five",
    "خمسة وعشرون"), scales multiply what precedes them ("3 million", "ثلاثة
    آلاف"), a plural scale alone is vague and dropped, digits never merge with
    the digits of another token (a range "10-15" is two numbers)."""
    out: list[Number] = []
    i, n = 0, len(tokens)
    while i < n:
        kind, _, start, end, _ = tokens[i]
        starts = kind in ("num", "word", "scale") or (kind == "one" and _next_is_scale(tokens, i))
        if not starts:
            i += 1
            continue
        total = current = 0.0
        has_digits = False
        last_end = end
        j = i
        while j < n:
            k, v, s, e, soft = tokens[j]
            if j > i:
                if percent_re.match(text, last_end):
                    break
                gap = text[last_end:s].strip()
                if gap not in ("", "-") or (gap == "-" and not hyphen_joins):
                    break
                prev = tokens[j - 1][0]
                if k in joiner_kinds:
                    # "and"/و joins number words, never digits.
                    nxt = tokens[j + 1][0] if j + 1 < n else None
                    if has_digits or nxt not in ("word", "scale", "pscale"):
                        break
                    last_end = e
                    j += 1
                    continue
                if k == "num" or (k in ("word", "one") and (prev == "num" or has_digits)):
                    break
                if k == "word" and prev == "word" and not _adds(current, v):
                    break
            if k == "num":
                current += v
                has_digits = True
            elif k in ("word", "one"):
                current += v
            elif k == "scale":
                if v == 100:
                    current = (current or 1) * 100
                else:
                    total += (current or 1) * v
                    current = 0
            elif k == "pscale" and (current or total):
                total += (current or 1) * v
                current = 0
            else:
                break
            last_end = e
            j += 1
        value = total + current
        if value > 0 and j > i:
            pct = percent_re.match(text, last_end)
            end_pos = pct.end() if pct else last_end
            out.append(Number(value, start, end_pos, text[start:end_pos],
                              soft=not has_digits and value <= SOFT_LIMIT, percent=bool(pct)))
            # Skip the tokens of a percent phrase ("في المائة" is not 100).
            while j < n and tokens[j][2] < end_pos:
                j += 1
        i = max(j, i + 1)
    return out


def _next_is_scale(tokens, i) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1][0] == "scale"


def _adds(current: float, v: float) -> bool:
    """Whether a number word extends the value read so far: a unit after a
    ten ("twenty five"), ten after a unit (Arabic teens "ثلاثة عشر")."""
    if current % 100 in (20, 30, 40, 50, 60, 70, 80, 90) and v < 10:
        return True
    return 0 < current < 10 and v == 10


# --- the check -----------------------------------------------------------


def _same(a: Number, b: Number) -> bool:
    return any(abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y)) for x in a.values() for y in b.values())


def _fmt(n: Number) -> str:
    return n.text.strip()


def check_numbers(src_text: str, tgt_text: str, tgt_scoring: str | None = None) -> list[FidelityFlag]:
    """Flags for numbers missing, added or changed between the two sides.

    ``tgt_scoring`` is the English with press apparatus removed (bracketed
    insertions, footnote markers); numbers found only in the apparatus are
    not compared.  Spans always index ``src_text``/``tgt_text``.
    """
    ar = arabic_numbers(src_text)
    en = english_numbers(tgt_text)
    if tgt_scoring is not None and tgt_scoring != tgt_text:
        kept = english_numbers(tgt_scoring)
        filtered = []
        for n in en:
            for k, v in enumerate(kept):
                if _same(v, n):
                    filtered.append(n)
                    del kept[k]
                    break
        en = filtered
    unmatched_en = list(en)
    unmatched_ar = []
    for a in ar:
        for k, e in enumerate(unmatched_en):
            if _same(a, e):
                del unmatched_en[k]
                break
        else:
            unmatched_ar.append(a)
    flags: list[FidelityFlag] = []
    # A changed number: both sides have a number the other lacks.  Soft
    # numbers take part only here.
    pairs = list(zip(_prefer_hard(unmatched_ar), _prefer_hard(unmatched_en)))
    for a, e in pairs:
        flags.append(
            FidelityFlag(
                "number",
                "warning" if a.soft or e.soft else "error",
                f"number changed: the Arabic has {_fmt(a)} where the English has {_fmt(e)}",
                [Span("src", a.start, a.end, a.text), Span("tgt", e.start, e.end, e.text)],
            )
        )
    paired = {id(x) for pair in pairs for x in pair}
    hard_ar = [a for a in unmatched_ar if not a.soft and id(a) not in paired]
    hard_en = [e for e in unmatched_en if not e.soft and id(e) not in paired]
    for a in hard_ar:
        flags.append(
            FidelityFlag("number", "warning", f"number missing in the English: {_fmt(a)}",
                         [Span("src", a.start, a.end, a.text)])
        )
    for e in hard_en:
        flags.append(
            FidelityFlag("number", "warning", f"number not in the Arabic: {_fmt(e)}",
                         [Span("tgt", e.start, e.end, e.text)])
        )
    return flags


def _prefer_hard(numbers: list[Number]) -> list[Number]:
    return sorted(numbers, key=lambda n: (n.soft, n.start))
