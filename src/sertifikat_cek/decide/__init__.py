"""The decision: a case's input, its assessment (`assess`, and `arrays`: the same over numpy
columns of cases, for batch), its explanation (`explain`/`decide`),
its JSON report, the guided questions' logic and the ready-to-send replies.

Part of the functional core: pure functions over `rules` values and `calendar` arithmetic; it
imports `calendar`, `rules`, `info`, `errors` and `texts`, never `batch`, `render`, `cli`, typer
or rich. `diagnose`, the guided questions and every `batch` row go through `assess` here, or
through `arrays`, which tests hold equal to it.
"""
