"""The language server over raw stdio: malformed frames get a JSON-RPC error and the server keeps
answering; nothing a client sends makes it hang, allocate without bound or die."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.common import ROOT, make_fifo


class RawClient:
    """A client that writes bytes as given and reads framed messages on a thread."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dockeropt", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        self.messages: queue.Queue[dict[str, object] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            line = out.readline()
            if not line:
                self.messages.put(None)
                return
            length = 0
            while line.strip():
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                line = out.readline()
            self.messages.put(json.loads(out.read(length)))

    def send(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def message(self, payload: dict[str, object], crlf: bool = True) -> None:
        body = json.dumps(payload).encode()
        end = b"\r\n" if crlf else b"\n"
        self.send(b"Content-Length: " + str(len(body)).encode() + end + end + body)

    def receive(self, timeout: float = 15.0) -> dict[str, object]:
        got = self.messages.get(timeout=timeout)
        assert got is not None, "the server exited"
        return got

    def until(self, predicate: object, timeout: float = 15.0) -> dict[str, object]:
        while True:
            got = self.receive(timeout)
            if predicate(got):  # type: ignore[operator]
                return got

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture
def client() -> Iterator[RawClient]:
    raw = RawClient()
    raw.message({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    assert raw.until(lambda m: m.get("id") == 1)["result"]
    raw.message({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    yield raw
    raw.close()


def _hover(client: RawClient, msg_id: int, uri: str = "file:///nowhere/Dockerfile", crlf: bool = True) -> None:
    client.message(
        {
            "jsonrpc": "2.0",
            "id": msg_id,
            "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}},
        },
        crlf,
    )


BAD_FRAMES = {
    "too large": (b"Content-Length: 1000000000000\r\n\r\n{}", -32600, "is over the 268435456 byte limit"),
    "negative": (b"Content-Length: -5\r\n\r\n{}", -32700, "Content-Length '-5' is not a number"),
    "not a number": (b"Content-Length: abc\r\n\r\n{}", -32700, "Content-Length 'abc' is not a number"),
    "missing": (b'Content-Type: application/json\r\n\r\n{"jsonrpc": "2.0"}', -32600, "no Content-Length header"),
    "too small": (
        b'Content-Length: 5\r\n\r\n{"jsonrpc": "2.0", "id": 9, "method": "shutdown"}',
        -32700,
        "the message is not JSON",
    ),
    "header line too long": (b"X-Junk: " + b"x" * 100_000 + b"\r\n\r\n", -32700, "a header line longer than"),
}


@pytest.mark.parametrize("name", list(BAD_FRAMES))
def test_a_bad_frame_gets_an_error_and_the_server_keeps_serving(client: RawClient, name: str) -> None:
    frame, code, words = BAD_FRAMES[name]
    client.send(frame)
    error = client.receive()
    assert error["id"] is None
    assert error["error"]["code"] == code  # type: ignore[index]
    assert words in error["error"]["message"]  # type: ignore[index]
    _hover(client, 2)
    assert client.until(lambda m: m.get("id") == 2) == {"id": 2, "jsonrpc": "2.0", "result": None}


def test_lf_only_headers_are_read(client: RawClient) -> None:
    _hover(client, 3, crlf=False)
    assert client.until(lambda m: m.get("id") == 3) == {"id": 3, "jsonrpc": "2.0", "result": None}


def test_a_content_length_longer_than_the_body_loses_only_that_message(client: RawClient) -> None:
    client.send(b"Content-Length: 100\r\n\r\n{}")  # swallows the start of the next message
    _hover(client, 4)
    assert client.receive()["error"]["code"] == -32700  # type: ignore[index]
    _hover(client, 5)
    assert client.until(lambda m: m.get("id") == 5)["result"] is None


def test_invalid_positions_are_answered_and_logged(client: RawClient, tmp_path: Path) -> None:
    uri = (tmp_path / "Dockerfile").as_uri()
    client.message(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": "MAINTAINER x\n"}
            },
        }
    )
    client.until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    bad = {"start": {"line": -1, "character": -5}, "end": {"line": -1, "character": -1}}
    client.message(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": bad, "text": "x"}]},
        }
    )
    logged = client.until(lambda m: m.get("method") == "window/logMessage")
    assert logged["params"] == {
        "type": 2,
        "message": "invalid textDocument/didChange: Position.line should be in range [0:2147483647], but was -1.",
    }
    client.message(
        {
            "jsonrpc": "2.0",
            "id": 6,
            "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": -3, "character": 0}},
        }
    )
    answer = client.until(lambda m: m.get("id") == 6)
    assert answer["error"]["code"] == -32602  # type: ignore[index]
    _hover(client, 7, uri)  # the document is still there, unchanged
    assert "DO105" in json.dumps(client.until(lambda m: m.get("id") == 7))


def test_documents_in_a_context_full_of_fifos_are_checked(client: RawClient, tmp_path: Path) -> None:
    for name in ("requirements.txt", ".npmrc", ".pypirc", ".dockerignore", ".gitlab-ci.yml", "pyproject.toml"):
        make_fifo(tmp_path / name)
    uri = (tmp_path / "Dockerfile").as_uri()
    text = "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n"
    (tmp_path / "Dockerfile").write_text(text)
    client.message(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}},
        }
    )
    published = client.until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    codes = {d["code"] for d in published["params"]["diagnostics"]}  # type: ignore[index]
    assert "DO204" in codes
    _hover(client, 8, (tmp_path / "requirements.txt").as_uri())  # not open: never read from disk
    assert client.until(lambda m: m.get("id") == 8)["result"] is None
