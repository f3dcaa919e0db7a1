"""The HTML report without a browser: it renders for every testdata Dockerfile, holds everything it
needs (no script, no link, nothing fetched), and its figures are the ones ``check --format json``
and the text summary give (the same runs of the real commands)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from dockeropt.api.config import config_for
from dockeropt.engine.check import FileResult, check_text, run_project_rules
from dockeropt.fix.saving import estimate_saving
from dockeropt.report.common import SavingTotal, estimate_dict, saving_words
from dockeropt.report.html import render
from dockeropt.report.json_report import render as render_json
from tests.report.test_json_schema import VALIDATOR
from tests.report.test_sarif import dockerfiles_in_testdata

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = "testdata/examples"
DOCS = "https://github.com/dockeropt/dockeropt/blob/main/docs/rules/"
VOID = {"meta", "br", "img", "input", "link", "hr", "col", "wbr", "source", "area", "base", "embed", "track"}
SVG_LEAVES = {"rect", "line", "path", "circle", "stop", "use"}


class Page(HTMLParser):
    """The parts of a report the tests read: tags (checked for balance), links, sources, and the
    data-* figures of sections, bars and limit lines."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.unbalanced: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.unbalanced.append(f"</{tag}> after <{self.stack[-1] if self.stack else ''}>")
            return
        self.stack.pop()

    def having(self, cls: str) -> list[dict[str, str]]:
        return [attrs for _, attrs in self.tags if cls in attrs.get("class", "").split()]


def _estimated(path: Path) -> FileResult:
    rel = os.path.relpath(path, ROOT)
    text = path.read_bytes().decode("utf-8")
    cfg = config_for(str(path))
    result = check_text(text, rel, cfg, select=["all"], context_dir=str(path.parent), estimate=True, pictures=True)
    result.saving = estimate_saving(result, text, cfg, ["all"], context_dir=str(path.parent))
    return result


def assert_self_contained(text: str) -> Page:
    page = Page(text)
    assert page.unbalanced == [] and page.stack == []
    lowered = text.lower()
    for banned in ("<script", "<link", "<iframe", "<object", "<img", "@import", "url(http", "src="):
        assert banned not in lowered, banned
    for tag, attrs in page.tags:
        href = attrs.get("href")
        if tag == "a" and href is not None:
            # in-page links, and the rules' pages (a rule reporting ShellCheck's codes links its wiki)
            assert (
                href.startswith("#")
                or (href.startswith(DOCS) and href.endswith(".md"))
                or href.startswith("https://www.shellcheck.net/wiki/SC")
            ), href
    ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
    assert len(ids) == len(set(ids)), "ids are unique on the page"
    for tag, attrs in page.tags:  # every in-page link and ARIA reference points at something
        refs = [attrs["href"][1:]] if tag == "a" and attrs.get("href", "").startswith("#") else []
        refs += attrs.get("aria-labelledby", "").split()
        for ref in refs:
            assert ref in ids, ref
    return page


def test_every_testdata_dockerfile_renders_alone_and_together(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    results = [_estimated(p) for p in dockerfiles_in_testdata()]
    run_project_rules(results)
    for result in results:
        page = assert_self_contained(render([result]))
        assert len(page.having("finding")) == len(result.findings)
        if result.image is not None:
            assert len(page.having("layer-bar")) >= len(result.image.layers)
    page = assert_self_contained(render(results))
    assert len(page.having("file-row")) == len(results)
    assert len(page.having("dockerfile")) == len(results)
    # the JSON of the same results fits the published schema, estimates included
    doc = json.loads(
        render_json(
            [(r.path, r.findings, r.index) for r in results],
            [estimate_dict(r) for r in results],
            SavingTotal(results).as_dict(),
        )
    )
    errors = [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(doc)]
    assert errors == []


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dockeropt", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, Page]:
    folder = tmp_path_factory.mktemp("outputs")
    checked = _run("check", EXAMPLES, "--format", "json", "--output", f"text:{folder / 'out.txt'}")
    assert checked.returncode in (0, 1), checked.stderr
    report = _run("report", EXAMPLES, "-o", str(folder / "report.html"))
    assert report.returncode == 0, report.stderr
    assert report.stderr.startswith(f"Wrote {folder / 'report.html'}: 4 Dockerfiles, ")
    return json.loads(checked.stdout), (folder / "out.txt").read_text(), Page((folder / "report.html").read_text())


def test_the_report_shows_the_figures_of_check_json(outputs: tuple[dict[str, Any], str, Page]) -> None:
    doc, _, page = outputs
    sections = page.having("dockerfile")
    assert [s["data-path"] for s in sections] == [f["path"] for f in doc["files"]]
    bars = iter(page.having("layer-bar"))
    steps = iter(page.having("step-bar"))
    limits = iter(page.having("limit-line"))
    for section, entry in zip(sections, doc["files"], strict=True):
        estimate = entry["estimate"]
        image, saving, memory = estimate["image"], estimate["saving"], estimate["memory"]
        assert int(section["data-image-low"]) == image["bytes_low"]
        assert int(section["data-image-high"]) == image["bytes_high"]
        assert int(section["data-layers"]) == image["layers"] == len(image["by_layer"])
        assert int(section["data-saving-low"]) == saving["bytes_low"]
        assert int(section["data-saving-high"]) == saving["bytes_high"]
        assert int(section["data-saving-layers"]) == saving["layers"]
        charts = [image] + ([estimate["fixed"]] if saving["fixes"] else [])
        for chart in charts:
            for layer in chart["by_layer"]:
                bar = next(bars)
                assert (int(bar["data-line"]), int(bar["data-low"]), int(bar["data-high"])) == (
                    layer["line"],
                    layer["bytes_low"],
                    layer["bytes_high"],
                )
                assert (int(bar["data-left-low"]), int(bar["data-left-high"])) == (
                    layer["left_low"],
                    layer["left_high"],
                )
                assert bar["data-unknown"] == str(int(layer["unknown"]))
        for step in memory["steps"]:
            bar = next(steps)
            assert (int(bar["data-line"]), int(bar["data-low"]), int(bar["data-high"])) == (
                step["line"],
                step["low"],
                step["high"],
            )
            assert bar["data-verdict"] == (step["verdict"] or "")
        if memory["limit"] and memory["limit"]["bytes"]:
            assert int(next(limits)["data-bytes"]) == memory["limit"]["bytes"]
    assert next(bars, None) is None and next(steps, None) is None and next(limits, None) is None


def test_the_text_summary_says_the_same_saving(outputs: tuple[dict[str, Any], str, Page]) -> None:
    doc, text, _ = outputs
    total = doc["summary"]["saving"]
    assert total["files"] == sum(
        1 for f in doc["files"] if f["estimate"]["saving"]["bytes_high"] > 0 or f["estimate"]["saving"]["layers"] > 0
    )
    words = saving_words(total["bytes_low"], total["bytes_high"], total["layers"])
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("Estimated saving with "))
    assert lines[head] == f"Estimated saving with `dockeropt fix --unsafe`: {words} in {total['files']} files:"
    listed = dict(line.strip().split(": ", 1) for line in lines[head + 1 :])
    expected = {
        f["path"]: saving_words(
            f["estimate"]["saving"]["bytes_low"],
            f["estimate"]["saving"]["bytes_high"],
            f["estimate"]["saving"]["layers"],
        )
        for f in doc["files"]
        if f["estimate"]["saving"]["bytes_high"] > 0 or f["estimate"]["saving"]["layers"] > 0
    }
    assert listed == expected


def test_check_writes_the_html_report_beside_its_own_output(tmp_path: Path) -> None:
    page = tmp_path / "out" / "report.html"
    listing = tmp_path / "findings.json"
    proc = _run("check", f"{EXAMPLES}/python-app/Dockerfile", "--output", f"html:{page}", "--output", f"json:{listing}")
    assert proc.returncode == 1
    assert "\nEstimated saving with `dockeropt fix --unsafe`: ~" in proc.stdout
    html = page.read_text()
    parsed = assert_self_contained(html)
    findings = json.loads(listing.read_text())["files"][0]["findings"]
    assert len(findings) > 10
    listed = Counter((a["data-rule"], int(a["data-line"])) for a in parsed.having("finding"))
    assert listed == Counter((f["rule"], f["range"]["start_line"]) for f in findings)
    assert html.count('<g class="stage-node') == 1


def test_report_errors_are_one_line(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    cases = [
        (["report", "-o", str(page)], "dockeropt: error: no paths given (try: dockeropt report . -o report.html)"),
        (["report", str(tmp_path), "-o", str(page)], f"dockeropt: error: no Dockerfiles found in {tmp_path}"),
        (
            ["report", f"{EXAMPLES}/python-app", "-o", "README.md/report.html"],
            "dockeropt: error: cannot write README.md/report.html: ",
        ),
    ]
    for args, message in cases:
        proc = _run(*args)
        assert proc.returncode == 2, args
        assert proc.stderr.count("\n") == 1, proc.stderr
        assert proc.stderr.startswith(message), proc.stderr
    assert not page.exists()


def test_an_unreadable_file_is_in_the_report_and_fails_the_run(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    missing = tmp_path / "gone" / "Dockerfile"
    proc = _run("report", f"{EXAMPLES}/python-app/Dockerfile", str(missing), "-o", str(page))
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0].startswith(f"{missing}:1:1: cannot read")
    parsed = assert_self_contained(page.read_text())
    assert [s["data-path"] for s in parsed.having("dockerfile")] == [f"{EXAMPLES}/python-app/Dockerfile", str(missing)]


def test_report_needs_an_output_file() -> None:
    proc = _run("report", EXAMPLES)
    assert proc.returncode == 2
    assert "-o/--output" in proc.stderr


def test_the_readme_report_sample_is_real_output(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    said = readme.split("$ dockeropt report testdata/examples -o report.html\n", 1)[1].split("\n", 1)[0]
    page = tmp_path / "report.html"
    proc = _run("report", EXAMPLES, "-o", str(page))
    assert proc.returncode == 0
    assert proc.stderr == said.replace("report.html", str(page)) + "\n"
    assert (ROOT / "docs" / "images" / "report-layers.png").is_file()
