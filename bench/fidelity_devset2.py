"""Second, independent generator of the fidelity development set.

Written without looking at ``fidelity_devset.py``'s mechanisms, so that a
check tuned on one generator's artefacts is caught out by the other.  Same
input (the gold 1-1 pairs of ``ntrex-dev/clean``), same output format and
labels, other ways of breaking a sentence:

* ``number``: one digit of a number changed (2,450 -> 2,750; 1.5 -> 1.8;
  a year), a scale word swapped (million -> billion), a number word
  swapped (three -> five), or a date shifted (a weekday, a month, a day of
  the month next to its month; ``detail`` starts with ``date:``);
* ``name``: a capitalised name replaced by one of the same number of words
  taken from another document (never one this document uses);
* ``replaced``: the clause after a conjunction or relative pronoun
  swapped for a clause of another document opened by the same word, or the
  whole sentence replaced by another document's sentence of similar length;
* ``half_dropped``: a trailing part (after a comma, conjunction or relative
  pronoun) or a relative clause or apposition between two commas dropped,
  at least 38 % of the words, leaving a head that has a verb and does not
  end on a preposition;
* ``negation``: a negation inserted after an auxiliary ("not", "never",
  "no longer"), removed ("didn't" -> "did", "no longer" -> "still"),
  "managed to" -> "failed to", or an antonym swapped (rose -> fell).

A pair is corrupted with probability ``--error-rate`` (the headline, line
0, stays clean); its kind is drawn among the kinds that apply to it and
have the fewest cases so far, so that a kind that applies to few pairs
still gets its share; then, by the same rule, a mechanism of that kind,
then one of its edits at random.  Writes ``OUT/<doc>.jsonl``, one record per pair,
``{"i", "src", "tgt", "tgt_original", "label", "detail"}``, and
``OUT/manifest.json`` (seed, error rate, source, counts per label).

    python bench/fidelity_devset2.py [--clean DIR] [--out bench/out/fidelity-dev2] [--seed 7041] [--error-rate 0.15]
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import InputError
from bench.fidelity_devset import write_document

SEED = 7041
ERROR_RATE = 0.15
KINDS = ("number", "name", "replaced", "half_dropped", "negation")
DEFAULT_CLEAN = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ntrex-dev" / "clean"
DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "fidelity-dev2"
MIN_DROPPED = 0.38  # share of the words a half_dropped edit must remove

# --- numbers and dates -------------------------------------------------------
# A number not glued to a word, a hyphen or a slash (COVID-19, F-16, 24/7 are
# names or codes, not quantities).
_NUMBER = re.compile(r"(?<![\w\-/.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w\-/]|[.,]\d)"
                     r"|(?<![\w\-/.,])\d+(?:\.\d+)?(?![\w\-/]|[.,]\d)")
_SCALES = {"hundred": ("thousand",), "thousand": ("million", "hundred"), "million": ("billion", "thousand"),
           "billion": ("million", "trillion"), "trillion": ("billion",),
           "hundreds": ("thousands",), "thousands": ("hundreds", "millions"), "millions": ("thousands", "billions"),
           "billions": ("millions",)}
_SCALE = re.compile(r"(?:(?<=\d )|(?<=[a-z] ))(" + "|".join(_SCALES) + r")\b")
# "one" is left out: "no one", "one of them" are not quantities.
_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
# "May" and "March" are also words: a month only next to a day, a year or "in"/"of".
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
_MONTH_CONTEXT = re.compile(r"(?:\b(?:in|of|since|until|by|last|next|early|late|mid-)\s*$)|(?:\d\s*$)")
_DAY_OF_MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\s+(\d{1,2})\b|\b(\d{1,2})\s+(?:" + "|".join(MONTHS) + r")\b")

# --- negation ----------------------------------------------------------------
_AUX = re.compile(r"\b(is|are|was|were|will|would|can|could|should|must|did|does|do|has|have|had) ([a-z]+)\b")
_PERFECT = {"has", "have", "had"}
_BE = {"is", "are", "was", "were"}
# After these an auxiliary is a noun ("the will of"), a main verb ("did the job", "to do so") or a question.
_NOT_AFTER_AUX = {"not", "never", "no", "to", "of", "so", "it", "this", "that", "well", "what", "something",
                  "anything", "nothing", "and", "or", "but", "he", "she", "they", "we", "you", "there", "only",
                  "hardly", "barely", "scarcely", "rarely", "seldom", "none", "nobody", "neither", "nor",
                  "again", "too"}
_CONTRACTIONS = {"don't": "do", "doesn't": "does", "didn't": "did", "isn't": "is", "aren't": "are",
                 "wasn't": "was", "weren't": "were", "won't": "will", "wouldn't": "would", "can't": "can",
                 "couldn't": "could", "shouldn't": "should", "hasn't": "has", "haven't": "have", "hadn't": "had"}
_CONTRACTION = re.compile(r"\b(" + "|".join(re.escape(c) for c in _CONTRACTIONS) + r")\b", re.IGNORECASE)
_REMOVALS = ((re.compile(r"\b(is|are|was|were|will|would|can|could|should|must|did|does|do|has|have|had) not (?!only\b)"),
              r"\1 "), (re.compile(r"\bcannot\b"), "can"), (re.compile(r"\bno longer\b"), "still"),
             (re.compile(r"\b(has|have|had) never\b"), r"\1 always"))
_TO_VERBS = {"managed to": "failed to", "agreed to": "refused to", "decided to": "declined to",
             "wants to": "refuses to", "plans to": "has no plans to", "continued to": "ceased to"}
# One-way where the reverse would read oddly ("lost his life" -> "won his life").
_ANTONYMS = {"increase": "decrease", "decrease": "increase", "increased": "decreased", "decreased": "increased",
            "increases": "decreases", "rose": "fell", "fell": "rose", "rise": "fall", "rising": "falling",
            "falling": "rising", "won": "lost", "higher": "lower", "lower": "higher",
            "more than": "less than", "less than": "more than", "approved": "rejected", "rejected": "approved",
            "accepted": "rejected", "supported": "opposed", "opposed": "supported", "allowed": "banned",
            "banned": "allowed", "guilty": "innocent", "largest": "smallest", "biggest": "smallest",
            "best": "worst", "worst": "best", "strong": "weak", "stronger": "weaker", "success": "failure",
            "successful": "unsuccessful", "gained": "lost", "safe": "dangerous", "easy": "hard",
            "true": "false", "agree": "disagree", "always": "never"}
_ANTONYM = re.compile(r"\b(" + "|".join(sorted(_ANTONYMS, key=len, reverse=True)) + r")\b(?!')", re.IGNORECASE)

# --- clauses and names -------------------------------------------------------
# Where a clause may start: after a comma, or at a conjunction or relative
# pronoun (which the clause keeps).
_BOUNDARY = re.compile(r", | (?=(?:and|but|while|which|who|whom|where|because|after|when|although|though|that) )")
_CLAUSE_START = re.compile(r"(?:and|but|while|which|who|where|because|after|when|although|though|as|so) ")
_SENTENCE_END = re.compile(r"[.!?][\"”']?$")
_QUOTES = re.compile(r"[\"“”]")
_OPEN_SINGLE = re.compile(r"(?:^|(?<=[\s(:]))'(?=\w)")
_CLOSE_SINGLE = re.compile(r"(?<=[.,!?])'")
# A head that opens with one of these is a subordinate or introductory
# phrase until its comma: cut before that comma and no main clause is left.
_SUBORDINATE = {"because", "if", "when", "while", "although", "though", "as", "since", "unless", "whether",
                "after", "before", "like", "unlike", "of", "in", "on", "at", "for", "with", "without", "by",
                "from", "according", "despite", "during", "given", "once", "until", "to", "having", "following"}
# A head ending in one of these was cut inside a phrase ("starring Matt Damon in").
_DANGLING = {"in", "of", "to", "for", "with", "on", "at", "by", "from", "and", "or", "but", "the", "a", "an",
             "that", "as", "than", "into", "about", "between", "its", "their", "his", "her", "through", "over",
             "under", "across", "against", "around", "like", "is", "are", "was", "were", "be", "been", "saying",
             "adding", "admitting", "noting", "claiming", "arguing"}
_LEADERS = {"but", "and", "so", "yet", "or", "however", "still"}
_VERBS = {"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could",
          "should", "must", "may", "might", "do", "does", "did", "said", "says", "say", "told", "tells", "made",
          "make", "makes", "got", "get", "gets", "went", "go", "goes", "came", "come", "comes", "took", "take",
          "takes", "gave", "give", "gives", "saw", "see", "sees", "knew", "know", "knows", "thought", "think",
          "thinks", "want", "wants", "need", "needs", "hope", "hopes", "feel", "feels", "felt", "left", "met",
          "won", "lost", "became", "become", "held", "hold", "kept", "keep", "found", "find", "began", "sent",
          "spent", "put", "set", "led", "run", "ran", "seems", "seem", "'s", "'re", "'ve", "'ll", "'m", "'d"}
_NAME_WORD = r"[A-Z][a-z]+(?:-[A-Z][a-z]+|'(?!s\b)[A-Z]?[a-z]+)*"  # not the 's of "Warren's"
_CAPITALISED = re.compile(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})*\b(?!-)")
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep|President|Minister|Senator|Judge|Justice|Coach|Prof)\.? $")
# Capitalised words that are not names, or names of a kind a swap would not test.
_NOT_NAMES = set(WEEKDAYS) | set(MONTHS) | {
    "I", "Mr", "Mrs", "Ms", "Dr", "Sen", "Gov", "Rep", "President", "Prime", "Minister", "King", "Queen",
    "Prince", "Sir", "Lord", "Saint", "St", "God", "Christmas", "Easter", "Internet", "Democrat", "Democrats",
    "Republican", "Republicans", "Democratic", "Muslim", "Muslims", "Christian", "Christians", "Jewish",
    "Catholic", "English", "French", "Arabic", "American", "Americans", "African", "Mexican", "European",
    "Korean", "Cuban", "German", "Dutch", "Greek", "Swiss", "Thai", "Iraqi", "Israeli", "Saudi", "Pakistani",
    "Afghan", "Arab", "Arabs", "Kurds", "Turks", "Covid", "Coronavirus"}
_DEMONYM = re.compile(r"(?:ese|ian|ians|ish|ans)$")


@dataclass(frozen=True)
class Edit:
    variant: str  # the mechanism within the kind, so that each gets its share
    text: str
    detail: str


@dataclass
class Corpus:
    """What a mechanism may borrow from other documents."""
    common: set[str] = field(default_factory=set)  # words the English writes in lower case somewhere
    mid_capitalised: set[str] = field(default_factory=set)  # words it capitalises inside a sentence
    persons: set[str] = field(default_factory=set)  # names that follow a title (Ms, President) somewhere
    names: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # words -> [(name, doc)]
    doc_words: dict[str, set[str]] = field(default_factory=dict)  # every word a document's English uses
    sentences: list[tuple[str, str, int]] = field(default_factory=list)  # (doc, sentence, words)
    tails: list[tuple[str, str, int]] = field(default_factory=list)  # (doc, clause, words)


def read_clean(clean_dir: Path) -> list[tuple[str, list[str], list[str]]]:
    """The documents of a clean folder, sorted: (name, Arabic lines, English lines)."""
    src_dir, tgt_dir = Path(clean_dir) / "src", Path(clean_dir) / "tgt"
    if not src_dir.is_dir() or not tgt_dir.is_dir():
        raise InputError(f"{clean_dir}: expected src/ and tgt/ folders of one-sentence-per-line documents")
    docs = []
    for path in sorted(src_dir.iterdir()):
        tgt_path = tgt_dir / path.name
        if not tgt_path.is_file():
            raise InputError(f"{tgt_path}: missing English side of {path.name}")
        src = path.read_text(encoding="utf-8").splitlines()
        tgt = tgt_path.read_text(encoding="utf-8").splitlines()
        if len(src) != len(tgt):
            raise InputError(f"{path.name}: {len(src)} Arabic lines but {len(tgt)} English lines; "
                             "a clean folder holds 1-1 pairs, one per line")
        docs.append((path.name, src, tgt))
    if not docs:
        raise InputError(f"{src_dir}: no documents")
    return docs


def _words(text: str) -> int:
    return len(text.split())


def _common_words(docs) -> set[str]:
    """Every word the English of the corpus writes in lower case somewhere."""
    return {w for _, _, tgt in docs for line in tgt for w in re.findall(r"\b[a-z][a-z'-]*\b", line)}


def _initial(sentence: str, pos: int) -> bool:
    """Whether the word at ``pos`` opens a sentence (so is capitalised whatever it is)."""
    before = sentence[:pos].rstrip(" \"“”'‘(")
    return not before or before[-1] in ".:!?"


def _mid_capitalised(docs) -> set[str]:
    """Every word the English capitalises somewhere other than at the start
    of a sentence (headlines and subheadings, title-cased, left out)."""
    words = set()
    for _, _, tgt in docs:
        for line in tgt[1:]:
            if _SENTENCE_END.search(line):
                words.update(m.group() for m in re.finditer(_NAME_WORD, line) if not _initial(line, m.start()))
    return words


def _names_in(sentence: str, corpus: Corpus) -> list[tuple[int, int, str]]:
    """Spans of capitalised words that look like names.  Leading titles,
    demonyms and sentence-initial ordinary words are trimmed off ("The",
    "Ms", "German"); a span holding a word the corpus also writes in lower
    case is dropped whole ("Senate Judiciary Committee", "Elite League"),
    so that no part of an organisation's name passes for a name."""
    spans = []
    for m in _CAPITALISED.finditer(sentence):
        tokens = [(t.start() + m.start(), t.end() + m.start()) for t in re.finditer(r"\S+", m.group())]

        def lead(tok):
            word = sentence[tok[0]:tok[1]]
            return (word in _NOT_NAMES or bool(_DEMONYM.search(word))
                    or (_initial(sentence, tok[0]) and word not in corpus.mid_capitalised))

        def common(tok):
            lower = sentence[tok[0]:tok[1]].lower()
            return lower in corpus.common or lower[:-1] in corpus.common

        while tokens and lead(tokens[0]):
            tokens.pop(0)
        if tokens and len(tokens) <= 3 and not any(common(t) or lead(t) for t in tokens):
            spans.append((tokens[0][0], tokens[-1][1], sentence[tokens[0][0]:tokens[-1][1]]))
    return spans


def _close(head: str) -> str:
    """A sentence's head ended as a sentence: a full stop, and the quote it opened closed."""
    head = head.rstrip(" ,;:-—")
    if len(_QUOTES.findall(head)) % 2:
        return head + '."'
    if len(_OPEN_SINGLE.findall(head)) > len(_CLOSE_SINGLE.findall(head)):
        return head + ".'"
    return head + "."


def _stands_alone(head: str) -> bool:
    """Whether a sentence's head reads as a sentence: it has a verb, and it
    is not only an introductory phrase ("Because of the weather")."""
    words = re.findall(r"[\w-]+(?:'\w+)?", head.lower())
    while words and words[0] in _LEADERS:
        words.pop(0)
    if not words or (words[0] in _SUBORDINATE and "," not in head):
        return False
    return words[-1] not in _DANGLING and _has_verb(words)


def _has_verb(words: list[str]) -> bool:
    return any(w in _VERBS or (w.endswith("ed") and not w.endswith("eed")) or w[-2:] in _VERBS for w in words)


def _boundaries(sentence: str) -> list[tuple[int, int]]:
    """(end of the head, start of the clause) for each clause boundary past
    the third word; not "and"/"but" before a capitalised word ("Kim and
    Trump" is one phrase)."""
    return [(m.start(), m.end()) for m in _BOUNDARY.finditer(sentence) if _words(sentence[:m.start()]) >= 3
            and not re.match(r"(?:and|but) [A-Z]", sentence[m.end():])]


def build_corpus(docs) -> Corpus:
    corpus = Corpus(common=_common_words(docs), mid_capitalised=_mid_capitalised(docs))
    seen = set()
    for doc, _, tgt in docs:
        corpus.doc_words[doc] = {w for line in tgt for w in re.findall(r"[\w'-]+", line)}
        for i, line in enumerate(tgt):
            if i == 0 or not _SENTENCE_END.search(line):
                continue  # nothing is borrowed from a headline or a (title-cased) subheading
            for start, _, name in _names_in(line, corpus):
                if _TITLE.search(line[:start]):
                    corpus.persons.add(name)
                if (name, doc) not in seen:
                    seen.add((name, doc))
                    corpus.names.setdefault(len(name.split()), []).append((name, doc))
            corpus.sentences.append((doc, line, _words(line)))
            for end, start in _boundaries(line):
                tail = line[start:]
                if _CLAUSE_START.match(tail) and _stands_alone(line[:end]) and _words(tail) >= 3 \
                        and _has_verb(re.findall(r"[\w-]+(?:'\w+)?", tail.lower())) \
                        and len(_QUOTES.findall(tail)) % 2 == 0 and not _OPEN_SINGLE.search(tail) \
                        and not _CLOSE_SINGLE.search(tail) and not re.search(r"[.!?] ", tail):
                    corpus.tails.append((doc, tail, _words(tail)))
    return corpus


def number_edits(sentence: str, draw: random.Random) -> list[Edit]:
    """One digit of each number changed (a new digit drawn by ``draw``);
    each scale word, number word, weekday and month swapped for another."""
    edits = []
    days = {m.start(1) if m.group(1) else m.start(2) for m in _DAY_OF_MONTH.finditer(sentence)}
    for m in _NUMBER.finditer(sentence):
        number = m.group()
        value = number.replace(",", "")
        year = re.fullmatch(r"(19|20)\d\d", number) is not None
        positions = [k for k, c in enumerate(number) if c.isdigit()
                     and (k == 0 or c != "0" or "." in number[:k])]
        if year:
            positions = [3]  # the year, not the century
        for k in positions:
            choices = [d for d in "0123456789" if d != number[k] and not (k == 0 and d == "0" and len(value) > 1)]
            new = number[:k] + draw.choice(choices) + number[k + 1:]
            if m.start() in days:
                detail = f"date: day of the month {number} -> {new}"
                if not 1 <= int(new) <= 31:
                    continue
            elif year:
                detail = f"date: year {number} -> {new}"
            else:
                detail = f"digit: {number} -> {new}"
            edits.append(Edit("date" if detail.startswith("date") else "digit",
                              sentence[:m.start()] + new + sentence[m.end():], detail))
    for m in _SCALE.finditer(sentence):
        for new in _SCALES[m.group(1)]:
            edits.append(Edit("scale", sentence[:m.start(1)] + new + sentence[m.end(1):],
                              f"scale: {m.group(1)} -> {new}"))
    for m in _NUMBER_WORD.finditer(sentence):
        word = m.group(1)
        pool = _NUMBER_WORDS[:11] if word.lower() in _NUMBER_WORDS[:11] else _NUMBER_WORDS[11:]
        for new in pool:
            if new != word.lower():
                new = new.capitalize() if word[0].isupper() else new
                edits.append(Edit("word", sentence[:m.start(1)] + new + sentence[m.end(1):], f"word: {word} -> {new}"))
    for table, regex, what in ((WEEKDAYS, _WEEKDAY, "weekday"), (MONTHS, _MONTH, "month")):
        for m in regex.finditer(sentence):
            if what == "month" and not (_MONTH_CONTEXT.search(sentence[:m.start()])
                                        or re.match(r"\s+\d", sentence[m.end():])):
                continue
            for new in table:
                if new != m.group(1):
                    edits.append(Edit("date", sentence[:m.start()] + new + sentence[m.end():],
                                      f"date: {what} {m.group(1)} -> {new}"))
    return edits


def name_edits(sentence: str, doc: str, corpus: Corpus, draw: random.Random) -> list[Edit]:
    """Per name of the sentence, one swap for a name of another document
    (drawn by ``draw``) that shares no word with this document."""
    edits = []
    for start, end, name in _names_in(sentence, corpus):
        pool = [(other, other_doc) for other, other_doc in corpus.names.get(len(name.split()), ())
                if other_doc != doc and not any(w in corpus.doc_words[doc] for w in other.split())]
        if name in corpus.persons or _TITLE.search(sentence[:start]):
            # A person for a person, where the corpus names one of that shape.
            pool = [x for x in pool if x[0] in corpus.persons] or pool
        if pool:
            other, other_doc = draw.choice(pool)
            edits.append(Edit("swap", sentence[:start] + other + sentence[end:],
                              f"name: {name} -> {other} (from {other_doc})"))
    return edits


def replaced_edits(sentence: str, doc: str, corpus: Corpus, draw: random.Random) -> list[Edit]:
    """Per clause boundary, the clause after it swapped for one of another
    document; and the whole sentence swapped for one of similar length."""
    edits = []
    n = _words(sentence)
    for end, start in _boundaries(sentence):
        tail, head = sentence[start:], sentence[:start]
        if _words(tail) < MIN_DROPPED * n or len(_QUOTES.findall(head)) % 2 or _OPEN_SINGLE.search(head) \
                or not _stands_alone(sentence[:end]) or not _CLAUSE_START.match(tail):
            continue
        # A clause opened by the same word ("and ..." for "and ...") reads on from the head.
        pool = [(other_doc, other) for other_doc, other, words in corpus.tails
                if other_doc != doc and 0.6 * _words(tail) <= words <= 1.6 * _words(tail)
                and other.split()[0] == tail.split()[0]]
        if pool:
            other_doc, other = draw.choice(pool)
            edits.append(Edit("clause", head + other, f"clause replaced: '{tail}' -> '{other}' (from {other_doc})"))
    slack = max(2, round(0.2 * n))
    pool = [(other_doc, other) for other_doc, other, words in corpus.sentences
            if other_doc != doc and abs(words - n) <= slack]
    if pool:
        other_doc, other = draw.choice(pool)
        edits.append(Edit("sentence", other, f"sentence replaced by one of {other_doc}"))
    return edits


def half_dropped_edits(sentence: str) -> list[Edit]:
    """Each cut that drops at least MIN_DROPPED of the words and leaves a
    sentence-like head: a trailing part, or a middle clause."""
    edits = []
    n = _words(sentence)
    for end, _ in _boundaries(sentence):
        head = sentence[:end]
        if _words(head) >= 4 and _words(sentence[end:]) >= MIN_DROPPED * n and _stands_alone(head):
            edits.append(Edit("trailing", _close(head), f"dropped trailing: '{sentence[end:].strip()}'"))
    # A middle clause: a relative clause or apposition between two
    # consecutive commas, dropped with both of them.
    commas = [m.start() for m in re.finditer(r", ", sentence)]
    for a, b in zip(commas, commas[1:]):
        middle = sentence[a + 2:b]
        if re.match(r"(?:who|whose|which|where|including|a|an)\b", middle) \
                and _words(middle) >= MIN_DROPPED * n and _words(sentence[:a]) >= 2 \
                and len(_QUOTES.findall(middle)) % 2 == 0:
            edits.append(Edit("middle", sentence[:a] + " " + sentence[b + 2:], f"dropped middle: '{middle}'"))
    return edits


def _cased(new: str, old: str) -> str:
    return new[0].upper() + new[1:] if old[0].isupper() else new


def negation_edits(sentence: str) -> list[Edit]:
    """Each way of flipping the sentence's polarity: a negator after an
    auxiliary, a negation taken out, "managed to" -> "failed to", an antonym."""
    edits = []
    for m in _AUX.finditer(sentence):
        aux, nxt = m.group(1), m.group(2)
        if nxt in _NOT_AFTER_AUX or (aux not in _BE and nxt in ("a", "an", "the")) \
                or (aux in ("do", "does", "did") and sentence[:m.start()].endswith("to ")):
            continue
        if aux in _PERFECT and not (nxt == "been" or nxt.endswith(("ed", "en", "wn", "ne", "ught"))):
            continue  # "has a car", "had to": no clean place for a negator
        negator = "never" if aux in _PERFECT and nxt == "been" else "not"
        if aux in ("is", "are") and nxt.endswith("ing"):
            negator = "no longer"
        negated = "cannot" if aux == "can" and negator == "not" else f"{aux} {negator}"
        edits.append(Edit("inserted", sentence[:m.start(1)] + negated + sentence[m.end(1):],
                          f"negation inserted: '{negated} {nxt}'"))
    for m in _CONTRACTION.finditer(sentence):
        new = _cased(_CONTRACTIONS[m.group(1).lower()], m.group(1))
        edits.append(Edit("removed", sentence[:m.start()] + new + sentence[m.end():],
                          f"negation removed: '{m.group(1)}' -> '{new}'"))
    for regex, repl in _REMOVALS:
        for m in regex.finditer(sentence):
            new = m.expand(repl)
            edits.append(Edit("removed", sentence[:m.start()] + new + sentence[m.end():],
                              f"negation removed: '{m.group().strip()}' -> '{new.strip()}'"))
    for old, new in _TO_VERBS.items():
        for m in re.finditer(rf"\b{old}\b", sentence):
            edits.append(Edit("failed", sentence[:m.start()] + new + sentence[m.end():], f"'{old}' -> '{new}'"))
    for m in _ANTONYM.finditer(sentence):
        old = m.group(1)
        new = _cased(_ANTONYMS[old.lower()], old)
        edits.append(Edit("antonym", sentence[:m.start()] + new + sentence[m.end():], f"antonym: {old} -> {new}"))
    return edits


def candidates(docs, seed: int) -> dict[tuple[str, int], dict[str, list[Edit]]]:
    """The edits each kind could make on each non-headline pair."""
    corpus = build_corpus(docs)
    draw = random.Random(seed + 1)  # new digits and borrowed names or clauses, apart from the main draw
    table = {}
    for doc, _, tgt in docs:
        for i, e in enumerate(tgt[1:], start=1):
            table[(doc, i)] = {
                "number": number_edits(e, draw),
                "name": name_edits(e, doc, corpus, draw),
                "replaced": replaced_edits(e, doc, corpus, draw),
                "half_dropped": half_dropped_edits(e),
                "negation": negation_edits(e),
            }
            for kind, edits in table[(doc, i)].items():
                table[(doc, i)][kind] = [x for x in edits if x.text != e]
    return table


def generate(clean_dir: Path, out_dir: Path, seed: int = SEED, error_rate: float = ERROR_RATE) -> dict:
    if not 0 <= error_rate <= 1:
        raise InputError(f"error rate {error_rate}: expected a share between 0 and 1")
    docs = read_clean(clean_dir)
    table = candidates(docs, seed)
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {label: 0 for label in ("none",) + KINDS}
    used = Counter()  # cases per (kind, mechanism)
    for doc, src, tgt in docs:
        records = []
        for i, (a, e) in enumerate(zip(src, tgt)):
            label, new, detail = "none", e, ""
            if i > 0 and rng.random() < error_rate:
                kinds = [k for k in KINDS if table[(doc, i)][k]]
                if kinds:
                    # The kind with the fewest cases so far, so that a kind
                    # that applies to few pairs still gets its share.
                    fewest = min(counts[k] for k in kinds)
                    label = rng.choice([k for k in kinds if counts[k] == fewest])
                    edits = table[(doc, i)][label]
                    # Likewise the mechanism within the kind (a negation removed
                    # gets its share though insertions apply far more often).
                    variants = sorted({x.variant for x in edits})
                    fewest = min(used[(label, v)] for v in variants)
                    variant = rng.choice([v for v in variants if used[(label, v)] == fewest])
                    used[(label, variant)] += 1
                    edit = rng.choice([x for x in edits if x.variant == variant])
                    new, detail = edit.text, edit.detail
            counts[label] += 1
            records.append({"i": i, "src": a, "tgt": new, "tgt_original": e, "label": label, "detail": detail})
        write_document(out_dir, doc, records)
    manifest = {"generator": "fidelity_devset2", "seed": seed, "error_rate": error_rate,
                "source": str(clean_dir), "counts": counts}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clean", type=Path, default=DEFAULT_CLEAN)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--error-rate", type=float, default=ERROR_RATE, help="share of pairs corrupted (default 0.15)")
    args = ap.parse_args(argv)
    try:
        print(json.dumps(generate(args.clean, args.out, args.seed, args.error_rate)["counts"]))
    except InputError as exc:
        raise SystemExit(str(exc))


if __name__ == "__main__":
    main()
