"""Package managers: what each command installs, removes, updates or cleans.

Each manager's model knows its sub-commands and which options take a value, so operands are
read the way the tool reads them (``pip install -r req.txt flask``: ``flask`` is a package,
``req.txt`` a requirements file). Options count wherever they stand (before or after the
sub-command), as these tools accept them.

Actions: ``install``, ``remove``, ``update`` (refresh indexes), ``upgrade``, ``clean`` (the
manager's own clean: ``apt-get clean``, ``dnf clean all``, ``conda clean -a`` …),
``cache-purge`` (a language manager's cache command: ``npm cache clean --force``, ``yarn cache
clean``, ``pnpm store prune``, ``pip cache purge``, ``uv cache clean``, ``go clean -modcache``),
and ``build``/``download``/``run`` for ``go build``, ``cargo build``, ``go mod download``,
``npm run``. ``Script.package_ops(action="clean")`` includes the ``cache-purge`` ones.
"""

from __future__ import annotations

import re

from dockeropt.knowledge.packages import MANAGERS, manager_for_program, name_matches, normalize_name
from dockeropt.lazyre import lazy_compile
from dockeropt.shell.effects import ARCHIVE_SUFFIXES
from dockeropt.shell.model import Command
from dockeropt.shell.options import Args, parse_args
from dockeropt.shell.words import Word

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.knowledge.packages import Step

__all__ = ["ARCHIVE_SUFFIXES", "Package", "PackageOp", "package_ops"]


class Package:
    """One package operand: ``torch==2.3.1`` -> name ``torch``, operator ``==``, version ``2.3.1``.

    ``spec``: the word's text as written (quotes removed); ``version``: the text after the
    operator (None without one; it may hold ``${VAR}``); ``kind``: ``name``, ``path`` (a local
    file or folder: ``.``, ``./x.deb``, ``dist/*.whl``), ``url`` or ``group`` (``@group``);
    ``pinned``: an exact version the manager will install (``==1.2`` but not ``>=1.2`` or ``@latest``);
    ``is_literal``: the word holds no expansion, so ``name``/``version`` are what runs.
    pip/uv/conda names are normalised (PEP 503: ``Foo_Bar`` -> ``foo-bar``).
    """

    __slots__ = ("editable", "extras", "is_literal", "kind", "name", "operator", "pinned", "spec", "version", "word")

    def __init__(self, word: Word, name: str, operator: str = "", version: str | None = None) -> None:
        self.word = word
        self.spec = word.text
        self.name = name
        self.operator = operator
        self.version = version
        self.kind = "name"
        self.extras = ""
        self.editable = False
        self.is_literal = word.is_literal
        self.pinned = False

    @property
    def version_is_literal(self) -> bool:
        return self.version is not None and "$" not in self.version and "`" not in self.version

    def __repr__(self) -> str:
        return f"Package({self.spec!r})"


class PackageOp:
    """What one command does with a package manager.

    ``manager``: ``apt`` (apt-get/apt/aptitude), ``apk``, ``dnf``/``yum``/``microdnf``/``tdnf``,
    ``zypper``, ``pip`` (pip, pip3, ``python -m pip``), ``uv``, ``conda`` (conda, mamba,
    micromamba), ``npm``, ``yarn``, ``pnpm``, ``gem``, ``go``, ``cargo``, ``pipx``, ``poetry``,
    ``bundle``, ``composer``. ``subcommand``: the sub-command word as written (``install``, ``i``,
    ``ci`` …), ``subcommand_word`` that word (where to insert an option after it), ``verb_words``
    the sub-command with its second word for two-word commands (``env create``, ``mod download``,
    ``cache clean``) and ``verb`` their text; ``args``: the options with their values;
    ``options``: the option names without dashes (``{"y", "no-install-recommends"}``); ``files``:
    requirement/environment files (``-r``, ``--file``); ``constraints``: ``-c`` files;
    ``targets``: other operands of a clean (``all``, ``packages``).
    """

    __slots__ = (
        "action",
        "args",
        "command",
        "constraints",
        "files",
        "manager",
        "operand_words",
        "options",
        "packages",
        "subcommand",
        "subcommand_word",
        "targets",
        "verb_words",
    )

    def __init__(self, manager: str, action: str, command: Command, subcommand: Word | None, args: Args) -> None:
        self.manager = manager
        self.action = action
        self.command = command
        self.subcommand_word = subcommand
        self.subcommand = subcommand.text if subcommand is not None else ""
        self.verb_words: list[Word] = [subcommand] if subcommand is not None else []
        self.operand_words: list[Word] = []  # the operands after the verb
        self.args = args
        self.options: set[str] = {name.lstrip("-") for name in args.options}
        self.packages: list[Package] = []
        self.files: list[str] = []
        self.constraints: list[str] = []
        self.targets: list[str] = []

    @property
    def verb(self) -> str:
        """The sub-command as the user names it: ``install``, ``env create``, ``cache clean``."""
        return " ".join(w.text for w in self.verb_words)

    @property
    def dependency_step(self) -> tuple[str, Step] | None:
        """What this command does with the project's dependencies, as the package-manager table says
        (:mod:`dockeropt.knowledge.packages`): ``("fetch", step)`` when it fetches them from the
        manifests alone (``npm ci``, ``go mod download``, ``pip install -r``), ``("build", step)``
        when it builds or installs the copied project (``go build``, ``pip install .``; ``step.fetches``:
        it also downloads the dependencies it does not find); None otherwise (named packages, runs …)."""
        known = MANAGERS.get(self.manager)
        if known is None:
            return None
        seq = [w.text for w in self.verb_words] + [w.text for w in self.operand_words]
        if known.neutral_goals is not None:
            goals = [g for g in seq if g not in known.neutral_goals]
            build = next((s for s in known.build if self._fits(s, goals, any_goal=True)), None)
            if build is not None:
                return "build", build
            fetch = next((s for s in known.fetch if goals and self._fits(s, goals, any_goal=False)), None)
            return ("fetch", fetch) if fetch is not None else None
        for kind, steps in (("fetch", known.fetch), ("build", known.build)):
            for step in steps:
                if self._fits(step, seq, None):
                    return kind, step
        return None

    def _fits(self, step: Step, seq: list[str], any_goal: bool | None) -> bool:
        if step.needs and not self.has(*step.needs):
            return False
        if step.unless and self.has(*step.unless):
            return False
        if any_goal is not None:  # goals: one of them (a build) or all of them (a fetch) match
            fits = [any(name_matches(goal, word) for word in step.words) for goal in seq]
            return any(fits) if any_goal else all(fits)
        if not step.words:
            return not seq  # a bare `yarn`
        if len(seq) < len(step.words) or not all(map(name_matches, seq, step.words)):
            return False
        if step.operands == "none":
            return not self.packages
        if step.operands == "local":
            return any(p.kind == "path" for p in self.packages)
        return True

    def has(self, *names: str) -> bool:
        """Whether an option is given: ``has("y", "yes")``, ``has("--no-cache")``."""
        return self.args.has(*names)

    def value(self, *names: str) -> str | None:
        """The last value of these options (``value("--index-url", "-i")``)."""
        return self.args.value(*names)

    def env(self, name: str) -> str | None:
        return self.command.env(name)

    # -- what the options mean, per manager ---------------------------------------------------------
    @property
    def assume_yes(self) -> bool:
        """The command will not stop at a confirmation prompt."""
        m = self.manager
        if m == "apt":
            return (
                self.has("y", "yes", "assume-yes", "force-yes")
                or _quiet_level(self.args) >= 2  # apt-get: quiet level 2 implies -y
                or any(v.lower().startswith("apt::get::assume-yes=true") for v in self.args.values("-o", "--option"))
            )
        if m in ("dnf", "yum", "tdnf"):
            return self.has("y", "assumeyes")
        if m == "zypper":
            return self.has("n", "non-interactive", "y", "no-confirm")
        if m == "conda":
            return self.has("y", "yes") or (self.command.name == "micromamba" and self.action != "clean")
        if m == "pip":
            return self.action != "remove" or self.has("y", "yes")
        return True  # apk, microdnf, npm, yarn … do not prompt

    @property
    def no_cache(self) -> bool:
        """The command writes no download cache: one of the manager's no-cache options is given, or
        the script sets its no-cache variable to a value the tool reads as off (see the table in
        :mod:`dockeropt.knowledge.packages`: PIP_NO_CACHE_DIR=0 turns pip's cache off too)."""
        known = MANAGERS.get(self.manager)
        if known is None:
            return False
        if known.no_cache_flags and self.has(*known.no_cache_flags):
            return True
        return any(var.turns_off(self.env(var.name)) for var in known.no_cache_env)

    @property
    def no_install_recommends(self) -> bool:
        """Weak dependencies (recommends) are not installed."""
        m = self.manager
        if m == "apt":
            options = [v.lower().replace(" ", "") for v in self.args.values("-o", "--option")]
            return self.has("no-install-recommends") or any(
                v.startswith("apt::install-recommends=") and v.partition("=")[2].strip("\"'") in _APT_FALSE
                for v in options
            )
        if m in ("dnf", "yum", "microdnf", "tdnf"):
            return any(
                v.lower().replace(" ", "") in ("install_weak_deps=false", "install_weak_deps=0", "install_weak_deps=no")
                for v in self.args.values("--setopt")
            ) or self.has("no-recommends")
        if m == "zypper":
            return self.has("no-recommends")
        return False

    @property
    def virtual(self) -> str | None:
        """``apk add --virtual NAME``: the virtual package grouping this install."""
        return self.value("-t", "--virtual") if self.manager == "apk" else None

    @property
    def index_urls(self) -> list[str]:
        """``--index-url``/``--extra-index-url``/``-i`` (pip, uv), ``--registry`` (npm …), channels (conda)."""
        if self.manager in ("pip", "uv"):
            return self.args.values("-i", "--index-url", "--extra-index-url", "--index", "--default-index")
        if self.manager in ("npm", "yarn", "pnpm"):
            return self.args.values("--registry")
        if self.manager == "conda":
            return self.args.values("-c", "--channel")
        return []

    @property
    def user(self) -> bool:
        """``pip install --user`` / ``gem install --user-install``."""
        return self.has("user", "user-install")

    @property
    def upgrade(self) -> bool:
        """``pip install -U`` and other forms that upgrade what is already installed."""
        return self.action == "upgrade" or self.has("U", "upgrade")

    @property
    def production(self) -> bool:
        """JS installs that skip devDependencies: ``--production``, ``--omit=dev``, ``--prod``,
        ``NODE_ENV=production``."""
        if self.manager not in ("npm", "yarn", "pnpm"):
            return False
        if self.has("production", "prod", "P") and self.value("production") not in ("false",):
            return True
        if "dev" in self.args.values("--omit") or self.value("--only") in ("prod", "production"):
            return True
        return self.env("NODE_ENV") == "production" or _truthy_env(self.env("npm_config_production"))

    @property
    def force(self) -> bool:
        return self.has("force", "f")

    def __repr__(self) -> str:
        return f"PackageOp({self.manager} {self.action} {[p.spec for p in self.packages]})"


# -- manager tables ------------------------------------------------------------------------------
class _Spec:
    __slots__ = ("actions", "long_values", "short_values", "single_dash_long")

    def __init__(
        self, short_values: str, long_values: frozenset[str], actions: dict[str, str], single_dash_long: bool = False
    ) -> None:
        self.short_values = short_values
        self.long_values = long_values
        self.actions = actions
        self.single_dash_long = single_dash_long


def _longs(*names: str) -> frozenset[str]:
    return frozenset(names)


_APT = _Spec(
    "octa",
    _longs("--option", "--config-file", "--target-release", "--default-release", "--host-architecture"),
    {
        "install": "install",
        "reinstall": "install",
        "build-dep": "install",
        "satisfy": "install",
        "remove": "remove",
        "purge": "remove",
        "autoremove": "remove",
        "autopurge": "remove",
        "update": "update",
        "upgrade": "upgrade",
        "dist-upgrade": "upgrade",
        "full-upgrade": "upgrade",
        "clean": "clean",
        "autoclean": "clean",
        "dist-clean": "clean",
    },
)
_APK = _Spec(
    "XptU",
    _longs("--repository", "--root", "--arch", "--cache-dir", "--keys-dir", "--virtual", "--repositories-file"),
    {"add": "install", "del": "remove", "update": "update", "upgrade": "upgrade", "fix": "install"},
)
_RPM = _Spec(
    "xcdeR",
    _longs(
        "--setopt",
        "--enablerepo",
        "--disablerepo",
        "--installroot",
        "--releasever",
        "--exclude",
        "--repo",
        "--repoid",
        "--repofrompath",
        "--config",
        "--downloaddir",
        "--destdir",
        "--forcearch",
        "--color",
        "--debuglevel",
        "--errorlevel",
        "--rpmverbosity",
        "--advisory",
    ),
    {
        "install": "install",
        "in": "install",
        "reinstall": "install",
        "localinstall": "install",
        "groupinstall": "install",
        "remove": "remove",
        "rm": "remove",
        "erase": "remove",
        "autoremove": "remove",
        "groupremove": "remove",
        "update": "upgrade",
        "upgrade": "upgrade",
        "up": "upgrade",
        "distro-sync": "upgrade",
        "upgrade-minimal": "upgrade",
        "update-minimal": "upgrade",
        "groupupdate": "upgrade",
        "makecache": "update",
        "check-update": "update",
        "clean": "clean",
    },
)
_ZYPPER = _Spec(
    "rtRcDC",
    _longs("--repo", "--from", "--type", "--root", "--config", "--reposd-dir", "--cache-dir", "--raw-cache-dir"),
    {
        "install": "install",
        "in": "install",
        "remove": "remove",
        "rm": "remove",
        "update": "upgrade",
        "up": "upgrade",
        "dist-upgrade": "upgrade",
        "dup": "upgrade",
        "patch": "upgrade",
        "refresh": "update",
        "ref": "update",
        "clean": "clean",
        "cc": "clean",
    },
)
_PIP = _Spec(
    "rceiftCdwp",
    _longs(
        "--requirement",
        "--constraint",
        "--editable",
        "--index-url",
        "--extra-index-url",
        "--index",
        "--default-index",
        "--find-links",
        "--target",
        "--prefix",
        "--root",
        "--src",
        "--platform",
        "--python-version",
        "--implementation",
        "--abi",
        "--only-binary",
        "--no-binary",
        "--progress-bar",
        "--cache-dir",
        "--trusted-host",
        "--upgrade-strategy",
        "--config-settings",
        "--global-option",
        "--log",
        "--python",
        "--proxy",
        "--retries",
        "--timeout",
        "--exists-action",
        "--cert",
        "--client-cert",
        "--use-feature",
        "--use-deprecated",
        "--root-user-action",
        "--report",
        "--keyring-provider",
        "--dest",
        "--wheel-dir",
        "--index-strategy",
        "--torch-backend",
        "--overrides",
        "--extra",
        "--group",
        "--resolution",
        "--prerelease",
        "--exclude-newer",
        "--link-mode",
        "--compile-bytecode-dummy",
        "--project",
        "--directory",
        "--package",
    ),
    {
        "install": "install",
        "uninstall": "remove",
        "download": "download",
        "wheel": "build",
        "sync": "install",
        "add": "install",
        "remove": "remove",
        "lock": "update",
    },
)
_CONDA = _Spec(
    "cnpfr",
    _longs(
        "--channel",
        "--name",
        "--prefix",
        "--file",
        "--repodata-fn",
        "--root-prefix",
        "--platform",
        "--subdir",
        "--solver",
        "--channel-priority",
    ),
    {
        "install": "install",
        "create": "install",
        "update": "upgrade",
        "upgrade": "upgrade",
        "remove": "remove",
        "uninstall": "remove",
        "clean": "clean",
    },
)
_NPM = _Spec(
    "wC",
    _longs(
        "--prefix",
        "--registry",
        "--cache",
        "--workspace",
        "--omit",
        "--include",
        "--loglevel",
        "--only",
        "--userconfig",
        "--tag",
        "--network-timeout",
        "--cache-folder",
        "--modules-folder",
        "--filter",
        "--store-dir",
        "--dir",
        "--mutex",
    ),
    {
        "install": "install",
        "i": "install",
        "in": "install",
        "ins": "install",
        "inst": "install",
        "insta": "install",
        "instal": "install",
        "isnt": "install",
        "isnta": "install",
        "isntal": "install",
        "isntall": "install",
        "ci": "install",
        "clean-install": "install",
        "install-clean": "install",
        "add": "install",
        "uninstall": "remove",
        "remove": "remove",
        "rm": "remove",
        "r": "remove",
        "un": "remove",
        "unlink": "remove",
        "update": "upgrade",
        "up": "upgrade",
        "upgrade": "upgrade",
        "run": "run",
        "run-script": "run",
        "fetch": "download",
    },
)
_GEM = _Spec(
    "vinsgp",
    _longs("--version", "--install-dir", "--bindir", "--source", "--file", "--http-proxy", "--platform"),
    {"install": "install", "i": "install", "uninstall": "remove", "update": "upgrade", "cleanup": "clean"},
)
_GO = _Spec(
    "",
    _longs(
        "-o",
        "-C",
        "-p",
        "-ldflags",
        "-gcflags",
        "-asmflags",
        "-gccgoflags",
        "-tags",
        "-mod",
        "-modfile",
        "-overlay",
        "-pgo",
        "-pkgdir",
        "-toolexec",
        "-buildmode",
        "-compiler",
        "-installsuffix",
        "-exec",
        "-covermode",
        "-coverpkg",
        "-buildvcs",
    ),
    {"install": "install", "get": "install", "build": "build", "mod": "download"},
    single_dash_long=True,
)
_CARGO = _Spec(
    "jFpZ",
    _longs(
        "--version",
        "--vers",
        "--git",
        "--branch",
        "--tag",
        "--rev",
        "--path",
        "--root",
        "--index",
        "--registry",
        "--jobs",
        "--target",
        "--features",
        "--package",
        "--bin",
        "--example",
        "--profile",
        "--target-dir",
        "--manifest-path",
        "--config",
    ),
    {"install": "install", "build": "build", "fetch": "download", "uninstall": "remove"},
)
# installers of a project's manifest: `install` takes no package operands, `add`/`require` do
_BUNDLE = _Spec(
    "j",
    _longs("--jobs", "--path", "--without", "--with", "--gemfile", "--retry", "--binstubs", "--deployment-dummy"),
    {"install": "install", "add": "install", "update": "upgrade"},
)
_POETRY = _Spec(
    "CE",
    _longs("--with", "--without", "--only", "--extras", "--directory", "--group", "--source"),
    {"install": "install", "add": "install", "sync": "install", "update": "upgrade", "remove": "remove"},
)
_COMPOSER = _Spec(
    "d",
    _longs("--working-dir", "--ignore-platform-req"),
    {"install": "install", "require": "install", "update": "upgrade", "remove": "remove"},
)
_PIPX = _Spec(
    "",
    _longs("--python", "--pip-args", "--index-url", "--suffix", "--spec"),
    {"install": "install", "inject": "install", "uninstall": "remove", "upgrade": "upgrade"},
)

# build tools whose operands are goals or tasks (`mvn clean package`, `gradle build`): their action
# is read from the goals, as the package-manager table classifies them
_MAVEN = _Spec(
    "",
    _longs(
        "-f",
        "-file",
        "-P",
        "-activate-profiles",
        "-pl",
        "-projects",
        "-rf",
        "-resume-from",
        "-s",
        "-settings",
        "-gs",
        "-global-settings",
        "-t",
        "-toolchains",
        "-T",
        "-threads",
        "-l",
        "-log-file",
        "-b",
        "-builder",
        "-D",
        "-define",
    ),
    {},
    single_dash_long=True,
)
_GRADLE = _Spec(
    "bcgpxIDP",
    _longs(
        "--build-file",
        "--settings-file",
        "--gradle-user-home",
        "--project-dir",
        "--exclude-task",
        "--init-script",
        "--console",
        "--warning-mode",
        "--max-workers",
        "--priority",
        "--project-cache-dir",
        "--include-build",
    ),
    {},
)
_DOTNET = _Spec(
    "scrofvpa",
    _longs(
        "--source",
        "--configuration",
        "--runtime",
        "--output",
        "--framework",
        "--verbosity",
        "--packages",
        "--configfile",
        "--property",
        "--arch",
        "--os",
        "--version-suffix",
        "--lock-file-path",
    ),
    {"restore": "download", "build": "build", "publish": "build", "pack": "build", "test": "build"},
)
_PIPENV = _Spec(
    "r",
    _longs("--python", "--requirements", "--pypi-mirror", "--extra-pip-args", "--categories"),
    {"install": "install", "sync": "install", "uninstall": "remove", "update": "upgrade", "lock": "update"},
)
_PDM = _Spec(
    "Gp",
    _longs("--group", "--project", "--lockfile", "--venv"),
    {"install": "install", "sync": "install", "add": "install", "remove": "remove", "update": "upgrade"},
)
_BUN = _Spec(
    "",
    _longs("--cwd", "--registry", "--backend", "--cache-dir"),
    {"install": "install", "i": "install", "add": "install", "remove": "remove", "run": "run", "build": "build"},
)
_MIX = _Spec(
    "",
    _longs("--only", "--target"),
    {"deps.get": "download", "compile": "build", "release": "build", "deps.compile": "build"},
)

_SPECS = {
    "apt": _APT,
    "apk": _APK,
    "dnf": _RPM,
    "yum": _RPM,
    "microdnf": _RPM,
    "tdnf": _RPM,
    "zypper": _ZYPPER,
    "pip": _PIP,
    "uv": _PIP,
    "pipx": _PIPX,
    "conda": _CONDA,
    "npm": _NPM,
    "yarn": _NPM,
    "pnpm": _NPM,
    "gem": _GEM,
    "go": _GO,
    "cargo": _CARGO,
    "poetry": _POETRY,
    "bundle": _BUNDLE,
    "composer": _COMPOSER,
    "maven": _MAVEN,
    "gradle": _GRADLE,
    "dotnet": _DOTNET,
    "pipenv": _PIPENV,
    "pdm": _PDM,
    "bun": _BUN,
    "mix": _MIX,
}
# sub-commands that are a cache command: (sub, second word) -> action
_CACHE_COMMANDS = {
    ("pip", "cache"): {"purge": "cache-purge", "remove": "cache-purge"},
    ("uv", "cache"): {"clean": "cache-purge", "prune": "cache-purge"},
    ("npm", "cache"): {"clean": "cache-purge", "rm": "cache-purge", "clear": "cache-purge"},
    ("yarn", "cache"): {"clean": "cache-purge"},
    ("pnpm", "store"): {"prune": "cache-purge"},
    ("apk", "cache"): {"clean": "clean", "purge": "clean", "sync": "clean"},
    ("conda", "env"): {"create": "install", "update": "upgrade", "remove": "remove"},
    ("dnf", "group"): {"install": "install", "remove": "remove", "upgrade": "upgrade"},
    ("dnf", "groups"): {"install": "install", "remove": "remove", "upgrade": "upgrade"},
    ("yum", "group"): {"install": "install", "remove": "remove", "upgrade": "upgrade"},
    ("dnf", "module"): {"install": "install", "remove": "remove", "enable": "install"},
    ("yarn", "global"): {"add": "install", "remove": "remove", "upgrade": "upgrade"},
    ("yarn", "workspaces"): {"focus": "install"},
    ("go", "mod"): {"download": "download"},
    # cargo-chef: `cook` builds the dependencies a recipe of the manifests lists; `prepare` writes it
    ("cargo", "chef"): {"cook": "download"},
    ("dotnet", "nuget"): {"locals": "cache-purge"},
}

# apt's StringToBool: the values it reads as false (apt-pkg/contrib/strutl.cc)
_APT_FALSE = frozenset({"0", "no", "false", "without", "off", "disable"})
_PIP_NAMES = lazy_compile(r"^pip(\d+(\.\d+)?)?$")
_PYTHON_NAMES = lazy_compile(r"^python(\d+(\.\d+)*)?$")
_PEP508 = lazy_compile(
    r"^(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?P<extras>\[[^\]]*\])?\s*(?P<rest>.*)$"
)
_WHEEL = lazy_compile(r"^(?P<name>[A-Za-z0-9_.]+)-(?P<version>[^-]+)(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$")
_SDIST = lazy_compile(r"^(?P<name>[A-Za-z0-9_.-]+?)-(?P<version>\d[^-]*?)\.(tar\.gz|zip|tar\.bz2)$")
_RPM_NEVRA = lazy_compile(r"^(?P<name>.+?)-(?P<version>(\d+:)?\d[\w.+~^]*(-\d[\w.+~^]*)?)$")
_SEMVER = lazy_compile(r"^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$")
_PACKAGE_FILES = (".deb", ".rpm", ".apk", ".whl", ".gem", ".tgz", ".tar.gz", ".zip", ".tar.bz2", ".egg")


def _manager_of(cmd: Command) -> tuple[str, int] | None:
    """Which manager a command drives, and the argv index where its own arguments start."""
    name = cmd.name
    words = [w.text for w in cmd.argv]
    if name == "uv":
        return ("uv", 2) if len(words) >= 2 and words[1] == "pip" else ("uv", 1)
    known = manager_for_program(name)  # the programs of each manager: the package-manager table
    if known is not None and known.name in _SPECS:
        return known.name, 1
    if name == "pipx":
        return "pipx", 1
    if _PIP_NAMES.match(name):
        return "pip", 1
    if _PYTHON_NAMES.match(name) and len(words) >= 3 and words[1] == "-m" and _PIP_NAMES.match(words[2]):
        return "pip", 3
    if _PYTHON_NAMES.match(name) and len(words) >= 2 and words[1].startswith("-m") and _PIP_NAMES.match(words[1][2:]):
        return "pip", 2
    return None


def package_ops(commands: list[Command]) -> list[PackageOp]:
    """The package-manager operations among ``commands``, in order."""
    ops: list[PackageOp] = []
    for cmd in commands:
        found = _manager_of(cmd)
        if found is None:
            continue
        op = _read_op(cmd, *found)
        if op is not None:
            ops.append(op)
    return ops


def _read_op(cmd: Command, manager: str, first: int) -> PackageOp | None:
    spec = _SPECS[manager]
    words = cmd.argv[first:]
    short_values = spec.short_values
    head = parse_args(words, short_values, spec.long_values, spec.single_dash_long, stop_at_operand=True)
    sub_word = head.operands[0] if head.operands else None
    sub = sub_word.text if sub_word is not None else ""
    if manager == "conda" and sub == "clean":
        short_values = short_values.replace("p", "").replace("f", "")  # clean -p/-f are flags
    args = parse_args(words, short_values, spec.long_values, spec.single_dash_long)
    operands = args.operands[1:] if sub_word is not None else []
    action = spec.actions.get(sub, "")
    second = _CACHE_COMMANDS.get((manager, sub)) or _CACHE_COMMANDS.get(("uv" if manager == "uv" else "", sub))
    second_word = None
    if second is not None and operands:
        action = second.get(operands[0].text, "")
        second_word, operands = operands[0], operands[1:]
    if manager == "yarn" and sub_word is None:
        action = "install"  # a bare `yarn` installs
    elif manager == "go" and sub == "clean" and args.has("-modcache", "-cache"):
        action = "cache-purge"
    elif (manager, sub) in (("go", "mod"), ("cargo", "chef")) and action == "":
        return None
    elif manager == "gem" and sub == "update" and args.has("system"):
        action = "upgrade"
    if manager == "microdnf" and sub == "clean":
        action = "clean"
    goals = MANAGERS[manager].neutral_goals is not None if manager in MANAGERS else False
    if not action and not goals:
        return None
    op = PackageOp(manager, action or "build", cmd, sub_word, args)
    if second_word is not None:
        op.verb_words.append(second_word)
    if manager == "uv" and first == 2:
        op.verb_words.insert(0, cmd.argv[1])  # `uv pip install`
    op.operand_words = operands
    if goals:  # `mvn clean package`: what the goals do
        step = op.dependency_step
        if step is None:
            return None
        op.action = "download" if step[0] == "fetch" else "build"
    _fill(op, manager, operands)
    return op


def _fill(op: PackageOp, manager: str, operands: list[Word]) -> None:
    args = op.args
    if op.action in ("clean", "cache-purge"):
        op.targets = [w.text for w in operands]
        return
    if manager == "pipx":
        op.packages = [_pip_package(w) for w in operands if w.text]
        return
    if manager in ("pip", "uv"):
        op.files = args.values("-r", "--requirement")
        op.constraints = args.values("-c", "--constraint")
        for value in args.value_words.get("-e", []) + args.value_words.get("--editable", []):
            package = _pip_package(value)
            package.editable = True
            op.packages.append(package)
        if op.action == "run":
            return
        op.packages.extend(_pip_package(w) for w in operands if w.text)
        return
    if manager == "conda":
        op.files = args.values("-f", "--file")
        if op.subcommand == "env" and op.action == "install" and not op.files:
            op.files = [MANAGERS["conda"].manifests[0]]  # conda env create reads ./environment.yml by default
        op.packages = [_conda_package(w) for w in operands if w.text]
        return
    if manager in ("npm", "yarn", "pnpm") and op.action == "run":
        op.targets = [w.text for w in operands]
        return
    if manager in ("poetry", "bundle", "composer", "pipenv", "pdm", "bun"):
        if op.subcommand not in ("install", "sync") or manager in ("pipenv", "bun"):
            op.packages = [_package(w, manager) for w in operands if w.text]
        return
    if manager in ("maven", "gradle", "dotnet", "mix"):
        op.targets = [w.text for w in operands]  # goals, tasks, project files
        return
    packages = [_package(w, manager) for w in operands if w.text]
    if manager == "gem":
        version = args.value("-v", "--version")
        if version is not None and len(packages) == 1 and not packages[0].version:
            packages[0].version = version
            packages[0].operator = "-v"
            packages[0].pinned = _gem_pinned(version)
    if manager == "cargo":
        version = args.value("--version", "--vers")
        if version is not None and len(packages) == 1 and not packages[0].version:
            packages[0].version = version
            packages[0].operator = "--version"
            packages[0].pinned = _cargo_pinned(version)
        for path in args.values("--path"):
            package = Package(Word(path, path, 0, 0, True), path)
            package.kind = "path"
            packages.append(package)
    op.packages = packages


def _package(word: Word, manager: str) -> Package:
    text = word.text
    kind = _kind(text, manager)
    if kind != "name":
        package = Package(word, text)
        package.kind = kind
        return package
    name, operator, version = text, "", None
    pinned = False
    if manager == "apt":
        if "=" in text:
            name, _, version = text.partition("=")
            operator, pinned = "=", True
        elif "/" in text:
            name = text.split("/", 1)[0]  # pkg/bookworm-backports picks a release, not a version
    elif manager == "apk":
        if "@" in text:
            text = text.split("@", 1)[0]  # pkg@edge names a repository tag
            name = text
        for sep in (">=", "<=", "=~", "~=", "=", "~", ">", "<"):
            if sep in text:
                name, _, version = text.partition(sep)
                operator = sep
                pinned = sep in ("=", "~", "=~")
                break
    elif manager == "zypper":
        for sep in (">=", "<=", "==", "=", ">", "<"):
            if sep in text:
                name, _, version = text.partition(sep)
                operator, pinned = sep, sep in ("=", "==")
                break
    elif manager in ("dnf", "yum", "microdnf", "tdnf"):
        if text.startswith("@"):
            package = Package(word, text[1:])
            package.kind = "group"
            return package
        match = _RPM_NEVRA.match(text)
        if match:
            name, version, operator, pinned = match.group("name"), match.group("version"), "-", True
    elif manager in ("npm", "yarn", "pnpm"):
        at = text.rfind("@")
        if at > 0:
            name, version, operator = text[:at], text[at + 1 :], "@"
            pinned = bool(_SEMVER.match(version))
    elif manager == "gem":
        if ":" in text:
            name, _, version = text.partition(":")
            operator, pinned = ":", _gem_pinned(version)
    elif manager in ("go", "cargo") and "@" in text:
        name, _, version = text.rpartition("@")
        operator = "@"
        pinned = version not in ("latest", "upgrade", "patch", "") if manager == "go" else _cargo_pinned(version)
    package = Package(word, name, operator, version)
    package.pinned = pinned and bool(version) and package.version_is_literal
    return package


def _kind(text: str, manager: str) -> str:
    if "://" in text or text.startswith(("git+", "git@", "hg+", "svn+", "bzr+")):
        return "url"
    if manager in ("go", "cargo"):
        return "path" if text.startswith((".", "/")) else "name"
    if manager in ("npm", "yarn", "pnpm"):
        if text.startswith(("file:", "link:", ".", "/", "~")) or text.endswith((".tgz", ".tar.gz")):
            return "path"
        return "name"
    if text in (".", "..") or text.startswith(("./", "../", "/", "~")) or text.endswith(_PACKAGE_FILES):
        return "path"
    return "name"


def _pip_package(word: Word) -> Package:
    text = word.text
    kind = _kind(text, "pip")
    direct = _PEP508.match(text)
    if direct and direct.group("rest").startswith("@"):
        kind = "name"  # `name @ https://…`: a named direct reference
    if kind != "name" or ("/" in text and "@" not in text):
        package = Package(word, text)
        package.kind = "url" if kind == "url" else "path"
        file_name = text.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].replace("%2B", "+").replace("%2b", "+")
        egg = re.search(r"[#&]egg=([A-Za-z0-9_.-]+)", text)
        wheel = _WHEEL.match(file_name) or _SDIST.match(file_name)
        if egg:
            package.name = normalize_name(egg.group(1))
        elif wheel:
            package.name = normalize_name(wheel.group("name"))
            package.version = wheel.group("version")
            package.operator = "=="
            package.pinned = word.is_literal
        return package
    match = _PEP508.match(text)
    if not match:
        return Package(word, text)
    name = normalize_name(match.group("name"))
    rest = match.group("rest").strip()
    package = Package(word, name)
    package.extras = match.group("extras") or ""
    if rest.startswith("@"):
        package.kind = "url"
        package.operator = "@"
        package.version = rest[1:].strip()
        return package
    requirement = rest.split(";", 1)[0].strip()
    for op in ("===", "==", "~=", "!=", ">=", "<=", ">", "<"):
        if requirement.startswith(op):
            package.operator = op
            package.version = requirement[len(op) :].strip()
            break
    single = package.version is not None and "," not in package.version
    package.pinned = (
        package.operator in ("==", "===")
        and single
        and "*" not in (package.version or "")
        and package.version_is_literal
    )
    return package


def _conda_package(word: Word) -> Package:
    text = word.text
    if "::" in text:
        text = text.split("::", 1)[1]  # channel::pkg
    if _kind(text, "conda") != "name":
        package = Package(word, text)
        package.kind = _kind(text, "conda")
        return package
    match = re.match(r"^(?P<name>[A-Za-z0-9_.-]+)\s*(?P<op>==|>=|<=|!=|=|>|<|~=)?\s*(?P<version>.*)$", text)
    if not match:
        return Package(word, text)
    name = match.group("name").lower()
    op = match.group("op") or ""
    version = match.group("version") or None
    package = Package(word, name, op, version if op else None)
    if op in ("=", "==") and package.version:
        package.pinned = package.version_is_literal and "*" not in package.version and "," not in package.version
    return package


def _gem_pinned(version: str) -> bool:
    return bool(version) and version[0].isdigit() and "$" not in version


def _cargo_pinned(version: str) -> bool:
    v = version.lstrip("=")
    return bool(re.match(r"^\d+\.\d+\.\d+", v)) and not version.startswith(("^", "~", ">", "<"))


def _quiet_level(args: Args) -> int:
    level = 0
    for value in args.values("-q", "--quiet"):
        level = int(value) if value.isdigit() else level + 1
    return level


def _truthy_env(value: str | None) -> bool:
    """An environment variable set to a true value (``npm_config_production=true``)."""
    return value is not None and value.strip().lower() not in ("", "0", "false", "no", "off")
