"""A batch: pair the documents of two folders, align every pair on the
cluster, record each in the manifest as it finishes, then write the corpus
outputs.

Re-running the same command skips each document done from the same inputs
with the same options and retries the others, so a run that was
interrupted, killed or had failures picks up where it stopped.  Outputs
are named after the original (``NAME`` + the format's extension); each
document's alignment is kept as our JSONL (the output itself for
``--format jsonl``, else ``OUT/.alignments/NAME.jsonl``) so that the corpus
outputs can be rebuilt from the finished documents, one at a time.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import InputError
from ..formats import EXPORT_FORMATS
from ..model import Alignment
from . import corpus
from .cluster import map_documents, open_client
from .documents import Refused, file_digest, list_documents, pair_by_name
from .manifest import MANIFEST_NAME, RUNS_NAME, Entry, Manifest, remove_unfinished, write_atomic
from .pairing import Pair, pair_documents, pairs_tsv
from .work import AlignOptions, DocumentResult, DocumentTask, Signature, align_document, document_signature

#: The output's suffix per format (the Vecalign ``beads`` file has none).
OUTPUT_SUFFIX = {**EXPORT_FORMATS, "beads": ""}
ALIGNMENTS_DIR = ".alignments"
PAIRS_NAME = "pairs.tsv"
RESERVED = {MANIFEST_NAME, RUNS_NAME, PAIRS_NAME, corpus.TMX_NAME,
            *(corpus.REPORT_NAME + s for s in (".csv", ".xlsx", ".html"))}


@dataclass
class BatchOptions:
    align: AlignOptions = field(default_factory=AlignOptions)
    pair_by: str = "name"  # or "content"
    follow_symlinks: bool = False
    scheduler: str | None = None  # tcp://host:8786; default $MUQABALA_SCHEDULER, else a LocalCluster
    workers: int | None = None  # LocalCluster processes (default: one per core)
    memory: corpus.MemoryFilter = field(default_factory=corpus.MemoryFilter)
    progress: bool = True


@dataclass
class BatchReport:
    """What a batch did, for the summary the CLI prints."""

    out_dir: Path
    done: list[str] = field(default_factory=list)  # aligned in this run
    unchanged: list[str] = field(default_factory=list)  # done before, from the same inputs
    failed: list[tuple[str, str]] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    unpaired_originals: list[str] = field(default_factory=list)
    unpaired_translations: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # pairing by content: path, why
    pairs: int = 0  # documents with a counterpart
    damaged_manifest_lines: int = 0  # cut short by a crash: those documents are done again
    interrupted: bool = False
    memory_units: int = 0

    def lines(self) -> list[str]:
        out = [f"refused {r.reason}" for r in self.refused]
        if self.damaged_manifest_lines:
            out.append(f"{self.damaged_manifest_lines} damaged line(s) of {MANIFEST_NAME} ignored")
        out += [f"unreadable {path}: {error}" for path, error in self.unreadable]
        out += [f"unpaired original {name}: no translation found for it" for name in self.unpaired_originals]
        out += [f"unpaired translation {name}: no original found for it" for name in self.unpaired_translations]
        out += [f"failed {name}: {error}" for name, error in self.failed]
        ok = len(self.done) + len(self.unchanged)
        out.append(f"{ok} of {self.pairs} documents aligned into {self.out_dir} "
                   f"({len(self.done)} this run, {len(self.unchanged)} unchanged since an earlier run)")
        if self.interrupted:
            out.append("interrupted: what was finished is kept; run the same command again to go on")
        else:
            out.append(f"translation memory: {self.memory_units} units in {self.out_dir / corpus.TMX_NAME}; "
                       f"corpus report: {self.out_dir / corpus.REPORT_NAME}.csv/.xlsx/.html")
        return out


def run_batch(src_dir: Path, tgt_dir: Path, out_dir: Path, options: BatchOptions | None = None, *,
              on_result: Callable[[DocumentResult], None] | None = None) -> BatchReport:
    """Align the documents of ``src_dir`` with their translations in
    ``tgt_dir`` into ``out_dir``; ``on_result`` sees each document's result
    once it is recorded.  Ctrl-C returns a report marked ``interrupted``."""
    options = options or BatchOptions()
    if options.pair_by not in ("name", "content"):
        raise InputError(f"--pair-by must be 'name' or 'content', not {options.pair_by!r}")
    originals, refused_src = list_documents(src_dir, follow_symlinks=options.follow_symlinks)
    translations, refused_tgt = list_documents(tgt_dir, follow_symlinks=options.follow_symlinks)
    report = BatchReport(out_dir, refused=refused_src + refused_tgt)
    out_dir.mkdir(parents=True, exist_ok=True)
    for folder in (out_dir, out_dir / ALIGNMENTS_DIR):
        remove_unfinished(folder)
    manifest = Manifest(out_dir)
    report.damaged_manifest_lines = manifest.damaged_lines
    for refusal in report.refused:
        if manifest.entries.get(refusal.name, Entry(refusal.name, "")).error != refusal.reason:
            manifest.record(Entry(refusal.name, "refused", error=refusal.reason))
    if not originals or not translations:
        raise InputError(f"no documents to pair: {src_dir} holds {len(originals)}, {tgt_dir} {len(translations)}")
    glossary_digest = file_digest(Path(options.align.glossary)) if options.align.glossary else ""
    settings = options.align.settings_digest(glossary_digest)
    digests: dict[str, dict[str, str]] = {}

    def plan(pairs: list[tuple[str, str]]) -> list[DocumentTask]:
        """The pairs' tasks, less what is done from the same inputs and options."""
        if not pairs:
            raise InputError(f"no document of {src_dir} has a counterpart in {tgt_dir}")
        report.pairs, tasks = len(pairs), []
        for original, translation in pairs:
            digests[original] = {"original": file_digest(originals[original]),
                                 "translation": file_digest(translations[translation])}
            if manifest.is_current(original, digests[original], settings):
                report.unchanged.append(original)
            else:
                tasks.append(DocumentTask(original, str(originals[original]), str(translations[translation]),
                                          options.align))
        return tasks

    def record(task: DocumentTask, result: DocumentResult) -> None:
        _record(out_dir, manifest, task, result, digests[task.name], settings, report)
        if on_result:
            on_result(result)

    def align(client, tasks: list[DocumentTask]) -> None:
        tasks = [t for t in tasks if not _reserved(t, record)]
        manifest.record_run([t.name for t in tasks])
        map_documents(client, align_document, tasks,
                      args=lambda task: (task,), size=lambda task: _bytes(task.original) + _bytes(task.translation),
                      on_result=record, on_lost=_lost,
                      sentences=lambda r: r.sentences, desc="aligning", progress=options.progress)

    try:
        if options.pair_by == "name":
            names, report.unpaired_originals, report.unpaired_translations = pair_by_name(originals, translations)
            pairs = [(name, name) for name in names]
            tasks = plan(pairs)
            if tasks:  # a run with nothing left to do starts no cluster
                with open_client(options.scheduler, options.workers) as client:
                    align(client, tasks)
        else:
            with open_client(options.scheduler, options.workers) as client:
                found, report.unreadable = _pair_by_content(client, originals, translations, options)
                write_atomic(out_dir / PAIRS_NAME, pairs_tsv(found).encode("utf-8"))
                pairs = [(p.original, p.translation) for p in found if p.original and p.translation]
                report.unpaired_originals = [p.original for p in found if not p.translation]
                report.unpaired_translations = [p.translation for p in found if not p.original]
                align(client, plan(pairs))
    except KeyboardInterrupt:
        report.interrupted = True
        return report
    names = sorted(name for name, _ in pairs)
    report.memory_units = corpus.write_memory(
        out_dir / corpus.TMX_NAME, _finished_alignments(out_dir, manifest, names, options.align.fmt), options.memory
    ).units
    corpus.write_report(out_dir, [manifest.entries[n] for n in names if n in manifest.entries]
                        + [manifest.entries[r.name] for r in report.refused])
    return report


def _reserved(task: DocumentTask, record) -> bool:
    """A document whose output would overwrite a batch file fails at once."""
    if task.name + OUTPUT_SUFFIX[task.options.fmt] not in RESERVED:
        return False
    record(task, DocumentResult(task.name, "failed", error=f"{task.name}: its output name is one the batch "
                                                           "uses for its own files; rename the document"))
    return True


def _bytes(path: str | Path) -> int:
    """A document's size, its task's priority (the biggest go first)."""
    return os.stat(path).st_size


def _lost(task: DocumentTask, exc: BaseException) -> DocumentResult:
    return DocumentResult(task.name, "failed", error=f"its worker died on it repeatedly ({type(exc).__name__}: {exc})")


def _alignment_path(out_dir: Path, name: str, fmt: str) -> Path:
    return out_dir / (name + ".jsonl") if fmt == "jsonl" else out_dir / ALIGNMENTS_DIR / (name + ".jsonl")


def _record(out_dir: Path, manifest: Manifest, task: DocumentTask, result: DocumentResult,
            digests: dict[str, str], settings: str, report: BatchReport) -> None:
    """Write a finished document's outputs (atomically), then its manifest line."""
    fmt = task.options.fmt
    output = out_dir / (task.name + OUTPUT_SUFFIX[fmt])
    entry = Entry(task.name, result.status, original=task.original, translation=task.translation, digests=digests,
                  settings=settings, sentences=result.sentences, seconds=round(result.seconds, 3),
                  cpu_seconds=round(result.cpu_seconds, 3),
                  figures=result.figures, error=result.error)  # fmt: skip
    if result.status == "done":
        write_atomic(output, result.output)
        if fmt != "jsonl":
            write_atomic(_alignment_path(out_dir, task.name, fmt), result.jsonl.encode("utf-8"))
        entry.output = output.name
        report.done.append(task.name)
    else:
        # An output left from an earlier run would pass for this run's.
        if task.name + OUTPUT_SUFFIX[fmt] not in RESERVED:
            output.unlink(missing_ok=True)
        report.failed.append((task.name, result.error))
    manifest.record(entry)


def _finished_alignments(out_dir: Path, manifest: Manifest, names: list[str], fmt: str):
    for name in names:
        entry = manifest.entries.get(name)
        if entry and entry.status == "done":
            yield name, Alignment.read_jsonl(_alignment_path(out_dir, name, fmt))


def _pair_by_content(client, originals: dict[str, Path], translations: dict[str, Path],
                     options: BatchOptions) -> tuple[list[Pair], list[tuple[str, str]]]:
    """Encode every document of both folders on the cluster and pair them;
    also the documents that could not be read (path, why): they stay unpaired."""
    jobs = [("original", name, path) for name, path in originals.items()]
    jobs += [("translation", name, path) for name, path in translations.items()]
    found: dict[str, list[Signature]] = {"original": [], "translation": []}
    langs = {"original": options.align.src_lang, "translation": options.align.tgt_lang}
    map_documents(
        client, document_signature, jobs,
        args=lambda job: (job[1], str(job[2]), options.align, langs[job[0]]), size=lambda job: _bytes(job[2]),
        on_result=lambda job, signature: found[job[0]].append(signature),
        on_lost=lambda job, exc: Signature(job[1], str(job[2]), error=f"its worker died on it ({exc})"),
        sentences=lambda s: s.count, desc="reading for pairing", progress=options.progress,
    )  # fmt: skip
    for side in found.values():
        side.sort(key=lambda s: s.name)
    unreadable = [(s.path, s.error) for side in found.values() for s in side if s.error]
    return pair_documents(found["original"], found["translation"]), unreadable
