"""The command-line shell: the `sertifikat-cek` command group, its errors and its exit codes.

One invocation: typer parses the arguments; a command reads its inputs, calls the core
(`calendar`, `rules`, `decide`, `info`) and renders the plain result through `render` (or
`batch` for exports); any InputError or usage error becomes one line on stderr and exit code 2
(see ExitCode). It may import every package; nothing imports it but `__main__` and the console
script."""

from __future__ import annotations

import sys
from enum import IntEnum

import typer
from typer.core import TyperGroup

from sertifikat_cek import __version__


class ExitCode(IntEnum):
    OK = 0  # a verdict was given / every row was diagnosed
    ROW_ERRORS = 1  # batch: some rows could not be diagnosed (they are in the output with `error`)
    USAGE = 2  # bad arguments, unreadable dates or files, invalid rules
    INTERRUPTED = 130  # Ctrl-C


def fail_line(prog: str, message: str) -> None:
    """Write one error line to stderr."""
    sys.stderr.write(f"{prog}: error: {message}\n")


def _click_exceptions():
    """Click's exception classes, vendored inside newer typer releases."""
    try:
        from typer._click.exceptions import ClickException, UsageError
    except ImportError:  # typer releases that depend on click itself
        from click.exceptions import ClickException, UsageError
    return ClickException, UsageError


class OneLineErrors(TyperGroup):
    """A command group whose errors are one line on stderr, never a traceback or a usage box."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from sertifikat_cek.errors import InputError

        ClickException, UsageError = _click_exceptions()
        Abort = typer.Abort

        prog = prog_name or "sertifikat-cek"
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except UsageError as error:
            command = error.ctx.command_path if error.ctx else prog
            fail_line(command, f"{error.format_message()} (see '{command} --help')")
            code = ExitCode.USAGE
        except ClickException as error:
            fail_line(prog, error.format_message())
            code = error.exit_code
        except InputError as error:
            fail_line(prog, str(error))
            code = error.exit_code
        except (Abort, KeyboardInterrupt):
            sys.stderr.write("\n")
            code = ExitCode.INTERRUPTED
        except BrokenPipeError:
            sys.stderr = open(__import__("os").devnull, "w")  # noqa: SIM115 - quiet `| head`
            code = ExitCode.OK
        else:
            code = result if isinstance(result, int) else ExitCode.OK
        if not standalone_mode:
            return code
        sys.exit(int(code))


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"sertifikat-cek {__version__}\n")
        raise typer.Exit()


app = typer.Typer(
    cls=OneLineErrors,
    name="sertifikat-cek",
    help=(
        "Mengapa sertifikat Kartu Prakerja belum muncul: tahap mana yang macet, sampai kapan, "
        "dan siapa yang dihubungi. / Why a Kartu Prakerja certificate has not appeared."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """sertifikat-cek."""


def _register() -> None:
    """Each command module declares its options and registers itself (imports stay light)."""
    from sertifikat_cek.cli import (
        batch_cmd,
        calendar_cmd,
        diagnose_cmd,
        info_cmd,
        rules_cmd,
    )

    diagnose_cmd.register(app)
    batch_cmd.register(app)
    app.add_typer(calendar_cmd.app, name="calendar")
    info_cmd.register(app)
    rules_cmd.register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    app(prog_name="sertifikat-cek")
