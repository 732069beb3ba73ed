"""The number check: every number on one side must appear on the other.

Owns reading numbers out of Arabic and English text — digits in any script
(Arabic-Indic ٠–٩, Persian ۰–۹, ASCII) with their separators, percentages,
scale words (مليون, billion), ordinals (36th, السادس والثلاثين) and common
number words in both languages — and comparing the two multisets.

Small numbers written as words are *soft*: Arabic expresses "two" with a
dual ending and "first" idiomatically (لأول مرة), so a soft number missing on
the other side is not flagged alone; it still counts when the other side has
a different number of the same category in its place ("ثلاثة" against
"four").  Categories keep calendar expressions apart from counts: a decade
("the 1990s", التسعينيات) and a century (القرن العشرين) are compared only with
their own kind, because translators swap one for the other ("the early
2000s" for "the beginning of the twenty-first century").  Fractions (half,
نصف, two-thirds, ثلثي) match the same fraction or the percentage; "and a
half" adds to its count on both sides ("three and a half hours" ~ ثلاث
ساعات ونصف, "half a million" ~ نصف مليون).  A plural scale no count
precedes ("thousands of homes", آلاف المنازل) is an order of magnitude,
compared only with another: thousands where the original has millions is
a changed number.  A comparison before a number bounds it ("more than",
أكثر من, "no fewer than", ما لا يقل عن): the same number bounded the other
way ("less than 30,000" for أكثر من 30،000) is a changed quantity; a bound
one side drops is not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import FidelityFlag, Span, isolate_bidi
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
    # "" for a count or measure; "decade", "century", "fraction" or "magnitude".
    category: str = ""
    # ">" after "more than" / أكثر من, "<" after "less than" / أقل من, else "";
    # with ``bound_start`` where that phrase begins.
    bound: str = ""
    bound_start: int = -1

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
# Plural scales multiply a preceding number ("3 millions" is rare) and alone
# are an order of magnitude ("thousands of homes"; see _magnitudes).  Dozens
# and tens are both عشرات.
_EN_PLURAL_SCALES = {"hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12,
                     "dozens": 10, "tens": 10}
# Vague-ish counts: soft, compared only when the other side has another number.
_EN_SOFT_COUNTS = {"couple": 2, "dozen": 12, "half": 0.5, "quarter": 0.25}
# Fraction denominators multiply what precedes them ("two-thirds", "three quarters").
_EN_FRACTIONS = {"thirds": 1 / 3, "quarters": 0.25, "halves": 0.5}
_EN_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
                    "seventies": 70, "eighties": 80, "nineties": 90}
# "one" alone is a pronoun far more often than a number ("one of them").
_EN_ONE = {"one": 1, "a": 1, "an": 1}

_EN_TOKEN = re.compile(
    r"(?P<num>\d+(?:/\d+)+|\d+(?:\.\d+){2,}|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<ord>st|nd|rd|th)?(?![\d])"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<pct>%)"
)
_AND_A_HALF = re.compile(r"and\s+a\s+half\b", re.I)
_EN_DECADE = re.compile(r"\d{4}s\b|\d0s\b")
_EN_CENTURY_AFTER = re.compile(r"[\s-]+century\b", re.I)
_EN_PERCENT_WORDS = re.compile(r"\s*(?:%|per\s?cent\b|pct\b)", re.I)


_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")  # 1.500.000
_DECIMAL = re.compile(r"\d+(?:[.,]\d+)?")  # 3.5, and a decimal comma 3,5
_DIGIT_GROUP = re.compile(r"\d+")
# A fraction in digits (2/3, 3/4): one number, not two.  Only a numerator
# below a usual denominator: 12/05, 9/11 and 1/12 are dates.
_DIGIT_FRACTION = re.compile(r"(\d{1,2})/(\d{1,2})")
_DENOMINATORS = {2, 3, 4, 5, 6, 8, 10, 16}


def _digit_values(raw: str) -> list[tuple[float, int, int]]:
    """The numbers in one run of ASCII digits and separators, as (value,
    start, end) within ``raw``; never raises.

    A run is one number when it reads as one (thousands groups, a decimal
    point or comma, a fraction 2/3); otherwise (a date 12.05.2024 or 9/11,
    a version 2.0.1, an address 127.0.0.1) each digit group is a number of
    its own, as the other side writes them ("12 May 2024").
    """
    fraction = _DIGIT_FRACTION.fullmatch(raw)
    if fraction and int(fraction.group(2)) in _DENOMINATORS and 0 < int(fraction.group(1)) < int(fraction.group(2)):
        return [(int(fraction.group(1)) / int(fraction.group(2)), 0, len(raw))]
    if _THOUSANDS_COMMA.fullmatch(raw):
        return [(float(raw.replace(",", "")), 0, len(raw))]
    if _THOUSANDS_DOT.fullmatch(raw):
        return [(float(raw.replace(".", "")), 0, len(raw))]
    if _DECIMAL.fullmatch(raw):
        return [(float(raw.replace(",", ".")), 0, len(raw))]
    return [(float(m.group()), m.start(), m.end()) for m in _DIGIT_GROUP.finditer(raw)]


def _digit_tokens(m: re.Match) -> list[tuple]:
    """Number tokens for a digit-run match (see :func:`_digit_values`)."""
    return [("num", value, m.start() + start, m.start() + end, False)
            for value, start, end in _digit_values(m.group("num"))]


def _digit_alts(raw: str) -> tuple[float, ...]:
    if re.fullmatch(r"\d{1,3}\.\d{3}", raw):  # 150.000: thousands or decimals
        return (float(raw.replace(".", "")),)
    return ()


def english_numbers(text: str) -> list[Number]:
    """Numbers in English text, with their character spans."""
    tokens = []  # (kind, value, start, end, soft)
    skip_to = 0
    for m in _EN_TOKEN.finditer(text):
        if m.start() < skip_to:
            continue
        if m.group("num"):
            tokens.extend(_digit_tokens(m))
        elif m.group("word"):
            w = m.group("word").lower()
            if w in _EN_UNITS:
                tokens.append(("word", _EN_UNITS[w], m.start(), m.end(), _EN_UNITS[w] <= SOFT_LIMIT))
            elif w == "third" and tokens and tokens[-1][0] == "one" and re.match(r"\s+of\b", text[m.end():]):
                # "a third of" is a fraction; "a third defeat" an ordinal.
                tokens.append(("scale", 1 / 3, m.start(), m.end(), True))
            elif w in _EN_ORDINALS:
                tokens.append(("word", _EN_ORDINALS[w], m.start(), m.end(), _EN_ORDINALS[w] <= SOFT_LIMIT))
            elif w in _EN_SOFT_COUNTS:
                tokens.append(("word", _EN_SOFT_COUNTS[w], m.start(), m.end(), True))
            elif w in _EN_FRACTIONS:
                tokens.append(("scale", _EN_FRACTIONS[w], m.start(), m.end(), True))
            elif w in _EN_DECADE_WORDS:
                tokens.append(("word", _EN_DECADE_WORDS[w], m.start(), m.end(), True))
            elif w in _EN_SCALES and (w not in ("m", "mn", "bn", "tn") or text[m.start() - 1 : m.start()].isdigit()):
                tokens.append(("scale", _EN_SCALES[w], m.start(), m.end(), False))
            elif w in _EN_PLURAL_SCALES:
                tokens.append(("pscale", _EN_PLURAL_SCALES[w], m.start(), m.end(), True))
            elif w == "and" and _AND_A_HALF.match(text, m.start()):
                # "two and a half": one token, added to what precedes it
                half = _AND_A_HALF.match(text, m.start())
                tokens.append(("half", 0.5, m.start(), half.end(), True))
                skip_to = half.end()
            elif w in ("a", "an") and tokens and text[tokens[-1][2] : tokens[-1][3]].lower() == "half":
                tokens.append(("and", 0, m.start(), m.end(), False))  # "half a million"
            elif w in _EN_ONE:
                tokens.append(("one", 1, m.start(), m.end(), True))
            elif w == "and":
                tokens.append(("and", 0, m.start(), m.end(), False))
            else:
                tokens.append(("other", 0, m.start(), m.end(), False))
        else:
            tokens.append(("other", 0, m.start(), m.end(), False))
    numbers = _combine(tokens, text, _EN_PERCENT_WORDS, joiner_kinds={"and"}, hyphen_joins=True)
    numbers = sorted(numbers + _magnitudes(tokens, numbers, text), key=lambda n: n.start)
    _mark_bounds(numbers, text, _EN_BOUNDS)
    for k, n in enumerate(numbers):
        n.alts = _digit_alts(n.text)
        if n.value == 1 and not n.percent:  # "1 October" ~ الأول من أكتوبر: low information
            n.soft = True
        if n.text.lower() in _EN_SOFT_COUNTS:  # "a dozen" is often نحو عشرة
            n.soft = True
        if _EN_DECADE.match(text, n.start) or text[n.start : n.end].lower() in _EN_DECADE_WORDS:
            # "the 1980s" is often الثمانينيات: compare the decade, not the year.
            n.soft, n.category = True, "decade"
            n.alts = (n.value % 100,) if n.value >= 100 else ()
        elif _EN_CENTURY_AFTER.match(text, n.end):
            n.soft, n.category = True, "century"
        elif n.value < 1 and not n.percent and (not re.search(r"\d", n.text) or _DIGIT_FRACTION.fullmatch(n.text)):
            n.category = "fraction"
        if k and _same_value(n, numbers[k - 1]) and text[numbers[k - 1].end : n.start] == "-" and n.value < 20:
            # A tied score "2-2" is "بهدفين لمثلهما" in Arabic: one number.
            n.soft = True
        if k and re.fullmatch(r"\d{2}", n.text) and re.fullmatch(r"\d{4}", numbers[k - 1].text) \
                and text[numbers[k - 1].end : n.start] in ("-", "–"):
            n.alts = (numbers[k - 1].value // 100 * 100 + n.value,)
    return numbers


# A comparison right before a number bounds it: (pattern, direction), the
# negated forms ("no more than", ما لا يقل عن) first.
_EN_BOUNDS = [(re.compile(r"\b(?:no|not) (?:more|greater|higher) than\s*$|\b(?:at most|up to)\s*$", re.I), "<"),
              (re.compile(r"\b(?:no|not) (?:less|fewer|lower) than\s*$", re.I), ">"),
              (re.compile(r"\b(?:more|greater|higher|larger|bigger) than\s*$|\b(?:over|above|exceeding|at least"
                          r"|in excess of|upwards of)\s*$", re.I), ">"),
              (re.compile(r"\b(?:less|fewer|lower|smaller) than\s*$|\b(?:under|below)\s*$", re.I), "<")]
_AR_BOUNDS = [(re.compile(normalize_arabic("لا (?:يزيد|تزيد) (?:عن|على)\\s*$|لا (?:أكثر|أزيد) من\\s*$")), "<"),
              (re.compile(normalize_arabic("لا (?:يقل|تقل) عن\\s*$|لا أقل من\\s*$")), ">"),
              (re.compile(normalize_arabic("(?:أكثر|أزيد|أعلى) من\\s*$|(?:يزيد|تزيد|يربو|يتجاوز|تتجاوز|يفوق) (?:عن |على )?\\s*$"
                                           "|فوق\\s*$")), ">"),
              (re.compile(normalize_arabic("(?:أقل|أدنى) من\\s*$|(?:يقل|تقل) عن\\s*$|دون\\s*$")), "<")]


def _mark_bounds(numbers: list[Number], key: str, bounds) -> None:
    """Set each number's bound from the words just before it in ``key``
    (the text as the reader saw it, same length as the original)."""
    for n in numbers:
        before = key[max(0, n.start - 30) : n.start]
        for pattern, direction in bounds:
            m = pattern.search(before)
            if m:
                n.bound, n.bound_start = direction, n.start - len(before) + m.start()
                break


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
    # fractions
    "نصف": 0.5, "ربع": 0.25, "ثلث": 1 / 3, "ثلثي": 2 / 3, "ثلثا": 2 / 3,
    # the dual of nouns that usually count things ("هدفين" two goals, "شهرين" two months)
    "هدفين": 2, "هدفان": 2, "شهرين": 2, "شهران": 2, "عامين": 2, "عامان": 2, "سنتين": 2, "سنتان": 2,
    "يومين": 2, "يومان": 2, "اسبوعين": 2, "اسبوعان": 2, "ساعتين": 2, "ساعتان": 2, "دقيقتين": 2,
    "مرتين": 2, "مرتان": 2, "عقدين": 2, "عقدان": 2, "قرنين": 2, "ليلتين": 2, "نقطتين": 2,
    "شخصين": 2, "شخصان": 2, "طفلين": 2, "دولتين": 2, "دولتان": 2, "ضعفين": 2, "ضعفي": 2,
}
# Decades: الثمانينيات, ثمانينات.
_AR_DECADES = {}
for _stem, _v in (("عشرين", 20), ("ثلاثين", 30), ("اربعين", 40), ("خمسين", 50), ("ستين", 60),
                  ("سبعين", 70), ("ثمانين", 80), ("تسعين", 90)):
    _AR_DECADES[_stem + "يات"] = _AR_DECADES[_stem + "ات"] = _v
for _unit, _v in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("تسع", 9)):
    for _h in ("مائه", "مئه"):
        _AR_WORDS[_unit + _h] = _v * 100
_AR_WORDS = {normalize_arabic(k): v for k, v in _AR_WORDS.items()}
_AR_SCALES = {"مائه": 100, "مئه": 100, "الف": 1e3, "مليون": 1e6, "مليار": 1e9, "بليون": 1e9, "تريليون": 1e12}
# Plural scales multiply a preceding number ("ثلاثة آلاف") and are vague alone ("آلاف").
_AR_PLURAL_SCALES = {"الاف": 1e3, "الوف": 1e3, "ملايين": 1e6, "مليارات": 1e9, "بلايين": 1e9, "مئات": 100,
                     "عشرات": 10,
                     # fraction plurals after a count: ثلاثة أرباع
                     "ارباع": 0.25, "اثلاث": 1 / 3}
_AR_PLURAL_SCALES = {normalize_arabic(k): v for k, v in _AR_PLURAL_SCALES.items()}
_AR_DECADES = {normalize_arabic(k): v for k, v in _AR_DECADES.items()}
_AR_SCALES = {normalize_arabic(k): v for k, v in _AR_SCALES.items()}
_HUNDRED_SPELLING = re.compile("م[ئا]|مائ|مئ")
# The Arabic comma between digits groups thousands (30،000) as often as the
# Arabic thousands separator does.
_COMMA_GROUPS = re.compile(r"(?<=\d)،(?=\d{3}(?!\d))")
_AR_ONE = {"واحد", "واحده", "احد", "احدي"}
_AR_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")
_AR_TOKEN = re.compile(r"(?P<num>\d+(?:[.,/]\d+)*)|(?P<word>[\u0621-\u064a\u0660-\u0669\u066e-\u06d3]+)|(?P<pct>%)")
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
        if stem in _AR_DECADES:
            return "decade", _AR_DECADES[stem], wa
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
    key = _COMMA_GROUPS.sub(",", key)
    tokens = []
    decades = []
    for m in _AR_TOKEN.finditer(key):
        if m.group("num"):
            tokens.extend(_digit_tokens(m))
        elif m.group("word"):
            kind, value, wa = _arabic_word_value(normalize_arabic(m.group("word")))
            if value in (100, 300, 400, 500, 600, 700, 800, 900) and not _HUNDRED_SPELLING.search(m.group("word")):
                # Normalising folds the hamza of مئة, so a word ending in مية
                # (كمية "quantity", حمية "diet") would read as "a hundred":
                # only the written hamza or alef spelling is the number.
                kind, value, wa = "other", 0, False
            if kind == "decade":
                decades.append(Number(value, m.start(), m.end(), "", soft=True, category="decade"))
                kind = "other"
            if wa and kind in ("word", "scale", "pscale"):
                tokens.append(("and", 0, m.start(), m.start(), False))
            soft = kind == "word" and value <= SOFT_LIMIT
            if kind == "one":
                soft = True
            tokens.append((kind, value, m.start(), m.end(), soft))
        else:
            tokens.append(("other", 0, m.start(), m.end(), False))
    letters = normalize_for_percent(key)
    numbers = _combine(tokens, letters, _AR_PERCENT_WORDS, joiner_kinds={"and"}, hyphen_joins=False)
    for n in numbers:
        n.text = text[n.start : n.end]
        n.alts = _digit_alts(key[n.start : n.end])
        if _CENTURY.search(key[max(0, n.start - 8) : n.start]):  # القرن العشرين: a century, not 20
            n.soft, n.category = True, "century"
        elif n.value < 1 and not n.percent and (not re.search(r"\d", n.text)
                                                or _DIGIT_FRACTION.fullmatch(key[n.start : n.end])):
            n.category = "fraction"
    numbers = _merge_and_a_half(numbers, key, text) + _magnitudes(tokens, numbers, text)
    for d in decades:
        d.text = text[d.start : d.end]
    _mark_bounds(numbers, letters, _AR_BOUNDS)
    return sorted(numbers + decades, key=lambda n: n.start)


def _merge_and_a_half(numbers: list[Number], key: str, text: str) -> list[Number]:
    """ثلاث ساعات ونصف is three and a half hours: a ونصف one word after a
    count adds to it."""
    out: list[Number] = []
    for n in numbers:
        prev = out[-1] if out else None
        if prev is not None and n.value == 0.5 and n.text.startswith("و") and not prev.category \
                and len(key[prev.end : n.start].split()) <= 1:
            prev.value += 0.5
            prev.alts = ()
            prev.end, prev.text = n.end, text[prev.start : n.end]
            continue
        out.append(n)
    return out


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
        starts = kind in ("num", "word", "scale", "half") or (kind == "one" and _next_is_scale(tokens, i))
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
                if k == "half" and current != int(current):
                    break
                if k == "word" and prev == "word" and not _adds(current, v):
                    break
            if k == "num":
                current += v
                has_digits = True
            elif k in ("word", "one", "half"):
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


def _magnitudes(tokens, numbers: list[Number], text: str) -> list[Number]:
    """A plural scale no count precedes ("thousands of homes", آلاف المنازل,
    مئات الآلاف) as an order of magnitude: soft, so that a vague quantity
    missing on the other side ("many homes") is never flagged alone, and of
    its own category, so that it is compared only with another magnitude:
    thousands where the original has millions is a changed number."""
    taken = [(n.start, n.end) for n in numbers]
    return [Number(v, s, e, text[s:e], soft=True, category="magnitude")
            for kind, v, s, e, _ in tokens
            if kind == "pscale" and v >= 10 and not any(a <= s and e <= b for a, b in taken)]


def _next_is_scale(tokens, i) -> bool:
    """Whether "one" starts a number: "one million", الواحد والعشرين (21)."""
    nxt = [t[0] for t in tokens[i + 1 : i + 3]]
    return nxt[:1] in (["scale"], ["half"]) or nxt == ["and", "word"]


def _adds(current: float, v: float) -> bool:
    """Whether a number word extends the value read so far: a unit after a
    ten ("twenty five"), ten after a unit (Arabic teens "ثلاثة عشر")."""
    if current % 100 in (20, 30, 40, 50, 60, 70, 80, 90) and v < 10:
        return True
    return 0 < current < 10 and v == 10


# --- the check -----------------------------------------------------------


def _same_value(a: Number, b: Number) -> bool:
    return any(abs(x - y) <= 1e-6 * max(1.0, abs(x), abs(y)) for x in a.values() for y in b.values())


def _same(a: Number, b: Number) -> bool:
    if (a.category == "magnitude") != (b.category == "magnitude"):
        return False  # "thousands" is not the 1000 of the other side
    if a.category == "fraction" and b.percent or b.category == "fraction" and a.percent:
        fraction, percent = (a, b) if a.category == "fraction" else (b, a)
        return abs(fraction.value * 100 - percent.value) < 0.5  # a third ~ 33%
    return _same_value(a, b)


def _comparable(a: Number, b: Number) -> bool:
    """Whether one number can stand where the other was: a decade against a
    century is two ways to say when, not a changed number."""
    if a.category == b.category:
        return True
    return {a.category, b.category} == {"", "fraction"} and (a.percent or b.percent)


def _fmt(n: Number) -> str:
    return isolate_bidi(n.text.strip())


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
    same = []
    for a in ar:
        for k, e in enumerate(unmatched_en):
            if _same(a, e):
                same.append((a, unmatched_en.pop(k)))
                break
        else:
            unmatched_ar.append(a)
    unmatched_ar, unmatched_en = _match_digit_groups(unmatched_ar, unmatched_en, src_text, tgt_text)
    flags: list[FidelityFlag] = []
    # A changed number: both sides have a number the other lacks.  Soft
    # numbers take part only here.
    pairs = _pair_changed(_prefer_hard(unmatched_ar), _prefer_hard(unmatched_en))
    for a, e in pairs:
        flags.append(
            FidelityFlag(
                "number",
                "warning" if a.soft or e.soft else "error",
                f"number changed: the Arabic has {_fmt(a)} where the English has {_fmt(e)}",
                [Span("src", a.start, a.end, a.text), Span("tgt", e.start, e.end, e.text)],
                evidence={"check": "number_changed", "strength": float(not (a.soft or e.soft))},
            )
        )
    # The same number bounded the other way: "less than 30,000" for أكثر من 30،000.
    for a, e in same:
        if a.bound and e.bound and a.bound != e.bound:
            ar_phrase, en_phrase = src_text[a.bound_start : a.end], tgt_text[e.bound_start : e.end]
            flags.append(FidelityFlag(
                "number", "error",
                f"number bounded the other way: the Arabic has «{isolate_bidi(ar_phrase.strip())}» where the "
                f"English has «{isolate_bidi(en_phrase.strip())}»",
                [Span("src", a.bound_start, a.end, ar_phrase), Span("tgt", e.bound_start, e.end, en_phrase)],
                # The bound is part of the quantity: to the calibration
                # layer this is a changed number, on parsed evidence.
                evidence={"check": "number_changed", "strength": 1.0}))
    paired = {id(x) for pair in pairs for x in pair}
    hard_ar = [a for a in unmatched_ar if not a.soft and id(a) not in paired]
    hard_en = [e for e in unmatched_en if not e.soft and id(e) not in paired]
    for a in hard_ar:
        flags.append(
            FidelityFlag("number", "warning", f"number missing in the English: {_fmt(a)}",
                         [Span("src", a.start, a.end, a.text)],
                         evidence={"check": "number_missing_en", "strength": float(bool(re.search(r"\d", a.text)))})
        )
    for e in hard_en:
        flags.append(
            FidelityFlag("number", "warning", f"number not in the Arabic: {_fmt(e)}",
                         [Span("tgt", e.start, e.end, e.text)],
                         evidence={"check": "number_missing_ar", "strength": float(bool(re.search(r"\d", e.text)))})
        )
    return flags


def _pair_changed(ar: list[Number], en: list[Number]) -> list[tuple[Number, Number]]:
    pairs, left = [], list(en)
    for a in ar:
        e = next((e for e in left if _comparable(a, e)), None)
        if e is not None:
            left.remove(e)
            pairs.append((a, e))
    return pairs


_GROUP_GAP = re.compile(r"[ \u00a0\u202f-]")


def _match_digit_groups(ar: list[Number], en: list[Number], src: str, tgt: str):
    """A phone number or a space-grouped figure ("116 123", "10 000") is one
    number on a side that writes it "116123": join runs of digit groups that
    one side split when the joined digits are a number of the other side."""
    for one, other, one_text in ((en, ar, tgt), (ar, en, src)):
        for target in list(other):
            digits = re.sub(r"\D", "", fold_digits(target.text))
            if len(digits) < 4:
                continue
            run = _group_run(one, one_text, digits)
            if run:
                other.remove(target)
                for n in run:
                    one.remove(n)
    return ar, en


def _group_run(numbers: list[Number], text: str, digits: str) -> list[Number] | None:
    ordered = sorted(numbers, key=lambda n: n.start)
    for i in range(len(ordered)):
        joined, run = "", []
        for n in ordered[i:]:
            if run and not _GROUP_GAP.fullmatch(text[run[-1].end : n.start]):
                break
            run.append(n)
            joined += re.sub(r"\D", "", fold_digits(n.text))
            if joined == digits and len(run) > 1:
                return run
            if not digits.startswith(joined):
                break
    return None


def _prefer_hard(numbers: list[Number]) -> list[Number]:
    return sorted(numbers, key=lambda n: (n.soft, n.start))
