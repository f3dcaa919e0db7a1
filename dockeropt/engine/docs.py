"""Rule documentation pages (docs/rules/<ID>.md), generated from each rule's metadata."""

from __future__ import annotations

import os
import textwrap

from dockeropt.api.rule import Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def render_rule_page(rule: Rule) -> str:
    lines = [f"# {rule.id} {rule.name}", "", rule.summary + ".", ""]
    meta = [
        ("Category", rule.category),
        ("Default severity", rule.severity),
        ("Also known as", ", ".join(rule.aliases) if rule.aliases else "—"),
        ("Fix", "yes" if rule.fixable else "no"),
        ("Enabled by default", "no (opt-in: select it)" if rule.opt_in else "yes"),
    ]
    lines += ["| | |", "|---|---|", *[f"| {k} | {v} |" for k, v in meta], ""]
    if rule.docs.strip():
        lines += ["## Why it matters", "", textwrap.dedent(rule.docs).strip(), ""]
    if rule.bad_example.strip():
        lines += ["## Example", "", "```dockerfile", rule.bad_example.rstrip("\n"), "```", ""]
    if rule.good_example.strip():
        lines += ["## Use instead", "", "```dockerfile", rule.good_example.rstrip("\n"), "```", ""]
    lines += [
        "## Suppress",
        "",
        f"`# dockeropt: ignore={rule.id} -- reason` on the line above the instruction, or",
        f'`ignore = ["{rule.id}"]` in `[tool.dockeropt]`.',
        "",
    ]
    return "\n".join(lines)


def render_index(rules: Sequence[Rule]) -> str:
    lines = ["# Rules", "", "| id | name | category | severity | fix | aliases |", "|---|---|---|---|---|---|"]
    for r in rules:
        fix = "yes" if r.fixable else ""
        lines.append(
            f"| [{r.id}]({r.id}.md) | {r.name} | {r.category} | {r.severity} | {fix} | {', '.join(r.aliases)} |"
        )
    return "\n".join(lines) + "\n"


def render_moved_page(old_id: str, rule: Rule) -> str:
    """The page of an id a rule no longer has: rule ids are never reused, old links keep working."""
    return (
        f"# {old_id} (now {rule.id})\n\n"
        f"{old_id} is the former id of [{rule.id} {rule.name}]({rule.id}.md). The old id still works "
        "everywhere an id is accepted (`--select`, `--ignore`, configuration, suppression comments).\n"
    )


def expected_pages(rules: Sequence[Rule]) -> dict[str, str]:
    pages = {f"{r.id}.md": render_rule_page(r) for r in rules}
    for r in rules:
        for alias in r.aliases:
            if alias.startswith("DO") and alias[2:].isdigit():
                pages[f"{alias}.md"] = render_moved_page(alias, r)
    pages["README.md"] = render_index(rules)
    return pages


def write_rule_docs(directory: str, rules: Sequence[Rule]) -> list[str]:
    """Write every page into ``directory`` (made if needed), all or none; WriteError says why not."""
    from dockeropt.files.read import reason
    from dockeropt.files.write import WriteError, write_new_files

    if os.path.lexists(directory) and not os.path.isdir(directory):
        raise WriteError(f"{directory}: not a folder; nothing written")
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as err:
        raise WriteError(f"cannot create the folder {directory}: {reason(err)}; nothing written") from None
    pages = [(os.path.join(directory, name), content, 0o666) for name, content in expected_pages(rules).items()]
    write_new_files(pages, overwrite=True)
    return [path for path, _, _ in pages]
