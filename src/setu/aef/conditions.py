"""Which conditional fields a row must fill and which it must leave `NA` (`article6.md` §4.4), and the
subtypes each action type may carry (§5.4).

These are checks X7 and X8 of §8.3 applied to one row at a time, as the reader parses it: a row that
breaks them is reported at the cell concerned and left out of the parsed report, so the cross-record
checks never see it. Each check returns `(field key, code, rule, message)`; the reader turns the key
into a cell.
"""

from __future__ import annotations

from setu.domain.article6.aef_findings import AefCode
from setu.domain.article6.aef_model import ActionRow, AuthorizationRow, ItmoBlock
from setu.domain.article6.vocabulary import (
    ALLOWED_SUBTYPES,
    ActionSubtype,
    ActionType,
    FirstTransferDefinition,
    Metric,
)

Problem = tuple[str, AefCode, str, str]
RULE_CONDITION, RULE_SUBTYPE = "X7", "X8"

_MAY_USE_OR_CANCEL = frozenset({
    ActionType.FIRST_TRANSFER, ActionType.USE, ActionType.CANCELLATION, ActionType.VOLUNTARY_CANCELLATION,
})
"""Action types that may name an OIMP purpose and a using/cancelling Party or entity."""


def _needed(key: str, what: str) -> Problem:
    return key, AefCode.FIELD_CONDITION, RULE_CONDITION, f"{what} is required here"


def _not_applicable(key: str, what: str, value: object) -> Problem:
    return key, AefCode.FIELD_CONDITION, RULE_CONDITION, f"{what} must be NA here, not {value!r}"


def action_problems(row: ActionRow) -> list[Problem]:
    """The §4.4 matrix for one Table 3 row, then its subtype."""
    kind = row.action_type
    problems = block_problems(row.block)
    if kind is ActionType.ACQUISITION and row.transferring_party is None:
        problems.append(_needed("transferring_party", "the transferring Party (Acquisition)"))
    if kind is not ActionType.ACQUISITION and row.transferring_party is not None:
        problems.append(_not_applicable("transferring_party", f"the transferring Party ({kind.value})",
                                        row.transferring_party))
    to_party = kind is ActionType.TRANSFER or row.subtype is ActionSubtype.FIRST_TRANSFER_TO_PARTY
    if to_party and row.acquiring_party is None:
        problems.append(_needed("acquiring_party", f"the acquiring Party ({kind.value} to a Party)"))
    if kind not in (ActionType.TRANSFER, ActionType.FIRST_TRANSFER) and row.acquiring_party is not None:
        problems.append(_not_applicable("acquiring_party", f"the acquiring Party ({kind.value})", row.acquiring_party))
    if kind is not ActionType.USE and row.ndc_use_year is not None:
        problems.append(_not_applicable("ndc_use_year", f"the NDC year of use ({kind.value})", row.ndc_use_year))
    if kind is ActionType.USE and (row.ndc_use_year is None) == (row.oimp_purpose is None):
        problems.append(("ndc_use_year", AefCode.FIELD_CONDITION, RULE_CONDITION,
                         "a Use is either towards the NDC (with its calendar year) or for OIMP (with its purpose), "
                         "so exactly one of the two is filled"))
    if kind not in _MAY_USE_OR_CANCEL:
        for key, what in (("oimp_purpose", "the OIMP purpose"), ("using_party", "the using/cancelling Party"),
                          ("using_entity", "the using/cancelling entity")):
            value = getattr(row, key)
            if value is not None:
                problems.append(_not_applicable(key, f"{what} ({kind.value})", value))
    if row.subtype is not None and row.subtype not in ALLOWED_SUBTYPES[kind]:
        allowed = ", ".join(sorted(s.value for s in ALLOWED_SUBTYPES[kind]))
        problems.append(("subtype", AefCode.FIELD_VOCABULARY, RULE_SUBTYPE,
                         f"subtype {row.subtype.value!r} does not belong to action type {kind.value!r} "
                         f"(allowed: {allowed}, or empty)"))
    return problems


def block_problems(block: ItmoBlock) -> list[Problem]:
    """Non-GHG fields are filled exactly when the metric is non-GHG (Tables 3 and 4)."""
    non_ghg = block.metric is Metric.NON_GHG
    problems: list[Problem] = []
    for key, value in (("non_ghg_metric", block.non_ghg_metric), ("quantity_non_ghg", block.quantity_non_ghg)):
        if non_ghg and value is None:
            problems.append(_needed(key, "a non-GHG field (Metric is non-GHG)"))
        elif not non_ghg and value is not None:
            problems.append(_not_applicable(key, "a non-GHG field (Metric is GHG)", value))
    return problems


def authorization_problems(row: AuthorizationRow) -> list[Problem]:
    """Table 2: non-GHG metric only for non-GHG, OIMP fields only when OIMP is authorized.

    A missing first-transfer definition where OIMP is authorized is left to X17, which blocks on it.
    """
    problems: list[Problem] = []
    non_ghg = row.metric is Metric.NON_GHG
    if non_ghg and row.non_ghg_metric is None:
        problems.append(_needed("non_ghg_metric", "the non-GHG metric (Metric is non-GHG)"))
    if not non_ghg and row.non_ghg_metric is not None:
        problems.append(_not_applicable("non_ghg_metric", "the non-GHG metric (Metric is GHG)", row.non_ghg_metric))
    oimp = row.purposes.allows_oimp
    if not oimp and row.oimp_authorized is not None:
        problems.append(_not_applicable("oimp_authorized", f"the OIMP authorized ({row.purposes.value})",
                                        row.oimp_authorized))
    definition = row.first_transfer_definition
    if definition is not None and definition.is_oimp_choice != oimp:
        wanted = ("Authorisation, Issuance or Use or Cancellation" if oimp
                  else f"NA or {FirstTransferDefinition.FIRST_INTERNATIONAL_TRANSFER.value}")
        problems.append(("first_transfer_definition", AefCode.FIELD_CONDITION, RULE_CONDITION,
                         f"purposes {row.purposes.value!r} take {wanted} as first-transfer definition, "
                         f"not {definition.value!r}"))
    return problems
