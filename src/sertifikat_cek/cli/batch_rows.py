"""`batch` one row at a time: workbooks in (--sheet), a workbook out (-o result.xlsx), several
inputs in one output with a `source` column, and the --only-errors / --verdict filters.

Every input is opened, its header mapped and its date orders decided before anything is
written (any problem: one line, exit 2, no output). A plain CSV to CSV run without filters goes
through the block streamer of `batch_cmd` instead, which is faster and can use workers."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from sertifikat_cek.errors import InputError

if TYPE_CHECKING:
    from sertifikat_cek.cli.batch_inputs import Input


def is_workbook_output(output: str) -> bool:
    return output.casefold().endswith((".xlsx", ".xlsm"))


def needs_rows(inputs: list[str], output: str, only_errors: bool, verdicts: list[str]) -> bool:
    """Whether this run goes one row at a time (else: the block streamer)."""
    if len(inputs) != 1 or only_errors or verdicts or is_workbook_output(output):
        return True
    from sertifikat_cek.cli.batch_inputs import workbook_kind

    return workbook_kind(inputs[0]) is not None


def output_header(inputs: list[Input]) -> list[str]:
    """The output's input columns: with several inputs `source`, then every input's columns
    by name in the order first seen (a name twice in one header: twice)."""
    several = len(inputs) > 1
    names: list[str] = ["source"] if several else []
    seen: dict[tuple[str, int], int] = {}
    for one in inputs:
        counts: dict[str, int] = {}
        one.placed = []
        for name in one.header:
            key = (name, counts.get(name, 0))
            counts[name] = key[1] + 1
            if key not in seen:
                seen[key] = len(names)
                names.append(name)
            one.placed.append(seen[key])
    return names


def run(options, rules, calendar, moment, lang) -> None:
    """The whole run one row at a time (see the module docstring); exit 1 when a row has an
    error."""
    import typer

    from sertifikat_cek.batch import columns as batch_columns
    from sertifikat_cek.batch import csv_output as csv_sinks
    from sertifikat_cek.batch import output_files, row_loop
    from sertifikat_cek.batch import rows as core
    from sertifikat_cek.batch.header_words import word_table
    from sertifikat_cek.cli.batch_cmd import Format, _renderer, order_lines, say, summary_lines

    xlsx = is_workbook_output(options.output)
    if xlsx and options.output_format is Format.jsonl:
        raise InputError(
            "a workbook holds CSV-like rows; write JSON lines to a .jsonl file", where="--output"
        )
    if xlsx and options.output == "-":
        raise InputError("a workbook cannot go to standard output; name a file", where="--output")
    if sum(1 for path in options.inputs if path == "-") > 1:
        raise InputError("standard input can be read once; give - at most once", where="INPUT")
    codes = {f"{stage}_{state}" for stage in rules.stage_order for state in rules.states}
    for code in options.verdicts:
        if code not in codes:
            from sertifikat_cek.rules.checker import suggest

            raise InputError(
                f"{code!r} is not a verdict{suggest(code, codes)}; verdicts are <stage>_<state>, "
                "e.g. certificate_overdue",
                where="--verdict",
            )
    known = batch_columns.field_names(rules)
    words = word_table(rules.directory)
    overrides = options.overrides
    from sertifikat_cek.cli.batch_inputs import open_input

    inputs: list[Input] = []
    try:
        for path in options.inputs:
            inputs.append(open_input(path, options, rules, known, overrides, words, lang))
        render, cache_size = _renderer(
            rules, calendar, options.output_format, options.reply, _lang(lang)
        )
        for one in inputs:
            one.decider = core.BatchDecider(
                rules,
                calendar,
                one.plan.columns,
                moment,
                render,
                cache_size=cache_size,
                date_orders=one.plan.readers,
            )
            sys.stderr.write("sertifikat-cek batch: " + one.reading + "\n")
            for warning in one.plan.warnings:
                sys.stderr.write(f"sertifikat-cek batch: {say('batch.warning', lang)}: {warning}\n")
        header = output_header(inputs)
        result_columns = core.RESULT_COLUMNS
        if options.reply:
            result_columns = (*result_columns[:-1], "reply", result_columns[-1])
        summary = core.Summary()
        keep = row_loop.keep_rows(options.only_errors, options.verdicts)
        several = len(inputs) > 1
        # rows (CSV, JSON lines) and the summary go to temporary files put in place only when
        # the run ends with exit 0 or 1 (issue 14); a workbook has its own all-or-nothing writer
        outputs = output_files.Outputs.open(
            None, "-" if xlsx else options.output, options.summary_json
        )
        if xlsx:
            from sertifikat_cek.batch.workbook_output import XlsxSink

            sink = XlsxSink(options.output, header, result_columns)

            def writer(one):
                def write(row, result, error):
                    sink.write(_placed(one, row.values, len(header), several), result, error)

                return write
        else:
            stream = outputs.rows_stream()
            bom = options.bom
            if bom is None:
                bom = any(one.excel for one in inputs)
            out = csv_sinks.Output(stream, bom and options.output_format is Format.csv)
            delimiter = next((one.delimiter for one in inputs if one.delimiter), ",")
            if options.output_format is Format.jsonl:
                text_sink = csv_sinks.JsonlSink(header)
            else:
                text_sink = csv_sinks.CsvSink(header, delimiter, result_columns)
            out.text.write(text_sink.header_text())

            def writer(one):
                def write(row, result, error):
                    cells = _placed(one, row.texts, len(header), several)
                    out.text.write(text_sink.row(row.number, row.line, cells, result, error))

                return write

        try:
            for one in inputs:
                kept = len(summary.first_errors)
                row_loop.decide_rows(
                    one.rows, len(one.header), one.decider, writer(one), summary, one.where, keep
                )
                for error in summary.first_errors[kept:]:
                    if several:  # a row number alone would not say which input it is in
                        error["source"] = one.name
                    if one.letter is not None and error["column"] in one.header:
                        error["column_letter"] = one.letter(error["column"])  # as in `error`
        except BaseException:
            if xlsx:
                sink.abandon()  # no workbook file at all, rather than one that looks complete
            raise
        facts = [("input", ", ".join(one.name for one in inputs))]
        for one in inputs:
            for order in one.plan.orders.values():
                facts.append((f"{one.name}: {order.column}", order.order or "-"))
        if xlsx:
            sink.close(summary, lang, facts)
        else:
            out.close()
    finally:
        for one in inputs:
            if one.close is not None:
                one.close()
    for line in summary_lines(summary, lang):
        sys.stderr.write(line + "\n")
    said: set[str] = set()  # an input given twice: its date orders said once
    for index, one in enumerate(inputs):
        source = one.name if len(inputs) > 1 else None
        for line in order_lines(one.plan.orders, lang, source, heading=index == 0):
            if line not in said:
                said.add(line)
                sys.stderr.write(line + "\n")
    code = 1 if summary.errors else 0
    if options.summary_json:
        _write_summary(options, inputs, summary, moment, code, outputs)
    outputs.commit()
    if code:
        raise typer.Exit(code)


def _lang(lang: str):
    from sertifikat_cek.cli.common import Lang

    return Lang(lang)


def _placed(one: Input, cells, width: int, several: bool) -> list:
    """A row's cells in the output's columns (its own columns at their places, `source` first
    with several inputs; cells beyond its header after them)."""
    if not several and len(one.header) == width:
        return list(cells)
    placed = [""] * width
    if several:
        placed[0] = one.name
    for index, value in enumerate(cells[: len(one.placed)]):
        placed[one.placed[index]] = value
    return [*placed, *cells[len(one.placed) :]]


def _write_summary(options, inputs, summary, moment, code, outputs) -> None:
    import json

    report = {
        "input": inputs[0].name if len(inputs) == 1 else [one.name for one in inputs],
        "output": options.output,
        "format": "xlsx" if is_workbook_output(options.output) else options.output_format.value,
        "inputs": [
            {
                "input": one.name,
                "sheet": one.sheet,
                "encoding": one.encoding,
                "delimiter": one.delimiter or None,
                "columns": {n: one.header[i] for n, i in one.plan.columns.fields.items()},
                "date_orders": one.plan.orders_json(),
            }
            for one in inputs
        ],
        "default_as_of": moment.isoformat(),
        **summary.as_json(),
        "exit_code": code,
    }
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    outputs.write_summary(text)
