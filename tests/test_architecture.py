"""The domain stays pure: no module under setu.domain imports persistence, CLI or web libraries.

`make test` also runs import-linter's contracts (pyproject.toml); this test keeps the rule in the suite.
"""

from __future__ import annotations

import ast
from pathlib import Path

import setu.domain

FORBIDDEN = ("sqlalchemy", "alembic", "psycopg", "typer", "rich", "pydantic", "fastapi", "polars", "openpyxl",
             "xlsxwriter", "yaml", "matplotlib", "setu.store", "setu.services", "setu.cli", "setu.mrv",
             "setu.methodologies", "setu.aef", "setu.article6")


def test_domain_imports_nothing_impure():
    offenders = []
    for path in Path(setu.domain.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN)]
    assert offenders == []
