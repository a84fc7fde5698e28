"""tact: lint customer-service messages.

Draft replies (what an agent is about to send) are checked for what hurts a customer ("I don't
know", "as I already told you", unfilled ``{{first_name}}`` placeholders, ...) with better
wordings and safe fixes; incoming messages for what a team routes on (churn, legal and review
threats, abuse, urgency, ...). The rules are the built-in English, German and Estonian packs
plus any YAML packs of your own.

>>> import tact
>>> linter = tact.Linter(kind="draft", lang="en")
>>> [d.name for d in linter.lint("Sorry, I don't know.")]
['dont-know']

``Diagnostic.start`` and ``.end`` are ``str`` indices, so ``text[d.start:d.end] == d.matched``.
A ``Linter`` is immutable and thread-safe; ``lint``, ``lint_many`` and ``fix`` release the GIL,
and ``lint_many`` spreads its texts over every core.
"""

from tact._errors import ConfigError, ErrorDetail, PackError, TactError
from tact._tact import Diagnostic, Linter, Suggestion, __version__

__all__ = [
    "ConfigError",
    "Diagnostic",
    "ErrorDetail",
    "Linter",
    "PackError",
    "Suggestion",
    "TactError",
    "__version__",
]
