"""Rendering for people: rich panels and tables on a terminal, aligned plain text in a pipe.

Part of the shell. Each module renders the same JSON-ready data the `--json` output prints, so
what a person reads and what a script reads come from one place. It imports the core packages and
rich; only `cli` imports it, lazily, so commands that print JSON never pay for rich.
"""
