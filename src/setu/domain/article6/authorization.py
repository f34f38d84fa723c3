"""A Party's authorization of mitigation outcomes, version by version, and the rules on its content.

An authorization (`article6.md` §2, AEF Table 2) says for which purposes a Party authorizes units of a
cooperative approach, how many, from which years, and, when other international mitigation purposes
(OIMP) are authorized, which event is the units' first transfer. That definition lives on each
authorization, never in a global setting (§1.1). A new version replaces the content from its date on;
a revocation stops new authorizations and first transfers from its date on. Neither rewrites what
happened before: past actions keep the version they were taken under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from fractions import Fraction

from setu.domain.article6.aef_model import AuthorizationRow, Timeframe
from setu.domain.article6.vocabulary import ActivityType, FirstTransferDefinition, Metric, Purpose, Sector
from setu.domain.checks import is_positive_quantity
from setu.domain.codes import free_identifier, is_cooperative_approach_id, is_party_code
from setu.domain.rejections import Rejection, RejectionCode

R = RejectionCode

FIRST_ITMO_VINTAGE = 2021
"""Decision 2/CMA.3 annex para 1(g): mitigation outcomes from 2021 onwards."""

AUTHORIZATION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./-]{0,79}")
"""Accepted on input (§9 row 8: the wider checker set); setu's own ids use `[A-Z0-9-]` only."""


class FirstTransferEvent(Enum):
    """The events that can be a unit's first transfer (§2.2)."""

    AUTHORIZATION = "authorization"
    ISSUANCE = "issuance"
    INTERNATIONAL_TRANSFER = "international-transfer"
    USE_OR_CANCELLATION = "use-or-cancellation"


_OIMP_EVENT = {
    FirstTransferDefinition.AUTHORIZATION: FirstTransferEvent.AUTHORIZATION,
    FirstTransferDefinition.ISSUANCE: FirstTransferEvent.ISSUANCE,
    FirstTransferDefinition.USE_OR_CANCELLATION: FirstTransferEvent.USE_OR_CANCELLATION,
}


@dataclass(frozen=True, slots=True)
class Authorization:
    """One version of a Party's authorization."""

    party: str
    authorization_id: str
    version: int
    authorization_date: date
    cooperative_approach_id: str
    purposes: Purpose
    sectors: tuple[Sector, ...]
    first_transfer_definition: FirstTransferDefinition | None = None
    """Required when OIMP is authorized; for NDC alone it is the first international transfer."""
    authorized_quantity: int | None = None
    timeframe: Timeframe | None = None
    metric: Metric = Metric.GHG
    non_ghg_metric: str | None = None
    conversion_factor: Decimal | None = None
    """t CO2 eq per unit of the non-GHG metric (decision 2/CMA.3 para 22(d)); None for GHG."""
    activity_types: tuple[ActivityType, ...] = ()
    authorized_parties: tuple[str, ...] = ()
    """Parties that may acquire and use the units; empty means any participating Party."""
    authorized_entities: tuple[str, ...] = ()
    oimp_authorized: str | None = None
    terms: str | None = None
    revoked_on: date | None = None

    def fires_first_transfer(self, event: FirstTransferEvent) -> bool:
        """Whether `event` is a first transfer under this authorization (§2.2; §9 row 20).

        NDC use: the first international transfer. OIMP: the event the Party chose. NDC and OIMP: the
        first of the two to happen; the caller makes sure a unit is first transferred only once.
        """
        if event is FirstTransferEvent.INTERNATIONAL_TRANSFER and self.purposes.allows_ndc:
            return True
        if self.purposes.allows_oimp and self.first_transfer_definition in _OIMP_EVENT:
            return _OIMP_EVENT[self.first_transfer_definition] is event
        return False

    def revoked_by(self, day: date) -> bool:
        """True when the authorization is revoked on or before `day`."""
        return self.revoked_on is not None and self.revoked_on <= day

    def covers_vintage(self, vintage: int) -> bool:
        """The vintage lies inside the timeframe in which the mitigation may occur (all years when none)."""
        t = self.timeframe
        return t is None or t.occurred_from.year <= vintage <= t.occurred_to.year

    def allows_action_on(self, day: date) -> bool:
        """`day` is on or after the authorization and inside its use window, if one is set."""
        t = self.timeframe
        if day < self.authorization_date:
            return False
        return t is None or ((t.use_from is None or t.use_from <= day) and (t.use_to is None or day <= t.use_to))

    def to_row(self) -> AuthorizationRow:
        """This version as an AEF Table 2 row."""
        return AuthorizationRow(
            authorization_id=self.authorization_id, authorization_date=self.authorization_date,
            cooperative_approach_id=self.cooperative_approach_id, version=self.version,
            authorized_quantity=self.authorized_quantity, metric=self.metric, purposes=self.purposes,
            sectors=self.sectors, activity_types=self.activity_types, non_ghg_metric=self.non_ghg_metric,
            authorized_parties=self.authorized_parties, authorized_entities=self.authorized_entities,
            oimp_authorized=self.oimp_authorized, timeframe=self.timeframe, terms=self.terms,
            first_transfer_definition=(
                self.first_transfer_definition if self.purposes.allows_oimp else None
            ),
        )


def check_shape(a: Authorization) -> Rejection | None:
    """Field and quantity rules one version must meet on its own."""
    if not isinstance(a.authorization_id, str) or not AUTHORIZATION_ID.fullmatch(a.authorization_id):
        return Rejection(R.FIELD_INVALID, f"authorization_id: {a.authorization_id!r} must be 1-80 letters, digits,"
                                          " spaces, '.', '/' or '-', starting with a letter or digit")
    if not is_party_code(a.party):
        return Rejection(R.FIELD_INVALID, f"party: {a.party!r} is not an ISO 3166-1 alpha-3 Party code")
    if not is_cooperative_approach_id(a.cooperative_approach_id):
        return Rejection(R.FIELD_INVALID, f"cooperative_approach_id: {a.cooperative_approach_id!r} is not CA and four digits")
    if isinstance(a.version, bool) or not isinstance(a.version, int) or a.version < 1:
        return Rejection(R.FIELD_INVALID, f"version: {a.version!r} is not a whole number from 1")
    if (dates := _date_problem(a)) is not None:
        return dates
    if not a.sectors:
        return Rejection(R.FIELD_INVALID, "sectors: an authorization names at least one sector")
    bad_party = next((p for p in a.authorized_parties if not is_party_code(p)), None)
    if bad_party is not None:
        return Rejection(R.FIELD_INVALID, f"authorized_parties: {bad_party!r} is not an alpha-3 Party code")
    for entity in a.authorized_entities:  # named as entities are registered (`free_identifier`)
        try:
            free_identifier(entity, field="authorized_entities")
        except ValueError as exc:
            return Rejection(R.FIELD_INVALID, str(exc))
    if (text := _text_problem(a)) is not None:
        return text
    if a.revoked_on is not None:
        return Rejection(R.FIELD_INVALID, "revoked_on: a version is recorded unrevoked; a revocation is its own"
                                          " record (`setu a6 authorization revoke`)")
    if a.purposes.allows_oimp and not (a.oimp_authorized or "").strip():
        return Rejection(R.FIELD_INVALID, f"oimp_authorized: purpose {a.purposes.value!r} authorizes OIMP, so name"
                                          " which (for example CORSIA)")
    if not a.purposes.allows_oimp and a.oimp_authorized:
        return Rejection(R.FIELD_INVALID, f"oimp_authorized: purpose {a.purposes.value!r} authorizes no OIMP")
    if (metric := _metric_problem(a)) is not None:
        return metric
    if a.authorized_quantity is not None and not is_positive_quantity(a.authorized_quantity):
        return Rejection(R.QTY_INVALID, f"authorized_quantity: {a.authorized_quantity!r} is not a whole number of"
                                        " tonnes from 1 to 2^63-1")
    return None


def is_day(value: object) -> bool:
    """A calendar date: a `date`, not a `datetime` (its ISO text would not read back as a date)."""
    return isinstance(value, date) and not isinstance(value, datetime)


def _date_problem(a: Authorization) -> Rejection | None:
    t = a.timeframe
    named = [("authorization_date", a.authorization_date)]
    if t is not None:
        if not isinstance(t, Timeframe):
            return Rejection(R.FIELD_INVALID, f"timeframe: {t!r} is not a timeframe")
        named += [("timeframe.occurred_from", t.occurred_from), ("timeframe.occurred_to", t.occurred_to)]
        named += [(f"timeframe.{n}", v) for n, v in (("use_from", t.use_from), ("use_to", t.use_to)) if v is not None]
    bad = next(((n, v) for n, v in named if not is_day(v)), None)
    if bad is not None:
        return Rejection(R.FIELD_INVALID, f"{bad[0]}: {bad[1]!r} is not a calendar date")
    return None


_TEXT_LIMITS = (("oimp_authorized", 200), ("non_ghg_metric", 200), ("terms", 4000))


def _text_problem(a: Authorization) -> Rejection | None:
    """The free-text fields are text, when given (a number or a list from a document is not)."""
    for name, limit in _TEXT_LIMITS:
        value = getattr(a, name)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            return Rejection(R.FIELD_INVALID, f"{name}: {value!r} is not text of at most {limit} characters")
    return None


def _metric_problem(a: Authorization) -> Rejection | None:
    if a.metric is Metric.NON_GHG:
        if not (a.non_ghg_metric or "").strip():
            return Rejection(R.FIELD_INVALID, "non_ghg_metric: a non-GHG authorization names its metric")
        factor = a.conversion_factor
        if not isinstance(factor, Decimal | int) or isinstance(factor, bool) or not Decimal(factor).is_finite() \
                or factor <= 0:
            return Rejection(R.FIELD_INVALID, "conversion_factor: a non-GHG authorization states a positive"
                                              " conversion to t CO2 eq (decision 2/CMA.3 para 22(d))")
        per_tonne = 1 / Fraction(factor)
        if per_tonne.denominator != 1:
            # The AEF reports whole metric units per row, and a row can be any run of tonnes: only a factor
            # that makes each tonne a whole number of metric units keeps every row whole.
            return Rejection(R.FIELD_INVALID, f"conversion_factor: {factor} t CO2 eq per {a.non_ghg_metric} makes one"
                             f" tonne {per_tonne} {a.non_ghg_metric}; setu's units are whole tonnes, so the factor"
                             " must be 1/n for a whole n (e.g. 0.5, 0.25, 0.001)")
    elif a.non_ghg_metric or a.conversion_factor is not None:
        return Rejection(R.FIELD_INVALID, "non_ghg_metric: only a non-GHG authorization has a non-GHG metric")
    return None


def _definition_problem(a: Authorization) -> Rejection | None:
    d = a.first_transfer_definition
    if a.purposes.allows_oimp:
        if d is None:
            return Rejection(R.FIRST_TRANSFER_DEFINITION, f"first_transfer_definition: purpose {a.purposes.value!r}"
                             " authorizes OIMP, so the authorization must say which event is the first transfer"
                             " (Authorisation, Issuance or Use or Cancellation); it is never assumed")
        if not d.is_oimp_choice:
            return Rejection(R.FIRST_TRANSFER_DEFINITION, f"first_transfer_definition: {d.value!r} is the NDC"
                             " definition; for OIMP choose Authorisation, Issuance or Use or Cancellation")
    elif d is not None and d is not FirstTransferDefinition.FIRST_INTERNATIONAL_TRANSFER:
        return Rejection(R.FIRST_TRANSFER_DEFINITION, f"first_transfer_definition: {d.value!r} applies to OIMP;"
                         " an NDC-only authorization's first transfer is the first international transfer")
    return None


def _timeframe_problem(a: Authorization) -> Rejection | None:
    t = a.timeframe
    if t is None:
        return None
    if t.occurred_from > t.occurred_to:
        return Rejection(R.PERIOD_INVALID, f"timeframe: mitigation from {t.occurred_from} is after {t.occurred_to}")
    if t.occurred_to.year < FIRST_ITMO_VINTAGE:
        return Rejection(R.PERIOD_INVALID, f"timeframe: mitigation before {FIRST_ITMO_VINTAGE} cannot become ITMOs")
    if t.use_from is not None and t.use_to is not None and t.use_from > t.use_to:
        return Rejection(R.PERIOD_INVALID, f"timeframe: use from {t.use_from} is after {t.use_to}")
    return None


def check_new_version(
    new: Authorization, latest: Authorization | None, *, first_transferred: int, approach_parties: tuple[str, ...] | None,
    recording_party: str, today: date, authorized: int = 0,
) -> Rejection | None:
    """Every rule for recording `new` after the `latest` recorded version (None: this is the first), in
    `RejectionCode` precedence order.

    `authorized` and `first_transferred` are how many tonnes were authorized and first transferred under
    the authorization so far;
    `approach_parties` the participating Parties of its cooperative approach (None: not registered here);
    `recording_party` the Party of the registry asked to record it; `today` the day it is recorded on.
    """
    if (problem := check_shape(new)) is not None:
        return problem
    expected = 1 if latest is None else latest.version + 1
    if new.version != expected:
        return Rejection(R.REFERENCE_INVALID, f"version: authorization {new.authorization_id} is at version"
                         f" {expected - 1}; the next version is {expected}, not {new.version}")
    if latest is not None and (new.party, new.cooperative_approach_id) != (latest.party, latest.cooperative_approach_id):
        return Rejection(R.REFERENCE_INVALID, f"authorization {new.authorization_id} belongs to {latest.party} in"
                         f" {latest.cooperative_approach_id}; a new version cannot change either")
    awaiting = authorized - first_transferred
    if latest is not None and awaiting > 0 and (lost := _lost_event(latest, new)) is not None:
        return Rejection(R.REFERENCE_INVALID, f"authorization {new.authorization_id} has {awaiting} t"
                         f" authorized and not yet first transferred, whose first transfer is their {lost.value};"
                         f" version {new.version} ({new.purposes.value},"
                         f" {(new.first_transfer_definition.value if new.first_transfer_definition else 'no definition')!r})"
                         " would take it away and leave them never first transferred")
    if latest is not None and authorized > 0 and _measure(latest) != _measure(new):
        # Units already authorized are reported in the metric of their authorization (Tables 3 and 4): a
        # change would report the same units in two metrics across years (X6).
        return Rejection(R.REFERENCE_INVALID, f"authorization {new.authorization_id} has {authorized} t authorized in"
                         f" {_describe_measure(latest)}; version {new.version} cannot change it to"
                         f" {_describe_measure(new)}")
    if approach_parties is None:
        return Rejection(R.COOPERATIVE_APPROACH_INVALID, f"cooperative approach {new.cooperative_approach_id} is not"
                         " registered in this registry")
    if latest is not None and latest.revoked_on is not None:
        return Rejection(R.AUTHORIZATION_REVOKED, f"authorization {new.authorization_id} was revoked on"
                         f" {latest.revoked_on}; a revoked authorization gets no new versions")
    if new.party != recording_party:
        return Rejection(R.PARTY_NOT_ELIGIBLE, f"party: {new.party}'s authorization cannot be recorded in a"
                         f" {recording_party} registry")
    if new.party not in approach_parties:
        return Rejection(R.PARTY_NOT_ELIGIBLE, f"party {new.party} does not participate in"
                         f" {new.cooperative_approach_id} ({', '.join(approach_parties)})")
    stranger = next((p for p in new.authorized_parties if p not in approach_parties), None)
    if stranger is not None:
        return Rejection(R.PARTY_NOT_ELIGIBLE, f"authorized_parties: {stranger} does not participate in"
                         f" {new.cooperative_approach_id}")
    if (definition := _definition_problem(new)) is not None:
        return definition
    if (timeframe := _timeframe_problem(new)) is not None:
        return timeframe
    if latest is not None and new.authorization_date < latest.authorization_date:
        return Rejection(R.PERIOD_INVALID, f"authorization_date: version {new.version} ({new.authorization_date}) is"
                         f" before version {latest.version} ({latest.authorization_date})")
    if latest is not None and new.authorization_date > today:
        # The latest version governs every new action: recorded ahead of its date, it would replace the
        # version in force before that date and, dated later, refuse every action until then.
        return Rejection(R.PERIOD_INVALID, f"authorization_date: version {new.version} takes effect on"
                         f" {new.authorization_date}; record it on or after that day (version {latest.version}"
                         " governs until then)")
    if latest is not None and new.authorization_date < today:
        # Dated earlier, it would govern (in Table 2, by date) actions taken under the previous version
        # between its date and today, and the AEF would judge them against rules they were not taken under.
        return Rejection(R.PERIOD_INVALID, f"authorization_date: version {new.version} is dated"
                         f" {new.authorization_date}, before today ({today}); version {latest.version} governed"
                         " until today, so a new version takes effect the day it is recorded")
    if new.authorized_quantity is not None and new.authorized_quantity < max(authorized, first_transferred):
        # Below what was authorized, Table 3 would list more tonnes authorized than Table 2 allows (X15).
        return Rejection(R.AUTHORIZED_LIMIT_EXCEEDED, f"authorized_quantity: {new.authorized_quantity} t is below the"
                         f" {max(authorized, first_transferred)} t already authorized under {new.authorization_id}"
                         f" ({first_transferred} t of them first transferred)")
    return None


def _measure(a: Authorization) -> tuple[object, ...]:
    return (a.metric, a.non_ghg_metric, a.conversion_factor)


def _describe_measure(a: Authorization) -> str:
    if a.non_ghg_metric is None:
        return a.metric.value
    return f"{a.metric.value} ({a.non_ghg_metric}, conversion factor {a.conversion_factor})"


_LATER_EVENTS = (FirstTransferEvent.INTERNATIONAL_TRANSFER, FirstTransferEvent.USE_OR_CANCELLATION)
"""The first-transfer events still ahead of units already authorized (authorization and issuance are past)."""


def _lost_event(latest: Authorization, new: Authorization) -> FirstTransferEvent | None:
    """An event that is a first transfer under `latest` but no longer under `new`, if any."""
    return next((e for e in _LATER_EVENTS if latest.fires_first_transfer(e) and not new.fires_first_transfer(e)), None)


def check_revocation(
    latest: Authorization | None, authorization_id: str, day: date, *, registry: str, recording_party: str,
    today: date,
) -> Rejection | None:
    """Rules for revoking an authorization from `day` in `registry` (of `recording_party`), recorded on
    `today`, in precedence order."""
    if latest is None:
        return Rejection(R.AUTH_NOT_FOUND, f"authorization {authorization_id} does not exist")
    if latest.revoked_on is not None:
        return Rejection(R.AUTHORIZATION_REVOKED, f"authorization {authorization_id} was already revoked on"
                         f" {latest.revoked_on}")
    if latest.party != recording_party:
        return Rejection(R.PARTY_NOT_ELIGIBLE, f"authorization {authorization_id} is {latest.party}'s; it is revoked"
                         f" in a {latest.party} registry, not {registry}")
    if day < latest.authorization_date:
        return Rejection(R.PERIOD_INVALID, f"revocation date {day} is before version {latest.version}"
                         f" ({latest.authorization_date})")
    if day < today:
        # Authorizations and first transfers up to today stand; dated earlier, the revocation would claim
        # they happened after it (the AEF's Table 2 says "no first transfers from that date").
        return Rejection(R.PERIOD_INVALID, f"revoked_on: {day} is before today ({today}); a revocation takes effect"
                         " from the day it is recorded or later, never over actions already taken")
    return None
