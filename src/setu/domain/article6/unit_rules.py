"""What an Article 6 action does to the units it touches, or which rule refuses it.

A unit is in one of three Article 6 states (`article6.md` §1.1), read from its attributes:
a mitigation outcome (no authorization), an authorized mitigation outcome (authorized, not yet first
transferred), or an ITMO (first transferred). Actions move units between those states:

| Action | From | First transfer fires when the authorization says so at |
|---|---|---|
| authorize | mitigation outcome | authorization (or issuance, which came before it) |
| transfer to another Party | authorized or ITMO | the first international transfer (NDC) |
| use for the NDC | ITMO | never: NDC use needs an ITMO |
| use for OIMP, cancel | authorized or ITMO | use or cancellation (OIMP) |
| OMGE cancellation, share of proceeds | authorized or ITMO | never |

A first transfer also needs the Parties it involves to be eligible that day, and the first-transferring
Party's own gates passed (`participation.py`).

A first transfer happens at most once per tonne: it sets `first_transferred`, which every later split of
the block inherits (`blocks.carve` copies attributes), so no action can fire it again.

The functions here see the units already found and locked by the service, in the order of the rules'
precedence after the units are known (`COOPERATIVE_APPROACH_INVALID` ... `AUTHORIZED_LIMIT_EXCEEDED`),
and return the `Effect` or the first `Rejection`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum

from setu.domain.accounts import AccountType
from setu.domain.article6.authorization import FIRST_ITMO_VINTAGE, Authorization, FirstTransferEvent
from setu.domain.article6.participation import Standing, eligibility_problem, report_problem
from setu.domain.article6.vocabulary import ActionSubtype, FirstTransferDefinition
from setu.domain.blocks import UnitAttributes, UnitBlock, UnitKind
from setu.domain.rejections import Rejection, RejectionCode

R = RejectionCode


class Article6State(Enum):
    """Where a unit stands in the Article 6 chain."""

    MITIGATION_OUTCOME = "mitigation outcome"
    AUTHORIZED = "authorized, not yet first transferred"
    ITMO = "ITMO"


def article6_state(a: UnitAttributes) -> Article6State:
    """The state a unit's attributes put it in."""
    if a.first_transferred:
        return Article6State.ITMO
    if a.authorization_id is not None:
        return Article6State.AUTHORIZED
    return Article6State.MITIGATION_OUTCOME


@dataclass(frozen=True, slots=True)
class AuthorizationTotals:
    """Tonnes authorized and first transferred so far under one authorization (all versions)."""

    authorized: int = 0
    first_transferred: int = 0


@dataclass(frozen=True, slots=True)
class Effect:
    """What an accepted action does to the units it touches."""

    authorization_id: str
    first_transfer: ActionSubtype | None
    """The `First transfer` subtype when this action is the units' first transfer, else None."""

    def apply(self, a: UnitAttributes) -> UnitAttributes:
        """The attributes the touched units carry afterwards."""
        if self.first_transfer is None:
            return replace(a, authorization_id=self.authorization_id)
        return replace(a, authorization_id=self.authorization_id, first_transferred=True, unit_kind=UnitKind.ITMO)

    def changes(self) -> dict[str, object]:
        """The attribute changes, as the journal records them for replay."""
        if self.first_transfer is None:
            return {"authorization_id": self.authorization_id}
        return {"authorization_id": self.authorization_id, "first_transferred": True, "unit_kind": UnitKind.ITMO.value}


@dataclass(frozen=True, slots=True)
class UnitsInHand:
    """The units an action touches, all of one Article 6 state and one authorization."""

    blocks: tuple[UnitBlock, ...]
    quantity: int

    @property
    def attributes(self) -> UnitAttributes:
        return self.blocks[0].attributes

    @property
    def state(self) -> Article6State:
        return article6_state(self.attributes)

    @property
    def vintages(self) -> list[int]:
        return sorted({b.attributes.vintage_year for b in self.blocks})


def uniform(blocks: Sequence[UnitBlock], quantity: int) -> UnitsInHand | Rejection:
    """The touched units, or a rejection when they mix approaches (COOPERATIVE_APPROACH_INVALID, which comes
    first in precedence) or states, authorizations or first-transferring Parties (FIRST_TRANSFER_STATE)."""
    approaches = sorted({b.attributes.cooperative_approach_id for b in blocks})
    if len(approaches) > 1:
        return Rejection(R.COOPERATIVE_APPROACH_INVALID, f"the units asked for belong to {len(approaches)} cooperative"
                         f" approaches ({', '.join(approaches)}); act on each approach's units separately")
    kinds = {(article6_state(b.attributes), b.attributes.authorization_id, b.attributes.cooperative_approach_id,
              b.attributes.first_transferring_party) for b in blocks}
    if len(kinds) > 1:
        described = "; ".join(sorted(f"{s.value} ({auth or 'no authorization'}, {ca}, {party})"
                                     for s, auth, ca, party in kinds))
        return Rejection(R.FIRST_TRANSFER_STATE, f"the units asked for mix Article 6 states or authorizations"
                         f" ({described}); act on each group separately")
    return UnitsInHand(tuple(blocks), quantity)


def _approach(units: UnitsInHand, approaches: dict[str, tuple[str, ...]], registries: Sequence[str]) -> Rejection | None:
    ca = units.attributes.cooperative_approach_id
    if ca not in approaches:
        return Rejection(R.COOPERATIVE_APPROACH_INVALID, f"cooperative approach {ca} of the units is not registered in"
                         f" {' and '.join(registries)}")
    return None


def _window(auth: Authorization, units: UnitsInHand, day: date, *, vintages: bool) -> Rejection | None:
    """PERIOD_INVALID rules for a first transfer (or an authorization) on `day`."""
    if vintages:
        early = [v for v in units.vintages if v < FIRST_ITMO_VINTAGE]
        if early:
            return Rejection(R.PERIOD_INVALID, f"vintage {early[0]}: only mitigation from {FIRST_ITMO_VINTAGE} on can"
                             " become ITMOs (decision 2/CMA.3 annex para 1(g))")
        future = [v for v in units.vintages if v > day.year]
        if future:
            return Rejection(R.PERIOD_INVALID, f"vintage {future[0]} is after {day.year}: mitigation is authorized and"
                             " first transferred once it has occurred")
        outside = [v for v in units.vintages if not auth.covers_vintage(v)]
        if outside:
            t = auth.timeframe
            assert t is not None
            return Rejection(R.PERIOD_INVALID, f"vintage {outside[0]} is outside the timeframe of"
                             f" {auth.authorization_id} ({t.occurred_from.year}-{t.occurred_to.year})")
    if not auth.allows_action_on(day):
        return Rejection(R.PERIOD_INVALID, f"{day} is outside what authorization {auth.authorization_id}"
                         f" v{auth.version} allows (dated {auth.authorization_date}"
                         f"{_use_window(auth)})")
    return None


def _use_window(auth: Authorization) -> str:
    t = auth.timeframe
    if t is None or (t.use_from is None and t.use_to is None):
        return ""
    return f", use from {t.use_from or 'any date'} to {t.use_to or 'any date'}"


def _cap(auth: Authorization, already: int, quantity: int, what: str) -> Rejection | None:
    cap = auth.authorized_quantity
    if cap is not None and already + quantity > cap:
        return Rejection(R.AUTHORIZED_LIMIT_EXCEEDED, f"{what} {quantity} t would make {already + quantity} t under"
                         f" {auth.authorization_id}, above its authorized quantity of {cap} t ({cap - already} t left)")
    return None


def _revoked(auth: Authorization, day: date, what: str) -> Rejection | None:
    if auth.revoked_by(day):
        return Rejection(R.AUTHORIZATION_REVOKED, f"authorization {auth.authorization_id} was revoked on"
                         f" {auth.revoked_on}; {what}")
    return None


Standings = Mapping[str, Sequence[Standing]]
"""Each Party's recorded standing versions (`participation.py`)."""


def _participation(units: UnitsInHand, standings: Standings, day: date, acquiring_party: str | None = None,
                   ) -> Rejection | None:
    """PARTY_NOT_ELIGIBLE for a first transfer on `day`: every Party involved meets decision 2/CMA.3 annex
    para 4, and the first-transferring Party's own gates (initial report, technical review) are passed."""
    host = units.attributes.first_transferring_party
    for party in dict.fromkeys(p for p in (host, acquiring_party) if p is not None):
        if (problem := eligibility_problem(party, standings.get(party, ()), day)) is not None:
            return Rejection(R.PARTY_NOT_ELIGIBLE, problem)
    problem = report_problem(host, standings.get(host, ()), units.attributes.cooperative_approach_id, day)
    return Rejection(R.PARTY_NOT_ELIGIBLE, problem) if problem is not None else None


def decide_authorize(
    units: UnitsInHand, auth: Authorization, *, holding_party: str, approaches: dict[str, tuple[str, ...]],
    registry: str, totals: AuthorizationTotals, day: date, standings: Standings,
) -> Effect | Rejection:
    """Authorize mitigation outcomes held in `registry` (of `holding_party`) under `auth`."""
    a = units.attributes
    if (problem := _approach(units, approaches, [registry])) is not None:
        return problem
    if a.cooperative_approach_id != auth.cooperative_approach_id:
        return Rejection(R.COOPERATIVE_APPROACH_INVALID, f"the units belong to {a.cooperative_approach_id};"
                         f" authorization {auth.authorization_id} is for {auth.cooperative_approach_id}")
    if units.state is not Article6State.MITIGATION_OUTCOME:
        return Rejection(R.FIRST_TRANSFER_STATE, f"the units are already {units.state.value} under"
                         f" {a.authorization_id}; a unit is authorized once (a new version of the authorization"
                         " covers changes)")
    if (problem := _revoked(auth, day, "it authorizes nothing new")) is not None:
        return problem
    if auth.party != a.first_transferring_party or holding_party != auth.party:
        return Rejection(R.PARTY_NOT_ELIGIBLE, f"authorization {auth.authorization_id} is {auth.party}'s; the units"
                         f" are mitigation in {a.first_transferring_party} held in {registry} ({holding_party}):"
                         " the host Party authorizes units held in its own registry")
    fires = _oimp_event_now(auth)
    if fires is not None and (problem := _participation(units, standings, day)) is not None:
        return problem
    if (problem := _window(auth, units, day, vintages=True)) is not None:
        return problem
    if (problem := _cap(auth, totals.authorized, units.quantity, "authorizing")) is not None:
        return problem
    if fires is not None and (problem := _cap(auth, totals.first_transferred, units.quantity,
                                               "first transferring")) is not None:
        return problem
    return Effect(auth.authorization_id, fires)


def _oimp_event_now(auth: Authorization) -> ActionSubtype | None:
    """The first-transfer subtype when authorizing is the units' first transfer.

    With `Authorisation` it is. With `Issuance` the units were issued before they were authorized, so the
    authorization is the moment the issuance becomes a first transfer; it is recorded on that date with
    the `Issuance` subtype [I, documented in docs/article6.md].
    """
    for event, definition in ((FirstTransferEvent.AUTHORIZATION, FirstTransferDefinition.AUTHORIZATION),
                              (FirstTransferEvent.ISSUANCE, FirstTransferDefinition.ISSUANCE)):
        if auth.fires_first_transfer(event):
            return definition.action_subtype
    return None


def decide_transfer(
    units: UnitsInHand, auth: Authorization | None, *, sending_party: str, acquiring_party: str,
    approaches: dict[str, tuple[str, ...]], registries: tuple[str, str], totals: AuthorizationTotals, day: date,
    standings: Standings,
) -> Effect | Rejection:
    """Transfer units to another Party's registry: a first transfer or a plain transfer."""
    a = units.attributes
    if (problem := _approach(units, approaches, list(registries))) is not None:
        return problem
    if units.state is Article6State.MITIGATION_OUTCOME or auth is None:
        return Rejection(R.FIRST_TRANSFER_STATE, "the units are not authorized: only authorized units and ITMOs"
                         " move between Parties' registries")
    fires = units.state is Article6State.AUTHORIZED and auth.fires_first_transfer(
        FirstTransferEvent.INTERNATIONAL_TRANSFER)
    if units.state is Article6State.AUTHORIZED and not fires:
        return Rejection(R.FIRST_TRANSFER_STATE, f"the units are authorized under {auth.authorization_id} for"
                         f" {auth.purposes.value} with first transfer at"
                         f" {(auth.first_transfer_definition or FirstTransferDefinition.AUTHORIZATION).value!r};"
                         " they are not ITMOs yet and an international transfer is not their first transfer")
    if fires and (problem := _revoked(auth, day, "no new first transfers")) is not None:
        return problem
    participants = approaches[a.cooperative_approach_id]
    if acquiring_party == sending_party or acquiring_party not in participants:
        return Rejection(R.PARTY_NOT_ELIGIBLE, f"{acquiring_party} cannot acquire from {sending_party} in"
                         f" {a.cooperative_approach_id} (participants: {', '.join(participants)})")
    if auth.authorized_parties and acquiring_party not in auth.authorized_parties:
        return Rejection(R.PARTY_NOT_ELIGIBLE, f"authorization {auth.authorization_id} names"
                         f" {', '.join(auth.authorized_parties)}; {acquiring_party} is not among them")
    if fires and sending_party != a.first_transferring_party:
        return Rejection(R.PARTY_NOT_ELIGIBLE, f"only {a.first_transferring_party}, where the mitigation occurred,"
                         f" makes the first transfer; these units are in a {sending_party} registry")
    if fires and (problem := _participation(units, standings, day, acquiring_party)) is not None:
        return problem
    if fires:
        if (problem := _window(auth, units, day, vintages=True)) is not None:
            return problem
        if (problem := _cap(auth, totals.first_transferred, units.quantity, "first transferring")) is not None:
            return problem
    return Effect(auth.authorization_id, ActionSubtype.FIRST_TRANSFER_TO_PARTY if fires else None)


@dataclass(frozen=True, slots=True)
class Consumption:
    """How units are consumed: the destination account's type says use or which cancellation."""

    account_type: AccountType
    acting_party: str
    ndc_year: int | None = None
    oimp_purpose: str | None = None
    using_entity: str | None = None
    entity_known: bool = True
    """The named entity is registered as authorized for the units' cooperative approach."""


_USES = {AccountType.RETIREMENT, AccountType.OIMP_USE}
_NEVER_FIRST_TRANSFERS = {AccountType.OMGE_CANCELLATION, AccountType.SHARE_OF_PROCEEDS, AccountType.RETIREMENT}


def decide_consume(
    units: UnitsInHand, auth: Authorization | None, how: Consumption, *, totals: AuthorizationTotals, day: date,
    standings: Standings,
) -> Effect | Rejection:
    """Use (for the NDC or OIMP) or cancel units; a use or cancellation may be their first transfer (OIMP)."""
    kind = how.account_type
    if units.state is Article6State.MITIGATION_OUTCOME or auth is None:
        return Rejection(R.FIRST_TRANSFER_STATE, "the units are not authorized; Article 6 uses and cancellations are"
                         " of authorized units (retire or cancel JCM credits with `setu retire` / `setu cancel`)")
    # An OMGE cancellation delivers overall mitigation and a share of proceeds goes to adaptation: neither
    # is anybody's use, and neither is ever a first transfer (D2 para 20 lists the voluntary cancellation
    # of MOs *or* ITMOs towards OMGE; paras 37 and 39 encourage both for MOs and ITMOs alike). A use towards
    # the NDC is not the OIMP "use or cancellation" event either: only an ITMO, made by the first
    # international transfer, is used towards an NDC (§2.2).
    fires = units.state is Article6State.AUTHORIZED and kind not in _NEVER_FIRST_TRANSFERS and (
        auth.fires_first_transfer(FirstTransferEvent.USE_OR_CANCELLATION))
    if kind in _USES and units.state is Article6State.AUTHORIZED and not fires:
        return Rejection(R.FIRST_TRANSFER_STATE, f"the units are authorized under {auth.authorization_id} but not"
                         " first transferred; only ITMOs are used (first transfer them first)")
    if fires and auth.revoked_by(day):
        if kind in _USES:
            return _revoked(auth, day, "no new first transfers, so its units are not used")
        # The revocation stops the first transfer, not the cancellation: the units are cancelled as the
        # authorized mitigation outcomes they still are (else they could never leave the account).
        fires = False
    if kind is AccountType.RETIREMENT and auth.authorized_parties and how.acting_party not in auth.authorized_parties:
        return Rejection(R.PARTY_NOT_ELIGIBLE, f"authorization {auth.authorization_id} names"
                         f" {', '.join(auth.authorized_parties)}; {how.acting_party} may not use its units")
    if fires and (problem := _participation(units, standings, day)) is not None:
        return problem
    if how.using_entity is not None and (
        not how.entity_known or (auth.authorized_entities and how.using_entity not in auth.authorized_entities)
    ):
        return Rejection(R.ENTITY_NOT_AUTHORIZED, f"entity {how.using_entity} is not authorized for"
                         f" {auth.authorization_id} in {auth.cooperative_approach_id}")
    if kind is AccountType.RETIREMENT and not auth.purposes.allows_ndc:
        return Rejection(R.PURPOSE_NOT_AUTHORIZED, f"authorization {auth.authorization_id} is for"
                         f" {auth.purposes.value}; use towards an NDC is not authorized")
    if kind is AccountType.OIMP_USE and not auth.purposes.allows_oimp:
        return Rejection(R.PURPOSE_NOT_AUTHORIZED, f"authorization {auth.authorization_id} is for"
                         f" {auth.purposes.value}; use for other international mitigation purposes is not authorized")
    if kind is AccountType.RETIREMENT and how.ndc_year is not None and how.ndc_year < max(units.vintages):
        return Rejection(R.PERIOD_INVALID, f"ndc_year {how.ndc_year} is before vintage {max(units.vintages)}:"
                         " units are used for a year in which or after which the mitigation occurred")
    # A use, like a first transfer, is of a vintage inside the timeframe, on a day inside the use window
    # (the AEF's X15 judges every Use row against the version in force that day).
    if (kind in _USES or fires) and (problem := _window(auth, units, day, vintages=True)) is not None:
        return problem
    if fires and (problem := _cap(auth, totals.first_transferred, units.quantity, "first transferring")) is not None:
        return problem
    return Effect(auth.authorization_id, ActionSubtype.USE_OR_CANCELLATION if fires else None)
