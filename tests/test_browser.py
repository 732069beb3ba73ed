"""The app in a real browser: served on localhost, driven by Playwright with
Debian's chromium.  Checks that the Arabic column renders right-to-left in an
Arabic font while the English stays left-to-right, that an Arabic quote in a
reason keeps its order inside ``<bdi>``, that a hostile job name fetches
nothing; and the reviewer's core loop on the demo pair: next flagged by
keyboard, a comment typed then a verdict clicked without Enter, a reload that
keeps verdict, comment and reviewer, a jump that lands in the window, undo
after a merge.  Saves screenshots."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from align.model import Alignment, Bead, FidelityFlag, Sentence, Span, isolate_bidi
from align.store import ReviewStore

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def review_job(store: ReviewStore) -> int:
    ar = ["قال الوزير إن ١٢ شخصاً أصيبوا في الحادث.", "وأضاف أن التحقيق مستمر.", "ولم يصدر أي تعليق رسمي."]
    en = ["The minister said 13 people were injured in the accident.", "He added that the investigation continues."]
    flag = FidelityFlag("number", "error", f"{isolate_bidi('١٢ شخصاً…')} in the Arabic, 13 in the English",
                        [Span("src", 14, 16, "١٢"), Span("tgt", 18, 20, "13")], confidence=0.9)
    al = Alignment([Sentence(t) for t in ar], [Sentence(t) for t in en], [
        Bead((0,), (0,), 0.62, [flag]), Bead((1,), (1,), 0.91), Bead((2,), (), 0.2,
                                                                      [FidelityFlag("omission", "error", "not translated")]),
    ])
    assert al.src_text(al.beads[0])[14:16] == "١٢" and al.tgt_text(al.beads[0])[18:20] == "13"
    return store.create_job(al, "Browser check ![x](http://127.0.0.1:9/x.png) :red[red]", src_name="ar.txt",
                            tgt_name="en.txt")


def serve(tmp_path, *app_args):
    playwright = pytest.importorskip("playwright.sync_api")
    store = ReviewStore(f"sqlite:///{tmp_path}/reviews.db")
    job_id = review_job(store)
    port = free_port()
    env = dict(os.environ, MUQABALA_STORE=store.url, MUQABALA_CACHE=str(tmp_path / "cache"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         *app_args],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start: " + proc.stderr.read1().decode(errors="replace"))
        yield playwright, url, job_id
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def server(tmp_path):
    yield from serve(tmp_path)


@pytest.fixture
def demo_server(tmp_path):
    yield from serve(tmp_path, "--", "--demo")


@contextmanager
def browser_page(playwright, width: int):
    """A page of Debian's chromium, ``width`` × 900 pixels."""
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser.new_page(viewport={"width": width, "height": 900})
        finally:
            browser.close()


def test_arabic_column_is_right_to_left(server, tmp_path):
    playwright, url, job_id = server
    with browser_page(playwright, 1400) as page:
        fetched = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(url)  # the new-job screen: the Arabic paste box is right-to-left
        paste = page.locator(".st-key-src_text textarea")
        paste.wait_for(timeout=60_000)
        paste_style = paste.evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).textAlign]")
        page.goto(f"{url}/?job={job_id}")
        # selecting the third cell of the coverage map opens that sentence's bead
        cover = page.locator("[data-testid='stVegaLiteChart']").first
        cover.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)  # vega draws after the element appears
        box = cover.bounding_box()
        page.mouse.click(box["x"] + box["width"] * 2.5 / 40, box["y"] + 8)
        focus = page.locator(".mq-focus")
        focus.wait_for(timeout=30_000)
        focused = focus.inner_text()
        arabic = page.locator(".mq-ar").first
        arabic.wait_for(timeout=60_000)
        style = arabic.evaluate(
            "e => { const s = getComputedStyle(e); return [s.direction, s.fontFamily, s.textAlign, e.lang] }"
        )
        english = page.locator(".mq-en").first.evaluate("e => getComputedStyle(e).direction")
        marks = page.locator(".mq-ar mark").all_inner_texts()
        quotes = page.locator(".flag bdi").all_text_contents()
        images = page.locator("img[src*='127.0.0.1:9'], a[href*='127.0.0.1:9']").count()
        shot = tmp_path / "review.png"
        page.screenshot(path=str(shot), full_page=True)
    assert paste_style == ["rtl", "right"]
    assert style[0] == "rtl" and style[3] == "ar"
    assert "Noto Naskh Arabic" in style[1] and style[2] in ("right", "start")
    assert english == "ltr"
    assert marks == ["١٢"]
    assert quotes == ["١٢ شخصاً…"]  # the quote's characters in logical order, in an isolate
    assert images == 0 and not [u for u in fetched if "127.0.0.1:9" in u]
    assert focused.startswith("Bead 3")
    assert shot.stat().st_size > 10_000
    shutil.copy(shot, "/tmp/muqabala-screenshot.png")  # for a person to look at


def in_window(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + min(box["height"], 40) <= page.viewport_size["height"]


def test_core_review_loop_on_the_demo(demo_server, tmp_path):
    playwright, url, _ = demo_server
    with browser_page(playwright, 1440) as page:
        page.goto(url)
        page.get_by_text("Demo: NTREX article").first.wait_for(timeout=120_000)
        name = page.get_by_label("Your name")
        name.fill("mona")
        name.press("Tab")
        page.wait_for_function("() => location.search.includes('reviewer=mona')", timeout=30_000)
        page.get_by_role("radio", name="Review", exact=True).click()
        page.locator(".mq-ar").first.wait_for(timeout=30_000)

        # next flagged by keyboard: the bead becomes current and is scrolled into the window
        page.locator("h1").first.click()
        page.keyboard.press("n")
        marker = page.locator(".mq-focus", has_text="current bead")
        marker.wait_for(timeout=30_000)
        page.wait_for_timeout(800)
        number = marker.inner_text().split()[1]
        assert in_window(page, marker)

        # M puts the caret in its comment box; a comment typed, then a verdict clicked without Enter
        card = page.locator("[class*='st-key-bead-']", has=page.locator(".mq-focus"))
        page.keyboard.press("m")
        page.wait_for_function("() => document.activeElement?.placeholder === 'Comment'", timeout=30_000)
        assert card.get_by_placeholder("Comment").evaluate("e => e === document.activeElement")
        page.keyboard.type("checked against the wire copy")
        card.get_by_role("button", name="Needs fix").click()
        # a refused save fails at once with its reason (the flake was the comment's own save conflicting)
        saved = page.get_by_text(f"Bead {number} ·").filter(has_text="needs fix by mona")
        refused = page.get_by_text("not saved")
        saved.or_(refused).first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        assert not refused.count(), refused.all_inner_texts()
        assert saved.count()
        page.screenshot(path=str(tmp_path / "loop.png"))

        # reload: verdict, comment and reviewer are all still there
        page.reload()
        page.get_by_text("Demo: NTREX article").first.wait_for(timeout=60_000)
        page.wait_for_function(  # the page draws the name box before it fills it in
            "() => document.querySelector('input[aria-label=\"Your name\"]')?.value === 'mona'", timeout=30_000)
        page.get_by_role("radio", name="Review", exact=True).click()
        caption = page.get_by_text(f"Bead {number} ·").filter(has_text="needs fix by mona")
        caption.wait_for(timeout=30_000)
        card = page.locator("[class*='st-key-bead-']", has=caption)
        assert card.get_by_placeholder("Comment").input_value() == "checked against the wire copy"

        # a jump from the summary lands the bead in the window
        page.get_by_role("radio", name="Summary", exact=True).click()
        goto = page.get_by_label("Go to Arabic sentence")
        goto.wait_for(timeout=30_000)
        last = goto.get_attribute("max")
        goto.fill(last)
        goto.press("Enter")
        page.get_by_role("button", name="Go", exact=True).click()
        jumped = page.locator(".mq-focus", has_text="jumped here")
        jumped.wait_for(timeout=30_000)
        page.wait_for_timeout(1200)
        assert in_window(page, jumped), jumped.bounding_box()
        page.screenshot(path=str(tmp_path / "jump.png"))

        # undo after a merge restores the previous beads
        card = page.locator("[class*='st-key-bead-']", has=jumped)
        label = card.get_by_text("Bead ", exact=False).first.inner_text()
        number = label.split()[1]
        assert number == last  # the demo's last Arabic sentence is alone in the last bead
        card.get_by_role("button", name="Fix alignment").click()
        page.get_by_role("button", name="Merge with previous").first.click()
        page.get_by_text(f"Merged bead {number} with the previous one.").wait_for(timeout=60_000)
        # the merged bead's card goes once the rerun has drawn the page
        page.get_by_text(f"Bead {number} · Arabic sentence {number} ·").wait_for(state="detached", timeout=30_000)
        page.get_by_text(f"Arabic sentence {int(number) - 1}–{number} ·").wait_for(timeout=30_000)
        page.locator("h1").first.click()
        page.keyboard.press("u")
        page.get_by_text(f"Undone: Merged bead {number}").wait_for(timeout=30_000)
        page.get_by_text(f"Bead {number} · Arabic sentence {number} ·").wait_for(timeout=30_000)
        page.screenshot(path=str(tmp_path / "undo.png"), full_page=True)
    for shot in ("loop", "jump", "undo"):
        shutil.copy(tmp_path / f"{shot}.png", f"/tmp/muqabala-{shot}.png")  # for a person to look at
