"""Type stubs for the ``tact._tact`` extension module (re-exported by ``tact``)."""

from collections.abc import Iterable, Mapping
from os import PathLike
from typing import Literal, TypeAlias, final

__all__ = ["Diagnostic", "Linter", "Suggestion", "__version__", "run_cli"]
__version__: str

_Kind: TypeAlias = Literal["draft", "incoming"]
_Lang: TypeAlias = Literal["en", "de", "et"]
_Level: TypeAlias = Literal["info", "warning", "error"]
_StrPath: TypeAlias = str | PathLike[str]

@final
class Suggestion:
    """A better wording offered with a finding."""

    @property
    def text(self) -> str:
        """The text shown to the user: the replacement, or the advice."""
    @property
    def replacement(self) -> str | None:
        """The replacement for the matched span, or None for advice only."""
    @property
    def applicability(self) -> Literal["safe", "unsafe", "display-only"]:
        """"safe" (``Linter.fix`` applies it), "unsafe" (needs a person) or "display-only"."""
    def to_dict(self) -> dict[str, str | None]:
        """The suggestion as a plain dict."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Diagnostic:
    """One finding in one message.

    ``start``/``end`` are ``str`` indices (end-exclusive): ``text[d.start:d.end] == d.matched``.
    ``byte_start``/``byte_end`` are the same span in the text's UTF-8 encoding.
    """

    @property
    def code(self) -> str:
        """The rule's stable code, e.g. "D101"."""
    @property
    def name(self) -> str:
        """The rule's kebab-case name, e.g. "dont-know"."""
    @property
    def category(self) -> str:
        """The rule's category, e.g. "condescension" or "churn-threat"."""
    @property
    def severity(self) -> _Level:
        """The severity, after any override."""
    @property
    def message(self) -> str:
        """The rule's message with the matched text filled in."""
    @property
    def start(self) -> int:
        """Index into the str where the match starts."""
    @property
    def end(self) -> int:
        """Index into the str just past the match."""
    @property
    def byte_start(self) -> int:
        """UTF-8 byte offset where the match starts."""
    @property
    def byte_end(self) -> int:
        """UTF-8 byte offset just past the match."""
    @property
    def line(self) -> int:
        """1-based line of the start."""
    @property
    def column(self) -> int:
        """1-based column of the start, in characters."""
    @property
    def matched(self) -> str:
        """The original text of the span."""
    @property
    def suggestions(self) -> list[Suggestion]:
        """Better wordings, replacements first."""
    @property
    def fix(self) -> str | None:
        """The first safe replacement, or None."""
    def to_dict(self) -> dict[str, object]:
        """The finding as a plain dict (suggestions as dicts), e.g. for a DataFrame."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Linter:
    """A compiled set of tact rules; immutable, thread-safe, and cheap to reuse.

    ``kind``: "draft" (agent replies, the default) or "incoming" (customer messages).
    ``lang``: "en", "de", "et", a comma-separated str or a list of them; None runs every
    language's packs. ``rules``: your own YAML packs (files, or directories of ``.yaml``).
    ``select``/``ignore``: rule codes, names or categories. ``severity``: re-levels rules,
    e.g. ``{"over-promise": "error"}``. ``builtin=False`` leaves the built-in packs out.
    ``config``: a ``tact.yaml`` whose rule settings (kind, languages, builtin, rules,
    select, extend-select, ignore, severity, ignore-patterns) apply first; the keyword
    arguments then win as flags do on the command line (``select`` replaces, ``ignore``,
    ``severity`` and ``rules`` add).

    Raises ``tact.PackError`` for packs that do not load and selectors that name no rule,
    ``tact.ConfigError`` for an unusable ``config``, ``OSError`` for unreadable files and
    ``ValueError``/``TypeError`` for bad arguments.
    """

    def __new__(
        cls,
        *,
        kind: _Kind | None = None,
        lang: str | Iterable[str] | None = None,
        rules: _StrPath | Iterable[_StrPath] | None = None,
        select: str | Iterable[str] | None = None,
        ignore: str | Iterable[str] | None = None,
        severity: Mapping[str, _Level] | None = None,
        builtin: bool | None = None,
        config: _StrPath | None = None,
    ) -> Linter: ...
    def lint(self, text: str) -> list[Diagnostic]:
        """The findings in ``text``, in text order."""
    def lint_many(self, texts: Iterable[str | None | float]) -> list[list[Diagnostic]]:
        """The findings of each text, in input order, linted on every core without the GIL.

        One pool thread per core (RAYON_NUM_THREADS sets another number, e.g. 1 in each of
        many Spark Python workers). None and NaN (pandas' missing value) give an empty list.
        """
    def fix(self, text: str) -> str:
        """``text`` with every safe fix applied."""
    @property
    def kind(self) -> _Kind:
        """The kind of message the linter is for."""
    @property
    def languages(self) -> list[_Lang]:
        """The languages whose packs run; empty means all."""
    @property
    def rule_codes(self) -> list[str]:
        """The codes of the rules that run, in load order."""

def run_cli(argv: list[str]) -> int:
    """Runs the ``tact`` command line in this process; returns its exit code."""
