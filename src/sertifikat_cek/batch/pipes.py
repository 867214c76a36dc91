"""The pipes between the process that reads an input and its worker processes: each message a
small pickled head and a payload of raw bytes (a Job's input, a result's output), the payload
written from its own buffer and read straight into one, in pipes widened to 1 MiB.

multiprocessing's Connection pickled every payload, read it in 64 KiB pieces into a buffer and
copied it twice more; for the output of a million rows (about 110 MB) that was most of what
the reading process did besides writing."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
import struct

# the size of the pickled head, and 0 for no payload, else the payload's size + 1
HEAD = struct.Struct("<QQ")
PIPE_BYTES = 1 << 20  # Linux's default limit for an unprivileged process


class Channel:
    """One end of a worker's two pipes: it reads messages from one and writes to the other.
    A closed or broken pipe raises EOFError (reading) or OSError (writing)."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self.read_fd, self.write_fd = read_fd, write_fd
        self._buffer = bytearray()  # reused by receive_into

    def send(self, head: object, payload: bytes | memoryview | None = None) -> None:
        pickled = pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL)
        size = 0 if payload is None else len(payload) + 1
        _write_all(self.write_fd, HEAD.pack(len(pickled), size) + pickled)
        if size > 1:
            _write_all(self.write_fd, payload)

    def receive(self) -> tuple[object, bytes | None]:
        """The next message: its head and its payload as bytes (None when it had none)."""
        head, size = self._head()
        return head, (None if size is None else _read_exactly(self.read_fd, size))

    def receive_into(self) -> tuple[object, memoryview | None]:
        """As receive, with the payload in this channel's own buffer: valid until the next
        message is received."""
        head, size = self._head()
        if size is None:
            return head, None
        if len(self._buffer) < size:
            self._buffer = bytearray(size)
        view = memoryview(self._buffer)[:size]
        _read_into(self.read_fd, view)
        return head, view

    def close(self) -> None:
        for fd in (self.read_fd, self.write_fd):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _head(self) -> tuple[object, int | None]:
        """The next message's head, and the size of its payload (None: it has none)."""
        head_size, payload_size = HEAD.unpack(_read_exactly(self.read_fd, HEAD.size))
        head = pickle.loads(_read_exactly(self.read_fd, head_size))
        return head, (payload_size - 1 if payload_size else None)


def channel_pair() -> tuple[Channel, Channel]:
    """The two ends of a worker's pipes: (this process's, the worker's)."""
    to_worker, from_worker = os.pipe(), os.pipe()
    for _, write_end in (to_worker, from_worker):
        with contextlib.suppress(OSError, ImportError, AttributeError):  # Linux, not too much
            import fcntl

            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    here = Channel(from_worker[0], to_worker[1])
    there = Channel(to_worker[0], from_worker[1])
    return here, there


def without_payload(message, field: str):
    """A dataclass message with its payload field taken out: (the rest, the payload)."""
    payload = getattr(message, field)
    if payload.__class__ is not bytes:  # text of the row path: it stays in the head
        return message, None
    return dataclasses.replace(message, **{field: None}), payload


def _write_all(fd: int, data) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exactly(fd: int, size: int) -> bytes:
    parts, left = [], size
    while left:
        part = os.read(fd, left)
        if not part:
            raise EOFError("the pipe was closed")
        parts.append(part)
        left -= len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)  # b"" for none


def _read_into(fd: int, view: memoryview) -> None:
    while view:
        count = os.readv(fd, [view])
        if not count:
            raise EOFError("the pipe was closed")
        view = view[count:]
