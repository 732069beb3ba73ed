"""The review store: jobs, their alignments and reviewers' verdicts, saved as
they happen.

A *job* is one document pair under review: its two segmented sides, the
beads that align them (scores, fidelity flags, verdicts, comments) and a
document status.  Bead rows mirror :meth:`align.model.Alignment.bead_dict`
(the JSONL schema stays the source of truth); sentences live in their own
table so that paragraphs survive a round trip.

The store is a URL so that a team can later point it at a server database;
today the embedded SQLite backend is the one implemented:
``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db`` (the
SQLAlchemy convention) or a plain file path.  The default comes from
``$MUQABALA_STORE`` or ``~/.local/share/muqabala/reviews.db``.

Every write runs in one ``BEGIN IMMEDIATE`` transaction, so a process killed
mid-save leaves the previous state.  Writers are optimistic: every bead row
carries a ``version`` and a write names the version it was based on; a stale
write raises :class:`ConflictError` saying who changed the bead and when, so
two browser tabs on the same job never overwrite each other silently.
"""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Sequence

from .errors import InputError
from .model import VERDICTS, Alignment, Bead, FidelityFlag, Sentence

STATUSES = ("in_review", "done")
SUPPORTED_URLS = "sqlite:///relative/path.db, sqlite:////absolute/path.db or a plain file path"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL DEFAULT '',
    src_name    TEXT NOT NULL DEFAULT '',
    tgt_name    TEXT NOT NULL DEFAULT '',
    src_lang    TEXT NOT NULL,
    tgt_lang    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'in_review',
    meta        TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS sentences (
    job_id     INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    side       TEXT NOT NULL CHECK (side IN ('src', 'tgt')),
    idx        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    paragraph  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, side, idx)
);
-- One row per bead; the columns from src to reviewed_at are bead_dict's.
-- key is the bead's stable identity (a fix replaces rows with new keys);
-- position its place in document order.
CREATE TABLE IF NOT EXISTS beads (
    key          INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id       INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    src          TEXT NOT NULL,
    tgt          TEXT NOT NULL,
    src_text     TEXT NOT NULL,
    tgt_text     TEXT NOT NULL,
    score        REAL NOT NULL,
    flags        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    verdict      TEXT CHECK (verdict IS NULL OR verdict IN ('ok', 'needs_fix')),
    comment      TEXT NOT NULL DEFAULT '',
    reviewer     TEXT NOT NULL DEFAULT '',
    reviewed_at  TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS beads_by_position ON beads (job_id, position);
-- The activity log: one row per change a reviewer made, written in the same
-- transaction as the change.  beads names the beads as the reviewer saw
-- them (1-based positions at the time).  An alignment fix keeps in undo what
-- it replaced (JSON: position, the old rows with their keys, the new keys);
-- undone is set once it has been undone.
CREATE TABLE IF NOT EXISTS activity (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id    INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    at        TEXT NOT NULL,
    reviewer  TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    beads     TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT '',
    undo      TEXT,
    undone    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS activity_by_job ON activity (job_id, id);
"""


class StoreError(InputError):
    """The store cannot do what was asked: bad URL, unknown job, unreadable file."""


class ConflictError(StoreError):
    """Someone else changed the bead(s) since this copy was loaded."""

    def __init__(self, message: str, *, changed_by: str = "", changed_at: str = "") -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at


@dataclass
class BeadRow:
    """Where a bead of a loaded alignment lives in the store."""

    key: int
    version: int


@dataclass
class Job:
    """One document pair under review (``rows`` is filled by :meth:`ReviewStore.load_job`,
    parallel to ``alignment.beads``)."""

    id: int
    name: str
    created_at: str
    updated_at: str
    updated_by: str
    src_name: str
    tgt_name: str
    src_lang: str
    tgt_lang: str
    status: str
    beads: int = 0
    reviewed: int = 0
    flagged: int = 0
    rows: list[BeadRow] = field(default_factory=list)


@dataclass
class Activity:
    """One entry of a job's activity log (see :meth:`ReviewStore.activity`)."""

    at: str
    reviewer: str
    action: str  # created, verdict, edit, undo, status, rename
    beads: str  # "bead 3" or "beads 3–5", numbered as the reviewer saw them
    detail: str


def bead_numbers(positions: Sequence[int]) -> str:
    """0-based bead positions as the 1-based label a reviewer reads."""
    if not positions:
        return ""
    first, last = min(positions) + 1, max(positions) + 1
    return f"bead {first}" if first == last else f"beads {first}–{last}"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def default_url() -> str:
    url = os.environ.get("MUQABALA_STORE")
    if url:
        return url
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return str(Path(base) / "muqabala" / "reviews.db")


def sqlite_path(url: str) -> Path:
    """The database file a store URL names; :class:`StoreError` for other schemes."""
    if "://" not in url:
        return Path(url).expanduser()
    scheme, _, rest = url.partition("://")
    if scheme != "sqlite":
        raise StoreError(f"store URL {url!r}: scheme {scheme!r} is not supported; use {SUPPORTED_URLS}")
    if not rest.startswith("/") or rest in ("/", "/:memory:"):
        raise StoreError(f"store URL {url!r} names no database file; use {SUPPORTED_URLS}")
    return Path(rest[1:]).expanduser()


def _bead_row(alignment: Alignment, bead: Bead) -> dict:
    d = alignment.bead_dict(bead)
    return {
        "src": json.dumps(d["src"]),
        "tgt": json.dumps(d["tgt"]),
        "src_text": d["src_text"],
        "tgt_text": d["tgt_text"],
        "score": float(bead.score),
        "flags": json.dumps(d["flags"], ensure_ascii=False),
        "kind": d["kind"],
        "verdict": d["verdict"],
        "comment": d["comment"],
        "reviewer": d["reviewer"],
        "reviewed_at": d["reviewed_at"],
    }


_BEAD_COLUMNS = ("src", "tgt", "src_text", "tgt_text", "score", "flags", "kind",
                 "verdict", "comment", "reviewer", "reviewed_at")
_INSERT_BEAD = (
    f"INSERT INTO beads (job_id, position, {', '.join(_BEAD_COLUMNS)}) "
    f"VALUES (?, ?, {', '.join('?' * len(_BEAD_COLUMNS))})"
)


class ReviewStore:
    """Jobs and verdicts in a database named by ``url`` (see the module docstring)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.path = sqlite_path(self.url)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as conn:
                conn.executescript(_SCHEMA)
        except (OSError, sqlite3.DatabaseError) as exc:
            raise StoreError(f"review store {self.path}: cannot open ({exc})") from None

    # -- connections -------------------------------------------------------
    # One short-lived connection per operation: the app's script threads
    # change between reruns and several processes may share the file.
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        return conn

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            conn.execute("BEGIN")
            yield conn
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"review store {self.path}: {exc}") from None
        finally:
            conn.rollback()
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is saved or none of it."""
        conn = self._connect()
        try:
            # IMMEDIATE takes the write lock up front, so the version checks
            # and the writes that follow them see the same state.
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            conn.rollback()
            if isinstance(exc, sqlite3.DatabaseError):
                raise StoreError(f"review store {self.path}: {exc}") from None
            raise
        finally:
            conn.close()

    # -- jobs --------------------------------------------------------------
    def create_job(
        self,
        alignment: Alignment,
        name: str,
        *,
        src_name: str = "",
        tgt_name: str = "",
        reviewer: str = "",
    ) -> int:
        """Save a new job and return its id."""
        alignment.validate()
        stamp = now()
        with self._write() as conn:
            job_id = conn.execute(
                "INSERT INTO jobs (name, created_at, updated_at, updated_by, src_name, tgt_name,"
                " src_lang, tgt_lang, status, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'in_review', ?)",
                (name, stamp, stamp, reviewer, src_name, tgt_name, alignment.src_lang,
                 alignment.tgt_lang, json.dumps(alignment.meta, ensure_ascii=False, default=str)),
            ).lastrowid
            conn.executemany(
                "INSERT INTO sentences (job_id, side, idx, text, paragraph) VALUES (?, ?, ?, ?, ?)",
                (
                    (job_id, side, i, s.text, s.paragraph)
                    for side, sentences in (("src", alignment.src), ("tgt", alignment.tgt))
                    for i, s in enumerate(sentences)
                ),
            )
            self._insert_beads(conn, job_id, 0, alignment, alignment.beads)
            self._log(conn, job_id, stamp, reviewer, "created", "",
                      f"{len(alignment.beads)} beads, {len(alignment.src)} + {len(alignment.tgt)} sentences")
        return job_id

    def _insert_beads(self, conn, job_id: int, start: int, alignment: Alignment, beads: Sequence[Bead]) -> None:
        conn.executemany(
            _INSERT_BEAD,
            (
                (job_id, start + n, *(row[c] for c in _BEAD_COLUMNS))
                for n, row in enumerate(_bead_row(alignment, b) for b in beads)
            ),
        )

    def list_jobs(self) -> list[Job]:
        """Every job, most recently updated first, with bead counts."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT jobs.*, COUNT(beads.key) AS n_beads,"
                " COUNT(beads.verdict) AS n_reviewed,"
                " SUM(beads.flags != '[]') AS n_flagged"
                " FROM jobs LEFT JOIN beads ON beads.job_id = jobs.id"
                " GROUP BY jobs.id ORDER BY jobs.updated_at DESC, jobs.id DESC"
            ).fetchall()
        return [self._job(r) for r in rows]

    @staticmethod
    def _job(r: sqlite3.Row) -> Job:
        return Job(
            id=r["id"], name=r["name"], created_at=r["created_at"], updated_at=r["updated_at"],
            updated_by=r["updated_by"], src_name=r["src_name"], tgt_name=r["tgt_name"],
            src_lang=r["src_lang"], tgt_lang=r["tgt_lang"], status=r["status"],
            beads=r["n_beads"] or 0, reviewed=r["n_reviewed"] or 0, flagged=r["n_flagged"] or 0,
        )

    def get_job(self, job_id: int | str) -> Job:
        """A job by its id, or by its name (as ``python -m align export`` takes it)."""
        jobs = self.list_jobs()
        if isinstance(job_id, str) and job_id.isdigit():
            job_id = int(job_id)
        matches = [j for j in jobs if (j.id if isinstance(job_id, int) else j.name) == job_id]
        if len(matches) > 1:
            raise StoreError(
                f"{len(matches)} jobs are named {job_id!r} (ids {', '.join(str(j.id) for j in matches)}): give the id"
            )
        if not matches:
            raise StoreError(f"no job {job_id!r} in the review store {self.path}")
        return matches[0]

    def load_job(self, job_id: int | str) -> tuple[Job, Alignment]:
        """The job (by id or name) and its alignment; ``job.rows[n]`` locates
        ``alignment.beads[n]``."""
        job = self.get_job(job_id)
        job_id = job.id
        with self._read() as conn:
            meta = conn.execute("SELECT meta FROM jobs WHERE id = ?", (job_id,)).fetchone()["meta"]
            sides: dict[str, list[Sentence]] = {"src": [], "tgt": []}
            for r in conn.execute(
                "SELECT side, text, paragraph FROM sentences WHERE job_id = ? ORDER BY side, idx", (job_id,)
            ):
                sides[r["side"]].append(Sentence(r["text"], r["paragraph"]))
            rows = conn.execute(
                "SELECT * FROM beads WHERE job_id = ? ORDER BY position", (job_id,)
            ).fetchall()
        beads = [
            Bead(
                src=json.loads(r["src"]), tgt=json.loads(r["tgt"]), score=r["score"],
                flags=[FidelityFlag.from_dict(f) for f in json.loads(r["flags"])],
                verdict=r["verdict"], comment=r["comment"], reviewer=r["reviewer"],
                reviewed_at=r["reviewed_at"],
            )
            for r in rows
        ]
        alignment = Alignment(
            src=sides["src"], tgt=sides["tgt"], beads=beads,
            src_lang=job.src_lang, tgt_lang=job.tgt_lang, meta=json.loads(meta),
        )
        job.rows = [BeadRow(r["key"], r["version"]) for r in rows]
        return job, alignment

    def set_status(self, job_id: int, status: str, reviewer: str = "") -> None:
        if status not in STATUSES:
            raise StoreError(f"job status must be one of {', '.join(STATUSES)}, not {status!r}")
        self._update_job(job_id, "status", status, reviewer, f"status: {status.replace('_', ' ')}")

    def rename_job(self, job_id: int, name: str, reviewer: str = "") -> None:
        self._update_job(job_id, "name", name, reviewer, f"renamed: {name}")

    def _update_job(self, job_id: int, column: str, value: str, reviewer: str, detail: str) -> None:
        stamp = now()
        with self._write() as conn:
            if not conn.execute(
                f"UPDATE jobs SET {column} = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                (value, stamp, reviewer, job_id),
            ).rowcount:
                raise StoreError(f"no job {job_id} in the review store {self.path}")
            self._log(conn, job_id, stamp, reviewer, "status" if column == "status" else "rename", "", detail)

    def delete_job(self, job_id: int) -> None:
        with self._write() as conn:
            if not conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,)).rowcount:
                raise StoreError(f"no job {job_id} in the review store {self.path}")

    # -- reviewing ---------------------------------------------------------
    def save_verdict(
        self,
        job_id: int,
        bead_key: int,
        verdict: str | None,
        comment: str,
        reviewer: str,
        expected_version: int,
    ) -> int:
        """Record a verdict (``ok``, ``needs_fix`` or ``None``) and comment on a
        bead; return the bead's new version.

        Raises :class:`ConflictError` when the bead is no longer at
        ``expected_version`` (someone saved since it was loaded) or no longer
        exists (someone fixed the alignment around it).
        """
        return self.save_verdicts(job_id, [BeadRow(bead_key, expected_version)], verdict, comment, reviewer)[0]

    def save_verdicts(
        self, job_id: int, rows: Sequence[BeadRow], verdict: str | None, comment: str, reviewer: str
    ) -> list[int]:
        """One verdict and comment on several beads at once, all or none
        (e.g. a run of omissions accepted as deliberate, with the reason as
        comment); returns the beads' new versions.  Conflicts as in
        :meth:`save_verdict`."""
        if verdict is not None and verdict not in VERDICTS:
            raise StoreError(f"verdict must be one of {', '.join(VERDICTS)} or empty, not {verdict!r}")
        stamp = now()
        positions, verdict_changed, comment_changed = [], False, False
        with self._write() as conn:
            for bead_row in rows:
                row = conn.execute(
                    "SELECT version, reviewer, reviewed_at, position, verdict, comment FROM beads"
                    " WHERE key = ? AND job_id = ?",
                    (bead_row.key, job_id),
                ).fetchone()
                if row is None:
                    self._vanished(conn, job_id)
                if row["version"] != bead_row.version:
                    raise ConflictError(
                        f"this bead was changed by {row['reviewer'] or 'someone'} at {row['reviewed_at']} "
                        "since you loaded it; reload to see their verdict",
                        changed_by=row["reviewer"], changed_at=row["reviewed_at"],
                    )
                conn.execute(
                    "UPDATE beads SET verdict = ?, comment = ?, reviewer = ?, reviewed_at = ?,"
                    " version = version + 1 WHERE key = ?",
                    (verdict, comment, reviewer, stamp, bead_row.key),
                )
                positions.append(row["position"])
                verdict_changed |= row["verdict"] != verdict
                comment_changed |= row["comment"] != comment
            # the log says what changed: a comment saved alone is a comment, not a verdict
            said = [(verdict or "verdict taken back").replace("_", " ")] if verdict_changed else []
            if comment_changed:
                said.append(f"comment: {comment}" if comment else "comment removed")
            self._log(conn, job_id, stamp, reviewer, "verdict" if verdict_changed else "comment",
                      bead_numbers(positions), "; ".join(said) or "saved unchanged")
            self._touch(conn, job_id, stamp, reviewer)
        return [r.version + 1 for r in rows]

    def replace_beads(
        self,
        job_id: int,
        old: range,
        alignment: Alignment,
        new: range,
        expected: Sequence[BeadRow],
        reviewer: str = "",
        label: str = "alignment fixed",
    ) -> list[BeadRow]:
        """Replace the stored beads at positions ``old`` with
        ``alignment.beads[new.start:new.stop]`` (an alignment fix or a
        re-score, see :mod:`align.edit`) and return the new beads' rows.

        ``expected`` are the rows (keys and versions) the caller loaded for
        the positions ``old``; if the store holds anything else there,
        :class:`ConflictError`.  The new beads must cover exactly the
        sentences of the old ones, so that the stored alignment stays valid.
        The fix goes into the activity log as ``label``, with what it replaced,
        so that :meth:`undo_last_edit` can put it back.
        """
        new_beads = alignment.beads[new.start:new.stop]
        stamp = now()
        with self._write() as conn:
            rows = conn.execute(
                "SELECT * FROM beads WHERE job_id = ? AND position >= ? AND position < ? ORDER BY position",
                (job_id, old.start, old.stop),
            ).fetchall()
            if [(r["key"], r["version"]) for r in rows] != [(e.key, e.version) for e in expected]:
                versions = {e.key: e.version for e in expected}
                for r in rows:
                    if r["key"] in versions and r["version"] != versions[r["key"]]:
                        raise ConflictError(
                            f"a bead here was changed by {r['reviewer'] or 'someone'} at {r['reviewed_at']} "
                            "since you loaded it; reload the job",
                            changed_by=r["reviewer"], changed_at=r["reviewed_at"],
                        )
                self._vanished(conn, job_id)
            for side in ("src", "tgt"):
                before = [i for r in rows for i in json.loads(r[side])]
                after = [i for b in new_beads for i in getattr(b, side)]
                if before != after:
                    raise StoreError(
                        f"a fix must keep the same {side} sentences: {before} would become {after}"
                    )
            conn.execute(
                "DELETE FROM beads WHERE job_id = ? AND position >= ? AND position < ?",
                (job_id, old.start, old.stop),
            )
            shift = len(new_beads) - len(old)
            if shift:
                conn.execute(
                    "UPDATE beads SET position = position + ? WHERE job_id = ? AND position >= ?",
                    (shift, job_id, old.stop),
                )
            self._insert_beads(conn, job_id, old.start, alignment, new_beads)
            new_rows = [
                BeadRow(r["key"], r["version"])
                for r in conn.execute(
                    "SELECT key, version FROM beads WHERE job_id = ? AND position >= ? AND position < ?"
                    " ORDER BY position",
                    (job_id, old.start, old.start + len(new_beads)),
                )
            ]
            undo = {"position": old.start, "old": [dict(r) for r in rows], "new": [r.key for r in new_rows]}
            self._log(conn, job_id, stamp, reviewer, "edit", bead_numbers(list(old)), label,
                      undo=json.dumps(undo, ensure_ascii=False))
            self._touch(conn, job_id, stamp, reviewer)
        return new_rows

    def undo_last_edit(self, job_id: int, reviewer: str = "") -> Activity | None:
        """Undo the job's latest alignment fix that is not undone yet: the
        beads it made give way to the beads it replaced, with their scores,
        flags, verdicts and comments.  Returns the entry undone, or ``None``
        when there is nothing to undo.  Verdicts given on the fixed beads
        since are dropped with them (the log keeps them).  If the beads the
        fix made are no longer where it left them, :class:`ConflictError`."""
        stamp = now()
        with self._write() as conn:
            entry = self._last_edit(conn, job_id)
            if entry is None:
                return None
            undo = json.loads(entry["undo"])
            start, new_keys, old_rows = undo["position"], undo["new"], undo["old"]
            here = [r["key"] for r in conn.execute(
                "SELECT key FROM beads WHERE job_id = ? AND position >= ? AND position < ? ORDER BY position",
                (job_id, start, start + len(new_keys)),
            )]
            if here != new_keys:
                self._vanished(conn, job_id)
            conn.execute("DELETE FROM beads WHERE job_id = ? AND position >= ? AND position < ?",
                         (job_id, start, start + len(new_keys)))
            shift = len(old_rows) - len(new_keys)
            if shift:
                conn.execute("UPDATE beads SET position = position + ? WHERE job_id = ? AND position >= ?",
                             (shift, job_id, start + len(new_keys)))
            # the old rows come back under their own keys, one version on, so
            # a tab that loaded them before the fix sees a conflict, not a
            # silent success on content it never saw change
            columns = ("key", "job_id", "position", *_BEAD_COLUMNS, "version")
            conn.executemany(
                f"INSERT INTO beads ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                ([*(r[c] for c in columns[:-1]), r["version"] + 1] for r in old_rows),
            )
            conn.execute("UPDATE activity SET undone = 1 WHERE id = ?", (entry["id"],))
            self._log(conn, job_id, stamp, reviewer, "undo", entry["beads"], f"undid: {entry['detail']}")
            self._touch(conn, job_id, stamp, reviewer)
        return self._activity(entry)

    def can_undo(self, job_id: int) -> Activity | None:
        """The fix :meth:`undo_last_edit` would undo, if any."""
        with self._read() as conn:
            entry = self._last_edit(conn, job_id)
        return None if entry is None else self._activity(entry)

    @staticmethod
    def _last_edit(conn: sqlite3.Connection, job_id: int) -> sqlite3.Row | None:
        return conn.execute(
            "SELECT * FROM activity WHERE job_id = ? AND action = 'edit' AND undone = 0 ORDER BY id DESC LIMIT 1",
            (job_id,),
        ).fetchone()

    def activity(self, job_id: int) -> list[Activity]:
        """The job's activity log, oldest first."""
        with self._read() as conn:
            rows = conn.execute("SELECT * FROM activity WHERE job_id = ? ORDER BY id", (job_id,)).fetchall()
        return [self._activity(r) for r in rows]

    @staticmethod
    def _activity(r: sqlite3.Row) -> Activity:
        return Activity(at=r["at"], reviewer=r["reviewer"], action=r["action"], beads=r["beads"], detail=r["detail"])

    @staticmethod
    def _log(conn: sqlite3.Connection, job_id: int, stamp: str, reviewer: str, action: str, beads: str,
             detail: str, undo: str | None = None) -> None:
        conn.execute(
            "INSERT INTO activity (job_id, at, reviewer, action, beads, detail, undo) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (job_id, stamp, reviewer, action, beads, detail, undo),
        )

    def _vanished(self, conn: sqlite3.Connection, job_id: int) -> None:
        job = conn.execute("SELECT updated_by, updated_at FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if job is None:
            raise StoreError(f"no job {job_id} in the review store {self.path}")
        raise ConflictError(
            f"the alignment here was changed by {job['updated_by'] or 'someone'} at {job['updated_at']} "
            "since you loaded it; reload the job",
            changed_by=job["updated_by"], changed_at=job["updated_at"],
        )

    @staticmethod
    def _touch(conn: sqlite3.Connection, job_id: int, stamp: str, reviewer: str) -> None:
        conn.execute("UPDATE jobs SET updated_at = ?, updated_by = ? WHERE id = ?", (stamp, reviewer, job_id))
