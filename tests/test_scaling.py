"""Time stays linear in the input on pathological files (ratios, not absolute timeouts)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from dockeropt.engine.check import check_text

CASES: dict[str, Callable[[int], str]] = {
    "long continuation": lambda n: "FROM a\nRUN echo \\\n" + "  word \\\n" * n + "  end\n",
    "many heredocs": lambda n: "FROM a\n" + "".join(f"RUN <<EOF{i}\necho {i}\nEOF{i}\n" for i in range(n)),
    "many ENV keys": lambda n: "FROM a\n" + "".join(f"ENV K{i}=v{i} L{i}=$K{i}\n" for i in range(n)),
    "deeply nested ${}": lambda n: "FROM a\nARG X=1\nENV Y=" + "${X:-" * n + "z" + "}" * n + "\n",
    "many stages": lambda n: "".join(f"FROM alpine AS s{i}\nCOPY --from=s{max(i - 1, 0)} /a /a\n" for i in range(n)),
}


def _best_time(text: str) -> float:
    # CPU time of this process, best of five: other processes on the machine do not count
    from dockeropt.shell import parse as shell_parse

    best = float("inf")
    for _ in range(5):
        # the shell analysis cache would serve the small input from memory on repeats, not the big one
        shell_parse._cache.clear()
        start = time.process_time()
        check_text(text, "Dockerfile")
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_ten_times_the_input_takes_at_most_about_ten_times_the_time(name: str) -> None:
    make = CASES[name]
    small, large = make(400), make(4000)
    seen = []
    # 10x the input; allow 20x for noise and cache effects (quadratic behaviour gives ~100x).
    # A busy machine can slow one measurement: a linear case passes on one of three attempts.
    for _ in range(3):
        t_small, t_large = _best_time(small), _best_time(large)
        seen.append(f"{t_small * 1000:.1f} ms -> {t_large * 1000:.1f} ms")
        if t_large <= 20 * t_small + 0.05:
            return
    pytest.fail(f"{name} grows faster than linearly: {'; '.join(seen)}")
