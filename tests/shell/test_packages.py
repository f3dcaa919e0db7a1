"""Package-manager models: sub-commands, operands, versions and what the options mean."""

from __future__ import annotations

import pytest

from dockeropt.shell import PackageOp, analyze


def only_op(text: str) -> PackageOp:
    (op,) = analyze(text).packages
    return op


def specs(op: PackageOp) -> list[tuple[str, str, str | None, bool]]:
    return [(p.name, p.operator, p.version, p.pinned) for p in op.packages]


# -- apt -----------------------------------------------------------------------------------------
def test_apt_get_install_with_versions_releases_and_options() -> None:
    op = only_op(
        "apt-get -o Dpkg::Options::=--force-confold install -y --no-install-recommends "
        "curl=7.88.1-10+deb12u5 git/bookworm-backports ./local.deb libc6:amd64"
    )
    assert (op.manager, op.action, op.subcommand) == ("apt", "install", "install")
    assert specs(op) == [
        ("curl", "=", "7.88.1-10+deb12u5", True),
        ("git", "", None, False),
        ("./local.deb", "", None, False),
        ("libc6:amd64", "", None, False),
    ]
    assert [p.kind for p in op.packages] == ["name", "name", "path", "name"]
    assert op.assume_yes and op.no_install_recommends
    assert op.args.values("-o") == ["Dpkg::Options::=--force-confold"]
    assert op.options == {"o", "y", "no-install-recommends"}


@pytest.mark.parametrize(
    ("text", "yes"),
    [
        ("apt-get install curl", False),
        ("apt-get install -q curl", False),
        ("apt-get install -qq curl", True),
        ("apt-get -q=2 install curl", True),
        ("apt-get --yes install curl", True),
        ("apt-get install --assume-yes curl", True),
        ("apt install -yq curl", True),
        ("apt-get -o APT::Get::Assume-Yes=true install curl", True),
    ],
)
def test_apt_assume_yes(text: str, yes: bool) -> None:
    assert only_op(text).assume_yes is yes


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("apt-get update", "update"),
        ("apt-get -y upgrade", "upgrade"),
        ("apt-get dist-upgrade -y", "upgrade"),
        ("apt full-upgrade", "upgrade"),
        ("apt-get purge -y --auto-remove git", "remove"),
        ("apt-get remove curl", "remove"),
        ("apt-get autoremove -y", "remove"),
        ("apt-get clean", "clean"),
        ("aptitude install vim", "install"),
    ],
)
def test_apt_actions(text: str, action: str) -> None:
    assert only_op(text).action == action


def test_apt_recommends_off_through_a_config_option() -> None:
    assert only_op("apt-get install -y -o APT::Install-Recommends=false curl").no_install_recommends
    assert not only_op("apt-get install -y curl").no_install_recommends
    assert [p.name for p in only_op("apt-get install -y -o APT::Install-Recommends=false curl").packages] == ["curl"]


# -- apk -----------------------------------------------------------------------------------------
def test_apk_add_with_virtual_and_versions() -> None:
    s = analyze(
        "apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.4-r2 'py3-pip>=23' curl~8 tini@community "
        "&& apk del .build-deps && apk update && apk upgrade && apk cache clean"
    )
    add, rm, update, upgrade, clean = s.packages
    assert specs(add) == [
        ("gcc", "", None, False),
        ("musl-dev", "=", "1.2.4-r2", True),
        ("py3-pip", ">=", "23", False),
        ("curl", "~", "8", True),
        ("tini", "", None, False),
    ]
    assert add.virtual == ".build-deps" and add.no_cache
    assert (rm.action, [p.name for p in rm.packages]) == ("remove", [".build-deps"])
    assert [update.action, upgrade.action, clean.action] == ["update", "upgrade", "clean"]
    assert only_op("apk add -t .deps gcc").virtual == ".deps"
    assert not only_op("apk add gcc").no_cache


# -- rpm family, zypper --------------------------------------------------------------------------
def test_dnf_yum_microdnf_tdnf() -> None:
    s = analyze(
        "dnf install -y --setopt=install_weak_deps=False nginx-1.24.0 java-17-openjdk "
        "python3.11-3.11.2-1.el9 @development && dnf clean all; yum -y update; "
        "microdnf install curl; tdnf install -y git; dnf group install -y 'Development Tools'; yum makecache"
    )
    got = [(op.manager, op.action) for op in s.packages]
    assert got == [
        ("dnf", "install"),
        ("dnf", "clean"),
        ("yum", "upgrade"),
        ("microdnf", "install"),
        ("tdnf", "install"),
        ("dnf", "install"),
        ("yum", "update"),
    ]
    install = s.packages[0]
    assert specs(install) == [
        ("nginx", "-", "1.24.0", True),
        ("java-17-openjdk", "", None, False),
        ("python3.11", "-", "3.11.2-1.el9", True),
        ("development", "", None, False),
    ]
    assert install.packages[3].kind == "group"
    assert install.assume_yes and install.no_install_recommends
    assert s.packages[1].targets == ["all"] and s.packages[1].packages == []
    assert s.packages[3].assume_yes  # microdnf does not prompt
    assert [p.spec for p in s.packages[5].packages] == ["Development Tools"]


def test_zypper() -> None:
    s = analyze("zypper -n in --no-recommends vim=9.0 'curl>=8' && zypper refresh; zypper dup -y; zypper clean -a")
    install, refresh, dup, clean = s.packages
    assert specs(install) == [("vim", "=", "9.0", True), ("curl", ">=", "8", False)]
    assert install.assume_yes and install.no_install_recommends
    assert [refresh.action, dup.action, clean.action] == ["update", "upgrade", "clean"]
    assert not only_op("zypper install vim").assume_yes


# -- pip and uv ----------------------------------------------------------------------------------
def test_pip_install_reads_requirements_constraints_and_specs() -> None:
    op = only_op(
        "pip install --no-cache-dir -r requirements.txt -c constraints.txt "
        '"torch==${TORCH_VERSION}" numpy==1.26.4 "Django>=4,<5" Flask_Login "uvicorn[standard]==0.30.1" '
        "--index-url https://download.pytorch.org/whl/cu121 --extra-index-url https://pypi.org/simple "
        "'requests ; python_version>\"3\"' pkg===1.0 lib==2.*"
    )
    assert specs(op) == [
        ("torch", "==", "${TORCH_VERSION}", False),
        ("numpy", "==", "1.26.4", True),
        ("django", ">=", "4,<5", False),
        ("flask-login", "", None, False),
        ("uvicorn", "==", "0.30.1", True),
        ("requests", "", None, False),
        ("pkg", "===", "1.0", True),
        ("lib", "==", "2.*", False),
    ]
    torch = op.packages[0]
    assert not torch.is_literal and not torch.version_is_literal and torch.spec == "torch==${TORCH_VERSION}"
    assert op.packages[4].extras == "[standard]"
    assert op.files == ["requirements.txt"] and op.constraints == ["constraints.txt"]
    assert op.index_urls == ["https://download.pytorch.org/whl/cu121", "https://pypi.org/simple"]
    assert op.no_cache and not op.user


def test_pip_spellings_editable_user_and_local_paths() -> None:
    s = analyze(
        "python3 -m pip install --user -e . && /opt/venv/bin/python -m pip install -e./lib && "
        "pip3.11 install ./dist/app-1.0-py3-none-any.whl && python -mpip install x && "
        "uv pip install --system ruff==0.6.0 && pip uninstall -y six && pip install -U pip"
    )
    assert [(op.manager, op.action, op.command.name) for op in s.packages] == [
        ("pip", "install", "python3"),
        ("pip", "install", "python"),
        ("pip", "install", "pip3.11"),
        ("pip", "install", "python"),
        ("uv", "install", "uv"),
        ("pip", "remove", "pip"),
        ("pip", "install", "pip"),
    ]
    editable = s.packages[0].packages[0]
    assert (editable.spec, editable.kind, editable.editable) == (".", "path", True)
    assert s.packages[0].user
    assert (s.packages[1].packages[0].spec, s.packages[1].packages[0].editable) == ("./lib", True)
    wheel = s.packages[2].packages[0]
    assert (wheel.kind, wheel.name, wheel.version, wheel.pinned) == ("path", "app", "1.0", True)
    assert specs(s.packages[4]) == [("ruff", "==", "0.6.0", True)]
    assert s.packages[6].upgrade


def test_pip_url_requirements() -> None:
    op = only_op(
        "pip install https://download.pytorch.org/whl/cu121/torch-2.3.1%2Bcu121-cp311-cp311-linux_x86_64.whl "
        "'git+https://github.com/org/repo.git@v1#egg=Repo_Name' 'pkg @ https://e.x/pkg.tar.gz'"
    )
    assert [(p.kind, p.name, p.version) for p in op.packages] == [
        ("url", "torch", "2.3.1+cu121"),
        ("url", "repo-name", None),
        ("url", "pkg", "https://e.x/pkg.tar.gz"),
    ]


def test_pip_cache_off_through_the_environment() -> None:
    assert only_op("PIP_NO_CACHE_DIR=1 pip install x").no_cache
    assert analyze("export PIP_NO_CACHE_DIR=true; pip install x").packages[0].no_cache
    # pip's _handle_no_cache_dir turns the cache off for any boolean value, "0" and "false" included
    assert only_op("PIP_NO_CACHE_DIR=0 pip install x").no_cache
    assert only_op("PIP_NO_CACHE_DIR=false pip install x").no_cache
    assert not only_op("PIP_NO_CACHE_DIR= pip install x").no_cache  # empty: not a value pip accepts
    assert only_op("pip --no-cache-dir install x").no_cache  # a global option before the sub-command
    assert only_op("uv pip install --no-cache x").no_cache
    assert only_op("uv pip install -n x").no_cache
    assert only_op("uv pip install --no-cache-dir x").no_cache  # uv's alias of --no-cache
    # uv reads UV_NO_CACHE as a boolean (clap's BoolishValueParser): 0/false keep the cache
    assert only_op("UV_NO_CACHE=1 uv pip install x").no_cache
    assert only_op("UV_NO_CACHE=true uv sync").no_cache
    assert not only_op("UV_NO_CACHE=0 uv pip install x").no_cache
    assert not only_op("UV_NO_CACHE=false uv pip install x").no_cache


def test_pip_and_uv_cache_commands_are_cache_purges() -> None:
    s = analyze("pip cache purge && uv cache clean && pip cache remove torch")
    assert [(op.manager, op.action, op.targets) for op in s.packages] == [
        ("pip", "cache-purge", []),
        ("uv", "cache-purge", []),
        ("pip", "cache-purge", ["torch"]),
    ]


def test_uv_sync_and_add() -> None:
    s = analyze("uv sync --frozen --no-dev && uv add httpx==0.27.0")
    assert [(op.manager, op.action, op.subcommand) for op in s.packages] == [
        ("uv", "install", "sync"),
        ("uv", "install", "add"),
    ]
    assert specs(s.packages[1]) == [("httpx", "==", "0.27.0", True)]


# -- conda ---------------------------------------------------------------------------------------
def test_conda_mamba_micromamba() -> None:
    s = analyze(
        "conda install -y -c conda-forge numpy=1.26.4 'scipy>=1.11' conda-forge::pandas==2.2.2 && "
        "conda env create -f environment.yml && mamba create -n app python=3.11 -y && "
        "micromamba install -y -n base -f /tmp/env.yaml && conda clean -afy && conda env create"
    )
    assert [(op.command.name, op.action, op.subcommand) for op in s.packages] == [
        ("conda", "install", "install"),
        ("conda", "install", "env"),
        ("mamba", "install", "create"),
        ("micromamba", "install", "install"),
        ("conda", "clean", "clean"),
        ("conda", "install", "env"),
    ]
    assert all(op.manager == "conda" for op in s.packages)
    assert specs(s.packages[0]) == [
        ("numpy", "=", "1.26.4", True),
        ("scipy", ">=", "1.11", False),
        ("pandas", "==", "2.2.2", True),
    ]
    assert s.packages[0].index_urls == ["conda-forge"] and s.packages[0].assume_yes
    assert s.packages[1].files == ["environment.yml"]
    assert s.packages[3].files == ["/tmp/env.yaml"]
    clean = s.packages[4]
    assert clean.has("a") and clean.has("f") and clean.has("y") and clean.packages == []
    assert s.packages[5].files == ["environment.yml"]  # the default file


# -- JavaScript ----------------------------------------------------------------------------------
def test_npm() -> None:
    s = analyze(
        "npm ci --omit=dev && npm install -g typescript@5.4.5 @angular/cli@^17 express && "
        "npm i --production && npm cache clean --force && npm run build && npm install --omit dev"
    )
    assert [(op.action, op.subcommand) for op in s.packages] == [
        ("install", "ci"),
        ("install", "install"),
        ("install", "i"),
        ("cache-purge", "cache"),
        ("run", "run"),
        ("install", "install"),
    ]
    assert specs(s.packages[1]) == [
        ("typescript", "@", "5.4.5", True),
        ("@angular/cli", "@", "^17", False),
        ("express", "", None, False),
    ]
    assert [op.production for op in s.packages if op.action == "install"] == [True, False, True, True]
    assert s.packages[3].force and s.packages[4].targets == ["build"]
    assert analyze("NODE_ENV=production npm ci").packages[0].production


def test_yarn_and_pnpm() -> None:
    s = analyze(
        "yarn && yarn install --frozen-lockfile --production && yarn add lodash@4.17.21 && yarn cache clean && "
        "yarn global add pm2 && pnpm install --prod --frozen-lockfile && pnpm add -D vitest && pnpm store prune"
    )
    assert [(op.manager, op.action) for op in s.packages] == [
        ("yarn", "install"),
        ("yarn", "install"),
        ("yarn", "install"),
        ("yarn", "cache-purge"),
        ("yarn", "install"),
        ("pnpm", "install"),
        ("pnpm", "install"),
        ("pnpm", "cache-purge"),
    ]
    assert s.packages[0].subcommand == "" and s.packages[1].production
    assert specs(s.packages[2]) == [("lodash", "@", "4.17.21", True)]
    assert [p.name for p in s.packages[4].packages] == ["pm2"]
    assert s.packages[5].production and not s.packages[6].production


def test_clean_filter_includes_cache_purges() -> None:
    s = analyze("apt-get clean && npm cache clean --force && pip install x")
    assert [op.manager for op in s.package_ops(action="clean")] == ["apt", "npm"]
    assert [op.manager for op in s.package_ops(action="cache-purge")] == ["npm"]
    assert [op.manager for op in s.package_ops(manager=("pip", "npm"))] == ["npm", "pip"]


# -- gem, go, cargo, project installers -----------------------------------------------------------
def test_gem_go_cargo() -> None:
    s = analyze(
        "gem install bundler -v 2.5.6 --no-document && gem install rails:7.1.3 && "
        "go install golang.org/x/tools/gopls@v0.15.0 && go install github.com/x/y@latest && "
        "go build -o /app -ldflags '-s -w' ./cmd/app && go mod download && "
        "cargo install ripgrep@14.1.0 --locked && cargo install --version 0.9.0 just && cargo build --release && "
        "go clean -modcache"
    )
    assert [(op.manager, op.action) for op in s.packages] == [
        ("gem", "install"),
        ("gem", "install"),
        ("go", "install"),
        ("go", "install"),
        ("go", "build"),
        ("go", "download"),
        ("cargo", "install"),
        ("cargo", "install"),
        ("cargo", "build"),
        ("go", "cache-purge"),
    ]
    assert specs(s.packages[0]) == [("bundler", "-v", "2.5.6", True)]
    assert specs(s.packages[1]) == [("rails", ":", "7.1.3", True)]
    assert specs(s.packages[2]) == [("golang.org/x/tools/gopls", "@", "v0.15.0", True)]
    assert specs(s.packages[3]) == [("github.com/x/y", "@", "latest", False)]
    assert [(p.spec, p.kind) for p in s.packages[4].packages] == [("./cmd/app", "path")]
    assert s.packages[4].value("-o") == "/app" and s.packages[4].value("-ldflags") == "-s -w"
    assert s.packages[5].subcommand == "mod"
    assert specs(s.packages[6]) == [("ripgrep", "@", "14.1.0", True)]
    assert specs(s.packages[7]) == [("just", "--version", "0.9.0", True)]


def test_project_installers_take_no_packages_on_install() -> None:
    s = analyze("bundle install --jobs 4 && poetry install --no-root --with dev && composer require monolog/monolog")
    assert [(op.manager, op.action, [p.spec for p in op.packages]) for op in s.packages] == [
        ("bundle", "install", []),
        ("poetry", "install", []),
        ("composer", "install", ["monolog/monolog"]),
    ]


def test_not_package_operations() -> None:
    s = analyze("npm --version; pip --version; apt-cache policy curl; go version; cargo --help; pip list")
    assert s.packages == []


def test_package_word_offsets_point_into_the_script() -> None:
    text = 'apt-get install -y "curl=7.88.1-10" git'
    op = only_op(text)
    assert [text[p.word.start : p.word.end] for p in op.packages] == ['"curl=7.88.1-10"', "git"]
    assert op.subcommand_word is not None and text[op.subcommand_word.start : op.subcommand_word.end] == "install"


def test_the_verb_holds_the_second_word_of_two_word_commands() -> None:
    text = "conda env create -f environment.yml && go mod download && npm cache clean --force && uv pip install x"
    ops = analyze(text).packages
    assert [(op.verb, op.subcommand, op.action) for op in ops] == [
        ("env create", "env", "install"),
        ("mod download", "mod", "download"),
        ("cache clean", "cache", "cache-purge"),
        ("pip install", "install", "install"),
    ]
    for op in ops:
        assert " ".join(text[w.start : w.end] for w in op.verb_words) == op.verb


def test_the_subcommand_word_is_the_one_the_manager_reads() -> None:
    """Not the first word that looks like it: `--repository add` makes `add` an option value."""
    text = "apk --repository add add curl"
    op = only_op(text)
    assert op.subcommand_word is not None and op.subcommand_word.start == text.rindex("add add") + 4
    assert only_op("yarn").subcommand_word is None and only_op("yarn").verb == ""


def test_apt_recommends_off_through_an_option_in_any_of_apts_false_spellings() -> None:
    for value in ("false", "0", "no", "off", '"false"'):
        assert only_op(f"apt-get -o APT::Install-Recommends={value} install -y curl").no_install_recommends
    assert only_op("apt-get install -y --option=APT::Install-Recommends=0 curl").no_install_recommends
    assert not only_op("apt-get -o APT::Install-Recommends=true install -y curl").no_install_recommends
    assert not only_op("apt-get -o APT::Install-Suggests=false install -y curl").no_install_recommends
