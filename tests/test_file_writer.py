"""An output file written direct (O_DIRECT, from a stage of whole blocks) holds exactly the
bytes written, in order, whatever the sizes of the writes; a file system that refuses O_DIRECT,
at the start or at a write, gets the same bytes through the page cache."""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sertifikat_cek.batch import file_writer
from sertifikat_cek.batch.output_files import Target

SMALL_STAGE = 3 * file_writer.BLOCK  # a stage filled many times by a few KiB of writes


def _write_all(path: Path, pieces: list[bytes]) -> Target:
    target = Target(str(path), "--output")
    for piece in pieces:
        target.stream.write(piece)
    target.finish()
    target.commit()
    return target


def _direct_here(directory: Path) -> bool:
    """Whether the file system under `directory` takes O_DIRECT (tmpfs before Linux 6.6 does
    not)."""
    fd, name = tempfile.mkstemp(dir=directory)
    try:
        return file_writer.direct_on(fd)
    finally:
        os.close(fd)
        os.unlink(name)


pieces_strategy = st.lists(
    st.one_of(
        st.binary(max_size=40),
        st.integers(0, 3 * SMALL_STAGE).map(lambda n: bytes(i % 251 for i in range(n))),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(pieces=pieces_strategy, direct=st.booleans())
def test_every_byte_reaches_the_file_in_order_whatever_the_sizes(pieces, direct):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.csv"
        path.write_bytes(b"the previous result\n" * 500)  # longer than most outputs here
        with (
            mock.patch.object(file_writer, "STAGE_BYTES", SMALL_STAGE),
            mock.patch.object(
                file_writer, "direct_on", file_writer.direct_on if direct else lambda fd: False
            ),
        ):
            _write_all(path, pieces)
        assert path.read_bytes() == b"".join(pieces)
        assert [p.name for p in Path(folder).iterdir()] == ["out.csv"]  # no temporary left


def test_written_direct_every_write_is_whole_blocks_at_block_offsets(tmp_path, monkeypatch):
    if not _direct_here(tmp_path):
        pytest.skip("this file system refuses O_DIRECT")
    monkeypatch.setattr(file_writer, "STAGE_BYTES", SMALL_STAGE)
    writes, real = [], os.write

    def recording(fd, data):
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        writes.append((os.lseek(fd, 0, os.SEEK_CUR), len(data), bool(flags & os.O_DIRECT)))
        return real(fd, data)

    monkeypatch.setattr(os, "write", recording)
    pieces = [b"x" * 1000, b"y" * 20_000, b"z" * 5]  # 21,005 bytes: 5 blocks and a part
    _write_all(tmp_path / "out.csv", pieces)
    monkeypatch.setattr(os, "write", real)
    assert (tmp_path / "out.csv").read_bytes() == b"".join(pieces)
    assert writes and all(direct for _, _, direct in writes)
    assert all(
        at % file_writer.BLOCK == 0 and size % file_writer.BLOCK == 0 for at, size, _ in writes
    )
    assert sum(size for _, size, _ in writes) == 6 * file_writer.BLOCK  # the last one padded


def test_a_write_refused_with_o_direct_goes_through_the_page_cache(tmp_path, monkeypatch):
    """A file system that takes the O_DIRECT flag but refuses its writes (EINVAL: a block
    larger than 4 KiB): the same bytes, and the rest of the run, written buffered."""
    if not _direct_here(tmp_path):
        pytest.skip("this file system refuses O_DIRECT")
    monkeypatch.setattr(file_writer, "STAGE_BYTES", SMALL_STAGE)
    real, refused = os.write, []

    def picky(fd, data):
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT:
            refused.append(len(data))
            raise OSError(errno.EINVAL, "Invalid argument")
        return real(fd, data)

    monkeypatch.setattr(os, "write", picky)
    pieces = [bytes([65 + i % 26]) * (997 * i + 3) for i in range(30)]
    target = Target(str(tmp_path / "out.csv"), "--output")
    for piece in pieces:
        target.stream.write(piece)
    raw = target.stream.raw
    target.finish()
    target.commit()
    monkeypatch.setattr(os, "write", real)
    assert refused == [SMALL_STAGE]  # refused once; buffered from there on
    assert raw.direct is False
    assert (tmp_path / "out.csv").read_bytes() == b"".join(pieces)


def test_a_full_disk_met_at_the_last_block_names_the_file_and_keeps_the_old_one(
    tmp_path, monkeypatch
):
    path = tmp_path / "out.csv"
    path.write_bytes(b"the previous result\n")

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    target = Target(str(path), "--output")
    target.stream.write(b"a short output: all of it still in the stage\n")
    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OSError) as raised:
        target.finish()  # before any rename
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(path)
    assert target.discard()
    assert path.read_bytes() == b"the previous result\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
