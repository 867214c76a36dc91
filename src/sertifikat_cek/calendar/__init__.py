"""The Indonesian calendar: the date parser, the holiday table and working-day arithmetic.

Part of the functional core: plain Python over plain data, no file or console I/O beyond reading
the bundled holiday snapshot. It imports only `errors` and `texts` from this package (and
`rules.yaml_positions` to read calendar.yaml's overrides); `rules`, `decide`, `batch` and the
shell import it.
"""
