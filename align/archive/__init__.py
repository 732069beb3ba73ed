"""Archives: align and check thousands of document pairs on a Dask cluster,
resumably, with corpus-wide outputs.

One job per module:

* :mod:`~align.archive.documents` — the documents of an input folder (no
  symbolic link is followed unless asked), pairing by file name, digests;
* :mod:`~align.archive.manifest` — ``OUT/manifest.jsonl`` (what is done,
  from which inputs, with which figures) and atomic file writes;
* :mod:`~align.archive.work` — what a worker does with one document, with
  one encoder per worker process;
* :mod:`~align.archive.cluster` — the Dask client (a ``LocalCluster`` or an
  existing scheduler), futures, ``as_completed`` and the progress bar;
* :mod:`~align.archive.pairing` — pairing originals with translations by
  their content;
* :mod:`~align.archive.corpus` — the streamed translation memory and the
  corpus report;
* :mod:`~align.archive.batch` — :func:`run_batch`, which ties them together
  (the CLI's ``batch`` is a thin layer over it).
"""
from __future__ import annotations

from .batch import BatchOptions, BatchReport, run_batch

__all__ = ["BatchOptions", "BatchReport", "run_batch"]
