"""Problems found in the input, each naming its file and line; printed, counted, and fatal under --strict."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str
    severity: str = "warning"  # "warning": skipped or repaired and reported; "error": nothing usable

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Diagnostics:
    """Collects problems; echoes each to stderr as it happens unless quiet."""

    quiet: bool = False
    problems: list[Problem] = field(default_factory=list)

    def warn(self, file: str, line: int | None, message: str) -> None:
        self._add(Problem(file, line, message, "warning"))

    def error(self, file: str, line: int | None, message: str) -> None:
        self._add(Problem(file, line, message, "error"))

    def _add(self, problem: Problem) -> None:
        self.problems.append(problem)
        if not self.quiet:
            print(problem, file=sys.stderr)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def __len__(self) -> int:
        return len(self.problems)
