"""The review app driven headless (``streamlit.testing.v1.AppTest``) through a
reviewer's day on the demo pair: open, align, filter, fix a bead, record a
verdict, reload the job, export — plus two tabs, bad uploads and a
same-language pair."""
import dataclasses
import json
import re
import threading
from pathlib import Path

import pytest
from streamlit.runtime.scriptrunner import RerunData, add_script_run_ctx, get_script_run_ctx
from streamlit.runtime.state import SafeSessionState
from streamlit.testing.v1 import AppTest, app_test

from align.store import ReviewStore

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
DEMO = ROOT / "samples" / "demo"
needs_demo = pytest.mark.skipif(not (DEMO / "ar.txt").exists(), reason="samples/demo not shipped")


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("MUQABALA_STORE", f"sqlite:///{tmp_path}/reviews.db")
    monkeypatch.setenv("MUQABALA_CACHE", str(tmp_path / "cache"))
    return ReviewStore(f"sqlite:///{tmp_path}/reviews.db")


def start(job=None, reviewer="mona"):
    at = AppTest.from_file(str(APP), default_timeout=180)
    if job is not None:
        at.query_params["job"] = str(job)
    at.run()
    assert not at.exception, at.exception
    if reviewer:
        at.text_input(key="reviewer").set_value(reviewer).run()
    return at


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown_source):
    """What a Markdown source escaped by ui.safe.md reads as."""
    return re.sub(r"\\(.)", r"\1", markdown_source)


def captions(at):
    return [plain(c.value) for c in at.caption]


@pytest.fixture
def demo_job(env):
    at = start()
    ok(at.button(key="demo").click().run())
    job_id = at.session_state.job
    assert job_id is not None and not at.error, [e.value for e in at.error]
    return at, job_id


@needs_demo
def test_reviewer_workflow_on_the_demo_pair(env, demo_job):
    at, job_id = demo_job
    job, al = env.load_job(job_id)
    assert job.src_lang == "ar" and job.tgt_lang == "en" and len(al.beads) > 5
    labels = [m.label for m in at.metric]
    assert "Arabic sentences translated" in labels and "Arabic characters translated" in labels

    # the coverage map jumps to a sentence's bead in the review view
    last = len(al.src)
    at.number_input(key="goto").set_value(last)
    ok(at.button(key="go").click().run())
    assert at.session_state.view == "Review"
    assert any("jumped here" in h.value for h in at.html)
    assert at.session_state.cursor == next(n for n, b in enumerate(al.beads) if last - 1 in b.src)

    # filters: flagged shows exactly the beads with problems (info flags are context), unreviewed all of them
    flagged = sum(1 for b in al.beads if any(f.severity != "info" for f in b.flags))
    ok(at.selectbox(key="flt").set_value("Flagged").run())
    assert f"{flagged} of {len(al.beads)} beads" in captions(at)
    ok(at.selectbox(key="flt").set_value("Unreviewed").run())
    assert f"{len(al.beads)} of {len(al.beads)} beads" in captions(at)
    ok(at.selectbox(key="flt").set_value("All").run())
    arabic = [h.value for h in at.html if "mq-text mq-ar" in h.value]
    from ui.review_screen import PAGE_SIZE

    # the page shown is the one holding the current bead (the one jumped to)
    page = at.session_state.cursor // PAGE_SIZE
    assert len(arabic) == len(al.beads[page * PAGE_SIZE:(page + 1) * PAGE_SIZE])
    assert all('dir="rtl" lang="ar"' in m for m in arabic)

    # fix: merge the first two beads; only they change, and they are re-scored
    ok(at.segmented_control(key="view").set_value("Summary").run())
    at.number_input(key="goto").set_value(1)
    ok(at.button(key="go").click().run())  # back to the first page
    first, second = job.rows[0].key, job.rows[1].key
    ok(at.button(key=f"fix-{first}").click().run())
    ok(at.button(key=f"mn-{first}").click().run())
    job2, al2 = env.load_job(job_id)
    al2.validate()
    assert len(al2.beads) == len(al.beads) - 1
    assert al2.beads[0].src == al.beads[0].src + al.beads[1].src
    assert al2.beads[0].tgt == al.beads[0].tgt + al.beads[1].tgt
    assert al2.beads[0].score > 0  # re-scored, not left blank
    assert [r.key for r in job2.rows[1:]] == [r.key for r in job.rows[2:]]
    assert second not in {r.key for r in job2.rows}
    assert any("Merged bead 1" in s.value for s in at.success)

    # verdict and comment on the merged bead, saved as they happen
    merged = job2.rows[0].key
    at.text_input(key=f"comment-{merged}").set_value("headline runs into the lead")
    ok(at.run())
    assert env.load_job(job_id)[1].beads[0].comment == "headline runs into the lead"
    ok(at.button(key=f"ok-{merged}").click().run())
    _, al4 = env.load_job(job_id)
    assert al4.beads[0].verdict == "ok" and al4.beads[0].reviewer == "mona"
    assert al4.beads[0].comment == "headline runs into the lead" and al4.beads[0].reviewed_at
    ok(at.selectbox(key=f"status-{job_id}-{env.get_job(job_id).updated_at}").set_value("done").run())
    assert env.get_job(job_id).status == "done"

    # a run of omissions accepted as deliberate, the comment giving the reason
    _, al5 = env.load_job(job_id)
    omitted = next(n for n, b in enumerate(al5.beads) if b.kind == "omission")
    run = al5.run_around(omitted)
    row = env.load_job(job_id)[0].rows[omitted]
    ok(at.segmented_control(key="view").set_value("Review").run())
    ok(at.selectbox(key="flt").set_value("All").run())
    at.text_input(key=f"comment-{row.key}").set_value("background the digest leaves out")
    ok(at.run())
    row = env.load_job(job_id)[0].rows[omitted]
    ok(at.button(key=f"accept-{row.key}").click().run())
    _, al6 = env.load_job(job_id)
    assert all(al6.beads[k].verdict == "ok" and al6.beads[k].comment == "background the digest leaves out"
               for k in run)
    from align.fidelity import summarize

    assert summarize(al6).omitted_accepted_sentences == sum(len(al6.beads[k].src) for k in run) > 0

    # closing the browser loses nothing: a fresh session resumes from the job list
    again = start(reviewer="ali")
    assert again.session_state.job is None
    ok(again.button(key=f"open-{job_id}").click().run())
    ok(again.segmented_control(key="view").set_value("Review").run())
    assert any(c.startswith("Bead 1 ·") and "OK by mona" in c for c in captions(again))
    # …and so does a reload of the job's address
    reloaded = start(job=job_id)
    assert reloaded.session_state.job == job_id and plain(reloaded.title[0].value) == job.name

    # export every format from the job
    from align.formats import EXPORT_FORMATS

    ok(again.segmented_control(key="view").set_value("Export").run())
    assert again.selectbox(key="export_fmt").value == "xlsx"  # what reviewers hand on, not a research format
    for fmt in EXPORT_FORMATS:
        ok(again.selectbox(key="export_fmt").set_value(fmt).run())
        data = again.session_state.export_bytes
        assert data, fmt
    ok(again.selectbox(key="export_fmt").set_value("jsonl").run())
    lines = [json.loads(x) for x in again.session_state.export_bytes.decode("utf-8").splitlines() if x]
    assert len(lines) == len(al4.beads) and lines[0]["verdict"] == "ok"


@needs_demo
def test_two_tabs_do_not_overwrite_each_other(env, demo_job):
    tab_a, job_id = demo_job
    ok(tab_a.segmented_control(key="view").set_value("Review").run())
    tab_b = start(job=job_id, reviewer="ali")
    ok(tab_b.segmented_control(key="view").set_value("Review").run())
    key = env.load_job(job_id)[0].rows[2].key
    ok(tab_a.button(key=f"needs_fix-{key}").click().run())
    ok(tab_b.button(key=f"ok-{key}").click().run())  # tab B still shows the old version
    assert any("not saved" in plain(w.value) and "mona" in w.value for w in tab_b.warning)
    assert env.load_job(job_id)[1].beads[2].verdict == "needs_fix"
    # after the warning tab B shows mona's verdict and can overrule it knowingly
    ok(tab_b.button(key=f"ok-{key}").click().run())
    assert env.load_job(job_id)[1].beads[2].verdict == "ok"


def test_bad_upload_is_a_clear_message_and_saved_jobs_survive(env):
    from align.model import Alignment, Bead, Sentence

    kept = env.create_job(Alignment([Sentence("نص")], [Sentence("Text")], [Bead((0,), (0,), 0.9)]), "kept")
    at = start()
    at.file_uploader(key="src_file").set_value(("scan.pdf", b"%PDF-1.4\n\x00\x01garbage", "application/pdf"))
    ok(at.run())
    assert any("scan.pdf" in plain(e.value) for e in at.error)
    assert at.button(key="align").disabled
    at.file_uploader(key="tgt_file").set_value(("empty.txt", b"", "text/plain"))
    ok(at.run())
    assert any("empty.txt" in plain(e.value) for e in at.error)
    assert [j.id for j in env.list_jobs()] == [kept]


def test_same_language_pair_is_refused_with_a_message(env):
    at = start()
    at.text_area(key="src_text").set_value("The minister said on Sunday that the talks would resume next week.")
    at.text_area(key="tgt_text").set_value("On Sunday the minister announced the resumption of talks next week.")
    ok(at.run())
    assert any("both sides are in the same language, English" in plain(e.value) for e in at.error)
    assert at.button(key="align").disabled and env.list_jobs() == []
    # a swapped pair is a warning, not a refusal
    at.text_area(key="src_text").set_value(at.session_state.tgt_text)
    at.text_area(key="tgt_text").set_value("قال الوزير يوم الأحد إن المحادثات ستستأنف الأسبوع المقبل في العاصمة.")
    ok(at.run())
    assert at.warning and not at.error and not at.button(key="align").disabled


def test_plain_translation_turns_the_press_conventions_off(env):
    arabic = "قال الوزير يوم الأحد إن المحادثات ستستأنف الأسبوع المقبل.\n\nوأضاف أن الوفد سيصل صباح الاثنين."
    english = ("The minister said on Sunday that the talks would resume next week.\n\n"
               "Delegation Expected On Monday\n\n"
               "He added that the delegation would arrive on Monday morning.")
    for press in (True, False):
        at = start()
        at.text_area(key="src_text").set_value(arabic)
        at.text_area(key="tgt_text").set_value(english)
        ok(at.checkbox(key="press").set_value(press).run())
        ok(at.button(key="align").click().run())
        _, alignment = env.load_job(at.session_state.job)
        assert alignment.meta["press"] is press
        # the editor's Title-Case subheading is editorial only in a press translation
        assert ("editorial" in [b.kind for b in alignment.beads]) is press


@needs_demo
def test_demo_flag_opens_the_demo_pair_aligned_once(env, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "argv", ["app.py", "--demo"])
    first = start(reviewer=None)
    assert first.session_state.job is not None and plain(first.title[0].value) == "Demo: NTREX article"
    second = start(reviewer=None)  # a second visitor gets the same job, not a new alignment
    assert second.session_state.job == first.session_state.job
    assert len(env.list_jobs()) == 1


@needs_demo
def test_comment_typed_then_verdict_is_one_save_and_never_a_conflict(env, demo_job):
    at, job_id = demo_job
    ok(at.segmented_control(key="view").set_value("Review").run())
    job, _ = env.load_job(job_id)
    key = job.rows[1].key
    # the comment box holds text not yet sent with Enter when OK is clicked: both arrive in one run
    at.text_input(key=f"comment-{key}").set_value("tense differs")
    ok(at.button(key=f"ok-{key}").click().run())
    assert not at.warning, [w.value for w in at.warning]
    bead = env.load_job(job_id)[1].beads[1]
    assert (bead.verdict, bead.comment, bead.reviewer) == ("ok", "tense differs", "mona")
    saves = [a for a in env.activity(job_id) if a.action in ("verdict", "comment")]
    assert [(a.action, a.detail) for a in saves] == [("verdict", "ok; comment: tense differs")]  # one save
    # a second verdict on the same bead, from this session, is no conflict either
    ok(at.button(key=f"ok-{key}").click().run())
    assert not at.warning and env.load_job(job_id)[1].beads[1].verdict is None  # clicking OK again takes it back
    assert env.load_job(job_id)[1].beads[1].comment == "tense differs"


def assert_comment_then_verdict_saved(at, env, job_id):
    """Bead 2's comment and then its verdict both saved, and no conflict shown."""
    assert not at.warning, [w.value for w in at.warning]
    bead = env.load_job(job_id)[1].beads[1]
    assert (bead.verdict, bead.comment, bead.reviewer) == ("needs_fix", "tense differs", "mona")
    saves = [(a.action, a.detail) for a in env.activity(job_id) if a.action in ("verdict", "comment")]
    assert saves == [("comment", "comment: tense differs"), ("verdict", "needs fix")]


@needs_demo
def test_verdict_clicked_while_the_comment_is_saving_is_not_lost(env, demo_job, monkeypatch):
    """The browser's race: leaving the comment box for Needs fix sends two
    reruns, the comment's then the click's.  When the click's arrives while
    the comment is being written, Streamlit stops the comment's callback at
    its next use of ``st.session_state`` and runs the click, whose arguments
    were drawn before the comment was saved: the verdict must still be saved,
    with the comment, and no conflict with the reviewer's own save shown."""
    at, job_id = demo_job
    ok(at.segmented_control(key="view").set_value("Review").run())
    job, _ = env.load_job(job_id)
    key = job.rows[1].key
    at.text_input(key=f"comment-{key}").set_value("tense differs")
    at.button(key=f"needs_fix-{key}").click()
    click = at._tree.get_widget_states()  # what the browser sends for the click
    at.button(key=f"needs_fix-{key}").set_value(False)  # the blur's rerun carries only the comment

    runners = []

    class Runner(app_test.LocalScriptRunner):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            runners.append(self)

    write = ReviewStore.save_verdicts

    def click_arrives_while_writing(store, *args, **kwargs):
        versions = write(store, *args, **kwargs)
        monkeypatch.setattr(ReviewStore, "save_verdicts", write)
        runners[-1].request_rerun(RerunData(widget_states=click))
        return versions

    monkeypatch.setattr(app_test, "LocalScriptRunner", Runner)
    monkeypatch.setattr(ReviewStore, "save_verdicts", click_arrives_while_writing)
    ok(at.run())
    assert ReviewStore.save_verdicts is write  # the comment's save was interrupted as in the browser
    assert_comment_then_verdict_saved(at, env, job_id)


@needs_demo
def test_verdict_saved_while_the_comment_is_still_being_written_is_based_on_it(env, demo_job, monkeypatch):
    """Streamlit's fast reruns run the click at once, in a new thread: its
    verdict is saved while the comment's callback is still writing (the
    browser's flake, 3 runs in 15 under load)."""
    from ui import review_screen

    at, job_id = demo_job
    ok(at.segmented_control(key="view").set_value("Review").run())
    job, _ = env.load_job(job_id)
    row = job.rows[1]
    write = ReviewStore.save_verdicts
    clicks = []

    def click_while_writing(store, *args, **kwargs):
        monkeypatch.setattr(ReviewStore, "save_verdicts", write)
        versions = write(store, *args, **kwargs)
        # the click's run, with the arguments drawn before the comment was saved
        click = threading.Thread(target=review_screen.give_verdict,
                                 args=(job_id, 1, row.key, row.version, "needs_fix", ""))
        # a new runner: the same session, behind its own SafeSessionState (and lock)
        ctx = get_script_run_ctx()
        own = SafeSessionState(ctx.session_state._state, yield_callback=lambda: None)
        add_script_run_ctx(click, dataclasses.replace(ctx, session_state=own))
        click.start()
        click.join(timeout=1)  # it waits until this save is noted (or, unfixed, conflicts with it)
        clicks.append(click)
        return versions

    monkeypatch.setattr(ReviewStore, "save_verdicts", click_while_writing)
    at.text_input(key=f"comment-{row.key}").set_value("tense differs")
    ok(at.run())
    clicks[0].join()
    ok(at.run())  # shows what the click's callback said
    assert_comment_then_verdict_saved(at, env, job_id)


@needs_demo
def test_reviewer_name_survives_a_reload(env, demo_job):
    at, job_id = demo_job
    assert at.query_params["reviewer"] == ["mona"] or at.query_params["reviewer"] == "mona"
    reloaded = AppTest.from_file(str(APP), default_timeout=180)
    reloaded.query_params.update({"job": str(job_id), "reviewer": "mona"})
    ok(reloaded.run())
    assert reloaded.session_state.reviewer == "mona"
    ok(reloaded.segmented_control(key="view").set_value("Review").run())
    key = env.load_job(job_id)[0].rows[0].key
    ok(reloaded.button(key=f"ok-{key}").click().run())  # accepted at once: no name to type again
    assert env.load_job(job_id)[1].beads[0].reviewer == "mona"


@needs_demo
def test_review_queue_advances_and_the_flagged_filter_shrinks(env, demo_job):
    at, job_id = demo_job
    ok(at.segmented_control(key="view").set_value("Review").run())
    _, al = env.load_job(job_id)
    queue = [n for n, b in enumerate(al.beads) if b.flagged]
    assert len(queue) >= 2
    ok(at.selectbox(key="flt").set_value("Flagged").run())
    assert f"{len(queue)} of {len(al.beads)} beads" in captions(at)
    ok(at.button(key="kb-queue").click().run())
    assert at.session_state.cursor == queue[0]
    assert any(f"Bead {queue[0] + 1} — current bead" in h.value for h in at.html)
    ok(at.button(key="kb-ok").click().run())  # one key: verdict, then on to the next in the queue
    assert env.load_job(job_id)[1].beads[queue[0]].verdict == "ok"
    assert at.session_state.cursor == queue[1]
    assert f"{len(queue) - 1} of {len(al.beads)} beads" in captions(at)
    ok(at.button(key="kb-fix").click().run())
    assert env.load_job(job_id)[1].beads[queue[1]].verdict == "needs_fix"
    assert f"{len(queue) - 2} of {len(al.beads)} beads" in captions(at)
    # previous / next walk the view; the grid shows the same beads, one row each, Arabic first
    ok(at.selectbox(key="flt").set_value("All").run())
    ok(at.button(key="kb-next").click().run())
    ok(at.button(key="kb-prev").click().run())
    ok(at.toggle(key="grid").set_value(True).run())
    grid = next(h.value for h in at.html if "<table" in h.value)
    assert grid.count("<tr id=") == len(al.beads) and grid.index("Source (ar)") < grid.index("Target (en)")


@needs_demo
def test_search_finds_beads_in_either_language(env, demo_job):
    at, job_id = demo_job
    _, al = env.load_job(job_id)
    ok(at.segmented_control(key="view").set_value("Review").run())
    word = next(w for w in al.src[3].text.split() if len(w) > 4)
    from align.review import search

    expected = search(al, word)
    assert 3 in expected
    # typed without diacritics, with a tatweel
    ok(at.text_input(key="search").set_value(word[:2] + "\u0640" + word[2:]).run())
    assert f"{len(expected)} of {len(al.beads)} beads" in captions(at)
    english = al.tgt[0].text.split()[1].upper()
    ok(at.text_input(key="search").set_value(english).run())
    assert f"{len(search(al, english))} of {len(al.beads)} beads" in captions(at)


@needs_demo
def test_undo_after_a_merge_and_the_activity_log(env, demo_job):
    at, job_id = demo_job
    ok(at.segmented_control(key="view").set_value("Review").run())
    job, al = env.load_job(job_id)
    assert at.button(key="kb-undo").disabled
    first = job.rows[3].key
    ok(at.button(key=f"fix-{first}").click().run())
    ok(at.button(key=f"mn-{first}").click().run())
    assert len(env.load_job(job_id)[1].beads) == len(al.beads) - 1
    assert not at.button(key="kb-undo").disabled
    ok(at.button(key="kb-undo").click().run())
    assert env.load_job(job_id)[1].to_jsonl() == al.to_jsonl()
    assert any("Undone: Merged bead 4" in plain(s.value) for s in at.success)
    ok(at.segmented_control(key="view").set_value("Activity").run())
    log = at.dataframe[0].value
    assert list(log["action"])[:3] == ["undo", "edit", "created"] and set(log["reviewer"]) == {"mona"}
    from align.review import activity_csv

    assert activity_csv(env.activity(job_id)).startswith("at,reviewer,action,beads,detail")


@needs_demo
def test_open_the_demo_twice_is_one_job(env, demo_job):
    at, job_id = demo_job
    ok(at.button(key="new").click().run())
    ok(at.button(key="demo").click().run())
    assert at.session_state.job == job_id and len(env.list_jobs()) == 1


def test_user_strings_render_as_text_never_markdown_or_html(env):
    from markdown_it import MarkdownIt

    from align.model import Alignment, Bead, FidelityFlag, Sentence

    hostile = ("![x](http://127.0.0.1:9/x.png) <img src=http://127.0.0.1:9/y.png> [link](http://127.0.0.1:9/) "
               "www.example.org a@example.org :red[red] $x^2$")
    al = Alignment([Sentence("نص " + hostile)], [Sentence("Text " + hostile)],
                   [Bead((0,), (0,), 0.9, [FidelityFlag("name", "warning", "quote " + hostile)],
                         comment=hostile, reviewer=hostile, reviewed_at="2026")],
                   meta={"warnings": [hostile]})
    job_id = env.create_job(al, hostile, src_name=hostile + ".txt", tgt_name="en.txt", reviewer=hostile)
    at = start(job=job_id, reviewer=hostile)
    for view in ("Summary", "Review", "Activity"):
        ok(at.segmented_control(key="view").set_value(view).run())
        sources = [e.value for kind in ("markdown", "caption", "title", "error", "warning", "info", "success")
                   for e in getattr(at, kind)] + [b.label for b in at.button]
        parser = MarkdownIt("commonmark")
        for source in sources:
            tokens = [t for block in parser.parse(source) for t in [block, *(block.children or [])]]
            assert not [t.type for t in tokens if t.type in ("image", "link_open", "html_inline", "html_block")], source
            assert not re.search(r"https?://|www\.|\w@", plain(source)), source  # nor a bare URL to autolink
        for block in at.html:
            assert "<img" not in block.value and "<a " not in block.value and "&lt;img" in block.value or \
                "127.0.0.1" not in block.value, block.value
    assert any("127.0.0.1" in plain(c) for c in captions(at))  # shown, as text


def test_flags_show_confidence_most_probable_first_and_quotes_in_bdi(env):
    from align.model import Alignment, Bead, FidelityFlag, Sentence, isolate_bidi

    quote = "١٢ شخصاً…"
    flags = [FidelityFlag("editorial", "info", "apparatus"),
             FidelityFlag("name", "warning", "a name", confidence=0.35),
             FidelityFlag("number", "error", f"the Arabic says {isolate_bidi(quote)}", confidence=0.92)]
    al = Alignment([Sentence("أصيب ١٢ شخصاً في الحادث.")], [Sentence("13 people were hurt.")],
                   [Bead((0,), (0,), 0.7, flags)])
    at = start(job=env.create_job(al, "bidi"))
    ok(at.segmented_control(key="view").set_value("Review").run())
    block = next(h.value for h in at.html if 'class="flag"' in h.value)
    assert block.index("number") < block.index("name") < block.index("editorial")
    assert "92%" in block and "35%" in block and f"<bdi>{quote}</bdi>" in block
    bar = next(h.value for h in at.html if "mq-text mq-ar" in h.value)
    assert "hsl(0," in bar  # the colour bar shows the worst flag (an error), not the 0.7 score


def test_md_escapes_every_markdown_construct_and_breaks_bare_links():
    from markdown_it import MarkdownIt

    from ui.safe import WORD_JOINER, md

    for text in ("**bold** _it_ `code` # head", "[a](http://x.org) ![i](x.png) <b>hi</b>", "a\n\n- item\n> quote"):
        html = MarkdownIt("commonmark").render(md(text))
        assert "<strong>" not in html and "<a " not in html and "<img" not in html and "<b>" not in html
        assert "<li>" not in html and "<blockquote>" not in html and "<h1>" not in html
        assert plain(md(text)).replace(WORD_JOINER, "") == " ".join(text.splitlines())
    assert WORD_JOINER in md("https://x.org") and WORD_JOINER in md("www.x.org") and WORD_JOINER in md("a@b.org")
    assert md("قال الوزير ١٢") == "قال الوزير ١٢"  # Arabic letters and digits are left alone


@needs_demo
def test_go_to_bead_makes_it_current_even_when_the_filter_hides_it(env, demo_job):
    at, job_id = demo_job
    ok(at.segmented_control(key="view").set_value("Review").run())
    ok(at.selectbox(key="flt").set_value("Flagged").run())
    _, al = env.load_job(job_id)
    hidden = next(n for n, b in enumerate(al.beads) if not b.flagged)
    ok(at.number_input(key="goto_bead").set_value(hidden + 1).run())
    assert at.session_state.cursor == hidden and at.session_state.flt == "All"
    assert any(f"Bead {hidden + 1} — jumped here" in h.value for h in at.html)
