"""Parsed cell values of one table row to the model's row value (`aef_model`).

Called only when every cell of the row passed its syntax rule. What remains to check here is what
spans cells: in v1 the identifier strings must agree with the row's own CA, Party and vintage columns
(and with each other), and v2 identifiers take their originating registry from `Party ITMO registry
ID`, the only registry a v2 row names. A quantity equal to the serial count is stored as None, the
model's "Last ID − First ID + 1", so a written and re-read report equals the original.
"""

from __future__ import annotations

from typing import Any

from setu.aef.conditions import Problem
from setu.aef.syntax import RULE_SYNTAX
from setu.domain.article6.aef_findings import AefCode
from setu.domain.article6.aef_model import (
    ActionRow,
    AuthorizationRow,
    EntityRow,
    HoldingRow,
    ItmoBlock,
    ParsedIdentifier,
    Submission,
)
from setu.domain.article6.vocabulary import UnderlyingRegistry

Values = dict[str, Any]


def submission(values: Values, source: str) -> Submission:
    return Submission(values["party"], values["version"], values["reported_year"], values["submission_date"],
                      values["ndc_first_year"], values["ndc_last_year"], source)


def authorization(values: Values, source: str) -> AuthorizationRow:
    return AuthorizationRow(
        values["authorization_id"], values["authorization_date"], values["cooperative_approach_id"],
        values["version"], values["authorized_quantity"], values["metric"], values["purposes"], values["sectors"],
        values["activity_types"] or (), values["gwp_values"], values["non_ghg_metric"],
        values["authorized_parties"] or (), values["authorized_entities"] or (), values["oimp_authorized"],
        values["timeframe"], values["terms"], values["first_transfer_definition"], values["explanation"], source,
    )


def action(values: Values, source: str) -> tuple[ActionRow | None, list[Problem]]:
    block, problems = block_of(values)
    if block is None:
        return None, problems
    return ActionRow(
        values["action_date"], values["action_type"], values["authorization_id"], block, values["subtype"],
        values["transferring_party"], values["acquiring_party"], values["oimp_purpose"], values["using_party"],
        values["using_entity"], values["ndc_use_year"], values["explanation"], source,
    ), []


def holding(values: Values, source: str) -> tuple[HoldingRow | None, list[Problem]]:
    block, problems = block_of(values)
    return (None if block is None else HoldingRow(values["authorization_id"], block, source)), problems


def entity(values: Values, source: str) -> EntityRow:
    return EntityRow(values["authorization_date"], values["name"], values["country"],
                     values["identification_number"], values["cooperative_approach_id"], values["conditions"],
                     values["change_conditions"], values["explanation"], source)


def block_of(values: Values) -> tuple[ItmoBlock | None, list[Problem]]:
    """The row's `ItmoBlock`; in v1 (identifier strings) only if the strings agree with the row."""
    first, last = values["first_id"], values["last_id"]
    if isinstance(first, ParsedIdentifier) and isinstance(last, ParsedIdentifier):
        problems = _identifier_problems("first_id", first, values) + _identifier_problems("last_id", last, values)
        if problems:
            return None, problems
        originating, first_serial, last_serial = first.originating_registry, first.serial, last.serial
    elif isinstance(first, int) and isinstance(last, int):
        originating, first_serial, last_serial = values["registry"], first, last
    else:
        return None, [("last_id", AefCode.FIELD_SYNTAX, RULE_SYNTAX,
                       "First ID and Last ID must both be identifier strings (v1) or both serial numbers (v2)")]
    quantity = values["quantity"]
    return ItmoBlock(
        values["cooperative_approach_id"], values["first_transferring_party"], values["registry"], originating,
        first_serial, last_serial, values["vintage"], values["metric"], values["mitigation_type"],
        None if quantity == last_serial - first_serial + 1 else quantity,
        UnderlyingRegistry.NA if values["underlying_registry"] is None else values["underlying_registry"], values["first_unit_id"], values["last_unit_id"],
        values["gwp_values"], values["non_ghg_metric"], values["quantity_non_ghg"],
    ), []


def _identifier_problems(key: str, identifier: ParsedIdentifier, values: Values) -> list[Problem]:
    """An identifier string must name the row's own cooperative approach, first-transferring Party and vintage."""
    problems: list[Problem] = []
    first = values["first_id"]
    for element, own, column in (
        (identifier.cooperative_approach_id, values["cooperative_approach_id"], "Cooperative approach ID"),
        (identifier.first_transferring_party, values["first_transferring_party"],
         "First transferring participating Party ID"),
        (identifier.vintage, values["vintage"], "Vintage"),
    ):
        if element != own:
            problems.append((key, AefCode.FIELD_SYNTAX, RULE_SYNTAX,
                             f"the identifier names {element!r} but the row's {column} is {own!r}"))
    if key == "last_id" and identifier.originating_registry != first.originating_registry:
        problems.append((key, AefCode.FIELD_SYNTAX, RULE_SYNTAX,
                         f"First ID and Last ID name different originating registries "
                         f"({first.originating_registry} and {identifier.originating_registry})"))
    return problems
