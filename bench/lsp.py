"""How long the language server takes to re-diagnose a file after an edit, with the default rules.

    python -m bench.lsp FILE [--edits 30] [--dockeropt-cmd dockeropt]

Starts ``dockeropt lsp`` over stdio (no LSP library: a few JSON-RPC messages), opens FILE, then
makes ``--edits`` edits one after the other and waits for each one's diagnostics. Each edit adds
a comment line, so every re-check sees new text: ``--edit-at middle`` (the default) inserts it
before the instruction nearest the middle of the file, so that everything below it moves (the
harder case for a server that reuses what it has read); ``--edit-at end`` appends it. The
figures are the server's own measure of each re-check (``dockeropt.timings``: checking, position
conversion and publishing — our time, not the pipe's or the client's), and the round trip as the
client sees it (that includes JSON encoding, the pipe and the debounce, set to 0 here).
"""

from __future__ import annotations

import argparse
import json
import queue
import re
import shlex
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

TIMEOUT_S = 60.0
# a line that starts an instruction (a keyword, then a space)
INSTRUCTION_LINE = re.compile(r"^[A-Za-z]+[ \t]")


class Client:
    """A language client over a subprocess's stdin/stdout, reading messages on a thread."""

    def __init__(self, argv: list[str], cwd: str | None = None) -> None:
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            self.inbox.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.proc.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any] | None) -> Any:
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == ident and "method" not in m)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result")

    def wait(self, wanted: Any) -> dict[str, Any]:
        """The next message ``wanted(message)`` accepts; requests from the server get an empty reply."""
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            message = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            if wanted(message):
                return message
            if "method" in message and "id" in message:  # e.g. client/registerCapability
                self.send({"id": message["id"], "result": None})

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def edited_text(text: str, version: int, at: str = "middle") -> str:
    """``text`` with the comment line ``# edit VERSION`` before the instruction nearest its middle
    (``at="middle"``), or at its end."""
    comment = f"# edit {version}\n"
    if at == "end":
        return text + comment
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if INSTRUCTION_LINE.match(line) and _outside_continuation(lines, i)]
    if not starts:
        return text + comment
    middle = min(starts, key=lambda i: abs(i - len(lines) // 2))
    return "".join(lines[:middle]) + comment + "".join(lines[middle:])


def _outside_continuation(lines: list[str], i: int) -> bool:
    return i == 0 or not lines[i - 1].rstrip("\r\n").endswith("\\")


def measure_lsp(dockeropt_cmd: str, path: Path, edits: int = 30, edit_at: str = "middle") -> dict[str, Any]:
    """The server's time per re-check of ``path`` and the client's round trip, in ms (medians)."""
    text = path.read_text(encoding="utf-8")
    uri = path.resolve().as_uri()
    client = Client([*shlex.split(dockeropt_cmd), "lsp"], cwd=str(path.parent))
    try:
        client.request(
            "initialize",
            {
                "processId": None,
                "rootUri": path.parent.resolve().as_uri(),
                "capabilities": {},
                "initializationOptions": {"dockeropt": {"debounceMs": 0}},
            },
        )
        client.notify("initialized", {})
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}},
        )
        first = _diagnostics_of(client, uri, 1)
        round_trips = []
        for version in range(2, edits + 2):
            edited = edited_text(text, version, edit_at)
            started = time.perf_counter()
            client.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": edited}]},
            )
            _diagnostics_of(client, uri, version)
            round_trips.append((time.perf_counter() - started) * 1000)
        timings = client.request("workspace/executeCommand", {"command": "dockeropt.timings", "arguments": [uri]})
    finally:
        client.close()
    rechecks = timings[1:]  # the first check also loads the rules
    return {
        "file": str(path),
        "lines": text.count("\n"),
        "diagnostics": len(first),
        "edits": edits,
        "edit_at": edit_at,
        "server_ms": round(statistics.median(t for t, _, _ in rechecks), 2),
        "server_check_ms": round(statistics.median(c for _, c, _ in rechecks), 2),
        "server_max_ms": round(max(t for t, _, _ in rechecks), 2),
        "server_cpu_ms": round(statistics.median(u for _, _, u in rechecks), 2),
        "round_trip_ms": round(statistics.median(round_trips), 2),
    }


def _diagnostics_of(client: Client, uri: str, version: int) -> list[Any]:
    message = client.wait(
        lambda m: (
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == version
        )
    )
    return list(message["params"]["diagnostics"])


def render(result: dict[str, Any]) -> str:
    return (
        f"lsp re-check of {result['file']} ({result['lines']} lines, {result['diagnostics']} diagnostics), "
        f"median of {result['edits']} edits at its {result['edit_at']}: {result['server_ms']:.2f} ms in the server "
        f"({result['server_check_ms']:.2f} ms checking; slowest {result['server_max_ms']:.2f} ms; "
        f"{result['server_cpu_ms']:.2f} ms of CPU), "
        f"{result['round_trip_ms']:.2f} ms round trip\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--edit-at", choices=("middle", "end"), default="middle")
    parser.add_argument("--dockeropt-cmd", default="dockeropt")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure_lsp(args.dockeropt_cmd, args.file, args.edits, args.edit_at)
    sys.stdout.write(json.dumps(result, indent=2) + "\n" if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
