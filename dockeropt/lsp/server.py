"""``dockeropt lsp``: a pygls 2.x language server; documents in, engine calls, LSP types out.

- Diagnostics are pushed on open and save at once, and on change after ``debounceMs``
  (default 200 ms) without further typing; closing a document clears them.
- Code actions: a quick fix per fixable finding, "ignore this rule here" per finding, and
  "fix all" (kind ``source.fixAll.dockeropt``, so editors can run it on save).
- Hover on a finding shows its message, impact and fix, and the rule's documentation.
- Settings come from ``workspace/configuration`` (section ``dockeropt``), else from
  ``initializationOptions`` and ``workspace/didChangeConfiguration``; configuration files are
  re-read when the client reports a change to one.

Positions use the encoding the client negotiated (UTF-16 unless it offers another).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from dockeropt import __version__
from dockeropt.api import config as config_module
from dockeropt.lsp.analysis import (
    SECTION,
    Analysis,
    Settings,
    analyze,
    findings_at,
    findings_in,
    fix_all_edit,
    hover_text,
    ignore_edit,
)
from dockeropt.report.common import docs_url_for, full_message, rule_for, rules_by_id
from dockeropt.report.lsp_format import SEVERITIES, SOURCE, PositionEncoder, diagnostic_tags
from dockeropt.syntax.parser import reuse_instructions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence
    from typing import BinaryIO

    from dockeropt.api.finding import Edit, Finding
    from dockeropt.api.rule import Rule

log = logging.getLogger("dockeropt.lsp")

FIX_ALL_KIND = "source.fixAll.dockeropt"
TIMINGS_COMMAND = "dockeropt.timings"
CONFIG_GLOBS = ("**/pyproject.toml", "**/.dockeropt.toml")


class DockeroptLanguageServer(LanguageServer):
    """The server and what it remembers: settings, and the last check of each open document."""

    def __init__(self) -> None:
        super().__init__("dockeropt", __version__)
        self.settings = Settings()
        self.analyses: dict[str, Analysis] = {}
        self.encoders: dict[str, PositionEncoder] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        # uri -> (total, check, total CPU) ms of our own work per re-check: the whole handler and the
        # engine's part of it as wall time, and the handler's CPU time (what a busy machine does not inflate)
        self.timings: dict[str, list[tuple[float, float, float]]] = {}
        self.rules: dict[str, Rule] = {}
        self.reported_config_errors: set[str] = set()
        self.initial_settings: dict[str, object] = {}  # from initializationOptions
        self.frozen = False  # gc.freeze() done after the first check

    # -- helpers ----------------------------------------------------------------------------------

    def encoding(self) -> str:
        enc = self.workspace.position_encoding
        return str(getattr(enc, "value", enc) or "utf-16")

    def check(self, uri: str) -> Analysis | None:
        """Check the document now and publish its diagnostics (only an open one: the server never
        reads a document from disk, which could be a FIFO or a device)."""
        self.pending.pop(uri, None)
        if uri not in self.workspace.text_documents:
            return None
        doc = self.workspace.get_text_document(uri)
        if not self.settings.enable:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
            return None
        started = time.perf_counter()
        started_cpu = time.thread_time()
        path = (to_fs_path(uri) or "") if uri.startswith("file:") else ""
        text = doc.source
        analysis = analyze(text, path, self.settings, doc.version)
        encoder = PositionEncoder(text, self.encoding(), analysis.result.index)
        self.analyses[uri] = analysis
        self.encoders[uri] = encoder
        diagnostics = [self.diagnostic(f, encoder) for f in analysis.result.findings]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=diagnostics)
        )
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.thread_time() - started_cpu) * 1000
        self.timings.setdefault(uri, []).append((elapsed, analysis.elapsed_ms, cpu))
        if not self.frozen:
            # What the first check loaded (rules, the shell parser, tables) lives as long as the
            # server: out of the garbage collector's work, so that its collections stay short.
            self.frozen = True
            gc.collect()
            gc.freeze()
        del self.timings[uri][:-50]
        log.debug("checked %s (%d lines) in %.2f ms", uri, text.count("\n") + 1, elapsed)
        if analysis.config_error and analysis.config_error not in self.reported_config_errors:
            self.reported_config_errors.add(analysis.config_error)
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Error,
                    message=f"dockeropt: {analysis.config_error} (using the defaults)",
                )
            )
        return analysis

    def current(self, uri: str) -> tuple[Analysis, PositionEncoder] | None:
        """The check of the document's current version (checked now if it is out of date)."""
        if uri not in self.workspace.text_documents:
            return None
        doc = self.workspace.get_text_document(uri)
        analysis = self.analyses.get(uri)
        if analysis is None or analysis.version != doc.version or analysis.text != doc.source:
            analysis = self.check(uri)
            if analysis is None:
                return None
        return analysis, self.encoders[uri]

    def schedule(self, uri: str) -> None:
        """Check after ``debounceMs`` without further changes."""
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        delay = self.settings.debounce_ms / 1000
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(delay, self._debounced, uri)

    def _debounced(self, uri: str) -> None:
        if uri in self.workspace.text_documents:
            self.check(uri)

    def recheck_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.check(uri)

    def apply_settings(self, data: object) -> None:
        """New settings: ``data`` over the initialization options (None keeps those alone)."""
        merged = {**self.initial_settings, **data} if isinstance(data, dict) else data or self.initial_settings
        self.settings, problems = Settings.from_dict(merged)
        for problem in problems:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=problem))

    def rule(self, rule_id: str) -> Rule | None:
        if not self.rules:
            self.rules = rules_by_id()
        return rule_for(self.rules, rule_id)

    def lsp_range(self, encoder: PositionEncoder, start: int, end: int) -> types.Range:
        r = encoder.offset_range(start, end)
        return types.Range(
            start=types.Position(line=r["start"]["line"], character=r["start"]["character"]),
            end=types.Position(line=r["end"]["line"], character=r["end"]["character"]),
        )

    def diagnostic(self, finding: Finding, encoder: PositionEncoder) -> types.Diagnostic:
        message = full_message(finding)
        rule = self.rule(finding.rule_id)
        tags = [types.DiagnosticTag(t) for t in diagnostic_tags(finding)]
        return types.Diagnostic(
            range=self.lsp_range(encoder, finding.span.start, finding.span.end),
            message=message,
            severity=types.DiagnosticSeverity(SEVERITIES.get(finding.severity, 2)),
            code=finding.rule_id,
            code_description=types.CodeDescription(href=docs_url_for(rule, finding.rule_id)) if rule else None,
            source=SOURCE,
            tags=tags or None,
        )

    def workspace_edit(
        self, uri: str, version: int | None, encoder: PositionEncoder, edits: Sequence[Edit]
    ) -> types.WorkspaceEdit:
        text_edits = [types.TextEdit(range=self.lsp_range(encoder, e.start, e.end), new_text=e.new_text) for e in edits]
        caps = self.client_capabilities.workspace
        document_changes = bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes)
        if document_changes:
            return types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
                        edits=list(text_edits),
                    )
                ]
            )
        return types.WorkspaceEdit(changes={uri: text_edits})

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """pygls's stdio loop with dockeropt's reader (``framing``): malformed headers get an error
        response and the server goes on, instead of waiting forever or running out of memory."""
        import sys
        import threading

        from pygls.io_ import StdoutWriter

        from dockeropt.lsp.framing import StdinReader, serve

        stop = self._stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        stream = stdin or sys.stdin.buffer

        async def main() -> None:
            loop = asyncio.get_running_loop()

            def run(function: Callable[..., bytes], *args: object) -> Awaitable[bytes]:
                return loop.run_in_executor(self.thread_pool, function, *args)

            await serve(stop, StdinReader(stream, run), self.protocol, self.protocol._send_data)

        try:
            asyncio.run(main())
        except BrokenPipeError:
            log.error("the connection to the client is lost: shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]

    def supports_markdown(self) -> bool:
        td = self.client_capabilities.text_document
        formats = td.hover.content_format if td and td.hover else None
        return not formats or types.MarkupKind.Markdown in formats


def create_server() -> DockeroptLanguageServer:
    server = DockeroptLanguageServer()

    @server.feature(types.INITIALIZE)
    def on_initialize(ls: DockeroptLanguageServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict):
            section = options.get(SECTION, options)
            ls.initial_settings = dict(section) if isinstance(section, dict) else {}
            ls.apply_settings(None)
        reuse_instructions()  # every edit re-parses the file: most of its instructions are unchanged

    @server.feature(types.INITIALIZED)
    async def on_initialized(ls: DockeroptLanguageServer, params: types.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps else None
        if watched is not None and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=g) for g in CONFIG_GLOBS]
            registration = types.Registration(
                id="dockeropt-config-files",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
            except Exception as err:  # a client that refuses leaves us without reloads, nothing worse
                log.warning("could not watch configuration files: %s", err)
        await pull_settings(ls)

    async def pull_settings(ls: DockeroptLanguageServer) -> None:
        caps = ls.client_capabilities.workspace
        if not (caps and caps.configuration):
            return
        try:
            values = await ls.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
            )
        except Exception as err:
            log.warning("workspace/configuration failed: %s", err)
            return
        before = ls.settings
        ls.apply_settings(values[0] if values else None)
        if ls.settings != before:
            ls.recheck_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def on_configuration(ls: DockeroptLanguageServer, params: types.DidChangeConfigurationParams) -> None:
        config_module.clear_cache()
        caps = ls.client_capabilities.workspace
        if caps and caps.configuration:
            await pull_settings(ls)
            return
        settings = params.settings
        if isinstance(settings, dict):
            ls.apply_settings(settings.get(SECTION, settings))
        ls.recheck_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def on_watched_files(ls: DockeroptLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        config_module.clear_cache()
        ls.reported_config_errors.clear()
        ls.recheck_all()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def on_open(ls: DockeroptLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def on_change(ls: DockeroptLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def on_save(ls: DockeroptLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        handle = ls.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        # configuration files may have changed meanwhile (clients that cannot watch files tell us
        # nothing): read them again, once per save
        config_module.clear_cache()
        ls.check(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def on_close(ls: DockeroptLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        handle = ls.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        ls.analyses.pop(uri, None)
        ls.encoders.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL_KIND],
            resolve_provider=False,
        ),
    )
    def on_code_action(ls: DockeroptLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        state = ls.current(uri)
        if state is None:
            return []
        analysis, encoder = state
        # kinds are hierarchical ("source" asks for "source.fixAll.dockeropt" too)
        only = [str(getattr(k, "value", k)) for k in params.context.only or []]
        want_quickfix = not only or any(k.startswith("quickfix") for k in only)
        want_fix_all = not only or any(k == FIX_ALL_KIND or FIX_ALL_KIND.startswith(k + ".") for k in only)
        actions: list[types.CodeAction] = []
        if want_quickfix:
            start = encoder.offset_at(params.range.start.line, params.range.start.character)
            end = encoder.offset_at(params.range.end.line, params.range.end.character)
            for finding in findings_in(analysis.result, start, end):
                actions.extend(quick_fixes(ls, uri, analysis, encoder, finding))
        if want_fix_all:
            fixed = fix_all_edit(analysis, ls.settings)
            if fixed is not None:
                edit, count = fixed
                actions.append(
                    types.CodeAction(
                        title=f"dockeropt: fix all ({count} fix{'es' if count != 1 else ''})",
                        kind=FIX_ALL_KIND,
                        edit=ls.workspace_edit(uri, analysis.version, encoder, [edit]),
                    )
                )
        return actions

    def quick_fixes(
        ls: DockeroptLanguageServer, uri: str, analysis: Analysis, encoder: PositionEncoder, finding: Finding
    ) -> list[types.CodeAction]:
        out = []
        diag = ls.diagnostic(finding, encoder)
        if finding.fix is not None and finding.fix.edits:
            unsafe = "" if finding.fix.safe else " (unsafe)"
            out.append(
                types.CodeAction(
                    title=f"{finding.rule_id}: {finding.fix.description}{unsafe}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    is_preferred=finding.fix.safe,
                    edit=ls.workspace_edit(uri, analysis.version, encoder, finding.fix.edits),
                )
            )
        rule = ls.rule(finding.rule_id)
        if rule is None or rule.category != "syntax":
            edit = ignore_edit(analysis.result, finding)
            if edit is not None:
                out.append(
                    types.CodeAction(
                        title=f"Ignore {finding.rule_id} for this instruction",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diag],
                        edit=ls.workspace_edit(uri, analysis.version, encoder, [edit]),
                    )
                )
        return out

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: DockeroptLanguageServer, params: types.HoverParams) -> types.Hover | None:
        state = ls.current(params.text_document.uri)
        if state is None:
            return None
        analysis, encoder = state
        offset = encoder.offset_at(params.position.line, params.position.character)
        found = findings_at(analysis.result, offset)
        if not found:
            return None
        markdown = ls.supports_markdown()
        rules = {f.rule_id: r for f in found if (r := ls.rule(f.rule_id)) is not None}
        first = found[0].span
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText,
                value=hover_text(found, rules, markdown),
            ),
            range=ls.lsp_range(encoder, first.start, first.end),
        )

    @server.command(TIMINGS_COMMAND)
    def timings(ls: DockeroptLanguageServer, uri: str) -> list[list[float]]:
        """``[total, check, total_cpu]`` ms of each recent re-check of ``uri``: the whole re-check
        (check, position conversion, publish) and the engine's part of it, as wall time, and the
        whole re-check's CPU time."""
        return [list(t) for t in ls.timings.get(uri, [])]

    return server


def start_stdio() -> None:
    import sys

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # JSON-RPC owns the real stdout: a stray print() must not corrupt it
    create_server().start_io(stdin, stdout)
