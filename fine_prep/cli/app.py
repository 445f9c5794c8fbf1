"""The click group and the one place library errors become exit codes."""

from __future__ import annotations

import os
import traceback
from typing import Any

import click

from fine_prep import __version__
from fine_prep.errors import FinePrepError

INTERNAL_ERROR = 3


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FinePrepError as exc:
            err = click.ClickException(str(exc))
            err.exit_code = exc.exit_code  # type: ignore[misc]
            raise err from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug: never print the message, it may quote input data
            if os.environ.get("FINE_PREP_DEBUG"):
                raise
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{os.path.basename(frame.filename)}:{frame.lineno}"
            click.echo(
                f"fine-prep: internal error {type(exc).__name__} at {where} (a bug; set "
                "FINE_PREP_DEBUG=1 to see the traceback, which may contain input data)",
                err=True,
            )
            ctx.exit(INTERNAL_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="fine-prep")
def main() -> None:
    """Turn exported mail, chats and documents into a fine-tuning dataset you can trust.

    \b
    One command does it all:
      fine-prep run sample_data/ -o out/
    and `fine-prep validate FILE --provider P` is the gate before upload.

    Exit codes: 0 success (validate: the file passes), 1 the gate failed,
    2 bad usage or unreadable input, 3 an internal error (a bug).
    """


def entry() -> None:
    """Console-script entry point."""
    main(prog_name="fine-prep")


if __name__ == "__main__":  # pragma: no cover
    entry()
