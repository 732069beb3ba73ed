"""Whether an Arabic word transliterates a foreign name, read from its spelling.

Arabic writes a foreign name with a letter for most of its vowels and with
clusters and endings its own words lack (سوباندونو، تسوفالاريس، كوركران);
its own words are built on root patterns (استئناف، المصابين، يدعمون).  A
logistic model over the word's character n-grams (1 to 4 letters, its ends
marked) learns the difference from aligned pairs: the Arabic words the name
matcher takes as the rendering of an English name of their pair, against the
words of those pairs that nothing in the English explains
(:func:`align.fidelity.names.transliteration_examples`).

The name check uses it on a name the Arabic does not render: an Arabic word
spelt like a foreign name that no English word explains is what a replaced
name leaves behind, while a name Arabic translates (Nations, Green) leaves
only ordinary words.  The score is evidence for the calibration layer, not a
verdict of its own.  ``bench/fidelity_eval.py`` fits this model with the
calibration model, cross-validated by document the same way, and
``--write-model`` ships its weights in ``transliteration.json`` beside this
module; scoring needs no scikit-learn.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

MODEL_PATH = Path(__file__).with_name("transliteration.json")
LONGEST_NGRAM = 4
# The inverse L2 penalty of the fit, and the weights too small to ship
# (dropping them moves no score by more than a few hundredths).
REGULARISATION = 1.0
SMALLEST_WEIGHT = 0.005
# The score of a sentence with no word to judge: well below any word's.
NO_WORD = -8.0


def ngrams(word: str) -> set[str]:
    """The word's character n-grams, with "<" and ">" marking its ends."""
    marked = f"<{word}>"
    return {marked[i : i + n] for n in range(1, LONGEST_NGRAM + 1) for i in range(len(marked) - n + 1)}


@dataclass
class TransliterationModel:
    """Log-odds that a word transliterates a foreign name: the intercept plus
    the weights of the word's n-grams."""

    weights: dict[str, float]
    intercept: float
    meta: dict = field(default_factory=dict)

    def log_odds(self, word: str) -> float:
        return self.intercept + sum(self.weights.get(g, 0.0) for g in ngrams(word))

    def most_foreign(self, words: Iterable[str]) -> tuple[float, int | None]:
        """(log-odds, position) of the word most like a transliterated name;
        (:data:`NO_WORD`, None) for no words."""
        best, where = NO_WORD, None
        for k, word in enumerate(words):
            score = self.log_odds(word)
            if score > best:
                best, where = score, k
        return best, where

    @classmethod
    def fit(cls, words: Sequence[str], labels: Sequence[bool], *, strength: float = REGULARISATION,
            meta: dict | None = None) -> "TransliterationModel":
        """Fit on words and whether each renders a name (scikit-learn is
        needed here only).  The two classes are weighted alike: renderings
        are one word in twelve."""
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression

        if all(labels) or not any(labels):
            raise ValueError("the transliteration model needs both names and ordinary words")
        vectorizer = CountVectorizer(analyzer=ngrams, binary=True)
        x = vectorizer.fit_transform(words)
        model = LogisticRegression(C=strength, max_iter=5000, class_weight="balanced").fit(x, list(labels))
        weights = {g: float(w) for g, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])
                   if abs(w) >= SMALLEST_WEIGHT}
        return cls(weights, float(model.intercept_[0]), dict(meta or {}))

    def to_json(self) -> dict:
        return {"longest_ngram": LONGEST_NGRAM, "intercept": round(self.intercept, 4),
                "weights": {g: round(w, 4) for g, w in sorted(self.weights.items())}, "meta": self.meta}

    @classmethod
    def from_json(cls, data: dict) -> "TransliterationModel":
        if data.get("longest_ngram") != LONGEST_NGRAM:
            raise ValueError("transliteration model was fitted on other n-grams; refit it with "
                             "python bench/fidelity_eval.py --write-model")
        return cls({g: float(w) for g, w in data["weights"].items()}, float(data["intercept"]), data.get("meta", {}))

    def save(self, path: Path = MODEL_PATH) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")


@lru_cache(maxsize=1)
def default_model() -> TransliterationModel:
    return TransliterationModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
