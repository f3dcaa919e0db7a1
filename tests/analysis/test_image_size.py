"""The image size model: what each layer of the shipped image adds, from the build context on disk,
the package tables and the findings; and the saving of ``fix --unsafe`` as before minus after."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from dockeropt.analysis.image_size import LEFT, UNKNOWN, ImageSize
from dockeropt.engine.check import check_text
from dockeropt.fix.engine import fix_text
from dockeropt.fix.saving import estimate_saving
from dockeropt.knowledge import package_sizes
from dockeropt.knowledge.heavy import lookup

ROOT = Path(__file__).resolve().parents[2]
MB = 1_000_000


def estimate(text: str, context: Path | None = None, path: str = "") -> ImageSize:
    result = check_text(
        text,
        path or (str(context / "Dockerfile") if context else ""),
        context_dir=str(context) if context else None,
        estimate=True,
    )
    assert result.image is not None
    return result.image


def write(folder: Path, files: dict[str, bytes | str]) -> None:
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            target.write_text(data)
        else:
            target.write_bytes(data)


def test_copies_count_the_files_they_take_with_the_dockerignore_applied(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.txt": "a" * 100,
            "notes.txt": "n" * 7,
            "src/x.py": "x" * 250,
            "src/y.py": "y" * 50,
            "src/cache/z.pyc": "z" * 40,
            "node_modules/big/index.js": "b" * 10_000,
            "debug.log": "d" * 999,
            ".dockerignore": "node_modules\n*.log\nsrc/cache\n",
        },
    )
    dockerfile = "FROM scratch\nCOPY a.txt /\nCOPY src/ /src/\nCOPY *.txt /t/\nCOPY . /all\nCOPY missing.txt /m\n"
    (tmp_path / "Dockerfile").write_text(dockerfile)
    image = estimate(dockerfile, tmp_path)
    assert image.base == "scratch" and image.base_size == 0
    sizes = [(layer.line, layer.low, layer.high, layer.unknown) for layer in image.layers]
    ignore_file = len("node_modules\n*.log\nsrc/cache\n")
    everything = 100 + 7 + 250 + 50 + ignore_file + len(dockerfile)
    assert sizes == [
        (2, 100, 100, False),
        (3, 300, 300, False),  # src/cache is left out by the .dockerignore
        (4, 107, 107, False),  # the glob takes a.txt and notes.txt
        (5, everything, everything, False),  # the Dockerfile and .dockerignore are sent too; node_modules, logs are not
        (6, 0, 0, True),  # not in the context: not estimated (the build would fail)
    ]
    assert image.layers[1].parts[0].label == "src/: 2 files from the build context"
    assert image.layers[4].parts[0].label == "missing.txt: not in the build context"


def test_an_exception_in_the_dockerignore_brings_a_file_back(tmp_path: Path) -> None:
    write(tmp_path, {"vendor/a.so": "a" * 300, "vendor/keep/b.so": "b" * 20, ".dockerignore": "vendor\n!vendor/keep\n"})
    image = estimate("FROM scratch\nCOPY vendor /v\n", tmp_path)
    assert (image.layers[0].low, image.layers[0].high) == (20, 20)


def test_a_heredoc_an_archive_a_url_and_another_stage(tmp_path: Path) -> None:
    members = {"tok/vocab.txt": b"v" * 3000, "tok/config.json": b"{}" * 50}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    write(tmp_path, {"model.tar.gz": buffer.getvalue()})
    text = (
        "FROM alpine:3.20 AS build\nRUN echo hi > /out\n"
        "FROM alpine:3.20\n"
        "COPY <<EOF /etc/motd\nhello\nworld\nEOF\n"
        "ADD model.tar.gz /models/\n"
        "ADD https://example.com/x.bin /x.bin\n"
        "COPY --from=build /out /out\n"
    )
    image = estimate(text, tmp_path)
    assert [(layer.instruction.split()[0], layer.low, layer.high, layer.unknown) for layer in image.layers] == [
        ("COPY", 12, 12, False),  # "hello\nworld\n"
        ("ADD", 3100, 3100, False),  # what the archive unpacks, not its compressed size
        ("ADD", 0, 0, True),
        ("COPY", 0, 0, True),
    ]
    assert image.layers[3].parts[0].label == "copied from stage 'build': not estimated"
    # only the shipped stage counts: the build stage's RUN is not a layer of the image
    assert image.base == "alpine:3.20" and image.base_size is None
    assert "not in dockeropt's tables" in image.base_note


def test_os_packages_from_the_measured_table_and_by_count() -> None:
    image = estimate(
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends build-essential curl"
        " && rm -rf /var/lib/apt/lists/*\n"
        "RUN apt-get install -y libfoo1 libbar2\n"
        "RUN useradd --system app && mkdir -p /data && chmod 0750 /data\n"
        "RUN curl -fsSL https://example.com/install.sh | sh\n"
        "RUN chown -R app /data\n"
    )
    named, typical, small, download, recursive = image.layers
    own = package_sizes.DEBIAN["build-essential"][0] + package_sizes.DEBIAN["curl"][0]
    deps = package_sizes.DEBIAN["build-essential"][1] + package_sizes.DEBIAN["curl"][1]
    assert (named.low, named.high) == (int(0.02 * MB) + int(0.49 * MB), int(267.8 * MB) + int(11.7 * MB))
    assert own == pytest.approx(0.51) and deps == pytest.approx(279.5)
    low, high = package_sizes.TYPICAL["deb"]
    # two packages no table knows, with what they recommend (apt's default)
    assert (typical.low, typical.high) == (2 * low, int(2 * high * package_sizes.RECOMMENDS_FACTOR))
    assert typical.parts[0].label == "2 packages (libfoo1, libbar2) with what they recommend"
    assert (small.low, small.high, small.unknown) == (0, package_sizes.SMALL_STEP, False)
    assert download.unknown and download.parts[-1].label.startswith("what curl, sh write")
    assert recursive.unknown  # chown -R writes every file it changes into a new layer


def test_heavy_pip_packages_and_their_cpu_builds() -> None:
    cuda = estimate("FROM python:3.12-slim\nRUN pip install --no-cache-dir torch==2.3.1\n").layers[0]
    cpu = estimate(
        "FROM python:3.12-slim\n"
        "RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.3.1\n"
    ).layers[0]
    torch = lookup("torch")
    assert torch is not None
    assert (cuda.low, cuda.high) == torch.installed
    assert cpu.parts[0].label == "torch (CPU builds)"
    assert cpu.high < cuda.low / 3  # no CUDA wheels: about a fifth
    assert cpu.low > 1000 * MB


def test_leftovers_of_bloat_findings_land_in_their_layers() -> None:
    image = estimate("FROM debian:12\nRUN apt-get update\nRUN apk add curl\nRUN pip install torch\n")
    update, apk, pip = image.layers
    assert [(p.kind, p.rule, p.low, p.high) for p in update.parts if p.kind == LEFT] == [
        (LEFT, "DO201", 15 * MB, 45 * MB)
    ]
    assert [(p.rule, p.low, p.high) for p in apk.parts if p.kind == LEFT] == [("DO203", 1 * MB, 5 * MB)]
    # pip's cache of heavy wheels: DO501's fix removes /root/.cache/pip, its estimate is the download
    torch = lookup("torch")
    assert torch is not None
    assert [(p.rule, p.low, p.high) for p in pip.parts if p.kind == LEFT] == [("DO501", *torch.download)]
    assert image.left_low == 15 * MB + 1 * MB + torch.download[0]


def test_files_removed_in_a_later_layer_are_left_behind_in_the_layer_that_wrote_them(tmp_path: Path) -> None:
    write(tmp_path, {"dist/app.tar": b"t" * 3_000_000, "dist/app.sh": "#!/bin/sh\n", "docs/guide.md": "g" * 700})
    dockerfile = (
        "FROM debian:12-slim\n"
        "COPY dist/ /opt/dist/\n"
        "COPY docs/ /opt/docs/\n"
        "RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\n"
        "RUN rm /opt/dist/app.tar /opt/docs/guide.md /tmp/tool.tgz\n"
    )
    (tmp_path / "Dockerfile").write_text(dockerfile)
    image = estimate(dockerfile, tmp_path)
    dist, docs, download, removal = image.layers
    # the removed archive stays in the COPY's layer: that layer's size is the same, and what is
    # left behind is the 3 MB the removal does not take away; the script stays content
    assert (dist.low, dist.high, dist.left_low, dist.left_high) == (3_000_010, 3_000_010, 3_000_000, 3_000_000)
    assert [(p.kind, p.rule) for p in dist.parts] == [("content", ""), (LEFT, "DO208")]
    # the only file a COPY wrote, removed later: all of its layer is left behind
    assert (docs.low, docs.left_low, [p.kind for p in docs.parts]) == (700, 700, [LEFT])
    # what a download wrote is not estimated: its layer carries the finding's mark, not the rm's layer
    assert download.flags == ["removed-in-later-layer (DO208)"] and download.left_high == 0
    assert removal.flags == [] and removal.left_high == 0
    assert image.left_low == 3_000_700


def test_npm_counts_the_dependencies_of_package_json(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "package.json": '{"dependencies": {"react": "^18", "react-dom": "^18", "zod": "^3"},'
            ' "devDependencies": {"vite": "^5", "typescript": "^5"}}'
        },
    )
    low, high = package_sizes.TYPICAL["npm"]
    all_deps = estimate("FROM node:20\nCOPY package.json .\nRUN npm ci\n", tmp_path).layers[1]
    production = estimate("FROM node:20\nCOPY package.json .\nRUN npm ci --omit=dev\n", tmp_path).layers[1]
    content = [(p.label, p.low, p.high) for p in all_deps.parts if p.kind == "content"]
    assert content == [("5 dependencies from package.json (react, react-dom, zod, vite …)", 5 * low, 5 * high)]
    assert [(p.low, p.high) for p in production.parts if p.kind == "content"] == [(3 * low, 3 * high)]
    # and npm's cache, which DO206 says stays in the layer
    assert [p.rule for p in all_deps.parts if p.kind == LEFT] == ["DO206"]
    assert estimate("FROM node:20\nRUN npm ci\n", None).layers[0].unknown  # no package.json to read


@pytest.mark.parametrize(
    "example", sorted(p.name for p in (ROOT / "testdata" / "examples").iterdir() if (p / "Dockerfile").is_file())
)
def test_the_saving_is_the_estimate_of_the_fixed_file(example: str) -> None:
    """The after-fix side of the saving is exactly the estimate of the text ``fix --unsafe`` writes."""
    folder = ROOT / "testdata" / "examples" / example
    text = (folder / "Dockerfile").read_text()
    path = f"testdata/examples/{example}/Dockerfile"
    result = check_text(text, path, context_dir=str(folder), estimate=True)
    saving = estimate_saving(result, text, context_dir=str(folder))
    assert saving is not None and result.image is not None
    fixed = fix_text(text, path, unsafe=True, context_dir=str(folder))
    again = check_text(fixed.text, path, context_dir=str(folder), estimate=True).image
    assert again is not None
    assert [layer.as_dict() for layer in saving.after.layers] == [layer.as_dict() for layer in again.layers]
    assert saving.bytes_low == min(result.image.low - again.low, result.image.high - again.high)
    assert saving.layers == len(result.image.layers) - len(again.layers)
    assert saving.fixes == len(fixed.applied)


def test_python_app_saving() -> None:
    folder = ROOT / "testdata" / "examples" / "python-app"
    text = (folder / "Dockerfile").read_text()
    result = check_text(text, "testdata/examples/python-app/Dockerfile", context_dir=str(folder), estimate=True)
    saving = estimate_saving(result, text, context_dir=str(folder))
    assert saving is not None
    # two RUNs merged away; the pip cache (3.0 GB), the apt lists and the CUDA wheels (a CPU index) go
    assert saving.layers == 2
    assert saving.unsafe == 2  # recommends off, the CPU index
    torch = lookup("torch")
    assert torch is not None
    assert saving.bytes_low > torch.download[0] + 3000 * MB
    assert not saving.uncertain
    assert [p.kind for layer in saving.after.layers for p in layer.parts].count(UNKNOWN) == 0


def _estimate_cpu(text: str) -> float:
    import time

    from dockeropt.shell import parse as shell_parse

    best = float("inf")
    for _ in range(2):
        shell_parse._cache.clear()
        start = time.process_time()
        result = check_text(text, "Dockerfile", estimate=True)
        estimate_saving(result, text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("name", ["realistic file", "many heredocs", "many stages", "long continuation"])
def test_the_estimate_and_the_saving_stay_linear(name: str) -> None:
    """What ``dockeropt check`` adds for its summary (the estimate, then fix --unsafe and the estimate
    again) grows like the input, on the scaling benchmark's pathological files."""
    from bench.scaling import CASES
    from tests.test_scaling import MAX_RATIO, SCALE, SLACK_MS

    make, n, _ = CASES[name]
    small_n = max(1, int(n * SCALE[name]))
    _estimate_cpu("FROM a\nRUN true\n")
    seen = []
    for _ in range(3):  # a busy machine can slow one measurement
        small, large = _estimate_cpu(make(small_n)), _estimate_cpu(make(small_n * 10))
        seen.append(f"{small * 1000:.0f} ms -> {large * 1000:.0f} ms")
        if large * 1000 <= MAX_RATIO * small * 1000 + SLACK_MS:
            return
    pytest.fail(f"{name}: the estimate grows faster than linearly: {'; '.join(seen)}")


def test_archives_are_read_with_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ADD unpacks a local archive: its files are counted, but an archive that unpacks to more than
    the bound, or a FIFO with an archive's name, leaves the size open instead of hanging."""
    import os

    from dockeropt.analysis import image_size

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("zeros.bin")
        info.size = 2 * MB
        archive.addfile(info, io.BytesIO(bytes(info.size)))
    write(tmp_path, {"zeros.tar.gz": buffer.getvalue()})
    os.mkfifo(tmp_path / "pipe.tar")
    text = "FROM scratch\nADD zeros.tar.gz /z/\nADD pipe.tar /p/\n"
    zeros, pipe = estimate(text, tmp_path).layers
    assert (zeros.low, zeros.high, zeros.unknown) == (2 * MB, 2 * MB, False)
    assert pipe.unknown and pipe.parts[0].label == "pipe.tar: an archive ADD unpacks (unpacked size not read)"
    monkeypatch.setattr(image_size, "_UNPACK_READ_LIMIT", 1 * MB)
    from dockeropt.context import scan

    scan._SOURCES.clear()
    (bounded,) = estimate("FROM scratch\nADD zeros.tar.gz /z/\n", tmp_path).layers
    assert bounded.unknown and bounded.low == len(buffer.getvalue())
