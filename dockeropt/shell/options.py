"""Reading a command's options the way the tool reads them (getopt style).

Which options take a value changes how the rest is read: in ``pip install -r req.txt flask``,
``req.txt`` is the value of ``-r`` and ``flask`` an operand. Each tool model gives its short
options that take a value (letters) and its long ones (names with ``--``).
"""

from __future__ import annotations

from dockeropt.shell.model import normalize_option

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from dockeropt.shell.words import Word


class Args:
    """Options and operands of a command line.

    ``options``: option (``-y``, ``--index-url``) -> its values in order (``""`` for a flag);
    ``operands``: the other words; ``option_words``: the word each option was read from;
    ``value_words``: the word (or part of a word, for ``-rfile``/``--x=v``) holding each value.
    """

    __slots__ = ("operands", "option_words", "options", "value_words")

    def __init__(self) -> None:
        self.options: dict[str, list[str]] = {}
        self.operands: list[Word] = []
        self.option_words: dict[str, list[Word]] = {}
        self.value_words: dict[str, list[Word]] = {}

    def add(self, name: str, value: str, word: Word, value_word: Word | None = None) -> None:
        self.options.setdefault(name, []).append(value)
        self.option_words.setdefault(name, []).append(word)
        if value_word is not None:
            self.value_words.setdefault(name, []).append(value_word)

    def has(self, *names: str) -> bool:
        """Whether any of these options was given (``"y"``, ``"-y"``, ``"yes"``, ``"--yes"``)."""
        return any(normalize_option(n) in self.options for n in names)

    def value(self, *names: str) -> str | None:
        """The last value given to any of these options."""
        found = None
        for n in names:
            values = self.options.get(normalize_option(n))
            if values:
                found = values[-1]
        return found

    def values(self, *names: str) -> list[str]:
        out: list[str] = []
        for n in names:
            out.extend(self.options.get(normalize_option(n), ()))
        return out

    def __repr__(self) -> str:
        return f"Args({self.options!r}, {[w.text for w in self.operands]!r})"


def parse_args(
    words: Sequence[Word],
    short_values: str = "",
    long_values: Collection[str] = (),
    single_dash_long: bool = False,
    stop_at_operand: bool = False,
) -> Args:
    """Read ``words`` (the arguments, without the program) as getopt does.

    ``short_values``: letters whose option takes a value (from the rest of the cluster or the next
    word); ``long_values``: ``--names`` that take a value (``--name=v`` or ``--name v``);
    ``single_dash_long``: Go-style ``-name``/``-name=v`` options; ``stop_at_operand``: options end
    at the first operand (POSIX; most GNU tools permute instead).
    """
    args = Args()
    i = 0
    n = len(words)
    while i < n:
        word = words[i]
        t = word.text
        if t == "--":
            args.operands.extend(words[i + 1 :])
            break
        if not t.startswith("-") or t == "-" or (not word.is_literal and not t[1:2].isalpha() and t[1:2] != "-"):
            args.operands.append(word)
            if stop_at_operand:
                args.operands.extend(words[i + 1 :])
                break
        elif t.startswith("--") or single_dash_long:
            name, eq, value = t.partition("=")
            if single_dash_long and not name.startswith("--"):
                name = "-" + name.lstrip("-")
            elif single_dash_long:
                name = "-" + name[2:]
            if eq:
                args.add(name, value, word, tail_word(word, len(t) - len(value)))
            elif name in long_values and i + 1 < n:
                i += 1
                args.add(name, words[i].text, word, words[i])
            else:
                args.add(name, "", word)
        elif len(t) > 3 and t[2] == "=":
            args.add(t[:2], t[3:], word, tail_word(word, 3))  # `-q=2`, `-o=Dpkg::…` (apt reads these)
        else:
            letters = t[1:]
            for k, letter in enumerate(letters):
                if letter in short_values:
                    rest = letters[k + 1 :]
                    if rest:
                        value = rest.removeprefix("=")
                        args.add("-" + letter, value, word, tail_word(word, len(t) - len(value)))
                    elif i + 1 < n:
                        i += 1
                        args.add("-" + letter, words[i].text, word, words[i])
                    else:
                        args.add("-" + letter, "", word)
                    break
                args.add("-" + letter, "", word)
        i += 1
    return args


def tail_word(word: Word, skip: int) -> Word:
    """The part of ``word`` from character ``skip`` of its text on (exact offsets when the word is
    written without quotes or escapes; the whole word's span otherwise)."""
    from dockeropt.shell.words import Word

    text = word.text[skip:]
    if word.raw == word.text:
        return Word(text, word.raw[skip:], word.start + skip, word.end, word.is_literal)
    return Word(text, word.raw, word.start, word.end, word.is_literal)
