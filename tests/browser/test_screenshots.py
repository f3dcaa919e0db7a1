"""The screenshots docs/report.md shows are real: taken again here, they paint the same part of the
page (same width, about the same height) and are not blank; docs/report.md links each one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.screenshots import DOCS, ROOT, SHOTS, WIDTH, take
from tests.browser.test_report_in_browser import png_stats


def _size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_the_documented_screenshots_are_taken_from_real_reports(browser: Any, tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "report.md").read_text()
    for fresh in take(browser, tmp_path, tmp_path):
        committed = DOCS / fresh.name
        assert f"(images/{fresh.name})" in doc
        new, old = fresh.read_bytes(), committed.read_bytes()
        assert _size(new)[0] == _size(old)[0] == WIDTH
        # the same elements, so about the same height (fonts may differ a little between machines)
        assert abs(_size(new)[1] - _size(old)[1]) <= 0.1 * _size(old)[1]
        colours, inked = png_stats(new)
        assert colours > 50 and inked > 0.05, (fresh.name, colours, inked)
        assert png_stats(old)[0] > 50
    assert len(SHOTS) == len(list(DOCS.glob("report-*.png")))
