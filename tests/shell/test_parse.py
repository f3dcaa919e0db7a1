"""Commands, how they are chained, and the shell state they leave (tree-sitter-bash walk)."""

from __future__ import annotations

import pytest

from dockeropt.shell import Script, analyze


def summary(script: Script) -> list[tuple[str, str, list[str]]]:
    return [(c.operator, c.name, c.words()) for c in script.commands]


def by_name(script: Script) -> dict[str, object]:
    return {c.name: c for c in script.commands}


# -- commands and operators ----------------------------------------------------------------------
def test_joined_run_line_with_runs_of_spaces() -> None:
    text = "apt-get update &&     apt-get install -y curl     && rm -rf /var/lib/apt/lists/*"
    s = analyze(text)
    assert summary(s) == [
        ("", "apt-get", ["update"]),
        ("&&", "apt-get", ["install", "-y", "curl"]),
        ("&&", "rm", ["-rf", "/var/lib/apt/lists/*"]),
    ]
    assert [text[c.start : c.end] for c in s.commands] == [
        "apt-get update",
        "apt-get install -y curl",
        "rm -rf /var/lib/apt/lists/*",
    ]
    assert s.chains.operators == ["&&", "&&"] and s.chains.and_only
    assert not s.has_errors and s.supported


def test_every_operator_is_recorded() -> None:
    s = analyze("a && b || c; d | e |& f & g\nh")
    assert [(c.operator, c.name) for c in s.commands] == [
        ("", "a"),
        ("&&", "b"),
        ("||", "c"),
        (";", "d"),
        ("|", "e"),
        ("|&", "f"),
        ("&", "g"),
        ("\n", "h"),
    ]
    assert s.chains.operators == ["&&", "||", ";", "&", "\n"]
    assert s.chains.uses_semicolon and s.chains.uses_or and s.chains.uses_background
    assert not s.chains.and_only


def test_words_keep_raw_text_and_offsets() -> None:
    text = """pip install "torch==${TORCH_VERSION}" 'a b' c\\ d"""
    cmd = analyze(text).commands[0]
    assert [(w.text, w.raw, w.is_literal) for w in cmd.args] == [
        ("install", "install", True),
        ("torch==${TORCH_VERSION}", '"torch==${TORCH_VERSION}"', False),
        ("a b", "'a b'", True),
        ("c d", "c\\ d", True),
    ]
    assert all(text[w.start : w.end] == w.raw for w in cmd.argv)


def test_path_of_the_program_is_stripped_from_the_name() -> None:
    s = analyze("/usr/local/bin/pip3 install x && ./configure && $CC -v")
    assert [c.name for c in s.commands] == ["pip3", "configure", "$CC"]
    assert s.commands[0].argv[0].text == "/usr/local/bin/pip3"
    assert not s.commands[2].argv[0].is_literal


def test_flags_operands_and_option_values() -> None:
    cmd = analyze("curl -fsSLo /tmp/x.tgz --retry 3 --proto=https https://e.x/x.tgz -- -odd").commands[0]
    assert cmd.flags() == ["-f", "-s", "-S", "-L", "-o", "--retry", "--proto"]
    assert cmd.has_flag("L") and cmd.has_flag("--proto") and cmd.has_flag("retry")
    assert not cmd.has_flag("O") and not cmd.has_flag("-odd")
    assert cmd.option_value("-o", "--output") == "/tmp/x.tgz"
    assert cmd.option_value("--retry") == "3"
    assert cmd.option_value("--proto") == "https"
    operands = cmd.operands(value_options=("-o", "--retry"))
    assert [w.text for w in operands] == ["https://e.x/x.tgz", "-odd"]
    # without knowing -o and --retry take values, their values look like operands
    assert [w.text for w in cmd.operands()] == ["/tmp/x.tgz", "3", "https://e.x/x.tgz", "-odd"]


def test_redirect_words_are_not_arguments_but_trailing_words_are() -> None:
    s = analyze("apt-get install -y curl > /dev/null 2>&1 && tool 2>/dev/null arg")
    apt, tool = s.commands
    assert apt.words() == ["install", "-y", "curl"]
    assert [(r.fd, r.op, r.target.text if r.target else None) for r in apt.redirects] == [
        ("", ">", "/dev/null"),
        ("2", ">&", "1"),
    ]
    assert tool.words() == ["arg"]  # tree-sitter reads `arg` as a second redirect target


# -- wrappers ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "words", "wrappers"),
    [
        ("sudo -u app -E apt-get install -y x", "apt-get", ["install", "-y", "x"], ["sudo"]),
        ("env -u HOME PATH=/x:$PATH pip install y", "pip", ["install", "y"], ["env"]),
        ("nice -n 19 make -j2", "make", ["-j2"], ["nice"]),
        ("nice -10 make", "make", [], ["nice"]),
        ("time make all", "make", ["all"], ["time"]),
        ("timeout -s KILL 300 ./build.sh --fast", "build.sh", ["--fast"], ["timeout"]),
        ("xargs -r -n1 rm -f", "rm", ["-f"], ["xargs"]),
        ("exec gosu app node server.js", "node", ["server.js"], ["exec", "gosu"]),
        ("busybox wget -q http://e.x/f", "wget", ["-q", "http://e.x/f"], ["busybox"]),
        ("command -v apt-get", "command", ["-v", "apt-get"], []),
        ("sudo", "sudo", [], []),
    ],
)
def test_wrappers_are_unwrapped(text: str, name: str, words: list[str], wrappers: list[str]) -> None:
    cmd = analyze(text).commands[0]
    assert (cmd.name, cmd.words(), cmd.wrappers) == (name, words, wrappers)


def test_env_wrapper_assignments_and_inline_assignments() -> None:
    text = "DEBIAN_FRONTEND=noninteractive env PIP_NO_CACHE_DIR=1 pip install x"
    cmd = analyze(text).commands[0]
    assert cmd.assignments == {"DEBIAN_FRONTEND": "noninteractive", "PIP_NO_CACHE_DIR": "1"}
    word = cmd.assignment_words["PIP_NO_CACHE_DIR"]
    assert text[word.start : word.end] == "1"
    assert cmd.env("DEBIAN_FRONTEND") == "noninteractive" and cmd.env("HOME") is None


# -- masking, conditions, subshells ---------------------------------------------------------------
def test_failures_masked_by_lists_pipes_and_semicolons() -> None:
    s = analyze("a && b || c; d | e; f && g")
    masked = {c.name: c.masked for c in s.commands}
    assert masked == {"a": True, "b": True, "c": True, "d": True, "e": True, "f": False, "g": False}
    assert s.commands[2].in_condition  # c runs only when a or b failed
    assert not s.commands[1].in_condition


def test_set_e_makes_statements_fatal_but_not_inside_lists() -> None:
    s = analyze("set -e; a; b && c; d || true; e")
    masked = {c.name: c.masked for c in s.commands}
    assert masked == {"set": True, "a": False, "b": True, "c": False, "d": True, "true": False, "e": False}
    assert s.set_options == {"errexit"} and s.errexit


def test_pipefail_from_set_or_from_the_shell_argv() -> None:
    assert analyze("curl -s x | tar -x; true").commands[0].masked
    set_in_script = analyze("set -eo pipefail; curl -s x | tar -x; true")
    assert not set_in_script.commands[1].masked
    assert set_in_script.set_options == {"errexit", "pipefail"}
    from_shell = analyze("curl -s x | tar -x; true", ["/bin/bash", "-eo", "pipefail", "-c"])
    assert not from_shell.commands[0].masked
    assert from_shell.set_options == frozenset()  # the script set nothing itself
    assert from_shell.options_at_end == {"errexit", "pipefail"} and from_shell.pipefail


def test_set_plus_turns_options_off_and_set_dash_dash_stops() -> None:
    s = analyze("set -euxo pipefail; set +x; set -- -e extra")
    assert s.set_options == {"errexit", "nounset", "pipefail"}
    assert s.commands[1].shell_options == {"errexit", "nounset", "xtrace", "pipefail"}


def test_if_while_for_case_and_negation() -> None:
    s = analyze(
        "if [ -f /x ] && grep -q y /x; then rm /x; elif test -d /y; then rmdir /y; else touch /z; fi; "
        "while read -r p; do apt-get install -y $p; done < pkgs; "
        "for f in *.whl; do pip install $f; done; "
        "case $ARCH in amd64) echo a;; *) echo b;; esac; ! false"
    )
    rows = [(c.name, c.in_condition, c.in_loop, c.masked) for c in s.commands]
    assert rows == [
        ("grep", True, False, True),
        ("rm", True, False, True),
        ("test", True, False, True),
        ("rmdir", True, False, True),
        ("touch", True, False, True),
        ("read", True, True, True),
        ("apt-get", True, True, True),
        ("pip", False, True, True),
        ("echo", True, False, True),
        ("echo", True, False, True),
        ("false", False, False, True),
    ]
    assert s.commands[-1].negated and s.chains.ends_masked


def test_the_last_statement_decides_the_status() -> None:
    s = analyze("if [ -f /x ]; then rm /x; fi\nmake")
    assert not s.commands[-1].masked and s.commands[0].masked
    body = analyze("if [ -f /x ]; then rm /x; fi")
    assert not body.commands[0].masked  # the branch's last command is the script's status


def test_subshells_substitutions_and_background() -> None:
    s = analyze("(cd /tmp && make) || true; v=$(uname -m) cmd `date` <(ls); sleep 1 &")
    cd, make, true, uname, date, ls, cmd, sleep = s.commands
    assert cd.in_subshell and make.in_subshell and not true.in_subshell
    assert (uname.in_substitution, date.in_substitution, ls.in_substitution) == (True, True, True)
    assert uname.masked and date.masked and not cmd.in_substitution
    assert sleep.background and sleep.masked and s.chains.ends_masked
    assert [c.name for c in s.commands] == ["cd", "make", "true", "uname", "date", "ls", "cmd", "sleep"]


def test_a_bare_assignment_has_the_status_of_its_substitution() -> None:
    s = analyze("set -e; ARCH=$(dpkg --print-architecture); echo $ARCH")
    dpkg = s.commands[1]
    assert dpkg.name == "dpkg" and dpkg.in_substitution and not dpkg.masked
    assert s.variables[0].kind == "assign" and s.variables[0].command is s.commands[2]


def test_ends_masked_and_exits() -> None:
    assert analyze("make test || true").chains.ends_masked
    assert not analyze("make test || true; make").chains.ends_masked
    assert analyze("[ -f /done ] && exit 0; make").chains.exits
    assert not analyze("make || exit 1").chains.exits  # exit 1 fails the build anyway
    assert not analyze("f() { return 0; }; f").chains.exits
    assert not analyze("(exit 0); make").chains.exits


def test_functions_are_marked_and_do_not_leak_state() -> None:
    s = analyze('install_it() { cd /opt && apt-get install -y "$1"; }; install_it curl; pwd')
    assert [(c.name, c.in_function) for c in s.commands] == [
        ("cd", True),
        ("apt-get", True),
        ("install_it", False),
        ("pwd", False),
    ]
    assert s.commands[-1].cwd == ""
    assert not s.cd_targets[0].persists


# -- cd, exports, variables -------------------------------------------------------------------------
def test_cd_targets_and_the_directory_of_each_command() -> None:
    s = analyze('cd /opt && mkdir app && cd app && (cd sub && make) && cd .. && ls; cd "$HOME"; pwd')
    assert [(cd.path, cd.persists, cd.conditional) for cd in s.cd_targets] == [
        ("/opt", True, False),
        ("app", True, False),
        ("sub", False, False),
        ("..", True, False),
        (None, True, False),
    ]
    assert [(c.name, c.cwd) for c in s.commands] == [
        ("cd", ""),
        ("mkdir", "/opt"),
        ("cd", "/opt"),
        ("cd", "/opt/app"),
        ("make", "/opt/app/sub"),
        ("cd", "/opt/app"),
        ("ls", "/opt"),
        ("cd", "/opt"),
        ("pwd", None),
    ]
    assert s.cwd_at_end is None


def test_cd_in_a_branch_makes_the_directory_unknown_after_it() -> None:
    s = analyze("if [ -d /src ]; then cd /src; fi; make")
    assert s.cd_targets[0].conditional and s.cd_targets[0].persists
    assert s.commands[-1].cwd is None
    assert analyze("cd src && make").commands[1].cwd == "src"  # relative to the WORKDIR


def test_exports_declare_and_environment_of_later_commands() -> None:
    s = analyze(
        "export PATH=/opt/bin:$PATH LANG; MAX_JOBS=4; export MAX_JOBS; declare -x A=1; "
        "declare B=2; export -n A; (export SUB=1); make; unset LANG; ninja"
    )
    assert s.exports == {"PATH": "/opt/bin:$PATH", "MAX_JOBS": "4"}
    make = s.find("make")[0]
    assert make.env("MAX_JOBS") == "4" and make.env("B") is None and make.variable("B") == "2"
    assert make.env("A") is None and make.env("SUB") is None and make.env("LANG") is None
    assert [(v.kind, v.name, v.exported) for v in s.variables] == [
        ("export", "PATH", True),
        ("export", "LANG", True),
        ("assign", "MAX_JOBS", False),
        ("export", "MAX_JOBS", True),
        ("export", "A", True),
        ("declare", "B", False),
        ("export", "A", False),
        ("export", "SUB", True),
        ("unset", "LANG", False),
    ]
    assert [v.persists for v in s.variables if v.name == "SUB"] == [False]
    assert s.env_values("MAX_JOBS")[0].value is not None


def test_set_a_exports_later_assignments() -> None:
    s = analyze("set -a; NODE_ENV=production; npm ci")
    assert s.find("npm")[0].env("NODE_ENV") == "production"
    assert s.exports == {"NODE_ENV": "production"}


# -- heredocs and nested shells -----------------------------------------------------------------
def test_heredoc_inside_a_script() -> None:
    text = "cat <<'EOF' > /etc/app.conf && chmod 600 /etc/app.conf\nkey=$value\nEOF\necho done"
    s = analyze(text)
    assert [c.name for c in s.commands] == ["cat", "chmod", "echo"]
    (doc,) = s.heredocs
    assert (doc.delimiter, doc.body, doc.expands, doc.command) == ("EOF", "key=$value\n", False, s.commands[0])
    assert text[doc.start : doc.end] == doc.body
    assert [(r.op, r.target.text if r.target else "") for r in s.commands[0].redirects] == [(">", "/etc/app.conf")]
    assert s.uses_heredoc and not s.has_errors


def test_heredoc_fed_to_a_shell_is_analysed() -> None:
    text = "bash -s <<EOF\nset -e\napt-get update\nEOF\n"
    s = analyze(text)
    assert [(c.name, c.nested, c.wrappers) for c in s.commands] == [
        ("bash", False, []),
        ("set", True, ["bash"]),
        ("apt-get", True, ["bash"]),
    ]
    apt = s.commands[2]
    assert text[apt.start : apt.end] == "apt-get update" and not apt.masked


def test_heredoc_piped_into_a_shell_keeps_the_pipeline() -> None:
    s = analyze("cat <<EOF | sh\necho hi\nEOF")
    cat, sh = s.commands
    assert cat.in_pipeline and not cat.pipeline_last and cat.pipeline == sh.pipeline
    assert sh.operator == "|" and sh.pipeline_last


@pytest.mark.parametrize(
    "text",
    [
        "sh -c 'apt-get update && apt-get install -y jq'",
        'bash -ec "apt-get update && apt-get install -y \\"jq\\""',
        "/bin/bash -o pipefail -c 'apt-get update && apt-get install -y jq'",
        "su - app -c 'apt-get update && apt-get install -y jq'",
        "sudo -E sh -c 'apt-get update && apt-get install -y jq'",
    ],
)
def test_nested_shell_scripts_are_analysed_with_exact_offsets(text: str) -> None:
    s = analyze(text)
    inner = s.commands[1:]
    assert [(c.name, c.words(), c.nested) for c in inner] == [
        ("apt-get", ["update"], True),
        ("apt-get", ["install", "-y", "jq"], True),
    ]
    assert inner[1].operator == "&&"
    install = inner[1]
    assert text[install.argv[0].start : install.argv[0].end] == "apt-get"
    # inside "…", the inner quotes of \"jq\" start after their backslashes
    assert text[install.argv[-1].start : install.argv[-1].end] in ("jq", '"jq\\"')
    assert [p.name for p in s.package_ops("apt", "install")[0].packages] == ["jq"]


def test_nested_shell_options_and_masking() -> None:
    s = analyze("bash -eo pipefail -c 'curl -s x | tar -x; true' || echo failed")
    curl = s.find("curl")[0]
    assert curl.shell_options == {"errexit", "pipefail"}
    assert curl.masked  # the outer `|| echo` catches the whole bash -c
    assert not analyze("bash -eo pipefail -c 'curl -s x | tar -x; true'").find("curl")[0].masked


def test_nested_shell_with_a_variable_script_is_not_analysed() -> None:
    s = analyze('sh -c "$CMD"; eval "$X"')
    assert [c.name for c in s.commands] == ["sh", "eval"]


def test_eval_of_a_literal_is_analysed() -> None:
    s = analyze("eval 'cd /opt && make'")
    assert [c.name for c in s.commands] == ["eval", "cd", "make"]
    assert not s.cd_targets[0].persists  # analysed as a script of its own


# -- errors, other shells, offsets ---------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "echo 'unterminated && apt-get install -y curl",
        'echo "unterminated && apt-get install -y curl',
        "apt-get install -y curl &&",
        "if true; then echo",
        "((((((",
        "$(",
        "cat <<EOF",
        "for in do done",
    ],
)
def test_syntax_errors_do_not_crash(text: str) -> None:
    s = analyze(text)
    assert s.has_errors
    assert all(0 <= c.start <= c.end <= len(text) for c in s.commands)


def test_unterminated_quote_keeps_the_commands_before_it() -> None:
    s = analyze("apt-get update && echo 'oops")
    assert s.has_errors and s.commands[0].words() == ["update"]


@pytest.mark.parametrize(
    "shell",
    [["powershell", "-Command"], ["pwsh", "-c"], ["cmd", "/S", "/C"], ["C:\\Windows\\System32\\cmd.exe", "/c"]],
)
def test_non_posix_shells_are_not_analysed(shell: list[str]) -> None:
    s = analyze("Remove-Item -Recurse C:\\tmp; apt-get update", shell)
    assert not s.supported and s.commands == [] and s.packages == []


def test_posix_shells_are_analysed() -> None:
    assert analyze("apt-get update", ["/bin/ash", "-c"]).supported
    assert analyze("apt-get update", ["/bin/bash", "-c"]).commands[0].name == "apt-get"


def test_non_ascii_offsets_are_character_offsets() -> None:
    text = "echo 'héllo wörld ✓ 𝄞' && apk add --no-cache curl && echo ünïcode"
    s = analyze(text)
    apk = s.commands[1]
    assert text[apk.start : apk.end] == "apk add --no-cache curl"
    assert [text[w.start : w.end] for w in s.commands[2].argv] == ["echo", "ünïcode"]
    assert s.commands[0].args[0].text == "héllo wörld ✓ 𝄞"


def test_results_are_cached_per_script_and_shell() -> None:
    assert analyze("apt-get update") is analyze("apt-get update")
    assert analyze("apt-get update") is not analyze("apt-get update", ["/bin/bash", "-c"])


def test_deep_nesting_is_cut_off_not_crashed() -> None:
    deep = "( " * 3000 + "make" + " )" * 3000
    s = analyze(deep)
    assert s.truncated and s.commands == []
    assert analyze("(" * 3000 + "make" + ")" * 3000).commands == []  # `((` is arithmetic: no command
    nested_ifs = "if a; then " * 150 + "make" + "; fi" * 150
    s = analyze(nested_ifs)
    assert s.truncated and s.commands[0].name == "a"


def test_a_list_after_a_syntax_error_does_not_crash() -> None:
    """Found in a CI file: an `&&` line after an unquoted `${{ … }}` left tree-sitter with two nodes
    on the left of a list; the walk assumed one."""
    script = analyze('&& docker container logs ${{ job.services.postgres.id }} \\\n|| echo "Ignoring bad exit code"')
    assert script.has_errors
    assert "echo" in [c.name for c in script.commands]
