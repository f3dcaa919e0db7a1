"""The CI runner table: every row points at a source, aliases resolve, sizes are ordered."""

from __future__ import annotations

from dockeropt.knowledge import ci_runners


def test_every_row_names_a_known_source() -> None:
    rows = [*ci_runners.GITHUB_PUBLIC.values(), *ci_runners.GITLAB_SAAS.values()]
    assert all(row["source"] in ci_runners.SOURCES for row in rows)
    assert set(ci_runners.BITBUCKET_STEP_SOURCE.values()) <= set(ci_runners.SOURCES)
    assert all(source["read"] == ci_runners.READ_ON for source in ci_runners.SOURCES.values())
    assert all(row["confidence"] in ("documented", "third-party", "unconfirmed") for row in rows)


def test_github_aliases_point_at_rows() -> None:
    assert set(ci_runners.GITHUB_ALIASES.values()) <= set(ci_runners.GITHUB_PUBLIC)
    assert ci_runners.github_runner("ubuntu-22.04") is ci_runners.GITHUB_PUBLIC["ubuntu-latest"]
    assert ci_runners.github_runner("ubuntu-latest-4-cores") is None


def test_bitbucket_sizes_double_and_leave_room_for_the_build_container() -> None:
    sizes = list(ci_runners.BITBUCKET_STEP_MB.values())
    assert sizes == [4096, 8192, 16384, 32768]
    assert sizes[0] - ci_runners.BITBUCKET_BUILD_CONTAINER_MIN_MB > ci_runners.BITBUCKET_DOCKER_DEFAULT_MB


def test_gitlab_default_tag_is_a_row() -> None:
    assert ci_runners.GITLAB_UNTAGGED_DEFAULT in ci_runners.GITLAB_SAAS
    memory = [row["memory_mb"] or 0 for tag, row in ci_runners.GITLAB_SAAS.items() if tag.endswith("amd64")]
    assert memory == sorted(memory)


def test_source_text() -> None:
    text = ci_runners.source_text("gl-hosted")
    assert text.startswith("Hosted runners on Linux") and text.endswith(f"(read {ci_runners.READ_ON})")
