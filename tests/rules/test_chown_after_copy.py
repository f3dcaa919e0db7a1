"""DO210's rewrite keeps the meaning for the destination folder and its parents."""

from __future__ import annotations

from pathlib import Path

from dockeropt.fix.engine import fix_text

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "rules" / "DO210"


def _fixed(name: str) -> str:
    path = DATA / name
    return fix_text(path.read_text(), str(path), unsafe=True, select=["DO210"], context_dir=str(DATA)).text


def test_folders_keep_their_own_mode_and_owner_and_new_parents_are_not_touched() -> None:
    fixed = _fixed("positive-folders.Dockerfile")
    body = fixed.split("WORKDIR /srv\n", 1)[1]
    assert body == (
        # /srv exists (WORKDIR): COPY --chmod, and the folder itself keeps chmod 750
        "COPY --chmod=750 app/ /srv/app/\n"
        "RUN chmod 750 /srv/app\n"
        # /opt is not made by this file: --chown would own it too; no rewrite
        "COPY app/ /opt/app/\n"
        "RUN chown -R app:app /opt/app\n"
        # no group: COPY --chown=app sets the group to app's uid, chown leaves it
        "COPY app/ /etc/app/\n"
        "RUN chown -R app /etc/app\n"
        # a symbolic mode needs a recent Dockerfile frontend
        "COPY docker/entrypoint.sh /usr/local/bin/entrypoint.sh\n"
        "RUN chmod +x /usr/local/bin/entrypoint.sh\n"
        # one file into a folder made earlier (/etc/app by the COPY above): the RUN goes
        "COPY --chmod=0700 docker/entrypoint.sh /etc/app/entrypoint.sh\n"
        "USER 10001\n"
    )


def test_the_rewrite_is_idempotent() -> None:
    fixed = _fixed("positive-folders.Dockerfile")
    again = fix_text(fixed, str(DATA / "x.Dockerfile"), unsafe=True, select=["DO210"], context_dir=str(DATA))
    assert again.text == fixed and not again.applied
