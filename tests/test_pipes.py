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
            head, payload = there.receive() if index % 2 else there.receive_into()
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
