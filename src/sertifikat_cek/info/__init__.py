"""Programme information people ask about with a case: incentives, registration and contacts.

Part of the functional core: `programme` reads rules/info.yaml into plain values and `money`
writes amounts the Indonesian way. It imports `rules`, `errors` and `texts`; the `info` command
and the replies in `decide` import it.
"""
