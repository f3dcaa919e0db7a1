"""hadolint's shell pragma (``# hadolint shell=powershell``, also tally's): the shell of the RUNs after it."""

from __future__ import annotations

from dockeropt.graph.model import DEFAULT_SHELL, Graph
from dockeropt.syntax.parser import parse


def shells(text: str) -> list[tuple[str, tuple[str, ...]]]:
    tree = parse(text)
    graph = Graph(tree)
    return [(inst.name, graph.state(inst).shell) for inst in tree.instructions]


def test_a_pragma_sets_the_shell_from_where_it_stands_and_for_the_stages_after_it() -> None:
    text = (
        "FROM debian:12\n"
        "RUN one\n"
        "# hadolint shell=powershell\n"
        "RUN two\n"
        "FROM debian:12\n"
        "RUN three\n"
        'SHELL ["/bin/bash", "-c"]\n'
        "RUN four\n"
        "#  TALLY  shell = cmd.exe  # the base image's\n"
        "RUN five\n"
    )
    assert shells(text) == [
        ("FROM", DEFAULT_SHELL),
        ("RUN", DEFAULT_SHELL),
        ("RUN", ("powershell", "-Command")),
        ("FROM", ("powershell", "-Command")),
        ("RUN", ("powershell", "-Command")),
        ("SHELL", ("powershell", "-Command")),
        ("RUN", ("/bin/bash", "-c")),
        ("RUN", ("cmd.exe", "/S", "/C")),
    ]


def test_other_comments_change_nothing() -> None:
    text = "FROM alpine:3.20\n# hadolint ignore=DL3018\n# shell=bash\nRUN apk add curl\n"
    assert shells(text) == [("FROM", DEFAULT_SHELL), ("RUN", DEFAULT_SHELL)]
