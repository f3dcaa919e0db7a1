"""DO801 secrets-in-arg-or-env: an ARG or ENV whose name says it holds a secret."""

from __future__ import annotations

import re

from dockeropt.api import Category, CheckContext, Rule, Severity
from dockeropt.lazyre import lazy_compile

# BuildKit's patterns (dockerfile2llb/validations.go getSecretsRegex): a secret word as the whole
# name or as one of its `_`-separated words, unless an allow word is one of them too.
_SECRET_WORDS = ("apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token")
_ALLOW_WORDS = ("public", "file", "version")
_DENY = lazy_compile(r"(?i)(?:_|^)(?:" + "|".join(_SECRET_WORDS) + r")(?:_|$)")
_ALLOW = lazy_compile(r"(?i)(?:_|^)(?:" + "|".join(_ALLOW_WORDS) + r")(?:_|$)")
# dockeropt's one addition: GPG/PGP key ids and fingerprints are public by design (the official
# python, node, ruby … images keep them in ENV GPG_KEY to verify downloads).
_PUBLIC_KEY_NAME = lazy_compile(r"(?i)(?:_|^)(?:gpg|pgp|gnupg)(?:_|$)")


# Well-known settings whose names contain a secret word but hold none.
_KNOWN_NOT_SECRET = frozenset({"APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE"})


# Front-end build tools put variables with these prefixes into the JavaScript bundle the browser
# downloads: they are public by design (a client-side analytics key, an API base URL).
_BROWSER_PREFIXES = ("VITE_", "NEXT_PUBLIC_", "REACT_APP_", "EXPO_PUBLIC_", "NUXT_PUBLIC_", "GATSBY_", "PUBLIC_")
# `key` alone is the weakest of BuildKit's words: `Filters__0__Key=ProcessId` names a setting's key.
_ONLY_KEY = lazy_compile(r"(?i)(?:_|^)key(?:_|$)")
_PLAIN_WORD = lazy_compile(r"[A-Za-z]{1,32}")  # an identifier (ProcessId), nothing a key is made of
_KEY_KINDS = frozenset({"api", "access", "private", "secret", "client", "license", "master", "encryption", "signing"})


def looks_secret(name: str) -> bool:
    if name.upper() in _KNOWN_NOT_SECRET or name.upper().startswith(_BROWSER_PREFIXES):
        return False
    return bool(_DENY.search(name)) and not _ALLOW.search(name) and not _PUBLIC_KEY_NAME.search(name)


def _key_names_a_setting(name: str, value: str | None) -> bool:
    """Only the word ``key`` made the name suspect, and the value is a literal plain word: a
    configuration key (``DefaultProcess__Filters__0__Key=ProcessId``), not a secret."""
    words = [w for w in re.split(r"_+", name.lower()) if w]
    suspect = [w for w in words if w in _SECRET_WORDS]
    if suspect != ["key"] or not _KEY_KINDS.isdisjoint(words) or value is None or "$" in value:
        return False
    return bool(_PLAIN_WORD.fullmatch(value.strip("\"'")))


_NOT_A_SECRET_VALUE = frozenset({"true", "false", "yes", "no", "on", "off", "0", "1"})


def holds_no_secret(instruction: str, value: str | None) -> bool:
    """Values that cannot be a secret, whatever the name: an absolute file path (it says where the
    secret is), a boolean switch, or for ENV an empty value (set when the container runs)."""
    if value is None or "$" in value:
        return False
    text = value.strip("\"'")
    if text.startswith("/") and " " not in text:
        return True
    return text.lower() in _NOT_A_SECRET_VALUE or (instruction == "ENV" and text == "")


class SecretsUsedInArgOrEnv(Rule):
    id = "DO801"
    name = "secrets-in-arg-or-env"
    category = Category.SECURITY
    severity = Severity.WARNING
    summary = "Sensitive data should not be passed in ARG or ENV"
    aliases = ("SecretsUsedInArgOrEnv", "DL3064")
    security_severity = 7.5
    docs = """
`ENV` values are written into the image config: anyone who can pull the image reads them with
`docker inspect`. `ARG` values are recorded in the image history (`docker history`) and in the
build's provenance attestation, and every `RUN` after the ARG sees them. A token passed as
`--build-arg NPM_TOKEN=…` therefore ships with the image.

Use a secret mount, which is never stored in a layer or the config:

    RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci

and build with `docker build --secret id=npm_token,env=NPM_TOKEN .`.

Names are judged as BuildKit does: a name is reported when `apikey`, `auth`, `credential(s)`,
`key`, `password`, `pword`, `passwd`, `secret` or `token` is the whole name or one of its
`_`-separated words (`DB_PASSWORD`, `GITHUB_TOKEN`, `API_KEY`), unless `public`, `file` or
`version` is one too (`PASSWORD_FILE` holds a path, `TOKEN_VERSION` a number). Words inside a
word are not matched, so `TOKENIZERS_PARALLELISM` or `KEYCLOAK_URL` are not reported.
dockeropt also passes over GPG/PGP key names (`GPG_KEY`), which hold public fingerprints,
`APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE`, and values that cannot be a secret: an absolute file path
(`TLS_KEY=/run/secrets/tls.key` says where the secret is), a boolean switch
(`DISABLE_TOKEN_AUTH=true`), and an empty ENV (`ENV OPENAI_API_KEY=""` only declares it; the value
comes when the container runs). `ENV NPM_TOKEN=$NPM_TOKEN` is reported: it bakes the build
argument into the image. Variables that front-end build tools put into the browser bundle
(`VITE_`, `NEXT_PUBLIC_`, `REACT_APP_`, `EXPO_PUBLIC_`, `NUXT_PUBLIC_`, `GATSBY_`, `PUBLIC_`) are
public by design, and a name suspect only for the word `key` whose value is a plain word
(`Filters__0__Key=ProcessId`) names a setting, not a secret.
"""
    bad_example = """\
FROM node:20-alpine
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
"""
    good_example = """\
FROM node:20-alpine
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\
    echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
"""

    trigger_instructions = ("ARG", "ENV")

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.dockerfile.instructions:
            target = inst.effective
            if target.name not in ("ARG", "ENV"):
                continue
            for kv in target.pairs:
                key = kv.key.strip("\"'")
                if not looks_secret(key) or holds_no_secret(target.name, kv.value):
                    continue
                if _key_names_a_setting(key, kv.value):
                    continue
                if target.name == "ENV":
                    where = "ENV values are stored in the image config, readable by anyone who pulls the image"
                else:
                    where = "ARG values are recorded in the image history and build provenance"
                ctx.report(
                    self,
                    kv.span,
                    f"{target.name} {key} looks like a secret: {where}; "
                    "pass it with a secret mount (RUN --mount=type=secret) instead",
                )
