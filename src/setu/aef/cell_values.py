"""Model rows to cell values, in each table's field order: what the writer puts in the sheet.

A value is `str` (a text cell), `int` (a number cell), `date` (a date cell) or None (no cell at all).
Conditional fields that do not apply become `NA`, optional ones stay empty, CARP fields get the
template's placeholder, controlled values their exact spelling. These functions run once per row of a
million-row table, so they build one tuple each, with no lookups by name.
"""

from __future__ import annotations

from datetime import date

from setu.aef.timeframe_text import timeframe_text
from setu.aef.workbook_layout import CARP_INFORMATION, CARP_LINK, NA
from setu.domain.article6.aef_model import (
    ActionRow,
    AuthorizationRow,
    EntityRow,
    HoldingRow,
    ItmoBlock,
    Submission,
)
from setu.domain.article6.vocabulary import party_name

Cell = str | int | date | None
LIST_SEPARATOR = ", "


def submission_values(submission: Submission) -> tuple[Cell, ...]:
    """Table 1's nine values, top to bottom: the Party by name, the version as text."""
    return (
        party_name(submission.party), submission.version, submission.reported_year, submission.submission_date,
        CARP_INFORMATION, CARP_INFORMATION, submission.ndc_first_year, submission.ndc_last_year, CARP_LINK,
    )


def authorization_values(row: AuthorizationRow) -> tuple[Cell, ...]:
    definition = row.first_transfer_definition
    return (
        row.authorization_id, row.authorization_date, row.cooperative_approach_id, row.version,
        row.authorized_quantity, row.metric.value, row.gwp_values, _or_na(row.non_ghg_metric),
        LIST_SEPARATOR.join(s.value for s in row.sectors),
        LIST_SEPARATOR.join(a.value for a in row.activity_types) or None,
        row.purposes.value,
        LIST_SEPARATOR.join(row.authorized_parties) or None,
        LIST_SEPARATOR.join(row.authorized_entities) or None,
        _or_na(row.oimp_authorized), timeframe_text(row.timeframe), row.terms, CARP_LINK,
        NA if definition is None else definition.value, row.explanation,
    )


def action_values(row: ActionRow, full_identifiers: bool) -> tuple[Cell, ...]:
    block = row.block
    subtype = row.subtype
    year = row.ndc_use_year
    return (
        row.action_date, row.action_type.value, None if subtype is None else subtype.value,
        block.cooperative_approach_id, row.authorization_id, *_block_values(block, full_identifiers),
        _or_na(row.transferring_party), _or_na(row.acquiring_party), _or_na(row.oimp_purpose),
        _or_na(row.using_party), _or_na(row.using_entity), NA if year is None else year,
        CARP_INFORMATION, row.explanation,
    )


def holding_values(row: HoldingRow, full_identifiers: bool) -> tuple[Cell, ...]:
    block = row.block
    return (block.cooperative_approach_id, row.authorization_id, *_block_values(block, full_identifiers))


def entity_values(row: EntityRow) -> tuple[Cell, ...]:
    return (
        row.authorization_date, row.name, country_name(row.country), row.identification_number,
        row.cooperative_approach_id, row.conditions, row.change_conditions, row.explanation,
    )


def _block_values(block: ItmoBlock, full_identifiers: bool) -> tuple[Cell, ...]:
    """From `First transferring participating Party ID` to `Vintage` (Tables 3 and 4 share this run)."""
    if full_identifiers:
        first: Cell = block.first_identifier
        last: Cell = block.last_identifier
    else:
        first, last = block.first_serial, block.last_serial
    quantity = block.quantity
    non_ghg = block.quantity_non_ghg
    return (
        block.first_transferring_party, block.registry, first, last, block.underlying_registry.value,
        block.first_unit_id, block.last_unit_id, block.metric.value, block.gwp_values, _or_na(block.non_ghg_metric),
        block.last_serial - block.first_serial + 1 if quantity is None else quantity,
        NA if non_ghg is None else non_ghg, block.mitigation_type.value, block.vintage,
    )


def _or_na(value: str | None) -> str:
    return NA if value is None else value


def country_name(code: str) -> str:
    """Table 5 wants the country's name; an unknown code is refused, never written as a code."""
    try:
        return party_name(code)
    except ValueError:
        raise ValueError(
            f"Table 5 Country of incorporation: no country name is known for {code!r}; add it to vocabulary.PARTY_NAMES"
        ) from None
