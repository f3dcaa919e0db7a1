"""``dockeropt rules``: every rule with its id, name, severity and summary."""

from __future__ import annotations

import json
import sys

from dockeropt.commands.common import EXIT_OK, UsageError
from dockeropt.engine.registry import all_rules

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run_rules(args: argparse.Namespace) -> int:
    rules = all_rules()
    if args.write_docs:
        from dockeropt.engine.docs import write_rule_docs
        from dockeropt.files.write import WriteError

        try:
            written = write_rule_docs(args.write_docs, rules)
        except WriteError as err:
            raise UsageError(str(err)) from None
        for path in written:
            sys.stdout.write(f"wrote {path}\n")
        return EXIT_OK
    if args.format == "json":
        doc = [
            {
                "id": r.id,
                "name": r.name,
                "category": r.category,
                "severity": r.severity,
                "summary": r.summary,
                "aliases": list(r.aliases),
                "fixable": r.fixable,
                "opt_in": r.opt_in,
            }
            for r in rules
        ]
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
        return EXIT_OK
    for r in rules:
        aliases = f" ({', '.join(r.aliases)})" if r.aliases else ""
        fix = " [fix]" if r.fixable else ""
        sys.stdout.write(f"{r.id}  {r.name:32} {r.severity:8} {r.summary}{aliases}{fix}\n")
    return EXIT_OK


def run_rule(args: argparse.Namespace) -> int:
    """``dockeropt rule DO303``: the rule's documentation page, found by id, name or alias."""
    from dockeropt.engine.docs import render_rule_page
    from dockeropt.engine.registry import lookup
    from dockeropt.engine.selection import unknown_hint

    rules = all_rules()
    key = args.rule.strip()
    rule = lookup(rules).get(key.lower())
    if rule is None:
        family = next((r for r in rules if r.owns_code(key)), None)
        if family is not None:  # SC2086: documented by its own tool
            code = key.upper()
            print(f"{code}: a code of {family.id} {family.name}; its documentation: {family.code_docs_url(code)}")
            return EXIT_OK
        raise UsageError(f"no rule is named {args.rule!r}{unknown_hint(key, rules)}; `dockeropt rules` lists them")
    sys.stdout.write(render_rule_page(rule))
    return EXIT_OK
