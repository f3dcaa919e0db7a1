"""DO601 unused-stage and DO602 repeated-setup on the project's own testdata."""

from __future__ import annotations

from pathlib import Path

from dockeropt.engine.check import check_text, run_project_rules
from dockeropt.engine.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "rules"


def findings(paths: list[Path], select: str) -> list[tuple[str, str, int, int, str]]:
    results = [check_text(p.read_text(), str(p.relative_to(DATA)), select=[select]) for p in paths]
    run_project_rules(results, all_rules())
    return [(f.path, f.rule_id, f.span.start_line, f.span.start_col, f.message) for r in results for f in r.findings]


def test_unused_stages_are_reported_at_their_from() -> None:
    got = findings([DATA / "DO601/positive.Dockerfile"], "DO601")
    assert [(rule, line, col) for _, rule, line, col, _ in got] == [("DO601", 8, 1), ("DO601", 13, 1)]
    assert got[0][4] == (
        "stage 'docs' is not used by the target stage #3: BuildKit skips it, "
        "the legacy builder builds its 3 steps for nothing"
    )


def test_stages_used_through_from_copy_and_mount_are_not_reported() -> None:
    assert findings([DATA / "DO601/negative.Dockerfile"], "DO601") == []


def test_repeated_setup_across_files_of_a_repository() -> None:
    files = sorted((DATA / "DO602/monorepo").rglob("Dockerfile"))
    got = findings(files, "DO602")
    assert [(path, rule, line) for path, rule, line, _, _ in got] == [
        ("DO602/monorepo/api/Dockerfile", "DO602", 1),
        ("DO602/monorepo/worker/Dockerfile", "DO602", 1),
    ]
    assert got[0][4] == (
        "stage #0 repeats the same setup as DO602/monorepo/worker/Dockerfile:1 "
        "(FROM python:3.12-slim and 2 identical steps; 2 stages in all): build it once as a shared base image"
    )


def test_repeated_setup_across_stages_of_one_file() -> None:
    got = findings([DATA / "DO602/stages.Dockerfile"], "DO602")
    # one finding per file and repeated setup, at its first stage, naming the others
    assert [(line, col) for _, _, line, col, _ in got] == [(1, 1)]
    assert got[0][4].startswith("stage 'build' repeats the same setup as DO602/stages.Dockerfile:6 ")


def test_repeated_setup_is_reported_once_per_file_with_a_count() -> None:
    """A thousand stages with the same setup give one finding of bounded length, not a thousand
    findings each naming the 999 others (the report grew with the square of the file)."""
    stage = "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y libpq5\nCOPY . /app\n"
    result = check_text(stage * 1000, "Dockerfile", select=["DO602"])
    run_project_rules([result], all_rules())
    assert len(result.findings) == 1
    message = result.findings[0].message
    assert message == (
        "stage #0 repeats the same setup as Dockerfile:4, Dockerfile:7, Dockerfile:10 and 996 more "
        "(FROM python:3.12-slim and 1 identical step; 1000 stages in all): build it once as a shared base image"
    )


def test_a_file_alone_with_its_own_setup_is_quiet() -> None:
    assert findings([DATA / "DO602/monorepo/docs/Dockerfile", DATA / "DO601/negative.Dockerfile"], "DO602") == []


def _converted(text: str, context: Path | None = None) -> str | None:
    from dockeropt.fix.engine import fix_text

    path = str(context / "Dockerfile") if context else "Dockerfile"
    result = fix_text(text, path, unsafe=True, select=["DO604"], context_dir=str(context) if context else None)
    return result.text if result.changed else None


GO_HEAD = "FROM golang:1.22 AS app\nWORKDIR /src\nCOPY . .\n"


def test_conversion_keeps_the_stage_name_for_the_runtime_and_resolves_the_output() -> None:
    text = GO_HEAD + 'RUN cd cmd/api && go build -o ../../bin/api .\nUSER 10001\nCMD ["/src/bin/api"]\n'
    assert _converted(text) == (
        "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n"
        "RUN cd cmd/api && go build -o ../../bin/api .\n"
        "\nFROM debian:bookworm-slim AS app\nWORKDIR /src\n"
        "COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\n"
        "COPY --from=build /src/bin/api /src/bin/api\n"
        'USER 10001\nCMD ["/src/bin/api"]\n'
    )


def test_pip_wheel_and_dotnet_publish_outputs_are_artifacts(tmp_path: Path) -> None:
    wheels = 'FROM python:3.12\nRUN pip wheel -w /wheels six==1.16.0\nCMD ["ls", "/wheels"]\n'
    assert "\nFROM python:3.12\nCOPY --from=build /wheels /wheels\n" in (_converted(wheels) or "")
    (tmp_path / "app.csproj").write_text('<Project Sdk="Microsoft.NET.Sdk">\n</Project>\n')
    dotnet = "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /app\nCOPY . .\nRUN dotnet publish -c Release -o out\n"
    dotnet += 'ENTRYPOINT ["dotnet", "out/app.dll"]\n'
    converted = _converted(dotnet, tmp_path) or ""
    assert (
        "\nFROM mcr.microsoft.com/dotnet/runtime:8.0\nWORKDIR /app\nCOPY --from=build /app/out /app/out\n" in converted
    )


def test_no_conversion_where_the_artifact_or_the_runtime_is_not_known_exactly() -> None:
    cases = {
        "output named by the package, not on PATH": GO_HEAD + 'RUN go build ./cmd/api\nCMD ["api"]\n',
        "output from a variable": GO_HEAD + 'RUN go build -o $OUT ./cmd/api\nCMD ["api"]\n',
        "a RUN after the build": GO_HEAD + 'RUN go build -o /bin/api .\nRUN /bin/api --self-test\nCMD ["api"]\n',
        "built as another user": GO_HEAD + 'USER 1000\nRUN go build -o /tmp/api .\nCMD ["/tmp/api"]\n',
        "cd somewhere unknown": GO_HEAD + 'RUN cd $DIR && go build -o api .\nCMD ["./api"]\n',
        "the RUN writes more": GO_HEAD + 'RUN go build -o /bin/api . && touch /data\nCMD ["api"]\n',
        "npm output unknown": 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm run build\nCMD ["npm", "start"]\n',
        "already two stages": "FROM alpine AS tools\nRUN echo\n" + GO_HEAD + "RUN go build -o /bin/api .\n",
    }
    for why, text in cases.items():
        assert _converted(text) is None, why


def test_files_copied_after_the_build_stay_in_the_runtime_stage() -> None:
    text = GO_HEAD + 'RUN go build -o /bin/api .\nCOPY config.yml /etc/\nCMD ["api"]\n'
    assert (_converted(text) or "").endswith(
        'COPY --from=build /bin/api /bin/api\nCOPY config.yml /etc/\nCMD ["api"]\n'
    )


def test_conversion_keeps_crlf_line_ends() -> None:
    text = GO_HEAD.replace("\n", "\r\n") + 'RUN go build -o /bin/api .\r\nCMD ["api"]\r\n'
    converted = _converted(text)
    assert converted is not None and "\n" not in converted.replace("\r\n", "")
    assert "\r\nFROM debian:bookworm-slim AS app\r\nWORKDIR /src\r\n" in converted
