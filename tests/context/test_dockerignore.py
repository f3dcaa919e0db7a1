"""Docker's .dockerignore semantics, case by case against the Go implementation's behaviour.

Each case names what it mirrors: a test of moby/patternmatcher (``patternmatcher_test.go``,
``ignorefile/ignorefile_test.go``), of tonistiigi/fsutil (``filter_test.go``, the walker that
sends the context), of Go's ``filepath.Match`` syntax check, or a step of the Go code itself
(``ReadAll``, ``New``, ``compile``, ``MatchesUsingParentResults``) worked through by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dockeropt.context.dockerignore import (
    EXACT,
    PREFIX,
    REGEXP,
    SUFFIX,
    DockerIgnore,
    compile_pattern,
    find_dockerignore,
    load_dockerignore,
)

DATA = Path(__file__).resolve().parents[2] / "testdata" / "context"

# (.dockerignore text, path relative to the context, excluded by BuildKit's walk)
MATCH_CASES = [
    # patternmatcher_test.go TestMatches (single patterns)
    ("**", "file", True),
    ("**", "dir/file", True),
    ("**/", "file", True),  # Clean("**/") == "**"
    ("**/**", "dir/file", True),
    ("dir/**", "dir/file", True),
    ("dir/**", "dir/dir2/file", True),
    ("**/dir", "dir", True),  # suffix match: "**/dir" also matches "dir" itself
    ("**/dir", "dir/file", True),
    ("**/dir2/*", "dir/dir2/file", True),
    ("**/dir2/**", "dir/dir2/dir3/file", True),
    ("**file", "file", True),
    ("**file", "dir/dir/file", True),
    ("**/file*", "dir/dir/file.txt", True),
    ("**/file*txt", "dir/dir/file.txt", True),
    ("**/**/*.txt", "dir/dir/file.txt", True),
    ("**/**/*.txt2", "dir/dir/file.txt", False),
    ("**/*.txt", "file.txt", True),
    ("a**/*.txt", "a/dir/dir/file.txt", True),
    ("a/*.txt", "a/dir/file.txt", False),
    ("a/*.txt", "a/file.txt", True),
    ("a/*.txt**", "a/file.txt", True),
    ("a[b-d]e", "ae", False),
    ("a[b-d]e", "ace", True),
    ("a[^b-d]e", "aze", True),
    (".*", ".foo", True),
    (".*", "foo", False),
    ("abc.def", "abcZdef", False),  # "." is escaped, not "any character"
    ("abc?def", "abcZdef", True),
    ("abc?def", "abcdef", False),
    ("a\\\\", "a\\", True),
    ("**/foo/bar", "foo/bar", True),
    ("**/foo/bar", "dir/dir2/foo/bar", True),
    ("abc/**", "abc", False),  # prefix match on "abc/": the folder itself is not matched
    ("abc/**", "abc/def/ghi", True),
    ("**/.foo", "bar.foo", False),
    ("a(b)c/def", "a(b)c/def", True),
    ("a.|)$(}+{bc", "a.|)$(}+{bc", True),
    ("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", True),
    ("a\\*b", "a*b", True),
    # patternmatcher_test.go TestMatches (several patterns)
    ("**\n!util/docker/web", "util/docker/web/foo", False),
    ("**\n!util/docker/web\nutil/docker/web/foo", "util/docker/web/foo", True),
    ("**\n!dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", False),
    # patternmatcher_test.go TestMatch (Go's filepath.Match cases, through the regex)
    ("a*", "ab/c", True),  # "a*" matches the folder "ab", so everything below it
    ("a*/b", "a/c/b", False),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/f", True),
    ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", False),
    ("a*b?c*x", "abxbbxdbxebxczzx", True),
    ("ab[^e-g]", "abc", True),
    ("a?b", "a☺b", True),
    ("a???b", "a☺b", False),
    ("[a-ζ]*", "α", True),
    ("a?b", "a/b", False),
    ("[\\]a]", "]", True),
    ("[x\\-]", "-", True),
    ("[\\-x]", "a", False),
    ("*x", "xxx", True),
    # patternmatcher_test.go: TestExclusionPatternMatchesPatternBefore / ...After (last match wins)
    ("!fileutils.go\n*.go", "fileutils.go", True),
    ("*.go\n!fileutils.go", "fileutils.go", False),
    # TestPatternMatchesFolderExclusions, ...WithSlash..., ...Wildcard...
    ("docs\n!docs/README.md", "docs/README.md", False),
    ("docs/\n!docs/README.md", "docs/README.md", False),
    ("docs/*\n!docs/README.md", "docs/README.md", False),
    ("docs\n!docs/README.md", "docs/guide.md", True),
    # fsutil filter_test.go TestWalkerExclude: foo* excludes foo and foo2, foo/bar2 comes back
    ("foo*\n!foo/bar2", "foo2", True),
    ("foo*\n!foo/bar2", "foo/bar2", False),
    ("foo*\n!foo/bar2", "bar", False),
    # fsutil filter_test.go TestFilteredOpenInvert: exceptions and exclusions nested four deep
    ("foo\n!foo/bar\nfoo/bar/baz\n!foo/bar/baz/x", "foo/bar/baz/x", False),
    ("foo\n!foo/bar\nfoo/bar/baz\n!foo/bar/baz/x", "foo/bar/baz/y", True),
    ("foo\n!foo/bar\nfoo/bar/baz\n!foo/bar/baz/x", "foo/bar/other", False),
    # Anchoring: unlike .gitignore, a name without "/" only matches at the context root
    ("node_modules", "node_modules/react/index.js", True),
    ("node_modules", "web/node_modules/react/index.js", False),
    ("**/node_modules", "web/node_modules/react/index.js", True),
    ("*.pyc", "mod.pyc", True),
    ("*.pyc", "pkg/mod.pyc", False),
    ("**/*.pyc", "pkg/sub/mod.pyc", True),
    # ReadAll (ignorefile_test.go TestReadAll): a leading "/" is dropped, "! /x" is an exception for "x"
    ("/test2", "test2", True),
    ("/a/file/here", "a/file/here", True),
    ("*\n! /inverted/abs/path", "inverted/abs/path", False),
    # ReadAll: "#" starts a comment only as the line's first character; other lines are trimmed
    ("# build output\ndist", "dist/app.js", True),
    ("#dist", "dist/app.js", False),
    ("  # not a comment", "# not a comment", True),
    ("\\#notes", "#notes", True),  # the escaped "#" is how to name a file starting with "#"
    ("logs   \t", "logs/today.log", True),
    ("dist\r\nbuild", "dist/app.js", True),  # bufio.ScanLines drops the "\r"
    ("\ufeffsecret.txt", "secret.txt", True),  # the UTF-8 BOM of the first line is dropped
    # ReadAll's filepath.Clean
    ("./dist/", "dist/app.js", True),
    ("src/../secret", "secret/key", True),
    ("a//b/./c", "a/b/c", True),
    # New() cleans again with the "!" in place: "!../../keep" is the pattern "keep", not an exception
    ("!../../keep", "keep", True),
    # compile(): "[" ... "]" is not translated as a class of filepath.Match: inside it "*" still
    # becomes "[^/]*", so "[*]" is the regex ^[[^/]*]$ (a class of "[", "^", "/", repeated, then "]")
    ("[*]", "*", False),
    ("[*]", "]", True),
    ("[*]", "[^]", True),
    # compile(): Go regexp classes: "!" does not negate (only "^" does), POSIX and Perl classes exist
    ("[!a].txt", "a.txt", True),
    ("[!a].txt", "b.txt", False),
    ("[[:digit:]]x", "7x", True),
    ("[\\d]x", "7x", True),
    ("\\d", "d", False),  # "\d" reaches the regex as a digit class
    # compile(): a leading "**" makes a suffix match without a "/" boundary
    ("**file", "myfile", True),
    # compile(): a trailing "**" after literal text is a prefix match across "/"
    ("a**", "abc/def", True),
    # MatchesUsingParentResults: "!a" is skipped while evaluating the folder "a" (nothing matched
    # yet) so it is not recorded for its children; at "a/b" only "a/b" itself is tested against it
    ("*/b\n!a", "a/b", True),
    # Docker documentation's examples (builder reference, .dockerignore file)
    ("*/temp*", "somedir/temporary.txt", True),
    ("*/temp*", "somedir/sub/temp.txt", False),
    ("*/*/temp*", "somedir/subdir/temporary.txt", True),
    ("temp?", "tempa", True),
    ("*.md\n!README*.md\nREADME-secret.md", "README.md", False),
    ("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", True),
    ("*.md\nREADME-secret.md\n!README*.md", "README-secret.md", False),
]


@pytest.mark.parametrize(("text", "path", "excluded"), MATCH_CASES)
def test_matches_like_buildkit(text: str, path: str, excluded: bool) -> None:
    ignore = DockerIgnore.from_text(text)
    assert ignore.errors == []
    assert ignore.matches(path) is excluded


def test_walk_state_differs_from_matches_or_parent_matches() -> None:
    # MatchesOrParentMatches (used to open one file by name) tries "!a" on the parent "a" too
    ignore = DockerIgnore.from_text("*/b\n!a\n")
    assert (ignore.matches("a/b"), ignore.matches_or_parent_matches("a/b")) == (True, False)


def test_the_context_root_is_never_excluded() -> None:
    # patternmatcher's Matches: "Don't let them exclude everything, kind of silly."
    ignore = DockerIgnore.from_text("*\n**\n")
    assert (ignore.matches("."), ignore.matches(""), ignore.matches("/"), ignore.matches("x")) == (
        False,
        False,
        False,
        True,
    )


def test_paths_are_cleaned_before_matching() -> None:
    ignore = DockerIgnore.from_text("config\n")
    assert [ignore.matches(p) for p in ("./config/app.yaml", "/config", "config/", "src/../config/a")] == [True] * 4


# (line, error) for lines BuildKit rejects: patternmatcher.New returns an error and the build fails
ERROR_CASES = [
    ("!", [(1, 'illegal exclusion pattern: "!"')]),  # TestSingleExclamationError
    ("! ", [(1, 'illegal exclusion pattern: "!"')]),  # ReadAll keeps "!" (ignorefile_test.go)
    ("!/", [(1, 'illegal exclusion pattern: "!"')]),  # ReadAll keeps "!/", New's Clean makes it "!"
    ("ok\n[", [(2, "syntax error in pattern")]),  # TestMatchesWithMalformedPatterns
    ("[-x]", [(1, "syntax error in pattern")]),  # filepath.Match: a class cannot start with "-"
    ("[x-]", [(1, "syntax error in pattern")]),
    ("[]a]", [(1, "syntax error in pattern")]),
    ("[a-b-c]", [(1, "syntax error in pattern")]),
    ("a\\", [(1, "syntax error in pattern")]),  # trailing backslash
    # passes filepath.Match (it does not check range order) but Go's regexp rejects "l-O":
    # TestMatchesOrParentMatchesMalformedPatternDoesNotPanicOnRepeatedCall
    ("[Local-Only]/", [(1, "syntax error in pattern (invalid character class range)")]),
    ("\\y", [(1, "syntax error in pattern (invalid escape sequence \\y)")]),  # Go: invalid escape
]


@pytest.mark.parametrize(("text", "errors"), ERROR_CASES)
def test_lines_buildkit_rejects(text: str, errors: list[tuple[int, str]]) -> None:
    assert DockerIgnore.from_text(text).errors == errors


def test_a_line_that_fills_the_scanner_buffer_is_an_error() -> None:
    # bufio.Scanner's 64 KiB buffer: ReadAll fails on a longer line
    ok = DockerIgnore.from_text("a" * 65_535 + "\n")
    too_long = DockerIgnore.from_text("a" * 65_536 + "\nsecret\n")
    assert (ok.errors, [p.text for p in too_long.patterns]) == ([], ["secret"])
    assert too_long.errors == [(1, "line of 64 KiB or more: BuildKit cannot read the file")]


def test_patterns_keep_their_lines_and_raw_text() -> None:
    ignore = DockerIgnore.from_text("# deps\nnode_modules/\n\n  !node_modules/keep  \n/dist\n")
    assert [(p.line, p.text, p.exception, p.raw) for p in ignore.patterns] == [
        (2, "node_modules", False, "node_modules/"),
        (4, "node_modules/keep", True, "!node_modules/keep"),
        (5, "dist", False, "/dist"),
    ]


def test_deciding_pattern_names_the_line() -> None:
    ignore = DockerIgnore.from_text("*.log\n!important.log\nlogs\n")
    excluded, pattern = ignore.deciding_pattern("logs/app/today.txt")
    assert (excluded, pattern.line if pattern else None) == (True, 3)
    excluded, pattern = ignore.deciding_pattern("important.log")
    assert (excluded, pattern.line if pattern else None) == (False, 2)
    assert ignore.deciding_pattern("src/app.py") == (False, None)


# patternmatcher_test.go TestCompile: the match type of each pattern
@pytest.mark.parametrize(
    ("pattern", "kind", "regex"),
    [
        ("*", REGEXP, "^[^/]*$"),
        ("file*", REGEXP, "^file[^/]*$"),
        ("a*/b", REGEXP, "^a[^/]*/b$"),
        ("**", SUFFIX, None),
        ("**/**", REGEXP, "^(.*/)?.*$"),
        ("dir/**", PREFIX, None),
        ("**/dir", SUFFIX, None),
        ("**/dir2/*", REGEXP, "^(.*/)?dir2/[^/]*$"),
        ("**/**/*.txt", REGEXP, "^(.*/)?(.*/)?[^/]*\\.txt$"),
        ("a[b-d]e", REGEXP, "^a[b-d]e$"),
        ("abc.def", EXACT, None),
        ("a.|)$(}+{bc", EXACT, None),
    ],
)
def test_compile_kinds(pattern: str, kind: str, regex: str | None) -> None:
    got_kind, got_regex = compile_pattern(pattern)
    assert got_kind == kind
    if regex is not None:
        assert got_regex == regex


def test_fsutil_walks_into_an_excluded_folder_only_for_a_possible_exception() -> None:
    # fsutil NewFilterFS: onlyPrefixExcludeExceptions, patternWithoutTrailingGlob
    assert DockerIgnore.from_text("foo\n").may_reinclude_below("foo") is False
    prefix_only = DockerIgnore.from_text("foo\nbar\n!foo/keep/**\n")
    assert (prefix_only.may_reinclude_below("foo"), prefix_only.may_reinclude_below("bar")) == (True, False)
    assert prefix_only.may_reinclude_below("foo/keep") is True
    assert prefix_only.may_reinclude_below("foo/other") is False
    wildcard = DockerIgnore.from_text("foo\nbar\n!**/*.md\n")
    assert wildcard.may_reinclude_below("bar") is True


EXCLUDES_ANY_CASES = [
    ("node_modules", "src", False),
    ("node_modules", "node_modules", True),
    ("node_modules", "", True),
    ("**/*.pyc", "src", True),
    ("*.md", "docs", False),  # anchored at the root: docs/*.md stays
    ("docs/*.md", "docs", True),
    ("docs/*.md", "docs/api", False),
    ("docs/**/*.md", "docs/api", True),
    ("src/*.tmp\n!src", "src", False),  # the later exception re-includes the whole folder
    ("src/*.tmp\n!src\nsrc/cache", "src", True),
    ("*\n!src", "src", False),
    ("*\n!src", "tests", True),
    ("a**", "abc", True),
    ("src/app/config.yaml", "src", True),
    ("src/app/config.yaml", "src/lib", False),
    ("", "", False),
    ("!keep", "", False),
]


@pytest.mark.parametrize(("text", "prefix", "expected"), EXCLUDES_ANY_CASES)
def test_excludes_any(text: str, prefix: str, expected: bool) -> None:
    assert DockerIgnore.from_text(text).excludes_any(prefix) is expected


def test_dockerfile_specific_ignore_file_wins() -> None:
    # BuildKit dockerui: <Dockerfile path>.dockerignore, read before the context's .dockerignore
    context = DATA / "per-dockerfile-ignore"
    api = context / "docker" / "api.Dockerfile"
    worker = context / "docker" / "worker.Dockerfile"
    assert find_dockerignore(str(api), str(context)) == str(api) + ".dockerignore"
    assert find_dockerignore(str(worker), str(context)) == str(context / ".dockerignore")
    assert find_dockerignore(None, str(context)) == str(context / ".dockerignore")
    api_ignore = load_dockerignore(str(api), str(context))
    worker_ignore = load_dockerignore(str(worker), str(context))
    assert api_ignore is not None and worker_ignore is not None
    assert [api_ignore.matches(p) for p in ("docs/guide.md", "docs/openapi.yaml", "CHANGES.md")] == [
        True,
        False,
        False,
    ]
    assert [worker_ignore.matches(p) for p in ("docs/guide.md", "CHANGES.md", "README.md")] == [False, True, False]


def test_no_ignore_file(tmp_path: Path) -> None:
    assert find_dockerignore(str(tmp_path / "Dockerfile"), str(tmp_path)) is None
    assert load_dockerignore(str(tmp_path / "Dockerfile"), str(tmp_path)) is None
