"""README screenshots: sign in to Steward's demo in Chromium (Playwright) and save one PNG per page a reader
of the README wants to see first, 1280 px wide and clipped to the viewport, into docs/screenshots/.

    .venv/bin/python scripts/screenshots.py             # builds a small demo in a temp dir and serves it
    .venv/bin/python scripts/screenshots.py --url http://127.0.0.1:8000   # a Steward serving the demo

tests/e2e/test_screenshots.py runs main() against the suite's own demo server, so a page that stops rendering,
logs an error or trips the CSP fails the tests; the committed PNGs are this script's output.
Exit status: 0 when every page was captured cleanly, 1 when one was not (the PNGs taken are still written).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1280, 800
MAX_BYTES = 200_000  # what a README image should weigh at most
# The Chromium and switches of the browser tests (tests/e2e/conftest.py); Playwright cannot download its own.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SCROLL = """async (selector) => {
  await document.fonts.ready;
  const el = selector && document.querySelector(selector);
  window.scrollTo(0, el ? el.getBoundingClientRect().top + window.scrollY - 24 : 0);
}"""
CHARTS_DRAWN = """() => [...document.querySelectorAll('figure[data-chart]')]
  .every((f) => f.classList.contains('chart-drawn'))"""


@dataclass(frozen=True)
class Target:
    """One screenshot: where it is (a path, or the first link on a list page) and what it waits for."""

    name: str
    caption: str
    path: str = ""
    listed_on: str = ""  # else: open the first link on this page whose path matches `link`
    link: str = ""
    suffix: str = ""  # appended to the link found (".../edit")
    ready: str = ""  # a selector that appears once the page's script has done its work
    scroll_to: str = ""  # a selector to bring near the top when the heart of the page is below the fold


TARGETS = (
    Target("cockpit", "Cockpit: the team's calls to action, renewals and health drops",
           path="/cockpit?everyone=true"),
    Target("at-risk", "At risk: accounts ranked by ARR at risk, with their reasons", path="/risk",
           scroll_to="main nav.filters, #health-fallback"),
    Target("account", "Account 360: the riskiest account, its header (health, ARR, renewal, churn risk, NPS)",
           listed_on="/risk?sort=probability", link=r"/accounts/\d+", ready="#account-head"),
    Target("ticket", "A ticket: the reply box, SLA clocks and the requester's account beside it",
           listed_on="/tickets", link=r"/tickets/\d+"),
    Target("survey-results", "Survey results: score by month, distribution, themes and breakdowns",
           listed_on="/surveys", link=r"/surveys/\d+"),
    Target("rule-builder", "Rule builder: trigger, conditions and actions beside the live preview of matches",
           listed_on="/rules", link=r"/rules/\d+", suffix="/edit", ready="#live-count:not(:empty)"),
    Target("survey-builder", "Survey builder: question cards beside a live preview of the respondent's page",
           listed_on="/surveys", link=r"/surveys/\d+", suffix="/edit", ready="#survey-preview[data-shown]"),
)  # fmt: skip


@dataclass
class Shot:
    target: Target
    url: str = ""
    file: Path | None = None
    size: int = 0
    problems: list[str] = field(default_factory=list)


def capture(browser: Any, base_url: str, out: Path, *, email: str = DEMO_EMAIL,
            password: str = DEMO_PASSWORD, targets: Sequence[Target] = TARGETS) -> list[Shot]:  # fmt: skip
    """Sign in once, then open each target at 1280 px and save `<name>.png` in `out`; every console error,
    uncaught exception, CSP refusal or failed request a page causes is kept in its Shot's problems."""
    out.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1,
                                  reduced_motion="reduce", locale="en-US", timezone_id="UTC")  # fmt: skip
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        heard: list[str] = []
        page.on("console", lambda m: heard.append(f"console {m.type}: {m.text}") if _is_problem(m) else None)
        page.on("pageerror", lambda e: heard.append(f"uncaught: {e}"))
        page.on("response", lambda r: heard.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        _sign_in(page, base_url, email, password)
        shots = []
        for target in targets:
            heard.clear()
            shot = Shot(target)
            try:
                _take(page, base_url, out, shot)
            except Exception as e:  # a Playwright timeout or a missing link: report it, take the others
                shot.problems.append(f"{type(e).__name__}: {str(e).splitlines()[0]}")
            shot.problems += heard
            shots.append(shot)
        return shots
    finally:
        context.close()


def _is_problem(message: Any) -> bool:
    return message.type == "error" or "Content Security Policy" in message.text


def _sign_in(page: Any, base_url: str, email: str, password: str) -> None:
    response = page.goto(f"{base_url}/login")
    if response is None or response.status != 200:
        raise RuntimeError(f"{base_url}/login answered {response.status if response else 'nothing'}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
    if "/login" in page.url:
        raise RuntimeError(f"could not sign in to {base_url} as {email}")


def _take(page: Any, base_url: str, out: Path, shot: Shot) -> None:
    target = shot.target
    path = target.path or _first_link(page, base_url, target) + target.suffix
    shot.url = f"{base_url}{path}"
    response = page.goto(shot.url)
    if response is None or response.status != 200:
        shot.problems.append(f"{path} answered {response.status if response else 'nothing'}")
    page.wait_for_load_state("networkidle")
    if target.ready:
        page.wait_for_selector(target.ready, state="attached", timeout=15_000)
    page.wait_for_function(CHARTS_DRAWN, timeout=15_000)
    page.evaluate(SCROLL, target.scroll_to)
    if target.name == "survey-builder":  # the preview is a srcdoc iframe: wait for its page to lay out
        page.frame_locator("#preview-frame").locator("body").wait_for()
    raw = page.screenshot(full_page=False, animations="disabled", caret="hide")
    shot.file = out / f"{target.name}.png"
    shot.file.write_bytes(raw)
    shot.size = len(raw)
    if shot.size > MAX_BYTES:
        shot.problems.append(f"{shot.size:,} bytes, more than {MAX_BYTES:,}")


def _first_link(page: Any, base_url: str, target: Target) -> str:
    page.goto(f"{base_url}{target.listed_on}")
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map((e) => e.getAttribute('href'))")
    for href in hrefs:
        if re.fullmatch(target.link, href.split("?")[0].split("#")[0]):
            return str(href)
    raise LookupError(f"no link like {target.link} on {target.listed_on}")


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def demo_server(accounts: int, log: Callable[[str], None]) -> Iterator[str]:
    """`steward demo --accounts N` in a temporary data directory on a free port; its URL once it answers."""
    with tempfile.TemporaryDirectory(prefix="steward-screenshots-") as data_dir:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        steward = Path(sys.executable).with_name("steward")
        # --history-first: photographs of the whole history, not of the background fill.
        command = [str(steward if steward.exists() else "steward"), "demo", "--port", str(port),
                   "--data-dir", data_dir, "--accounts", str(accounts), "--history-first"]  # fmt: skip
        env = {k: v for k, v in os.environ.items() if k != "STEWARD_DATABASE_URL"} | {
            "STEWARD_DATA_DIR": data_dir
        }
        log(f"building a {accounts}-account demo in {data_dir} (a few minutes) ...")
        with (Path(data_dir) / "demo.log").open("w") as out:
            process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
            try:
                yield _wait_until_up(f"http://127.0.0.1:{port}", process, Path(out.name))
            finally:
                process.terminate()
                process.wait(timeout=30)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log_file: Path) -> str:
    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"steward demo stopped ({process.returncode}):\n{log_file.read_text()[-2000:]}"
            )
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return url
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError("steward demo did not answer within 30 minutes")


def main(argv: Sequence[str] | None = None, *, browser: Any = None) -> int:
    """The command line; `browser` lets the tests lend their own Chromium."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--url", help="a Steward serving the demo workspace (default: build and serve one)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where the PNGs go (default: {OUT})")
    parser.add_argument("--accounts", type=int, default=60, help="accounts in the demo built without --url")
    parser.add_argument("--email", default=DEMO_EMAIL)
    parser.add_argument("--password", default=DEMO_PASSWORD)
    args = parser.parse_args(argv)

    def run(url: str) -> list[Shot]:
        if browser is not None:
            return capture(browser, url, args.out, email=args.email, password=args.password)
        with chromium() as own:
            return capture(own, url, args.out, email=args.email, password=args.password)

    if args.url:
        shots = run(args.url.rstrip("/"))
    else:
        with demo_server(args.accounts, print) as url:
            shots = run(url)
    for shot in shots:
        where = shot.file.relative_to(ROOT) if shot.file and shot.file.is_relative_to(ROOT) else shot.file
        print(
            f"{shot.target.name:15} {shot.size / 1000:6.1f} kB  {where or '-'}  ({shot.url or 'not found'})"
        )
        for problem in shot.problems:
            print(f"    problem: {problem}")
    return 1 if any(s.problems or s.file is None for s in shots) else 0


if __name__ == "__main__":
    sys.exit(main())
