"""The review UI in a real browser: Streamlit served headless, Debian's Chromium driving it.

Opens the bundled batch, clicks the worst page open, checks the highlights render and the
page fits 1280 px, records a verdict through the form, and saves a screenshot (to
$DETECTOR_SCREENSHOT when set, else into the test's temporary folder). scripts/test.sh
installs chromium and chromium-driver when they are missing; elsewhere the test skips.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
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


def test_triage_open_the_worst_see_why_and_record_a_verdict(server: str, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server}/?view=batch")
    wait = WebDriverWait(browser, 120)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stDataFrame"]'))
    time.sleep(2)  # the table is drawn on a canvas once its data arrives
    assert not browser.find_elements(By.CSS_SELECTOR, "mark.dt-span")  # nothing open yet
    grid = browser.find_element(By.CSS_SELECTOR, '[data-testid="stDataFrame"]')
    width, height = grid.size["width"], grid.size["height"]
    # The first row (worst first): its selection box sits left of the first cell, below the header.
    ActionChains(browser).move_to_element_with_offset(grid, -width / 2 + 14, -height / 2 + 52).click().perform()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "mark.dt-span"))
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.dt-span")
    assert len(marks) >= 3
    assert marks[0].is_displayed() and marks[0].get_attribute("title")
    assert "likely original" in marks[0].get_attribute("title")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 1280
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
