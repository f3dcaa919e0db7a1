"""The HTML report in a real browser (chromium): on every testdata example, the page loads without
errors or network requests, draws one node per stage and one edge per dependency, one bar per
layer-adding instruction of the shipped image, the runner's limit line when a limit is known,
lists every finding ``check --format json`` reports, works with JavaScript disabled and at phone
width, and paints something (the screenshot is not blank)."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from dockeropt.graph.model import Graph
from dockeropt.syntax.parser import parse

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.name for p in (ROOT / "testdata" / "examples").iterdir() if (p / "Dockerfile").is_file())
LAYER_INSTRUCTIONS = ("RUN", "COPY", "ADD")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dockeropt", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """For each example: its report (written by the real command) and ``check --format json``'s document."""
    out = {}
    folder = tmp_path_factory.mktemp("reports")
    for name in EXAMPLES:
        dockerfile = f"testdata/examples/{name}/Dockerfile"
        page = folder / f"{name}.html"
        proc = _run("report", dockerfile, "-o", str(page))
        assert proc.returncode == 0, proc.stderr
        checked = _run("check", dockerfile, "--format", "json")
        assert checked.returncode in (0, 1), checked.stderr
        out[name] = (page, json.loads(checked.stdout)["files"][0])
    return out


class Page:
    """A loaded page, with what went wrong while loading it."""

    def __init__(self, browser: Any, path: Path, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def count(self, selector: str) -> int:
        return int(self.page.locator(selector).count())

    def attrs(self, selector: str, *names: str) -> list[tuple[str | None, ...]]:
        found = []
        for element in self.page.locator(selector).all():
            found.append(tuple(element.get_attribute(name) for name in names))
        return found

    def close(self) -> None:
        self.context.close()


def _graph(name: str) -> Graph:
    text = (ROOT / "testdata" / "examples" / name / "Dockerfile").read_text()
    return Graph(parse(text))


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_report_of_each_example_in_chromium(
    browser: Any, reports: dict[str, tuple[Path, dict[str, Any]]], name: str
) -> None:
    path, checked = reports[name]
    graph = _graph(name)
    page = Page(browser, path, viewport={"width": 1200, "height": 900})
    try:
        assert page.errors == []
        assert all(url.startswith(("file:", "data:")) for url in page.requests), page.requests
        # the stage graph: one node per stage, one edge per dependency, the shipped stage and the unused ones marked
        assert page.count(".stage-graph .stage-node") == len(graph.stages)
        assert page.count(".stage-graph .edge") == len(graph.edges)
        assert sorted(k for (k,) in page.attrs(".stage-graph .edge", "data-kind")) == sorted(
            e.kind for e in graph.edges
        )
        target = graph.target
        assert target is not None
        assert page.attrs(".stage-graph .stage-node.target", "data-stage") == [(str(target.index),)]
        unused = sorted(str(s.index) for s in graph.unused_stages())
        assert sorted(s for (s,) in page.attrs(".stage-graph .stage-node.unused", "data-stage")) == unused
        if unused:  # greyed and said in words, not only by colour
            assert "unused" in page.page.locator(".stage-graph .stage-node.unused").first.text_content()
        # one bar per layer-adding instruction of the shipped image, with the JSON's figures
        layers = [i for s in graph.shipped_stages() for i in s.instructions if i.name in LAYER_INSTRUCTIONS]
        assert page.count(".layers-before .layer-bar") == len(layers)
        bars = page.attrs(".layers-before .layer-bar", "data-line", "data-low", "data-high")
        expected = [
            (str(x["line"]), str(x["bytes_low"]), str(x["bytes_high"]))
            for x in checked["estimate"]["image"]["by_layer"]
        ]
        assert bars == expected
        assert sorted(int(line) for line, _, _ in bars) == sorted(i.start_line for i in layers)
        # the memory chart: the limit line exactly when a limit is known; steps over it said in words
        memory = checked["estimate"]["memory"]
        limit = memory["limit"]["bytes"] if memory["limit"] else None
        assert page.count(".memory .limit-line") == (1 if limit else 0)
        if limit:
            assert page.attrs(".memory .limit-line", "data-bytes") == [(str(limit),)]
        assert page.count(".memory .step-bar") == len(memory["steps"])
        for element in page.page.locator(".memory .step-bar.over, .memory .step-bar.may-exceed").all():
            assert "limit" in element.locator(".row-label").text_content()
            fill = element.locator("rect.bar").evaluate("e => getComputedStyle(e).fill")
            assert fill.startswith("url("), fill  # a pattern, not only a colour
        # every finding, with its rule and line, linked to the rule's page
        listed = Counter(page.attrs("article.finding", "data-rule", "data-line"))
        assert listed == Counter((f["rule"], str(f["range"]["start_line"])) for f in checked["findings"])
        for (href,) in page.attrs("article.finding header a", "href"):
            assert href is not None and href.startswith("https://")
            assert "/docs/rules/DO" in href or href.startswith("https://www.shellcheck.net/wiki/SC")
    finally:
        page.close()


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_report_works_with_javascript_disabled(
    browser: Any, reports: dict[str, tuple[Path, dict[str, Any]]], name: str
) -> None:
    path, checked = reports[name]
    page = Page(browser, path, java_script_enabled=False, viewport={"width": 1000, "height": 800})
    try:
        assert page.errors == []
        graph = page.page.locator(".stage-graph").first
        box = graph.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 40
        assert page.count("article.finding") == len(checked["findings"])
        # the figures behind the charts open without a script (<details>)
        table = page.page.locator("table.layer-table-before").first
        assert not table.is_visible()
        page.page.locator("section.dockerfile details > summary").first.click()
        assert table.is_visible()
    finally:
        page.close()


def test_the_repository_page_at_phone_width_and_its_screenshot(browser: Any, tmp_path: Path) -> None:
    page_path = tmp_path / "all.html"
    proc = _run("report", "testdata/examples", "-o", str(page_path))
    assert proc.returncode == 0, proc.stderr
    page = Page(browser, page_path, viewport={"width": 375, "height": 812}, device_scale_factor=1)
    try:
        assert page.errors == []
        rows = page.attrs("table.files tr.file-row a", "href")
        assert len(rows) == len(EXAMPLES)
        for (href,) in rows:
            assert href is not None and page.count(f"section{href}") == 1
        # nothing makes the page wider than the phone (wide pictures and code scroll in their own box)
        width = page.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, width
        # the bars' labels keep a readable size at this width
        size = page.page.locator(".layers-before .row-label").first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert size >= 11
        shot = page.page.screenshot(full_page=False)
    finally:
        page.close()
    colours, inked = png_stats(shot)
    assert colours > 20, colours  # text, bars and patterns, not one flat colour
    assert inked > 0.03, inked


@pytest.mark.parametrize("width", [375, 1000])
def test_long_paths_and_checksums_wrap_instead_of_widening_the_page(browser: Any, tmp_path: Path, width: int) -> None:
    """A folder name and a SHA-512 without a place to break (in the file table, the headings and a
    fix's description) keep the page within the window, and the table's figures stay in view."""
    page_path = tmp_path / "long.html"
    proc = _run("report", "testdata/report/long-tokens", "testdata/examples/go-service", "-o", str(page_path))
    assert proc.returncode == 0, proc.stderr
    page = Page(browser, page_path, viewport={"width": width, "height": 800}, device_scale_factor=1)
    try:
        assert page.errors == []
        assert page.count("p.fix-label:has-text('TOMCAT_SHA512=81339c046dff')") == 1
        assert page.page.evaluate("document.documentElement.scrollWidth") <= width
        if width >= 1000:  # the last column of the file table is on screen, not scrolled away
            right = page.page.locator("table.files tr.file-row td").last.evaluate(
                "e => e.getBoundingClientRect().right"
            )
            assert right <= width
    finally:
        page.close()


def png_stats(data: bytes) -> tuple[int, float]:
    """(distinct colours, share of pixels that are not the background) of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos = 8
    idat = b""
    width = height = channels = 0
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
            assert body[8] == 8 and body[12] == 0, "8-bit, not interlaced"
            channels = {2: 3, 6: 4}[body[9]]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(line)
        previous = line
    pixels = Counter(bytes(row[x : x + 3]) for row in rows for x in range(0, stride, channels))
    background, _ = pixels.most_common(1)[0]
    return len(pixels), 1 - pixels[background] / (width * height)
