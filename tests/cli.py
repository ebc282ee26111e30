"""Run the exitfi command in-process, as a user at a terminal would."""

from core import cli as cli_module


def run(capsys, *args):
    """Run `exitfi ARGS`: return (exit code, stdout, stderr)."""
    try:
        cli_module.main(list(args))
        code = 0
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr()
    return code, out.out, out.err
