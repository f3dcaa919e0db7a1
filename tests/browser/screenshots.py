"""The screenshots in docs/report.md, taken from real reports of the testdata examples.

Run ``python -m tests.browser.screenshots`` (needs playwright and /usr/bin/chromium) to write them
again after the report changes; tests/browser/test_screenshots.py takes them into a temporary
folder and checks them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "images"
WIDTH = 1000
# (file, example, the first and the last element of the part shown)
SHOTS = (
    ("report-layers.png", "python-app", "h3:text('Layers of the shipped image')", "figure.memory"),
    ("report-stages.png", "go-service", "h2", "figure.memory"),
)


def take(browser: Any, folder: Path, pages: Path) -> list[Path]:
    """Write each screenshot into ``folder`` (reports go to ``pages``); return their paths."""
    out = []
    for name, example, first, last in SHOTS:
        page_path = pages / f"{example}.html"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "dockeropt",
                "report",
                f"testdata/examples/{example}/Dockerfile",
                "-o",
                str(page_path),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        context = browser.new_context(viewport={"width": WIDTH, "height": 900}, device_scale_factor=1)
        try:
            page = context.new_page()
            page.goto(page_path.as_uri())
            top = page.locator(first).first.bounding_box()
            bottom = page.locator(last).first.bounding_box()
            assert top is not None and bottom is not None
            y = max(top["y"] - 8, 0)
            clip = {"x": 0, "y": y, "width": WIDTH, "height": bottom["y"] + bottom["height"] + 8 - y}
            target = folder / name
            page.screenshot(path=str(target), clip=clip, full_page=True)
            out.append(target)
        finally:
            context.close()
    return out


def main() -> None:
    import tempfile

    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS

    DOCS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as pages:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            for path in take(browser, DOCS, Path(pages)):
                print(f"wrote {path.relative_to(ROOT)}")
        finally:
            browser.close()


if __name__ == "__main__":
    main()
