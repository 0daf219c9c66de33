"""`python -m chainatlas`: the `chainatlas` command."""

from chainatlas.cli import app

app(prog_name="chainatlas")
