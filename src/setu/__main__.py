"""`python -m setu` runs the command line."""

from setu.cli.app import main

main()
