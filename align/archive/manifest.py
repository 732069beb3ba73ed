"""``OUT/manifest.jsonl``: one JSON line per finished document (done or
failed), appended as each finishes; the last line for a name is what
counts.  Appending a line is the commit point of a document, so a run
killed at any moment leaves a manifest that names only documents whose
outputs are complete (every output is first written whole to a temporary
file in the same folder, then renamed over its name: see
:func:`write_atomic`).  A line cut short by a crash is ignored on reading,
and the next line appended starts on a line of its own.

``OUT/runs.jsonl`` has one line per run that had documents to align: when
it started, how many manifest lines it found, and which documents it
planned to align.  The manifest only grows, so the two together prove what
each run redid: a document planned by a run was not done (from the same
inputs and options) in the first ``manifest_lines`` lines of the manifest.
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Iterator

MANIFEST_NAME = "manifest.jsonl"
RUNS_NAME = "runs.jsonl"
_PART = ".part"  # the suffix of atomic_file's temporary files
_UMASK = os.umask(0)
os.umask(_UMASK)


@dataclass
class Entry:
    """What the manifest records of one document."""

    name: str
    status: str  # "done", "failed" or "refused"
    original: str = ""
    translation: str = ""
    digests: dict[str, str] = field(default_factory=dict)
    settings: str = ""  # digest of the options that shape the output
    output: str = ""  # path relative to OUT
    sentences: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    figures: dict = field(default_factory=dict)
    error: str = ""
    finished_at: str = ""


class Manifest:
    def __init__(self, out_dir: Path):
        self.path = out_dir / MANIFEST_NAME
        self.entries: dict[str, Entry] = {}
        self.damaged_lines = 0
        self.lines = 0  # in the file, damaged ones included
        if self.path.exists():
            with open(self.path, encoding="utf-8") as fh:
                for line in fh:
                    self.lines += 1
                    try:
                        entry = Entry(**json.loads(line))
                    except (ValueError, TypeError):
                        self.damaged_lines += 1
                        continue
                    self.entries[entry.name] = entry

    def is_current(self, name: str, digests: dict[str, str], settings: str) -> bool:
        """Whether ``name`` is done from these very inputs and options."""
        entry = self.entries.get(name)
        return bool(entry and entry.status == "done" and entry.digests == digests and entry.settings == settings)

    def record(self, entry: Entry) -> None:
        entry.finished_at = entry.finished_at or _now()
        append_line(self.path, json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True))
        self.entries[entry.name] = entry
        self.lines += 1

    def record_run(self, planned: list[str]) -> None:
        """A line of ``runs.jsonl``: this run is about to align ``planned``."""
        append_line(self.path.parent / RUNS_NAME, json.dumps(
            {"started_at": _now(), "manifest_lines": self.lines, "planned": planned}, ensure_ascii=False))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def append_line(path: Path, line: str) -> None:
    """Append ``line`` and a newline to ``path``, on disk before returning;
    after a line a crash left unfinished, on a new line (else the two would
    run together and both be lost)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab+") as fh:
        if fh.seek(0, os.SEEK_END):
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) != b"\n":
                line = "\n" + line
        fh.write((line + "\n").encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that becomes ``path`` only once it is closed without an
    error: ``path`` is either its old self or all of the new content, never
    a part (temporary file in the same folder, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=_PART)
    try:
        os.chmod(temp, 0o666 & ~_UMASK)  # mkstemp makes it private; the output is an ordinary file
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def remove_unfinished(folder: Path) -> None:
    """Delete what a run killed mid-write left of :func:`atomic_file`'s
    temporary files in ``folder`` (one batch writes an ``OUT`` at a time)."""
    for path in folder.glob(f".*{_PART}"):
        if path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    with atomic_file(path) as fh:
        fh.write(data)
