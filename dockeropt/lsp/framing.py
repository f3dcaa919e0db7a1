"""Reading LSP messages from stdin, whatever the client sends.

pygls's own loop waits for a header it can read: a ``Content-Length`` that is missing, not a
number, negative, or written with LF-only line ends left it silent forever, and a length of
10^12 made it allocate until it died. Here every header block ends in one of three ways: a
message (handed to pygls), an error response (JSON-RPC ``-32700``/``-32600`` with ``id: null``)
after which reading starts again at the next ``Content-Length`` header, or the end of input.

Bounds: a header line is at most ``MAX_HEADER_LINE`` bytes (a longer one is skipped to its end),
a body at most ``MAX_BODY`` bytes (a larger one is refused and skipped, never held in memory).
Header lines may end in CRLF (the specification) or LF alone (some clients).
"""

from __future__ import annotations

import json
import logging
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    import threading
    from collections.abc import Awaitable, Callable
    from typing import BinaryIO

    from pygls.protocol import JsonRPCProtocol

log = logging.getLogger("dockeropt.lsp")

MAX_HEADER_LINE = 8 * 1024
# A 64 MiB Dockerfile (dockeropt's limit) in a didOpen, JSON-escaped, with room to spare.
MAX_BODY = 256 * 1024 * 1024
_SKIP_CHUNK = 1024 * 1024
_HEADER = b"content-length:"
_TOKEN = re.compile(rb"[A-Za-z0-9!#$%&'*+.^_`|~-]+")
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602


class StdinReader:
    """Blocking reads of stdin, run in a worker thread so the event loop keeps serving."""

    def __init__(self, stream: BinaryIO, run: Callable[..., Awaitable[bytes]]) -> None:
        self.stream = stream
        self.run = run  # loop.run_in_executor(None, ...)

    def readline(self, limit: int) -> Awaitable[bytes]:
        return self.run(self.stream.readline, limit)

    def read(self, n: int) -> Awaitable[bytes]:
        return self.run(self.stream.read, n)


class FrameError(Exception):
    """The headers of one message cannot be used; the message says why."""

    def __init__(self, message: str, code: int = PARSE_ERROR) -> None:
        super().__init__(message)
        self.code = code


async def read_headers(reader: StdinReader, first: bytes | None) -> int | None:
    """The Content-Length of the next message (None at the end of input); FrameError when the
    headers are unusable (the body, if any, has not been read)."""
    length: int | None = None
    problem: FrameError | None = None
    seen = False
    line = first
    while True:
        if line is None:
            line = await reader.readline(MAX_HEADER_LINE + 1)
        if not line:
            return None
        if len(line) > MAX_HEADER_LINE and not line.endswith(b"\n"):
            problem = problem or FrameError(f"a header line longer than {MAX_HEADER_LINE} bytes")
            while line and not line.endswith(b"\n"):  # skip the rest of it
                line = await reader.readline(MAX_HEADER_LINE + 1)
            line = None
            seen = True
            continue
        text = line.rstrip(b"\r\n")
        line = None
        if not text:
            if not seen:
                continue  # blank lines between messages
            break
        name, sep, value = text.partition(b":")
        if not sep or not _TOKEN.fullmatch(name):
            at = text.lower().find(_HEADER)
            if at > 0 and not seen:
                # the rest of a body whose Content-Length was too small, then the next message
                line = text[at:] + b"\r\n"
                continue
            problem = problem or FrameError(f"not a header line: {text[:60]!r}")
            seen = True
            continue
        seen = True
        if name.strip().lower() != b"content-length":
            continue  # Content-Type and any other header
        number = value.strip()
        if not number.isdigit():
            problem = problem or FrameError(
                f"Content-Length {number[:40].decode('ascii', 'replace')!r} is not a number"
            )
        elif int(number) > MAX_BODY:
            problem = problem or FrameError(
                f"Content-Length {int(number)} is over the {MAX_BODY} byte limit", INVALID_REQUEST
            )
        else:
            length = int(number)
    if problem is not None:
        raise problem
    if length is None:
        raise FrameError("no Content-Length header", INVALID_REQUEST)
    return length


async def resync(reader: StdinReader) -> bytes | None:
    """Skip input up to the next Content-Length header; the line from that header on (None at the
    end of input). Reads in bounded pieces: nothing skipped is held in memory."""
    while True:
        chunk = await reader.readline(_SKIP_CHUNK)
        if not chunk:
            return None
        at = chunk.lower().find(_HEADER)
        if at >= 0:
            rest = chunk[at:]
            if rest.endswith(b"\n"):
                return rest
            tail = await reader.readline(MAX_HEADER_LINE + 1)
            return rest + tail


async def serve(
    stop_event: threading.Event,
    reader: StdinReader,
    protocol: JsonRPCProtocol,
    send: Callable[[dict[str, object]], None],
) -> None:
    """Read and hand over messages until the input ends or the server stops."""
    pending: bytes | None = None
    while not stop_event.is_set():
        try:
            length = await read_headers(reader, pending)
        except FrameError as err:
            log.warning("bad message header: %s", err)
            send(error_response(None, err.code, f"dockeropt: {err}; skipped to the next message"))
            pending = await resync(reader)
            if pending is None:
                break
            continue
        pending = None
        if length is None:
            break
        body = await reader.read(length) if length else b""
        if len(body) < length:
            break  # the input ended inside the body
        handle_body(body, protocol, send)


def handle_body(body: bytes, protocol: JsonRPCProtocol, send: Callable[[dict[str, object]], None]) -> None:
    """Parse one body and hand it to pygls; what cannot be parsed gets an error response."""
    try:
        raw = json.loads(body)
    except (ValueError, RecursionError) as err:
        # a Content-Length shorter than the body lands here (and the rest of it is skipped as
        # junk before the next header); so does a body that is not JSON
        send(error_response(None, PARSE_ERROR, f"dockeropt: the message is not JSON ({_short(err)})"))
        return
    if not isinstance(raw, dict):
        send(error_response(None, INVALID_REQUEST, "dockeropt: a message must be a JSON object"))
        return
    msg_id = raw.get("id")
    msg_id = msg_id if isinstance(msg_id, int | str) and not isinstance(msg_id, bool) else None
    try:
        message = protocol.structure_message(raw)
    except Exception as err:
        method = raw.get("method")
        detail = f"invalid {method if isinstance(method, str) else 'message'}: {_short(err.__cause__ or err)}"
        log.warning("%s", detail)
        if msg_id is not None or "method" not in raw:
            send(error_response(msg_id, INVALID_PARAMS, f"dockeropt: {detail}"))
        else:  # a notification has no response: say it in the client's log
            send({"jsonrpc": "2.0", "method": "window/logMessage", "params": {"type": 2, "message": detail}})
        return
    try:
        protocol.handle_message(message)
    except Exception as err:  # pygls answers requests itself; this is what escapes it
        log.exception("cannot handle a message")
        if msg_id is not None:
            send(error_response(msg_id, -32603, f"dockeropt: internal error: {_short(err)}"))


def error_response(msg_id: int | str | None, code: int, message: str) -> dict[str, object]:
    return {"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}}


def _short(err: BaseException) -> str:
    while isinstance(err, BaseExceptionGroup) and err.exceptions:  # cattrs nests what went wrong
        err = err.exceptions[0]
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text[:200]
