"""Muqabala: align an Arabic original with its English translation and
check the fidelity of the translation.

Layers, each a module or small package, data flowing one way:
``readers`` and ``segment`` (documents to sentences) → ``encoders``
(sentence embeddings) → ``aligner`` (beads) → ``fidelity`` (flags) →
``store`` and ``edit`` (a reviewer's verdicts and fixes) → ``formats``
(TMX, XLIFF, CSV, JSONL, XLSX and HTML).  ``model`` holds the dataclasses
they share, ``pipeline`` strings the layers together for the CLI and the app.
"""
from .model import Alignment, Bead, FidelityFlag, Sentence, Span

__all__ = ["Alignment", "Bead", "FidelityFlag", "Sentence", "Span"]
