"""The `setu` command line (Typer + Rich): a thin edge over the services."""
