"""`fix` gives one answer whatever order it is run in, and a second run changes nothing.

``fix --unsafe`` on the output of ``fix`` equals ``fix --unsafe`` on the original; structural fixes
(moves, stage splits, a RUN folded into COPY) come before merges, and a merge never joins an
instruction a structural fix is about to move or rewrite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.fix_order import check_file, run, summary
from dockeropt.fix.engine import fix_text

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata"


def _fix(path: Path, text: str, unsafe: bool) -> str:
    return fix_text(text, str(path), unsafe=unsafe, context_dir=str(path.parent)).text


def test_the_download_moves_above_the_copy_whichever_fix_runs_first() -> None:
    path = DATA / "fixorder" / "go-copy-all" / "Dockerfile"
    original = path.read_text()
    safe = _fix(path, original, unsafe=False)
    assert "RUN go mod download\nRUN CGO_ENABLED=0" in safe  # `fix` did not join them
    expected = original.replace(
        "COPY . .\nRUN go mod download\n", "COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n"
    )
    assert _fix(path, original, unsafe=True) == expected
    assert _fix(path, safe, unsafe=True) == expected


def test_a_run_folded_into_copy_is_merged_only_afterwards() -> None:
    path = DATA / "fixorder" / "chown-then-merge" / "Dockerfile"
    original = path.read_text()
    safe = _fix(path, original, unsafe=False)
    assert "RUN chown -R app:app /app\nRUN mkdir -p /app/logs\n" in safe  # kept for DO210
    expected = original.replace(
        "COPY app/ /app/\nRUN chown -R app:app /app\nRUN mkdir -p /app/logs\n",
        "COPY --chown=app:app app/ /app/\nRUN chown app:app /app \\\n    && mkdir -p /app/logs\n",
    )
    assert _fix(path, original, unsafe=True) == expected
    assert _fix(path, safe, unsafe=True) == expected
    assert _fix(path, expected, unsafe=True) == expected


def test_check_file_reports_each_comparison() -> None:
    outcome = check_file(str(DATA / "fixorder" / "go-copy-all" / "Dockerfile"))
    assert (outcome.refused, outcome.order, outcome.safe, outcome.unsafe) == (False, False, False, False)
    assert check_file("Dockerfile", "FROM a\nRUN <<EOF\n").refused


@pytest.mark.slow
def test_every_testdata_dockerfile_fixes_the_same_in_both_orders_and_is_a_fixed_point() -> None:
    result = summary(run([str(DATA)]))
    assert result["files"] >= 250
    assert result["order_differs"] == []
    assert result["fix_not_idempotent"] == []
    assert result["unsafe_fix_not_idempotent"] == []


def test_an_install_with_its_cache_clean_up_still_moves_above_the_copy() -> None:
    path = DATA / "fixorder" / "npm-clean-then-move" / "Dockerfile"
    original = path.read_text()
    safe = _fix(path, original, unsafe=False)
    assert "RUN npm install && npm cache clean --force\n" in safe
    expected = original.replace(
        "COPY . .\nRUN npm install\n",
        "COPY package.json package-lock.json ./\nRUN npm install && npm cache clean --force\nCOPY . .\n",
    )
    assert _fix(path, original, unsafe=True) == expected
    assert _fix(path, safe, unsafe=True) == expected
