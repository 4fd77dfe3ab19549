"""The review UI in a real browser: Streamlit served headless, Debian's Chromium driving it.

Opens the bundled batch, clicks the worst page open, checks the highlights render and the
page fits 1280 px, records a verdict through the form, and saves a screenshot (to
$DETECTOR_SCREENSHOT when set, else into the test's temporary folder). Pastes a document
whose Markdown would fetch a beacon image from a local server if it were interpreted, and
checks it shows as plain text and the beacon stays unrequested. scripts/test.sh installs
chromium and chromium-driver when they are missing; elsewhere the test skips.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian's chromium and chromium-driver (scripts/test.sh installs them)",
)
selenium = pytest.importorskip("selenium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    # Served from an empty folder (with the repository's Streamlit settings), so the verdict
    # store shown in the sidebar, and in the screenshot, is a plain relative name.
    folder = tmp_path_factory.mktemp("ui")
    shutil.copytree(ROOT / ".streamlit", folder / ".streamlit")
    env = {**os.environ, "DETECTOR_VERDICTS": "verdicts.sqlite3"}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false"]  # fmt: skip
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,2600"):  # fmt: skip
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _open_triage_row(browser, row: int) -> None:  # type: ignore[no-untyped-def]
    """Tick a row's selection box in the triage table (drawn on a canvas, so by position: left of
    the first cell, one 35 px row per line below the header), at viewport coordinates."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.by import By

    grid = browser.find_element(By.CSS_SELECTOR, '[data-testid="stDataFrame"]')
    box = browser.execute_script("return arguments[0].getBoundingClientRect()", grid)
    action = ActionBuilder(browser)
    action.pointer_action.move_to_location(int(box["left"] + 16), int(box["top"] + 52 + 35 * row)).click()
    action.perform()


def _open_batch(browser, server: str):  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server}/?view=batch")
    wait = WebDriverWait(browser, 120)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stDataFrame"]'))
    time.sleep(2)  # the table is drawn on a canvas once its data arrives
    assert not browser.find_elements(By.CSS_SELECTOR, "mark.dt-span")  # nothing open yet
    return wait


def test_triage_open_the_worst_see_why_and_record_a_verdict(server: str, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    wait = _open_batch(browser, server)
    _open_triage_row(browser, 0)  # the worst first
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "mark.dt-span"))
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.dt-span")
    assert len(marks) >= 3
    assert marks[0].is_displayed() and marks[0].get_attribute("title")
    assert "likely original" in marks[0].get_attribute("title")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 1280
    # The span table runs across the page: text, suggestion and kind (490 px together) all show.
    spans = browser.find_elements(By.CSS_SELECTOR, '[data-testid="stDataFrame"]')[-1]
    assert spans.size["width"] >= 600
    # The legend's chips stay whole, and the document has no scroll box of its own.
    lines = "var r = document.createRange(); r.selectNodeContents(arguments[0]); return r.getClientRects().length"
    chips = browser.find_elements(By.CSS_SELECTOR, ".dt-legend span")
    assert len(chips) == 6 and [browser.execute_script(lines, chip) for chip in chips] == [1] * 6
    doc = browser.find_element(By.CSS_SELECTOR, ".dt-doc")
    assert browser.execute_script("return arguments[0].scrollHeight <= arguments[0].clientHeight + 1", doc)
    assert "Why" in browser.page_source and "SPUN" in browser.page_source
    # Record a verdict: the form's "spun" option, then Save.
    [spun] = [e for e in browser.find_elements(By.CSS_SELECTOR, "label") if e.text.strip() == "spun"]
    spun.click()
    [save] = [b for b in browser.find_elements(By.TAG_NAME, "button") if b.text.strip() == "Save verdict"]
    save.click()
    wait.until(lambda d: "Saved: spun" in d.page_source)
    browser.execute_script("window.scrollTo(0, 0)")
    time.sleep(1)
    shot = Path(os.environ.get("DETECTOR_SCREENSHOT") or tmp_path / "review.png")
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


@pytest.fixture
def beacon() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every path requested of it: a remote image the page
    must never fetch."""
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            """Record the request; answer with an empty 204."""
            requested.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            """Quiet: the test reads `requested`."""

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requested
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_pasted_markdown_is_shown_as_text_and_fetches_nothing(  # type: ignore[no-untyped-def]
    server: str, browser, beacon: tuple[str, list[str]]
) -> None:
    """Markdown after a blank line once rendered: an image link fetched a remote URL when the
    reviewer opened the page. Every character of the document must reach the page as text."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    url, requested = beacon
    text = (
        "The Unfamiliar Clergyman spoke at the Unified Countries.\n\n"
        f"![tracker]({url}/beacon.png)\n\n# Injected heading\n\n[a link]({url}/link) and <b>bold</b>"
    )
    browser.get(server)
    wait = WebDriverWait(browser, 120)
    wait.until(lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, "label") if e.text.strip() == "Paste"])
    [paste] = [e for e in browser.find_elements(By.CSS_SELECTOR, "label") if e.text.strip() == "Paste"]
    paste.click()
    area = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "textarea"))
    area.send_keys(text)
    area.send_keys(Keys.CONTROL, Keys.ENTER)  # apply the text area
    wait.until(lambda d: "Injected heading" in " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, ".dt-doc")))
    time.sleep(2)  # time for any image request to be made
    [doc] = browser.find_elements(By.CSS_SELECTOR, ".dt-doc")
    assert f"![tracker]({url}/beacon.png)" in doc.text and "# Injected heading" in doc.text
    assert "<b>bold</b>" in doc.text
    assert not browser.find_elements(By.CSS_SELECTOR, f'img[src^="{url}"]')
    assert not browser.find_elements(By.CSS_SELECTOR, f'a[href^="{url}"]')
    assert not [h for h in browser.find_elements(By.CSS_SELECTOR, "h1, h2") if "Injected" in h.text]
    assert requested == []


def test_an_opened_page_is_brought_into_view_on_a_laptop_screen(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """At 1280x800 the opened page starts below the table: it must be scrolled into view."""
    from selenium.webdriver.common.by import By

    browser.set_window_size(1280, 800)
    try:
        wait = _open_batch(browser, server)
        _open_triage_row(browser, 1)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "mark.dt-span"))
        top = "return arguments[0].getBoundingClientRect().top"
        doc = browser.find_element(By.CSS_SELECTOR, ".dt-doc")
        wait.until(lambda d: 0 <= d.execute_script(top, doc) < d.execute_script("return window.innerHeight") / 2)
        legend = browser.find_element(By.CSS_SELECTOR, ".dt-legend")
        assert browser.execute_script(top, legend) >= 40  # not under Streamlit's top bar
    finally:
        browser.set_window_size(1280, 2600)
