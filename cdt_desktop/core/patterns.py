"""Regular expressions compiled when first used, not when their module is imported.

Compiling a pattern runs Python's regular-expression compiler, about 0.7 million instructions
for a one-line pattern. A module that compiles its patterns at import makes every start pay for
patterns only a search, a tick, a payer profile or an error message uses. ``LazyPattern`` has
the methods of a compiled pattern that we use and compiles on the first call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator


class LazyPattern:
    """``re.compile(pattern, flags)``, done on first use."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def is_compiled(self) -> bool:
        return self._compiled is not None

    def match(self, string: str) -> re.Match[str] | None:
        return self.compiled().match(string)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        return self.compiled().fullmatch(string)

    def search(self, string: str) -> re.Match[str] | None:
        return self.compiled().search(string)

    def findall(self, string: str) -> list[str]:
        return self.compiled().findall(string)

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled().sub(repl, string, count)
