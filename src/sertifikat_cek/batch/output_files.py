"""The files `batch` writes, made safe: never the input, and complete or not there at all.

Before the input is read, `Outputs.open` compares every target (-o, --summary-json, and standard
output when it is redirected to a file) with the input by device and inode, links followed, and
refuses a target that is the input, or two targets that are one file (exit 2). A file target is
written to a temporary file beside it (which shows at once that it can be written) and renamed
into place by `commit`, only when the run ends with exit 0 or 1; on any other end (an error,
Ctrl-C, SIGTERM, a worker killed) the temporary files are removed and stderr says that nothing
was written, or, for standard output, how many rows were written before the stop. A target that
exists and is not a regular file (/dev/null, a FIFO, a terminal) is written directly. The
temporary files are written through batch.file_writer (O_DIRECT where the file system takes it)."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Callable

from sertifikat_cek.batch.file_writer import NamedWriter
from sertifikat_cek.errors import InputError, Terminated

STDOUT = "-"
WRITE_BUFFER = 256 * 1024


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def input_identity(stream) -> tuple[int, int] | None:
    """The device and inode of an opened input, when it is a regular file (a pipe or a terminal
    cannot be written over)."""
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None
    return _identity(info) if stat.S_ISREG(info.st_mode) else None


def stdout_identity() -> tuple[int, int] | None:
    """The device and inode standard output is redirected to (`> file`, `>> file`), if any."""
    try:
        return _identity(os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None  # closed, or not a file (a test's buffer): it cannot be the input


def path_identity(path: str) -> tuple[int, int] | None:
    """The device and inode of an existing file (links followed); None when there is none."""
    try:
        return _identity(os.stat(path))
    except (OSError, ValueError):
        return None


def preflight(inputs: list[str], output: str, summary_json: str | None) -> None:
    """Before anything is read (standard input included, whose first bytes would wait for a
    writer): no output names an input, by any name or link, and each output can be written.
    Every batch path calls it first; Outputs.open then opens the targets."""
    sources: set[tuple[int, int]] = set()
    for path in inputs:
        found = (
            _identity_of_fd(0) if path == STDOUT else path_identity(path)
        )  # '-' is standard input here
        if found is not None:
            sources.add(found)
    named = [("--output", output)]
    if summary_json is not None:
        named.append(("--summary-json", summary_json))
    for option, path in named:
        found = stdout_identity() if path == STDOUT else path_identity(path)
        if found is not None and found in sources:
            what = "standard output" if path == STDOUT else repr(path)
            raise InputError(
                f"{what} is the input file; write the result to another file", where=option
            )
        if path == STDOUT:
            continue
        real = os.path.realpath(path)
        if os.path.isdir(real):
            raise InputError("is a directory; name a file to write", where=path)
        folder = os.path.dirname(real) or "."
        if os.path.exists(real):
            writable = os.access(real, os.W_OK)
        else:
            writable = os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK)
        if not writable:
            reason = "permission denied" if os.path.isdir(folder) else "no such folder"
            raise InputError(f"cannot be written ({reason}); choose another file", where=path)


def _identity_of_fd(fd: int) -> tuple[int, int] | None:
    try:
        info = os.fstat(fd)
    except OSError:
        return None
    return _identity(info) if stat.S_ISREG(info.st_mode) else None


def check_input_unchanged(source) -> None:
    """An input file that grew or shrank while it was read (something else writes to it) is an
    error: the rows read may be a mix of two versions. Not for standard input or a pipe."""
    if source.size is None or input_identity(source.stream) is None:
        return
    try:
        now = os.fstat(source.stream.fileno()).st_size
    except (OSError, ValueError):
        return
    if now != source.size or source.bytes_read != source.size:
        raise InputError(
            f"changed while it was read ({source.size:,} bytes at the start, {now:,} at the "
            "end); run again when nothing else writes to it, or on a copy",
            where=source.name,
        )


class Target:
    """One file the run writes: a temporary file beside `path`, renamed into place on commit
    (or `path` itself when it is not a regular file)."""

    def __init__(self, path: str, what: str) -> None:
        self.path, self.what = path, what
        self.temporary: str | None = None
        real = os.path.realpath(path)  # a link to a file: the file is replaced, not the link
        try:
            info = os.stat(real)
        except FileNotFoundError:
            info = None
        except OSError as error:
            raise _cannot(path, error) from None
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory; name a file to write", where=path)
        try:
            if info is not None and not stat.S_ISREG(info.st_mode):
                fd = os.open(real, os.O_WRONLY | os.O_TRUNC)  # /dev/null, a FIFO
            else:
                if info is not None and not os.access(real, os.W_OK):
                    raise InputError(
                        "cannot be written (permission denied); choose another file", where=path
                    )
                fd, self.temporary = tempfile.mkstemp(
                    prefix=f".{os.path.basename(real)}.", suffix=".part", dir=os.path.dirname(real)
                )
                os.fchmod(fd, stat.S_IMODE(info.st_mode) if info is not None else _new_mode())
        except OSError as error:
            raise _cannot(path, error) from None
        self.real = real
        writer = NamedWriter(fd, path, temporary=self.temporary is not None)
        self.stream = io.BufferedWriter(writer, WRITE_BUFFER)

    def finish(self) -> None:
        """Everything written and on the disk (a full disk is met here, before any rename)."""
        self.stream.flush()
        if self.temporary is not None:
            self.stream.raw.end()
            os.fsync(self.stream.fileno())
        self.stream.close()

    def commit(self) -> None:
        """The finished file in place."""
        if self.temporary is not None:
            os.replace(self.temporary, self.real)
            self.temporary = None

    def discard(self) -> bool:
        """The temporary file removed; True when `path` was left as it was."""
        with contextlib.suppress(OSError, ValueError):
            self.stream.close()
        if self.temporary is None:
            return False
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)
        self.temporary = None
        return True


def _new_mode() -> int:
    """The mode a new file gets from open(): 0o666 less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _cannot(path: str, error: OSError) -> InputError:
    return InputError(
        f"cannot be written: {error.strerror}; choose a file in a directory you can write to",
        where=path,
    )


class Outputs:
    """The run's outputs: the rows (a Target, or standard output) and the summary file.

    `open` makes them the active outputs of the command that `guarded` wraps: when it ends
    without `commit` (any exception, SIGTERM included), the temporary files are removed and
    stderr says so."""

    def __init__(self) -> None:
        self.rows: Target | None = None
        self.summary: Target | None = None
        self.committed = False
        self.rows_written: Callable[[], int] = lambda: 0

    @classmethod
    def open(cls, input_stream, output: str, summary_json: str | None) -> Outputs:
        """Check the targets against the input and each other, and open them (before the input
        is read: a target that cannot be written stops the run before any work)."""
        source = input_identity(input_stream)
        named = [("--output", output)]
        if summary_json is not None:
            named.append(("--summary-json", summary_json))
        seen: dict[object, str] = {}
        for option, path in named:
            found = stdout_identity() if path == STDOUT else path_identity(path)
            if found is None and path != STDOUT:
                found = os.path.realpath(path)  # not there yet: two names of one new file
            if found is not None and found == source:
                what = "standard output" if path == STDOUT else repr(path)
                raise InputError(
                    f"{what} is the input file; write the result to another file", where=option
                )
            if found is not None and found in seen:
                raise InputError(f"is the same file as {seen[found]}; name another", where=option)
            if found is not None:
                seen[found] = option
        outputs = cls()
        try:
            if output != STDOUT:
                outputs.rows = Target(output, "--output")
            if summary_json not in (None, STDOUT):
                outputs.summary = Target(summary_json, "--summary-json")
        except BaseException:
            outputs.discard_all()
            raise
        _ACTIVE.append(outputs)
        return outputs

    def rows_stream(self):
        """The binary stream the rows go to."""
        if self.rows is not None:
            return self.rows.stream
        sys.stdout.flush()
        return sys.stdout.buffer

    def write_summary(self, text: str) -> None:
        """The summary JSON to its file (or to standard output, for `--summary-json -`)."""
        if self.summary is None:
            sys.stdout.write(text)
        else:
            self.summary.stream.write(text.encode("utf-8"))

    def commit(self) -> None:
        """The run ended with exit 0 or 1: every file written, then each put in place."""
        targets = [target for target in (self.rows, self.summary) if target is not None]
        for target in targets:
            target.finish()
        for target in targets:
            target.commit()
        self.committed = True

    def discard_all(self) -> list[str]:
        """Every temporary file removed; the targets left as they were."""
        return [t.path for t in (self.rows, self.summary) if t is not None and t.discard()]

    def abandon(self, error: BaseException | None) -> None:
        """The run ended without commit: remove what it wrote, and say so (not after a closed
        pipe: the reader of standard output stopped it and wants nothing more)."""
        if self.committed:
            return
        kept = self.discard_all()
        from sertifikat_cek.cli.edge import is_broken_pipe, say

        if error is None or is_broken_pipe(error):
            return  # the reader of standard output closed it: it wants nothing more, not even this
        if kept:
            say(
                "sertifikat-cek batch: nothing was written to "
                + " or ".join(kept)
                + " (the run stopped; each is as it was before)"
            )
        written = self.rows_written()
        if self.rows is None and written:
            say(
                f"sertifikat-cek batch: the run stopped; standard output has only the first "
                f"{written} {'row' if written == 1 else 'rows'} (it is incomplete)"
            )


_ACTIVE: list[Outputs] = []


def guarded(command: Callable) -> Callable:
    """The command, with its outputs (opened by Outputs.open) removed unless committed, on any
    end: an exception, Ctrl-C, or SIGTERM (made an exception while the command runs)."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            previous = signal.signal(signal.SIGTERM, _terminate)
        except ValueError:  # not the main thread
            previous = None
        error = None
        try:
            return command(*args, **kwargs)
        except BaseException as stop:
            error = stop
            raise
        finally:
            while _ACTIVE:
                _ACTIVE.pop().abandon(error)
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    return run


def _terminate(_signum, _frame) -> None:
    raise Terminated()
