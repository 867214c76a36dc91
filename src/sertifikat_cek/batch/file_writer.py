"""The raw writer under each file `batch` writes: its errors name the file, and a temporary
file's bytes go to the disk as the run goes on, with O_DIRECT from a staging buffer of whole
blocks where the file system takes it, else through the page cache, handed to the disk every
WRITE_BACK_BYTES. Used by batch.output_files."""

from __future__ import annotations

import contextlib
import errno
import io
import os

# O_DIRECT wants the memory, the file offset and the size of each write in whole blocks: 4 KiB
# is a multiple of every usual sector size (512 B, 4 KiB). The stage is written out each time
# it is full; the last, partial block is written padded and the file cut to its length.
#
# Why: through the page cache, the reading process (which writes the output) spent 0.1 to 0.2 s
# of CPU on 112 to 190 MB of output allocating pages, copying into them and starting their
# writeback, while the workers wanted both CPUs; written direct, the bytes are copied once
# into the stage and the disk takes them from there. Measured (bench/batch.py exports, two
# workers, interleaved runs): helpdesk 1.30 s to 1.18 s at best, timeline 1.58 s to 1.45 s.
BLOCK = 4096
STAGE_BYTES = 4 * 1024 * 1024

# Through the page cache, a temporary file's pages are handed to the disk every this many
# bytes (posix_fadvise DONTNEED starts their writeback), so that the fsync before the rename
# has little left to wait for: 80 ms less at the end of 190 MB of output, measured.
WRITE_BACK_BYTES = 16 * 1024 * 1024


def direct_on(fd: int) -> bool:
    """Whether O_DIRECT could be set on `fd` (Linux; a file system that refuses it: no)."""
    if not hasattr(os, "O_DIRECT"):
        return False
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_DIRECT)
    except (ImportError, OSError):
        return False
    return True


def _direct_off(fd: int) -> bool:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_DIRECT)
    except (ImportError, OSError):
        return False
    return True


class NamedWriter(io.RawIOBase):
    """A file descriptor's writes, whose OSError (a full disk) names the file written. With
    `temporary` (a file of the run's own, renamed into place at the end), its bytes go to the
    disk as it grows; `end()` writes what is staged, before the fsync."""

    def __init__(self, fd: int, name: str, temporary: bool = False) -> None:
        super().__init__()
        self.fd, self.name = fd, name
        self.write_back = temporary and hasattr(os, "posix_fadvise")
        self.written = self.sent = 0  # bytes in the file, and those handed to the disk
        self.direct = temporary and direct_on(fd)
        self.fill = 0  # bytes staged, not yet in the file
        self._stage = self._view = None
        if self.direct:
            import mmap

            self._stage = mmap.mmap(-1, STAGE_BYTES)  # page-aligned, as O_DIRECT wants it
            self._view = memoryview(self._stage)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        view = self._view
        if view is None:
            try:
                count = os.write(self.fd, data)
            except OSError as error:
                raise OSError(error.errno, error.strerror, self.name) from None
            self.written += count
            self._write_back()
            return count
        given = memoryview(data).cast("B")
        size, at = len(given), 0
        while at < size:
            take = min(size - at, STAGE_BYTES - self.fill)
            view[self.fill : self.fill + take] = given[at : at + take]
            self.fill += take
            at += take
            if self.fill == STAGE_BYTES:
                self._emit(STAGE_BYTES)
                self.fill = 0
        return size

    def end(self) -> None:
        """The staged bytes into the file: the last block padded, then the file cut to its
        length."""
        if not self.fill:
            return
        size, count = self.written + self.fill, self.fill
        if self.direct:
            count = -(-count // BLOCK) * BLOCK
            self._view[self.fill : count] = bytes(count - self.fill)
        self._emit(count)
        padded, self.fill = count != self.fill, 0
        if padded:
            try:
                os.ftruncate(self.fd, size)
            except OSError as error:
                raise OSError(error.errno, error.strerror, self.name) from None
        self.written = size

    def _emit(self, count: int) -> None:
        """The stage's first `count` bytes into the file. A file system that took O_DIRECT
        but refuses a write with it (EINVAL: a block larger than BLOCK) gets the same bytes,
        and the rest of the run, through the page cache."""
        done = 0
        while done < count:
            try:
                done += os.write(self.fd, self._view[done:count])
            except OSError as error:
                if error.errno == errno.EINVAL and self.direct and _direct_off(self.fd):
                    self.direct = False
                    continue
                raise OSError(error.errno, error.strerror, self.name) from None
        self.written += count
        if not self.direct:
            self._write_back()

    def _write_back(self) -> None:
        if self.write_back and self.written - self.sent >= WRITE_BACK_BYTES:
            with contextlib.suppress(OSError):  # advice: nothing depends on it
                os.posix_fadvise(
                    self.fd, self.sent, self.written - self.sent, os.POSIX_FADV_DONTNEED
                )
            self.sent = self.written

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if not self.closed:
            super().close()
            if self._view is not None:
                self._view.release()
                # a slice of the stage still held (by the traceback of a failed write, whose
                # frames keep their arguments): the mapping goes when the last of them does
                with contextlib.suppress(BufferError):
                    self._stage.close()
            os.close(self.fd)
