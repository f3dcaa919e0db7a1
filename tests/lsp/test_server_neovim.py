"""The server with Neovim's capabilities: it negotiates UTF-8 positions, and ranges and edits follow."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.lsp.test_server import DATA, SETTINGS, code_actions, codes, open_doc, wait_for_diagnostics

pytestmark = pytest.mark.asyncio


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "dockeropt", "lsp"]))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    lsp_client.set_configuration(dict(SETTINGS), section="dockeropt")
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("neovim"), initialization_options={"dockeropt": dict(SETTINGS)}
        )
    )
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    yield
    await lsp_client.shutdown_session()


def offset_of_utf8(text: str, pos: types.Position) -> int:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: pos.line])
    raw = lines[pos.line].encode("utf-8")[: pos.character]
    return start + len(raw.decode("utf-8"))


async def test_utf8_positions(client: LanguageClient, tmp_path: Path) -> None:
    text = (DATA / "non-ascii.Dockerfile").read_text(encoding="utf-8")
    uri = (tmp_path / "Dockerfile").as_uri()
    open_doc(client, uri, text)
    diags = await wait_for_diagnostics(client, uri, lambda d: codes(d) == ["DO101"])
    line = "CMD echo 🐳 café done"
    assert (diags[0].range.end.line, diags[0].range.end.character) == (2, len(line.encode("utf-8")))
    (action, *_) = await code_actions(client, uri, diags[0].range, diags, only=[types.CodeActionKind.QuickFix])
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[uri]
    start, end = offset_of_utf8(text, edit.range.start), offset_of_utf8(text, edit.range.end)
    assert text[:start] + edit.new_text + text[end:] == (DATA / "non-ascii.fixed.Dockerfile").read_text(
        encoding="utf-8"
    )
