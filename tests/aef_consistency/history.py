"""A tiny model of India's and Japan's registries, and the AEF reports it implies.

`History.run(steps)` plays authorize / first-transfer / transfer / use / cancel steps over serial
intervals (a step picks a block and a sub-range, so blocks split like real ones), one step a day,
the first `steps_in_first_year` in 2027 and the rest in 2028. `report(party, year)` is what that
Party's AEF for the year must say: its actions, and its ITMOs at 31 December as holdings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from setu.domain.article6.aef_model import ActionRow, AefReport, HoldingRow, ItmoBlock
from setu.domain.article6.vocabulary import ActionSubtype, FirstTransferDefinition, Purpose

from .builders import ACQ, AUTH, CANCEL, FT, TO_PARTY, TR, USE, VCANCEL, held, ndc_authorization, submission

REGISTRY = {"IND": "IND01", "JPN": "JPN01"}
OTHER = {"IND": "JPN", "JPN": "IND"}
NDC, OIMP_AT_AUTHORIZATION, OIMP_AT_USE = "IND-NDC-1", "IND-OIMP-1", "IND-OIMP-2"
AUTHORIZATIONS = (
    ndc_authorization(authorization_id=NDC, authorization_date=date(2027, 1, 1), authorized_quantity=None,
                      authorized_parties=()),  # units go back and forth, and either Party uses them
    ndc_authorization(authorization_id=OIMP_AT_AUTHORIZATION, authorization_date=date(2027, 1, 1),
                      purposes=Purpose.OIMP, oimp_authorized="CORSIA", authorized_parties=(),
                      first_transfer_definition=FirstTransferDefinition.AUTHORIZATION),
    ndc_authorization(authorization_id=OIMP_AT_USE, authorization_date=date(2027, 1, 1), purposes=Purpose.IMP,
                      oimp_authorized="CORSIA", authorized_parties=(),
                      first_transfer_definition=FirstTransferDefinition.USE_OR_CANCELLATION),
)
STEP_KINDS = ("authorize", "first_transfer", "transfer", "use", "cancel", "cancel_outcome")


@dataclass
class Block:
    vintage: int
    first: int
    last: int
    authorization: str
    state: str
    """`authorized` (a mitigation outcome), `itmo` or `gone`."""
    holder: str = "IND"


@dataclass
class History:
    steps_in_first_year: int
    blocks: list[Block] = field(default_factory=list)
    actions: dict[tuple[str, int], list[ActionRow]] = field(default_factory=dict)
    holdings: dict[tuple[str, int], list[Block]] = field(default_factory=dict)
    next_serial: dict[int, int] = field(default_factory=dict)

    def run(self, steps: list[tuple[str, int, int, int]]) -> History:
        for number, (kind, a, b, c) in enumerate(steps):
            year = 2027 if number < self.steps_in_first_year else 2028
            if year == 2028 and ("IND", 2027) not in self.holdings:
                self._close(2027)
            when = date(year, 1, 2) + timedelta(days=number % 300)
            getattr(self, f"_{kind}")(when, a, b, c)
        for year in (2027, 2028):
            if ("IND", year) not in self.holdings:
                self._close(year)
        return self

    def report(self, party: str, year: int, *, merge: bool = False) -> AefReport:
        rows = [HoldingRow(b.authorization, self._block(party, b.vintage, b.first, b.last))
                for b in _merged(self.holdings.get((party, year), []), merge)]
        return AefReport(submission(party, year), AUTHORIZATIONS if party == "IND" else (),
                         tuple(self.actions.get((party, year), ())), tuple(rows))

    # Steps. Each picks its block and sub-range from the drawn integers, and does nothing when none fits.

    def _authorize(self, when: date, a: int, b: int, c: int) -> None:
        vintage, auth = 2025 + a % 2, (NDC, OIMP_AT_AUTHORIZATION, OIMP_AT_USE)[b % 3]
        first = self.next_serial.get(vintage, 1)
        block = Block(vintage, first, first + c % 50, auth, "authorized")
        self.next_serial[vintage] = block.last + 1
        self.blocks.append(block)
        self._record("IND", when, AUTH, block)
        if auth == OIMP_AT_AUTHORIZATION:
            block.state = "itmo"
            self._record("IND", when, FT, block, subtype=ActionSubtype.AUTHORIZATION, oimp_purpose="CORSIA")

    def _first_transfer(self, when: date, a: int, b: int, c: int) -> None:
        piece = self._carve(lambda k: k.state == "authorized" and k.authorization != OIMP_AT_AUTHORIZATION, a, b, c)
        if piece is None:
            return
        if piece.authorization == OIMP_AT_USE:  # the first transfer is the use (§2.2)
            self._record("IND", when, FT, piece, subtype=ActionSubtype.USE_OR_CANCELLATION, oimp_purpose="CORSIA")
            self._record("IND", when, USE, piece, oimp_purpose="CORSIA", using_party="IND")
            piece.state = "gone"
            return
        self._record("IND", when, FT, piece, subtype=TO_PARTY, acquiring_party="JPN")
        self._record("JPN", when, ACQ, piece, transferring_party="IND")
        piece.state, piece.holder = "itmo", "JPN"

    def _transfer(self, when: date, a: int, b: int, c: int) -> None:
        piece = self._carve(lambda k: k.state == "itmo", a, b, c)
        if piece is not None:
            sender, receiver = piece.holder, OTHER[piece.holder]
            self._record(sender, when, TR, piece, acquiring_party=receiver)
            self._record(receiver, when, ACQ, piece, transferring_party=sender)
            piece.holder = receiver

    def _use(self, when: date, a: int, b: int, c: int) -> None:
        piece = self._carve(lambda k: k.state == "itmo", a, b, c)
        if piece is not None:
            towards = {"ndc_use_year": when.year} if piece.authorization == NDC else {"oimp_purpose": "CORSIA", "using_party": piece.holder}
            self._record(piece.holder, when, USE, piece, **towards)
            piece.state = "gone"

    def _cancel(self, when: date, a: int, b: int, c: int) -> None:
        piece = self._carve(lambda k: k.state == "itmo", a, b, c)
        if piece is not None:
            self._record(piece.holder, when, CANCEL, piece, subtype=ActionSubtype.OTHER_CANCELLATIONS)
            piece.state = "gone"

    def _cancel_outcome(self, when: date, a: int, b: int, c: int) -> None:
        """Voluntary cancellation of NDC-authorized mitigation outcomes towards OMGE, before any first transfer."""
        piece = self._carve(lambda k: k.state == "authorized" and k.authorization == NDC, a, b, c)
        if piece is not None:
            self._record("IND", when, VCANCEL, piece, subtype=ActionSubtype.VOLUNTARY_OMGE)
            piece.state = "gone"

    # Helpers.

    def _carve(self, fits, a: int, b: int, c: int) -> Block | None:
        """Split a fitting block in up to three and return the middle piece (a new Block in `blocks`)."""
        candidates = [k for k in self.blocks if fits(k)]
        if not candidates:
            return None
        block = candidates[a % len(candidates)]
        first = block.first + b % (block.last - block.first + 1)
        last = first + c % (block.last - first + 1)
        self.blocks.remove(block)
        pieces = [replace(block, first=block.first, last=first - 1), replace(block, first=first, last=last),
                  replace(block, first=last + 1, last=block.last)]
        self.blocks += [p for p in pieces if p.first <= p.last]
        return pieces[1]

    def _block(self, party: str, vintage: int, first: int, last: int) -> ItmoBlock:
        return held(first, last, vintage=vintage, registry=REGISTRY[party])

    def _record(self, party: str, when: date, kind, block: Block, **fields: object) -> None:
        row = ActionRow(when, kind, block.authorization, self._block(party, block.vintage, block.first, block.last),
                        **fields)
        self.actions.setdefault((party, when.year), []).append(row)

    def _close(self, year: int) -> None:
        for party in ("IND", "JPN"):
            self.holdings[(party, year)] = [replace(k) for k in self.blocks if k.state == "itmo" and k.holder == party]


def _merged(blocks: list[Block], merge: bool) -> list[Block]:
    """Holdings rows: one per block, or adjacent blocks with the same attributes merged."""
    ordered = sorted(blocks, key=lambda k: (k.vintage, k.first))
    if not merge:
        return ordered
    rows: list[Block] = []
    for k in ordered:
        last = rows[-1] if rows else None
        if last and (last.vintage, last.authorization, last.last + 1) == (k.vintage, k.authorization, k.first):
            rows[-1] = replace(last, last=k.last)
        else:
            rows.append(replace(k))
    return rows
