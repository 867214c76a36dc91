"""The command-line shell: the `sertifikat-cek` command group, its errors and its exit codes.

One invocation: typer parses the arguments; a command reads its inputs, calls the core
(`calendar`, `rules`, `decide`, `info`) and renders the plain result through `render` (or
`batch` for exports); any InputError, usage error or OSError (a full disk, a closed stream)
becomes one line on stderr and exit code 2, a closed pipe exit 0, in one handler
(OneLineErrors.main; cli/edge.py says what each OS error means). It may import every package;
nothing imports it but `__main__` and the console script."""

from __future__ import annotations

import gc
import os
import signal
import sys


def _interrupted_at_start_up(_signum, _frame) -> None:
    """Ctrl-C while the modules load: exit 130 without a traceback (the command group's own
    handler takes over once the command line is parsed)."""
    os.write(2, b"\n")
    os._exit(130)


if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when embedded
    signal.signal(signal.SIGINT, _interrupted_at_start_up)

from enum import IntEnum  # noqa: E402 - after the start-up Ctrl-C handler

import typer  # noqa: E402
from typer.core import TyperGroup  # noqa: E402

from sertifikat_cek import __version__  # noqa: E402


class ExitCode(IntEnum):
    OK = 0  # a verdict was given / every row was diagnosed
    ROW_ERRORS = 1  # batch: some rows could not be diagnosed (they are in the output with `error`)
    USAGE = 2  # bad arguments, unreadable dates or files, invalid rules
    INTERRUPTED = 130  # Ctrl-C
    TERMINATED = 143  # SIGTERM (batch: its outputs removed)


def fail_line(prog: str, message: str) -> None:
    """Write one error line to stderr (nothing when stderr itself cannot be written)."""
    from sertifikat_cek.cli.edge import say

    say(f"{prog}: error: {message}")


def _click_exceptions():
    """Click's exception classes, vendored inside newer typer releases."""
    try:
        from typer._click.exceptions import ClickException, UsageError
    except ImportError:  # typer releases that depend on click itself
        from click.exceptions import ClickException, UsageError
    return ClickException, UsageError


# The commands, in the order `--help` lists them, and the module that declares each one: its
# `register(app)` adds the command. A module is imported, and its options built, only when its
# command runs or `--help` lists the commands: `calendar add` does not pay for batch's options.
COMMAND_MODULES = {
    "diagnose": "diagnose_cmd",
    "batch": "batch_cmd",
    "calendar": "calendar_cmd",
    "info": "info_cmd",
    "rules": "rules_cmd",
}


class OneLineErrors(TyperGroup):
    """A command group whose errors are one line on stderr, never a traceback or a usage box,
    and whose commands (COMMAND_MODULES) are loaded when they are asked for."""

    def list_commands(self, ctx) -> list[str]:
        others = [name for name in super().list_commands(ctx) if name not in COMMAND_MODULES]
        return [*COMMAND_MODULES, *others]

    def get_command(self, ctx, cmd_name: str):
        if cmd_name in COMMAND_MODULES and cmd_name not in self.commands:
            self.add_command(_load_command(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx, args):
        if args and args[0] not in COMMAND_MODULES:  # typer suggests from the loaded commands
            for name in COMMAND_MODULES:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """The one edge handler of every command: any error a user can meet (bad input, a usage
        error, an OSError such as a full disk, Ctrl-C, SIGTERM) is one line on stderr and an
        exit code; a closed pipe on stdout is exit 0, quietly."""
        from sertifikat_cek.cli import edge
        from sertifikat_cek.errors import InputError, Terminated

        ClickException, UsageError = _click_exceptions()
        Abort = typer.Abort

        if signal.getsignal(signal.SIGINT) is _interrupted_at_start_up:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        prog = prog_name or "sertifikat-cek"
        try:
            try:
                result = super().main(
                    args=args,
                    prog_name=prog_name,
                    complete_var=complete_var,
                    standalone_mode=False,
                    **extra,
                )
            finally:
                sys.stdout.flush()  # a full disk or a closed pipe is met here, not at exit
        except SystemExit as stop:  # typer's own answer to a closed pipe: exit 1
            error = stop.__context__
            if not isinstance(error, OSError):
                raise
            code = _os_error_code(prog, error)
        except UsageError as error:
            command = error.ctx.command_path if error.ctx else prog
            message = error.format_message() or _missing_command(error.ctx)
            fail_line(command, f"{message} (see '{command} --help')")
            code = ExitCode.USAGE
        except ClickException as error:
            fail_line(prog, error.format_message())
            code = error.exit_code
        except InputError as error:
            fail_line(prog, str(error))
            code = error.exit_code
        except (Abort, KeyboardInterrupt):
            edge.say("")
            code = ExitCode.INTERRUPTED
        except Terminated:
            code = ExitCode.TERMINATED
        except OSError as error:
            code = _os_error_code(prog, error)
        else:
            code = result if isinstance(result, int) else ExitCode.OK
        if not standalone_mode:
            return code
        sys.exit(int(code))


def _os_error_code(prog: str, error: OSError) -> ExitCode:
    """An OSError of any command: a closed pipe (`| head`: the reader has what it wanted) is
    exit 0, quietly; any other is one line naming the path and the fix, exit 2."""
    from sertifikat_cek.cli import edge

    edge.quiet_stdout()
    if edge.is_broken_pipe(error):
        return ExitCode.OK
    edge.say(f"{prog}: error: {edge.os_error_line(error)}")
    return ExitCode.USAGE


def _missing_command(ctx) -> str:
    """The message of a command group run without its command (click's own is empty)."""
    names = ", ".join(ctx.command.list_commands(ctx)) if ctx is not None else ""
    return f"missing command; give one of: {names}" if names else "missing command"


def _load_command(name: str):
    """The click command `name`, from its module's `register`, built as typer builds the
    commands of `app` (the same markup mode, exception and suggestion settings)."""
    from importlib import import_module

    import typer.main

    module = import_module(f"sertifikat_cek.cli.{COMMAND_MODULES[name]}")
    holder = typer.Typer(
        add_completion=False,
        rich_markup_mode=app.rich_markup_mode,
        pretty_exceptions_short=app.pretty_exceptions_short,
        suggest_commands=app.suggest_commands,
    )
    module.register(holder)
    return typer.main.get_group(holder).commands[name]


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


def main() -> None:
    """Console-script entry point."""
    from sertifikat_cek.cli.edge import repair_std_streams

    repair_std_streams()
    try:
        app(prog_name="sertifikat-cek")
    finally:
        # The process ends here. The interpreter's garbage collections at exit would walk every
        # object still alive (modules, classes, the rules: 20 to 25 ms of a diagnose, 15 ms of
        # `import typer` alone); frozen, they are skipped, and the OS frees the memory anyway.
        # Streams are still flushed and atexit handlers still run.
        gc.freeze()
