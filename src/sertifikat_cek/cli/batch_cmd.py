"""`sertifikat-cek batch`: every row of a CSV export diagnosed, in order, with a summary.

One run: read the options and the rules; open the input, detect its delimiter and read its
header (any problem so far: one line, exit 2, nothing written); stream the rows through
`batch.BatchDecider` into CSV or JSON lines; then the summary on stderr (and --summary-json),
exit 0 when every row was diagnosed and 1 when some rows have an `error`."""

from __future__ import annotations

import gc
import os
import sys
from enum import Enum
from types import SimpleNamespace

import typer

from sertifikat_cek.cli.common import LANG_OPTION, RULES_DIR_OPTION, Lang
from sertifikat_cek.errors import InputError

FIRST_ERRORS_SHOWN = 5
# What batch_rows.run reads of the options.
ROW_OPTIONS = (
    "output",
    "output_format",
    "encoding",
    "date_order",
    "bom",
    "sheet",
    "only_errors",
    "verdicts",
    "reply",
    "summary_json",
)
PARALLEL_FROM_BYTES = 4 * 1024 * 1024
MAX_JOBS = 8


def _renderer(rules, calendar, output_format, reply: bool, lang):
    """What the decider turns each decided case into, and its cache size: the plain result
    cells; or, with --reply or JSONL, the explained diagnosis (engine.explain) as well."""
    from sertifikat_cek.batch import rows as core

    if output_format is not Format.jsonl and not reply:
        return core.csv_cells, 12000
    from sertifikat_cek.decide.explain import explain

    replies = None
    if reply:
        from sertifikat_cek.decide.replies import load_replies, reply_text

        replies = load_replies(rules)
    if output_format is Format.jsonl:
        from sertifikat_cek.batch.csv_output import jsonl_payload
        from sertifikat_cek.decide.report import diagnosis_json

        def render(assessment, name=None):
            diagnosis = explain(rules, assessment, calendar)
            data = diagnosis_json(diagnosis, rules, lang.value)
            if replies is not None:
                data["reply"] = reply_text(diagnosis, replies, lang.value, name=name)
            return jsonl_payload(data)

        return render, 2048

    def render(assessment, name=None):  # name: a column mapped to `name` (--map)
        diagnosis = explain(rules, assessment, calendar)
        text = core.guard_cell(reply_text(diagnosis, replies, lang.value, name=name))
        return (*core.csv_cells(assessment), text)

    return render, 2048


def say(key: str, lang: str, **values: object) -> str:
    from sertifikat_cek.texts import text

    return text(key, lang, **values)


def _number(value: int, lang: str) -> str:
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "id" else text


def _delimiter_name(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else repr(delimiter)


class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"


class Engine(str, Enum):
    auto = "auto"
    rows = "rows"
    columns = "columns"


ENGINE_OPTION = typer.Option(
    Engine.auto,
    "--engine",
    help="How CSV rows are decided: `rows` one by one, `columns` as arrays (numpy, pyarrow), "
    "`auto` as arrays for inputs of 2 MiB or more (and standard input). The output is the "
    "same. Workbooks, several inputs and the filters go row by row.",
)
# --engine auto decides CSV blocks as arrays from this input size (and on standard input): the
# arrays' libraries take about a tenth of a second to import, which a small file does not repay.
COLUMNS_FROM_BYTES = 2 * 1024 * 1024


FORMAT_OPTION = typer.Option(
    Format.csv,
    "--format",
    help="csv: the input's columns plus verdict, stage, state, due, contact, error. "
    "jsonl: one diagnose JSON object per row, with the row under 'row'.",
)

MAP_OPTION = typer.Option(
    [],
    "--map",
    help="COLUMN=FIELD: read COLUMN as FIELD (platform, completed, rated, "
    "institution_reported, platform_reported, name_matches, as_of, name: the participant's "
    "name for --reply, or ignore); COLUMN may be #N, the Nth column. Repeatable.",
)


DATE_ORDER_OPTION = typer.Option(
    None,
    "--date-order",
    metavar="dmy|mdy|ymd",
    help="How numeric dates are written in every date column: dmy (05/03/2021 is 5 March), "
    "mdy (03/05/2021 is 5 March) or ymd. Default: decided per column from the first rows.",
)


def order_lines(orders, lang: str, source: str | None = None, heading: bool = True) -> list[str]:
    """The date order each date column was read in, for the summary: one line per order and
    reason, naming its columns (and `source`, the input they are in, when there are several;
    the heading only with `heading`, once for them all)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for order in orders.values():
        groups.setdefault((order.order or "none", _how(order, lang)), []).append(order.column)
    lines = [say("batch.date_orders", lang)] if groups and heading else []
    prefix = f"{source}: " if source else ""
    for (name, how), names in groups.items():
        listed = ", ".join(repr(n) for n in names)
        lines.append(
            f"  {prefix}{say(f'batch.order.{name}', lang)}: {listed}" + (f" ({how})" if how else "")
        )
    return lines


def _how(order, lang: str) -> str:
    if order.how == "cells":
        return say("batch.how.cells", lang, example=order.examples[0]) if order.examples else ""
    if order.how == "other columns":
        return say("batch.how.columns", lang)
    if order.how == "--date-order":
        return say("batch.how.option", lang)
    if order.how == "not needed":
        return ""
    hows = []
    for part in order.how.split("; "):
        if part.startswith("language:"):
            hows.append(say("batch.how.language", lang, language=part.partition(":")[2]))
        else:
            hows.append(say("batch.how.delimiter", lang))
    return "; ".join([*hows, say("batch.how.guess", lang)])


INPUTS_ARGUMENT = typer.Argument(
    ...,
    metavar="INPUT...",
    help="The exports to check: CSV, or workbooks (.xlsx .xlsm .xls .ods); - reads "
    "standard input. Several: one output, with a `source` column.",
)

VERDICT_OPTION = typer.Option(
    [],
    "--verdict",
    help="Write only the rows with this verdict (repeatable; with --only-errors: those "
    "too). The summary still counts every row.",
)


def parse_maps(maps: list[str]) -> dict[str, str]:
    """--map COLUMN=FIELD options as {column: field}."""
    found: dict[str, str] = {}
    for item in maps:
        column, sep, wanted = item.rpartition("=")
        if not sep or not column.strip() or not wanted.strip():
            raise InputError(
                f"{item!r} is not COLUMN=FIELD; e.g. --map 'Tgl Lulus=completed'", where="--map"
            )
        found[column.strip()] = wanted.strip()
    return found


def summary_lines(summary, lang: str) -> list[str]:
    """The end-of-run summary for people, in `lang`."""
    lines = [
        say(
            "batch.summary",
            lang,
            rows=_number(summary.rows, lang),
            diagnosed=_number(summary.diagnosed, lang),
            errors=_number(summary.errors, lang),
        )
    ]
    if summary.blank:
        lines[0] += "; " + say("batch.blank", lang, blank=_number(summary.blank, lang))
    if summary.padded:
        lines[0] += "; " + say("batch.padded", lang, padded=_number(summary.padded, lang))
    if summary.unconfirmed:
        lines.append(say("batch.unconfirmed", lang, rows=_number(summary.unconfirmed, lang)))
    if summary.verdicts:
        lines.append(say("batch.verdicts", lang))
        width = max(len(verdict) for verdict in summary.verdicts)
        for verdict, count in sorted(
            summary.verdicts.items(), key=lambda item: (-item[1], item[0])
        ):
            lines.append(f"  {verdict:<{width}}  {_number(count, lang):>9}")
    if summary.first_errors:
        lines.append(say("batch.first_errors", lang))
        for error in summary.first_errors[:FIRST_ERRORS_SHOWN]:
            row, line = error["row"], error["line"]
            if line is None or line == row:
                where = say("batch.row", lang, row=row)
            else:
                where = say("batch.row_line", lang, row=row, line=line)
            if error["column"]:
                where += ", " + say("batch.column", lang, column=error["column"])
                if error.get("column_letter"):  # a workbook's
                    where += f" ({error['column_letter']})"
            if error.get("source"):  # several inputs: the one the row is in
                where = f"{error['source']}, {where}"
            lines.append(f"  {where}: {error['message']}")
    return lines


def _columnar(decide, engine: Engine, sample: list[str]):
    """The columnar decider in front of the row path's; without numpy or pyarrow (a broken
    install), the row path for --engine auto and a usage error for --engine columns."""
    # numpy's BLAS is never used here: without this, it starts a thread per CPU at import,
    # which spins for a while and takes CPU from the workers
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    try:
        from sertifikat_cek.batch.columnar import ColumnarBlocks
    except ImportError as error:
        if engine is Engine.columns:
            raise InputError(
                f"needs numpy and pyarrow ({error}); reinstall sertifikat-cek, or use "
                "--engine rows",
                where="--engine",
            ) from None
        return decide
    return ColumnarBlocks(decide, sample)


def _bom(option: bool | None, source, table) -> bool:
    """--bom / --no-bom, else a BOM when the input had one or came from Excel (a `sep=` line,
    or read as cp1252): Excel then shows José, not JosÃ©."""
    if option is not None:
        return option
    excel = table.sep_line or source.guessed or source.encoding in ("cp1252", "windows-1252")
    return source.bom or excel


def _same_file(output: str, input_path: str) -> bool:
    if output == "-" or input_path == "-":
        return False
    try:
        from pathlib import Path

        return Path(output).resolve() == Path(input_path).resolve()
    except OSError:
        return False


def _quiet_stdout() -> None:
    """After a closed pipe (`| head`): send what is left to /dev/null, without a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def batch(
    input_paths: list[str] = INPUTS_ARGUMENT,
    output: str = typer.Option(
        "-",
        "--output",
        "-o",
        help="Where to write the result; - (default) is standard output; a name ending in "
        ".xlsx writes a workbook.",
    ),
    output_format: Format = FORMAT_OPTION,
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        help="Diagnose as of this date or datetime (default: now, WIB); a row's own "
        "'Tanggal Cek' / 'as of' column wins.",
    ),
    delimiter: str | None = typer.Option(
        None,
        "--delimiter",
        "-d",
        help="The column delimiter: , ; | or tab (default: detected from the header).",
    ),
    encoding: str | None = typer.Option(
        None,
        "--encoding",
        help="The file's encoding, e.g. cp1252 or latin-1 (default: UTF-8, BOM or not).",
    ),
    maps: list[str] = MAP_OPTION,
    date_order: str | None = DATE_ORDER_OPTION,
    sheet: str | None = typer.Option(
        None, "--sheet", help="The workbook's sheet to read: its name or number (default: 1)."
    ),
    only_errors: bool = typer.Option(
        False, "--only-errors", help="Write only the rows with an error (all are counted)."
    ),
    verdicts: list[str] = VERDICT_OPTION,
    bom: bool | None = typer.Option(
        None,
        "--bom/--no-bom",
        help="Start CSV output with a UTF-8 BOM, so that Excel reads it as UTF-8. Default: when "
        "the input had one or came from Excel (a sep= line, cp1252).",
    ),
    summary_json: str | None = typer.Option(
        None, "--summary-json", help="Also write the summary as JSON to this file."
    ),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        help="Worker processes that read and decide blocks of rows. Default: one per CPU for "
        "inputs of 4 MiB or more (and standard input), else 1.",
    ),
    engine: Engine = ENGINE_OPTION,
    reply: bool = typer.Option(
        False,
        "--reply",
        help="Add a ready-to-send message to the participant: a `reply` column (CSV), or a "
        "`reply` field (JSONL).",
    ),
    lang: Lang = LANG_OPTION,
    rules_dir: str | None = RULES_DIR_OPTION,
) -> None:
    """Diagnose every row of a CSV export or workbook (Excel, Sheets, ticket systems), keeping
    every row and column."""
    from sertifikat_cek.batch import columns as batch_columns
    from sertifikat_cek.batch import csv_input as csv_io
    from sertifikat_cek.batch import csv_output as csv_sinks
    from sertifikat_cek.batch import first_rows, output_files
    from sertifikat_cek.batch import rows as core
    from sertifikat_cek.batch import stream as batch_stream
    from sertifikat_cek.batch.blocks import BlockDecider
    from sertifikat_cek.batch.header_words import recogniser, word_table
    from sertifikat_cek.cli.common import now_wib, parse_date_argument, rules_and_calendar

    rules, calendar = rules_and_calendar(rules_dir)
    if date_order is not None and date_order not in ("dmy", "mdy", "ymd"):
        raise InputError(f"{date_order!r} is not dmy, mdy or ymd", where="--date-order")
    moment = parse_date_argument(as_of, "--as-of") if as_of else now_wib()
    overrides = parse_maps(maps)
    chosen_delimiter = csv_io.delimiter_option(delimiter)
    if encoding is not None:
        csv_io.check_encoding(encoding)
    if any(_same_file(output, path) for path in input_paths):
        raise InputError("is the input file; write the result to another file", where="--output")
    if summary_json == "-" and output == "-":
        raise InputError(
            "standard output already has the rows; name a file", where="--summary-json"
        )

    from sertifikat_cek.cli import batch_rows

    # before anything reads an input (a workbook is recognised by its first bytes)
    output_files.preflight(input_paths, output, summary_json)
    if batch_rows.needs_rows(input_paths, output, only_errors, verdicts):
        options = SimpleNamespace(**{k: v for k, v in locals().items() if k in ROW_OPTIONS})
        options.inputs, options.overrides = input_paths, overrides
        options.delimiter = chosen_delimiter
        gc.enable()
        return batch_rows.run(options, rules, calendar, moment, lang.value)
    (input_path,) = input_paths
    if sheet is not None:  # the block path reads CSV only: a sheet asked for would be ignored
        raise InputError(
            f"is for workbooks (.xlsx .xlsm .xls .ods); {input_path!r} is read as CSV",
            where="--sheet",
        )
    known = batch_columns.field_names(rules)
    words = word_table(rules.directory)
    source = csv_io.open_source(input_path)
    outputs = output_files.Outputs.open(source.stream, output, summary_json)
    table = csv_io.open_table(
        source, encoding, chosen_delimiter, recogniser(known, words, overrides), fallback=True
    )
    rows = first_rows.csv_rows(table.rest, table.delimiter, table.rest_row)
    try:
        plan = first_rows.plan(
            table.header,
            rows,
            rules,
            known,
            overrides,
            words,
            date_order,
            table.delimiter,
            where=source.name,
        )
    except InputError as error:
        if error.where != "header":
            raise
        raise error.located(f"{source.name}:{table.header_line}") from None
    columns = plan.columns
    for warning in plan.warnings:
        sys.stderr.write(f"sertifikat-cek batch: {say('batch.warning', lang.value)}: {warning}\n")
    render, cache_size = _renderer(rules, calendar, output_format, reply, lang)
    decider = core.BatchDecider(
        rules, calendar, columns, moment, render, cache_size=cache_size, date_orders=plan.readers
    )
    how = say(
        "batch.sep" if table.sep_line else "batch.detected" if table.detected else "batch.given",
        lang.value,
    )
    if source.guessed:
        sys.stderr.write("sertifikat-cek batch: " + say("batch.cp1252", lang.value) + "\n")
    sys.stderr.write(
        "sertifikat-cek batch: "
        + say(
            "batch.reading",
            lang.value,
            name=source.name,
            delimiter=_delimiter_name(table.delimiter),
            how=how,
            encoding=source.encoding + (" (BOM)" if source.bom else ""),
            columns=columns.describe(),
        )
        + "\n"
    )

    stream = outputs.rows_stream()
    # a BOM goes out when one came in, for a spreadsheet; never before a JSON line
    out = csv_sinks.Output(stream, output_format is Format.csv and _bom(bom, source, table))
    if output_format is Format.jsonl:
        sink = csv_sinks.JsonlSink(table.header)
    else:
        result_columns = core.RESULT_COLUMNS
        if reply:  # the reply goes before `error`, which stays last
            result_columns = (*result_columns[:-1], "reply", result_columns[-1])
        sink = csv_sinks.CsvSink(table.header, table.delimiter, result_columns)
    decide = BlockDecider(decider, sink, table.delimiter, source.name, source.encoding)
    if engine is Engine.columns or (
        engine is Engine.auto and (source.size is None or source.size >= COLUMNS_FROM_BYTES)
    ):
        decide = _columnar(decide, engine, table.rest[:1000])
    summary = core.Summary()
    outputs.rows_written = lambda: summary.rows
    progress = batch_stream.Progress(sys.stderr, source.size)
    if jobs is None:  # by default, worker processes for big inputs only (forking costs time)
        big = source.size is None or source.size >= PARALLEL_FROM_BYTES
        jobs = min(os.cpu_count() or 1, MAX_JOBS) if big else 1
    jobs = batch_stream.capped_jobs(jobs, sys.stderr)
    closed = False
    try:
        out.text.write(sink.header_text())
        batch_stream.stream_rows(table, source, decide, out.text, summary, progress, jobs)
        output_files.check_input_unchanged(source)
    except BrokenPipeError:  # `| head`: the reader has what it wanted; stop quietly
        _quiet_stdout()
        closed = True
    finally:
        progress.close()
        try:
            out.close()
        except BrokenPipeError:
            _quiet_stdout()
            closed = True
        if input_path != "-":
            source.stream.close()

    if closed:
        return  # typer would turn the closed pipe into exit code 1; nothing went wrong
    for line in [*summary_lines(summary, lang.value), *order_lines(plan.orders, lang.value)]:
        sys.stderr.write(line + "\n")
    code = 1 if summary.errors else 0
    if summary_json:
        report = {
            "input": source.name,
            "output": output,
            "format": output_format.value,
            "encoding": source.encoding,
            "delimiter": table.delimiter,
            "columns": {name: columns.header[i] for name, i in columns.fields.items()},
            "date_orders": plan.orders_json(),
            "default_as_of": moment.isoformat(),
            **summary.as_json(),
            "exit_code": code,
        }
        import json

        text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
        outputs.write_summary(text)
    outputs.commit()
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    import functools

    @functools.wraps(batch)
    def guarded_batch(*args, **kwargs):
        # output_files (tempfile, signals) is imported only when a batch runs: every other
        # command's start-up does not pay for it
        from sertifikat_cek.batch.output_files import guarded

        # The set-up (numpy, pyarrow, the rules, the plan, the deciders) makes tens of thousands
        # of objects that live to the end: no collection walks them while they are made (20 to
        # 30 ms, measured); the streamer freezes them and turns collection back on.
        gc.disable()
        try:
            return guarded(batch)(*args, **kwargs)
        finally:
            gc.enable()

    app.command("batch")(guarded_batch)
