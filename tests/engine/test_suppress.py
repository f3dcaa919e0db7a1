"""Inline suppressions: our comments, hadolint's pragmas (as hadolint 2.15 reads them) and BuildKit's
``# check=skip=`` (as BuildKit's linter reads it), file-level forms, and unused suppressions."""

from __future__ import annotations

import pytest

from dockeropt.engine import suppress
from dockeropt.engine.check import check_text
from dockeropt.engine.registry import all_rules, lookup
from dockeropt.fix.apply import apply_edits

RULES = lookup(all_rules())


def lines_of(text: str, select: tuple[str, ...] = ("DO101", "DO105")) -> list[tuple[str, int]]:
    result = check_text(text, "Dockerfile", select=list(select))
    return [(f.rule_id, f.span.start_line) for f in result.findings if f.rule_id in select or f.rule_id == "DO001"]


BASE = "FROM alpine:3.20\n{above}MAINTAINER me\nCMD run a\n"


@pytest.mark.parametrize(
    ("above", "expected"),
    [
        ("", ["DO105", "DO101"]),
        # ours: ids, names, aliases, any case; a reason after --
        ("# dockeropt: ignore=DO105 -- legacy base image\n", ["DO101"]),
        ("# dockeropt: ignore=maintainer-deprecated\n", ["DO101"]),
        ("# DOCKEROPT: IGNORE=dl4000\n", ["DO101"]),
        ("# dockeropt: ignore=DO101, DO105 -- both\n", ["DO101"]),
        ("# dockeropt: ignore=DO105\n# another comment\n", ["DO101"]),
        ("# dockeropt: ignore=DO105\n\n", ["DO105", "DO101"]),  # a blank line ends the block
        ("  # dockeropt: ignore=DO105\n", ["DO101"]),
        ("# dockeropt: ignore=DO101\n", ["DO105", "DO101"]),  # only the next instruction
        # hadolint: next line only, DL codes, rationale after a second '#'
        ("# hadolint ignore=DL4000\n", ["DO101"]),
        ("#hadolint ignore=DL3025 , DL4000  # kept for the old registry\n", ["DO101"]),
        ("# hadolint ignore=DL4000 kept for the old registry\n", ["DO105", "DO101"]),
        ("# hadolint ignore=dl4000\n", ["DO105", "DO101"]),
        ("# hadolint ignore=DO105\n", ["DO105", "DO101"]),
        ("# hadolint ignore=DL4000\n\n", ["DO105", "DO101"]),
        ("# hadolint ignore=DL4000\n# why\n", ["DO105", "DO101"]),
        # BuildKit: the comments since the previous instruction, first check= comment, column 1
        ("# check=skip=MaintainerDeprecated\n", ["DO101"]),
        ("# check=skip=MaintainerDeprecated\n\n", ["DO101"]),  # blank lines do not end BuildKit's block
        ("# check=skip=MaintainerDeprecated\n#\n", ["DO105", "DO101"]),  # a bare '#' does
        ("# check=skip=maintainerdeprecated\n", ["DO105", "DO101"]),  # names are case-sensitive
        ("  # check=skip=MaintainerDeprecated\n", ["DO105", "DO101"]),  # indented: BuildKit loses it
        ("# check=skip=MaintainerDeprecated because legacy\n", ["DO101"]),  # the value ends at a space
        ("# check=skip=MaintainerDeprecated;bogus=1\n", ["DO105", "DO101"]),  # invalid: void
        ("# check=error=true;skip=MaintainerDeprecated\n", ["DO101"]),
        ("# check=skip=JSONArgsRecommended\n# check=skip=MaintainerDeprecated\n", ["DO105", "DO101"]),
        ("# CHECK=skip=all\n", ["DO101"]),
    ],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_next_instruction_forms(above: str, expected: list[str]) -> None:
    n = above.count("\n")  # MAINTAINER is on line 2 + n, CMD on 3 + n
    where = {"DO105": 2 + n, "DO101": 3 + n}
    assert lines_of(BASE.format(above=above)) == [(rule, where[rule]) for rule in expected]


def test_multi_line_instruction_is_covered_to_its_end() -> None:
    text = "FROM alpine:3.20\n# hadolint ignore=DL3025\nCMD run \\\n  a\n"
    assert lines_of(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# check=skip=MaintainerDeprecated\nFROM alpine:3.20\nMAINTAINER me\nCMD run a\n", [("DO101", 4)]),
        # skip=all covers BuildKit's checks only; both rules mirror one
        ("# check=skip=all\nFROM alpine:3.20\nMAINTAINER me\nCMD run a\n", []),
        ("# check=skip=all\nFROM alpine:3.20\nRUNN x\n", [("DO001", 3)]),  # never a parse error
        ("FROM alpine:3.20\nMAINTAINER me\n# dockeropt: ignore-file=DO105,DO101 -- generated file\nCMD run a\n", []),
        ("FROM alpine:3.20\nMAINTAINER me\nCMD run a\n# hadolint global ignore=DL4000  # why\n", [("DO101", 3)]),
        ("FROM alpine:3.20\n# dockeropt: ignore=DO001\nRUNN x\n", [("DO001", 3)]),
    ],
    ids=["directive", "skip-all", "parse-error-kept", "ours-file", "hadolint-global", "ours-parse-error"],
)
def test_file_level_forms(text: str, expected: list[tuple[str, int]]) -> None:
    assert lines_of(text) == expected


def test_hadolint_stage_ignore_covers_the_rest_of_the_stage() -> None:
    text = (
        "FROM alpine:3.20 AS build\n"
        "MAINTAINER a\n"
        "# hadolint stage ignore=DL4000\n"
        "MAINTAINER b\n"
        "RUN true\n"
        "MAINTAINER c\n"
        "FROM alpine:3.20\n"
        "MAINTAINER d\n"
    )
    assert lines_of(text, ("DO105",)) == [("DO105", 2), ("DO105", 8)]
    above_from = "# hadolint stage ignore=DL4000\n" + text.replace("# hadolint stage ignore=DL4000\n", "")
    assert lines_of(above_from, ("DO105",)) == [("DO105", 8)]  # the next stage (line 7 on) is untouched


def test_reasons_are_kept() -> None:
    text = (
        "FROM alpine:3.20\n"
        "# dockeropt: ignore=DO105 -- the registry still reads Author\n"
        "MAINTAINER me\n"
        "# hadolint ignore=DL3025 # shell needed\n"
        "CMD run a\n"
    )
    result = check_text(text, "Dockerfile", select=["DO101", "DO105"])
    assert [(s.source, s.scope, s.ids, s.reason, s.span.start_line) for s in result.suppressions] == [
        ("dockeropt", "instruction", ["DO105"], "the registry still reads Author", 2),
        ("hadolint", "instruction", ["DL3025"], "shell needed", 4),
    ]


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        ("skip=A,B", ["A", "B"]),
        (" skip = A , B ", ["A", "B"]),
        ("skip=all", ["*"]),
        ("skip=all;error=true", ["*"]),
        ("error=true", []),
        ("skip=A;error=maybe", []),
        ("skip=A;nope=1", []),
        ("skip", []),
        ("experimental=all;skip=A", ["A"]),
    ],
)
def test_check_options_parse_like_buildkit(value: str, ids: list[str]) -> None:
    assert suppress.parse_check_options(value) == ids


# -- unused suppressions --------------------------------------------------------------------------


def unused_of(text: str, ran: set[str]) -> list[tuple[int, list[str]]]:
    result = check_text(text, "Dockerfile", select=sorted(ran))
    return [(s.span.start_line, idle) for s, idle in suppress.unused(result.suppressions, RULES, ran)]


def test_unused_ignores() -> None:
    text = (
        "FROM alpine:3.20\n"
        "# dockeropt: ignore=DO105 -- stale: there is no MAINTAINER below\n"
        "LABEL a=b\n"
        "# dockeropt: ignore=DO101,DO1O5 -- one used, one a typo\n"
        "CMD run a\n"
        "# hadolint ignore=DL3008,DL4000\n"  # DL3008 is hadolint's business; DL4000 (DO105) ran and found nothing
        "RUN true\n"
        "# check=skip=SomeBuildKitCheck\n"
        "ENV A=1\n"
    )
    assert unused_of(text, {"DO101", "DO105"}) == [(2, ["DO105"]), (6, ["DL4000"])]
    # an id naming a rule that did not run is not judged
    assert unused_of(text, {"DO101"}) == []
    # an id naming no rule at all is DO003's, in our own comments only (the others name other tools' checks)
    result = check_text(text, "Dockerfile", select=["DO101", "DO003"])
    assert [(f.rule_id, f.severity, f.span.start_line, f.span.start_col, f.message) for f in result.findings] == [
        (
            "DO003",
            "warning",
            4,
            27,
            "no rule is named 'DO1O5' (did you mean 'DO105'?): this suppression suppresses nothing",
        )
    ]


def test_unused_findings_and_their_fix() -> None:
    text = (
        "FROM alpine:3.20\n  # dockeropt: ignore=DO105 -- old\nLABEL a=b\n# hadolint ignore=DL3025,DL4000\nCMD run a\n"
    )
    result = check_text(text, "Dockerfile", select=["DO101", "DO105"])
    findings = suppress.unused_findings(result.suppressions, RULES, {"DO101", "DO105"}, "Dockerfile")
    assert [(f.rule_id, f.severity, f.span.start_line, f.span.start_col, f.message) for f in findings] == [
        ("DO002", "info", 2, 1, "suppression of DO105 matches no finding; remove it"),
        ("DO002", "info", 4, 1, "suppression of DL4000 matches no finding; remove it"),
    ]
    # a comment whose ids are all stale is removed whole; a partly used one is left to the user
    assert findings[0].fix is not None and findings[1].fix is None
    assert apply_edits(text, findings[0].fix.edits) == (
        "FROM alpine:3.20\nLABEL a=b\n# hadolint ignore=DL3025,DL4000\nCMD run a\n"
    )
