"""The rules as data: the rule set as frozen values, its reading and validation, and its report.

Part of the functional core. It reads the YAML files of a rule directory (`location` says where
they are; `loader` validates them and reports every problem as file:line:column; `cached` gives
the bundled ones from `prebuilt` while they are unchanged, without the YAML) and may import
`calendar`, `errors` and `texts`; it never imports `decide`, `batch`, `render` or `cli` (the
validators of the smaller files, and the readers `prebuilt` runs, are named by string and
imported only when rules are checked).
`decide`, `info`, `batch` and the shell import it. The YAML itself ships in `rules/bundled/`.
"""
