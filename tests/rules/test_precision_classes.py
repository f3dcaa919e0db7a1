"""The false-positive classes found by reviewing warnings on real Dockerfiles (docs/precision.md):
each has a minimal case under testdata/rules/<ID>/ and is checked here for the severity or the
message an expert would accept."""

from __future__ import annotations

from pathlib import Path

from dockeropt.engine.check import check_text

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "rules"


def _findings(rule: str, name: str) -> list[tuple[int, str, str]]:
    path = DATA / rule / name
    result = check_text(path.read_text(), str(path), select=[rule], context_dir=str(path.parent))
    return [(f.span.start_line, f.severity, f.message) for f in result.findings if f.rule_id == rule]


def test_toolchain_in_a_runtime_stage_is_a_warning_and_in_a_possible_dev_image_info() -> None:
    assert [(line, sev) for line, sev, _ in _findings("DO603", "positive-shared-base.Dockerfile")] == [(5, "warning")]
    assert [(line, sev) for line, sev, _ in _findings("DO603", "positive-dev-image.Dockerfile")] == [(5, "info")]


def test_chown_of_a_few_kilobytes_is_info_and_of_megabytes_a_warning(tmp_path: Path) -> None:
    (tmp_path / "entrypoint.sh").write_text('#!/bin/sh\nexec "$@"\n')
    (tmp_path / "model.bin").write_bytes(b"\0" * 2_000_000)
    text = (
        "FROM debian:12-slim\n"
        "COPY entrypoint.sh /usr/local/bin/entrypoint.sh\n"
        "RUN chmod +x /usr/local/bin/entrypoint.sh\n"
        "COPY model.bin /srv/model.bin\n"
        "RUN chown --from root:root 1000:1000 /srv/model.bin\n"
    )
    result = check_text(text, str(tmp_path / "Dockerfile"), select=["DO210"], context_dir=str(tmp_path))
    got = [(f.span.start_line, f.severity, f.message.split(" rewrites")[0]) for f in result.findings]
    assert got == [
        (3, "info", "chmod +x /usr/local/bin/entrypoint.sh"),
        (5, "warning", "chown 1000:1000 /srv/model.bin"),  # the value of --from is not the owner
    ]


def test_removing_a_few_copied_kilobytes_later_is_info() -> None:
    got = [(line, sev) for line, sev, _ in _findings("DO208", "positive.Dockerfile")]
    assert got == [(10, "warning"), (10, "warning"), (11, "info"), (11, "info")]
    assert _findings("DO208", "negative-own-writes.Dockerfile") == []


def test_a_removal_is_blamed_on_what_surely_wrote_it() -> None:
    # an archive unpacked into a folder above only may have written the path: a later COPY of it
    # is named instead, with advice a COPY can follow; a file the RUN wrote itself is not reported
    (patches, docs) = _findings("DO208", "positive-unpacked-above.Dockerfile")
    assert patches[:2] == (13, "warning")
    assert "COPY /usr/src/tool-2.4/.patches/ (line 11) wrote it" in patches[2]
    assert patches[2].endswith("mount it where it is needed instead (RUN --mount=type=bind,source=…,target=…)")
    assert "extracting /tmp/tool.tar.gz (line 9) wrote it" in docs[2]
    assert docs[2].endswith("delete it in that same RUN")
    assert _findings("DO208", "negative-unpacked-above.Dockerfile") == []


def test_a_shell_form_cmd_that_execs_is_info() -> None:
    text = 'FROM busybox:1.36\nCMD exec sh -c "trap : TERM INT; tail -f /dev/null"\n'
    result = check_text(text, "Dockerfile", select=["DO101"])
    assert [(f.span.start_line, f.severity) for f in result.findings] == [(2, "info")]
    text = "FROM busybox:1.36\nCMD httpd -f -p 8080\n"
    assert [f.severity for f in check_text(text, "Dockerfile", select=["DO101"]).findings] == ["warning"]


def test_a_final_stage_named_as_an_sdk_is_info_and_git_is_not_a_toolchain() -> None:
    assert [(line, sev) for line, sev, _ in _findings("DO603", "positive-sdk-image.Dockerfile")] == [(7, "info")]
    text = "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends git\n"
    assert check_text(text, "Dockerfile", select=["DO603"]).findings == []


def test_chmod_of_one_script_copied_from_another_stage_is_info() -> None:
    text = (
        "FROM golang:1.22 AS builder\nCOPY . /src\n"
        "FROM alpine:3.20\nCOPY --from=builder /src/script/docker-entrypoint.sh /bin/entrypoint.sh\n"
        "RUN chmod 755 /bin/entrypoint.sh\n"
    )
    result = check_text(text, "Dockerfile", select=["DO210"])
    assert [(f.span.start_line, f.severity) for f in result.findings] == [(5, "info")]


def test_a_checksum_list_piped_into_a_check_is_info_and_a_piped_download_a_warning() -> None:
    # a failure before `sha256sum -c` leaves it an empty list, which fails the check (GNU and busybox)
    got = [(line, sev) for line, sev, _ in _findings("DO129", "positive_checksum.Dockerfile")]
    assert got == [(8, "info"), (12, "warning")]


def test_sudo_that_only_switches_to_another_user_is_info() -> None:
    # `sudo -u app …` drops privileges for one step; `sudo apt-get` from a RUN is DL3004's warning
    got = [(line, sev) for line, sev, _ in _findings("DO133", "positive_switch_user.Dockerfile")]
    assert got == [(7, "info"), (9, "warning")]
