"""`batch`, the shell for exports: CSV bytes in, one result per row out, in order, streamed.

`csv_input` reads bytes into lines (encoding, BOM, delimiter, header), `columns` maps header
names to fields, `rows` turns a row's cells into a case and decides it through `decide.assess`,
`blocks` decides whole blocks of lines, `columnar` (with `cell_codes`, `result_tails` and
`block_parts`) decides them as arrays through `decide.arrays` where that gives the same bytes,
`stream` runs blocks through worker processes in order (over `pipes`: heads on pipes, bytes
in shared memory), and `csv_output` writes the results. It imports the core packages; only
`cli.batch_cmd` imports it.
"""
