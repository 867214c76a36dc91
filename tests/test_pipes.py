"""The pipes between batch's reading process and its workers: every message comes out as it
went in (its head, and its payload: none, empty, or larger than the pipe), in order, and a
closed pipe is an EOFError, not a hang."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sertifikat_cek.batch.pipes import PIPE_BYTES, channel_pair

payloads = st.one_of(
    st.none(),
    st.binary(max_size=64),
    st.integers(0, 3 * PIPE_BYTES).map(lambda n: bytes(range(256)) * (n // 256) + b"x" * (n % 256)),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers() | st.text(max_size=8) | st.none(), payloads), max_size=5))
def test_messages_come_out_as_they_went_in(messages):
    here, there = channel_pair()
    try:
        # a thread writes while this one reads: a payload larger than the pipe would block
        writer = threading.Thread(target=lambda: [here.send(h, p) for h, p in messages])
        writer.start()
        received = []
        for index in range(len(messages)):
            head, payload = there.receive() if index % 2 else there.receive_held()[:2]
            received.append((head, None if payload is None else bytes(payload)))
        writer.join()
        assert received == messages
    finally:
        here.close()
        there.close()


def test_a_closed_pipe_ends_the_reading_with_eof():
    here, there = channel_pair()
    here.close()
    with pytest.raises(EOFError):
        there.receive()
    there.close()


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.integers() | st.none(), payloads), max_size=8),
    st.integers(1, 3),
    st.sampled_from([1, 4096, 70_000]),
)
def test_payloads_through_shared_slots_come_out_as_they_went_in(messages, count, size):
    """With shared slots (and the pipe for a payload larger than a slot), every message comes
    out as it went in while the sender keeps at most `count` messages unread, as batch.stream
    does; a payload viewed with receive_held stays as it was until the sender reuses its slot."""
    from sertifikat_cek.batch.pipes import Slots

    here, there = channel_pair(Slots(count, size), Slots(count, size))
    try:
        received = []
        for start in range(0, len(messages), count):
            window = messages[start : start + count]
            writer = threading.Thread(target=lambda w=window: [here.send(h, p) for h, p in w])
            writer.start()
            for index in range(len(window)):
                head, payload = there.receive() if index % 2 else there.receive_held()[:2]
                received.append((head, None if payload is None else bytes(payload)))
            writer.join()
        assert received == messages
        # and the other way, through the end that releases its pages once done with them
        writer = threading.Thread(target=lambda: [there.send(h, p) for h, p in messages[:count]])
        writer.start()
        back = []
        for _ in messages[:count]:
            head, payload = here.receive_held()[:2]
            back.append((head, None if payload is None else bytes(payload)))
        writer.join()
        assert back == messages[:count]
    finally:
        here.close()
        there.close()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([b"a", b";", b'"', b"\n", b"\r", b"\r\n", b"x" * 40]), max_size=80),
    st.integers(1, 30),
    st.sampled_from([0, 1, 2]),
    st.integers(8, 64),
)
def test_blocks_read_into_a_ring_are_those_read_without(pieces, size, slots_off, slot_bytes):
    """The input's blocks read straight into a ring of shared slots are the blocks read
    without one, byte for byte (a line too long for a slot comes as bytes); each block in a
    slot is named by the ring's last slot, until a slot is used again."""
    import io

    from sertifikat_cek.batch.csv_input import whole_line_blocks
    from sertifikat_cek.batch.pipes import Ring

    data = b"".join(pieces)
    first, rest = data[:5], data[5:]
    plain = list(whole_line_blocks(io.BytesIO(rest), first, lambda: size))
    ring = Ring(3, slot_bytes)
    use = {"ring": ring}  # off for some blocks, as before the Jobs' reader sets it
    got = []
    for index, block in enumerate(
        whole_line_blocks(io.BytesIO(rest), first, lambda: size, lambda: use["ring"])
    ):
        if block.__class__ is memoryview:
            assert block.obj is ring.memory
            start = ring.last * ring.size
            assert bytes(ring.view[start : start + len(block)]) == bytes(block)
        got.append(bytes(block))
        use["ring"] = None if slots_off and index % (slots_off + 1) == 1 else ring
    assert got == plain
    assert b"".join(got) == data


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.integers() | st.none(), payloads), max_size=8),
    st.integers(1, 3),
    st.sampled_from([1, 4096, 70_000]),
)
def test_payloads_held_past_later_messages_stay_as_they_went_in(messages, count, size):
    """A payload taken with receive_held stays as it was while later messages come in, as
    long as the sender has put fewer than `count` more into its slots (batch.stream keeps a
    worker's results done ahead that way, until the older ones are written); done_with then
    hands its pages back, and later payloads still come out whole."""
    from sertifikat_cek.batch.pipes import Slots

    here, there = channel_pair(Slots(count, size), Slots(count, size))
    room = threading.Semaphore(count)  # a slot is put again only once its payload is written

    def send_all() -> None:
        for head, payload in messages:
            room.acquire()
            there.send(head, payload)

    try:
        writer = threading.Thread(target=send_all)
        held: list[tuple] = []
        received = []
        writer.start()
        for _ in messages:
            held.append(here.receive_held())
            if len(held) == count:  # as many held as there are slots: write the oldest out
                first_head, first, first_span = held.pop(0)
                received.append((first_head, None if first is None else bytes(first)))
                here.done_with(first_span)
                room.release()
        for got_head, got, span in held:
            received.append((got_head, None if got is None else bytes(got)))
            here.done_with(span)
        writer.join()
        assert received == messages
    finally:
        here.close()
        there.close()
