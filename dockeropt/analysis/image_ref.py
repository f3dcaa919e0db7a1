"""Image references as Docker reads them .

A port of ``github.com/distribution/reference`` ``ParseNormalizedNamed``, the function BuildKit
calls on every ``FROM``: the same grammar, the same Docker Hub defaults (``python`` is
``docker.io/library/python``), the same rules on upper case and lengths.
"""

from __future__ import annotations

DEFAULT_DOMAIN = "docker.io"
_LEGACY_DEFAULT_DOMAIN = "index.docker.io"
# The reference grammar of distribution/reference (regexp.go), read by hand rather than by its
# regular expression: compiling that one pattern was ~2% of checking a small file (FROM is in every
# file). tests/analysis/test_image_ref.py holds the two equal.
_LOWER_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM = _LETTERS | frozenset("0123456789")
_HOST_CHARS = _ALNUM | {"-"}
_TAG_FIRST = _ALNUM | {"_"}
_TAG_CHARS = _TAG_FIRST | {".", "-"}
_HEX_ANY_CASE = frozenset("0123456789abcdefABCDEF")
_IPV6_CHARS = _HEX_ANY_CASE | {":"}
_DIGITS = frozenset("0123456789")
_TAG_MAX = 128
_DIGEST_HEX_MIN = 32
_HEX = frozenset("0123456789abcdef")
_NAME_MAX = 255


class ImageRef:
    """A parsed, normalized image reference: ``domain/path[:tag][@digest]``."""

    __slots__ = ("digest", "domain", "path", "tag")

    def __init__(self, domain: str, path: str, tag: str | None, digest: str | None) -> None:
        self.domain = domain
        self.path = path
        self.tag = tag
        self.digest = digest

    @property
    def name(self) -> str:
        return f"{self.domain}/{self.path}"

    def __repr__(self) -> str:
        return f"ImageRef({self.name!r}, tag={self.tag!r}, digest={self.digest!r})"


class InvalidReference(ValueError):
    pass


def split_domain(name: str) -> tuple[str, str]:
    """``splitDockerDomain``: the registry host and the path under it."""
    maybe_domain, slash, rest = name.partition("/")
    if not slash:
        return DEFAULT_DOMAIN, "library/" + name
    if maybe_domain == "localhost":
        domain, remote = maybe_domain, rest
    elif maybe_domain == _LEGACY_DEFAULT_DOMAIN:
        domain, remote = DEFAULT_DOMAIN, rest
    elif "." in maybe_domain or ":" in maybe_domain or maybe_domain.lower() != maybe_domain:
        domain, remote = maybe_domain, rest
    else:
        domain, remote = DEFAULT_DOMAIN, name
    if domain == DEFAULT_DOMAIN and "/" not in remote:
        remote = "library/" + remote
    return domain, remote


def parse_image_ref(text: str) -> ImageRef:
    """Parse ``text`` as ``docker build`` does; raise :class:`InvalidReference` with Docker's reason."""
    if not text:
        raise InvalidReference("repository name must have at least one component")
    if len(text) == 64 and _HEX.issuperset(text):  # an image id
        raise InvalidReference(f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings")
    domain, remainder = split_domain(text)
    remote = remainder.partition(":")[0]
    if remote.lower() != remote:
        raise InvalidReference(f"repository name ({remote}) must be lowercase")
    matched = match_reference(domain + "/" + remainder)
    if matched is None:
        raise InvalidReference("invalid reference format")
    name, tag, digest = matched
    if len(name) > _NAME_MAX:
        raise InvalidReference(f"repository name must not be more than {_NAME_MAX} characters")
    return ImageRef(domain, name[len(domain) + 1 :], tag, digest)


def try_parse_image_ref(text: str) -> ImageRef | None:
    try:
        return parse_image_ref(text)
    except InvalidReference:
        return None


def match_reference(text: str) -> tuple[str, str | None, str | None] | None:
    """``ReferenceRegexp`` (anchored) on ``text``: its name, tag and digest, or None. Neither the name
    nor the tag can hold ``@``, and after the name's last ``/`` only a tag can hold ``:``, so the split
    is unique."""
    rest, at, digest = text.partition("@")
    if at and not _is_digest(digest):
        return None
    colon = rest.rfind(":")
    tag = None
    if colon > rest.rfind("/"):
        rest, tag = rest[:colon], rest[colon + 1 :]
        if not (0 < len(tag) <= _TAG_MAX and tag[0] in _TAG_FIRST and _TAG_CHARS.issuperset(tag)):
            return None
    parts = rest.split("/")
    if not all(_is_path_component(p) for p in parts[1:]):
        return None
    if not (_is_path_component(parts[0]) or (len(parts) > 1 and _is_domain(parts[0]))):
        return None
    return rest, tag, digest if at else None


def _is_path_component(part: str) -> bool:
    """``[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*``"""
    if not part or part[0] not in _LOWER_ALNUM or part[-1] not in _LOWER_ALNUM:
        return False
    i, size = 1, len(part)
    while i < size:
        if part[i] in _LOWER_ALNUM:
            i += 1
            continue
        end = i
        while part[end] not in _LOWER_ALNUM:  # (the last character is one: the loop stops)
            end += 1
        separator = part[i:end]
        if separator not in (".", "_", "__") and separator.strip("-"):
            return False
        i = end
    return True


def _is_domain(domain: str) -> bool:
    """``(?:host(?:\\.host)*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`` with host
    ``[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]``."""
    if domain.startswith("["):
        end = domain.find("]")
        if end < 2 or not _IPV6_CHARS.issuperset(domain[1:end]):
            return False
        port = domain[end + 1 :]
        return not port or (port[0] == ":" and len(port) > 1 and _DIGITS.issuperset(port[1:]))
    host, colon, port = domain.partition(":")
    if colon and not (port and _DIGITS.issuperset(port)):
        return False
    return all(
        label and label[0] in _ALNUM and label[-1] in _ALNUM and _HOST_CHARS.issuperset(label)
        for label in host.split(".")
    )


def _is_digest(digest: str) -> bool:
    """``[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}``"""
    algorithm, colon, hex_part = digest.partition(":")
    if not colon or len(hex_part) < _DIGEST_HEX_MIN or not _HEX_ANY_CASE.issuperset(hex_part):
        return False
    for separator in "-_+":
        algorithm = algorithm.replace(separator, ".")
    return all(part and part[0] in _LETTERS and _ALNUM.issuperset(part) for part in algorithm.split("."))
