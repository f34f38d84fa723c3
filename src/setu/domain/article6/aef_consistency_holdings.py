"""X16: the year's actions roll the previous 31-December holdings forward to this year's.

Per serial space (cooperative approach, originating registry, first-transferring Party, vintage), in
t CO2 eq, for the reporting Party P (over all its registries):

    holdings(31/12/Y) = holdings(31/12/Y-1)
                        + Acquisitions                                  (units arrive in P's registry)
                        + First transfers that leave the units with P   (Acquiring Party NA or P: an OIMP event)
                        - Transfers                                     (units leave for the acquiring Party)
                        - Uses
                        - Cancellations and Voluntary Cancellations, ITMO part only

Holdings hold ITMOs only (`article6.md` §7.4 item 2), so:
- an `Authorization` changes nothing, and neither does a `First transfer` to another Party (the units
  were authorized mitigation outcomes, outside the holdings, and they go to the acquirer);
- a cancellation subtracts only the serials that were ITMOs in P's hands this year (held at 31/12/Y-1,
  acquired, or first transferred and kept); cancelling mitigation outcomes that were never first
  transferred (e.g. towards OMGE) leaves the holdings alone;
- a `Transfer` or `Use` subtracts in full (a Transfer always leaves the Party): moving or using units
  that were not ITMOs is X12/X18's finding, and here it shows as units that were never held.
The key leaves out `Party ITMO registry ID`: that column holds the current registry in the 2024 template
and, by setu's default, the originating one in v2 (§9 row 2), so a previous year written in the other
generation would key the same units differently. Per serial space, units of one host cannot silently
stand in for another's; a Party's registries are one Party's holdings.
"""

from __future__ import annotations

from dataclasses import dataclass

from setu.domain.article6.aef_consistency_context import CheckContext, SpaceKey, given, has_range, space
from setu.domain.article6.aef_consistency_intervals import IntervalSet
from setu.domain.article6.aef_findings import AefFinding
from setu.domain.article6.aef_model import ActionRow, AefReport, ItmoBlock
from setu.domain.article6.vocabulary import ActionType

HoldingsKey = SpaceKey
"""(cooperative approach, originating registry, first-transferring Party, vintage): the serial space."""

_OPENING, _ACQUIRED, _KEPT, _OUT, _USED, _CANCELLED, _REPORTED = range(7)


@dataclass(frozen=True, slots=True)
class HoldingsBalance:
    """One line of the X16 roll-forward, in t CO2 eq."""

    opening: int
    acquired: int
    first_transferred_kept: int
    transferred_out: int
    used: int
    cancelled: int
    reported: int

    @property
    def expected(self) -> int:
        """What the holdings at 31 December should be."""
        return (self.opening + self.acquired + self.first_transferred_kept
                - self.transferred_out - self.used - self.cancelled)


def holdings_key(block: ItmoBlock) -> HoldingsKey:
    return space(block)


def _keeps_units(row: ActionRow, party: str) -> bool:
    """A first transfer whose units stay with the reporting Party (an OIMP event with no acquirer)."""
    return row.action_type is ActionType.FIRST_TRANSFER and (
        not given(row.acquiring_party) or row.acquiring_party == party)


def roll_forward(report: AefReport, previous: AefReport) -> dict[HoldingsKey, HoldingsBalance]:
    """The X16 balance of every holdings key either year or the year's actions touch (see the module doc)."""
    party = report.submission.party
    lines: dict[HoldingsKey, list[int]] = {}

    def add(block: ItmoBlock, column: int, tonnes: int) -> None:
        lines.setdefault(holdings_key(block), [0] * 7)[column] += tonnes

    itmos: dict[tuple, list[tuple[int, int]]] = {}
    for row in previous.holdings:
        add(row.block, _OPENING, row.block.tonnes)
        _note(itmos, row.block)
    for row in report.holdings:
        add(row.block, _REPORTED, row.block.tonnes)
    for row in report.actions:
        kind = row.action_type
        if kind is ActionType.ACQUISITION or _keeps_units(row, party):
            add(row.block, _ACQUIRED if kind is ActionType.ACQUISITION else _KEPT, row.block.tonnes)
            _note(itmos, row.block)
        elif kind is ActionType.TRANSFER:
            add(row.block, _OUT, row.block.tonnes)
        elif kind is ActionType.USE:
            add(row.block, _USED, row.block.tonnes)
    held = {key: IntervalSet(spans) for key, spans in itmos.items()}
    for row in report.actions:
        if row.action_type in (ActionType.CANCELLATION, ActionType.VOLUNTARY_CANCELLATION):
            add(row.block, _CANCELLED, _itmo_part(row.block, held.get(space(row.block))))
    return {key: HoldingsBalance(*line) for key, line in lines.items()}


def _note(itmos: dict[tuple, list[tuple[int, int]]], block: ItmoBlock) -> None:
    if has_range(block):
        itmos.setdefault(space(block), []).append((block.first_serial, block.last_serial))


def _itmo_part(block: ItmoBlock, held: IntervalSet | None) -> int:
    """The tonnes of a cancelled block that were ITMOs in the Party's hands."""
    if not has_range(block):
        return block.tonnes
    size = block.last_serial - block.first_serial + 1
    inside = held.covered_length(block.first_serial, block.last_serial) if held else 0
    return block.tonnes if inside == size else block.tonnes * inside // size


def check_roll_forward(ctx: CheckContext) -> list[AefFinding]:
    """X16 findings: one per holdings key whose reported holdings differ from the roll-forward."""
    if ctx.previous is None:
        return []
    first_holding = {}
    for row in ctx.report.holdings:
        first_holding.setdefault(holdings_key(row.block), row)
    findings = []
    for key, line in sorted(roll_forward(ctx.report, ctx.previous).items()):
        if line.expected == line.reported:
            continue
        ca, origin, party, vintage = key
        row = first_holding.get(key)
        findings.append(ctx.finding(
            "X16", f"holdings of {ca}-{origin}-{party} vintage {vintage}: 31/12/{ctx.year - 1}"
            f" {line.opening} + acquisitions {line.acquired} + first transfers kept {line.first_transferred_kept}"
            f" - transfers {line.transferred_out} - uses {line.used} - cancellations {line.cancelled}"
            f" = {line.expected} t, but Table 4 reports {line.reported} t at 31/12/{ctx.year}",
            row.source if row is not None else None))
    return findings
