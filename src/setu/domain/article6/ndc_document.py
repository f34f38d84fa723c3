"""An NDC definition and inventory as a plain document (the YAML a Party's focal point keeps), parsed into
`NdcDefinition` and `Inventory`.

    party: IND
    period: {first: 2021, last: 2030}
    kind: single-year            # or multi-year
    method: averaging            # trajectory | averaging (single-year); annual | budget (multi-year)
    averaging_denominator: elapsed-years   # or full-period; averaging only; default elapsed-years
    metric: GHG                  # or non-GHG, with indicator: {name, unit, direction}
    target: {value: "...", basis: intensity}
    trajectory: {2021: ..., ...}  # trajectory / annual
    budget: ...                   # budget
    inventory: {2021: ..., ...}   # emissions covered by the NDC (or the indicator), per reported year
    inventory_secondary: {label: "with LULUCF", values: {...}}
    gdp: {unit: "INR crore (2011-12 prices)", values: {...}}

Numbers are integers or decimal strings (never binary floats: the YAML adapter reads decimals exactly).
Every problem is a `ValueError` naming the key. Years may be written as strings (`"2021"`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from setu.domain.article6.ndc import (
    AveragingDenominator,
    CaMethod,
    Direction,
    Indicator,
    Inventory,
    NdcDefinition,
    NdcKind,
    Target,
    TargetBasis,
)
from setu.domain.article6.vocabulary import Metric

_KEYS = {"party", "period", "kind", "method", "averaging_denominator", "metric", "indicator", "target", "trajectory",
         "budget", "inventory", "inventory_secondary", "gdp"}


def _enum(kind: type, value: object, field: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in kind)
        raise ValueError(f"{field}: {value!r} is not one of {allowed}") from None


def _year(value: object, field: str) -> int:
    """A calendar year written as an integer or as its digits (`2021`, `"2021"`); nothing else (`2021.5`, `true`)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    raise ValueError(f"{field}: {value!r} is not a year")


def _years(value: object, field: str) -> dict[int, object]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{field}: expected a mapping of year to amount")
    out: dict[int, object] = {}
    for year, amount in value.items():
        key = _year(year, field)
        if key in out:
            raise ValueError(f"{field}: {key} is given twice")
        out[key] = amount
    return out


_NESTED_KEYS = {"period": {"first", "last"}, "indicator": {"name", "unit", "direction"},
                "target": {"value", "basis"}, "inventory_secondary": {"label", "values"}, "gdp": {"unit", "values"}}


def _mapping(document: Mapping[str, Any], key: str, *, strict: bool = False) -> Mapping[str, Any]:
    value = document.get(key) or {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{key}: expected a mapping")
    unknown = sorted(str(k) for k in set(value) - _NESTED_KEYS[key])
    if strict and unknown:  # `gdp: {value: ...}` for `values` would silently leave the GDP series empty
        raise ValueError(f"{key}.{unknown[0]}: unknown key (expected some of {', '.join(sorted(_NESTED_KEYS[key]))})")
    return value


def parse_ndc(document: object, *, strict: bool = False) -> tuple[NdcDefinition, Inventory]:
    """The definition and inventory a document states; `ValueError` naming the first bad key.

    `strict` (a document being recorded) also refuses unknown keys inside the nested mappings; a document
    already recorded is read without that check, so one stored before it stays reportable.
    """
    if not isinstance(document, Mapping):
        raise ValueError("the NDC document must be a mapping of keys to values")
    unknown = sorted(set(document) - _KEYS)
    if unknown:
        raise ValueError(f"{unknown[0]}: unknown key (expected some of {', '.join(sorted(_KEYS))})")
    for key in ("party", "period", "kind", "method"):
        if key not in document:
            raise ValueError(f"{key}: missing")
    if not isinstance(document["party"], str):
        raise ValueError(f"party: {document['party']!r} is not an ISO 3166 alpha-3 code")
    period = _mapping(document, "period", strict=strict)
    for key in ("first", "last"):
        if key not in period:
            raise ValueError(f"period.{key}: missing")
    indicator = None
    if document.get("indicator") is not None:
        i = _mapping(document, "indicator", strict=strict)
        indicator = Indicator(str(i.get("name", "")), str(i.get("unit", "")),
                              _enum(Direction, i.get("direction"), "indicator.direction"))
    target = None
    if document.get("target") is not None:
        t = _mapping(document, "target", strict=strict)
        target = Target(t.get("value"), _enum(TargetBasis, t.get("basis", "absolute"), "target.basis"))
    denominator = document.get("averaging_denominator")
    definition = NdcDefinition(
        party=document["party"],
        first_year=_year(period["first"], "period.first"),
        last_year=_year(period["last"], "period.last"),
        kind=_enum(NdcKind, document["kind"], "kind"),
        method=_enum(CaMethod, document["method"], "method"),
        metric=Metric.parse(document.get("metric", "GHG"), field="metric"),
        indicator=indicator,
        target=target,
        trajectory=_years(document["trajectory"], "trajectory") if document.get("trajectory") is not None else None,
        budget=document.get("budget"),
        averaging_denominator=_enum(AveragingDenominator, denominator, "averaging_denominator") if denominator else None,
    )
    secondary = _mapping(document, "inventory_secondary", strict=strict)
    gdp = _mapping(document, "gdp", strict=strict)
    inventory = Inventory(
        values=_years(document.get("inventory"), "inventory"),
        secondary=_years(secondary.get("values"), "inventory_secondary.values"),
        secondary_label=str(secondary.get("label", "")),
        gdp=_years(gdp.get("values"), "gdp.values"),
        gdp_unit=str(gdp.get("unit", "")),
    )
    return definition, inventory
