"""Any Hugging Face sentence encoder (LaBSE, multilingual-e5, MiniLM…)
through ``transformers``, from a local folder or a hub name.

The model's own pooling is used: a sentence-transformers layout
(``modules.json``, ``1_Pooling/config.json``, an optional ``Dense`` layer as
in LaBSE) is honoured; a plain model is mean-pooled.  Nothing is downloaded
unless ``MUQABALA_ALLOW_DOWNLOAD=1``: a model that is not on this machine
raises :class:`EncoderUnavailable` saying how to get it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Sequence

import numpy as np

from . import EncoderUnavailable, encoded_prefix, l2_normalise

_BATCH = 32


def _how_to_get(model: str) -> str:
    return (
        f"the model {model!r} is not available on this machine. Either pass a local folder "
        f"(--model ./models/NAME) holding it, downloaded on a connected machine with "
        f"`huggingface-cli download {model} --local-dir ./models/NAME`, or allow downloads "
        f"with MUQABALA_ALLOW_DOWNLOAD=1. Without --model the bundled encoder needs nothing."
    )


def _read_json(path: Path) -> dict | list | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class TransformersEncoder:
    def __init__(self, model: str, *, batch_size: int = _BATCH, device: str = "cpu"):
        try:
            import torch
            from transformers import AutoModel, AutoTokenizer
        except ImportError as exc:
            raise EncoderUnavailable(
                "the transformers backend needs torch and transformers: pip install -r requirements.txt"
            ) from exc
        self._torch = torch
        local = Path(model).expanduser()
        offline = os.environ.get("MUQABALA_ALLOW_DOWNLOAD") != "1"
        if not local.is_dir() and model.startswith((".", "/", "~")):
            raise EncoderUnavailable(f"{model}: no such model folder")
        source = str(local) if local.is_dir() else model
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=offline)
            self.model = AutoModel.from_pretrained(source, local_files_only=offline).to(device).eval()
        except (OSError, ValueError) as exc:
            if local.is_dir():
                raise EncoderUnavailable(f"{model}: not a Hugging Face model folder ({exc})") from None
            raise EncoderUnavailable(_how_to_get(model)) from None
        self.folder = local if local.is_dir() else self._snapshot_folder(source)
        self.device = device
        self.batch_size = batch_size
        self.name = f"transformers/{model if not local.is_dir() else local.resolve()}"
        self.pooling, self.dense, self.max_length = self._sentence_transformers_modules()
        probe = self.encode(["probe"])
        self.dim = int(probe.shape[1])

    def _snapshot_folder(self, source: str) -> Path | None:
        try:
            from huggingface_hub import snapshot_download

            return Path(snapshot_download(source, local_files_only=True))
        except Exception:  # a plain model with no sentence-transformers files is fine
            return None

    def _sentence_transformers_modules(self):
        """Pooling mode, optional Dense layer and max length from the folder."""
        pooling, dense, max_length = "mean", None, 512
        folder = self.folder
        if folder is None:
            return pooling, dense, min(max_length, self.tokenizer.model_max_length)
        config = _read_json(folder / "sentence_bert_config.json") or {}
        max_length = int(config.get("max_seq_length", max_length))
        for module in _read_json(folder / "modules.json") or []:
            kind = module.get("type", "")
            path = folder / module.get("path", "")
            if kind.endswith("Pooling"):
                options = _read_json(path / "config.json") or {}
                for mode in ("cls_token", "mean_tokens", "max_tokens"):
                    if options.get(f"pooling_mode_{mode}"):
                        pooling = mode.split("_")[0]
                        break
            elif kind.endswith("Dense"):
                dense = self._load_dense(path)
        return pooling, dense, min(max_length, self.tokenizer.model_max_length)

    def _load_dense(self, path: Path):
        torch = self._torch
        options = _read_json(path / "config.json") or {}
        layer = torch.nn.Linear(options["in_features"], options["out_features"], bias=options.get("bias", True))
        if (path / "model.safetensors").exists():
            from safetensors.torch import load_file

            state = load_file(str(path / "model.safetensors"))
        else:
            state = torch.load(path / "pytorch_model.bin", map_location="cpu", weights_only=True)
        layer.load_state_dict({k.replace("linear.", ""): v for k, v in state.items()})
        activation = options.get("activation_function", "torch.nn.modules.linear.Identity")
        act = torch.nn.Tanh() if activation.endswith("Tanh") else torch.nn.Identity()
        return torch.nn.Sequential(layer, act).eval()

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        torch = self._torch
        # The tokenizer would tokenize all of a huge text before truncating it.
        texts = [encoded_prefix(s) for s in sentences]
        if not texts:
            return np.zeros((0, getattr(self, "dim", 0)), dtype=np.float32)
        # Sort by length so each batch pads little.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[np.ndarray] = [None] * len(texts)  # type: ignore[list-item]
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                batch = [texts[i] for i in order[start : start + self.batch_size]]
                inputs = self.tokenizer(batch, padding=True, truncation=True, max_length=self.max_length,
                                        return_tensors="pt").to(self.device)
                hidden = self.model(**inputs).last_hidden_state
                mask = inputs["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                if self.pooling == "cls":
                    pooled = hidden[:, 0]
                elif self.pooling == "max":
                    pooled = hidden.masked_fill(mask == 0, -1e9).max(dim=1).values
                else:
                    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                if self.dense is not None:
                    pooled = self.dense(pooled)
                for row, index in zip(pooled.float().cpu().numpy(), order[start : start + self.batch_size]):
                    out[index] = row
        return l2_normalise(np.stack(out))
