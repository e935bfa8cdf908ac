"""`python -m oneworkforce` runs the command line."""

from oneworkforce.cli.main import run

run()
