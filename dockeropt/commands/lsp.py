"""``dockeropt lsp``: the language server over stdio (pygls is imported here, and only here)."""

from __future__ import annotations

import logging
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run_lsp(args: argparse.Namespace) -> int:
    # stdout carries JSON-RPC: every log line goes to stderr or to --log-file
    handler: logging.Handler = (
        logging.FileHandler(args.log_file, encoding="utf-8") if args.log_file else logging.StreamHandler(sys.stderr)
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    from dockeropt.lsp.server import start_stdio

    start_stdio()
    return 0
