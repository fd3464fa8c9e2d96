"""Errors the user can act on. The CLI turns them into one line and exit code 2."""

from __future__ import annotations

from pathlib import Path


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


class ReadError(RoadmapError):
    """The system refused to read a file or folder: names it and what the system said."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: cannot read it ({reason})")

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str]]:
        return ReadError, (self.path, self.reason)


class WriteError(RoadmapError):
    """The system refused to write a file or folder: names it and what the system said."""

    def __init__(self, path: Path | str, reason: str, what: str = "it") -> None:
        self.path = str(path)
        self.reason = reason
        self.what = what
        super().__init__(f"{path}: cannot write {what} ({reason})")

    def __reduce__(self) -> tuple[type[WriteError], tuple[str, str, str]]:
        return WriteError, (self.path, self.reason, self.what)


def system_reason(error: OSError) -> str:
    """What the system said, without the file name the message names anyway."""
    return error.strerror or str(error) or type(error).__name__
