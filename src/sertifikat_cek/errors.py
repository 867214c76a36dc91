"""Exceptions the core raises for bad input; the shell turns each into one line and an exit code."""


class InputError(ValueError):
    """Input that a user can fix: the message says what was wrong, where, and how to fix it."""

    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def located(self, where: str) -> "InputError":
        """The same problem, said of a place (an option name, a file:line, a CSV cell)."""
        return type(self)(self.message, where=where)


class DateError(InputError):
    """A date or time that cannot be read."""


class RulesError(InputError):
    """A rule directory or rule file that cannot be read or is not valid."""

    def __init__(self, message: str, *, where: str | None = None, problems=()) -> None:
        super().__init__(message, where=where)
        self.problems = tuple(problems)


class Terminated(BaseException):
    """SIGTERM arrived while `batch` had outputs open: raised so that they are removed."""
