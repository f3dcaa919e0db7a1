"""``match_reference`` reads image references by hand: it must agree with distribution/reference's
``ReferenceRegexp`` (anchored), kept here as the oracle, on every text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockeropt.analysis.image_ref import match_reference, parse_image_ref

_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = _ALNUM + r"(?:" + _SEPARATOR + _ALNUM + r")*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = r"(?:" + _DOMAIN_COMPONENT + r"(?:\." + _DOMAIN_COMPONENT + r")*|\[(?:[a-fA-F0-9:]+)\])"
_DOMAIN = _HOST + r"(?::[0-9]+)?"
_TAG = r"[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_REMOTE_NAME = _PATH_COMPONENT + r"(?:/" + _PATH_COMPONENT + r")*"
REFERENCE = re.compile(r"((?:" + _DOMAIN + r"/)?" + _REMOTE_NAME + r")(?::(" + _TAG + r"))?(?:@(" + _DIGEST + r"))?\Z")

HEX = "0123456789abcdef" * 3
PIECES = [
    *"abcAZ09._-/:@[]+é \n",
    "__",
    "--",
    "localhost",
    "docker.io",
    "ghcr.io",
    ":5000",
    "[::1]",
    "[fe80::1]",
    "library/python",
    ":3.12-slim",
    "sha256:",
    "sha256:" + HEX[:32],
    "sha256:" + HEX[:64],
    "sha256+b64u.x-y_z:" + HEX[:40],
    "x" * 130,
]


def oracle(text: str) -> tuple[str, str | None, str | None] | None:
    m = REFERENCE.match(text)
    return None if m is None else (m.group(1), m.group(2), m.group(3))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
def test_the_same_as_the_regular_expression(text: str) -> None:
    assert match_reference(text) == oracle(text)


@settings(max_examples=1000, deadline=None)
@given(st.text("aZ0._-/:@[]+", max_size=20))
def test_the_same_on_any_short_text(text: str) -> None:
    assert match_reference(text) == oracle(text)


@pytest.mark.parametrize(
    "text",
    [
        "docker.io/library/python:3.12-slim",
        "localhost:5000/team/app:1.0@sha256:" + HEX[:64],
        "[::1]:5000/app",
        "[::1]/app:latest",
        "ghcr.io/org/a__b/c--d:v_1",
        "docker.io/library/a___b",
        "docker.io/library/a.-b",
        "docker.io/library/app:" + "t" * 128,
        "docker.io/library/app:" + "t" * 129,
        "docker.io/library/app@sha256:" + HEX[:31],
        "host-.io/app",
        "Host.IO/app",
        "docker.io/library/App",
        "docker.io/",
        "docker.io/library/app:",
    ],
)
def test_examples(text: str) -> None:
    assert match_reference(text) == oracle(text)


def test_parsed_references() -> None:
    ref = parse_image_ref("python:3.12")
    assert (ref.domain, ref.path, ref.tag, ref.digest) == ("docker.io", "library/python", "3.12", None)
    ref = parse_image_ref("localhost:5000/app@sha256:" + HEX[:64])
    assert (ref.domain, ref.path, ref.tag, ref.digest) == ("localhost:5000", "app", None, "sha256:" + HEX[:64])
