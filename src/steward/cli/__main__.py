"""`python -m steward.cli` runs the same app as the `steward` console script."""

from steward.cli.main import app

app()
