"""The columnar path's table of result tails: every row gets the tail of its own result key,
whatever keys, due days and clearings came before, and a key's tail is made once while it
stays in the table."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sertifikat_cek.batch.result_tails import DUE_BITS, TailTable

# due 0 (none) or a day ordinal, as the arrays give them; a few result combinations
rows = st.tuples(st.integers(0, 40), st.one_of(st.just(0), st.integers(737_000, 737_000 + 3000)))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(rows, max_size=30), min_size=1, max_size=8),
    st.sampled_from([3, 50, 2_000_000]),
)
# a due day the day before the earliest met: it once found the no-due column of its row
@example(blocks=[[(0, 0), (0, 737_001)], [(0, 737_000)]], limit=3)
@example(blocks=[[(0, 0), (0, 737_001)], [(0, 737_000)]], limit=2_000_000)
def test_every_row_gets_its_own_results_tail(blocks, limit):
    made: list[int] = []

    def make(key: int) -> bytes:
        made.append(key)
        return b";tail-%d\r\n" % key

    table = TailTable()
    table.LIMIT = limit
    for block in blocks:
        combination = np.asarray([c for c, _ in block], dtype=np.int64)
        due = np.asarray([d for _, d in block], dtype=np.int64)
        tails = table.lookup(combination, due, make)
        keys = [(c << DUE_BITS) | d for c, d in block]
        assert tails.tolist() == [b";tail-%d\r\n" % key for key in keys]
    if limit == 2_000_000:  # never cleared: each key's tail made once
        assert len(made) == len(set(made))
