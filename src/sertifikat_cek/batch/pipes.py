"""The pipes between the process that reads an input and its worker processes: each message a
small pickled head and a payload of raw bytes (a Job's input, a result's output). A payload
goes through memory shared with the worker (slots, mapped before the fork) when it fits a
slot, else through the pipe, written from its own buffer and read as bytes of its own (pipes
widened to 1 MiB). The input's Jobs are read from the file straight into a Ring of slots that
every worker reads, so that the reading process copies none of them.

multiprocessing's Connection pickled every payload, read it in 64 KiB pieces into a buffer and
copied it twice more; for the output of a million rows (about 110 MB) that was most of what
the reading process did besides writing. A pipe still costs the kernel two copies of every
byte (about 0.13 s of system time per 300 MB on each side, measured); a slot costs one copy."""

from __future__ import annotations

import contextlib
import dataclasses
import mmap
import os
import pickle
import struct

# the size of the pickled head; 0 for no payload, else the payload's size + 1; and the slot
# that holds the payload, or -1 (in the pipe, after the head)
HEAD = struct.Struct("<QQq")
PIPE_BYTES = 1 << 20  # Linux's default limit for an unprivileged process


class Slots:
    """`count` slots of `size` bytes in anonymous shared memory (MAP_SHARED: a forked worker
    sees what this process writes, and the reverse), used in turn by one sender.

    A payload put in a slot stays there until the sender has put `count` more: the protocol of
    the two processes (batch.stream) ensures the receiver is done with it by then. `release`
    hands a slot's pages back (MADV_DONTNEED): they keep their bytes, shared, but are no longer
    in the resident memory of the process that released them."""

    def __init__(self, count: int, size: int) -> None:
        self.count = count
        self.size = -(-size // mmap.PAGESIZE) * mmap.PAGESIZE  # slots start on a page
        self.memory = mmap.mmap(-1, count * self.size)
        self.view = memoryview(self.memory)
        self.next = 0

    def put(self, payload) -> int | None:
        """The payload copied into the next slot: its number; None when it does not fit."""
        size = len(payload)
        if size > self.size:
            return None
        slot, self.next = self.next, (self.next + 1) % self.count
        self.view[slot * self.size : slot * self.size + size] = payload
        return slot

    def payload(self, slot: int, size: int) -> memoryview:
        if not 0 <= slot < self.count or size > self.size:
            raise EOFError(f"a message names slot {slot} of {size} bytes: the pipe is broken")
        return self.view[slot * self.size : slot * self.size + size]

    def release(self, slot: int, size: int) -> None:
        if size and hasattr(self.memory, "madvise"):
            with contextlib.suppress(OSError, ValueError):  # advice: the bytes stay either way
                self.memory.madvise(mmap.MADV_DONTNEED, slot * self.size, size)


class Ring(Slots):
    """Slots that the reader of the input fills in turn, straight from the file, and that every
    worker reads (csv_input.whole_line_blocks): `offset()` is where the next block goes,
    `commit()` hands that slot out (`last`) and moves on. The stream's window of Jobs in flight
    ensures a slot is read again only after its Job's result is in."""

    last = -1

    def offset(self) -> int:
        return self.next * self.size

    def commit(self) -> int:
        self.last, self.next = self.next, (self.next + 1) % self.count
        return self.last


class Channel:
    """One end of a worker's two pipes: it reads messages from one and writes to the other,
    with the shared slots that its sent payloads go into (`sent`) and those of the payloads it
    receives (`received`), when there are slots; a slot's pages leave this process's resident
    memory once it is done with them where `release_sent` or `release_received` says so. A
    closed or broken pipe raises EOFError (reading) or OSError (writing)."""

    def __init__(
        self,
        read_fd: int,
        write_fd: int,
        sent: Slots | None = None,
        received: Slots | None = None,
        releases: bool = False,
    ) -> None:
        self.read_fd, self.write_fd = read_fd, write_fd
        self.sent, self.received = sent, received
        self.release_sent = self.release_received = releases

    def send(self, head: object, payload: bytes | memoryview | None = None, slot: int = -1) -> None:
        """A message; a payload that is already in slot `slot` of the receiver's slots (a
        Ring's) is not copied: the message names the slot."""
        pickled = pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL)
        size = 0 if payload is None else len(payload) + 1
        if slot < 0:
            slot = self.sent.put(payload) if size > 1 and self.sent is not None else None
            if slot is not None and self.release_sent:
                self.sent.release(slot, size - 1)
        where = -1 if slot is None else slot
        _write_all(self.write_fd, HEAD.pack(len(pickled), size, where) + pickled)
        if size > 1 and slot is None:
            _write_all(self.write_fd, payload)

    def receive(self) -> tuple[object, bytes | None]:
        """The next message: its head and its payload as bytes (None when it had none)."""
        head, size, slot = self._head()
        if size is None:
            return head, None
        if slot < 0:
            return head, _read_exactly(self.read_fd, size)
        data = bytes(self.received.payload(slot, size))
        if self.release_received:
            self.received.release(slot, size)
        return head, data

    def receive_held(self) -> tuple[object, bytes | memoryview | None, tuple[int, int] | None]:
        """The next message, for a payload kept past later messages: its head, and a payload in
        a shared slot as a view of it, with its (slot, size), valid until the sender has put as
        many more payloads as it has slots (the caller then hands the pair to `done_with`); one
        that came through the pipe as bytes of its own (None and None: no payload)."""
        head, size, slot = self._head()
        if size is None:
            return head, None, None
        if slot >= 0:
            return head, self.received.payload(slot, size), (slot, size)
        return head, _read_exactly(self.read_fd, size), None

    def done_with(self, held: tuple[int, int] | None) -> None:
        """A payload from receive_held is no longer needed: its pages leave this process's
        resident memory (where `release_received` says so)."""
        if held is not None and self.release_received:
            self.received.release(*held)

    def close(self) -> None:
        for fd in (self.read_fd, self.write_fd):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _head(self) -> tuple[object, int | None, int]:
        """The next message's head, the size of its payload (None: it has none), and the slot
        that holds it (-1: the pipe)."""
        head_size, payload_size, slot = HEAD.unpack(_read_exactly(self.read_fd, HEAD.size))
        if slot >= 0 and (self.received is None or not payload_size):
            raise EOFError(f"a message names slot {slot}, and there are none: the pipe is broken")
        head = pickle.loads(_read_exactly(self.read_fd, head_size))
        return head, (payload_size - 1 if payload_size else None), slot


def channel_pair(to_worker: Slots | None = None, from_worker: Slots | None = None):
    """The two ends of a worker's pipes: (this process's, the worker's), with the shared slots
    of the payloads each way (none: every payload goes through the pipe). This process's end
    releases the slots' pages as it is done with them: their bytes then count in the worker's
    resident memory only (which writes or reads them once), not in this one's too."""
    to_pipe, from_pipe = os.pipe(), os.pipe()
    for _, write_end in (to_pipe, from_pipe):
        with contextlib.suppress(OSError, ImportError, AttributeError):  # Linux, not too much
            import fcntl

            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    here = Channel(from_pipe[0], to_pipe[1], sent=to_worker, received=from_worker, releases=True)
    there = Channel(to_pipe[0], from_pipe[1], sent=from_worker, received=to_worker)
    return here, there


def without_payload(message, field: str):
    """A dataclass message with its payload field taken out: (the rest, the payload)."""
    payload = getattr(message, field)
    if payload.__class__ is not bytes and payload.__class__ is not memoryview:
        # text of the row path: it stays in the head
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
