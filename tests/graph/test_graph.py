"""Stages, edges, ARG resolution and per-instruction state, per BuildKit's rules."""

from __future__ import annotations

from pathlib import Path

from dockeropt.graph.model import Edge, Graph, join_workdir, parse_mount
from dockeropt.syntax.parser import parse

ROOT = Path(__file__).resolve().parents[2]


def graph_of(text: str, **kwargs: object) -> Graph:
    return Graph(parse(text), **kwargs)  # type: ignore[arg-type]


def test_stages_edges_and_target_of_a_real_multistage_file() -> None:
    g = graph_of((ROOT / "testdata/parser/args-and-edges.Dockerfile").read_text())
    assert [(s.index, s.name, s.base_resolved) for s in g.stages] == [
        (0, "build", "docker.io/library/golang:1.22"),
        (1, "test", "build"),
        (2, "certs", "alpine:3.19"),
        (3, None, "scratch"),
    ]
    edges = [(e.kind, e.source_stage.label if e.source_stage else e.source_image, e.stage.label) for e in g.edges]
    assert edges == [
        (Edge.FROM, "docker.io/library/golang:1.22", "build"),
        (Edge.FROM, "build", "test"),
        (Edge.FROM, "alpine:3.19", "certs"),
        (Edge.FROM, "scratch", "3"),
        (Edge.COPY, "certs", "3"),
        (Edge.COPY, "build", "3"),
        (Edge.COPY, "test", "3"),
        (Edge.COPY, "docker.io/library/busybox:1.36", "3"),
    ]
    assert [s.label for s in g.needed_stages()] == ["build", "test", "certs", "3"]
    assert g.unused_stages() == []


def test_target_and_unused_stages() -> None:
    text = (
        "FROM alpine AS a\nFROM alpine AS b\nCOPY --from=a /x /x\nFROM alpine AS c\nRUN --mount=from=b,target=/b true\n"
    )
    g = graph_of(text, target="b")
    assert [s.label for s in g.needed_stages()] == ["a", "b"]
    assert [s.label for s in g.unused_stages()] == ["c"]
    assert [s.label for s in graph_of(text).needed_stages()] == ["a", "b", "c"]


def test_build_args_override_global_defaults_in_from() -> None:
    text = "ARG TAG=3.11\nARG IMG=python:${TAG}-slim\nFROM ${IMG}\n"
    assert graph_of(text).stages[0].base_resolved == "python:3.11-slim"
    assert graph_of(text, build_args={"TAG": "3.13"}).stages[0].base_resolved == "python:3.13-slim"
    assert graph_of(text, build_args={"IMG": "pypy:3"}).stages[0].base_resolved == "pypy:3"


def test_from_sees_only_global_args_and_reports_unset_ones() -> None:
    g = graph_of("FROM ${MISSING:-debian}:${TAG}\n")
    assert g.stages[0].base_resolved == "debian:"
    assert g.stages[0].unresolved == {"MISSING", "TAG"}


def test_args_must_be_redeclared_in_the_stage_and_env_wins() -> None:
    text = (
        "ARG VERSION=1.0\nFROM alpine\nRUN echo\nARG VERSION\nENV HOME_DIR=/opt/$VERSION\n"
        "ARG MODE=dev\nENV MODE=prod\nWORKDIR ${HOME_DIR}\nUSER ${MODE}\n"
    )
    g = graph_of(text)
    insts = g.tree.instructions
    assert g.state(insts[2]).variables() == {}  # RUN before ARG VERSION: the global is not visible
    last = g.state(insts[-1])
    assert last.args == {"VERSION": "1.0", "MODE": "dev"}
    assert last.env == {"HOME_DIR": "/opt/1.0", "MODE": "prod"}
    assert last.variables()["MODE"] == "prod"
    assert last.workdir == "/opt/1.0"
    end = g._end_state(g.stages[0])
    assert end.user == "prod"


def test_child_stage_inherits_env_workdir_user_shell_but_not_args() -> None:
    text = (
        "FROM alpine AS base\nARG A=1\nENV E=2\nWORKDIR /app\nUSER nobody\n"
        'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nFROM base\nRUN true\n'
    )
    g = graph_of(text)
    state = g.state(g.tree.instructions[-1])
    assert state.env == {"E": "2"}
    assert state.args == {}
    assert (state.workdir, state.user, state.shell) == ("/app", "nobody", ("/bin/ash", "-eo", "pipefail", "-c"))


def test_windows_images_run_cmd_by_default() -> None:
    text = (
        "ARG REPO=mcr.microsoft.com/dotnet/runtime\n"
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n"
        "FROM $REPO:9.0-nanoserver-1809\nRUN dir\n"
        "FROM python:3.12-windowsservercore-ltsc2022\nRUN dir\n"
        "FROM python:3.12-slim\nRUN ls\n"
        "FROM mcr.microsoft.com/dotnet/sdk:9.0\nRUN ls\n"
    )
    g = graph_of(text)
    runs = [i for i in g.tree.instructions if i.name == "RUN"]
    assert [g.state(i).shell for i in runs] == [("cmd", "/S", "/C")] * 3 + [("/bin/sh", "-c")] * 2


def test_expansion_modifiers_and_escapes() -> None:
    g = graph_of("FROM scratch\n")
    env = {"SET": "value", "EMPTY": ""}
    assert g.expand("${SET:-d}|${UNSET:-d}|${EMPTY:-d}|${EMPTY-d}", env)[0] == "value|d|d|"
    assert g.expand("${SET:+alt}|${UNSET:+alt}|\\$SET|$SET", env)[0] == "alt||$SET|value"
    assert g.expand("${SET#val}|${SET%ue}|${SET/al/AL}", env)[0] == "ue|val|vALue"


def test_workdir_and_mount_helpers() -> None:
    assert join_workdir(None, "app") == "/app"
    assert join_workdir("/srv", "../opt/./x") == "/opt/x"
    assert parse_mount("type=cache,target=/root/.cache,from=builder") == {
        "type": "cache",
        "target": "/root/.cache",
        "from": "builder",
    }
    assert parse_mount("source=go.mod,dst=/go.mod")["type"] == "bind"


def test_one_env_instruction_expands_against_the_state_before_it() -> None:
    g = graph_of("FROM scratch\nENV A=old\nENV A=new B=$A\nWORKDIR /$B\n")
    last = g.state(g.tree.instructions[-1])
    assert last.env == {"A": "new", "B": "old"}
    assert g._end_state(g.stages[0]).workdir == "/old"
