"""Errors the user can act on. The CLI turns them into one line and exit code 2."""

from __future__ import annotations


class RoadmapError(Exception):
    """Base of our own errors: never shown as a traceback."""


class InputError(RoadmapError):
    """A source file cannot be read as a report: names the file and the line."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, int | None, str]]:
        # pickled whole, so an error raised in a worker process reaches the parent intact
        return InputError, (self.file, self.line, self.message)


class ConfigError(RoadmapError):
    """Settings or reference data are unusable."""
