"""The app in a real browser: served on localhost, driven by Playwright with
Debian's chromium.  Checks that the Arabic column renders right-to-left in an
Arabic font while the English stays left-to-right, and saves a screenshot."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from align.model import Alignment, Bead, FidelityFlag, Sentence, Span
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
    flag = FidelityFlag("number", "error", "12 in the Arabic, 13 in the English",
                        [Span("src", 14, 16, "١٢"), Span("tgt", 18, 20, "13")])
    al = Alignment([Sentence(t) for t in ar], [Sentence(t) for t in en], [
        Bead((0,), (0,), 0.62, [flag]), Bead((1,), (1,), 0.91), Bead((2,), (), 0.2,
                                                                      [FidelityFlag("omission", "error", "not translated")]),
    ])
    assert al.src_text(al.beads[0])[14:16] == "١٢" and al.tgt_text(al.beads[0])[18:20] == "13"
    return store.create_job(al, "Browser check", src_name="ar.txt", tgt_name="en.txt")


@pytest.fixture
def server(tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    store = ReviewStore(f"sqlite:///{tmp_path}/reviews.db")
    job_id = review_job(store)
    port = free_port()
    env = dict(os.environ, MUQABALA_STORE=store.url, MUQABALA_CACHE=str(tmp_path / "cache"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
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


def test_arabic_column_is_right_to_left(server, tmp_path):
    playwright, url, job_id = server
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
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
            shot = tmp_path / "review.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert style[0] == "rtl" and style[3] == "ar"
    assert "Noto Naskh Arabic" in style[1] and style[2] in ("right", "start")
    assert english == "ltr"
    assert marks == ["١٢"]
    assert focused.startswith("Bead 3")
    assert shot.stat().st_size > 10_000
    shutil.copy(shot, "/tmp/muqabala-screenshot.png")  # for a person to look at
