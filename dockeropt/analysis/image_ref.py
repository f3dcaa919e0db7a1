"""Image references as Docker reads them .

A port of ``github.com/distribution/reference`` ``ParseNormalizedNamed``, the function BuildKit
calls on every ``FROM``: the same grammar, the same Docker Hub defaults (``python`` is
``docker.io/library/python``), the same rules on upper case and lengths.
"""

from __future__ import annotations

from dockeropt.lazyre import lazy_compile

DEFAULT_DOMAIN = "docker.io"
_LEGACY_DEFAULT_DOMAIN = "index.docker.io"
_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = _ALNUM + r"(?:" + _SEPARATOR + _ALNUM + r")*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = r"(?:" + _DOMAIN_COMPONENT + r"(?:\." + _DOMAIN_COMPONENT + r")*|\[(?:[a-fA-F0-9:]+)\])"
_DOMAIN = _HOST + r"(?::[0-9]+)?"
# Go's \w is ASCII-only
_TAG = r"[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_REMOTE_NAME = _PATH_COMPONENT + r"(?:/" + _PATH_COMPONENT + r")*"
_REFERENCE = lazy_compile(
    r"((?:" + _DOMAIN + r"/)?" + _REMOTE_NAME + r")(?::(" + _TAG + r"))?(?:@(" + _DIGEST + r"))?\Z"
)
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
    m = _REFERENCE.match(domain + "/" + remainder)
    if m is None:
        raise InvalidReference("invalid reference format")
    name, tag, digest = m.group(1), m.group(2), m.group(3)
    if len(name) > _NAME_MAX:
        raise InvalidReference(f"repository name must not be more than {_NAME_MAX} characters")
    return ImageRef(domain, name[len(domain) + 1 :], tag, digest)


def try_parse_image_ref(text: str) -> ImageRef | None:
    try:
        return parse_image_ref(text)
    except InvalidReference:
        return None
