"""Programme information people ask about with a case: incentives, registration and contacts.

Part of the functional core: `programme` holds the plain values of rules/info.yaml (which
`reader` reads and checks, unless the bundled rules are pre-built), `consequence` the one part
every diagnose shows, and `money` writes amounts the Indonesian way. It imports `rules`, `errors` and `texts`; the `info` command and the replies
in `decide` import it.
"""
