"""Package managers: what a dependency install reads, where it leaves its cache, how that cache is
cleaned or turned off, and which commands fetch dependencies from the manifests alone.

This is the one table of these facts. The shell model (:mod:`dockeropt.shell.packages`), the
build-context readers (:mod:`dockeropt.context.ecosystems`), the layer analysis, the rules,
``dockeropt split`` and docs/knowledge.md all read it; tests/knowledge/test_packages.py checks that
its paths and file names are written nowhere else.

Paths: ``~`` is the home of the user the command runs as. ``Cache.root`` is where the cache is
when root runs the command (a RUN runs as root unless a USER says otherwise); for most managers
that is ``~`` read as ``/root``, but not for all (yarn 1 as root writes under /usr/local/share).
File names may hold one ``*`` (``requirements*.txt``). Facts that are not obvious carry their
source in ``SOURCES``.
"""

from __future__ import annotations

from dockeropt.lazyre import lazy_compile


class Cache:
    """A folder a manager writes besides what it installs.

    ``path``: where it is for a user with a home (``~/.npm``) or an absolute path; ``root``: where
    it is when root runs the command; ``written_by``: the shell model's actions that fill it
    (``install``, ``update`` …); ``kind``: ``cache`` (downloads kept for next time: safe to
    delete), ``lists`` (package indexes) or ``store`` (what later builds read: Go's module cache,
    Maven's repository; deleting it makes the next step download again). ``cleaned_by``: the
    manager's sub-commands that empty it (None: any clean of the manager, ``()``: none does).
    """

    __slots__ = ("cleaned_by", "kind", "note", "path", "root", "written_by")

    def __init__(
        self,
        path: str,
        root: str | None = None,
        written_by: tuple[str, ...] = ("install",),
        kind: str = "cache",
        cleaned_by: tuple[str, ...] | None = None,
        note: str = "",
    ) -> None:
        self.path = path
        self.root = root if root is not None else ("/root" + path[1:] if path.startswith("~") else path)
        self.written_by = written_by
        self.kind = kind
        self.cleaned_by = cleaned_by
        self.note = note

    def for_home(self, home: str) -> str:
        """The folder for a user whose home is ``home`` (root's: ``root``)."""
        if home.rstrip("/") == "/root":
            return self.root
        return home.rstrip("/") + self.path[1:] if self.path.startswith("~") else self.path

    def __repr__(self) -> str:
        return f"Cache({self.root!r})"


class NoCacheEnv:
    """An environment variable that turns the cache off.

    ``reads``: ``any`` (any value the tool accepts turns it off, even ``0`` or ``false``: pip),
    ``boolish`` (``1``/``true``/``yes``/``on``/``y``/``t`` turn it off, ``0``/``false``/``no``/``off``/
    ``n``/``f`` leave it on: uv).
    """

    __slots__ = ("name", "reads")

    def __init__(self, name: str, reads: str) -> None:
        self.name = name
        self.reads = reads

    def turns_off(self, value: str | None) -> bool:
        """Whether the variable set to ``value`` (None: unset) turns the cache off."""
        if value is None:
            return False
        text = value.strip().lower()
        if self.reads == "any":
            return text in _BOOLISH_TRUE or text in _BOOLISH_FALSE
        return text in _BOOLISH_TRUE

    def __repr__(self) -> str:
        return f"NoCacheEnv({self.name}, {self.reads})"


_BOOLISH_TRUE = frozenset({"1", "true", "yes", "on", "y", "t"})
_BOOLISH_FALSE = frozenset({"0", "false", "no", "off", "n", "f"})


class Step:
    """A command of a manager, matched by its sub-command and options.

    ``words``: the sub-command as written after the program and its leading options (``install``,
    ``mod download``); a ``*`` in a word stands for any text (``dependency:*``). For tools whose
    operands are all goals or tasks (Maven, Gradle: see ``Manager.neutral_goals``), a fetch step
    needs every goal to match it, a build step one goal. ``needs``: options one of which must be
    given (``-r``); ``unless``: options none of which may be given; ``operands``: ``none`` (no
    package operands), ``local`` (a path in the build context: ``.``, ``./pkg``) or ``any``.
    ``fetches``: a project build that also downloads the dependencies it does not find.
    """

    __slots__ = ("fetches", "needs", "operands", "unless", "words")

    def __init__(
        self,
        words: str,
        needs: tuple[str, ...] = (),
        unless: tuple[str, ...] = (),
        operands: str = "any",
        fetches: bool = True,
    ) -> None:
        self.words = tuple(words.split())
        self.needs = needs
        self.unless = unless
        self.operands = operands
        self.fetches = fetches

    def __str__(self) -> str:
        parts = [" ".join(self.words) or "(no sub-command)"]
        if self.needs:
            parts.append("/".join(self.needs))
        if self.operands == "local":
            parts.append(".")
        if self.unless:
            parts.append("without " + "/".join(self.unless))
        return " ".join(parts)


class Manager:
    """One package manager.

    ``name``: the shell model's name for it (``PackageOp.manager``); ``programs``: the commands
    that run it; ``ecosystem``: the family whose manifests it shares (``pip`` for pip, uv, poetry,
    pipenv, pdm; ``npm`` for npm, yarn, pnpm, bun …); ``manifests``/``locks``: the files a
    dependency install reads, the first required; ``settings``: configuration files in the project
    it reads too (``.npmrc``); ``project_files``: what an install of the project folder itself
    reads for its dependencies (``pip install .``: pyproject.toml, setup.cfg, setup.py);
    ``caches``; ``clean``: the commands that empty the caches; ``no_cache_flags``/``no_cache_env``:
    how to keep it from writing them; ``fetch``: commands that fetch dependencies from the
    manifests alone; ``build``: commands that build or install the copied project;
    ``neutral_goals``: for tools whose operands are goals or tasks (Maven, Gradle), the goals that
    neither fetch nor build (``clean``); None for the others.
    """

    __slots__ = (
        "build",
        "caches",
        "clean",
        "ecosystem",
        "fetch",
        "locks",
        "manifests",
        "name",
        "neutral_goals",
        "no_cache_env",
        "no_cache_flags",
        "programs",
        "project_files",
        "settings",
        "sources",
    )

    def __init__(
        self,
        name: str,
        programs: tuple[str, ...],
        ecosystem: str = "",
        manifests: tuple[str, ...] = (),
        locks: tuple[str, ...] = (),
        settings: tuple[str, ...] = (),
        project_files: tuple[str, ...] = (),
        caches: tuple[Cache, ...] = (),
        clean: tuple[str, ...] = (),
        no_cache_flags: tuple[str, ...] = (),
        no_cache_env: tuple[NoCacheEnv, ...] = (),
        fetch: tuple[Step, ...] = (),
        build: tuple[Step, ...] = (),
        neutral_goals: tuple[str, ...] | None = None,
        sources: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.programs = programs
        self.ecosystem = ecosystem
        self.manifests = manifests
        self.locks = locks
        self.settings = settings
        self.project_files = project_files
        self.caches = caches
        self.clean = clean
        self.no_cache_flags = no_cache_flags
        self.no_cache_env = no_cache_env
        self.fetch = fetch
        self.build = build
        self.neutral_goals = neutral_goals
        self.sources = sources

    @property
    def files(self) -> tuple[str, ...]:
        """What an install from the manifests reads, in the order to copy them: the main manifest
        and its lock first (``go.mod``, ``go.sum``), then the others and the settings."""
        head = self.manifests[:1] + self.locks[:1]
        return head + tuple(n for n in self.manifests + self.locks + self.settings if n not in head)

    def disposable_caches(self, action: str | None = None) -> tuple[Cache, ...]:
        """The caches (``kind`` cache or lists, not stores) that ``action`` writes (None: all of them)."""
        return tuple(c for c in self.caches if c.kind != "store" and (action is None or action in c.written_by))

    def __repr__(self) -> str:
        return f"Manager({self.name!r})"


# -- sources for the facts that are not obvious ------------------------------------------------------
SOURCES: dict[str, str] = {
    "pip-no-cache": "pip src/pip/_internal/cli/cmdoptions.py `_handle_no_cache_dir`: PIP_NO_CACHE_DIR set to any "
    "value strtobool accepts (including 0/false/no) disables the cache; other values are an error",
    "pip-cache": "pip docs, topics/caching: the cache is `~/.cache/pip` on Linux ($XDG_CACHE_HOME/pip)",
    "uv-no-cache": "uv crates/uv-cache/src/cli.rs: `--no-cache`/`-n` (alias `--no-cache-dir`), env UV_NO_CACHE "
    "read by clap's BoolishValueParser (true/1/yes/on/y/t; 0/false/no/off/n/f leave the cache on); "
    "cache `$XDG_CACHE_HOME/uv` or `~/.cache/uv`",
    "yarn1-root": "yarn 1 src/util/user-home-dir.js: on Linux, as root, the home is /usr/local/share, so the "
    "cache is /usr/local/share/.cache/yarn (else $XDG_CACHE_HOME/yarn or ~/.cache/yarn); YARN_CACHE_FOLDER",
    "yarn-berry": "yarn 2+ `cacheFolder`: with `enableGlobalCache` (default true since 4.0) ~/.yarn/berry/cache, "
    "else ./.yarn/cache in the project",
    "pnpm-store": "pnpm packages/store-path CHANGELOG 6.0.0: the store moved from ~/.pnpm-store to "
    "<pnpm home>/store, on Linux ~/.local/share/pnpm/store ($XDG_DATA_HOME, PNPM_HOME); a project on "
    "another file system gets <mount point>/.pnpm-store",
    "npm-cache": "npm docs, config `cache`: ~/.npm on POSIX (content in ~/.npm/_cacache); npm_config_cache",
    "poetry": "poetry docs: cache-dir ~/.cache/pypoetry (POETRY_CACHE_DIR); global `--no-cache` since 1.2 "
    "(python-poetry/poetry#5519); `install --no-root` installs the dependencies without the project",
    "conda": "conda pkgs_dirs: <root prefix>/pkgs (/opt/conda/pkgs in the continuumio/miniforge images, "
    "MAMBA_ROOT_PREFIX=/opt/conda in mambaorg/micromamba), ~/.conda/pkgs when the prefix is not writable; "
    "micromamba's default root prefix ~/micromamba",
    "go": "go help environment: GOMODCACHE defaults to $GOPATH/pkg/mod (GOPATH=/go in the golang image, else "
    "~/go); GOCACHE defaults to ~/.cache/go-build; `go clean -modcache`, `go clean -cache`",
    "cargo": "cargo docs, Cargo home: $CARGO_HOME/registry and git (CARGO_HOME=/usr/local/cargo in the rust "
    "image, else ~/.cargo)",
    "composer": "composer src/Composer/Factory.php getCacheDir: COMPOSER_CACHE_DIR, else $COMPOSER_HOME/cache "
    "(COMPOSER_HOME=/tmp in the composer image), ~/.composer/cache, or $XDG_CACHE_HOME/composer; "
    "`--no-cache` option",
    "nuget": "NuGet docs, managing the global packages and cache folders: ~/.nuget/packages (NUGET_PACKAGES), "
    "http-cache ~/.local/share/NuGet/v3-cache (NUGET_HTTP_CACHE_PATH); `dotnet nuget locals all --clear`",
    "maven": "Maven settings reference: localRepository defaults to ~/.m2/repository",
    "gradle": "Gradle docs, directories: GRADLE_USER_HOME defaults to ~/.gradle; caches in ~/.gradle/caches",
    "pip-project": "pip docs, pip install <path>: a local project is built from pyproject.toml (PEP 517/518), "
    "else setup.py/setup.cfg",
    "bundler": "ruby image: GEM_HOME=/usr/local/bundle; RubyGems keeps each downloaded .gem in $GEM_HOME/cache",
    "apt": "Debian/Ubuntu images: /etc/apt/apt.conf.d/docker-clean deletes the .debs after each install, "
    "the lists in /var/lib/apt/lists stay",
    "dnf5": "dnf5 keeps its cache in /var/cache/libdnf5 (dnf 4 and yum: /var/cache/dnf, /var/cache/yum)",
}

# -- the table -----------------------------------------------------------------------------------------
MANAGERS: dict[str, Manager] = {
    m.name: m
    for m in (
        # OS package managers
        Manager(
            "apt",
            ("apt-get", "apt", "aptitude"),
            "deb",
            caches=(
                Cache("/var/lib/apt/lists", written_by=("update",), kind="lists", cleaned_by=("dist-clean",)),
                # the .debs: the Debian/Ubuntu images' docker-clean deletes them after every install
                Cache("/var/cache/apt/archives", written_by=(), cleaned_by=("clean", "autoclean", "dist-clean")),
            ),
            clean=("apt-get clean", "rm -rf /var/lib/apt/lists/*"),
            sources=("apt",),
        ),
        Manager(
            "apk",
            ("apk",),
            "alpine",
            caches=(
                Cache("/var/cache/apk", written_by=("install", "update"), kind="lists", cleaned_by=()),
                Cache(
                    "/etc/apk/cache",
                    written_by=(),
                    cleaned_by=(),
                    note="the package cache: a link into /var/cache/apk if enabled",
                ),
            ),
            clean=("rm -rf /var/cache/apk/*",),
            no_cache_flags=("--no-cache",),
        ),
        Manager(
            "dnf",
            ("dnf", "dnf5", "dnf-3"),
            "rpm",
            caches=(Cache("/var/cache/dnf"), Cache("/var/cache/libdnf5")),
            clean=("dnf clean all",),
            sources=("dnf5",),
        ),
        Manager("yum", ("yum",), "rpm", caches=(Cache("/var/cache/yum"),), clean=("yum clean all",)),
        Manager("microdnf", ("microdnf",), "rpm", caches=(Cache("/var/cache/yum"),), clean=("microdnf clean all",)),
        Manager("tdnf", ("tdnf",), "rpm", caches=(Cache("/var/cache/tdnf"),), clean=("tdnf clean all",)),
        Manager("zypper", ("zypper",), "rpm", caches=(Cache("/var/cache/zypp"),), clean=("zypper clean --all",)),
        # Python
        Manager(
            "pip",
            ("pip", "pip3", "python -m pip"),
            "pip",
            manifests=(
                "requirements*.txt",
                "constraints*.txt",
                "pyproject.toml",
                "setup.py",
                "setup.cfg",
                "requirements*.in",
            ),
            project_files=("pyproject.toml", "setup.cfg", "setup.py"),
            caches=(Cache("~/.cache/pip"),),
            clean=("pip cache purge",),
            # optparse takes any unambiguous prefix of an option: `--no-cache` is `--no-cache-dir`
            no_cache_flags=("--no-cache-dir", "--no-cache"),
            no_cache_env=(NoCacheEnv("PIP_NO_CACHE_DIR", "any"),),
            fetch=(
                Step("install", needs=("-r", "--requirement"), operands="none"),
                Step("download", needs=("-r", "--requirement"), operands="none"),
            ),
            build=(
                Step("install", needs=("--no-deps",), operands="local", fetches=False),
                Step("install", operands="local"),
                Step("wheel", needs=("--no-deps",), operands="local", fetches=False),
                Step("wheel", operands="local"),
            ),
            sources=("pip-no-cache", "pip-cache", "pip-project"),
        ),
        Manager(
            "poetry",
            ("poetry",),
            "pip",
            manifests=("pyproject.toml",),
            locks=("poetry.lock",),
            caches=(Cache("~/.cache/pypoetry"),),
            clean=("poetry cache clear --all .",),
            no_cache_flags=("--no-cache",),
            fetch=(Step("install", needs=("--no-root",)), Step("sync", needs=("--no-root",))),
            build=(Step("install", needs=("--only-root",), fetches=False), Step("install"), Step("sync")),
            sources=("poetry",),
        ),
        Manager(
            "uv",
            ("uv",),
            "pip",
            manifests=("pyproject.toml",),
            locks=("uv.lock",),
            caches=(Cache("~/.cache/uv"),),
            clean=("uv cache clean",),
            no_cache_flags=("--no-cache", "-n", "--no-cache-dir"),
            no_cache_env=(NoCacheEnv("UV_NO_CACHE", "boolish"),),
            fetch=(
                Step("sync", needs=("--no-install-project",)),
                Step("pip install", needs=("-r", "--requirement"), operands="none"),
            ),
            build=(
                Step("sync", needs=("--no-deps", "--offline"), fetches=False),
                Step("sync"),
                Step("pip install", needs=("--no-deps",), operands="local", fetches=False),
                Step("pip install", operands="local"),
            ),
            sources=("uv-no-cache",),
        ),
        Manager(
            "pipenv",
            ("pipenv",),
            "pip",
            manifests=("Pipfile",),
            locks=("Pipfile.lock",),
            caches=(Cache("~/.cache/pipenv"),),
            fetch=(Step("install", operands="none"), Step("sync", operands="none")),
        ),
        Manager(
            "pdm",
            ("pdm",),
            "pip",
            manifests=("pyproject.toml",),
            locks=("pdm.lock",),
            fetch=(Step("install", needs=("--no-self",)), Step("sync", needs=("--no-self",))),
            build=(Step("install"), Step("sync")),
        ),
        Manager(
            "conda",
            ("conda", "mamba", "micromamba"),
            "conda",
            manifests=("environment.yml", "environment.yaml"),
            locks=("conda-lock.yml",),
            caches=(Cache("/opt/conda/pkgs"), Cache("~/.conda/pkgs"), Cache("~/micromamba/pkgs")),
            clean=("conda clean --all --yes",),
            fetch=(
                Step("env create", needs=("-f", "--file")),
                Step("env update", needs=("-f", "--file")),
                Step("install", needs=("-f", "--file"), operands="none"),
                Step("create", needs=("-f", "--file"), operands="none"),
            ),
            sources=("conda",),
        ),
        # JavaScript
        Manager(
            "npm",
            ("npm",),
            "npm",
            manifests=("package.json",),
            locks=("package-lock.json", "npm-shrinkwrap.json"),
            settings=(".npmrc",),
            caches=(Cache("~/.npm"),),
            clean=("npm cache clean --force",),
            fetch=(
                Step("ci", operands="none"),
                Step("clean-install", operands="none"),
                Step("install", operands="none"),
                Step("i", operands="none"),
            ),
            build=(Step("run", fetches=False), Step("run-script", fetches=False), Step("pack", fetches=False)),
            sources=("npm-cache",),
        ),
        Manager(
            "yarn",
            ("yarn",),
            "npm",
            manifests=("package.json",),
            locks=("yarn.lock",),
            settings=(".yarnrc.yml", ".yarnrc", ".npmrc"),
            caches=(
                Cache("~/.cache/yarn", root="/usr/local/share/.cache/yarn", note="yarn 1"),
                Cache("~/.yarn/berry/cache", note="yarn 2+ with its global cache (the default since 4.0)"),
            ),
            clean=("yarn cache clean",),
            fetch=(Step("", operands="none"), Step("install", operands="none")),
            build=(Step("run", fetches=False), Step("build", fetches=False)),
            sources=("yarn1-root", "yarn-berry"),
        ),
        Manager(
            "pnpm",
            ("pnpm",),
            "npm",
            manifests=("package.json",),
            locks=("pnpm-lock.yaml",),
            settings=("pnpm-workspace.yaml", ".npmrc"),
            caches=(
                Cache("~/.local/share/pnpm/store", note="pnpm 7+"),
                Cache("~/.pnpm-store", note="pnpm 6 and older"),
            ),
            clean=("pnpm store prune",),
            # `pnpm fetch` fills the store from the lock file alone; the install after the copy then
            # links from it (`--offline`: only from it; `--prefer-offline`: what is missing is fetched)
            fetch=(
                Step("install", operands="none", unless=("--offline", "--prefer-offline")),
                Step("i", operands="none", unless=("--offline", "--prefer-offline")),
                Step("fetch", operands="none"),
            ),
            build=(
                Step("install", needs=("--offline",), operands="none", fetches=False),
                Step("i", needs=("--offline",), operands="none", fetches=False),
                Step("install", needs=("--prefer-offline",), operands="none"),
                Step("i", needs=("--prefer-offline",), operands="none"),
                Step("run", fetches=False),
                Step("build", fetches=False),
                Step("deploy", fetches=False),
            ),
            sources=("pnpm-store",),
        ),
        Manager(
            "bun",
            ("bun",),
            "npm",
            manifests=("package.json",),
            locks=("bun.lockb", "bun.lock"),
            caches=(Cache("~/.bun/install/cache"),),
            fetch=(Step("install", operands="none"), Step("i", operands="none")),
            build=(Step("run", fetches=False), Step("build", fetches=False)),
        ),
        # Ruby
        Manager("gem", ("gem",), "ruby", caches=(Cache("/usr/local/bundle/cache"),), sources=("bundler",)),
        Manager(
            "bundle",
            ("bundle", "bundler"),
            "ruby",
            manifests=("Gemfile", "*.gemspec"),
            locks=("Gemfile.lock",),
            caches=(Cache("/usr/local/bundle/cache"),),
            fetch=(Step("install", operands="none"),),
            sources=("bundler",),
        ),
        # Go, Rust
        Manager(
            "go",
            ("go",),
            "go",
            manifests=("go.mod", "go.work"),
            locks=("go.sum", "go.work.sum"),
            caches=(
                Cache(
                    "/go/pkg/mod",
                    written_by=("install", "build", "download"),
                    kind="store",
                    note="GOPATH=/go in the golang image, else ~/go/pkg/mod",
                ),
                Cache("~/.cache/go-build", written_by=("install", "build")),
            ),
            clean=("go clean -modcache", "go clean -cache"),
            fetch=(Step("mod download"),),
            build=(Step("build"), Step("install", operands="local"), Step("test"), Step("vet"), Step("generate")),
            sources=("go",),
        ),
        Manager(
            "cargo",
            ("cargo",),
            "rust",
            manifests=("Cargo.toml",),
            locks=("Cargo.lock",),
            caches=(
                Cache(
                    "/usr/local/cargo/registry",
                    written_by=("install", "build", "download"),
                    kind="store",
                    note="CARGO_HOME=/usr/local/cargo in the rust image, else ~/.cargo/registry",
                ),
                Cache("/usr/local/cargo/git", written_by=("install", "build", "download"), kind="store"),
            ),
            # `cargo chef cook` (cargo-chef) builds the dependencies a recipe of the manifests lists
            fetch=(Step("fetch"), Step("chef cook")),
            build=(Step("build"), Step("install", needs=("--path",)), Step("test")),
            sources=("cargo",),
        ),
        # JVM
        Manager(
            "maven",
            ("mvn", "mvnw"),
            "maven",
            manifests=("pom.xml",),
            caches=(Cache("~/.m2/repository", written_by=("download", "build"), kind="store"),),
            fetch=(
                Step("dependency:go-offline"),
                Step("dependency:*"),
                Step("*:go-offline-maven-plugin:resolve-dependencies"),
            ),
            build=(
                Step("package"),
                Step("install"),
                Step("verify"),
                Step("compile"),
                Step("test"),
                Step("spring-boot:repackage"),
            ),
            neutral_goals=("clean", "validate"),
            sources=("maven",),
        ),
        Manager(
            "gradle",
            ("gradle", "gradlew"),
            "gradle",
            manifests=("build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"),
            locks=("gradle.lockfile",),
            settings=("gradle.properties",),
            caches=(Cache("~/.gradle/caches", written_by=("download", "build"), kind="store"),),
            fetch=(Step("dependencies"), Step("androidDependencies")),
            build=(
                Step("build"),
                Step("assemble"),
                Step("bootJar"),
                Step("jar"),
                Step("installDist"),
                Step("shadowJar"),
                Step("test"),
            ),
            neutral_goals=("clean",),
            sources=("gradle",),
        ),
        # PHP, .NET, Elixir
        Manager(
            "composer",
            ("composer",),
            "composer",
            manifests=("composer.json",),
            locks=("composer.lock",),
            caches=(Cache("~/.composer/cache"), Cache("~/.cache/composer"), Cache("/tmp/cache")),
            clean=("composer clear-cache",),
            no_cache_flags=("--no-cache",),
            fetch=(Step("install", operands="none"),),
            build=(Step("dump-autoload", fetches=False), Step("run-script", fetches=False)),
            sources=("composer",),
        ),
        Manager(
            "dotnet",
            ("dotnet",),
            "nuget",
            manifests=(
                "*.csproj",
                "*.fsproj",
                "*.vbproj",
                "*.sln",
                "Directory.Build.props",
                "Directory.Packages.props",
            ),
            locks=("packages.lock.json",),
            settings=("NuGet.Config", "nuget.config", "global.json"),
            caches=(
                Cache("~/.nuget/packages", written_by=("download", "build"), kind="store"),
                Cache("~/.local/share/NuGet/v3-cache", written_by=("download", "build")),
            ),
            clean=("dotnet nuget locals all --clear",),
            fetch=(Step("restore"),),
            build=(
                Step("publish", needs=("--no-restore",), fetches=False),
                Step("build", needs=("--no-restore",), fetches=False),
                Step("publish"),
                Step("build"),
                Step("test"),
                Step("pack"),
            ),
            sources=("nuget",),
        ),
        Manager(
            "mix",
            ("mix",),
            "mix",
            manifests=("mix.exs",),
            locks=("mix.lock",),
            fetch=(Step("deps.get"),),
            build=(Step("compile"), Step("release"), Step("deps.compile", fetches=False)),
        ),
    )
}


def normalize_name(name: str) -> str:
    """A Python package name as pip, uv and conda compare them (PEP 503): lower case, each run of
    ``-``, ``_`` and ``.`` one ``-`` (``Foo_Bar.baz`` -> ``foo-bar-baz``)."""
    return _PEP503.sub("-", name).lower()


_PEP503 = lazy_compile(r"[-_.]+")


def manager_for_program(program: str) -> Manager | None:
    """The manager a program name runs (``mvnw`` -> maven), or None."""
    return _BY_PROGRAM.get(program)


_BY_PROGRAM = {p: m for m in MANAGERS.values() for p in m.programs if " " not in p}


def name_matches(name: str, pattern: str) -> bool:
    """``name`` is ``pattern``, where a ``*`` in the pattern stands for any text."""
    if "*" not in pattern:
        return name == pattern
    head, _, tail = pattern.partition("*")
    return len(name) >= len(head) + len(tail) and name.startswith(head) and name.endswith(tail)


def manifest_role(file_name: str) -> tuple[str, str] | None:
    """(ecosystem, ``manifest`` or ``lock``) for a file name a dependency install reads, or None;
    settings files (``.npmrc``) count as manifests."""
    for ecosystem, (manifests, locks) in _ECOSYSTEMS.items():
        if any(name_matches(file_name, p) for p in manifests):
            return ecosystem, "manifest"
        if any(name_matches(file_name, p) for p in locks):
            return ecosystem, "lock"
    return None


def ecosystems() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Per ecosystem, the manifests (settings included) and locks of all its managers, in table order."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    for m in MANAGERS.values():
        if not (m.manifests or m.locks):
            continue
        manifests, locks = out.setdefault(m.ecosystem, ([], []))
        manifests.extend(n for n in (*m.manifests, *m.settings) if n not in manifests)
        locks.extend(n for n in m.locks if n not in locks)
    return {name: (tuple(ms), tuple(ls)) for name, (ms, ls) in out.items()}


_ECOSYSTEMS = ecosystems()
