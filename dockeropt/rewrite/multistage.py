"""Turn a single-stage build into a build stage and a runtime stage without the toolchain (DO604's fix).

The stage up to the build RUN becomes ``build``. The runtime stage starts from a base chosen by
evidence (:func:`runtime_for`), repeats what the program needs at run time and copies only the
artifact the build wrote (:mod:`dockeropt.rewrite.artifacts`):

- **the toolchain was installed in the stage** (``apt-get install gcc``, ``apk add go``): the same
  base image, with those package installs repeated without the compilers, headers and build tools
  (a JDK becomes its JRE); libraries installed next to the compiler stay;
- **the base image is the toolchain** (``golang:1.22``, ``rust:1.80``, ``gcc:14``): the OS it is
  built on, slim (``golang:1.22`` is Debian bookworm: ``debian:bookworm-slim``), with the CA bundle
  the toolchain image had; ``eclipse-temurin:<N>-jre`` for a jar; the .NET runtime image for
  ``dotnet publish``; ``nginx`` for a front end whose output nginx serves;
- **a static binary** (``CGO_ENABLED=0``, ``-static``, a musl Rust target):
  ``gcr.io/distroless/static-debian12`` (CA certificates, ``nonroot`` user, no shell) when the
  image needs no shell: exec-form CMD/ENTRYPOINT (a plain shell form is converted), no RUN to
  repeat, a user distroless has; otherwise the slim OS base as above.

The stage's configuration (ARG, ENV, WORKDIR, USER, LABEL, EXPOSE, CMD …) is repeated in order, so
the image's config comes out the same, except what a new base sets itself (declared). User set-up
RUNs and COPYs of files outside the build folder are repeated; RUNs that only prepare the build
(``go mod download``, ``npm ci``) are not. Anything whose run-time need cannot be known (a RUN that
runs an unknown program, a CMD that runs a program the runtime would not have, a library linked
without its package) refuses the conversion with the reason, which DO604 shows.
"""

from __future__ import annotations

import json
import posixpath
import re

from dockeropt.api.finding import STRUCTURE, Edit, Fix
from dockeropt.knowledge.runtimes import STATIC_SITE_FOLDERS, TOOLCHAIN_PROGRAMS, toolchain_of
from dockeropt.rewrite.artifacts import NEUTRAL_COMMANDS, Build, Refusal, find_build

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.copy_map import CopyMap
    from dockeropt.analysis.facts import Facts
    from dockeropt.graph.model import Stage
    from dockeropt.shell.model import Command
    from dockeropt.shell.packages import PackageOp
    from dockeropt.syntax.nodes import Instruction

__all__ = ["Refusal", "convert"]

CONFIG = frozenset(
    {"ARG", "ENV", "WORKDIR", "USER", "SHELL", "LABEL", "EXPOSE", "STOPSIGNAL", "VOLUME", "HEALTHCHECK"}
    | {"CMD", "ENTRYPOINT"}
)
BUILDER_NAMES = ("build", "builder", "build-stage")
OS_MANAGERS = ("apt", "apk", "dnf", "yum", "microdnf", "tdnf", "zypper")
_USER_COMMANDS = frozenset({"useradd", "groupadd", "adduser", "addgroup", "usermod", "mkdir", "chown", "chmod"})
_FETCH_COMMANDS = {
    "go": {"go", "git"},
    "rust": {"cargo", "rustup"},
    "node": {"npm", "yarn", "pnpm", "npx", "corepack"},
    "java": {"mvn", "mvnw", "./mvnw", "gradle", "gradlew", "./gradlew"},
    "dotnet": {"dotnet"},
    "c": {"git"},
    "wheels": {"pip", "pip3"},
}


def convert(ctx: Facts, stage: Stage, run: Instruction, cmd: Command) -> Fix:
    """Split ``stage`` after the RUN ``run`` whose ``cmd`` builds; raise :class:`Refusal` with the reason."""
    return _Conversion(ctx, stage, run, cmd).fix()


class _Runtime:
    """The runtime stage's base: ``image``, why (``because``), ``kind`` (``same``, ``os``,
    ``distroless``, ``nginx``, ``jre``, ``dotnet``), whether it has a shell and a package manager."""

    __slots__ = ("because", "image", "kind", "manager", "programs", "provides", "shell", "users")

    def __init__(self, image: str, kind: str, because: str, *, shell: bool, manager: str | None) -> None:
        self.image = image
        self.kind = kind
        self.because = because
        self.shell = shell
        self.manager = manager  # the OS package manager a RUN may use there
        self.programs: set[str] = set()  # programs the image has (beyond the artifact)
        self.provides: frozenset[str] = frozenset()  # OS packages the image has already
        self.users: frozenset[str] | None = None  # None: the same users as the original base


class _Conversion:
    def __init__(self, ctx: Facts, stage: Stage, run: Instruction, cmd: Command) -> None:
        from dockeropt.analysis.copy_map import CopyMap

        self.ctx = ctx
        self.graph = ctx.graph
        self.stage = stage
        self.run = run
        self.cmd = cmd
        ignore = None
        if ctx.context_dir is not None:
            from dockeropt.context.dockerignore import load_dockerignore

            ignore = load_dockerignore(ctx.path or None, ctx.context_dir)
        self.copies: CopyMap = CopyMap(ctx, stage, ctx.context_dir, ignore)
        self.position = stage.instructions.index(run)
        self.before = stage.instructions[: self.position]
        self.after = stage.instructions[self.position + 1 :]
        self.changes: list[str] = ["/*"]  # everything but the artifact the build stage wrote is left behind
        self.left_behind: list[str] = []  # folders the sources were copied to (not in the runtime stage)

    # -- the whole conversion -------------------------------------------------------------------------
    def fix(self) -> Fix:
        if len(self.graph.stages) != 1 or self.run.name != "RUN" or self.run.sub is not None:
            raise Refusal("the file already has several stages")
        build = find_build(self.ctx, self.run, self.cmd, self.copies)
        state = self.graph.state(self.run)
        if state.user not in (None, "", "root", "0", "0:0", "root:root"):
            raise Refusal(f"the build runs as {state.user}: COPY --from would give the artifact to root")
        if any(a == "/" for a in build.artifacts):
            raise Refusal("the build writes to /")
        self._check_build_run(build)
        installs = self._installs()
        runtime = self._runtime(build, installs)
        self._check_libraries(build, runtime, installs)
        repeated = self._repeated(build, runtime, installs)
        self._check_after(runtime)
        self._check_user(runtime, repeated)
        self._check_program(build, runtime)
        return self._edits(build, runtime, repeated)

    # -- the build RUN does nothing but build ---------------------------------------------------------
    def _check_build_run(self, build: Build) -> None:
        allowed = build.commands | NEUTRAL_COMMANDS | _FETCH_COMMANDS.get(build.family, set())
        from dockeropt.knowledge.runtimes import is_toolchain_package

        for rs in self.ctx.run_scripts(self.run):
            ops = {id(op.command): op for op in rs.script.packages}
            for c in rs.script.commands:
                op = ops.get(id(c))
                if op is not None and op.manager in OS_MANAGERS:
                    kept = [p.name for p in op.packages if not is_toolchain_package(p.name)]
                    if op.action == "install" and kept:
                        raise Refusal(
                            f"the build RUN also installs {', '.join(kept)}: install them in a RUN of their own"
                        )
                    continue
                if build.family == "python" and _prepares_python(c):
                    continue
                if c.name not in allowed and (c.name.rsplit("/", 1)[-1] not in allowed):
                    raise Refusal(f"the build RUN also runs `{c.name}`: what it writes would be left behind")

    # -- packages installed in the stage --------------------------------------------------------------
    def _installs(self) -> list[tuple[Instruction, list[PackageOp]]]:
        out = []
        for inst in [*self.before, self.run]:
            if inst.name != "RUN":
                continue
            ops = [op for rs in self.ctx.run_scripts(inst) for op in rs.script.packages if op.manager in OS_MANAGERS]
            if ops:
                out.append((inst, ops))
        return out

    def _installed(self, installs: list[tuple[Instruction, list[PackageOp]]]) -> list[str]:
        return [p.name for _, ops in installs for op in ops if op.action == "install" for p in op.packages]

    # -- the runtime base -----------------------------------------------------------------------------
    def _runtime(self, build: Build, installs: list[tuple[Instruction, list[PackageOp]]]) -> _Runtime:
        from dockeropt.analysis.image_ref import try_parse_image_ref
        from dockeropt.knowledge import runtimes

        stage = self.stage
        base = stage.base_resolved
        if stage.base_stage is not None or stage.unresolved or not base:
            raise Refusal("the base image is not known")
        if stage.is_scratch:
            raise Refusal("the stage starts from scratch")
        ref = try_parse_image_ref(base)
        if ref is None:
            raise Refusal(f"{base} is not an image reference")
        repository = ref.path.removeprefix("library/") if ref.domain == "docker.io" else f"{ref.domain}/{ref.path}"
        installed = self._installed(installs)
        own = [n for n in installed if toolchain_of(build.family, n)]
        manager = next((op.manager for _, ops in installs for op in ops), None)
        if build.family == "python" and not own:
            raise Refusal(f"no C compiler is installed in the stage: {base} runs what pip installs as it is")
        if build.family == "wheels" or own:
            same = _Runtime(
                self.stage.from_inst.args[0].value,
                "same",
                (f"the toolchain ({', '.join(own)}) was installed on {base}: the runtime stage starts from {base} "
                 "without it") if own else f"{base} runs the wheels",
                shell=True,
                manager=manager,
            )  # fmt: skip
            if build.static and build.family in ("go", "rust", "c"):
                return self._distroless_or(build, same, build.static_reason)
            return same
        family = runtimes.TOOLCHAIN_IMAGES.get(repository)
        if family is None:
            raise Refusal(
                f"the {build.label} toolchain comes from {base}, an image dockeropt does not know: the OS it is "
                "built on, and so the runtime's base, is not known"
            )
        self.changes.append("config:Env")  # the new base sets its own environment
        if build.family in ("go", "rust", "c"):
            if family not in ("go", "rust", "c"):
                raise Refusal(f"{base} is a {family} image, not the {build.label} toolchain")
            if build.family == "c" and build.cplusplus and not build.static:
                raise Refusal(
                    f"{base} links C++ programs against its own libstdc++ (in /usr/local), newer than the OS's: "
                    "link with -static-libstdc++ or -static"
                )
            os_base = runtimes.os_base(repository, ref.tag)
            if os_base is None:
                raise Refusal(f"the Debian or Alpine release {base} is built on is not known")
            slim = _Runtime(
                os_base.slim_image,
                "os",
                f"{os_base.how}; {os_base.slim_image} is that OS without the toolchain",
                shell=True,
                manager="apt" if os_base.family == "debian" else "apk",
            )
            slim.users = runtimes.DEBIAN_USERS if os_base.family == "debian" else runtimes.ALPINE_USERS
            if build.static:
                return self._distroless_or(build, slim, build.static_reason)
            return slim
        if build.family == "node":
            if family != "node":
                raise Refusal(f"{base} is not a Node.js image")
            nginx = _Runtime(
                runtimes.NGINX_IMAGE,
                "nginx",
                f"the {build.label} output is static files that nginx serves",
                shell=True,
                manager="apk",
            )
            nginx.programs = {"nginx", "sh"}
            nginx.provides = frozenset({"nginx", "nginx-light", "nginx-core", "nginx-full", "nginx-extras"})
            nginx.users = runtimes.NGINX_USERS
            return nginx
        if build.family == "java":
            if family != "java":
                raise Refusal(f"{base} is not a JDK image")
            version = runtimes.java_version_of_image(repository, ref.tag) or build.java_version
            if version is None:
                raise Refusal(
                    f"the Java version is not known: {base} does not name it, nor does the build file "
                    "(maven.compiler.release, java.version, a toolchain's languageVersion)"
                )
            image = runtimes.TEMURIN_JRE.format(version=version)
            if "alpine" in (ref.tag or ""):
                image += "-alpine"
            jre = _Runtime(image, "jre", f"a jar needs a Java {version} runtime, not the JDK", shell=True, manager=None)
            jre.programs = {"java", "sh"}
            jre.users = runtimes.DEBIAN_USERS | {"ubuntu"}
            return jre
        if build.family == "dotnet":
            if family != "dotnet":
                raise Refusal(f"{base} is not the .NET SDK image")
            if build.dotnet_kind is None:
                raise Refusal("the project file (.csproj) is not in the build context: ASP.NET or console is not known")
            image = f"{runtimes.DOTNET_RUNTIMES[build.dotnet_kind]}:{ref.tag or 'latest'}"
            what = "an ASP.NET Core app" if build.dotnet_kind == "web" else "a .NET app"
            dotnet = _Runtime(
                image, "dotnet", f"the project is {what}: the runtime, not the SDK", shell=True, manager=None
            )
            dotnet.programs = {"dotnet", "sh"}
            dotnet.users = runtimes.DEBIAN_USERS | {"app"}
            return dotnet
        raise Refusal(f"no runtime base is known for {build.label}")

    def _distroless_or(self, build: Build, fallback: _Runtime, because: str) -> _Runtime:
        """distroless/static when nothing needs a shell or packages, else ``fallback`` (and why)."""
        from dockeropt.knowledge import runtimes

        need = self._shell_needs(fallback)
        if need is None:
            distroless = _Runtime(
                runtimes.DISTROLESS_STATIC,
                "distroless",
                f"{because}: distroless has CA certificates, time zones and a nonroot user, and no shell",
                shell=False,
                manager=None,
            )
            distroless.users = runtimes.DISTROLESS_USERS
            if fallback.kind == "same":
                self.changes.append("config:Env")
            return distroless
        fallback.because += f"; the binary is static ({because}) but distroless cannot take it: {need}"
        return fallback

    def _shell_needs(self, fallback: _Runtime) -> str | None:
        """Why the runtime stage needs a shell or a package manager, or None."""
        from dockeropt.knowledge.runtimes import DISTROLESS_USERS

        for inst in self.before + self.after:
            if inst.name == "RUN" and self._runtime_text_of_run(inst, None) is not None:
                return f"line {inst.start_line} must run there too"
            healthcheck = inst.name == "HEALTHCHECK" and inst.args and inst.args[0].value.upper() == "CMD"
            if healthcheck and not inst.json and not self._simple_shell_form(inst, skip=1):
                return f"the HEALTHCHECK at line {inst.start_line} is a shell command"
            if inst.name in ("CMD", "ENTRYPOINT") and not inst.json and not self._simple_shell_form(inst):
                return f"the {inst.name} at line {inst.start_line} is a shell command"
        user = self.graph.state(self.after[-1] if self.after else self.run).user
        if user and not user.split(":")[0].isdigit() and user.split(":")[0] not in DISTROLESS_USERS:
            return f"distroless has no user {user.split(':')[0]}"
        return None

    def _simple_shell_form(self, inst: Instruction, skip: int = 0) -> list[str] | None:
        """The words of a shell-form CMD/ENTRYPOINT/HEALTHCHECK that is one plain command, else None."""
        from dockeropt.shell import analyze

        text = inst.rest if skip == 0 else inst.rest.split(None, 1)[1] if len(inst.rest.split(None, 1)) > 1 else ""
        script = analyze(text)
        if len(script.commands) != 1 or script.has_errors or script.pipes:
            return None
        c = script.commands[0]
        if c.redirects or c.assignments or not all(w.literal and "$" not in w.text for w in c.argv):
            return None
        if any(ch in text for ch in ";&|<>`$*?[~"):
            return None
        return [w.text for w in c.argv]

    # -- libraries the program links ------------------------------------------------------------------
    def _check_libraries(
        self, build: Build, runtime: _Runtime, installs: list[tuple[Instruction, list[PackageOp]]]
    ) -> None:
        from dockeropt.knowledge.runtimes import is_header_package, is_toolchain_package
        from dockeropt.rewrite.artifacts import DEBIAN_BASE_LIBRARIES, LIBC_LIBRARIES

        if build.static:
            return
        installed = self._installed(installs)
        kept = [n for n in installed if not is_toolchain_package(n)]
        headers = [n for n in installed if is_header_package(n)]
        if build.family == "python":
            self._check_python_libraries(runtime, headers, kept)
        if build.family == "go" and headers:
            raise Refusal(
                f"cgo may link the libraries of {', '.join(headers)}: which runtime packages the binary needs is "
                "not known (build with CGO_ENABLED=0, or install them in the runtime stage yourself)"
            )
        if build.family == "c":
            base_libs = DEBIAN_BASE_LIBRARIES if runtime.manager == "apt" or runtime.kind == "os" else LIBC_LIBRARIES
            for lib in build.links:
                if lib in base_libs:
                    continue
                if not any(re.match(rf"^lib{re.escape(lib)}(\d|-|$)", k) for k in kept):
                    dropped = f" ({', '.join(headers)} only bring headers)" if headers else ""
                    raise Refusal(
                        f"the program links lib{lib} (-l{lib}) and no package of its runtime library is installed"
                        f"{dropped}: install it in the runtime stage yourself"
                    )
            if build.family == "c" and build.label.startswith("make") and headers and not build.links:
                raise Refusal(
                    f"make may link the libraries of {', '.join(headers)}: which runtime packages the program needs "
                    "is not known"
                )
            if build.cplusplus and runtime.manager not in ("apt", None) and runtime.kind == "same":
                raise Refusal("the C++ program needs libstdc++, which only its compiler brought in here")

    def _check_python_libraries(self, runtime: _Runtime, headers: list[str], kept: list[str]) -> None:
        """Each library whose headers pip compiled against must have its runtime package installed
        (``libpq-dev`` with ``libpq5``), be the C library's, or be one the python image keeps."""
        from dockeropt.knowledge.runtimes import PYTHON_HEADERS, PYTHON_IMAGE_LIBRARIES
        from dockeropt.rewrite.artifacts import DEBIAN_BASE_LIBRARIES

        python_image = runtime.image.split(":")[0].removeprefix("docker.io/").removeprefix("library/") == "python"
        for header in headers:
            if PYTHON_HEADERS.match(header):
                continue
            stem = re.sub(r"\d*(-(openssl|gnutls|nss))?-(dev|devel)$", "", header)
            lib = stem.removeprefix("lib")
            if lib in DEBIAN_BASE_LIBRARIES or (python_image and lib in PYTHON_IMAGE_LIBRARIES):
                continue
            if not any(re.match(rf"^{re.escape(stem)}[\d.-]*(\d|t64|$)", k) for k in kept if k != header):
                raise Refusal(
                    f"pip may build modules that link the library of {header}, and no runtime package of it is "
                    f"installed (e.g. libpq5 next to libpq-dev): install it in the stage, dockeropt keeps it"
                )

    # -- what the runtime stage repeats ---------------------------------------------------------------
    def _repeated(
        self, build: Build, runtime: _Runtime, installs: list[tuple[Instruction, list[PackageOp]]]
    ) -> list[str]:
        text = self.ctx.dockerfile.text
        build_dirs = self._build_dirs()
        out: list[str] = []
        for inst in self.before:
            if inst.name in CONFIG:
                out.append(self._config_text(inst, runtime))
            elif inst.name == "RUN":
                repeated = self._runtime_text_of_run(inst, runtime)
                if repeated:
                    out.append(repeated)
            elif inst.name in ("COPY", "ADD"):
                if build.family == "python" and self._removed_later(inst):
                    continue  # `COPY requirements.txt .` then `pip install … && rm requirements.txt`
                if build.family != "python" and self._is_build_input(inst, build_dirs):
                    for dest, _, _ in self.copies.destinations(inst) or []:
                        folder = next(
                            (d for d in build_dirs if dest == d or dest.startswith(d.rstrip("/") + "/")), dest
                        )
                        if folder not in self.left_behind:
                            self.left_behind.append(folder)
                    continue
                out.append(text[inst.start : inst.end].rstrip("\r\n"))
            elif inst.name == "ONBUILD":
                raise Refusal(f"the ONBUILD at line {inst.start_line} would have to be repeated")
            else:
                raise Refusal(f"{inst.cmd} at line {inst.start_line} is not an instruction dockeropt can place")
        return out

    def _removed_later(self, copy: Instruction) -> bool:
        """Every file ``copy`` puts in the image is removed (``rm``) by a RUN up to the build's."""
        from dockeropt.analysis.copy_map import under

        targets = self.copies.destinations(copy)
        if not targets:
            return False
        removed: list[str] = []
        for inst in [*self.before, self.run]:
            if inst.name != "RUN" or inst.index < copy.index:
                continue
            workdir = self.graph.state(inst).workdir or "/"
            for rs in self.ctx.run_scripts(inst):
                for c in rs.script.commands:
                    if c.name != "rm" or c.cwd is None:
                        continue
                    here = posixpath.normpath(posixpath.join(workdir, c.cwd))
                    words = [w for w in c.argv[1:] if w.literal and not w.text.startswith("-")]
                    removed += [posixpath.normpath(posixpath.join(here, w.text)) for w in words]
        return all(any(under(dest, r) for r in removed) for dest, _, _ in targets)

    def _build_dirs(self) -> list[str]:
        state = self.graph.state(self.run)
        dirs = {state.workdir or "/"}
        for rs in self.ctx.run_scripts(self.run):
            for c in rs.script.commands:
                if c.cwd:
                    dirs.add(posixpath.normpath(posixpath.join(state.workdir or "/", c.cwd)))
        return sorted(dirs)

    def _is_build_input(self, inst: Instruction, build_dirs: list[str]) -> bool:
        from dockeropt.analysis.copy_map import under

        targets = self.copies.destinations(inst)
        if targets is None:
            return True  # a destination that is not known: the build's (what else would be left out)
        return all(any(under(dest, d) for d in build_dirs) for dest, _, _ in targets)

    def _runtime_text_of_run(self, inst: Instruction, runtime: _Runtime | None) -> str | None:
        """The RUN ``inst`` as the runtime stage repeats it, or None when the runtime needs nothing of it.

        Package installs are repeated without the toolchain's packages (a JDK becomes its JRE), user
        and folder set-up as it is; commands that only prepare the build (``go mod download``) are left
        out of an ``&&`` list. With ``runtime`` None, only say whether the runtime needs something."""
        from dockeropt.knowledge.runtimes import is_toolchain_package, jre_of

        scripts = self.ctx.run_scripts(inst)
        if not scripts or inst.heredocs or inst.json:
            raise Refusal(f"the RUN at line {inst.start_line} is not one dockeropt can read")
        rs = scripts[0]
        script = rs.script
        ops = {id(op.command): op for op in script.packages if op.manager in OS_MANAGERS}
        fetch = _FETCH_COMMANDS.get(self._family_hint(), set()) | {"git"}
        kinds: list[str] = []  # per command: package, cleanup, setup, drop
        for c in script.commands:
            if id(c) in ops:
                kinds.append("package")
            elif c.name in ("rm", "update-ca-certificates"):
                kinds.append("cleanup")
            elif c.name in _USER_COMMANDS:
                kinds.append("setup")
            elif c.name in fetch or c.name in NEUTRAL_COMMANDS or c.name in ("true", ":", "set", "export"):
                kinds.append("drop")
            elif self._family_hint() == "python" and _prepares_python(c):
                kinds.append("drop")  # it installs into what the runtime stage copies
            else:
                raise Refusal(
                    f"line {inst.start_line} runs `{c.name}`: whether the program needs what it writes at run time is "
                    "not known"
                )
        removed: list[tuple[int, int, str]] = []  # (start, end, replacement) in the file
        keeps = False
        for op in ops.values():
            if op.action != "install":
                continue
            for pkg in op.packages:
                provided = runtime is not None and pkg.name in runtime.provides
                if not is_toolchain_package(pkg.name) and not provided:
                    keeps = True
                    continue
                jre = jre_of(pkg.name)
                keeps = keeps or jre is not None
                removed.append((rs.file_offset(pkg.word.start), rs.file_offset(pkg.word.end), jre or ""))
        setup = any(k == "setup" for k in kinds) and any(
            c.name in ("mkdir", "useradd", "groupadd", "adduser", "addgroup") for c in script.commands
        )
        if not keeps and not setup:
            return None  # it prepares the build only: toolchain installs, dependency fetches, folders
        if runtime is None:
            return "needed"
        if not runtime.shell:
            raise Refusal(f"line {inst.start_line} must run in the runtime stage, which has no shell")
        if ops and keeps:
            manager = next(iter(ops.values())).manager
            if runtime.manager != manager:
                raise Refusal(
                    f"line {inst.start_line} installs packages the program may need, and {runtime.image} has no "
                    f"{manager}"
                )
        text = self.ctx.dockerfile.text
        if "drop" not in kinds:
            return _delete_words(text, inst, removed)
        # keep the install and set-up commands of an `&&` list, without what only prepared the build
        kept = [c for c, k in zip(script.commands, kinds, strict=True) if k != "drop"]
        last_kept = max(script.commands.index(c) for c in kept)
        simple = script.chains.and_only and not any(
            c.in_subshell or c.in_condition or c.in_substitution or c.in_pipeline or c.in_loop or c.in_function
            for c in script.commands
        )
        dropped_before = [
            c
            for c, k in zip(script.commands, kinds, strict=True)
            if k == "drop" and script.commands.index(c) < last_kept
        ]
        if not simple or any(c.name in ("cd", "export", "set", "mkdir", "umask") for c in dropped_before):
            raise Refusal(
                f"line {inst.start_line} mixes what the runtime needs with build steps: split it into RUNs of their own"
            )
        parts = []
        for c in kept:
            start, end = rs.file_offset(c.start), rs.file_offset(c.end)
            spans = [(a - start, b - start, r) for a, b, r in removed if start <= a < end]
            piece = text[start:end]
            for a, b, r in sorted(spans, reverse=True):
                while not r and a > 0 and piece[a - 1] in " \t":
                    a -= 1
                piece = piece[:a] + r + piece[b:]
            parts.append(" ".join(piece.replace("\\\n", " ").split()))
        return "RUN " + " \\\n    && ".join(parts)

    def _family_hint(self) -> str:
        from dockeropt.rewrite.artifacts import build_kind

        return build_kind(self.cmd) or ""

    def _config_text(self, inst: Instruction, runtime: _Runtime) -> str:
        text = self.ctx.dockerfile.text[inst.start : inst.end].rstrip("\r\n")
        if runtime.shell or inst.json or inst.name not in ("CMD", "ENTRYPOINT"):
            return text
        words = self._simple_shell_form(inst)
        if words is None:
            raise Refusal(
                f"the {inst.name} at line {inst.start_line} is a shell command and {runtime.image} has no shell"
            )
        self.changes.append(f"config:{'Cmd' if inst.name == 'CMD' else 'Entrypoint'}")
        return f"{inst.cmd} {json.dumps(words)}"

    # -- after the build ------------------------------------------------------------------------------
    def _check_after(self, runtime: _Runtime) -> None:
        text = self.ctx.dockerfile.text
        for inst in self.after:
            if inst.name in CONFIG or (inst.name in ("COPY", "ADD") and inst.flag("from") is None):
                continue
            if inst.name == "RUN" and self._runtime_text_of_run(inst, runtime) == text[inst.start : inst.end].rstrip(
                "\r\n"
            ):
                continue  # user set-up or runtime packages, as they are: they stay where they are
            raise Refusal(f"{inst.cmd} at line {inst.start_line} runs after the build: it may need the build's files")

    def _check_user(self, runtime: _Runtime, repeated: list[str]) -> None:
        """The USER the image runs as must exist in the runtime stage."""
        if runtime.users is None:
            return
        last = self.after[-1] if self.after else self.run
        user = (self.graph.state(last).user or "").split(":")[0]
        if not user or user.isdigit() or user in runtime.users:
            return
        made = [line for line in repeated if re.search(rf"\b(useradd|adduser)\b[^&;|]*\b{re.escape(user)}\b", line)]
        made += [
            self.ctx.dockerfile.text[i.start : i.end]
            for i in self.after
            if i.name == "RUN" and re.search(rf"\b(useradd|adduser)\b[^&;|]*\b{re.escape(user)}\b", i.original)
        ]
        if not made:
            raise Refusal(f"the image runs as {user}, a user {runtime.image} does not have")

    # -- the program the image runs -------------------------------------------------------------------
    def _check_program(self, build: Build, runtime: _Runtime) -> None:
        insts = self.stage.instructions
        entrypoint = next((i for i in reversed(insts) if i.name == "ENTRYPOINT"), None)
        cmd = next((i for i in reversed(insts) if i.name == "CMD"), None)
        chosen = entrypoint or cmd
        if chosen is None:
            if runtime.kind == "same":
                return
            if runtime.kind == "nginx" and all(a in STATIC_SITE_FOLDERS for a in build.artifacts):
                return  # the output copied to a folder web servers serve: the nginx image's own CMD serves it
            raise Refusal(f"no CMD or ENTRYPOINT: which program runs in {runtime.image} is not known")
        words = [a.value for a in chosen.args] if chosen.json else self._shell_words(chosen)
        if not words:
            raise Refusal(f"the {chosen.name} at line {chosen.start_line} runs nothing dockeropt can read")
        state = self.graph.state(chosen)
        program = words[0]
        if program in ("sh", "bash", "/bin/sh", "/bin/bash") and len(words) >= 3 and words[1] == "-c":
            from dockeropt.shell import analyze

            commands = analyze(words[2]).commands
            if not commands:
                raise Refusal(f"the {chosen.name} at line {chosen.start_line} runs an empty script")
            program = commands[0].argv[0].text
            if not runtime.shell:
                raise Refusal(f"the {chosen.name} runs a shell and {runtime.image} has none")
        self._check_runs(program, words, build, runtime, state.workdir or "/", state.env.get("PATH"), chosen)
        healthcheck = next((i for i in reversed(insts) if i.name == "HEALTHCHECK"), None)
        if healthcheck is not None and healthcheck.args and healthcheck.args[0].value.upper() == "CMD":
            if healthcheck.json:
                check = [a.value for a in healthcheck.args[1:]]
            else:
                check = (healthcheck.rest.split(None, 1)[1:] or [""])[0].split()
            if check:
                state = self.graph.state(healthcheck)
                self._check_runs(
                    check[0], check, build, runtime, state.workdir or "/", state.env.get("PATH"), healthcheck
                )

    def _shell_words(self, inst: Instruction) -> list[str]:
        from dockeropt.shell import analyze

        script = analyze(inst.rest)
        if not script.commands:
            return []
        first = script.commands[0]
        if first.name == "exec" and len(first.argv) > 1:
            return [w.text for w in first.argv[1:]]
        return [w.text for w in first.argv]

    def _check_runs(
        self,
        program: str,
        words: list[str],
        build: Build,
        runtime: _Runtime,
        workdir: str,
        path_env: str | None,
        where: Instruction,
    ) -> None:
        from dockeropt.analysis.copy_map import under

        def is_artifact(path: str) -> bool:
            return any(under(path, a) for a in build.artifacts)

        if "/" in program:
            full = posixpath.normpath(posixpath.join(workdir, program))
            if is_artifact(full):
                return
            if runtime.kind == "same" and not any(under(full, d) for d in self._build_dirs()):
                return
            raise Refusal(f"the {where.name} runs {program}, which the runtime stage would not have")
        dirs = (path_env or "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(":")
        if any(posixpath.join(d, program) in build.artifacts for d in dirs):
            return
        if program in runtime.programs:
            if program == "java":
                jar = next((words[i + 1] for i, w in enumerate(words[:-1]) if w == "-jar"), None)
                if jar is None or not is_artifact(posixpath.normpath(posixpath.join(workdir, jar))):
                    raise Refusal(
                        f"java in the {where.name} does not run the jar the build makes ({build.artifacts[0]})"
                    )
            return
        if runtime.kind == "same" and program not in TOOLCHAIN_PROGRAMS:
            return
        if build.family == "node" and program in TOOLCHAIN_PROGRAMS:
            raise Refusal(
                f"the {where.name} serves the site with {program} (Node.js), not nginx: the output folder would need "
                "Node.js at run time"
            )
        if program in TOOLCHAIN_PROGRAMS:
            raise Refusal(f"the {where.name} runs {program}, the toolchain the runtime stage leaves out")
        raise Refusal(f"the {where.name} runs {program}, which {runtime.image} does not have")

    # -- the edits ------------------------------------------------------------------------------------
    def _edits(self, build: Build, runtime: _Runtime, repeated: list[str]) -> Fix:
        from dockeropt.knowledge.runtimes import CA_BUNDLE, NGINX_ROOT

        tree = self.ctx.dockerfile
        text = tree.text
        stage = self.stage
        from_inst = stage.from_inst
        builder = next((n for n in BUILDER_NAMES if n != stage.name), "build-stage")
        name = from_inst.args[2].value if stage.name else ""
        if runtime.kind == "same":
            flags = "".join(f"{f.raw} " for f in from_inst.flags)
            runtime_from = f"FROM {flags}{runtime.image}"
        else:
            platform = from_inst.flag("platform")
            runtime_from = f"FROM {platform.raw + ' ' if platform else ''}{runtime.image}"
        runtime_from += f" AS {name}" if name else ""
        lines = [runtime_from, *repeated]
        if runtime.kind == "os":
            lines.append(f"COPY --from={builder} {CA_BUNDLE} {CA_BUNDLE}")
        copies = []
        for artifact in build.artifacts:
            dest = artifact
            if runtime.kind == "nginx":
                dest = self._nginx_root(artifact) or NGINX_ROOT
                if dest != artifact:
                    runtime.because += f"; {artifact} is served from {dest}, the nginx image's root"
            copies.append(f"COPY --from={builder} {artifact} {dest}")
        lines.extend(copies)
        newline = "\r\n" if text[: self.run.end].endswith("\r\n") else "\n"
        lead = "" if text[: self.run.end].endswith("\n") else newline
        lines = [line.replace("\r\n", "\n").replace("\n", newline) for line in lines]
        edits = [Edit(self.run.end, self.run.end, lead + newline + newline.join(lines) + newline)]
        if stage.name:
            name_arg = from_inst.args[2]
            edits.append(Edit(name_arg.span.start, name_arg.span.end, builder))
        else:
            end = from_inst.args[-1].span.end
            edits.append(Edit(end, end, f" AS {builder}"))
        for inst in self.after:
            if inst.name in ("CMD", "ENTRYPOINT") and not runtime.shell and not inst.json:
                end = inst.start + len(text[inst.start : inst.end].rstrip("\r\n"))
                edits.append(Edit(inst.start, end, self._config_text(inst, runtime)))
        if runtime.kind != "same":
            inherited = {"Cmd": "CMD", "Entrypoint": "ENTRYPOINT", "User": "USER", "WorkingDir": "WORKDIR"}
            inherited |= {"StopSignal": "STOPSIGNAL", "Healthcheck": "HEALTHCHECK", "Labels": "LABEL"}
            inherited |= {"ExposedPorts": "EXPOSE", "Volumes": "VOLUME", "Shell": "SHELL"}
            for key, instruction in inherited.items():
                if not any(i.name == instruction for i in stage.instructions):
                    self.changes.append(f"config:{key}")
        shown = ", ".join(build.artifacts)
        behind = ""
        if self.left_behind:
            behind = (
                f" (what was copied into {', '.join(self.left_behind)} stays in the build stage: copy what the "
                "program reads at run time too)"
            )
        return Fix(
            edits,
            f"build in a `{builder}` stage and copy only {shown} into a runtime stage from {runtime.image}: "
            f"{runtime.because}{behind}",
            safe=False,
            kind=STRUCTURE,
            changes=tuple(dict.fromkeys(self.changes)),
            reads=(from_inst.start, self.run.end),  # the configuration the runtime stage repeats
        )

    def _nginx_root(self, artifact: str) -> str | None:
        """The folder the runtime's nginx serves: the ``root`` of a config the stage copies, the
        artifact's own folder when it is one of nginx's, else None (the image's default)."""
        from dockeropt.knowledge.runtimes import NGINX_ROOT

        if artifact == NGINX_ROOT:
            return artifact
        for inst in self.stage.instructions:
            if inst.name != "COPY" or inst.flag("from") is not None:
                continue
            for dest, rel, is_dir in self.copies.destinations(inst) or []:
                if rel is None or is_dir or not dest.startswith("/etc/nginx/"):
                    continue
                from dockeropt.analysis.copy_map import read_context_text

                conf = read_context_text(f"{self.copies.context_dir}/{rel}") if self.copies.context_dir else None
                found = re.search(r"^\s*root\s+([^;\s]+)\s*;", conf or "", re.MULTILINE)
                if found:
                    return found.group(1)
        return None


def _prepares_python(cmd: Command) -> bool:
    """``pip install …`` or making a virtual environment: what they write is what pip's build copies."""
    from dockeropt.rewrite.artifacts import pip_install_words

    words = cmd.words()
    if cmd.name.startswith("pip") and words[:1] == ["cache"]:
        return True  # `pip cache purge`: pip's own cache, left in the build stage anyway
    return pip_install_words(cmd) is not None or cmd.name == "virtualenv" or words[:2] == ["-m", "venv"]


def _delete_words(text: str, inst: Instruction, removed: list[tuple[int, int, str]]) -> str:
    """The RUN's text with each (start, end) span replaced; a word removed takes the blanks before it,
    and a continuation line left empty goes too."""
    out = text[inst.start : inst.end]
    base = inst.start
    for start, end, replacement in sorted(removed, reverse=True):
        s, e = start - base, end - base
        if not replacement:
            while s > 0 and out[s - 1] in " \t":
                s -= 1
        out = out[:s] + replacement + out[e:]
    kept = [line for line in out.split("\n") if line.strip() != "\\"]
    return "\n".join(kept).rstrip("\r\n")
