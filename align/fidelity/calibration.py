"""The calibration layer: evidence in, a confidence and a severity out.

Every fidelity check reports what it measured in ``flag.evidence``: which
test raised the flag (``check``) and, where it has one, a figure of its own
(``strength``: a sub-span's similarity gain, a quote's similarity, the
distance to a name's other mentions …; ``likeness``: how much the Arabic word
most like a missing name resembles it; ``foreign``: how much the Arabic word
nothing in the English explains is spelt like a foreign name, from
:mod:`.transliteration`), and how many other tests raised a
candidate on the same pair (``others``: corroboration), and what the check
itself proposed (``proposed``: 2 for an error such as two parsed numbers
that differ, 1 for a warning, 0 for context), so that a rare check's hard
evidence counts before the model has seen many of its flags.  The pair's shared evidence is added
to it (similarity against the document and against the encoder's prior for
translations, margin, length z, headline, length in words, words of the
Arabic run together).  One logistic
model turns that evidence into the probability that the pair really has a
problem, and the severity follows from the probability with fixed meanings:

* ``error`` — confidence at least :data:`ERROR_CONFIDENCE`;
* ``warning`` — at least :data:`WARNING_CONFIDENCE`;
* ``info`` — at least :data:`INFO_CONFIDENCE` (visible, never counted as a
  problem); below it the candidate is dropped.

The model is fitted by ``bench/fidelity_eval.py --write-model`` on the
labelled development documents, its figures cross-validated by document; its
coefficients ship in ``calibration.json`` beside this module, so predicting
needs numpy only.  The checks hold no severity thresholds of their own: they
propose, this layer judges.  Flags without evidence (coverage, glossary,
editorial) are rule outcomes and pass through unchanged.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from ..model import FidelityFlag

ERROR_CONFIDENCE, WARNING_CONFIDENCE, INFO_CONFIDENCE = 0.9, 0.6, 0.25
# The inverse L2 penalty: chosen by document-grouped cross-validation on the
# development sets among 0.03, 0.1, 0.3 and 1 (stronger penalties transfer
# better to documents and error generators the model has not seen).
REGULARISATION = 0.1
MODEL_PATH = Path(__file__).with_name("calibration.json")
# The pair's evidence (see SemanticChecker.pair_evidence) and the check's own
# figure; margins are tenths of a similarity point wide, hence their scale.
FEATURES = ("doc_z", "corpus_z", "margin", "length_z", "headline", "log_words", "glued", "strength", "likeness",
            "removal_gain", "foreign", "others", "proposed")
# Log-odds of the transliteration model run to about ±8.
SCALES = {"margin": 50.0, "removal_gain": 50.0, "foreign": 0.25}
CLIP = 8.0
# Each check also shares a block of weights with the checks of its family,
# so that a rare check is judged like its family until its own cases say
# otherwise: a changed weekday (a handful of cases in the development sets)
# is parsed facts that differ, where a high margin means nothing, as it does
# for a changed number; for drift it means a faithful pair.
FAMILIES = ("facts", "meaning", "names")


def family(check: str) -> str:
    """The family of a check: facts (numbers, dates), names, or meaning
    (drift, negation, partial omission, quotes)."""
    if check.startswith(("number_", "date_")):
        return "facts"
    return "names" if check.startswith("name_") else "meaning"


def feature_row(evidence: dict, checks: Sequence[str]) -> np.ndarray:
    """One flag's feature vector: the evidence shared by all checks, then,
    for the flag's family and for its own check, an intercept and the same
    evidence again (each family, and each check within it, weighs the
    pair's evidence its own way)."""
    base = [float(evidence.get(name, 0.0) or 0.0) * SCALES.get(name, 1.0) for name in FEATURES]
    base = [min(CLIP, max(-CLIP, x)) if math.isfinite(x) else 0.0 for x in base]
    width = 1 + len(FEATURES)
    row = np.zeros(len(FEATURES) + width * (len(FAMILIES) + len(checks)))
    row[: len(FEATURES)] = base
    check = evidence.get("check")
    if check:
        blocks = [FAMILIES.index(family(check))] + ([len(FAMILIES) + checks.index(check)] if check in checks else [])
        for block in blocks:
            at = len(FEATURES) + width * block
            row[at] = 1.0
            row[at + 1 : at + width] = base
    return row


@dataclass
class CalibrationModel:
    """A fitted logistic model over :func:`feature_row` vectors."""

    checks: tuple[str, ...]
    coef: np.ndarray
    intercept: float
    meta: dict

    def predict(self, evidences: Iterable[dict]) -> np.ndarray:
        rows = [feature_row(e, self.checks) for e in evidences]
        if not rows:
            return np.zeros(0)
        logits = np.vstack(rows) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    @classmethod
    def fit(cls, evidences: Sequence[dict], labels: Sequence[bool], *, strength: float = REGULARISATION,
            meta: dict | None = None) -> "CalibrationModel":
        """Fit on candidate flags' evidence and whether their pair really has
        a problem (scikit-learn is needed here only, not to predict)."""
        from sklearn.linear_model import LogisticRegression

        checks = tuple(sorted({e.get("check") for e in evidences if e.get("check")}))
        x = np.vstack([feature_row(e, checks) for e in evidences])
        y = np.asarray(labels, dtype=bool)
        if y.all() or not y.any():
            raise ValueError("calibration needs flags on both faithful and faulty pairs")
        model = LogisticRegression(C=strength, max_iter=5000).fit(x, y)
        return cls(checks, model.coef_[0].copy(), float(model.intercept_[0]), dict(meta or {}))

    def to_json(self) -> dict:
        return {"features": list(FEATURES), "families": list(FAMILIES),
                "checks": list(self.checks),
                "coef": [round(float(c), 6) for c in self.coef], "intercept": round(self.intercept, 6),
                "meta": self.meta}

    @classmethod
    def from_json(cls, data: dict) -> "CalibrationModel":
        if tuple(data["features"]) != FEATURES or tuple(data.get("families", ())) != FAMILIES:
            raise ValueError("calibration model was fitted on other features; refit it with "
                             "python bench/fidelity_eval.py --write-model")
        checks = tuple(data["checks"])
        coef = np.asarray(data["coef"], dtype=float)
        if coef.size != len(FEATURES) + (1 + len(FEATURES)) * (len(FAMILIES) + len(checks)):
            raise ValueError("calibration model: coefficient count does not match its checks")
        return cls(checks, coef, float(data["intercept"]), data.get("meta", {}))

    def save(self, path: Path = MODEL_PATH) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def default_model() -> CalibrationModel:
    return CalibrationModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def severity_for(confidence: float) -> str | None:
    """The severity a confidence means; None below the info floor."""
    if confidence >= ERROR_CONFIDENCE:
        return "error"
    if confidence >= WARNING_CONFIDENCE:
        return "warning"
    if confidence >= INFO_CONFIDENCE:
        return "info"
    return None


def calibrate(flags: list[FidelityFlag], model: CalibrationModel | None = None) -> list[FidelityFlag]:
    """The flags with confidence and severity set from their evidence, most
    confident first; candidates below the info floor are dropped, flags
    without evidence kept as they are."""
    model = model or default_model()
    judged = [f for f in flags if f.evidence.get("check")]
    for flag, p in zip(judged, model.predict([f.evidence for f in judged])):
        flag.confidence = float(p)
        flag.severity = severity_for(flag.confidence) or "info"
    kept = [f for f in flags if not f.evidence.get("check") or severity_for(f.confidence) is not None]
    return sorted(kept, key=lambda f: -(f.confidence if f.confidence is not None else 2.0))
