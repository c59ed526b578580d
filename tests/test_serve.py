"""``glossary serve``: who can reach it, a port in use, and the real thing — the server
started as a user would, driven in headless Chromium (Debian's package): type 离婚, see the
articles. The screenshot is kept (see the README, "Browser view")."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from glossary.cli.serve import app_command, bind, is_loopback, reach_notice

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
TIMEOUT = 60.0  # a bound for a slow, shared machine, never a duration the test relies on
MARRIAGE_BOOK = "minfadian-2020-hunyin-jiating-bian.md"
# An article label of the result list: 民法典 … 第一千零七十九条 (the book has no other law).
ARTICLE_HIT = re.compile(r"民法典.*第[一二三四五六七八九十百千零]+条")


def artifacts_dir() -> Path:
    """Where the browser test keeps its screenshot: $GLOSSARY_TEST_ARTIFACTS, else
    build/test-artifacts/ in the repository (ignored by git)."""
    path = Path(os.environ.get("GLOSSARY_TEST_ARTIFACTS") or REPO / "build" / "test-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- who can reach it ---------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
def test_loopback_says_only_this_machine(host: str) -> None:
    text = "\n".join(reach_notice(host, 8000, ["192.168.1.5"]))
    assert is_loopback(host)
    assert "Only this machine can open it" in text
    assert "reachable from other machines" not in text
    assert "192.168.1.5" not in text
    assert "--host 0.0.0.0" in text  # how to open it to the room


def test_every_address_says_reachable_and_lists_the_urls_for_a_tablet() -> None:
    lines = reach_notice("0.0.0.0", 8123, ["192.168.1.5", "10.0.0.7"])
    text = "\n".join(lines)
    assert not is_loopback("0.0.0.0")
    assert "reachable from other machines on the network" in text
    assert "no password" in text
    assert "Only this machine" not in text
    assert "  http://192.168.1.5:8123" in lines
    assert "  http://10.0.0.7:8123" in lines
    assert "0.0.0.0:8123" not in text  # not a URL a tablet can open


def test_a_lan_address_is_reachable_and_is_the_url() -> None:
    lines = reach_notice("192.168.1.5", 8000, ["10.0.0.7"])
    assert "reachable from other machines on the network" in lines[0]
    assert "  http://192.168.1.5:8000" in lines
    assert "  http://10.0.0.7:8000" not in lines


def test_every_address_with_no_known_address_says_what_to_open() -> None:
    text = "\n".join(reach_notice("::", 8000, []))
    assert "reachable from other machines" in text
    assert "http://<this machine's address>:8000" in text


# --- failures are one clear line ----------------------------------------------------------


def test_a_port_in_use_is_one_clear_message(mediation_law_path: Path, run: Any) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port))
    assert result.exit_code != 0
    assert f"port {port} is already in use" in result.stderr
    assert "--port" in result.stderr  # how to fix it
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""  # it did not claim to be serving


def test_bind_refuses_a_taken_port_and_an_unknown_host() -> None:
    from glossary.errors import GlossaryError

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(GlossaryError, match="already in use"):
            bind("127.0.0.1", port)
    with pytest.raises(GlossaryError, match="cannot serve on host"):
        bind("no-such-host.invalid", 8000)


def test_a_missing_database_is_told_before_serving(tmp_path: Path, run: Any) -> None:
    result = run("serve", "--port", "1", "--db", str(tmp_path / "none.sqlite"), db=False)
    assert result.exit_code != 0
    assert "none.sqlite" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_app_command_is_quoted_and_read_only() -> None:
    path = Path("/a folder/with 'quotes' and spaces/" + "long name " * 30 + ".sqlite")
    words = shlex.split(app_command(path))
    assert words == ["exec", sys.executable, "-m", "glossary", "--db", str(path), "--read-only"]


# --- the real thing: a browser ------------------------------------------------------------


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]
    db: Path


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def until(condition: Callable[[], object], what: str) -> None:
    """Poll ``condition`` until it holds; fail with ``what`` after TIMEOUT."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {TIMEOUT} s: {what}")
        time.sleep(0.05)  # poll interval; the bound is the deadline


def answers(process: subprocess.Popen[str], port: int) -> bool:
    if process.poll() is not None:
        output = process.communicate()[0]
        pytest.fail(f"glossary serve exited ({process.returncode}): {output}")
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def group_processes(pgid: int) -> list[str]:
    """The command lines of the processes still in this process group (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) == pgid:
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, ProcessLookupError):
            continue
    return found


@pytest.fixture
def served(tmp_path: Path, laws_dir: Path) -> Iterator[Served]:
    """``glossary serve`` on a free loopback port, on a database in a folder whose name has
    spaces; the whole process group is killed at teardown, whatever happened."""
    from glossary.io.laws import import_law_files, load_law_files
    from glossary.store.db import open_db

    folder = tmp_path / "mediation room" / "glossary files"
    folder.mkdir(parents=True)
    db_path = folder / "marriage book.sqlite"
    db = open_db(db_path, create=True)
    import_law_files(db, load_law_files([laws_dir / MARRIAGE_BOOK]))
    db.close()
    port = free_loopback_port()
    glossary = Path(sys.executable).with_name("glossary")
    process = subprocess.Popen(
        [str(glossary), "--db", str(db_path), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own group: the app processes of every tab are in it
    )
    try:
        until(lambda: answers(process, port), f"glossary serve answers on port {port}")
        yield Served(f"http://127.0.0.1:{port}/", process, db_path)
    finally:
        if group_processes(process.pid):  # the server or a tab's app, whatever the test did
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=TIMEOUT)


# Records xterm.js's Terminal when textual-serve's page creates it (``this.terminal = new
# Terminal(…)``), so the test can read the screen's text from its buffer: the page draws
# with WebGL or a canvas, so there is no text in the DOM.
CAPTURE_TERMINAL = """
window.__terminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true});
    window.__terminals.push(value);
  },
});
"""
SCREEN_TEXT = """
const term = (window.__terminals || []).find(t => t && t.buffer);
if (!term) return null;
const buffer = term.buffer.active, lines = [];
for (let row = 0; row < term.rows; row++) {
  const line = buffer.getLine(buffer.viewportY + row);
  lines.push(line ? line.translateToString(true) : "");
}
return lines.join("\\n");
"""


def chromium(tmp_path: Path) -> Any:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(
            f"the browser test needs Debian's Chromium ({CHROMIUM}, {CHROMEDRIVER}): run .ci/run, "
            "or apt-get install chromium chromium-driver"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,800",
        f"--user-data-dir={tmp_path / 'chromium profile'}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def test_a_browser_types_lihun_and_sees_articles(served: Served, tmp_path: Path) -> None:
    from selenium.webdriver.support.wait import WebDriverWait

    before = served.db.read_bytes()
    browser = chromium(tmp_path)
    try:
        browser.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": CAPTURE_TERMINAL}
        )
        browser.get(served.url)
        wait = WebDriverWait(browser, TIMEOUT)
        # Ready: the app has drawn its first screen (keys sent now reach the search box).
        wait.until(lambda b: (b.execute_script(SCREEN_TEXT) or "").strip())
        browser.execute_script("window.__terminals.find(t => t && t.buffer).focus()")
        # Han goes in as an input method would put it: xterm.js sends it to the app.
        browser.execute_cdp_cmd("Input.insertText", {"text": "离婚"})
        try:
            wait.until(lambda b: ARTICLE_HIT.search(b.execute_script(SCREEN_TEXT) or ""))
        finally:
            shot = artifacts_dir() / "serve-lihun.png"
            browser.save_screenshot(str(shot))
            text = browser.execute_script(SCREEN_TEXT) or ""
            (artifacts_dir() / "serve-lihun.txt").write_text(text, encoding="utf-8")
        assert "离婚" in text
        shutil.copy(shot, tmp_path / shot.name)
        tabs = [c for c in group_processes(served.process.pid) if " -m glossary " in c]
        assert tabs, "no app process for the browser tab"
        for command in tabs:
            assert command.rstrip().endswith("--read-only")
            assert str(served.db) in command
    finally:
        browser.quit()
    assert served.db.read_bytes() == before  # read-only: the file is untouched


def test_ctrl_c_stops_the_server_and_its_tabs(served: Served, tmp_path: Path) -> None:
    from selenium.webdriver.support.wait import WebDriverWait

    browser = chromium(tmp_path)
    try:
        browser.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": CAPTURE_TERMINAL}
        )
        browser.get(served.url)
        WebDriverWait(browser, TIMEOUT).until(
            lambda b: (b.execute_script(SCREEN_TEXT) or "").strip()
        )
        os.killpg(served.process.pid, signal.SIGINT)  # what Ctrl+C in its terminal sends
        output, _ = served.process.communicate(timeout=TIMEOUT)
    finally:
        browser.quit()
    assert served.process.returncode == 0, output
    assert "Traceback" not in output, output
    assert "Only this machine can open it" in output
    until(lambda: not group_processes(served.process.pid), "every tab's app process ends")


def test_the_page_links_to_the_address_the_browser_used(served: Served) -> None:
    """A tablet opens http://192.168.1.5:8000 (the server listening on 0.0.0.0): the page's
    scripts and websocket must point there, not at the address the server listens on."""
    import urllib.request

    request = urllib.request.Request(served.url, headers={"Host": "192.168.1.5:8000"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        page = response.read().decode("utf-8")
    assert 'data-session-websocket-url="ws://192.168.1.5:8000/ws"' in page
    assert "http://192.168.1.5:8000/static/js/textual.js" in page
    assert "127.0.0.1" not in page


def test_a_missing_chromium_fails_and_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(pytest.fail.Exception, match=r"run \.ci/run"):
        chromium(tmp_path)
