"""Per-cell syntax rules of the staff checker (`article6.md` §8.2): a raw cell value to a model value.

`check_cell` takes a field of the layout and what openpyxl read, and returns the parsed value (or None
for an empty, `NA` or placeholder cell) with the problems found. An ERROR problem means the value is
unusable and the row will be skipped; a WARNING keeps the value (a year typed as text, an unknown
country name). Patterns are full matches; controlled values go through the vocabularies' `parse`, so
the variants other registries use are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from setu.aef.timeframe_text import parse_timeframe
from setu.aef.workbook_layout import CARP_INFORMATION, CARP_LINK, NA, Field, Need, Rule
from setu.domain.article6.aef_findings import AefCode, Severity
from setu.domain.article6.aef_model import ITMO_IDENTIFIER, IdStyle, parse_itmo_identifier
from setu.domain.article6.vocabulary import (
    ActionSubtype,
    ActionType,
    ActivityType,
    FirstTransferDefinition,
    Metric,
    MitigationType,
    Purpose,
    Sector,
    UnderlyingRegistry,
    party_from_name,
)

RULE_SYNTAX, RULE_VOCABULARY, RULE_DATE, RULE_RESERVED = "S1", "S2", "S3", "X9"

PATTERNS = {
    Rule.AUTHORIZATION_ID: (re.compile(r"[A-Za-z0-9 \-/.]+"), "letters, digits, spaces, '-', '/' or '.'"),
    Rule.CA_ID: (re.compile(r"CA\d{4}"), "CA and four digits (CA0123)"),
    Rule.PARTY: (re.compile(r"[A-Z]{3}"), "an ISO alpha-3 code (IND)"),
    Rule.REGISTRY: (re.compile(r"[A-Z]{3}\d{2}"), "a Party ID followed by two digits (IND01)"),
    Rule.VERSION: (re.compile(r"[0-9]+\.[0-9]+"), "text such as '1.0'"),
}
VOCABULARIES: dict[Rule, Any] = {
    Rule.METRIC: Metric, Rule.PURPOSE: Purpose, Rule.FIRST_TRANSFER_DEFINITION: FirstTransferDefinition,
    Rule.ACTION_TYPE: ActionType, Rule.ACTION_SUBTYPE: ActionSubtype, Rule.UNDERLYING_REGISTRY: UnderlyingRegistry,
    Rule.MITIGATION_TYPE: MitigationType,
}
LISTS: dict[Rule, Any] = {Rule.SECTORS: Sector, Rule.ACTIVITY_TYPES: ActivityType}
PLACEHOLDERS = {Rule.CARP_INFORMATION: CARP_INFORMATION, Rule.CARP_LINK: CARP_LINK}
_PARTY = re.compile(r"[A-Z]{3}")
_NAME = re.compile(r"[A-Z][A-Za-z ()'.,\-]+")
_SPLIT = re.compile(r"\s*[,;]\s*")


@dataclass(frozen=True, slots=True)
class CellProblem:
    code: AefCode
    rule: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def skips_row(self) -> bool:
        """An error in a value the model carries. A changed CARP placeholder carries none: reported, row kept."""
        return self.severity is Severity.ERROR and self.code is not AefCode.FIELD_RESERVED


class _Bad(Exception):
    """A rule's verdict inside this module; `check_cell` turns it into a `CellProblem`."""

    def __init__(self, message: str, code: AefCode = AefCode.FIELD_SYNTAX, rule: str = RULE_SYNTAX) -> None:
        super().__init__(message)
        self.problem = CellProblem(code, rule, message)


def is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def check_cell(field: Field, raw: object) -> tuple[object, list[CellProblem]]:
    """The value `raw` stands for under `field`'s rule, and what is wrong with it."""
    placeholder = PLACEHOLDERS.get(field.rule)
    if placeholder is not None:
        if raw == placeholder:
            return None, []
        return None, [CellProblem(AefCode.FIELD_RESERVED, RULE_RESERVED,
                                  f"'{field.name}' is filled by the CARP and must hold {placeholder!r} unchanged, "
                                  f"not {_shown(raw)}")]
    if is_empty(raw) or (raw == NA and field.need is not Need.REQUIRED):
        if field.need is Need.REQUIRED:
            return None, [CellProblem(AefCode.FIELD_SYNTAX, RULE_SYNTAX, f"'{field.name}' is required")]
        return None, []
    if isinstance(raw, ArrayFormula | DataTableFormula):  # openpyxl's reading of an array or data-table formula
        raw = getattr(raw, "text", None) or "=" + str(getattr(raw, "ref", ""))
    if isinstance(raw, str) and raw.startswith("="):
        return None, [CellProblem(AefCode.FIELD_SYNTAX, RULE_SYNTAX,
                                  f"'{field.name}' holds a formula {raw!r}; the template wants values")]
    warnings: list[CellProblem] = []
    try:
        value = _parse(field, raw, warnings)
    except _Bad as bad:
        return None, [bad.problem]
    return value, warnings


def _parse(field: Field, raw: object, warnings: list[CellProblem]) -> object:
    rule, name = field.rule, field.name
    if rule is Rule.DATE:
        return _date(name, raw)
    if rule in (Rule.YEAR, Rule.INTEGER, Rule.QUANTITY, Rule.SERIAL):
        number = _integer(name, raw, warnings)
        if rule is Rule.YEAR and not 1000 <= number <= 9999:
            raise _Bad(f"'{name}' must be a four-digit year, not {number}")
        if rule is Rule.SERIAL and number < 1:
            raise _Bad(f"'{name}' must be a serial number of 1 or more, not {number}")
        if number < 0:
            raise _Bad(f"'{name}' must be a whole number of 0 or more, not {number}")
        return number
    if rule in VOCABULARIES:
        return _vocabulary(VOCABULARIES[rule], name, raw)
    if rule in LISTS:
        values = tuple(_vocabulary(LISTS[rule], name, part) for part in _parts(raw))
        if not values and field.need is Need.REQUIRED:
            raise _Bad(f"'{name}' is required")
        return values
    if rule is Rule.VERSION and not isinstance(raw, str):
        raise _Bad(f"'{name}' must be text such as '1.0', not {_shown(raw)} (a number 1.0 reads back as 1)")
    text = _text(raw)
    if rule in PATTERNS:
        pattern, wanted = PATTERNS[rule]
        if not pattern.fullmatch(text):
            raise _Bad(f"'{name}' must be {wanted}, not {text!r}")
        return text
    if rule is Rule.ITMO_ID:
        try:
            return parse_itmo_identifier(text, field=name)
        except ValueError as error:
            raise _Bad(str(error)) from None
    if rule is Rule.PARTY_LIST:
        parts = _parts(text)
        bad = [p for p in parts if not _PARTY.fullmatch(p)]
        if bad:
            raise _Bad(f"'{name}' must be comma-separated ISO alpha-3 codes (JPN, IND), not {text!r}")
        return parts
    if rule is Rule.ENTITY_LIST:
        return _parts(text)
    if rule is Rule.TIMEFRAME:
        try:
            return parse_timeframe(text)
        except ValueError as error:
            raise _Bad(f"'{name}': {error}") from None
    if rule in (Rule.PARTY_NAME, Rule.COUNTRY_NAME):
        return _party(field, text, warnings)
    return text


def _date(name: str, raw: object) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    raise _Bad(f"'{name}' must be a date cell (dd/mm/yyyy), not {_shown(raw)}", AefCode.DATE_NOT_DATE, RULE_DATE)


def _integer(name: str, raw: object, warnings: list[CellProblem]) -> int:
    if isinstance(raw, bool):
        raise _Bad(f"'{name}' must be a whole number, not {raw!r}")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().isdigit() and raw.strip().isascii():
        warnings.append(CellProblem(AefCode.FIELD_SYNTAX, RULE_SYNTAX,
                                    f"'{name}' is the text {raw!r}; the template wants a number", Severity.WARNING))
        return int(raw)
    raise _Bad(f"'{name}' must be a whole number, not {_shown(raw)}")


def _vocabulary(vocabulary: Any, name: str, raw: object) -> Any:
    try:
        return vocabulary.parse(raw, field=name)
    except ValueError as error:
        raise _Bad(str(error), AefCode.FIELD_VOCABULARY, RULE_VOCABULARY) from None


def _party(field: Field, text: str, warnings: list[CellProblem]) -> str:
    """A Party or country by name (the template) or by alpha-3 code (4/CMA.6); returns the code."""
    code = party_from_name(text)
    if code is not None:
        return code
    if _PARTY.fullmatch(text):
        return text
    if field.rule is Rule.COUNTRY_NAME and _NAME.fullmatch(text):
        warnings.append(CellProblem(AefCode.FIELD_VOCABULARY, RULE_VOCABULARY,
                                    f"'{field.name}': no alpha-3 code is known for {text!r}; kept as written",
                                    Severity.WARNING))
        return text
    raise _Bad(f"'{field.name}': {text!r} is neither a known Party name (India, Japan) nor an alpha-3 code",
               AefCode.FIELD_VOCABULARY, RULE_VOCABULARY)


def _parts(raw: object) -> tuple[str, ...]:
    return tuple(part for part in _SPLIT.split(_text(raw).strip()) if part)


def _text(raw: object) -> str:
    """Free text as written; a number someone typed into a text field reads back as its digits."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime | date):
        return f"{raw.day:02d}/{raw.month:02d}/{raw.year:04d}"
    return str(raw)


def _shown(raw: object) -> str:
    if raw is None:
        return "an empty cell"
    if isinstance(raw, str):
        return f"the text {raw!r}"
    return f"{type(raw).__name__} {raw!r}"


def identifier_generation(raw: object) -> IdStyle | None:
    """Which generation a `First ID` cell follows: a full identifier (v1), a serial (v2), or neither."""
    if isinstance(raw, str):
        if ITMO_IDENTIFIER.fullmatch(raw):
            return IdStyle.V1
        return IdStyle.V2 if raw.strip().isdigit() else None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer()):
        return IdStyle.V2
    return None
