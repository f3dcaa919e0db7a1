"""Shell analysis of RUN scripts (tree-sitter-bash): commands, chains, state, package managers,
downloads, archives, removals and parallel builds.

``analyze(script, shell=None)`` returns a :class:`Script`; tree-sitter is imported on its first call.
"""

from __future__ import annotations

from dockeropt.shell.effects import BuildJobs, Download, Extraction, PermissionChange, Removal
from dockeropt.shell.model import CdChange, Chains, Command, Heredoc, Redirect, Script, VarSetting
from dockeropt.shell.packages import Package, PackageOp
from dockeropt.shell.parse import analyze, shell_supported
from dockeropt.shell.words import Word

__all__ = [
    "BuildJobs",
    "CdChange",
    "Chains",
    "Command",
    "Download",
    "Extraction",
    "Heredoc",
    "Package",
    "PackageOp",
    "PermissionChange",
    "Redirect",
    "Removal",
    "Script",
    "VarSetting",
    "Word",
    "analyze",
    "shell_supported",
]
