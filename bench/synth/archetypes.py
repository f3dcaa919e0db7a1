"""Kinds of Dockerfile seen in public repositories, each written to reach the writer's target length.

Every archetype writes its core (the lines that make it that kind of file), pads the body with blocks
until the target is near, and ends with the instructions real files end with (USER, EXPOSE, CMD).
"""

from __future__ import annotations

from bench.synth import blocks, pools

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from bench.synth.writer import DockerfileWriter, Filler


def _fill(w: DockerfileWriter, limit: int, extra: Sequence[tuple[Filler, float]] = ()) -> None:
    table = [*blocks.GENERIC_FILLERS, *extra]
    w.fill_until(limit, [f for f, _ in table], [weight for _, weight in table])


LICENSE_HEADER = (
    "Copyright The Example Authors.",
    "",
    'Licensed under the Apache License, Version 2.0 (the "License");',
    "you may not use this file except in compliance with the License.",
    "You may obtain a copy of the License at",
    "",
    "    http://www.apache.org/licenses/LICENSE-2.0",
    "",
    "Unless required by applicable law or agreed to in writing, software",
    'distributed under the License is distributed on an "AS IS" BASIS,',
    "WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.",
    "See the License for the specific language governing permissions and",
    "limitations under the License.",
)


def _header(w: DockerfileWriter) -> None:
    if w.chance(0.12) and w.room() > 40:
        w.emit(*(f"# {line}".rstrip() for line in LICENSE_HEADER))
        w.blank()
    if w.chance(0.1):
        w.emit(f"# syntax=docker/dockerfile:{w.pick(('1', '1.7', '1.4', '1-labs'))}")
        w.blank()
    if w.chance(0.3) and w.room() > 12:
        for _ in range(w.rng.randint(1, 4)):
            w.comment(w.pick(pools.COMMENT_LINES))
        w.blank()


def _image(w: DockerfileWriter, image: str) -> str:
    """Pin some images by digest, leave a few unpinned, as real files do."""
    if w.chance(0.08):
        return f"{image}@sha256:{w.hexdigits(64)}"
    return image


def _share(w: DockerfileWriter, stages: int) -> int:
    """Lines each extra build stage should take so that long targets come out multi-stage."""
    return max(0, (w.room() - 12) // max(1, stages + 1))


def _extra_stages(w: DockerfileWriter, base: str, installer: Filler) -> list[str]:
    """Builder stages before the final one: more of them in longer files."""
    count = 0 if w.target < 60 else min(4, int(w.rng.random() * w.target / 80))
    names = []
    share = _share(w, count)
    for i in range(count):
        name = w.pick(("builder", "deps", "build", "compile", "assets", "tools", "base")) + (str(i) if i else "")
        w.blank()
        w.from_(_image(w, base), name)
        installer(w, share)
        _fill(w, len(w.lines) + share - 4)
        w.run([f"make -C /src/{name} install DESTDIR=/out/{name}"])
        names.append(name)
    return names


def _tail(w: DockerfileWriter, argv: Sequence[str], user: str | None = None, port: str | None = None) -> None:
    w.blank()
    if port:
        w.emit(f"EXPOSE {port}")
    if user:
        w.emit(f"USER {user}")
    if w.chance(0.3):
        w.exec_form("ENTRYPOINT", argv[:1])
        w.exec_form("CMD", argv[1:] or ["--help"])
    elif w.chance(0.85):
        w.exec_form("CMD", argv)
    else:
        w.emit("CMD " + " ".join(argv))


def tiny(w: DockerfileWriter) -> None:
    """The short end: a base image, perhaps a file or two, and a command."""
    w.from_(_image(w, w.pick(pools.PYTHON_BASES + pools.ALPINE_BASES + pools.NODE_BASES + pools.WEB_RUNTIMES)))
    small_blocks = (blocks.copy_block, blocks.env_block, blocks.small_run, blocks.arg_block)
    while w.room() > 1:
        w.rng.choice(small_blocks)(w, w.room())
    if w.room() > 0 or len(w.lines) == 1:
        w.exec_form("CMD", [w.pick(pools.APP_NAMES)])


def python_app(w: DockerfileWriter) -> None:
    _header(w)
    base = w.pick(pools.PYTHON_BASES)
    builder = None
    if w.target > 40 and w.chance(0.4):
        builder = "builder"
        w.from_(_image(w, base), builder)
        w.run(["python -m venv /opt/venv"])
        w.env([("PATH", '"/opt/venv/bin:$PATH"')])
        w.copy(["requirements.txt"], ".")
        blocks.pip_install(w, w.room())
        w.emit("RUN pip install --no-cache-dir -r requirements.txt")
        w.blank()
    w.from_(_image(w, base), "runtime" if builder else None)
    w.env([("PYTHONDONTWRITEBYTECODE", "1"), ("PYTHONUNBUFFERED", "1")])
    w.emit("WORKDIR /app")
    if "alpine" in base:
        blocks.apk_add(w, w.room())
    else:
        blocks.apt_install(w, w.room())
    if builder:
        w.copy(["/opt/venv"], "/opt/venv", from_stage=builder)
    else:
        w.copy(["requirements.txt"], "." if w.chance(0.7) else "/app/requirements.txt")
        w.emit(w.pick(("RUN pip install -r requirements.txt", "RUN pip install --no-cache-dir -r requirements.txt")))
    _fill(w, w.target - 6, [(blocks.pip_install, 1.5)])
    w.copy(["."], ".", chown="app:app" if w.chance(0.3) else None)
    server = w.pick(("gunicorn", "uvicorn", "python"))
    argv = {
        "gunicorn": ["gunicorn", "--bind", "0.0.0.0:8000", "app.wsgi:application"],
        "uvicorn": ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"],
        "python": ["python", "app.py"],
    }[server]
    _tail(w, argv, user="app" if w.chance(0.4) else None, port="8000")


def node_app(w: DockerfileWriter) -> None:
    _header(w)
    base = w.pick(pools.NODE_BASES)
    w.from_(_image(w, base), "deps")
    w.emit("WORKDIR /app")
    manifests = w.pick(("package.json package-lock.json", "package*.json", "package.json yarn.lock"))
    w.copy(manifests.split(), "./")
    install = "yarn install --frozen-lockfile" if "yarn" in manifests else w.pick(("npm ci", "npm install"))
    if w.uses_mounts:
        w.run([install], mounts=["type=cache,target=/root/.npm"])
    else:
        w.emit(f"RUN {install}")
    w.blank()
    w.from_("deps", "build")
    w.copy(["."], ".")
    _fill(w, w.target - 10, [(blocks.apk_add if "alpine" in base else blocks.apt_install, 0.6)])
    w.emit(w.pick(("RUN npm run build", "RUN yarn build", "RUN npm run build && npm prune --production")))
    w.blank()
    if w.chance(0.5):
        w.from_(_image(w, w.pick(pools.WEB_RUNTIMES)))
        w.copy(["/app/dist"], "/usr/share/nginx/html", from_stage="build")
        _tail(w, ["nginx", "-g", "daemon off;"], port="80")
    else:
        w.from_(_image(w, base), "runtime")
        w.env([("NODE_ENV", "production")])
        w.emit("WORKDIR /app")
        w.copy(["/app"], ".", from_stage="build", chown="node:node")
        _tail(w, ["node", "dist/server.js"], user="node", port="3000")


def go_app(w: DockerfileWriter) -> None:
    _header(w)
    w.arg("GO_VERSION", f"1.{w.rng.randint(19, 23)}")
    variant = w.pick(("", "-alpine", "-bookworm"))
    w.from_(f"golang:${{GO_VERSION}}{variant}", "build")
    w.emit("WORKDIR /src")
    w.copy(["go.mod", "go.sum"], "./")
    if w.uses_mounts or w.chance(0.2):
        w.run(["go mod download"], mounts=["type=cache,target=/go/pkg/mod"])
    else:
        w.emit("RUN go mod download")
    w.copy(["."], ".")
    _fill(w, w.target - 9, [(blocks.apk_add if variant == "-alpine" else blocks.apt_install, 0.4)])
    app = w.pick(pools.APP_NAMES)
    flags = '-trimpath -ldflags="-s -w"' if w.chance(0.6) else ""
    w.emit(f"RUN CGO_ENABLED=0 GOOS=linux go build {flags} -o /out/{app} ./cmd/{app}".replace("  ", " "))
    w.blank()
    w.from_(_image(w, w.pick(pools.GO_RUNTIMES)))
    w.copy([f"/out/{app}"], f"/usr/local/bin/{app}", from_stage="build")
    w.emit(f'ENTRYPOINT ["/usr/local/bin/{app}"]')
    if w.chance(0.5):
        w.emit("USER nonroot:nonroot")


def _official_script(w: DockerfileWriter, room: int, alpine: bool) -> None:
    """The long ``set -eux`` build script of official images, as long as ``room`` allows."""
    project = w.pick(pools.PROJECTS)
    ind = w.indent
    build_deps = w.sample(pools.APK_PACKAGES if alpine else pools.APT_PACKAGES, max(2, min(25, room // 4)))
    flags = w.sample(pools.CONFIGURE_FLAGS, max(1, min(len(pools.CONFIGURE_FLAGS), room // 5)))
    body: list[str] = []
    if alpine:
        body += [f"{ind}apk add --no-cache --virtual .build-deps", *(f"{ind}{ind}{d}" for d in build_deps), f"{ind};"]
    else:
        body += [
            f'{ind}savedAptMark="$(apt-mark showmanual)";',
            f"{ind}apt-get update;",
            f"{ind}apt-get install -y --no-install-recommends",
            *(f"{ind}{ind}{d}" for d in build_deps),
            f"{ind};",
            f"{ind}rm -rf /var/lib/apt/lists/*;",
        ]
    body += [
        "",
        f'{ind}wget -O {project}.tar.gz "https://downloads.example.org/{project}/{project}-${{VERSION}}.tar.gz";',
        f'{ind}echo "${{SHA256}} *{project}.tar.gz" | sha256sum -c -;',
        f"{ind}mkdir -p /usr/src/{project};",
        f"{ind}tar -xzf {project}.tar.gz -C /usr/src/{project} --strip-components=1;",
        f"{ind}rm {project}.tar.gz;",
        "",
        f"{ind}cd /usr/src/{project};",
        f'{ind}gnuArch="$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)";',
        f"{ind}./configure",
        f'{ind}{ind}--build="$gnuArch"',
        *(f"{ind}{ind}{flag}" for flag in flags),
        f"{ind};",
        f'{ind}make -j "$(nproc)";',
        f"{ind}make install;",
        f"{ind}cd /;",
        f"{ind}rm -rf /usr/src/{project};",
        "",
    ]
    if alpine:
        body += [f"{ind}apk del --no-network .build-deps;"]
    else:
        body += [
            f"{ind}apt-mark auto '.*' > /dev/null;",
            f'{ind}[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark > /dev/null;',
            f"{ind}apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false;",
        ]
    body += ["", f"{ind}{project} --version"]
    # Empty lines inside a continued RUN are legal (BuildKit drops them); most files have none.
    if w.chance(0.7):
        body = [line for line in body if line]
    lines = ["set -eux;", *body]
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        prefix = "RUN " if i == 0 else ""
        w.emit(prefix + line + ("" if last or not line else f" {w.escape}"))


def official_image(w: DockerfileWriter) -> None:
    alpine = w.chance(0.35)
    base = w.pick(pools.ALPINE_BASES if alpine else pools.DEBIAN_BASES)
    if w.chance(0.5):
        notice = '# NOTE: THIS DOCKERFILE IS GENERATED VIA "update.sh"'
        w.emit("#", notice, "#", "# PLEASE DO NOT EDIT IT DIRECTLY.", "#")
        w.blank()
    w.from_(_image(w, base))
    w.blank()
    blocks.create_user(w, w.room(), alpine=alpine)
    w.blank()
    w.env([("VERSION", w.version())])
    w.env([("SHA256", w.hexdigits(64))])
    w.blank()
    core = max(8, w.room() - 10)
    if core > 60 and w.chance(0.6):
        _fill(w, len(w.lines) + core // 3, [(blocks.apt_install if not alpine else blocks.apk_add, 2.0)])
        core = max(8, w.room() - 10)
    _official_script(w, core, alpine)
    w.blank()
    _fill(w, w.target - 6)
    w.copy(["docker-entrypoint.sh"], "/usr/local/bin/")
    w.exec_form("ENTRYPOINT", ["docker-entrypoint.sh"])
    _tail(w, [w.pick(pools.PROJECTS) + "-server"], port=w.pick(pools.PORTS))


def ml_image(w: DockerfileWriter) -> None:
    _header(w)
    base = w.pick(pools.ML_BASES)
    for name in ("CUDA_VERSION", "PYTHON_VERSION", "TORCH_CUDA_ARCH_LIST", "MAX_JOBS"):
        if w.chance(0.3):
            w.arg(name, {"CUDA_VERSION": "12.4", "PYTHON_VERSION": "3.11"}.get(name, "8.0 8.6 9.0+PTX"))
    builders = _extra_stages(w, base, blocks.apt_install)
    w.blank()
    w.from_(_image(w, base), "runtime" if builders else None)
    w.env([("DEBIAN_FRONTEND", "noninteractive")] if w.chance(0.6) else [("PIP_NO_CACHE_DIR", "1")])
    if "micromamba" in base or "conda" in base:
        blocks.conda_env(w, w.room())
    else:
        blocks.apt_install(w, w.room())
    blocks.torch_install(w, w.room())
    if w.chance(0.3):
        blocks.tensorflow_install(w, w.room())
    blocks.ml_extras(w, w.room())
    if w.chance(0.15):
        w.emit("RUN pip install flash-attn --no-build-isolation")
    for stage in builders:
        w.copy([f"/out/{stage}"], "/", from_stage=stage)
    extra = [(blocks.ml_extras, 1.5), (blocks.model_download, 0.3), (blocks.torch_install, 0.3)]
    _fill(w, w.target - 6, extra)
    w.emit("WORKDIR /workspace")
    w.copy(["."], ".")
    _tail(w, ["python", w.pick(("train.py", "serve.py", "-m", "app.main"))], port=w.pick(("8000", "8888", "7860")))


def java_app(w: DockerfileWriter) -> None:
    _header(w)
    w.from_(_image(w, w.pick(pools.JAVA_BUILDERS)), "build")
    w.emit("WORKDIR /workspace")
    w.copy(["pom.xml"], ".")
    w.run(["mvn -B -q dependency:go-offline"], mounts=["type=cache,target=/root/.m2"] if w.uses_mounts else [])
    w.copy(["src"], "src")
    _fill(w, w.target - 9)
    w.emit("RUN mvn -B package -DskipTests")
    w.blank()
    w.from_(_image(w, w.pick(pools.JAVA_RUNTIMES)))
    w.copy(["/workspace/target/*.jar"], "/app/app.jar", from_stage="build")
    w.env([("JAVA_OPTS", '"-XX:MaxRAMPercentage=75"')])
    _tail(w, ["java", "-jar", "/app/app.jar"], user="1000", port="8080")


def ubi_image(w: DockerfileWriter) -> None:
    _header(w)
    base = w.pick(pools.UBI_BASES)
    w.from_(_image(w, base))
    labels_first = w.chance(0.6)
    if labels_first:
        blocks.labels(w, w.room())
    w.emit("USER 0")
    tool = "microdnf" if "minimal" in base else w.pick(("dnf", "yum"))
    blocks.dnf_install(w, w.room(), tool)
    _fill(w, w.target - 4, [(lambda ww, room: blocks.dnf_install(ww, room, tool), 1.0)])
    _tail(w, ["/usr/libexec/s2i/run"], user="1001", port="8080")


def php_or_ruby_app(w: DockerfileWriter) -> None:
    _header(w)
    if w.chance(0.5):
        w.from_(_image(w, w.pick(pools.PHP_BASES)))
        exts = w.sample(("pdo_mysql", "pdo_pgsql", "intl", "zip", "gd", "opcache", "bcmath", "exif"), 4)
        w.emit(f"RUN docker-php-ext-install {' '.join(exts)}")
        w.copy(["/usr/bin/composer"], "/usr/bin/composer", from_stage="composer:2")
        _fill(w, w.target - 5)
        w.emit("RUN composer install --no-dev --optimize-autoloader")
        _tail(w, ["php-fpm"], port="9000")
    else:
        w.from_(_image(w, w.pick(pools.RUBY_BASES)))
        w.emit("WORKDIR /app")
        w.copy(["Gemfile", "Gemfile.lock"], "./")
        w.emit("RUN bundle config set --local without 'development test' && bundle install --jobs 4")
        _fill(w, w.target - 5)
        w.copy(["."], ".")
        _tail(w, ["bundle", "exec", "puma", "-C", "config/puma.rb"], port="3000")


def heredoc_image(w: DockerfileWriter) -> None:
    """Files written around heredocs (BuildKit 1.4+ syntax): scripts and config files inline."""
    w.uses_heredocs = True
    w.emit(f"# syntax=docker/dockerfile:{w.pick(('1', '1.4', '1.7'))}")
    w.from_(_image(w, w.pick(pools.DEBIAN_BASES + pools.PYTHON_BASES)))
    blocks.heredoc_run(w, w.room())
    extra = [(blocks.heredoc_run, 3.0), (blocks.heredoc_copy, 1.5)]
    _fill(w, w.target - 3, extra)
    _tail(w, [w.pick(pools.APP_NAMES)])


def windows_image(w: DockerfileWriter) -> None:
    """Windows containers: escape directive, PowerShell shell, backtick continuations."""
    w.escape = "`"
    w.emit("# escape=`")
    w.blank()
    w.from_(w.pick(pools.WINDOWS_BASES))
    preferences = "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue';"
    w.exec_form("SHELL", ["powershell", "-Command", preferences])
    while w.room() > 4:
        project = w.pick(pools.PROJECTS)
        version = w.version()
        w.env([(f"{project.upper().replace('-', '_')}_VERSION", version)])
        commands = [
            f"Invoke-WebRequest -OutFile {project}.zip -Uri https://downloads.example.org/{project}/{version}.zip;",
            f"Expand-Archive {project}.zip -DestinationPath C:\\{project};",
            f"Remove-Item {project}.zip -Force;",
            f"$env:PATH = 'C:\\{project}\\bin;' + $env:PATH;",
            "[Environment]::SetEnvironmentVariable('PATH', $env:PATH, [EnvironmentVariableTarget]::Machine);",
        ]
        w.continued("RUN " + commands[0], [f"{w.indent}{c}" for c in commands[1 : max(2, min(5, w.room() - 2))]])
        if w.chance(0.3):
            w.blank()
    w.emit("WORKDIR C:\\app")
    w.copy(["."], ".")
    w.exec_form("CMD", ["powershell", "-File", "C:\\app\\start.ps1"])


# (archetype, weight): roughly the mix of a public corpus (official images, apps, ML, a few Windows).
ARCHETYPES: tuple[tuple[Callable[[DockerfileWriter], None], float], ...] = (
    (python_app, 0.17),
    (node_app, 0.12),
    (go_app, 0.10),
    (official_image, 0.20),
    (ml_image, 0.13),
    (java_app, 0.06),
    (ubi_image, 0.07),
    (php_or_ruby_app, 0.05),
    (heredoc_image, 0.05),
    (windows_image, 0.05),
)
