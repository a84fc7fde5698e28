"""The exceptions tact raises (the extension module creates them from the library's errors)."""

from __future__ import annotations

from dataclasses import dataclass


class TactError(Exception):
    """Base class of every error tact raises itself."""


@dataclass(frozen=True)
class ErrorDetail:
    """One problem found while loading rule packs or building a linter.

    ``kind`` is one of ``syntax``, ``schema``, ``regex``, ``words``, ``duplicate``,
    ``empty-matcher``, ``missing-examples``, ``invalid``, ``unknown-selector``, ``encoding``
    (a pack file that is not UTF-8) or ``no-packs`` (a directory without ``.yaml`` files).
    ``file`` is the pack's path (or built-in origin such as ``rules/en/drafts.yaml``); ``line``
    and ``column`` are 1-based, the column in characters; ``rule`` is the code of the rule the
    problem is in. Each is None when it does not apply (an unknown selector has no file).
    """

    kind: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    rule: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        rule = f"rule {self.rule}: " if self.rule is not None else ""
        return f"{where}{rule}{self.message}"


class PackError(TactError):
    """Rule packs that cannot be loaded, or a ``select``/``ignore``/``severity`` naming no rule.

    Every problem is in ``errors``; ``file``, ``line``, ``column``, ``rule``, ``kind`` and
    ``detail`` describe the first, for the common case of one.
    """

    errors: list[ErrorDetail]

    def __init__(self, message: str, errors: list[ErrorDetail]) -> None:
        super().__init__(message)
        self.errors = list(errors)

    @property
    def detail(self) -> str | None:
        """The first problem's message without its location."""
        return self.errors[0].message if self.errors else None

    @property
    def kind(self) -> str | None:
        """The first problem's kind."""
        return self.errors[0].kind if self.errors else None

    @property
    def file(self) -> str | None:
        """The file the first problem is in."""
        return self.errors[0].file if self.errors else None

    @property
    def line(self) -> int | None:
        """The 1-based line of the first problem."""
        return self.errors[0].line if self.errors else None

    @property
    def column(self) -> int | None:
        """The 1-based column (in characters) of the first problem."""
        return self.errors[0].column if self.errors else None

    @property
    def rule(self) -> str | None:
        """The code of the rule the first problem is in."""
        return self.errors[0].rule if self.errors else None


class ConfigError(TactError):
    """A ``tact.yaml`` passed as ``config=`` that cannot be used (bad YAML, unknown key, ...).

    The message names the file and, where known, the line and column.
    """

    file: str

    def __init__(self, message: str, file: str) -> None:
        super().__init__(message)
        self.file = file
