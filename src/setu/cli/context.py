"""The CLI's connection to the database, made on first use, and the cycle's configurable rules."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

from setu.domain.cycle.checks import CycleRules
from setu.store.database import database_url, make_engine
from setu.store.migrate import is_current, upgrade
from setu.store.unit_of_work import SqlUnitOfWorkFactory


class NotInitialized(ValueError):
    """The database is missing or behind the newest migration."""


class Context:
    """Holds the database URL; builds the engine and unit-of-work factory on first use."""

    def __init__(self, url: str | None) -> None:
        self.url = database_url(url)
        self._factory: SqlUnitOfWorkFactory | None = None

    def initialize(self) -> str:
        upgrade(make_engine(self.url))
        return self.url

    def uow(self) -> SqlUnitOfWorkFactory:
        if self._factory is None:
            parsed = make_url(self.url)
            if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
                raise NotInitialized(f"database {self.url} does not exist: run `setu init`")
            engine = make_engine(self.url)
            if not is_current(engine):
                raise NotInitialized(f"database {self.url} is not initialized or is out of date: run `setu init`")
            self._factory = SqlUnitOfWorkFactory(engine)
        return self._factory


RULE_VARIABLES = {  # environment variable -> the `CycleRules` field it sets
    "SETU_PUBLIC_INPUT_DAYS": "public_input_days",
    "SETU_TPE_REVIEW_DAYS": "tpe_review_days",
    "SETU_COMPLETENESS_CHECK_DAYS": "completeness_check_days",
}


def cycle_rules() -> CycleRules:
    """The procedure's time limits: `CycleRules`' defaults, each overridable by its environment variable
    (India's values are not yet published, so a deployment must be able to set them)."""
    values: dict[str, int] = {}
    for variable, name in RULE_VARIABLES.items():
        text = os.environ.get(variable)
        if text is None or text == "":
            continue
        if not text.isdigit() or int(text) > 3650:
            raise ValueError(f"{variable}: {text!r} is not a whole number of days from 0 to 3650")
        values[name] = int(text)
    return CycleRules(**values)  # type: ignore[arg-type]
