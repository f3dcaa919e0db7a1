"""DO604's conversion to a build stage and a runtime stage without the toolchain.

Cases whose runtime base cannot be built here (distroless, nginx, Temurin, .NET, official toolchain
images) are golden files in testdata/rewrite/multistage, each checked statically: the runtime stage
starts from the base its ``case.txt`` names, copies exactly the artifacts it names, repeats the
original's configuration in order and installs no toolchain. The Debian ones are also built
(tests/buildverify/test_fix_proofs.py).
"""

from __future__ import annotations

import shlex
from pathlib import Path

import dockerfile
import pytest

from dockeropt.engine.check import check_text
from dockeropt.fix.engine import fix_text
from dockeropt.knowledge.runtimes import CA_BUNDLE, is_toolchain_package
from dockeropt.shell import analyze
from dockeropt.syntax.parser import parse

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(p.parent for p in (ROOT / "testdata" / "rewrite" / "multistage").glob("*/Dockerfile"))
CONFIG = ("ARG", "ENV", "WORKDIR", "USER", "SHELL", "LABEL", "EXPOSE", "STOPSIGNAL", "VOLUME", "HEALTHCHECK")
CONFIG += ("CMD", "ENTRYPOINT")


def _case(folder: Path) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in (folder / "case.txt").read_text().splitlines())


def _convert(text: str, folder: Path | None = None) -> tuple[str | None, list[str]]:
    path = str((folder or Path("/nonexistent")) / "Dockerfile")
    result = fix_text(text, path, None, unsafe=True, select=["DO604"], context_dir=str(folder) if folder else None)
    return (result.text if result.changed else None), [a.description for a in result.applied]


def _refusal(text: str, folder: Path | None = None) -> str:
    path = str((folder or Path("/nonexistent")) / "Dockerfile")
    found = check_text(text, path, select=["DO604"], context_dir=str(folder) if folder else None).findings
    assert len(found) == 1, found
    assert found[0].fix is None, "converted, but a refusal was expected"
    message = found[0].message
    assert "(no automatic conversion: " in message, message
    return message.split("(no automatic conversion: ", 1)[1].removesuffix(")")


def _config(insts: list[object]) -> list[tuple[str, tuple[str, ...]]]:
    out = []
    for inst in insts:
        name = inst.name  # type: ignore[attr-defined]
        if name not in CONFIG:
            continue
        value = tuple(inst.value)  # type: ignore[attr-defined]
        if name in ("CMD", "ENTRYPOINT") and not inst.json:  # type: ignore[attr-defined]
            value = tuple(shlex.split(inst.rest))  # type: ignore[attr-defined]
        out.append((name, value))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_conversion_matches_its_golden_file_and_is_idempotent(case: Path) -> None:
    text = (case / "Dockerfile").read_text()
    converted, descriptions = _convert(text, case)
    assert converted == (case / "expected.Dockerfile").read_text()
    assert descriptions == [_case(case)["description"]]
    again, _ = _convert(converted, case)
    assert again is None
    dockerfile.parse_string(converted)  # BuildKit's parser reads it


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_runtime_stage_copies_exactly_the_artifact_and_repeats_the_configuration(case: Path) -> None:
    facts = _case(case)
    original = parse((case / "Dockerfile").read_text())
    converted = parse((case / "expected.Dockerfile").read_text())
    froms = [i for i in converted.instructions if i.name == "FROM"]
    assert len(froms) == 2
    runtime = [i for i in converted.instructions if i.index > froms[1].index]
    assert froms[1].args[0].value == facts["runtime"]
    builder = froms[0].args[2].value
    copied = [i.args[0].value for i in runtime if i.name == "COPY" and i.flag("from") is not None]
    assert all(i.flag("from").value == builder for i in runtime if i.name == "COPY" and i.flag("from"))  # type: ignore[union-attr]
    expected = facts["artifacts"].split()
    if facts["runtime"].startswith(("debian:", "alpine:")) and "FROM debian" not in str(original.instructions[0]):
        expected = [CA_BUNDLE, *expected] if CA_BUNDLE in copied else expected
    assert copied == expected
    # the configuration of the original, in its order (shell-form CMD/ENTRYPOINT compared as words)
    assert _config(runtime) == _config(original.instructions[1:])
    # no toolchain in the runtime stage
    for inst in runtime:
        if inst.name == "RUN":
            for op in analyze(inst.rest).packages:
                assert not any(is_toolchain_package(p.name) for p in op.packages), inst.original
    # and DO604 has nothing more to say about it
    assert check_text(converted.text, str(case / "Dockerfile"), select=["DO604"], context_dir=str(case)).findings == []


def test_a_runtime_stage_from_a_toolchain_image_is_reported() -> None:
    text = (
        "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api .\n\n"
        'FROM golang:1.22\nCOPY --from=build /out/api /usr/local/bin/api\nCMD ["api"]\n'
    )
    found = check_text(text, "Dockerfile", select=["DO604"]).findings
    assert [(f.span.start_line, f.span.start_col) for f in found] == [(6, 1)]
    assert found[0].message.startswith("the final stage starts from golang:1.22, a toolchain image: the compiler ships")
    assert (
        check_text(
            text.replace("FROM golang:1.22\n", "FROM debian:bookworm-slim\n"), "Dockerfile", select=["DO604"]
        ).findings
        == []
    )
    jre = text.replace("FROM golang:1.22\n", "FROM eclipse-temurin:21-jre\n")
    assert check_text(jre, "Dockerfile", select=["DO604"]).findings == []


GO = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\n"


def test_the_go_toolchain_image_gives_its_debian_release_slim_with_the_ca_bundle() -> None:
    converted, (description,) = _convert(GO + 'RUN go build -o /usr/local/bin/api ./cmd/api\nCMD ["api"]\n')
    assert converted is not None
    assert converted.endswith(
        "FROM debian:bookworm-slim\nWORKDIR /src\n"
        "COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\n"
        'COPY --from=build /usr/local/bin/api /usr/local/bin/api\nCMD ["api"]\n'
    )
    assert description.endswith(
        "golang:1.22 is built on Debian bookworm (that version's default); debian:bookworm-slim is that OS without "
        "the toolchain (what was copied into /src stays in the build stage: copy what the program reads at run time "
        "too)"
    )
    for tag, runtime in (("1.22-bullseye", "debian:bullseye-slim"), ("1.18", "debian:bullseye-slim"),
                         ("1.24", "debian:trixie-slim"), ("latest", "debian:trixie-slim")):  # fmt: skip
        out, _ = _convert(GO.replace("1.22", tag) + 'RUN go build -o /usr/local/bin/api .\nCMD ["api"]\n')
        assert out is not None and f"\nFROM {runtime}\n" in out, tag
    # Alpine: with a C compiler cgo is on (the binary needs musl), without one Go 1.20+ builds static binaries
    alpine = GO.replace("1.22", "1.22-alpine3.19") + 'RUN go build -o /usr/local/bin/api .\nCMD ["api"]\n'
    out, (description,) = _convert(alpine)
    assert out is not None and "\nFROM gcr.io/distroless/static-debian12\n" in out
    assert "the golang Alpine image has no C compiler, so cgo is off from Go 1.20" in description
    out, _ = _convert(alpine.replace("WORKDIR", "RUN apk add --no-cache gcc musl-dev\nWORKDIR"))
    assert out is not None and "\nFROM alpine:3.19\n" in out


def test_a_static_go_binary_goes_to_distroless_and_a_shell_cmd_becomes_exec_form() -> None:
    converted, _ = _convert(GO + "ENV CGO_ENABLED=0\nRUN go build -o /usr/local/bin/api .\nCMD api --port 8080\n")
    assert converted is not None
    assert converted.endswith(
        "FROM gcr.io/distroless/static-debian12\nWORKDIR /src\nENV CGO_ENABLED=0\n"
        'COPY --from=build /usr/local/bin/api /usr/local/bin/api\nCMD ["api", "--port", "8080"]\n'
    )
    # a shell command distroless cannot run: the slim OS base instead, and the reason in the description
    converted, (description,) = _convert(
        GO + "ENV CGO_ENABLED=0\nRUN go build -o /usr/local/bin/api .\nCMD api --port $PORT\n"
    )
    assert converted is not None and "\nFROM debian:bookworm-slim\n" in converted
    assert "but distroless cannot take it: the CMD at line 6 is a shell command" in description


def test_toolchain_installed_in_the_stage_gives_the_same_base_with_runtime_packages_kept() -> None:
    text = (
        "FROM debian:bookworm\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y --no-install-recommends \\\n"
        "       gcc \\\n"
        "       libc6-dev \\\n"
        "       libsqlite3-dev \\\n"
        "       libsqlite3-0 ca-certificates \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
        "WORKDIR /src\nCOPY notes.c .\n"
        "RUN gcc -O2 -o /usr/local/bin/notes notes.c -lsqlite3\n"
        'CMD ["notes"]\n'
    )
    converted, (description,) = _convert(text)
    assert converted is not None
    assert converted.split("\n\n", 1)[1] == (
        "FROM debian:bookworm\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y --no-install-recommends \\\n"
        "       libsqlite3-0 ca-certificates \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
        "WORKDIR /src\n"
        "COPY --from=build /usr/local/bin/notes /usr/local/bin/notes\n"
        'CMD ["notes"]\n'
    )
    assert "the toolchain (gcc) was installed on debian:bookworm" in description


def test_a_jdk_package_becomes_its_jre() -> None:
    text = (
        "FROM ubuntu:24.04\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends openjdk-21-jdk-headless maven "
        "&& rm -rf /var/lib/apt/lists/*\n"
        "WORKDIR /app\nCOPY . .\nRUN mvn -B package\n"
        'CMD ["java", "-jar", "target/orders-1.4.2.jar"]\n'
    )
    folder = ROOT / "testdata" / "rewrite" / "multistage" / "java-maven-temurin"
    converted, _ = _convert(text, folder)
    assert converted is not None
    assert (
        "\nFROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends "
        "openjdk-21-jre-headless && rm -rf /var/lib/apt/lists/*\n"
    ) in converted


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "FROM golang:1.22\nRUN apt-get update && apt-get install -y libsqlite3-dev\n"
            'WORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
            "cgo may link the libraries of libsqlite3-dev: which runtime packages the binary needs is not known",
        ),
        (
            "FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc libcurl4-openssl-dev\n"
            'COPY get.c .\nRUN gcc -o /usr/local/bin/get get.c -lcurl\nCMD ["get"]\n',
            "the program links libcurl (-lcurl) and no package of its runtime library is installed "
            "(libcurl4-openssl-dev only bring headers)",
        ),
        (
            'FROM gcc:14\nCOPY app.cpp .\nRUN g++ -O2 -o /usr/local/bin/app app.cpp\nCMD ["app"]\n',
            "gcc:14 links C++ programs against its own libstdc++",
        ),
        (
            'FROM mycompany/builder:3\nCOPY . /src\nRUN cd /src && go build -o /app .\nCMD ["/app"]\n',
            "the go build toolchain comes from mycompany/builder:3, an image dockeropt does not know",
        ),
        (
            GO + "RUN curl -fsSL -o /usr/local/bin/migrate https://example.com/migrate\n"
            'RUN go build -o /usr/local/bin/api .\nCMD ["api"]\n',
            "line 4 runs `curl`: whether the program needs what it writes at run time is not known",
        ),
        (GO + "RUN go build -o /usr/local/bin/api .\n", "no CMD or ENTRYPOINT: which program runs in"),
        (
            GO + "RUN go build -o /usr/local/bin/api .\n"
            'HEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD ["api"]\n',
            "the HEALTHCHECK runs curl, which debian:bookworm-slim does not have",
        ),
        (
            GO + 'RUN go build -o /usr/local/bin/api . && go run ./tools/seed\nCMD ["go", "run", "."]\n',
            "the CMD runs go, the toolchain the runtime stage leaves out",
        ),
        (
            GO + 'RUN go build -o /usr/local/bin/api . && python3 gen.py\nCMD ["api"]\n',
            "the build RUN also runs `python3`: what it writes would be left behind",
        ),
        (
            "FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make libpq-dev\nCOPY . /src\n"
            'WORKDIR /src\nRUN make\nCMD ["./server"]\n',
            "the Makefile is not in the build context",
        ),
        (
            "FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make git libncurses-dev\n"
            "RUN git clone --depth 1 https://example.com/mdp.git /src\nCOPY . /opt/notes\n"
            'WORKDIR /src\nRUN make && make install\nCMD ["mdp"]\n',
            "the Makefile is not copied from the build context (line 3 fetches sources with git clone): what the "
            "build writes is not known",
        ),
        (
            "FROM debian:bookworm\nARG V=3460000\nRUN apt-get update && apt-get install -y gcc make wget\n"
            "RUN wget -q https://example.com/sqlite-autoconf-$V.tar.gz && tar xzf sqlite-autoconf-$V.tar.gz "
            '&& cd sqlite-autoconf-$V && ./configure && make && make install\nCMD ["sqlite3"]\n',
            "`make` runs in a folder the script does not name, in sources line 4 fetches with wget",
        ),
        (GO + 'RUN go build -o $OUT ./cmd/api\nCMD ["api"]\n', "the output of go build (-o $OUT) is not a literal"),
        (GO + "USER 1000\nRUN go build -o /tmp/api .\nCMD [\"/tmp/api\"]\n", "the build runs as 1000"),
        (GO + 'RUN go build -o /bin/api .\nRUN /bin/api --self-test\nCMD ["api"]\n', "line 5 runs `api`: whether the"),
        (
            'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm run build\nCMD ["npm", "start"]\n',
            "package.json is not in the build context where the build runs",
        ),
    ],
    ids=[
        "cgo-headers", "lib-without-runtime", "cxx-gcc-image", "unknown-image", "unknown-run", "no-cmd",
        "healthcheck-curl", "cmd-runs-toolchain", "build-run-does-more", "make-without-makefile",
        "make-of-cloned-sources", "make-in-a-downloaded-folder", "go-output-var", "build-user", "run-after",
        "node-no-package-json",
    ],
)  # fmt: skip
def test_a_conversion_that_cannot_be_known_is_refused_with_the_reason(text: str, reason: str) -> None:
    assert reason in _refusal(text)


def test_project_files_decide_refusals(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"scripts": {"build": "vite build", "start": "vite preview"}}')
    text = 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm run build\nCMD ["npx", "serve", "-s", "dist"]\n'
    assert "the CMD serves the site with npx (Node.js), not nginx" in _refusal(text, tmp_path)
    (tmp_path / "package.json").write_text('{"scripts": {"build": "tsc -p ."}}')
    assert "is not a static front-end build whose output folder dockeropt knows" in _refusal(text, tmp_path)
    (tmp_path / "Cargo.toml").write_text(
        '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\nopenssl = "0.10"\n'
    )
    rust = 'FROM rust:1.80\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nCMD ["/src/target/release/svc"]\n'
    assert "Cargo.lock is not in the build context" in _refusal(rust, tmp_path)
    (tmp_path / "Cargo.lock").write_text('version = 3\n\n[[package]]\nname = "openssl-sys"\nversion = "0.9.103"\n')
    assert "the program links native libraries through openssl-sys" in _refusal(rust, tmp_path)
    (tmp_path / "pom.xml").write_text(
        "<project><artifactId>site</artifactId><version>1</version><packaging>war</packaging></project>"
    )
    java = 'FROM maven:3.9-eclipse-temurin-21\nWORKDIR /w\nCOPY . .\nRUN mvn package\nCMD ["java", "-jar", "x.jar"]\n'
    assert "pom.xml packages a war, not a jar" in _refusal(java, tmp_path)
    (tmp_path / "pom.xml").write_text("<project><artifactId>site</artifactId><version>1</version></project>")
    unversioned = java.replace("maven:3.9-eclipse-temurin-21", "maven:3.9").replace("x.jar", "target/site-1.jar")
    assert "the Java version is not known" in _refusal(unversioned, tmp_path)


def test_a_version_check_is_not_a_build_and_scm_images_have_no_compiler() -> None:
    jdk = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y default-jdk && javac --version\n"
    assert check_text(jdk, "Dockerfile", select=["DO604"]).findings == []
    scm = (
        "FROM golang:1.22 AS build\nRUN go build -o /out/tool .\n\n"
        "FROM buildpack-deps:bookworm-scm\nCOPY --from=build /out/tool /usr/local/bin/tool\n"
    )
    assert check_text(scm, "Dockerfile", select=["DO604"]).findings == []
    full = scm.replace("buildpack-deps:bookworm-scm", "buildpack-deps:bookworm")
    assert [f.span.start_line for f in check_text(full, "Dockerfile", select=["DO604"]).findings] == [4]


def test_a_front_end_copied_to_a_static_folder_is_served_by_nginx(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"scripts": {"build": "react-scripts build"}}')
    text = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && cp -r build/. /var/www/html/\n"
    converted, (description,) = _convert(text, tmp_path)
    assert converted is not None
    assert converted.endswith(
        "FROM nginx:stable-alpine\nWORKDIR /app\nCOPY --from=build /var/www/html /usr/share/nginx/html\n"
    )
    assert description.startswith(
        "build in a `build` stage and copy only /var/www/html into a runtime stage from nginx:stable-alpine: the "
        "npm run build (react-scripts) output is static files that nginx serves; /var/www/html is served from "
        "/usr/share/nginx/html, the nginx image's root"
    )
    # left in the build folder, with no server named: which program serves it is not known
    assert "no CMD or ENTRYPOINT" in _refusal(text.replace(" && cp -r build/. /var/www/html/", ""), tmp_path)


def test_a_run_that_sets_up_a_user_and_fetches_dependencies_gives_the_runtime_only_the_user() -> None:
    # what DO301 makes of two RUNs: `fix` then `fix --unsafe` must give what `fix --unsafe` gives
    text = (
        GO + "RUN useradd --uid 10001 api \\\n    && go mod download\n"
        'RUN CGO_ENABLED=0 go build -o /usr/local/bin/api .\nUSER api\nCMD ["api"]\n'
    )
    converted, (description,) = _convert(text)
    assert converted is not None
    assert "\nFROM debian:bookworm-slim\nWORKDIR /src\nRUN useradd --uid 10001 api\n" in converted
    assert "distroless cannot take it: line 4 must run there too" in description
    mixed = (
        GO + "RUN cd /tmp && go mod download && useradd api\n" + 'RUN go build -o /usr/local/bin/api .\nCMD ["api"]\n'
    )
    assert "line 4 mixes what the runtime needs with build steps" in _refusal(mixed)


def _convert_in(text: str, context: Path) -> tuple[str | None, list[str]]:
    """``_convert`` with ``context`` as the build context of a Dockerfile at a neutral path: pytest's
    temporary folders are named test_…, which would name the file a test image (DO603's check)."""
    result = fix_text(text, "/srv/orders/Dockerfile", None, unsafe=True, select=["DO604"], context_dir=str(context))
    return (result.text if result.changed else None), [a.description for a in result.applied]


def _refusal_in(text: str, context: Path) -> str:
    found = check_text(text, "/srv/orders/Dockerfile", select=["DO604"], context_dir=str(context)).findings
    assert len(found) == 1 and found[0].fix is None, found
    return found[0].message.split("(no automatic conversion: ", 1)[1].removesuffix(")")


PY = (
    "FROM python:3.12-slim\n"
    "RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev libpq5 "
    "&& rm -rf /var/lib/apt/lists/*\n"
    "WORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
    'CMD ["python", "app.py"]\n'
)


def test_pip_with_a_compiler_in_the_stage_is_a_build_whose_runtime_keeps_what_pip_installed(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("psycopg2==2.9.9\n")
    converted, (description,) = _convert_in(PY, tmp_path)
    assert converted is not None
    # the sources the program reads are copied again; what pip installed comes from the build stage
    assert converted.split("\n\n", 1)[1] == (
        "FROM python:3.12-slim\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\n"
        "WORKDIR /app\nCOPY requirements.txt .\n"
        "COPY --from=build /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages\n"
        "COPY --from=build /usr/local/bin /usr/local/bin\nCOPY . .\n"
        'CMD ["python", "app.py"]\n'
    )
    assert "the toolchain (gcc) was installed on python:3.12-slim" in description
    # python3 from Debian's apt: pip installs into /usr/local/lib/python3.11/dist-packages on bookworm
    debian = PY.replace("python:3.12-slim", "debian:bookworm").replace("gcc ", "gcc python3-dev python3-pip ")
    converted, _ = _convert_in(debian.replace('"python"', '"python3"'), tmp_path)
    assert converted is not None and "COPY --from=build /usr/local/lib/python3.11/dist-packages " in converted
    assert "apt-get install -y --no-install-recommends python3-pip libpq5 &&" in converted
    # a CUDA image names its Ubuntu release; a version from a build argument is still a package
    cuda = debian.replace("debian:bookworm", "nvidia/cuda:12.4.1-runtime-ubuntu22.04")
    cuda = cuda.replace("-r requirements.txt", "torch==${TORCH_VERSION} -r requirements.txt")
    converted, _ = _convert_in(cuda.replace("WORKDIR", "ARG TORCH_VERSION=2.3.1\nWORKDIR"), tmp_path)
    assert converted is not None and "COPY --from=build /usr/local/lib/python3.10/dist-packages " in converted
    # a requirements file the build removes is not copied again
    removed = PY.replace("-r requirements.txt\n", "-r requirements.txt && rm -f requirements.txt\n")
    converted, _ = _convert_in(removed, tmp_path)
    assert converted is not None and converted.split("\n\n", 1)[1].count("COPY requirements.txt") == 0
    # pip's own cache emptied in the build RUN: left in the build stage like the rest
    purged = PY.replace("--no-cache-dir -r requirements.txt", "-r requirements.txt && pip cache purge")
    assert _convert_in(purged, tmp_path)[0] is not None
    # a development or test image keeps its compiler on purpose (the names DO603 reads)
    assert check_text(PY, "/srv/orders/.devcontainer/Dockerfile", select=["DO604"]).findings == []
    assert check_text(PY, "/srv/orders/Dockerfile.test", select=["DO604"]).findings == []
    assert len(check_text(PY, "/srv/orders/Dockerfile", select=["DO604"]).findings) == 1
    # without a compiler pip compiles nothing: DO604 has nothing to say (DO603 reports compilers)
    assert check_text(PY.replace("gcc libpq-dev ", ""), "Dockerfile", select=["DO604"]).findings == []


@pytest.mark.parametrize(
    ("change", "files", "reason"),
    [
        (("libpq-dev libpq5", "libpq-dev"), {}, "pip may build modules that link the library of libpq-dev, and no "),
        (("-r requirements.txt", "-e ."), {}, "pip install -e leaves the package in the sources"),
        (("-r requirements.txt", "--user -r requirements.txt"), {}, "pip install --user: only installs into"),
        ((), {"requirements.txt": "-e ./libs/core\n"}, "requirements.txt installs -e ./libs/core from the sources"),
        (("python:3.12-slim", "python:3-slim"), {}, "the Python version of python:3-slim is not known"),
        (("python:3.12-slim", "fedora:40"), {}, "where pip installs on fedora:40 is not known"),
        (
            ("-r requirements.txt", "-r requirements.txt && python -m spacy download en_core_web_sm"),
            {},
            "the build RUN also runs `python`: what it writes would be left behind",
        ),
        (("COPY . .\n", "COPY . .\nRUN python manage.py collectstatic\n"), {}, "line 7 runs `python`"),
    ],
    ids=["headers-without-library", "editable", "user", "editable-in-requirements", "python-3", "other-os",
         "download-in-build", "run-after"],
)  # fmt: skip
def test_a_pip_build_whose_runtime_needs_are_not_known_is_refused(
    tmp_path: Path, change: tuple[str, str], files: dict[str, str], reason: str
) -> None:
    (tmp_path / "requirements.txt").write_text(files.get("requirements.txt", "psycopg2==2.9.9\n"))
    text = PY.replace(*change) if change else PY
    assert reason in _refusal_in(text, tmp_path)


def test_a_safe_fix_inside_the_stage_is_applied_before_the_split_that_copies_it() -> None:
    # DO806 adds ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 before `dotnet restore`; the split repeats the
    # stage's ENVs, so it waits a round: `fix --unsafe` gives what `fix` then `fix --unsafe` gives
    case = ROOT / "testdata" / "rewrite" / "multistage" / "dotnet-aspnet"
    text, path = (case / "Dockerfile").read_text(), str(case / "Dockerfile")
    at_once = fix_text(text, path, None, unsafe=True, context_dir=str(case))
    safe = fix_text(text, path, None, unsafe=False, context_dir=str(case))
    after = fix_text(safe.text, path, None, unsafe=True, context_dir=str(case))
    assert at_once.text == after.text
    runtime = at_once.text.split("\n\n", 1)[1]
    assert runtime.startswith("FROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /source\n")
    assert "ENV DOTNET_CLI_TELEMETRY_OPTOUT=1\n" in runtime
    assert sorted(f.rule_id for f in at_once.applied) == ["DO604", "DO806"]
