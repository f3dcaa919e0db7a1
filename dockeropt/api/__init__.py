"""The API for rule authors: what a rule is, what it sees, and what it reports.

A rule module imports from here (and, for facts of a kind, from ``dockeropt.analysis``,
``dockeropt.shell``, ``dockeropt.graph``, ``dockeropt.knowledge``); see docs/writing-rules.md.
"""

from __future__ import annotations

from dockeropt.api.context import CheckContext
from dockeropt.api.finding import Edit, Finding, Fix, Impact, Severity
from dockeropt.api.rule import Category, ProjectReporter, Rule, RuleLoadError, rules_from_module

__all__ = [
    "Category",
    "CheckContext",
    "Edit",
    "Finding",
    "Fix",
    "Impact",
    "ProjectReporter",
    "Rule",
    "RuleLoadError",
    "Severity",
    "rules_from_module",
]
