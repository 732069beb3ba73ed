"""The date check: months (and the day attached to them) must match.

Owns month names in English (full and abbreviated) and Arabic — the
Gregorian transliterations (يناير…ديسمبر), the Levantine/Iraqi names
(كانون الثاني…كانون الأول) and the Maghrebi ones (جانفي، أفريل…) — and
weekday names.  A month on one side must be on the other; a day written
next to a month on both sides must be the same day.  Weekdays are compared
only when both sides name one: translators often drop or add them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import FidelityFlag, Span, isolate_bidi
from ..normalize import fold_digits, normalize_arabic
from .numbers import arabic_numbers

EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december"]
_EN_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
            "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_AR_MONTHS = {
    1: ["يناير", "كانون الثاني", "جانفي"],
    2: ["فبراير", "شباط", "فيفري"],
    3: ["مارس", "آذار", "اذار"],
    4: ["أبريل", "إبريل", "ابريل", "نيسان", "أفريل"],
    5: ["مايو", "أيار"],
    6: ["يونيو", "يونيه", "حزيران", "جوان"],
    7: ["يوليو", "يوليه", "تموز", "جويلية"],
    8: ["أغسطس", "آب", "أوت"],
    9: ["سبتمبر", "أيلول"],
    10: ["أكتوبر", "تشرين الأول"],
    11: ["نوفمبر", "تشرين الثاني"],
    12: ["ديسمبر", "كانون الأول"],
}
EN_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_AR_WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

_EN_MONTH_RE = re.compile(
    r"\b(?:(" + "|".join(m.capitalize() for m in EN_MONTHS) + r")|("
    + "|".join(a.capitalize() for a in _EN_ABBR) + r")\.)(?![\w])"
)
_EN_WEEKDAY_RE = re.compile(r"\b(" + "|".join(d.capitalize() for d in EN_WEEKDAYS) + r")s?\b")
_EN_DAY_BEFORE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?$")
_EN_DAY_AFTER = re.compile(r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?![.,]\d)")

# Arabic forms are matched on a normalised copy of the same length (see
# _arabic_key); "آب" must keep its madda to differ from أب "father".
_AR_PREFIX = "(?:^|(?<=[\\s\\(\\[«\"'،,.:؛-]))[وبلف]{0,2}"
# Maghrebi جوان (June) is also a given name (Joan, Jwan): a month only next to
# a day or year number, or after شهر.
_AMBIGUOUS_MONTHS = {"جوان"}
_MONTH_CONTEXT = re.compile(r"(?:\d\s*|شهر\s+)$")


def _arabic_key(text: str) -> str:
    """Normalised text with the same length as ``text`` (one char per char);
    alef madda is kept so that آب (August) differs from أب (father)."""
    return "".join(c if c == "آ" else (normalize_arabic(c) or c) for c in fold_digits(text))


def _ar_pattern(name: str) -> str:
    return r"\s+".join(re.escape(_arabic_key(w)) for w in name.split())


# Text that lost its spaces runs words into the month ("فييوليو"): names of
# five letters or more are also found inside a word (shorter ones such as
# مارس hide in verbs: يمارس).
_AR_MONTH_RE = [
    (month, re.compile(
        _AR_PREFIX + "(" + "|".join(_ar_pattern(n) for n in names) + ")(?![\u0621-\u064a])"
        + "".join("|(" + _ar_pattern(n) + ")(?![\u0621-\u064a])" for n in names if len(n) >= 5 and " " not in n)
    ))
    for month, names in _AR_MONTHS.items()
]
_AR_WEEKDAY_RE = [
    (day, re.compile(_AR_PREFIX + "(?:يوم\\s+)?(" + re.escape(_arabic_key(n)) + ")(?![\u0621-\u064a])"))
    for day, n in enumerate(_AR_WEEKDAYS)
]


@dataclass
class Mention:
    value: int  # month 1-12 or weekday 0-6
    start: int
    end: int
    text: str
    day: int | None = None


def english_months(text: str) -> list[Mention]:
    out = []
    for m in _EN_MONTH_RE.finditer(text):
        word = m.group(1) or m.group(2)
        month = EN_MONTHS.index(word.lower()) + 1 if m.group(1) else _EN_ABBR[word.lower()]
        if word == "May" and not _looks_like_date(text, m):
            continue
        if word == "March" and not _looks_like_date(text, m) and m.start() == 0:
            continue
        day = None
        before = _EN_DAY_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
        after = _EN_DAY_AFTER.match(text, m.end())
        if after and int(after.group(1)) <= 31:
            day = int(after.group(1))
        elif before and int(before.group(1)) <= 31:
            day = int(before.group(1))
        out.append(Mention(month, m.start(), m.end(), m.group(), day))
    return out


def _looks_like_date(text: str, m: re.Match) -> bool:
    """'May' is a month next to a number or after a preposition of time,
    not the modal verb."""
    before = text[max(0, m.start() - 12) : m.start()].lower()
    after = text[m.end() : m.end() + 6]
    return bool(re.search(r"\d", after[:4]) or re.search(r"(\d|\bin|\bof|\bsince|\buntil|\bby|\bearly|\blate|\bmid-?|\blast|\bnext|\bthis)\s*$", before))


def arabic_months(text: str) -> list[Mention]:
    key = _arabic_key(text)
    out = []
    for month, rx in _AR_MONTH_RE:
        for m in rx.finditer(key):
            g = next(k for k in range(1, len(m.groups()) + 1) if m.group(k))
            start, end = m.start(g), m.end(g)
            if m.group(g) in _AMBIGUOUS_MONTHS and not (
                _MONTH_CONTEXT.search(key[max(0, m.start() - 12) : m.start()]) or re.match(r"\s*\d", key[end : end + 4])
            ):
                continue
            out.append(Mention(month, start, end, text[start:end], _arabic_day(text, start, end)))
    return sorted(out, key=lambda x: x.start)


def _arabic_day(text: str, start: int, end: int) -> int | None:
    """The day written before the month ("5 نوفمبر", "الخامس من نوفمبر")."""
    window_start = max(0, start - 25)
    numbers = [n for n in arabic_numbers(text[window_start:start]) if n.value <= 31 and n.value == int(n.value)]
    if numbers:
        last = numbers[-1]
        gap = text[window_start + last.end : start].strip()
        if gap in ("", "من", "/", "-"):
            return int(last.value)
    return None


def english_weekdays(text: str) -> list[Mention]:
    return [Mention(EN_WEEKDAYS.index(m.group(1).lower()), m.start(1), m.end(1), m.group(1))
            for m in _EN_WEEKDAY_RE.finditer(text)]


def arabic_weekdays(text: str) -> list[Mention]:
    key = _arabic_key(text)
    out = []
    for day, rx in _AR_WEEKDAY_RE:
        for m in rx.finditer(key):
            # الأحد alone is also "one"; الاثنين "the two": require يوم or a
            # clear context for those two.
            if day in (0, 6) and not key[max(0, m.start() - 4) : m.start(1)].strip().endswith("يوم") and "يوم" not in m.group():
                continue
            out.append(Mention(day, m.start(1), m.end(1), text[m.start(1) : m.end(1)]))
    return sorted(out, key=lambda x: x.start)


def _month_name(month: int) -> str:
    return EN_MONTHS[month - 1].capitalize()


def check_dates(src_text: str, tgt_text: str) -> list[FidelityFlag]:
    flags: list[FidelityFlag] = []
    ar, en = arabic_months(src_text), english_months(tgt_text)
    unmatched_en = list(en)
    unmatched_ar = []
    for a in ar:
        match = next((e for e in unmatched_en if e.value == a.value), None)
        if match is None:
            unmatched_ar.append(a)
            continue
        unmatched_en.remove(match)
        if a.day is not None and match.day is not None and a.day != match.day:
            flags.append(FidelityFlag(
                "date", "error",
                f"date changed: the Arabic has {a.day} {isolate_bidi(a.text)} ({_month_name(a.value)}), the English {match.text} {match.day}",
                [Span("src", a.start, a.end, a.text), Span("tgt", match.start, match.end, match.text)],
                evidence={"check": "date_day_changed", "strength": 1.0},
            ))
    for a, e in zip(list(unmatched_ar), list(unmatched_en)):
        flags.append(FidelityFlag(
            "date", "error",
            f"month changed: the Arabic has {isolate_bidi(a.text)} ({_month_name(a.value)}) where the English has {e.text}",
            [Span("src", a.start, a.end, a.text), Span("tgt", e.start, e.end, e.text)],
            evidence={"check": "date_month_changed", "strength": 1.0},
        ))
        unmatched_ar.remove(a)
        unmatched_en.remove(e)
    for a in unmatched_ar:
        flags.append(FidelityFlag("date", "warning",
                                  f"month missing in the English: {isolate_bidi(a.text)} ({_month_name(a.value)})",
                                  [Span("src", a.start, a.end, a.text)], evidence={"check": "date_month_missing_en"}))
    for e in unmatched_en:
        flags.append(FidelityFlag("date", "warning", f"month not in the Arabic: {e.text}",
                                  [Span("tgt", e.start, e.end, e.text)], evidence={"check": "date_month_missing_ar"}))
    ar_days, en_days = arabic_weekdays(src_text), english_weekdays(tgt_text)
    if ar_days and en_days and not {a.value for a in ar_days} & {e.value for e in en_days}:
        a, e = ar_days[0], en_days[0]
        flags.append(FidelityFlag(
            "date", "error",
            f"weekday changed: the Arabic has {isolate_bidi(a.text)} ({EN_WEEKDAYS[a.value].capitalize()}) where the English has {e.text}",
            [Span("src", a.start, a.end, a.text), Span("tgt", e.start, e.end, e.text)],
            evidence={"check": "date_weekday_changed", "strength": 1.0},
        ))
    elif ar_days and not en_days:
        # Only this way round: an English weekday the Arabic lacks is most
        # often a title (The Sunday Times, Saturday Night Live) or a day the
        # Arabic writes without يوم, where the weekday reading is not sure.
        a = ar_days[0]
        flags.append(FidelityFlag("date", "warning",
                                  f"weekday missing in the English: {isolate_bidi(a.text)} ({EN_WEEKDAYS[a.value].capitalize()})",
                                  [Span("src", a.start, a.end, a.text)], evidence={"check": "date_weekday_missing_en"}))
    return flags
