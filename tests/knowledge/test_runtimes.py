"""The runtime table: the OS release of toolchain tags, Java versions of JDK tags, JREs of JDKs."""

from __future__ import annotations

import pytest

from dockeropt.knowledge.runtimes import (
    is_header_package,
    is_toolchain_package,
    java_version_of_image,
    jre_of,
    os_base,
    toolchain_of,
)


@pytest.mark.parametrize(
    ("repository", "tag", "image"),
    [
        ("golang", "1.22", "debian:bookworm-slim"),
        ("golang", "1.22.5", "debian:bookworm-slim"),
        ("golang", "1.19", "debian:bookworm-slim"),
        ("golang", "1.18", "debian:bullseye-slim"),
        ("golang", "1.14", "debian:buster-slim"),
        ("golang", "1.23", "debian:trixie-slim"),  # maintained across trixie's release: the newer one
        ("golang", "1.25", "debian:trixie-slim"),
        ("golang", None, "debian:trixie-slim"),
        ("golang", "1", "debian:trixie-slim"),
        ("golang", "1.22-bullseye", "debian:bullseye-slim"),
        ("golang", "1.24-bookworm", "debian:bookworm-slim"),
        ("golang", "1.22-alpine3.19", "alpine:3.19"),
        ("golang", "alpine", "alpine:3"),
        ("rust", "1.75", "debian:bookworm-slim"),
        ("rust", "1.75-slim", "debian:bookworm-slim"),
        ("rust", "1.60", "debian:bullseye-slim"),
        ("rust", "1.93", "debian:trixie-slim"),
        ("rust", "1.75-slim-bullseye", "debian:bullseye-slim"),
        ("gcc", "11", "debian:bookworm-slim"),
        ("gcc", "14", "debian:trixie-slim"),
        ("buildpack-deps", "bookworm", "debian:bookworm-slim"),
    ],
)
def test_the_os_a_toolchain_tag_is_built_on(repository: str, tag: str | None, image: str) -> None:
    found = os_base(repository, tag)
    assert found is not None and found.slim_image == image


def test_unknown_versions_and_images_have_no_os() -> None:
    assert os_base("golang", "1.5") is None
    assert os_base("mycompany/go", "1.22") is None
    assert os_base("golang", "nightly") is None


@pytest.mark.parametrize(
    ("repository", "tag", "version"),
    [
        ("maven", "3.9-eclipse-temurin-21", 21),
        ("maven", "3.9.6-eclipse-temurin-17-alpine", 17),
        ("maven", "3-openjdk-11", 11),
        ("maven", "3.8-jdk-8", 8),
        ("gradle", "8.10-jdk17", 17),
        ("gradle", "jdk21-alpine", 21),
        ("eclipse-temurin", "21-jdk-noble", 21),
        ("openjdk", "17-slim", 17),
        ("amazoncorretto", "11", 11),
        ("maven", "3.9", None),
    ],
)
def test_the_java_version_of_a_jdk_tag(repository: str, tag: str, version: int | None) -> None:
    assert java_version_of_image(repository, tag) == version


def test_packages_that_only_build_and_their_runtime_counterparts() -> None:
    building = ["gcc", "g++", "gcc-12", "clang-17", "build-essential", "build-base", "libpq-dev", "openssl-devel"]
    building += ["golang-go", "golang-1.22-go", "cargo", "nodejs", "npm", "maven", "openjdk-17-jdk-headless"]
    for name in building:
        assert is_toolchain_package(name), name
    for name in ("libpq5", "libsqlite3-0", "ca-certificates", "tzdata", "nginx", "curl", "openjdk-17-jre-headless"):
        assert not is_toolchain_package(name), name
    assert is_header_package("libpq-dev") and not is_header_package("libc6-dev")
    assert jre_of("openjdk-17-jdk") == jre_of("openjdk-17-jdk-headless") == "openjdk-17-jre-headless"
    assert jre_of("default-jdk") == "default-jre-headless"
    assert jre_of("openjdk21") == "openjdk21-jre-headless"
    assert jre_of("java-17-openjdk-devel") == "java-17-openjdk-headless"
    assert jre_of("maven") is None
    assert toolchain_of("go", "golang-go") and toolchain_of("c", "build-essential") and not toolchain_of("go", "gcc")


def test_the_release_table_of_docs_rewrites_says_what_the_code_does() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "rewrites.md").read_text()
    header = next(line for line in doc.splitlines() if line.startswith("| image | buster"))
    releases = [cell.strip() for cell in header.strip("|").split("|")][1:]
    rows = [line for line in doc.splitlines() if line.startswith(("| `golang` |", "| `rust` |", "| `gcc` |"))]
    assert len(rows) == 3
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        image = cells[0].strip("`")
        for release, cell in zip(releases, cells[1:], strict=True):
            for version in cell.split(" ")[0].split("–"):
                found = os_base(image, version)
                assert found is not None and found.release == release, (image, version, release)


def test_the_python_of_each_release_in_docs_rewrites_is_the_table_pip_reads() -> None:
    import re
    from pathlib import Path

    from dockeropt.knowledge.runtimes import PYTHON_OF_RELEASE

    doc = (Path(__file__).resolve().parents[2] / "docs" / "rewrites.md").read_text()
    named = re.findall(r"(bookworm|bullseye|trixie|\d\d\.04): (3\.\d+)", doc)
    assert len(named) >= 3
    assert all(PYTHON_OF_RELEASE[release] == version for release, version in named)
    # autotools-dev ships build scripts (config.guess), not a library's headers
    assert not is_header_package("autotools-dev") and is_header_package("python3-dev")
