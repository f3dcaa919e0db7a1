"""Blocks that many kinds of Dockerfile share: package installs, users, downloads, labels, heredocs.

Each block writes a few to a few dozen lines; those taking ``room`` size themselves to what is left.
"""

from __future__ import annotations

from bench.synth import pools

TYPE_CHECKING = False
if TYPE_CHECKING:
    from bench.synth.writer import DockerfileWriter


def list_size(w: DockerfileWriter, room: int, low: int = 2, high: int = 14) -> int:
    return max(low, min(high, room - 3, w.rng.randint(low, high)))


def apt_install(w: DockerfileWriter, room: int, packages: tuple[str, ...] = pools.APT_PACKAGES) -> None:
    names = w.sample(packages, list_size(w, room))
    flavour = w.rng.random()
    if flavour < 0.45:
        no_rec = "--no-install-recommends " if w.chance(0.8) else ""
        tail = ["rm -rf /var/lib/apt/lists/*"] if w.chance(0.75) else []
        w.run_list(f"apt-get update && apt-get install -y {no_rec}".rstrip(), names, tail)
    elif flavour < 0.65:
        # docker-library layout: set -eux, tab-indented list closed by a lone semicolon.
        ind = w.indent
        body = [
            f"{ind}apt-get update;",
            f"{ind}apt-get install -y --no-install-recommends",
            *(f"{ind}{ind}{n}" for n in names),
            f"{ind};",
            f"{ind}rm -rf /var/lib/apt/lists/*",
        ]
        w.continued("RUN set -eux;", body)
    elif flavour < 0.8:
        w.emit("RUN apt-get update")
        w.emit(f"RUN apt-get install -y {' '.join(names)}")
    elif flavour < 0.9 and w.uses_mounts:
        mounts = ["type=cache,target=/var/cache/apt,sharing=locked", "type=cache,target=/var/lib/apt,sharing=locked"]
        w.run(["apt-get update", f"apt-get install -y --no-install-recommends {' '.join(names)}"], mounts=mounts)
    else:
        w.run(["apt-get update", "apt-get upgrade -y", f"apt-get install -y {' '.join(names)}"], style="oneline")


def apk_add(w: DockerfileWriter, room: int) -> None:
    names = w.sample(pools.APK_PACKAGES, list_size(w, room))
    if w.chance(0.5):
        w.emit(f"RUN apk add --no-cache {' '.join(names)}")
    elif w.chance(0.6):
        w.run_list("apk add --no-cache", names)
    else:
        w.emit("RUN apk update", f"RUN apk add {' '.join(names)}")


def dnf_install(w: DockerfileWriter, room: int, tool: str = "dnf") -> None:
    names = w.sample(pools.DNF_PACKAGES, list_size(w, room, high=10))
    flags = "--setopt=tsflags=nodocs " if w.chance(0.5) else ""
    w.run_list(f"{tool} install -y {flags}".rstrip(), names, [f"{tool} clean all"] if w.chance(0.7) else [])


def pip_install(w: DockerfileWriter, room: int, packages: tuple[str, ...] = pools.PIP_PACKAGES) -> None:
    names = w.sample(packages, list_size(w, room, 1, 10))
    pinned = [f"{n}=={w.version()}" if w.chance(0.4) else n for n in names]
    flavour = w.rng.random()
    if flavour < 0.35:
        w.emit(f"RUN pip install --no-cache-dir {' '.join(pinned)}")
    elif flavour < 0.55:
        w.emit(f"RUN pip install {' '.join(pinned)}")
    elif flavour < 0.75:
        w.run_list("pip install --no-cache-dir", pinned)
    elif flavour < 0.9 and w.uses_mounts:
        w.emit(f"RUN --mount=type=cache,target=/root/.cache/pip pip install {' '.join(pinned)}")
    else:
        w.emit(f"RUN uv pip install --system {' '.join(pinned)}")


def torch_install(w: DockerfileWriter, room: int) -> None:
    index = w.pick(pools.TORCH_INDEXES)
    version = f"2.{w.rng.randint(0, 5)}.{w.rng.randint(0, 1)}"
    parts = [f"torch=={version}" if w.chance(0.6) else "torch", "torchvision", "torchaudio"][: w.rng.randint(1, 3)]
    flavour = w.rng.random()
    if flavour < 0.4:
        w.emit(f"RUN pip install --no-cache-dir {' '.join(parts)} --index-url {index}")
    elif flavour < 0.6:
        w.emit(f"RUN pip3 install {' '.join(parts)} --extra-index-url {index}")
    elif flavour < 0.8 and w.uses_mounts:
        w.emit(f"RUN --mount=type=cache,target=/root/.cache/pip pip install {' '.join(parts)} --index-url {index}")
    else:
        w.emit(f"RUN uv pip install --system {' '.join(parts)} --index-url {index}")


def ml_extras(w: DockerfileWriter, room: int) -> None:
    pip_install(w, room, pools.ML_PIP_PACKAGES)


def tensorflow_install(w: DockerfileWriter, room: int) -> None:
    package = w.pick(("tensorflow", "tensorflow[and-cuda]", "tensorflow-cpu", f"tensorflow=={w.version()}"))
    w.emit(f"RUN python3 -m pip install --no-cache-dir {package} tensorflow-datasets keras")


def model_download(w: DockerfileWriter, room: int) -> None:
    org = w.pick(("bert-base-uncased", "openai/whisper-small", "sentence-transformers/all-MiniLM-L6-v2"))
    w.comment(w.pick(pools.COMMENT_LINES) if w.chance(0.3) else "Pre-download model weights at build time")
    if w.chance(0.5):
        w.emit(f"RUN python -c \"from transformers import AutoModel; AutoModel.from_pretrained('{org}')\"")
    else:
        w.emit(f"RUN huggingface-cli download {org} --local-dir /models/{org.split('/')[-1]}")


def conda_env(w: DockerfileWriter, room: int) -> None:
    packages = w.sample(("numpy", "pandas", "scipy", "pytorch", "cudatoolkit", "mkl", "pip", "jupyterlab"), 4)
    w.run(
        [
            f"conda install -y -c conda-forge python=3.{w.rng.randint(9, 12)} {' '.join(packages)}",
            "conda clean -afy",
        ]
        + (["find /opt/conda -follow -type f -name '*.a' -delete"] if w.chance(0.4) else [])
    )


def create_user(w: DockerfileWriter, room: int, alpine: bool = False) -> None:
    user = w.pick(("app", "appuser", "svc", "runner"))
    uid = w.pick(("1000", "1001", "10001", "999"))
    if alpine:
        w.run([f"addgroup -S -g {uid} {user}", f"adduser -S -D -H -u {uid} -G {user} {user}"])
    elif w.chance(0.5):
        w.run([f"groupadd --gid {uid} {user}", f"useradd --uid {uid} --gid {user} --create-home {user}"])
    else:
        w.emit(f"RUN useradd -m -u {uid} {user}")


def labels(w: DockerfileWriter, room: int) -> None:
    keys = ("title", "description", "source", "licenses", "vendor", "version", "revision", "url")
    chosen = w.sample(keys, max(1, min(room, w.rng.randint(1, 6))))
    w.label([(f"org.opencontainers.image.{k}", f"{w.pick(pools.APP_NAMES)} {k}") for k in chosen])


def env_block(w: DockerfileWriter, room: int) -> None:
    keys = ("LANG", "LC_ALL", "TZ", "PATH", "APP_HOME", "PORT", "LOG_LEVEL", "PIP_NO_CACHE_DIR", "NODE_ENV")
    values = ("C.UTF-8", "C.UTF-8", "Etc/UTC", "/opt/venv/bin:$PATH", "/app", "8080", "info", "1", "production")
    count = max(1, min(room, w.rng.randint(1, 5)))
    indexes = sorted(w.rng.sample(range(len(keys)), count))
    w.env([(keys[i], values[i]) for i in indexes])


def arg_block(w: DockerfileWriter, room: int) -> None:
    names = ("VERSION", "BUILD_DATE", "VCS_REF", "TARGETARCH", "TARGETPLATFORM", "APP_VERSION", "DEBIAN_FRONTEND")
    for name in w.sample(names, max(1, min(room, w.rng.randint(1, 3)))):
        w.arg(name, w.version() if name.endswith("VERSION") else None)


def comment_block(w: DockerfileWriter, room: int) -> None:
    w.blank()
    for _ in range(max(1, min(room - 1, w.rng.choice((1, 1, 2, 2, 3, 4))))):
        w.comment(w.pick(pools.COMMENT_LINES))


def small_run(w: DockerfileWriter, room: int) -> None:
    app = w.pick(pools.APP_NAMES)
    choices = (
        f"mkdir -p /var/lib/{app} /var/log/{app}",
        f"chown -R 1000:1000 /var/lib/{app}",
        f"ln -sf /dev/stdout /var/log/{app}/access.log",
        f"sed -i 's/^#listen.*/listen 0.0.0.0/' /etc/{app}/{app}.conf",
        f"chmod +x /usr/local/bin/{app}-entrypoint.sh",
        "echo 'en_US.UTF-8 UTF-8' > /etc/locale.gen && locale-gen",
        f"cd /opt/{app} && ./bootstrap.sh",
        "update-ca-certificates",
    )
    commands = w.sample(choices, w.rng.randint(1, 3))
    w.run(commands, style=w.pick(("and", "and", "oneline")))


SCRIPT_COMMANDS = (
    "mkdir -p /usr/local/share/{app}",
    "curl -fsSL https://downloads.example.org/{app}/{app}.key | gpg --dearmor -o /usr/share/keyrings/{app}.gpg",
    'echo "deb [signed-by=/usr/share/keyrings/{app}.gpg] https://apt.example.org/{app} stable main"'
    " > /etc/apt/sources.list.d/{app}.list",
    "git clone --depth 1 --branch v{version} https://github.com/example/{app}.git /tmp/{app}",
    "cd /tmp/{app}",
    "make -j$(nproc)",
    "make install PREFIX=/usr/local",
    "cd /",
    "rm -rf /tmp/{app}",
    "find /usr/local -name '*.pyc' -delete",
    'sed -i -e "s/^user .*/user {app};/" /etc/{app}/{app}.conf',
    "ln -s /usr/local/bin/{app} /usr/bin/{app}",
    "chown -R {app}:{app} /var/lib/{app}",
    "chmod 0755 /usr/local/bin/{app}",
    'case "$(uname -m)" in x86_64) ARCH=amd64 ;; aarch64) ARCH=arm64 ;; *) exit 1 ;; esac',
    'curl -fsSLo /usr/local/bin/{app} "https://downloads.example.org/{app}/v{version}/{app}-linux-$ARCH"',
    "{app} --version",
    "echo '{app} ALL=(ALL) NOPASSWD: ALL' >> /etc/sudoers",
    "apt-get clean",
    "rm -rf /var/lib/apt/lists/* /tmp/* /var/tmp/*",
)


def long_run(w: DockerfileWriter, room: int) -> None:
    """One RUN chaining many steps: the bulk of the continuation lines in public files."""
    count = max(2, min(room - 1, w.rng.randint(4, 30)))
    app = w.pick(pools.APP_NAMES)
    fields = {"app": app, "version": w.version()}
    commands = [c.format(**fields) for c in w.rng.choices(SCRIPT_COMMANDS, k=count)]
    if w.chance(0.4):
        w.comment(w.pick(pools.COMMENT_LINES))
    w.run(commands, style=w.pick(("and", "and", "semicolon")))


def download_verify(w: DockerfileWriter, room: int) -> None:
    project = w.pick(pools.PROJECTS)
    version = w.version()
    url = f"https://downloads.example.org/{project}/{project}-{version}.tar.gz"
    if w.chance(0.15):
        w.emit(f"ADD {url} /tmp/{project}.tar.gz")
        return
    commands = [
        f'curl -fsSL -o {project}.tar.gz "{url}"',
        f'echo "{w.hexdigits(64)} *{project}.tar.gz" | sha256sum -c -',
        f"mkdir -p /usr/src/{project}",
        f"tar -xzf {project}.tar.gz -C /usr/src/{project} --strip-components=1",
        f"rm {project}.tar.gz",
    ]
    w.run(commands[: max(2, min(len(commands), room - 1))], style=w.pick(("and", "semicolon")))


def copy_block(w: DockerfileWriter, room: int) -> None:
    app = w.pick(pools.APP_NAMES)
    options = (
        (["docker-entrypoint.sh"], "/usr/local/bin/"),
        ([f"config/{app}.yaml"], f"/etc/{app}/"),
        (["scripts/"], "/opt/scripts/"),
        ([f"{app}.conf"], f"/etc/{app}/{app}.conf"),
        (["."], "."),
    )
    sources, dest = options[w.rng.randrange(len(options))]
    w.copy(sources, dest, chown=w.pick(pools.USERS) if w.chance(0.2) else None)


def heredoc_run(w: DockerfileWriter, room: int) -> None:
    if not w.uses_heredocs:
        small_run(w, room)
        return
    app = w.pick(pools.APP_NAMES)
    size = max(2, min(room - 2, w.rng.randint(3, 14)))
    script = [
        "set -eux",
        "apt-get update",
        f"apt-get install -y --no-install-recommends {' '.join(w.sample(pools.APT_PACKAGES, 3))}",
        f"mkdir -p /opt/{app}",
        f"cd /opt/{app}",
        f"curl -fsSL https://downloads.example.org/{app}/install.sh -o install.sh",
        "sh install.sh --prefix=/usr/local",
        "rm -f install.sh",
        "",
        "# tidy up",
        "apt-get clean",
        "rm -rf /var/lib/apt/lists/*",
        f"useradd --system {app}",
        f"chown -R {app}:{app} /opt/{app}",
    ]
    if w.chance(0.2):
        w.heredoc("RUN", ["import sys", "print(sys.version)", f"open('/etc/{app}.ready', 'w').write('ok')"], "python3 ")
        return
    w.heredoc("RUN", script[:size])


def heredoc_copy(w: DockerfileWriter, room: int) -> None:
    if not w.uses_heredocs:
        copy_block(w, room)
        return
    app = w.pick(pools.APP_NAMES)
    body = [f"[{app}]", f"listen = 0.0.0.0:{w.pick(pools.PORTS)}", "log_level = info", f"data_dir = /var/lib/{app}"]
    w.heredoc("COPY", body[: max(1, min(len(body), room - 2))], after=f"/etc/{app}/{app}.ini")


def mount_run(w: DockerfileWriter, room: int) -> None:
    if not w.uses_mounts:
        small_run(w, room)
        return
    target = w.pick(("/root/.cache/pip", "/root/.npm", "/go/pkg/mod", "/root/.cache/go-build", "/var/cache/apt"))
    mounts = [f"type=cache,target={target}"]
    if w.chance(0.3):
        mounts.append("type=secret,id=netrc,target=/root/.netrc")
    if w.chance(0.2):
        mounts.append("type=bind,source=requirements.txt,target=/tmp/requirements.txt")
    w.run([w.pick(("make build", "pip install -r /tmp/requirements.txt", "npm ci", "go build ./..."))], mounts=mounts)


def healthcheck(w: DockerfileWriter, room: int) -> None:
    port = w.pick(pools.PORTS)
    if w.chance(0.5):
        w.continued(
            "HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3",
            [f"{w.indent}CMD curl -fsS http://localhost:{port}/health || exit 1"],
        )
    else:
        w.emit(f"HEALTHCHECK CMD wget -qO- http://127.0.0.1:{port}/healthz || exit 1")


def misc_instruction(w: DockerfileWriter, room: int) -> None:
    app = w.pick(pools.APP_NAMES)
    options = (
        f"VOLUME /var/lib/{app}",
        f'VOLUME ["/data", "/var/log/{app}"]',
        "STOPSIGNAL SIGQUIT",
        f"WORKDIR /opt/{app}",
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        f"ONBUILD COPY . /opt/{app}/",
        f"EXPOSE {w.pick(pools.PORTS)}",
        "USER root",
        "MAINTAINER ops@example.com",
    )
    w.emit(w.pick(options))


# Blocks any Linux stage can take, with how often each is picked.
GENERIC_FILLERS = (
    (comment_block, 8.0),
    (small_run, 2.0),
    (long_run, 2.0),
    (env_block, 1.5),
    (arg_block, 0.8),
    (labels, 0.6),
    (copy_block, 1.5),
    (download_verify, 1.2),
    (mount_run, 0.6),
    (misc_instruction, 0.6),
    (heredoc_run, 0.35),
    (heredoc_copy, 0.15),
)
