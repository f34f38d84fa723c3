"""Article 6 input documents (YAML files a Party's focal point keeps): authorizations, entities, NDCs.

Numbers stay exact: floats are read as `Decimal` of their text and handed on as decimal strings, so the
canonical JSON the journal hashes never holds a binary float. Every problem is a `DocumentError` naming
the file and the key.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from setu.domain.article6.aef_model import Timeframe
from setu.domain.article6.authorization import Authorization
from setu.domain.article6.records import AuthorizedEntity
from setu.domain.article6.vocabulary import ActivityType, FirstTransferDefinition, Metric, Purpose, Sector
from setu.exact_yaml import ExactLoader


class DocumentError(ValueError):
    """A document that cannot be used; the message names the file and the key."""


def _plain(value: Any, where: str) -> Any:
    """Decimals as strings, dates as ISO text, keys as strings: a JSON-ready document."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise DocumentError(f"{where}: {value} is not a finite number")
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            key = k.isoformat() if isinstance(k, date) else str(k)
            if key in out:  # `2021:` and `"2021":` would silently become one key, the last value winning
                raise DocumentError(f"{where}: {key!r} is given twice")
            out[key] = _plain(v, f"{where}.{key}")
        return out
    if isinstance(value, list):
        return [_plain(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, float):  # pragma: no cover - the loader makes Decimals
        raise DocumentError(f"{where}: binary floats are not accepted")
    return value


def load_document(path: Path) -> dict[str, Any]:
    """A YAML mapping from `path`, JSON-ready (decimal strings, ISO dates)."""
    try:
        with path.open(encoding="utf-8") as stream:  # a stream, so YAML errors name the file, not "<unicode string>"
            raw = yaml.load(stream, Loader=ExactLoader)  # noqa: S506 - SafeLoader subclass
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DocumentError(f"{path}: not valid YAML: {exc}") from None
    except ValueError as exc:  # a YAML timestamp that is no date (`2026-13-01`)
        raise DocumentError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise DocumentError(f"{path}: expected a mapping of keys to values")
    return _plain(raw, path.name)


def _date(d: dict[str, Any], key: str, where: str, *, required: bool = True) -> date | None:
    value = d.get(key)
    if value is None:
        if required:
            raise DocumentError(f"{where}: {key}: missing")
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DocumentError(f"{where}: {key}: {value!r} is not a date (YYYY-MM-DD)") from None


def _text(d: dict[str, Any], key: str, where: str, *, required: bool = False) -> str | None:
    """A text field: a string (or a plain number, read as its text), never a list, mapping or null-as-"None"."""
    value = d.get(key)
    if value is None or value == "":
        if required:
            raise DocumentError(f"{where}: {key}: missing")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise DocumentError(f"{where}: {key}: {value!r} is not text")
    return str(value)


def _list(d: dict[str, Any], key: str, where: str) -> list[Any]:
    value = d.get(key) or []
    if not isinstance(value, list):
        raise DocumentError(f"{where}: {key}: expected a list")
    for i, item in enumerate(value):
        if item in value[:i]:
            raise DocumentError(f"{where}: {key}: {item!r} is given twice")
    return value


_TIMEFRAME_KEYS = {"occurred_from", "occurred_to", "use_from", "use_to"}
_AUTHORIZATION_KEYS = {
    "authorization_id", "version", "date", "party", "cooperative_approach_id", "purposes", "sectors",
    "first_transfer_definition", "authorized_quantity", "timeframe", "metric", "non_ghg_metric", "conversion_factor",
    "activity_types", "authorized_parties", "authorized_entities", "oimp_authorized", "terms",
}


def authorization_from_document(d: dict[str, Any], where: str) -> Authorization:
    """An authorization version from its document; `DocumentError` naming the key."""
    unknown = sorted(set(d) - _AUTHORIZATION_KEYS)
    if unknown:
        raise DocumentError(f"{where}: {unknown[0]}: unknown key")
    try:
        timeframe = None
        if d.get("timeframe") is not None:
            t = d["timeframe"]
            if not isinstance(t, dict):
                raise DocumentError(f"{where}: timeframe: expected a mapping")
            unknown = sorted(set(t) - _TIMEFRAME_KEYS)
            if unknown:  # a misspelt `use_from` would silently drop the use window
                raise DocumentError(f"{where}: timeframe: {unknown[0]}: unknown key (expected some of"
                                    f" {', '.join(sorted(_TIMEFRAME_KEYS))})")
            timeframe = Timeframe(_date(t, "occurred_from", f"{where}: timeframe"),  # type: ignore[arg-type]
                                  _date(t, "occurred_to", f"{where}: timeframe"),  # type: ignore[arg-type]
                                  _date(t, "use_from", f"{where}: timeframe", required=False),
                                  _date(t, "use_to", f"{where}: timeframe", required=False))
        definition = d.get("first_transfer_definition")
        factor = d.get("conversion_factor")
        if factor is not None:
            try:
                factor = Decimal(str(factor))
            except InvalidOperation:
                raise DocumentError(f"{where}: conversion_factor: {factor!r} is not a number") from None
        quantity = d.get("authorized_quantity")
        if quantity is not None and (isinstance(quantity, bool) or not isinstance(quantity, int)):
            raise DocumentError(f"{where}: authorized_quantity: {quantity!r} is not a whole number of tonnes")
        return Authorization(
            party=_text(d, "party", where, required=True),  # type: ignore[arg-type]
            authorization_id=_text(d, "authorization_id", where, required=True),  # type: ignore[arg-type]
            version=d.get("version", 1),
            authorization_date=_date(d, "date", where),  # type: ignore[arg-type]
            cooperative_approach_id=_text(d, "cooperative_approach_id", where, required=True),  # type: ignore[arg-type]
            purposes=Purpose.parse(d.get("purposes"), field=f"{where}: purposes"),
            sectors=tuple(Sector.parse(s, field=f"{where}: sectors") for s in _list(d, "sectors", where)),
            first_transfer_definition=(FirstTransferDefinition.parse(definition, field=f"{where}:"
                                       " first_transfer_definition") if definition not in (None, "NA") else None),
            authorized_quantity=quantity,
            timeframe=timeframe,
            metric=Metric.parse(d.get("metric", "GHG"), field=f"{where}: metric"),
            non_ghg_metric=_text(d, "non_ghg_metric", where),
            conversion_factor=factor,
            activity_types=tuple(ActivityType.parse(a, field=f"{where}: activity_types")
                                 for a in _list(d, "activity_types", where)),
            authorized_parties=tuple(str(p) for p in _list(d, "authorized_parties", where)),
            authorized_entities=tuple(str(e) for e in _list(d, "authorized_entities", where)),
            oimp_authorized=_text(d, "oimp_authorized", where),
            terms=_text(d, "terms", where),
        )
    except DocumentError:
        raise
    except (ValueError, InvalidOperation) as exc:
        raise DocumentError(str(exc) if str(exc).startswith(where) else f"{where}: {exc}") from None


def entity_from_document(d: dict[str, Any], where: str) -> AuthorizedEntity:
    """An authorized entity from its document."""
    unknown = sorted(set(d) - _ENTITY_KEYS)
    if unknown:
        raise DocumentError(f"{where}: {unknown[0]}: unknown key")
    text = {key: _text(d, key, where, required=True) for key in
            ("entity_id", "party", "cooperative_approach_id", "name", "country", "identification_number")}
    return AuthorizedEntity(
        entity_id=text["entity_id"], party=text["party"], cooperative_approach_id=text["cooperative_approach_id"],  # type: ignore[arg-type]
        authorization_date=_date(d, "date", where),  # type: ignore[arg-type]
        name=text["name"], country=text["country"], identification_number=text["identification_number"],  # type: ignore[arg-type]
        conditions=_text(d, "conditions", where), change_conditions=_text(d, "change_conditions", where),
    )


_ENTITY_KEYS = {"entity_id", "party", "cooperative_approach_id", "date", "name", "country", "identification_number",
                "conditions", "change_conditions"}
