"""The edge of the CLI towards the operating system: closed standard streams, OS errors as one line.

`OneLineErrors.main` (in `cli/__init__`) is the one place that catches OSError for every
command; this module says what such an error means to a user (`os_error_line`), makes a closed
stdin/stdout/stderr an error the commands can meet like any other (`repair_std_streams`), and
quiets standard output after a closed pipe or a full disk so that the interpreter's last flush
cannot print a traceback (`quiet_stdout`)."""

from __future__ import annotations

import errno
import io
import os
import sys

STDOUT_NAME = "standard output"
STDIN_NAME = "standard input"

# What to do about each error, after "cannot read/write: <strerror>; ".
FIXES = {
    errno.ENOSPC: "free some space or write to another disk",
    errno.EDQUOT: "free some space (your disk quota is full) or write elsewhere",
    errno.EACCES: "check its permissions, or choose another path",
    errno.EPERM: "check its permissions, or choose another path",
    errno.EROFS: "the file system is read-only: choose a path on a writable disk",
    errno.EBADF: "it is closed: run the command with it open (e.g. not with >&- or <&-)",
    errno.EIO: "the disk or terminal failed: check it and run again",
    errno.EISDIR: "it is a directory: name a file",
    errno.ENOENT: "check the path",
    errno.ENOTDIR: "a part of the path is not a directory: check the path",
    errno.EFBIG: "the file is too large for this disk: write elsewhere",
    errno.ENAMETOOLONG: "the name is too long: choose a shorter path",
}


class ClosedStream(io.TextIOBase):
    """A standard stream that was closed when the command started (`<&-`, `>&-`): reading or
    writing it is an OSError(EBADF) naming it, as for any other file; it is not a terminal."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def _closed(self, *_args, **_kwargs):
        raise OSError(errno.EBADF, "Bad file descriptor", self.name)

    read = readline = write = fileno = _closed

    @property
    def buffer(self):
        return self  # `sys.stdin.buffer.read()` meets the same error

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        pass


def repair_std_streams() -> None:
    """Make closed standard streams safe: each closed descriptor 0, 1, 2 is held by /dev/null (so
    that no file opened later takes its number and receives what was meant for it); a closed
    stdin or stdout becomes a ClosedStream, a closed stderr writes to /dev/null."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                opened = os.open(os.devnull, os.O_RDWR)
            except OSError:
                continue
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)
    if sys.stdin is None:
        sys.stdin = ClosedStream(STDIN_NAME)
    if sys.stdout is None:
        sys.stdout = ClosedStream(STDOUT_NAME)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process


def is_broken_pipe(error: BaseException) -> bool:
    return isinstance(error, BrokenPipeError) or (
        isinstance(error, OSError) and error.errno == errno.EPIPE
    )


def os_error_line(error: OSError) -> str:
    """An OSError as one line: the path (standard output when none is named: every command but
    `batch -o` writes there), what failed and the fix."""
    where = error.filename if error.filename not in (None, "") else STDOUT_NAME
    if isinstance(where, bytes | int):
        where = str(where)
    reason = error.strerror or str(error)
    fix = FIXES.get(error.errno, "check the file and run again")
    if where == STDIN_NAME:
        return f"{where}: cannot be read: {reason}; {fix}"
    return f"{where}: {reason}; {fix}"


def quiet_stdout() -> None:
    """Standard output to /dev/null, what is still buffered dropped: after a closed pipe (`|
    head`) or a full disk, so that no later flush (the interpreter's at exit) fails again."""
    stream = sys.stdout
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass
    # what is still buffered would be written again at exit; drop it where we can
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None and hasattr(buffer, "raw"):
            sys.stdout = io.TextIOWrapper(open(os.devnull, "wb"), encoding="utf-8")  # noqa: SIM115
    except OSError:
        pass


def say(line: str) -> None:
    """One line on stderr; nothing when stderr itself cannot be written."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
